"""map: an article names entities (schema:mentions, every spelling a surface form); a Mention
with its span is published only where it is evidence (an entity the article introduces, or a
name read by judgment), at the first place of each spelling."""

from __future__ import annotations


import pyoxigraph as ox
import pytest

from csto_kg.config import Config
from csto_kg.extract.facts import Extraction, extract
from csto_kg.mapping import RulesStore, load_mappings, map_extraction, rule_predicates
from csto_kg.pipeline import background_quads
from csto_kg.validate import ArticleValidator
from tests.test_patterns import write_article

CSTO = "https://w3id.org/csto-kg/ontology#"
OA = "http://www.w3.org/ns/oa#"
SCHEMA = "https://schema.org/"
ID = "https://w3id.org/csto-kg/id/"
RUSSIA = ID + "state/russia"
LAVROV = ID + "person/sergey-lavrov"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# Russia three times: twice as روسيا, once as روسيا الاتحادية (two spellings, both its labels);
# Lavrov with a letter dropped (read by a fuzzy match); a deputy minister nobody has listed.
TEXT = (
    "قالت روسيا إنها ستشارك في القمة. وأكدت روسيا الاتحادية أن موسكو تدعم المنظمة،"
    " فيما ذكرت روسيا أن الاجتماع سيعقد في الخريف.",
    "وكان وزير الخارجية سيرغي لافرف قد التقى نائب وزير الدفاع الطاجيكي رستم نظروف في دوشنبه.",
)


@pytest.fixture(scope="module")
def mapped(tmp_path_factory: pytest.TempPathFactory) -> tuple[Extraction, list[ox.Quad], ox.Store]:
    extraction = extract(write_article(tmp_path_factory.mktemp("mapping"), *TEXT))
    config = Config()
    quads = map_extraction(extraction, config, RulesStore(background_quads(config)))
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    return extraction, quads, store


def mentions_of(store: ox.Store, entity: str) -> list[tuple[int, str, str]]:
    rows = store.query(f"""SELECT ?start ?exact ?rule WHERE {{
        ?mention a <{CSTO}Mention> ; <{CSTO}refersTo> <{entity}> ; <{CSTO}extractionRule> ?rule ;
                 <{OA}hasSelector> [ <{OA}start> ?start ] , [ <{OA}exact> ?exact ] }}""")
    return sorted((int(row["start"].value), row["exact"].value, row["rule"].value) for row in rows)  # type: ignore[union-attr]


def test_a_reference_entity_named_by_its_labels_is_mentioned_without_a_span(mapped: tuple[Extraction, list[ox.Quad], ox.Store]) -> None:
    extraction, quads, store = mapped
    written = [r.evidence[0] for r in extraction.records if r.type == "Mention" and r.properties["refersTo"] == "state/russia"]
    assert len(written) == 3 and len({e.exact for e in written}) == 2  # the extractor finds all three
    assert mentions_of(store, RUSSIA) == []
    named = {q.object.value for q in quads if q.predicate.value == SCHEMA + "mentions"}
    assert {RUSSIA, LAVROV, ID + "city/moscow"} <= named
    forms = [q.object.value for q in quads if q.subject.value == RUSSIA and q.predicate.value == CSTO + "surfaceForm"]
    assert forms == ["روسيا", "روسيا الاتحادية"]  # each spelling once, in the order written


def test_a_name_read_by_judgment_keeps_its_mention_and_rule(mapped: tuple[Extraction, list[ox.Quad], ox.Store]) -> None:
    _, _, store = mapped
    assert [(exact, rule) for _, exact, rule in mentions_of(store, LAVROV)] == [("سيرغي لافرف", "gazetteer-fuzzy")]


def test_an_entity_the_article_introduces_keeps_its_mention(mapped: tuple[Extraction, list[ox.Quad], ox.Store]) -> None:
    extraction, _, store = mapped
    minted = [r for r in extraction.records if r.type == "Person" and r.properties.get("labelAr") == "رستم نظروف"]
    assert len(minted) == 1
    spans = mentions_of(store, ID + minted[0].id)
    assert [exact for _, exact, _ in spans] == ["رستم نظروف"]
    body = extraction.article.body
    start = spans[0][0]
    assert body[start : start + len("رستم نظروف")] == "رستم نظروف"


def test_the_lean_article_graph_conforms(mapped: tuple[Extraction, list[ox.Quad], ox.Store]) -> None:
    _, quads, _ = mapped
    config = Config()
    assert ArticleValidator(config, background_quads(config)).validate(quads).conforms


def test_the_rules_store_is_given_only_the_predicates_the_rules_can_match() -> None:
    """What a rule's patterns name is read from its algebra: constant predicates and the IRIs of
    property paths are kept; a variable predicate, a negated path or a path of length zero
    matches anything, so then every triple goes in, as it does for a rule rdflib cannot read."""
    rules = (("a.rq", "PREFIX ex: <urn:ex:> CONSTRUCT { ?s ex:out ?o } WHERE { ?s ex:p/(ex:q|^ex:r)+ ?o OPTIONAL { ?o a ex:C } }"),)
    assert rule_predicates(rules) == {"urn:ex:p", "urn:ex:q", "urn:ex:r", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"}
    assert rule_predicates(rules + (("b.rq", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"),)) is None
    assert rule_predicates((("c.rq", "CONSTRUCT { ?s <urn:x> ?o } WHERE { ?s !<urn:y> ?o }"),)) is None
    assert rule_predicates((("d.rq", "CONSTRUCT { ?s <urn:x> ?o } WHERE { ?s <urn:y>* ?o }"),)) is None
    assert rule_predicates((("broken.rq", "CONSTRUCT { WHERE"),)) is None  # Oxigraph names its error


def test_rules_given_every_triple_derive_what_they_derive_from_the_filtered_store(mapped: tuple[Extraction, list[ox.Quad], ox.Store]) -> None:
    extraction, quads, _ = mapped
    config = Config()
    mappings = load_mappings(config.mappings_dir)
    rules, graph = RulesStore(background_quads(config)), ox.NamedNode(ID + "graph/x")
    predicates = rule_predicates(mappings.rules)
    assert predicates and RDF_TYPE in predicates
    filtered = rules.derive(quads, graph, mappings, filtered=True)
    assert filtered and set(filtered) == set(rules.derive(quads, graph, mappings, filtered=False))
