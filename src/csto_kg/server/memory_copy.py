"""An in-memory copy of a release's knowledge graph, kept by each query worker when it is small.

Why: Oxigraph's on-disk store looks every term up in RocksDB to compare or write it, so sorting
and joining over the default graph cost ~5x what they cost over its in-memory store (measured by
bench/serve.py on 1,000 articles: `events` 333 -> 61 ms, a two-hop join 2.3 -> 0.4 ms on
average). The knowledge graph is a small part of the dataset (67k of 0.92M quads at 1,000
articles), so a worker holds it in memory when it has at most `limit` triples and answers from
it every query that reads nothing else (`jobs.execute`); the rest reads the disk.

The copy is loaded from the release's N-Triples dump (the `.nt` files its manifest lists: the
full dump, then in stamp order each add's changeset of retracted triples, taken out, and its
part, put in), which is the default graph by construction; loading it costs ~2 us a triple,
about a third of reading the store. A copy whose size differs from the store's default graph is not used (the store is the
truth), nor one with blank nodes: loading renames them, and the store's names are the ones the
rest of the site shows.
"""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import DefaultGraph, Quad, RdfFormat, Store, parse

from csto_kg.release import DUMP_NAME, Release, ReleaseError
from csto_kg.void import RETRACTED
from csto_kg.server.jobs import default_graph_size

_ANY_BLANK_NODE = "ASK { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }"


def knowledge_graph_copy(release: Path, store: Store, limit: int) -> Store | None:
    """The knowledge graph of the release at `release` (opened as `store`) in memory, or None
    when it has more than `limit` triples or its dumps do not hold it exactly as it is."""
    if limit <= 0:
        return None
    size = default_graph_size(store)
    if size > limit:
        return None
    try:
        files = [dump.path for dump in Release.read(release).dump_files() if dump.path.suffix == ".nt"]
    except ReleaseError:
        return None
    # csto-kg.nt, then by stamp: added/retracted+<stamp>.nt out, added/csto-kg+<stamp>.nt in
    # (not VoID's subsets, void-graphs*.nt).
    base = [f for f in files if f.name == f"{DUMP_NAME}.nt"]
    steps = sorted(
        (f.stem.split("+", 1)[1], f.name.startswith(DUMP_NAME), f) for f in files if f.name.startswith((f"{DUMP_NAME}+", f"{RETRACTED}+"))
    )
    copy = Store()
    try:
        for part in base:
            copy.bulk_load(path=str(part), format=RdfFormat.N_TRIPLES)
        for _, adds, part in steps:
            if adds:
                copy.bulk_load(path=str(part), format=RdfFormat.N_TRIPLES)
            else:
                for triple in parse(path=str(part), format=RdfFormat.N_TRIPLES):
                    copy.remove(Quad(triple.subject, triple.predicate, triple.object, DefaultGraph()))
    except (OSError, SyntaxError):
        return None
    if len(copy) != size or copy.query(_ANY_BLANK_NODE):
        return None  # not the same graph, or one whose blank nodes loading renamed
    return copy
