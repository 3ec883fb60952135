"""batch: the per-article stages (extract; map + validate) over every core.

Extraction, mapping and SHACL validation look at one article at a time and cost milliseconds
each in pure Python, so a build of thousands of articles is spent there; a process pool runs
them on all cores. Only what crosses between processes is paid twice: articles and extractions
are pickled (about 1 ms per article), article graphs travel as N-Quads bytes (pyoxigraph terms
do not pickle, and N-Quads is the form the store loads and the dump holds), with the fifth of
each graph that reconciling reads beside them.

Each worker builds its own gazetteer, rules store and validator once, in the worker, so nothing
Rust-backed is shared across processes. Small builds (tests, a handful of articles) stay in the
calling process: starting workers would cost more than it saves. With `config.scheduler` set
(`csto-kg build --scheduler`), the chunks go to the workers of a Dask cluster instead of the
pool (cluster.py); they come back in the same form and order.

Every stage's CPU time is summed over the workers into the caller's `clock` (a Counter), so a build can
say where its time went even when the stages overlap in wall-clock time.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import Counter, deque
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult
from typing import Callable, Iterable, Iterator, Sequence, TypeVar

import pyoxigraph as ox

from csto_kg.config import Config
from csto_kg.corpus import Article
from csto_kg.extract.facts import Extraction, extract
from csto_kg.extract.gazetteer import Gazetteer, load_gazetteer
from csto_kg.lexicon import Lexicon, load_lexicon
from csto_kg.gate import gate
from csto_kg.mapping import RulesStore
from csto_kg.publish import trig_block
from csto_kg.reconcile import Policy, article_dates, load_policy, what_reconcile_reads
from csto_kg.validate import ArticleValidator, ValidationReport

#: Below this many articles the stages run in the calling process.
MIN_PARALLEL_ARTICLES = 64
#: Articles handed to a worker at a time: large enough to amortise the round trip, small enough
#: to keep both cores busy until the end and the progress bar moving.
CHUNK = 32
#: Chunks handed to the pool ahead of the results, per worker: enough that none waits.
AHEAD_PER_WORKER = 3

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Checked:
    """One article after map + validate: its graph (as N-Quads, the form it is stored and
    dumped in, and as a block of the TriG dump), the part of it reconciling reads, and the
    verdict on it."""

    article_id: str
    nquads: bytes
    trig: bytes  # `publish.trig_block` of the graph
    claims: bytes  # `reconcile.what_reconcile_reads` of the graph, as N-Quads
    dates: dict[str, str]  # `reconcile.article_dates` of the graph
    size: int  # quads in the graph
    verdict: ValidationReport
    dropped: tuple[str, ...] = ()  # facts left out because they broke a shape (gate.py)

    @property
    def quads(self) -> list[ox.Quad]:
        """The graph as quads (for a few articles: `add`, a quarantined one)."""
        return list(ox.parse(self.nquads, format=ox.RdfFormat.N_QUADS)) if self.nquads else []


def spooled(quads: list[ox.Quad], policy: Policy) -> tuple[bytes, bytes, bytes, dict[str, str]]:
    """An article graph in the forms a build spools it (those `Checked` carries): N-Quads, a TriG
    block, what reconciling reads of it as N-Quads, and its publication date by graph."""
    claims = what_reconcile_reads(quads, policy)
    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    return nquads, trig_block(quads), ox.serialize(claims, format=ox.RdfFormat.N_QUADS), article_dates(claims)


def default_jobs() -> int:
    """One worker per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def extract_chunks(
    chunks: Iterable[list[Article]], size: int, config: Config, jobs: int, clock: Counter[str], advance: Callable[[], None]
) -> Iterator[list[Extraction]]:
    """`extract` on every article of the `chunks` (about `size` in all), a chunk of extractions
    at a time, in input order. Chunks are taken only as workers free up, so a build can read
    the articles as they are needed, and write each chunk of extractions to disk as it comes
    (`spill.py`)."""
    for chunk, seconds in _run(_extract_chunk, chunks, config, None, jobs, size):
        clock.update(seconds)
        for _ in chunk:
            advance()
        yield chunk


def map_and_validate_all(
    chunks: Iterable[list[Extraction]],
    size: int,
    config: Config,
    background: list[ox.Quad],
    jobs: int,
    clock: Counter[str],
    advance: Callable[[], None],
) -> Iterator[tuple[Extraction, Checked]]:
    """Map every extraction of the `chunks` (`size` in all) to its article graph and validate
    it, yielding each with its result in input order as soon as it is done (a build writes it
    out and keeps nothing of it). Chunks are taken from `chunks` only as workers free up, so a
    build can read them from disk one at a time."""
    taken: deque[list[Extraction]] = deque()

    def take() -> Iterator[list[Extraction]]:
        for chunk in chunks:
            taken.append(chunk)
            yield chunk

    for results, seconds in _run(_check_chunk, take(), config, background, jobs, size):
        clock.update(seconds)
        for extraction, result in zip(taken.popleft(), results, strict=True):
            yield extraction, Checked(*result)
            advance()


def chunked(items: Sequence[T]) -> list[list[T]]:
    """Items in chunks of `CHUNK`: what a worker is handed at a time."""
    return [list(items[i : i + CHUNK]) for i in range(0, len(items), CHUNK)]


def _run(
    work: Callable[[list[T]], tuple[list[R], Counter[str]]],
    chunks: Iterable[list[T]],
    config: Config,
    background: list[ox.Quad] | None,
    jobs: int,
    size: int,
) -> Iterator[tuple[list[R], Counter[str]]]:
    """`work` over the chunks, in order: in this process, in a pool of `jobs` workers, or on
    the Dask cluster at `config.scheduler` (where `jobs` means nothing: the cluster has its own).
    At most a few chunks per worker are taken from `chunks` ahead of the results."""
    if size < MIN_PARALLEL_ARTICLES or (jobs <= 1 and config.scheduler is None):
        _set_up_here(config, background)
        try:
            yield from (work(chunk) for chunk in chunks)
        finally:
            _WORKER.clear()
        return
    if config.scheduler is not None:
        from csto_kg.cluster import run_chunks  # imports Dask, an optional extra

        yield from run_chunks(work, chunks, config, _nquads(background))
        return
    # forkserver, not fork: a process that has run rudof (the gate's SHACL engine) holds its
    # runtime's locks, and a child forked from it hangs on them the first time it validates.
    # The fork server is a clean process that has imported this module once (the preload), so
    # workers still start in milliseconds; their state is built in `_init_worker`.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    with context.Pool(jobs, initializer=_init_worker, initargs=(config, _nquads(background))) as pool:
        # Not pool.imap: its feeder thread takes the whole input at once.
        pending: deque[AsyncResult[tuple[list[R], Counter[str]]]] = deque()
        for chunk in chunks:
            if len(pending) >= AHEAD_PER_WORKER * jobs:
                yield pending.popleft().get()
            pending.append(pool.apply_async(work, (chunk,)))
        while pending:
            yield pending.popleft().get()


def _nquads(background: Iterable[ox.Quad] | None) -> bytes | None:
    return None if background is None else ox.serialize(list(background), format=ox.RdfFormat.N_QUADS)


# --------------------------------------------------------------------------------- in a worker

_WORKER: dict[str, object] = {}
#: The rules' store and validator last built in this process (not in a pool), with the config and
#: background they were built for: a server or a loop that adds articles one at a time builds the
#: SHACL shapes once (~0.3 s), not for every article. (The gazetteer and lexicon are kept by their
#: loaders.)
_KEPT_CHECK: dict[str, object] = {}


def _set_up_here(config: Config, background: list[ox.Quad] | None) -> None:
    """`_set_up` in this process, the check half kept from the last call that was for the same
    config and background (compared by value: a release's background is read anew each time)."""
    set_up_extract(config)
    if background is None:
        return
    key = (config, hash(tuple(background)))
    if _KEPT_CHECK.get("key") != key:
        set_up_check(config, background)
        _KEPT_CHECK.update(key=key, rules=_WORKER["rules"], validator=_WORKER["validator"])
    _WORKER.update(rules=_KEPT_CHECK["rules"], validator=_KEPT_CHECK["validator"])


def _init_worker(config: Config, background: bytes | None) -> None:
    """A pool worker's start: the background arrives as N-Quads (pyoxigraph terms do not pickle).

    A failure is kept and raised by the worker's first chunk, so that it reaches the build as
    the error it is: raised here, multiprocessing would start a new worker for ever.
    """
    try:
        _set_up(config, None if background is None else list(ox.parse(background, format=ox.RdfFormat.N_QUADS)))
    except Exception as error:  # noqa: BLE001 - handed to the parent by _state()
        _WORKER["error"] = error


def _set_up(config: Config, background: list[ox.Quad] | None) -> None:
    """What every article needs, built once per process."""
    set_up_extract(config)
    if background is not None:
        set_up_check(config, background)


def set_up_extract(config: Config) -> None:
    """This process's config, gazetteer and lexicon: what `_extract_chunk` reads (and what
    `_check_chunk` reads besides `set_up_check`'s). Replaces any earlier set-up. In two halves
    because a Dask worker keeps each for as long as its inputs stay the same (cluster.py)."""
    _WORKER.clear()
    _WORKER["config"] = config
    _WORKER["gazetteer"] = load_gazetteer(config.reference_file)
    _WORKER["lexicon"] = load_lexicon()


def set_up_check(config: Config, background: list[ox.Quad]) -> None:
    """This process's rules store and validator over `background`: the rest of what
    `_check_chunk` reads."""
    _WORKER["rules"] = RulesStore(background)
    _WORKER["validator"] = ArticleValidator(config, background)


def _state() -> dict[str, object]:
    """This worker's set-up, or the error that stopped it."""
    error = _WORKER.get("error")
    if isinstance(error, Exception):
        raise error
    return _WORKER


def _extract_chunk(articles: list[Article]) -> tuple[list[Extraction], Counter[str]]:
    _state()
    config = _WORKER["config"]
    gazetteer, lexicon = _WORKER["gazetteer"], _WORKER["lexicon"]
    assert isinstance(config, Config) and isinstance(gazetteer, Gazetteer) and isinstance(lexicon, Lexicon)
    start = time.process_time()
    results = [extract(article, gazetteer, lexicon, config.min_confidence) for article in articles]
    return results, Counter({"extract": time.process_time() - start})


def _check_chunk(
    extractions: list[Extraction],
) -> tuple[list[tuple[str, bytes, bytes, bytes, dict[str, str], int, ValidationReport, tuple[str, ...]]], Counter[str]]:
    _state()
    config, rules, validator = _WORKER["config"], _WORKER["rules"], _WORKER["validator"]
    assert isinstance(config, Config) and isinstance(rules, RulesStore) and isinstance(validator, ArticleValidator)
    policy = load_policy(config.mappings_dir, config.ontology_file)
    seconds: Counter[str] = Counter()
    results = []
    for extraction in extractions:
        gated = gate(extraction, config, rules, validator, seconds)
        start = time.process_time()
        forms = spooled(gated.quads, policy)
        seconds["dumps"] += time.process_time() - start
        results.append((extraction.article.id, *forms, len(gated.quads), gated.verdict, gated.dropped))
    return results, seconds
