"""store: a release's store is written from its N-Quads and N-Triples files a block at a time."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from csto_kg.store import write_store

G = "https://w3id.org/csto-kg/graph/article/"


def test_a_store_loaded_in_small_blocks_holds_every_quad_once(tmp_path: Path) -> None:
    quads = [
        ox.Quad(ox.NamedNode(f"https://w3id.org/csto-kg/id/s{i}"), ox.NamedNode("https://schema.org/name"), ox.Literal(f"اسم {i}\nسطر"), ox.NamedNode(f"{G}a{i % 7}"))
        for i in range(500)
    ]
    graphs = tmp_path / "graphs.nq"
    graphs.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    knowledge = [ox.Triple(ox.NamedNode(f"https://w3id.org/csto-kg/id/s{i}"), ox.NamedNode("https://schema.org/name"), ox.Literal(f"اسم {i}")) for i in range(300)]
    default = tmp_path / "default.nt"
    default.write_bytes(ox.serialize(knowledge, format=ox.RdfFormat.N_TRIPLES))
    ontology = [ox.Quad(ox.BlankNode("ontology-b0"), ox.NamedNode("https://schema.org/name"), ox.Literal("x"), ox.NamedNode(G + "ontology"))]
    for block in (97, 1 << 20):  # many blocks that cut lines, and one
        target = tmp_path / f"store-{block}"
        write_store(target, graphs, ontology, default, block=block).flush()  # the returned store, open
        stored = set(ox.Store.read_only(str(target)).quads_for_pattern(None, None, None, None))
        expected = set(quads) | set(ontology) | {ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in knowledge}
        assert stored == expected, block
