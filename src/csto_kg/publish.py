"""publish: the store as files for linked-data consumers.

`dist/` gets the whole graph as TriG (named graphs kept), N-Quads, Turtle, N-Triples and JSON-LD
(compacted with the published context `context.jsonld`), the ontology and reference data (Turtle
and RDF/XML for Protégé), a VoID description and SHA-256 checksums. Each file is written next to
its final name and renamed into place, so a reader never sees half a dump.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
from pyld import jsonld

from csto_kg.config import ONTOLOGY_IRI, Config
from csto_kg.mapping import load_mappings
from csto_kg.namespaces import PREFIXES, XSD

DUMP_NAME = "csto-kg"


@dataclass(frozen=True)
class DumpFile:
    path: Path
    size: int
    sha256: str


def union_triples(store: ox.Store) -> list[ox.Triple]:
    """Every triple of every named graph once (a fact stated by two articles is one triple)."""
    seen: dict[ox.Triple, None] = {}
    for quad in store.quads_for_pattern(None, None, None, None):
        seen.setdefault(ox.Triple(quad.subject, quad.predicate, quad.object), None)
    return list(seen)


def publish(store: ox.Store, config: Config) -> list[DumpFile]:
    """Write every dump, the ontology copies, VoID and checksums into `config.dist`."""
    dist = config.dist
    dist.mkdir(parents=True, exist_ok=True)
    triples = union_triples(store)
    names = PREFIXES
    written = [
        _write(dist / f"{DUMP_NAME}.trig", lambda out: store.dump(out, format=ox.RdfFormat.TRIG, prefixes=names)),
        _write(dist / f"{DUMP_NAME}.nq", lambda out: store.dump(out, format=ox.RdfFormat.N_QUADS)),
        _write(dist / f"{DUMP_NAME}.ttl", lambda out: ox.serialize(triples, out, ox.RdfFormat.TURTLE, prefixes=names)),
        _write(dist / f"{DUMP_NAME}.nt", lambda out: ox.serialize(triples, out, ox.RdfFormat.N_TRIPLES)),
        _write(dist / f"{DUMP_NAME}.jsonld", lambda out: out.write(compact_jsonld(triples, config))),
        _write(dist / "context.jsonld", lambda out: out.write(_context_bytes(config))),
    ]
    written += _ontology_copies(store, config)
    written.append(_write(dist / "void.ttl", lambda out: out.write(void_description(store, triples, config, written))))
    _write_checksums(dist, written)
    return written


def compact_jsonld(triples: Iterable[ox.Triple], config: Config) -> bytes:
    """JSON-LD compacted with the published context (embedded, so the file stands alone).

    IRIs stay absolute: the context declares no `@base`, so IRIs made relative to one at
    compaction time would resolve against wherever a reader found the file. The expanded form
    comes from JSON-LD's own RDF conversion, which turns rdf:type into `@type` (pyoxigraph's
    streaming writer keeps it a property, so the context's `type` alias would never be used).
    """
    n_triples = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    expanded = jsonld.from_rdf(n_triples, {"format": "application/n-quads"})
    context = load_mappings(config.mappings_dir).context
    compacted = jsonld.compact(expanded, {"@context": context})
    return json.dumps(compacted, ensure_ascii=False, indent=1).encode("utf-8")


def _context_bytes(config: Config) -> bytes:
    return (config.mappings_dir / "context.jsonld").read_bytes()


def _ontology_copies(store: ox.Store, config: Config) -> list[DumpFile]:
    """The ontology and reference data as edited (Turtle), and as published (RDF/XML from the
    store's graphs: rebased to the build's base, blank nodes labelled the same in every build)."""
    target = config.dist / "ontology"
    target.mkdir(exist_ok=True)
    copies = []
    for name, source in (("ontology", config.ontology_file), ("reference", config.reference_file)):
        copies.append(_write(target / source.name, lambda out, s=source: out.write(s.read_bytes())))
        graph = ox.NamedNode(config.graph_iri(name))
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, graph)]
        xml_path = target / f"{source.stem}.rdf"
        copies.append(_write(xml_path, lambda out, t=triples: ox.serialize(t, out, ox.RdfFormat.RDF_XML, prefixes=PREFIXES)))
    return copies


def void_description(store: ox.Store, triples: list[ox.Triple], config: Config, dumps: list[DumpFile]) -> bytes:
    """A VoID description computed from the store: size, classes, properties, graphs, dumps."""
    dataset = ox.NamedNode(f"{config.base}dataset")
    void = "http://rdfs.org/ns/void#"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    out: list[ox.Triple] = [
        ox.Triple(dataset, rdf_type, ox.NamedNode(void + "Dataset")),
        ox.Triple(dataset, ox.NamedNode("http://purl.org/dc/terms/title"), ox.Literal("csto-kg: the CSTO knowledge graph from Arabic news", language="en")),
        ox.Triple(dataset, ox.NamedNode("http://purl.org/dc/terms/license"), ox.NamedNode("https://creativecommons.org/licenses/by/4.0/")),
        ox.Triple(dataset, ox.NamedNode(void + "vocabulary"), ox.NamedNode(ONTOLOGY_IRI)),
        ox.Triple(dataset, ox.NamedNode(void + "uriSpace"), ox.Literal(config.base + "id/")),
        ox.Triple(dataset, ox.NamedNode(void + "triples"), _integer(len(triples))),
        ox.Triple(dataset, ox.NamedNode(void + "sparqlEndpoint"), ox.NamedNode(config.base + "sparql")),
    ]
    for dump in dumps:
        if dump.path.name.startswith(DUMP_NAME):
            out.append(ox.Triple(dataset, ox.NamedNode(void + "dataDump"), ox.NamedNode(f"{config.base}dumps/{dump.path.name}")))
    classes: dict[str, int] = {}
    properties: dict[str, int] = {}
    for triple in triples:
        properties[triple.predicate.value] = properties.get(triple.predicate.value, 0) + 1
        if triple.predicate == rdf_type and isinstance(triple.object, ox.NamedNode):
            classes[triple.object.value] = classes.get(triple.object.value, 0) + 1
    for kind, counts, count_property in (("class", classes, "entities"), ("property", properties, "triples")):
        for iri, count in sorted(counts.items()):
            partition = ox.NamedNode(f"{config.base}dataset/{kind}/{hashlib.sha256(iri.encode()).hexdigest()[:12]}")
            out += [
                ox.Triple(dataset, ox.NamedNode(void + f"{kind}Partition"), partition),
                ox.Triple(partition, ox.NamedNode(void + kind), ox.NamedNode(iri)),
                ox.Triple(partition, ox.NamedNode(void + count_property), _integer(count)),
            ]
    for graph in store.named_graphs():
        if isinstance(graph, ox.NamedNode):
            size = sum(1 for _ in store.quads_for_pattern(None, None, None, graph))
            subset = ox.NamedNode(f"{graph.value}#void")
            out += [
                ox.Triple(dataset, ox.NamedNode(void + "subset"), subset),
                ox.Triple(subset, rdf_type, ox.NamedNode(void + "Dataset")),
                ox.Triple(subset, ox.NamedNode("http://www.w3.org/ns/sparql-service-description#name"), graph),
                ox.Triple(subset, ox.NamedNode(void + "triples"), _integer(size)),
            ]
    return ox.serialize(out, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def _write(path: Path, writer: object) -> DumpFile:
    """Write through a temporary file and rename it into place; returns size and checksum."""
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(temporary, "wb") as out:
            writer(out)  # type: ignore[operator]
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return DumpFile(path, path.stat().st_size, digest.hexdigest())


def _write_checksums(dist: Path, files: list[DumpFile]) -> None:
    lines = "".join(f"{f.sha256}  {f.path.relative_to(dist)}\n" for f in files)
    _write(dist / "SHA256SUMS", lambda out: out.write(lines.encode("utf-8")))


def copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, dirs_exist_ok=True)
