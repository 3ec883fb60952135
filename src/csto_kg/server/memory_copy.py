"""An in-memory copy of a release's knowledge graph, kept by each query worker when it is small.

Why: Oxigraph's on-disk store looks every term up in RocksDB to compare or write it, so sorting
and joining over the default graph cost ~5x what they cost over its in-memory store (measured by
bench/serve.py on 1,000 articles: `events` 333 -> 61 ms, a two-hop join 2.3 -> 0.4 ms on
average). The knowledge graph is a small part of the dataset (67k of 0.92M quads at 1,000
articles), so a worker holds it in memory when it has at most `limit` triples and answers from
it every query that reads nothing else (`jobs.execute`); the rest reads the disk.

The copy is loaded from the release's N-Triples dump (the `.nt` files its manifest lists: the
full dump and the parts `add` wrote; publish.py writes nothing else in N-Triples), which is the
default graph by construction; loading it costs ~2 us a triple, about a third of reading the
store. A copy whose size differs from the store's default graph is not used (the store is the
truth), nor one with blank nodes: loading renames them, and the store's names are the ones the
rest of the site shows.
"""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import RdfFormat, Store

from csto_kg.release import Release, ReleaseError
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
        # The N-Triples dump and its parts (csto-kg.nt, added/csto-kg+….nt), not VoID's subsets.
        parts = [dump.path for dump in Release.read(release).dump_files() if dump.is_data and dump.path.suffix == ".nt"]
    except ReleaseError:
        return None
    copy = Store()
    for part in parts:
        try:
            copy.bulk_load(path=str(part), format=RdfFormat.N_TRIPLES)
        except (OSError, SyntaxError):
            return None
    if len(copy) != size or copy.query(_ANY_BLANK_NODE):
        return None  # not the same graph, or one whose blank nodes loading renamed
    return copy
