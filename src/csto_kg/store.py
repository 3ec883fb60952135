"""store: the pyoxigraph (RocksDB) store inside a release, written once and then only read.

A build writes the store of a new release with the bulk loader; `add` and the server's writes
start from a checkpoint of the published one (`backup`: hard links) and change that. Which
release is published, and when, is `release.py`'s business; this module opens, writes and reads
stores. `open_published` is how every reader (the CLI, the server, the query workers) opens the
published store: it holds a reader lock on the release, so that no writer removes it meanwhile.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from csto_kg.linefiles import line_blocks
from csto_kg.release import Release, ReaderLock, ReleaseError, crash_point, current


class StoreError(RuntimeError):
    """The store path cannot be used; the message names it."""


class PublishedStore:
    """The published release opened read-only: its store, the release and the reader lock that
    keeps it on disk while this object lives."""

    def __init__(self, release: Release, store: ox.Store, lock: ReaderLock) -> None:
        self.release = release
        self.store = store
        self._lock = lock

    def close(self) -> None:
        self._lock.close()


def open_published(store_path: Path, *, attempts: int = 3) -> PublishedStore | None:
    """The published release, read-only, or None when nothing is published yet.

    A writer may publish another release between reading the link and locking it, and remove
    the one read; the lock then finds it gone and the link is read again.
    """
    problem = "it was replaced while being opened"
    for _ in range(attempts):
        try:
            release = current(store_path)
        except ReleaseError as error:
            raise StoreError(f"{store_path}: {error}") from error
        if release is None:
            return None
        lock = ReaderLock(release.path)
        if not lock.holds():
            continue  # removed between the two steps: read the link again
        try:
            return PublishedStore(release, ox.Store.read_only(str(release.path)), lock)
        except OSError as error:
            lock.close()
            problem = str(error)
    raise StoreError(f"{store_path}: cannot open the published store: {problem}")


def graph_quads(store: ox.Store, graph: ox.NamedNode) -> list[ox.Quad]:
    """All quads of one named graph (used to carry a previously published article over)."""
    return list(store.quads_for_pattern(None, None, None, graph))


def named_graph_sizes(store: ox.Store) -> dict[ox.NamedNode | ox.BlankNode, int]:
    """Triples per named graph, empty graphs included."""
    sizes: dict[ox.NamedNode | ox.BlankNode, int] = dict.fromkeys(store.named_graphs(), 0)
    counts = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert isinstance(counts, ox.QuerySolutions)
    for solution in counts:
        graph, count = solution["g"], solution["n"]
        assert isinstance(graph, ox.NamedNode | ox.BlankNode) and isinstance(count, ox.Literal)
        if graph in sizes:  # an external store may hold graphs that are not published (remote_store.py)
            sizes[graph] = int(count.value)
    return sizes


def named_graphs(store: ox.Store) -> Iterator[ox.NamedNode]:
    for graph in store.named_graphs():
        if isinstance(graph, ox.NamedNode):
            yield graph


#: Bytes of N-Quads handed to the bulk loader at a time. Given a whole file, the loader's
#: buffers grow with it (1.7 GB for 4M quads); 32 MiB at a time it stays near 240 MB, for ~27%
#: more time in this stage (bench/RESULTS.md, issue 12).
LOAD_BLOCK = 32 << 20


def write_store(version: Path, graphs: Path, quads: Iterable[ox.Quad], default: Path, block: int = LOAD_BLOCK) -> ox.Store:
    """Create the store of a new release in the directory `version` and return it open: the
    article graphs from an N-Quads file, then `quads`, then the default graph from an N-Triples
    file, each file with the bulk loader a block of whole lines at a time.

    The loader gives every blank node of a file a fresh label: the article graphs and the
    default graph have none (the mapping names every node), and the ontology's (OWL
    restrictions, lists) come as `quads`, whose labels are kept, so two builds of the same
    inputs store the same quads.
    """
    store = ox.Store(str(version))
    _bulk_load(store, graphs, ox.RdfFormat.N_QUADS, block)
    store.bulk_extend(quads)
    _bulk_load(store, default, ox.RdfFormat.N_TRIPLES, block)
    store.flush()
    store.optimize()
    crash_point("after-store")
    return store


def _bulk_load(store: ox.Store, path: Path, syntax: ox.RdfFormat, block: int) -> None:
    for lines in line_blocks(path, block):
        if lines.strip():
            store.bulk_load(lines, format=syntax)


PEOPLE_INDEX = "csto-people.tsv"


def write_people(version: Path, people: Iterable[tuple[str, str]]) -> None:
    """Keep, inside a release, the (Arabic name, person id) of every person the articles
    introduced, so that `add` resolves new names without scanning the store (RocksDB leaves
    files it does not know alone)."""
    lines = "".join(f"{name}\t{person}\n" for name, person in people)
    (version / PEOPLE_INDEX).write_text(lines, encoding="utf-8")


def read_people(release: Path) -> list[tuple[str, str]] | None:
    """The people index of a release, or None when it has none (an older store)."""
    try:
        text = (release / PEOPLE_INDEX).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return [(name, person) for name, person in (line.split("\t", 1) for line in text.splitlines())]
