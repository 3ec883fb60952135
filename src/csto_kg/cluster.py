"""cluster: a build's per-article stages on the workers of a Dask cluster (`build --scheduler`).

Why: a build spends its time in extraction, mapping and SHACL validation, ~50 ms of CPU per
article and each article on its own, so one machine's cores cap it (batch.py's pool). A Dask
cluster lends the cores of other machines. The calling process sends the chunks batch.py makes
(articles, then extractions) to the scheduler and takes back what a pool worker would send
back, chunk by chunk and in input order, to the one writer that stays in the caller: resolving
identities, reconciling, the store and the dumps see every article and run there (pipeline.py).
Reading stays in the caller too (~0.4 ms per article): the workers need the project, not the
corpus.

What a worker keeps: the gazetteer and lexicon, and the rules store and SHACL validator over
the ontology and reference data (the background), take about a second to build. Each worker
process builds each half once and keeps it for as long as the same inputs come: a fingerprint
of the config and the data files (and of the background, for the second half) travels with
every chunk, so later chunks and later builds with the same inputs reuse it and a change
rebuilds it. A worker checks, when it builds, that its own data files are the caller's: a
worker with another version of the shapes would publish other graphs. Chunks run one at a
time per worker process (a lock): a rudof session is not thread-safe, and the stages are
Python that holds the GIL; run workers with `--nthreads 1` and one process per core.

A lost worker costs time only: every chunk's input is in its task and the background is on
every worker, so Dask runs the lost chunks again elsewhere, and the caller takes results in
input order whatever order they finish in. At most `_WINDOW_PER_THREAD` chunks per worker
thread are submitted and not yet taken, so neither the caller nor the cluster holds the whole
corpus.

Dask is an optional extra (`pip install 'csto-kg[cluster]'`): it is imported only when a build
names a scheduler. Its workers start processes with spawn, never fork (a process that has run
rudof hangs a child forked from it; see batch.py).
"""

from __future__ import annotations

import hashlib
import socket
import threading
from collections import Counter, deque
from types import ModuleType
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, TypeVar

import pyoxigraph as ox

from csto_kg import batch
from csto_kg.config import Config

if TYPE_CHECKING:
    from distributed import Client, Future

T = TypeVar("T")
R = TypeVar("R")

#: The folders under the project root whose files the workers read (the gazetteer, lexicon,
#: calendar, mappings, rules, shapes): the caller's and each worker's must be the same.
DATA_FOLDERS = ("ontology", "mappings", "shapes")
#: Chunks submitted and not yet taken, per worker thread of the cluster: two keep every thread
#: busy while the caller takes a result, and bound what waits for the caller.
_WINDOW_PER_THREAD = 2
#: Seconds a build waits for a first worker to join the scheduler before it gives up.
WAIT_FOR_WORKERS = 60.0


class ClusterError(RuntimeError):
    """The cluster cannot run the build: Dask is not installed, the scheduler cannot be reached,
    no worker joined, or a worker's data files differ from the caller's."""


def run_chunks(
    work: Callable[[list[T]], tuple[list[R], Counter[str]]],
    chunks: Iterable[list[T]],
    config: Config,
    background: bytes | None,
) -> Iterator[tuple[list[R], Counter[str]]]:
    """`work` over the chunks on the workers of the cluster at `config.scheduler`, results in
    input order. `background` (N-Quads) is what `work` needs besides the config: None for
    extraction, the ontology and reference data for map + validate."""
    distributed = _import_distributed()
    assert config.scheduler is not None
    digest = data_digest(config)
    inputs = _fingerprint(repr(config).encode(), digest.encode())
    fingerprints = (inputs, None if background is None else _fingerprint(inputs.encode(), background))
    client = _connect(distributed, config.scheduler)
    try:
        # On every worker once, not in every task; a worker that joins later fetches it from a peer.
        shared = None if background is None else client.scatter(background, broadcast=True)
        pending: deque[Future] = deque()
        for chunk in chunks:
            if len(pending) >= _window(client):
                yield pending.popleft().result()
            pending.append(client.submit(_on_worker, work, config, fingerprints, digest, shared, chunk, pure=False))
        while pending:
            yield pending.popleft().result()
    finally:
        client.close()  # cancels whatever is still pending when the build stops early


def _import_distributed() -> ModuleType:
    try:
        import distributed
    except ImportError as error:
        raise ClusterError(f"--scheduler needs Dask's distributed ({error}): pip install 'csto-kg[cluster]'") from error
    return distributed


def _connect(distributed: ModuleType, address: str) -> "Client":
    """A client of the scheduler at `address` with at least one worker."""
    try:
        client = distributed.Client(address, set_as_default=False)
    except OSError as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {error}") from error
    try:
        client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
    except TimeoutError as error:
        client.close()
        raise ClusterError(
            f"no Dask worker joined the scheduler at {address} within {WAIT_FOR_WORKERS:.0f} s (start one with `dask worker {address}`)"
        ) from error
    return client


def _window(client: "Client") -> int:
    """How many chunks may be submitted and not yet taken, for the workers there are now."""
    return _WINDOW_PER_THREAD * max(1, sum(client.nthreads().values()))


def data_digest(config: Config) -> str:
    """SHA-256 over the names and contents of the data files under `config.root`."""
    digest = hashlib.sha256()
    for folder in DATA_FOLDERS:
        for path in sorted(p for p in (config.root / folder).rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(config.root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _fingerprint(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


# --------------------------------------------------------------------------------- in a worker

_LOCK = threading.Lock()
#: The fingerprint each half of this process's set-up was built for ("extract", "check").
_BUILT_FOR: dict[str, str] = {}
#: Set-ups of each half and chunks run, in this process (read with `client.run(worker_counts)`).
_COUNTS: Counter[str] = Counter()


def _on_worker(
    work: Callable[[list[T]], tuple[list[R], Counter[str]]],
    config: Config,
    fingerprints: tuple[str, str | None],
    digest: str,
    background: bytes | None,
    chunk: list[T],
) -> tuple[list[R], Counter[str]]:
    """One chunk on a worker: build what it needs unless this process already has it, run it."""
    inputs, with_background = fingerprints
    with _LOCK:
        if _BUILT_FOR.get("extract") != inputs:
            _BUILT_FOR.clear()
            mine = data_digest(config)
            if mine != digest:
                raise ClusterError(
                    f"the Dask worker on {socket.gethostname()} has other data files under {config.root} than the build's "
                    f"caller ({', '.join(f'{f}/' for f in DATA_FOLDERS)}): install the same version of csto-kg there"
                )
            batch.set_up_extract(config)
            _BUILT_FOR["extract"] = inputs
            _COUNTS["extract"] += 1
        if with_background is not None and _BUILT_FOR.get("check") != with_background:
            assert background is not None
            batch.set_up_check(config, list(ox.parse(background, format=ox.RdfFormat.N_QUADS)))
            _BUILT_FOR["check"] = with_background
            _COUNTS["check"] += 1
        _COUNTS["chunks"] += 1
        return work(chunk)


def worker_counts() -> dict[str, int]:
    """How many times this process built each half of its set-up ("extract": gazetteer and
    lexicon; "check": rules store and validator) and how many chunks it ran."""
    return dict(_COUNTS)
