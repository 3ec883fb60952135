"""The published files of the seed build: every dump parses, they all say the same, and the
JSON-LD, the checksums, the VoID description and the ontology copies are what they claim to be.

The comparison is between rdflib's reading of each file (not pyoxigraph's, which wrote them) and
the TriG dump: its default graph (the knowledge graph, which the Turtle, N-Triples and JSON-LD
dumps hold) and its named graphs (one per article, the reference data, the ontology). The article
and reference graphs have no blank nodes, so their triples compare as sets; the ontology graph has
OWL axioms (restrictions, lists, disjointness) written with blank nodes, so the comparison also
checks graph isomorphism for those.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS

from conftest import BASE, SEED_GRAPH, Built
from csto_kg.config import PROJECT_ROOT, Config
from csto_kg.linefiles import subjects_sorted
from csto_kg.void import VoidStats, void_description, void_subsets
from csto_kg.release import DumpFile

# rdflib's parsers use their own deprecated ConjunctiveGraph / default_context internally
pytestmark = [
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning"),
]

XSD_INTEGER = rdflib.URIRef("http://www.w3.org/2001/XMLSchema#integer")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
CSTO = rdflib.Namespace("https://w3id.org/csto-kg/ontology#")
ONTOLOGY_GRAPH = BASE + "graph/ontology"
REFERENCE_GRAPH = BASE + "graph/reference"
DUMPS = ["csto-kg.ttl", "csto-kg.nt", "csto-kg.trig", "csto-kg.nq", "csto-kg.jsonld"]
EXPECTED_FILES = {
    *DUMPS,
    "context.jsonld",
    "void.ttl",
    "void-graphs.nt",
    "SHA256SUMS",
    "ontology/csto.ttl",
    "ontology/reference.ttl",
    "ontology/csto.rdf",
    "ontology/reference.rdf",
}

Triple = tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node]


@pytest.fixture(scope="module")
def dist(seed_build: Built) -> Path:
    return seed_build.config.dist


@pytest.fixture(scope="module")
def trig(dist: Path) -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    dataset.parse(dist / "csto-kg.trig", format="trig")
    return dataset


@pytest.fixture(scope="module")
def knowledge_graph(trig: rdflib.Dataset) -> rdflib.Graph:
    """The TriG dump's default graph, as a plain graph."""
    graph = rdflib.Graph()
    for triple in trig.default_graph:
        graph.add(triple)
    return graph


def ground(triples: Any) -> set[Triple]:
    return {t for t in triples if not any(isinstance(term, rdflib.BNode) for term in t)}


def has_blank_nodes(triples: Any) -> bool:
    return any(isinstance(term, rdflib.BNode) for t in triples for term in t)


def assert_same_graph(actual: rdflib.Graph, expected: rdflib.Graph) -> None:
    assert len(actual) == len(expected)
    missing, extra = ground(expected) - ground(actual), ground(actual) - ground(expected)
    assert not missing and not extra, (sorted(missing)[:5], sorted(extra)[:5])
    assert isomorphic(actual, expected)  # the blank-node parts (OWL axioms) too


# --- the files ---------------------------------------------------------------------------


def test_dist_holds_every_file(dist: Path) -> None:
    present = {str(path.relative_to(dist)) for path in dist.rglob("*") if path.is_file()}
    assert present == EXPECTED_FILES


def test_the_build_report_lists_what_was_written(seed_build: Built, dist: Path) -> None:
    reported = {str(dump.path.relative_to(dist.resolve())) for dump in seed_build.report.dumps}
    assert reported == EXPECTED_FILES
    for dump in seed_build.report.dumps:
        assert dump.size == dump.path.stat().st_size
        assert dump.sha256 == hashlib.sha256(dump.path.read_bytes()).hexdigest()


def test_trig_keeps_the_default_graph_and_the_named_graphs(trig: rdflib.Dataset) -> None:
    sizes = {str(graph.identifier): len(graph) for graph in trig.graphs() if len(graph)}
    assert set(sizes) == {SEED_GRAPH, ONTOLOGY_GRAPH, REFERENCE_GRAPH, str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID)}
    article = trig.graph(rdflib.URIRef(SEED_GRAPH))
    membership = rdflib.URIRef(BASE + "id/membership/csto--uzbekistan--withdrawn--2012")
    assert (membership, RDF.type, CSTO.Membership) in article
    assert (membership, RDF.type, CSTO.Membership) in trig.default_graph
    evidence = article.value(membership, CSTO.evidence)
    assert evidence is not None and (membership, CSTO.evidence, evidence) not in trig.default_graph
    assert (rdflib.URIRef(BASE + "id/state/russia"), RDF.type, CSTO.State) in trig.graph(rdflib.URIRef(REFERENCE_GRAPH))


def test_only_the_ontology_graph_has_blank_nodes(trig: rdflib.Dataset) -> None:
    assert not has_blank_nodes(trig.graph(rdflib.URIRef(SEED_GRAPH)))
    assert not has_blank_nodes(trig.graph(rdflib.URIRef(REFERENCE_GRAPH)))
    assert has_blank_nodes(trig.graph(rdflib.URIRef(ONTOLOGY_GRAPH)))  # owl:Restriction, lists


def test_trig_graphs_match_the_store(seed_build: Built, trig: rdflib.Dataset) -> None:
    rows = seed_build.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    default = str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID)
    assert {row["g"]: int(row["n"]) for row in rows} == {
        str(graph.identifier): len(graph) for graph in trig.graphs() if len(graph) and str(graph.identifier) != default
    }
    assert int(seed_build.select("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")[0]["n"]) == len(trig.default_graph)


def test_nquads_say_exactly_what_the_store_answers(seed_build: Built, dist: Path) -> None:
    """Term for term, lexical forms included: dumps are written from the mapped quads, not read
    back from the store, so a literal the store would rewrite ("0.80" -> "0.8") shows here."""
    dumped = set(ox.parse(path=str(dist / "csto-kg.nq"), format=ox.RdfFormat.N_QUADS))
    assert dumped == set(seed_build.store.quads_for_pattern(None, None, None, None))


def test_nquads_has_the_same_quads_as_trig(dist: Path, trig: rdflib.Dataset) -> None:
    nquads = rdflib.Dataset()
    nquads.parse(dist / "csto-kg.nq", format="nquads")
    for name in (SEED_GRAPH, ONTOLOGY_GRAPH, REFERENCE_GRAPH):
        assert_same_graph(nquads.graph(rdflib.URIRef(name)), trig.graph(rdflib.URIRef(name)))
    assert set(nquads.default_graph) == set(trig.default_graph)


@pytest.mark.parametrize(("name", "rdf_format"), [("csto-kg.ttl", "turtle"), ("csto-kg.nt", "nt"), ("csto-kg.jsonld", "json-ld")])
def test_triple_dumps_equal_the_default_graph(dist: Path, knowledge_graph: rdflib.Graph, name: str, rdf_format: str) -> None:
    graph = rdflib.Graph().parse(dist / name, format=rdf_format)
    assert_same_graph(graph, knowledge_graph)


def test_the_default_graph_is_written_in_subject_order(dist: Path) -> None:
    """Reconciling writes resources in the order of their IRIs, reference resources among them,
    and the event labels are merged in: the JSON-LD dump reads the file without sorting it."""
    assert subjects_sorted(dist / "csto-kg.nt")


def test_the_default_graph_states_each_fact_once(seed_build: Built, knowledge_graph: rdflib.Graph) -> None:
    rows = seed_build.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    distinct = seed_build.select("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")
    assert int(rows[0]["n"]) == int(distinct[0]["n"]) == len(knowledge_graph)


# --- JSON-LD -----------------------------------------------------------------------------


def keys_of(value: Any) -> set[str]:
    """Every key used in a JSON-LD document's data (not inside its @context)."""
    if isinstance(value, dict):
        return {k for k in value if k != "@context"} | {key for k, v in value.items() if k != "@context" for key in keys_of(v)}
    if isinstance(value, list):
        return {key for item in value for key in keys_of(item)}
    return set()


@pytest.fixture(scope="module")
def document(dist: Path) -> dict[str, Any]:
    return json.loads((dist / "csto-kg.jsonld").read_text(encoding="utf-8"))


def test_json_ld_is_compacted_with_the_published_context(document: dict[str, Any], dist: Path) -> None:
    published = json.loads((PROJECT_ROOT / "mappings" / "context.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == published["@context"]
    assert (dist / "context.jsonld").read_bytes() == (PROJECT_ROOT / "mappings" / "context.jsonld").read_bytes()
    keys = keys_of(document)
    assert {"id", "type", "member", "organization", "membershipStatus", "wasDerivedFrom", "labelEn", "labelAr"} <= keys
    assert "evidence" not in keys  # the claims' evidence is in the article graphs (TriG, N-Quads)
    assert "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" not in keys
    namespaces = [iri for term, iri in published["@context"].items() if isinstance(iri, str) and iri.startswith("http")]
    spelled_out = {key for key in keys if any(key.startswith(ns) for ns in namespaces)}
    assert not spelled_out, "IRIs the context can shorten are written in full"


def test_json_ld_nodes_use_the_terms_and_absolute_iris(document: dict[str, Any]) -> None:
    nodes = {node["id"]: node for node in document["@graph"]}
    uzbekistan = nodes[BASE + "id/membership/csto--uzbekistan--withdrawn--2012"]
    assert uzbekistan["type"] == "Membership"
    assert uzbekistan["member"] == BASE + "id/state/uzbekistan"
    assert uzbekistan["membershipStatus"] == "withdrawn"
    assert uzbekistan["endDate"] == {"type": "xsd:gYear", "@value": "2012"}
    assert uzbekistan["wasDerivedFrom"] == BASE + "id/article/" + SEED_GRAPH.rsplit("/", 1)[1]
    assert "evidence" not in uzbekistan  # the evidence is the article graph's (TriG, N-Quads)
    prefixes = {term for term, value in document["@context"].items() if isinstance(value, str) and value.startswith("http")}
    for iri in nodes:  # absolute, a blank node or a compact IRI: never relative to wherever the file is
        scheme = iri.split(":", 1)[0]
        assert scheme in {"https", "http", "_"} | prefixes, iri


# --- checksums ---------------------------------------------------------------------------


def test_sha256sums_match_the_files(dist: Path) -> None:
    lines = (dist / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    listed = {}
    for line in lines:
        digest, separator, name = line.partition("  ")
        assert separator and len(digest) == 64, line
        listed[name] = digest
    assert set(listed) == EXPECTED_FILES - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256((dist / name).read_bytes()).hexdigest() == digest, name


# --- VoID --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def void(dist: Path) -> rdflib.Graph:
    """void.ttl with the files of named-graph subsets it names (rdfs:seeAlso), as a consumer
    that follows them reads it."""
    graph = rdflib.Graph().parse(dist / "void.ttl", format="turtle")
    also = [str(iri) for iri in graph.objects(None, RDFS.seeAlso)]
    assert [iri.rsplit("/", 1)[1] for iri in also] == ["void-graphs.nt"]
    for iri in also:
        graph.parse(dist / iri.split("/dumps/", 1)[1], format="nt")
    return graph


@pytest.fixture(scope="module")
def dataset(void: rdflib.Graph) -> rdflib.term.Node:
    subsets = set(void.objects(None, VOID.subset))
    tops = [d for d in void.subjects(RDF.type, VOID.Dataset) if d not in subsets]
    assert len(tops) == 1, tops
    return tops[0]


def integer(void: rdflib.Graph, subject: rdflib.term.Node, predicate: rdflib.URIRef) -> int:
    value = void.value(subject, predicate)
    assert isinstance(value, rdflib.Literal) and value.datatype == XSD_INTEGER, value
    return int(value)


def test_void_size_and_license(void: rdflib.Graph, dataset: rdflib.term.Node, knowledge_graph: rdflib.Graph, trig: rdflib.Dataset) -> None:
    assert integer(void, dataset, VOID.triples) == len(knowledge_graph)
    assert integer(void, dataset, CSTO.quads) == len(list(trig.quads((None, None, None, None))))
    license_ = void.value(dataset, DCTERMS.license)
    assert isinstance(license_, rdflib.URIRef) and str(license_).startswith("http")


def test_void_class_partitions_count_the_instances(void: rdflib.Graph, dataset: rdflib.term.Node, seed_build: Built) -> None:
    partitions = {
        str(void.value(partition, VOID["class"])): integer(void, partition, VOID.entities)
        for partition in void.objects(dataset, VOID.classPartition)
    }
    rows = seed_build.select("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } GROUP BY ?c")
    assert partitions == {row["c"]: int(row["n"]) for row in rows}
    assert partitions[str(CSTO.Membership)] == 7
    assert partitions[str(CSTO.Chairmanship)] == 1


def test_void_property_partitions_count_the_triples(void: rdflib.Graph, dataset: rdflib.term.Node, seed_build: Built) -> None:
    partitions = {
        str(void.value(partition, VOID.property)): integer(void, partition, VOID.triples)
        for partition in void.objects(dataset, VOID.propertyPartition)
    }
    rows = seed_build.select(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"
    )
    assert partitions == {row["p"]: int(row["n"]) for row in rows}
    assert sum(partitions.values()) == integer(void, dataset, VOID.triples)


def test_void_subset_per_named_graph(void: rdflib.Graph, dataset: rdflib.term.Node, seed_build: Built) -> None:
    subsets = {
        str(void.value(subset, SD.name)): integer(void, subset, VOID.triples) for subset in void.objects(dataset, VOID.subset)
    }
    rows = seed_build.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert subsets == {row["g"]: int(row["n"]) for row in rows}
    assert set(subsets) == {SEED_GRAPH, ONTOLOGY_GRAPH, REFERENCE_GRAPH}
    for subset in void.objects(dataset, VOID.subset):
        assert (subset, RDF.type, VOID.Dataset) in void


def test_void_lists_the_dumps(void: rdflib.Graph, dataset: rdflib.term.Node) -> None:
    dumps = {str(iri) for iri in void.objects(dataset, VOID.dataDump)}
    assert {iri.rsplit("/", 1)[1] for iri in dumps} == set(DUMPS)
    assert all(isinstance(iri, rdflib.URIRef) for iri in void.objects(dataset, VOID.dataDump))


# --- the ontology copies -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["csto", "reference"])
def test_ontology_copies(dist: Path, name: str) -> None:
    source = PROJECT_ROOT / "ontology" / f"{name}.ttl"
    assert (dist / "ontology" / f"{name}.ttl").read_bytes() == source.read_bytes()
    turtle = rdflib.Graph().parse(source, format="turtle")
    xml = rdflib.Graph().parse(dist / "ontology" / f"{name}.rdf", format="xml")
    assert_same_graph(xml, turtle)


@pytest.mark.parametrize(("name", "graph"), [("csto", ONTOLOGY_GRAPH), ("reference", REFERENCE_GRAPH)])
def test_background_graphs_are_the_ontology_files(trig: rdflib.Dataset, name: str, graph: str) -> None:
    source = rdflib.Graph().parse(PROJECT_ROOT / "ontology" / f"{name}.ttl", format="turtle")
    assert_same_graph(trig.graph(rdflib.URIRef(graph)), source)


def test_void_names_every_graph_even_one_with_a_fragment(tmp_path: Path) -> None:
    """Graph names come from builds and from Graph Store clients (any IRI): each gets a subset
    with its size, and the Turtle reads back as the same figures."""
    stats = VoidStats(triples=1, quads=6, graphs={"http://example.org/g#part": 2, "https://w3id.org/csto-kg/graph/article/a": 3})
    subsets = tmp_path / "void-graphs.nt"
    subsets.write_bytes(void_subsets(stats.graphs, Config()))
    path = tmp_path / "void.ttl"
    path.write_bytes(void_description(stats, Config(), [DumpFile(subsets, 0, "")]))
    assert VoidStats.read(path, Config()) == stats
