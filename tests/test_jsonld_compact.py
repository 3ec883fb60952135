"""The streaming JSON-LD compactor: it gives back the same triples to any JSON-LD reader, uses
the published context's terms the way a JSON-LD processor would, and writes the same bytes for
the same triples whatever their order."""

from __future__ import annotations

import io
import json
import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Iterator

import pyoxigraph as ox
import pytest
import rdflib
from conftest import Built
from pyld import jsonld
from rdflib.compare import isomorphic

from csto_kg import jsonld_compact
from csto_kg.jsonld_compact import Compactor
from csto_kg.linefiles import merge_by_subject, sorted_blocks, subject_ranges, subjects_sorted
from csto_kg.mapping import load_mappings
from csto_kg import publish
from csto_kg.publish import JsonLdDump
from csto_kg.namespaces import CSTO, OA, ORG, RDF, RDFS, SCHEMA, XSD

EX = "http://example.org/"
ID = "https://w3id.org/csto-kg/id/"


@pytest.fixture(scope="module")
def context(seed_build: Built) -> dict[str, Any]:
    return load_mappings(seed_build.config.mappings_dir).context


@pytest.fixture(scope="module")
def triples(seed_build: Built) -> list[ox.Triple]:
    """Every triple of every graph once, the ontology's lists and restrictions included."""
    return list(dict.fromkeys(quad.triple for quad in seed_build.store.quads_for_pattern(None, None, None, None)))


@pytest.fixture(scope="module")
def dump(context: dict[str, Any], triples: list[ox.Triple]) -> bytes:
    return compact(context, triples)


def compact(context: dict[str, Any], triples: Iterable[ox.Triple]) -> bytes:
    out = io.BytesIO()
    Compactor(context).write(triples, out)
    return out.getvalue()


def read_back_with_pyoxigraph(document: bytes) -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(document, format=ox.RdfFormat.JSON_LD)]


def read_back_with_pyld(document: bytes) -> list[ox.Triple]:
    n_quads = jsonld.to_rdf(json.loads(document), {"format": "application/n-quads"})
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(n_quads.encode(), format=ox.RdfFormat.N_QUADS)]


def assert_same_graph(got: Iterable[ox.Triple], expected: Iterable[ox.Triple]) -> None:
    """Equal up to blank node labels: triples without blank nodes compared as sets, the rest
    (where readers may relabel) by graph isomorphism."""
    got, expected = set(got), set(expected)

    def ground(triple: ox.Triple) -> bool:
        return not isinstance(triple.subject, ox.BlankNode) and not isinstance(triple.object, ox.BlankNode)

    assert {t for t in got if ground(t)} == {t for t in expected if ground(t)}

    def graph(found: set[ox.Triple]) -> rdflib.Graph:
        text = ox.serialize([t for t in found if not ground(t)], format=ox.RdfFormat.N_TRIPLES).decode()
        return rdflib.Graph().parse(data=text, format="nt")

    assert len(got) == len(expected)
    assert isomorphic(graph(got), graph(expected))


def nodes(document: bytes) -> dict[str, dict[str, Any]]:
    return {node["id"]: node for node in json.loads(document)["@graph"]}


def values(node: dict[str, Any], key: str) -> list[Any]:
    value = node.get(key, [])
    return value if isinstance(value, list) else [value]


def node(subject: str, *pairs: tuple[str, ox.NamedNode | ox.BlankNode | ox.Literal]) -> list[ox.Triple]:
    named = ox.BlankNode(subject[2:]) if subject.startswith("_:") else ox.NamedNode(subject)
    return [ox.Triple(named, ox.NamedNode(predicate), obj) for predicate, obj in pairs]


# --- the same triples back ---------------------------------------------------------------------


def test_the_dump_reads_back_as_the_same_triples_in_pyoxigraph(dump: bytes, triples: list[ox.Triple]) -> None:
    assert any(isinstance(t.subject, ox.BlankNode) for t in triples), "the seed should exercise blank nodes"
    assert_same_graph(read_back_with_pyoxigraph(dump), triples)


def test_the_dump_reads_back_as_the_same_triples_in_pyld(dump: bytes, triples: list[ox.Triple]) -> None:
    assert_same_graph(read_back_with_pyld(dump), triples)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser, not ours
def test_the_dump_reads_back_as_the_same_triples_in_rdflib(dump: bytes, triples: list[ox.Triple]) -> None:
    """rdflib keeps a literal typed xsd:string apart from the plain one, so this also checks
    that plain strings are written plain."""
    expected = rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    got = rdflib.Graph().parse(data=dump.decode(), format="json-ld")

    def ground(graph: rdflib.Graph) -> set[Any]:
        return {t for t in graph if not any(isinstance(term, rdflib.BNode) for term in t)}

    assert len(got) == len(expected)
    assert ground(got) == ground(expected)
    assert isomorphic(got, expected)


def test_write_counts_distinct_triples(context: dict[str, Any], triples: list[ox.Triple]) -> None:
    assert Compactor(context).write(triples + triples[:100], io.BytesIO()) == len(set(triples))


def test_an_ntriples_file_sorted_in_blocks_gives_the_same_document(
    context: dict[str, Any], triples: list[ox.Triple], dump: bytes, tmp_path: Path
) -> None:
    """The dump compacts the N-Triples file it has just written, its lines sorted by sort(1) on
    the way in: blocks end at line ends, however the reads fall (here ~1 KiB at a time, so
    literals and lines are cut mid-way), and the document is the one of the triples in memory."""
    path = tmp_path / "graph.nt"
    shuffled = list(triples)
    random.Random(3).shuffle(shuffled)
    ox.serialize(shuffled + shuffled[:50], str(path), ox.RdfFormat.N_TRIPLES)
    blocks = list(sorted_blocks(path, size=1000))
    assert len(blocks) > 10 and all(block.endswith(b"\n") for block in blocks)
    out = io.BytesIO()
    assert Compactor(context).write_sorted_ntriples(blocks, out) == len(triples)
    assert out.getvalue() == dump


def test_a_file_in_subject_order_is_read_as_it_is_and_any_other_is_sorted_first(
    seed_build: Built, triples: list[ox.Triple], dump: bytes, tmp_path: Path
) -> None:
    """A build writes its default graph in subject order (each subject's lines together, in
    any order among themselves), which `sort -C -s -k1,1` confirms in one pass: the dump then
    reads the file without sorting it. The document is the same bytes either way."""
    by_subject: dict[str, list[ox.Triple]] = {}
    for triple in triples:
        by_subject.setdefault(str(triple.subject), []).append(triple)
    grouped = [t for subject in sorted(by_subject) for t in reversed(by_subject[subject])]
    shuffled = list(triples)
    random.Random(5).shuffle(shuffled)
    documents = []
    for name, order in (("grouped.nt", grouped), ("shuffled.nt", shuffled)):
        path = tmp_path / name
        ox.serialize(order, str(path), ox.RdfFormat.N_TRIPLES)
        out = io.BytesIO()
        JsonLdDump(seed_build.config).write_ntriples(path, out)
        documents.append((subjects_sorted(path), out.getvalue()))
    assert documents == [(True, dump), (False, dump)]


def test_a_big_file_compacted_in_parts_by_workers_gives_the_same_bytes(
    seed_build: Built, triples: list[ox.Triple], dump: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over PARALLEL_JSONLD_BYTES, a file in subject order is cut at subject boundaries into one
    part per worker; the parts' nodes, joined in order, are the document one process writes."""
    by_subject: dict[str, list[ox.Triple]] = {}
    for triple in triples:
        by_subject.setdefault(str(triple.subject), []).append(triple)
    path = tmp_path / "graph.nt"
    ox.serialize([t for subject in sorted(by_subject) for t in by_subject[subject]], str(path), ox.RdfFormat.N_TRIPLES)
    ranges = subject_ranges(path, 3)
    assert len(ranges) == 3 and ranges[0][0] == 0 and ranges[-1][1] == path.stat().st_size
    text = path.read_bytes()
    for (_, end), (start, _) in zip(ranges, ranges[1:]):
        assert end == start and text[start - 1 : start] == b"\n"
        before, after = text[:start].splitlines()[-1], text[start:].split(b"\n", 1)[0]
        assert before.split(b" ", 1)[0] != after.split(b" ", 1)[0]  # no subject cut in two
    monkeypatch.setattr(publish, "PARALLEL_JSONLD_BYTES", 0)
    out = io.BytesIO()
    JsonLdDump(seed_build.config, workers=3).write_ntriples(path, out)
    assert out.getvalue() == dump
    assert list(tmp_path.glob("*.jsonld-part*")) == []  # the workers' parts are gone


def test_a_failing_sort_names_its_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.nt"
    with pytest.raises(RuntimeError, match="sort\\(1\\) failed on .*missing.nt"):
        merge_by_subject([missing], tmp_path / "merged.nt")
    assert not subjects_sorted(missing)  # a check that cannot read the file says "not in order"


def test_files_in_subject_order_merge_into_one(tmp_path: Path) -> None:
    first, second, merged = tmp_path / "a.nt", tmp_path / "b.nt", tmp_path / "merged.nt"
    first.write_bytes(b'<http://e.org/a> <http://e.org/q> "2" .\n<http://e.org/a> <http://e.org/p> "1" .\n<http://e.org/c> <http://e.org/p> "1" .\n')
    second.write_bytes(b'<http://e.org/a> <http://e.org/r> "3" .\n<http://e.org/b> <http://e.org/p> "1" .\n')
    merge_by_subject([first, second], merged)
    lines = merged.read_bytes().splitlines()
    assert [line.split()[0] for line in lines] == [b"<http://e.org/a>"] * 3 + [b"<http://e.org/b>", b"<http://e.org/c>"]
    assert sorted(lines) == sorted(first.read_bytes().splitlines() + second.read_bytes().splitlines())
    assert subjects_sorted(merged) and subjects_sorted(second)


def test_sorted_lines_are_written_a_batch_of_subjects_at_a_time_not_held_to_the_end(context: dict[str, Any]) -> None:
    """The dump of ~100k articles must not hold every node: the first nodes are out before the
    last lines are read."""
    subjects = 3 * jsonld_compact._BATCH
    lines = [b"<http://example.org/s%06d> <http://example.org/p> <http://example.org/o> .\n" % i for i in range(subjects)]
    out = io.BytesIO()
    written_before_last: list[int] = []

    def blocks() -> Iterator[bytes]:
        yield b"".join(lines[:-1])
        written_before_last.append(len(out.getvalue()))
        yield lines[-1]

    assert Compactor(context).write_sorted_ntriples(blocks(), out) == subjects
    assert written_before_last[0] > len(out.getvalue()) // 2


def test_lines_out_of_order_are_refused_not_written_as_two_nodes(context: dict[str, Any]) -> None:
    lines = b"<http://example.org/b> <http://example.org/p> <http://example.org/c> .\n"
    lines += b"<http://example.org/a> <http://example.org/p> <http://example.org/c> .\n"
    with pytest.raises(ValueError, match="not sorted"):
        Compactor(context).write_sorted_ntriples([lines], io.BytesIO())


def test_an_ntriples_file_cut_mid_line_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "cut.nt"
    path.write_bytes(b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n<http://example.org/a> <http://ex")
    with pytest.raises(ValueError, match="cut.nt: the last line"):
        list(sorted_blocks(path))


def pyld_nodes(context: dict[str, Any], triples: list[ox.Triple]) -> dict[str, dict[str, list[str]]]:
    n_triples = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode()
    reference = jsonld.compact(jsonld.from_rdf(n_triples, {"format": "application/n-quads"}), {"@context": context})
    reference.pop("@context")
    return normal(reference.get("@graph", [reference]))  # a lone node is the document itself


def normal(graph: list[dict[str, Any]]) -> dict[str, dict[str, list[str]]]:
    """Nodes by id, each key's values as a sorted list of JSON texts (order is not meaning)."""
    return {n["id"]: {k: sorted(json.dumps(v, sort_keys=True, ensure_ascii=False) for v in values(n, k)) for k in n} for n in graph}


def assert_same_nodes(ours: dict[str, dict[str, list[str]]], theirs: dict[str, dict[str, list[str]]]) -> None:
    assert ours.keys() == theirs.keys()
    differing = {i: (ours[i], theirs[i]) for i in ours if ours[i] != theirs[i]}
    assert not differing, list(differing.items())[:3]


def test_the_nodes_match_pyld_compaction_but_for_lists(context: dict[str, Any], triples: list[ox.Triple]) -> None:
    """PyLD is the reference; RDF lists are left out (PyLD folds them into @list)."""
    kept = [t for t in triples if t.predicate.value not in (RDF + "first", RDF + "rest")]
    assert len(kept) < len(triples)
    assert_same_nodes(normal(json.loads(compact(context, kept))["@graph"]), pyld_nodes(context, kept))


def test_term_selection_matches_pyld_when_several_terms_share_a_property(context: dict[str, Any]) -> None:
    """JSON-LD's preferences among terms for one IRI: @id before untyped for references, but
    @vocab first when the object is itself a term; a null-language term for plain strings;
    a datatype's own term; and, for types, an @id term before vocab-relative names."""
    richer = {
        **context,
        "memberLink": {"@id": "org:member"},
        "statusRef": {"@id": "csto:membershipStatus", "@type": "@id"},
        "plainComment": {"@id": "rdfs:comment", "@language": None},
        "comment": {"@id": "rdfs:comment"},
        "startDay": {"@id": "schema:startDate", "@type": "xsd:date"},
    }
    triples = node(
        EX + "s",
        (ORG + "member", ox.NamedNode(ID + "state/armenia")),
        (CSTO + "membershipStatus", ox.NamedNode(CSTO + "member")),
        (CSTO + "membershipStatus", ox.NamedNode(OA + "TextPositionSelector")),
        (RDFS + "comment", ox.Literal("plain")),
        (RDFS + "comment", ox.Literal("hi", language="en")),
        (SCHEMA + "startDate", ox.Literal("2022-01-01", datatype=ox.NamedNode(XSD + "date"))),
        (SCHEMA + "startDate", ox.Literal("2022", datatype=ox.NamedNode(XSD + "gYear"))),
        (SCHEMA + "startDate", ox.Literal("spring", language="en")),
        (CSTO + "member", ox.Literal("a csto:member, not org:member")),
        (RDF + "type", ox.NamedNode(ORG + "member")),
        (RDF + "type", ox.NamedNode(CSTO + "member")),
        (RDF + "type", ox.NamedNode(OA + "TextQuoteSelector")),
    )
    document = compact(richer, triples)
    assert_same_nodes(normal(json.loads(document)["@graph"]), pyld_nodes(richer, triples))
    assert_same_graph(read_back_with_pyoxigraph(document), triples)
    chosen = nodes(document)[EX + "s"]
    assert chosen["statusRef"] == "csto:member" and chosen["membershipStatus"] == "TextPositionSelector"
    assert chosen["plainComment"] == "plain" and chosen["startDay"] == "2022-01-01"


# --- the context's terms -------------------------------------------------------------------------


def test_a_membership_uses_the_terms_and_the_scoped_status_name(dump: bytes) -> None:
    memberships = [n for n in nodes(dump).values() if n.get("membershipStatus") == "member"]
    assert memberships
    membership = memberships[0]
    assert membership["type"] == "Membership"
    assert membership["member"].startswith("https://w3id.org/csto-kg/id/state/")
    assert membership["organization"] == "https://w3id.org/csto-kg/id/organization/csto"
    assert not any(key.startswith(("org:", "csto:", "http")) for key in membership)


def test_labels_and_selectors_use_their_terms_with_plain_values(dump: bytes) -> None:
    graph = nodes(dump)
    assert any(isinstance(v, str) for n in graph.values() for v in values(n, "labelAr"))
    assert not any("rdfs:label" in n and any(v.get("@language") in ("ar", "en", "ru") for v in values(n, "rdfs:label")) for n in graph.values())
    selectors = [n for n in graph.values() if n.get("type") == "TextPositionSelector"]
    assert selectors
    for selector in selectors:
        assert isinstance(selector["start"], str) and selector["start"].isdigit()
        assert isinstance(selector["end"], str) and selector["end"].isdigit()
    # A plain string never goes under a term typed xsd:string: it would read back typed.
    quotes = [n for n in graph.values() if n.get("type") == "TextQuoteSelector"]
    assert quotes and all(isinstance(q["oa:exact"], str) and "exact" not in q for q in quotes)


def test_ids_and_references_stay_absolute_unless_a_prefix_covers_them(dump: bytes) -> None:
    graph = nodes(dump)
    assert "https://w3id.org/csto-kg/id/organization/csto" in graph
    assert "csto:Membership" in graph  # the ontology's own classes, under the csto prefix


# --- stable bytes --------------------------------------------------------------------------------


def test_shuffled_and_repeated_input_gives_the_same_bytes(context: dict[str, Any], triples: list[ox.Triple], dump: bytes) -> None:
    outputs = set()
    for seed in (1, 2):
        shuffled = triples + random.Random(seed).sample(triples, 500)
        random.Random(seed).shuffle(shuffled)
        outputs.add(compact(context, shuffled))
    assert outputs == {dump}


# --- what the context has no term for ------------------------------------------------------------


def test_literals_and_properties_without_a_term_round_trip(context: dict[str, Any]) -> None:
    tricky = 'tab\t quote" backslash\\ newline\n return\r nul\x00 del\x7f \u2028 emoji \U0001f600 عربي'
    subject = EX + "thing"
    triples = node(
        subject,
        (RDFS + "label", ox.Literal("bonjour", language="fr")),
        (RDFS + "label", ox.Literal("مرحبا", language="ar")),
        (CSTO + "machineLabel", ox.Literal("salut", language="fr")),
        (EX + "weight", ox.Literal("12.5", datatype=ox.NamedNode(XSD + "decimal"))),
        (EX + "knows", ox.NamedNode(EX + "other")),
        (EX + "knows", ox.BlankNode("friend")),
        (CSTO + "note", ox.Literal(tricky)),
        (SCHEMA + "datePublished", ox.Literal("2022")),
        (SCHEMA + "datePublished", ox.Literal("2022", datatype=ox.NamedNode(XSD + "gYear"))),
        (OA + "start", ox.Literal("five")),
        (SCHEMA + "startDate", ox.Literal("spring", language="en")),
        (CSTO + "member", ox.NamedNode(EX + "not-org-member")),
        (CSTO + "membershipStatus", ox.NamedNode(CSTO + "observer")),
        (CSTO + "membershipStatus", ox.NamedNode(EX + "status")),
        (ORG + "member", ox.NamedNode("urn:isbn:123")),
        (RDF + "type", ox.Literal("not a class")),
        (RDF + "type", ox.BlankNode("kind")),
        (RDF + "type", ox.NamedNode(EX + "Kind")),
    ) + node("_:friend", (RDFS + "label", ox.Literal("ami", language="fr")))
    document = compact(context, triples)
    assert_same_graph(read_back_with_pyoxigraph(document), triples)
    assert_same_graph(read_back_with_pyld(document), triples)

    thing = nodes(document)[subject]
    assert sorted(thing["type"]) == ["_:kind", EX + "Kind"]
    assert thing["rdfs:label"] == {"@language": "fr", "@value": "bonjour"}
    assert thing["labelAr"] == "مرحبا"
    assert thing["machineLabel"] == {"@language": "fr", "@value": "salut"}  # vocab-relative: not a term
    assert thing[EX + "weight"] == {"type": "xsd:decimal", "@value": "12.5"}
    assert sorted(thing[EX + "knows"], key=str) == [{"id": "_:friend"}, {"id": EX + "other"}]
    assert thing["note"] == tricky
    assert thing["datePublished"] == ["2022", {"type": "xsd:gYear", "@value": "2022"}]
    assert thing["oa:start"] == "five"  # the term 'start' is for xsd:integer only
    assert thing["startDate"] == {"@language": "en", "@value": "spring"}
    assert thing["csto:member"] == {"id": EX + "not-org-member"}  # 'member' is org:member
    assert sorted(thing["membershipStatus"]) == [EX + "status", "observer"]
    assert thing["member"] == "urn:isbn:123"
    assert thing[RDF + "type"] == "not a class"


def test_nodes_beyond_one_batch_make_one_valid_document(context: dict[str, Any]) -> None:
    count = 2 * jsonld_compact._BATCH + 1
    triples = [t for i in range(count) for t in node(f"{EX}n{i}", (RDFS + "label", ox.Literal(f"n{i}", language="en")))]
    document = compact(context, triples)
    assert len(json.loads(document)["@graph"]) == count
    assert_same_graph(read_back_with_pyoxigraph(document), triples)


def test_no_triples_make_an_empty_graph(context: dict[str, Any]) -> None:
    document = compact(context, [])
    assert json.loads(document) == {"@context": context, "@graph": []}


# --- what the compactor refuses ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ({"tags": {"@id": "csto:tag", "@container": "@set"}}, "tags"),
        ({"knownBy": {"@reverse": "csto:knows"}}, "knownBy"),
        ({"inner": {"@id": "csto:inner", "@nest": "outer"}}, "inner"),
        ({"raw": {"@id": "csto:raw", "@type": "@json"}}, "raw"),
        ({"status": {"@id": "csto:status", "@type": "@id", "@context": {"ok": "csto:ok"}}}, "status"),
        ({"@language": "ar"}, "@language"),
        ({"@base": "https://w3id.org/csto-kg/id/"}, "@base"),
    ],
)
def test_an_unsupported_context_feature_is_refused_by_name(context: dict[str, Any], extra: dict[str, Any], named: str) -> None:
    with pytest.raises(ValueError, match=named):
        Compactor({**context, **extra})


def test_an_iri_that_would_read_back_as_a_compact_iri_is_refused(context: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="csto"):
        compact(context, node("csto:looks-compact", (RDFS + "label", ox.Literal("x"))))


@pytest.mark.parametrize(
    "obj",
    [
        ox.Literal("x", language="ar", direction=ox.BaseDirection.RTL),
        ox.Triple(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "b"), ox.Literal("x")),
        ox.Triple(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "b"), ox.NamedNode(EX + "c")),
    ],
)
def test_rdf_1_2_terms_json_ld_cannot_hold_are_refused(context: dict[str, Any], obj: Any) -> None:
    with pytest.raises(ValueError, match="direction|triple term"):
        compact(context, [ox.Triple(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), obj)])
