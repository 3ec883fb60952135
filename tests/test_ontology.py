"""The ontology, the reference individuals (the gazetteer) and HermiT reasoning over them.

Given ontology/csto.ttl and ontology/reference.ttl: both parse, every term is labelled in English,
Arabic and Russian, owlready2 loads them, HermiT finds them consistent, classifies a state with a
current membership as csto:MemberState, and reports a contradiction when there is one. Every term
that the mappings, shapes and queries use is declared in the ontology.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import owlready2
import pytest
import yaml
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from csto_kg.arabic import normalize_word
from csto_kg.reasoning import ReasoningError, ReasoningReport, check_consistency, reasonable_triples

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "csto.ttl"
REFERENCE = ROOT / "ontology" / "reference.ttl"
SEED_ARTICLE = ROOT / "corpus" / "000_e17557396043c40c.txt"

# A plain Namespace: pytest probes module attributes, and rdflib's closed XSD namespace warns on each.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
CSTO = "https://w3id.org/csto-kg/ontology#"
ID = "https://w3id.org/csto-kg/id/"
# The namespaces whose terms must be declared in the ontology (docs/model.md, "Prefixes").
CHECKED_NAMESPACES = {
    "csto": CSTO,
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}
DECLARATION_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual)
NON_OWL2_DATATYPES = (XSD.date, XSD.gYear, XSD.gYearMonth, XSD.duration)


def c(local: str) -> URIRef:
    return URIRef(CSTO + local)


def ref(local: str) -> URIRef:
    return URIRef(ID + local)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY)


@pytest.fixture(scope="module")
def reference() -> Graph:
    return Graph().parse(REFERENCE)


def individuals(reference: Graph) -> list[URIRef]:
    """The reference individuals: every typed subject except the file's owl:Ontology header."""
    return sorted(
        {s for s, t in reference.subject_objects(RDF.type) if t != OWL.Ontology and isinstance(s, URIRef)}
    )


def literals(graph: Graph, subject: URIRef, predicate: URIRef, lang: str | None = None) -> list[Literal]:
    values = graph.objects(subject, predicate)
    return [o for o in values if isinstance(o, Literal) and (lang is None or o.language == lang)]


def arabic_names(graph: Graph, subject: URIRef) -> set[str]:
    """The names the gazetteer reads, normalised the way it compares them."""
    return {
        normalize_word(str(o))
        for p in (RDFS.label, SKOS.altLabel)
        for o in literals(graph, subject, p, "ar")
    }


# --- (a) parsing and the header --------------------------------------------------------------


def test_both_files_parse(ontology: Graph, reference: Graph) -> None:
    assert len(ontology) > 500
    assert len(reference) > 500


def test_ontology_header(ontology: Graph) -> None:
    header = URIRef("https://w3id.org/csto-kg/ontology")
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionIRI) == URIRef("https://w3id.org/csto-kg/ontology/0.1.0")
    assert str(ontology.value(header, OWL.versionInfo)) == "0.1.0"
    dcterms = "http://purl.org/dc/terms/"
    assert ontology.value(header, URIRef(dcterms + "license")) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    for field in ("title", "description", "created"):
        assert ontology.value(header, URIRef(dcterms + field)) is not None, field
    assert "SHACL" in str(ontology.value(header, RDFS.comment))


def test_nothing_is_imported_and_nothing_is_same_as(ontology: Graph, reference: Graph) -> None:
    """Protégé and owlready2 must open the files offline; Wikidata links stay annotations."""
    for graph in (ontology, reference):
        assert not list(graph.triples((None, OWL.imports, None)))
        assert not list(graph.triples((None, OWL.sameAs, None)))


# --- (b) labels and definitions -------------------------------------------------------------


def declared_terms(ontology: Graph) -> set[URIRef]:
    return {s for t in DECLARATION_TYPES for s in ontology.subjects(RDF.type, t) if isinstance(s, URIRef)}


def test_every_declared_term_has_labels_and_an_english_definition(ontology: Graph) -> None:
    problems = []
    for term in sorted(declared_terms(ontology)):
        for lang in ("en", "ar", "ru"):
            if len(literals(ontology, term, RDFS.label, lang)) != 1:
                problems.append(f"{term}: needs exactly one rdfs:label @{lang}")
        if not literals(ontology, term, SKOS.definition, "en"):
            problems.append(f"{term}: no skos:definition @en")
    assert not problems, "\n".join(problems)


def test_our_terms_have_arabic_definitions(ontology: Graph) -> None:
    ours = [t for t in declared_terms(ontology) if t.startswith(CSTO) and not t.endswith("Scheme")]
    missing = [t for t in ours if not literals(ontology, t, SKOS.definition, "ar")]
    assert not missing


def test_every_reference_individual_has_one_label_per_language(reference: Graph) -> None:
    problems = [
        f"{s}: {len(literals(reference, s, RDFS.label, lang))} rdfs:label @{lang}"
        for s in individuals(reference)
        for lang in ("en", "ar", "ru")
        if len(literals(reference, s, RDFS.label, lang)) != 1
    ]
    assert not problems, "\n".join(problems)


# --- the model's axioms, as docs/model.md states them ---------------------------------------


def test_model_classes_are_disjoint(ontology: Graph) -> None:
    (group,) = ontology.subjects(RDF.type, OWL.AllDisjointClasses)
    members = set(ontology.items(ontology.value(group, OWL.members)))
    assert members == {c(n) for n in ("Person", "State", "Organization", "Place", "Event", "Document")}


@pytest.mark.parametrize(
    "local", ["membershipStatus", "holder", "post", "ministryOf", "eventStatus", "signedDocument"]
)
def test_functional_properties(ontology: Graph, local: str) -> None:
    assert (c(local), RDF.type, OWL.FunctionalProperty) in ontology


def test_has_membership_is_the_inverse_of_org_member(ontology: Graph) -> None:
    assert ontology.value(c("hasMembership"), OWL.inverseOf) == URIRef("http://www.w3.org/ns/org#member")


def test_dates_and_durations_have_no_owl_range(ontology: Graph) -> None:
    """HermiT refuses xsd:date & co. in a range (DESIGN.md, Known traps): SHACL owns the datatypes."""
    for prop in (
        URIRef("https://schema.org/startDate"),
        URIRef("https://schema.org/endDate"),
        URIRef("https://schema.org/datePublished"),
        c("asOf"),
        c("firstSince"),
    ):
        assert ontology.value(prop, RDFS.range) in (None, RDFS.Literal), prop
    used = {o.datatype for o in ontology.objects() if isinstance(o, Literal)} | set(ontology.objects(None, RDFS.range))
    assert used.isdisjoint(NON_OWL2_DATATYPES)


@pytest.mark.parametrize(
    ("local", "notation", "scheme"),
    [
        ("member", "member", "MembershipStatusScheme"),
        ("suspended", "suspended", "MembershipStatusScheme"),
        ("withdrawn", "withdrawn", "MembershipStatusScheme"),
        ("held", "held", "EventStatusScheme"),
        ("planned", "planned", "EventStatusScheme"),
        ("cancelled", "cancelled", "EventStatusScheme"),
    ],
)
def test_status_concepts(ontology: Graph, local: str, notation: str, scheme: str) -> None:
    concept = c(local)
    assert (concept, RDF.type, c("Status")) in ontology
    assert (concept, RDF.type, OWL.NamedIndividual) in ontology
    assert ontology.value(concept, SKOS.notation) == Literal(notation)
    assert ontology.value(concept, SKOS.inScheme) == c(scheme)
    (group,) = ontology.subjects(RDF.type, OWL.AllDifferent)
    assert concept in set(ontology.items(ontology.value(group, OWL.members)))


# --- the reference individuals as a gazetteer ------------------------------------------------

_KIND_OF_CLASS = {
    "State": "state",
    "City": "city",
    "Person": "person",
    "Role": "role",
    "Place": "place",
    "Treaty": "treaty",
    "Charter": "treaty",
    "InternationalOrganization": "organization",
    "OrganizationBody": "organization",
    "Ministry": "organization",
    "MediaOrganization": "organization",
    "Organization": "organization",   # a movement or group that is none of the above (the Taliban)
}
_ALLOWED_PREDICATES = {
    RDF.type,
    RDFS.label,
    SKOS.altLabel,
    SKOS.hiddenLabel,  # a spelling the gazetteer matches but pages do not show (a short surname)
    c("demonym"),
    c("wikidata"),
    c("ministryOf"),
    c("foundingTreaty"),
    c("charter"),
    URIRef("http://www.w3.org/ns/org#unitOf"),
    URIRef("https://schema.org/containedInPlace"),
    # the dates that define an organization and a treaty: the episodes rule needs them
    # (a membership before the CSTO's founding is a treaty party; signing in the treaty's year
    # makes a founding signatory)
    URIRef("https://schema.org/foundingDate"),
    URIRef("https://schema.org/legislationDate"),
    # a protocol -> the treaty it extends: not signing it is leaving that treaty
    URIRef("https://schema.org/legislationChanges"),
}


def test_reference_iris_follow_the_model_patterns(reference: Graph) -> None:
    for s in individuals(reference):
        (cls,) = reference.objects(s, RDF.type)
        kind = _KIND_OF_CLASS[str(cls).removeprefix(CSTO)]
        assert re.fullmatch(re.escape(ID + kind + "/") + r"[a-z0-9]+(-[a-z0-9]+)*", str(s)), (s, cls)


def test_reference_holds_names_and_structure_only(reference: Graph) -> None:
    """No memberships, posts or dated events: those are facts that come from articles."""
    for s in individuals(reference):
        assert set(reference.predicates(s)) <= _ALLOWED_PREDICATES, s


def test_structural_links(reference: Graph) -> None:
    csto = ref("organization/csto")
    assert reference.value(csto, c("foundingTreaty")) == ref("treaty/collective-security-treaty")
    assert reference.value(csto, c("charter")) == ref("treaty/csto-charter")
    unit_of = URIRef("http://www.w3.org/ns/org#unitOf")
    for body in reference.subjects(RDF.type, c("OrganizationBody")):
        parent = reference.value(body, unit_of)
        assert (parent, RDF.type, c("InternationalOrganization")) in reference, body
        if str(body).startswith(str(csto) + "-"):
            assert parent == csto, body
    for city in reference.subjects(RDF.type, c("City")):
        state = reference.value(city, URIRef("https://schema.org/containedInPlace"))
        assert (state, RDF.type, c("State")) in reference, city
    for ministry in reference.subjects(RDF.type, c("Ministry")):
        assert (reference.value(ministry, c("ministryOf")), RDF.type, c("State")) in reference, ministry


def test_arabic_names_are_arabic(reference: Graph) -> None:
    arabic = [o for o in reference.objects() if isinstance(o, Literal) and o.language == "ar"]
    latin = [o for o in arabic if re.search("[A-Za-z]", o)]
    assert not latin


def test_no_two_individuals_share_an_arabic_name(reference: Graph) -> None:
    """The gazetteer would have to guess: a name (as normalised for matching) names one individual."""
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for s in individuals(reference):
        for name in arabic_names(reference, s):
            owners[name].add(s)
        for demonym in literals(reference, s, c("demonym")):
            owners[normalize_word(str(demonym))].add(s)
    shared = {name: sorted(who) for name, who in owners.items() if len(who) > 1}
    assert not shared


def test_states_have_arabic_demonyms_with_the_article(reference: Graph) -> None:
    for state in reference.subjects(RDF.type, c("State")):
        demonyms = literals(reference, state, c("demonym"))
        assert len(demonyms) >= 2, state
        assert all(d.language == "ar" and str(d).startswith("ال") for d in demonyms), state


def test_wikidata_links_are_typed_entity_iris(reference: Graph) -> None:
    links = list(reference.objects(None, c("wikidata")))
    assert len(links) >= 13
    for link in links:
        assert link.datatype == XSD.anyURI
        assert re.fullmatch(r"http://www\.wikidata\.org/entity/Q[1-9]\d*", str(link))
    assert reference.value(ref("state/russia"), c("wikidata")) == Literal(
        "http://www.wikidata.org/entity/Q159", datatype=XSD.anyURI
    )


@pytest.mark.parametrize(
    ("local", "written"),
    [
        ("person/sergey-lavrov", "سيرغي لافروف"),
        ("person/ararat-mirzoyan", "أرارات ميرزويان"),
        ("person/maria-zakharova", "ماريا زاخاروفا"),
        ("person/stanislav-zas", "ستانيسلاف زاس"),
        ("person/vladimir-putin", "فلاديمير بوتين"),
        ("person/kassym-jomart-tokayev", "قاسم جومارت توكاييف"),
        ("city/yerevan", "يريفان"),
        ("city/moscow", "موسكو"),
        ("city/tashkent", "طشقند"),
        ("state/russia", "روسيا الاتحادية"),
        ("state/armenia", "أرمينيا"),
        ("state/belarus", "بيلاروسيا"),
        ("state/kazakhstan", "جمهورية كازاخستان"),
        ("state/kyrgyzstan", "قرغيزستان"),
        ("state/tajikistan", "طاجيكستان"),
        ("state/uzbekistan", "أوزبكستان"),
        ("state/afghanistan", "أفغانستان"),
        ("organization/csto", "منظمة معاهدة الأمن الجماعي"),
        ("organization/csto-council-of-foreign-ministers", "مجلس وزراء خارجية منظمة معاهدة الأمن الجماعي"),
        ("organization/csto-joint-staff", "المقر المشترك"),
        ("organization/csto-collective-forces", "قوات المنظمة"),
        ("organization/nato", "حلف شمال الأطلسي"),
        ("organization/nato", "ناتو"),
        ("organization/russia-ministry-of-foreign-affairs", "وزارة الخارجية الروسية"),
        ("organization/tass", "تاس"),
        (
            "organization/group-of-strategic-vision-russia-islamic-world",
            'مجموعة الرؤية الاستراتيجية "روسيا - العالم الإسلامي"',
        ),
        ("treaty/csto-charter", "ميثاق المنظمة"),
        ("role/foreign-minister", "وزير الخارجية"),
        ("role/spokesperson", "المتحدثة الرسمية"),
        ("role/secretary-general", "الأمين العام"),
        ("role/president", "رئيس"),
    ],
)
def test_names_in_the_seed_article_are_in_the_gazetteer(reference: Graph, local: str, written: str) -> None:
    """Given the seed article, each name as written there belongs to the right individual."""
    assert normalize_word(written) in normalize_word(SEED_ARTICLE.read_text(encoding="utf-8"))
    assert normalize_word(written) in arabic_names(reference, ref(local))


@pytest.mark.parametrize(
    ("written", "state"),
    [("الروسي", "russia"), ("الروسية", "russia"), ("الأرميني", "armenia"), ("الأرمنية", "armenia")],
)
def test_demonyms_in_the_seed_article(reference: Graph, written: str, state: str) -> None:
    assert written in SEED_ARTICLE.read_text(encoding="utf-8")
    assert Literal(written, lang="ar") in set(reference.objects(ref(f"state/{state}"), c("demonym")))


# --- (c) owlready2 ---------------------------------------------------------------------------


def test_owlready2_loads_both_files(tmp_path: Path) -> None:
    world = owlready2.World()
    try:
        for source in (ONTOLOGY, REFERENCE):
            target = tmp_path / f"{source.stem}.nt"
            Graph().parse(source).serialize(destination=target, format="nt", encoding="utf-8")
            world.get_ontology(target.as_uri()).load(format="ntriples")
        member_state = world[CSTO + "MemberState"]
        assert isinstance(member_state, owlready2.ThingClass)
        assert world[CSTO + "State"] in world[ID + "state/russia"].is_a
        assert world[CSTO + "hasMembership"].inverse_property is world["http://www.w3.org/ns/org#member"]
    finally:
        world.close()


# --- (d)-(f) HermiT --------------------------------------------------------------------------

TEST_DATA = """
@prefix csto:   <https://w3id.org/csto-kg/ontology#> .
@prefix org:    <http://www.w3.org/ns/org#> .
@prefix schema: <https://schema.org/> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
@prefix t:      <http://example.org/test/> .

t:member-state a csto:State .
t:current a csto:Membership ;
    org:member t:member-state ;
    org:organization <https://w3id.org/csto-kg/id/organization/csto> ;
    csto:membershipStatus csto:member ;
    schema:startDate "1992-05-15"^^xsd:date ;
    csto:asOf "2022-06"^^xsd:gYearMonth .

t:former-member a csto:State .
t:ended a csto:Membership ;
    org:member t:former-member ;
    org:organization <https://w3id.org/csto-kg/id/organization/csto> ;
    csto:membershipStatus csto:withdrawn ;
    schema:endDate "2012"^^xsd:gYear .
"""
T = "http://example.org/test/"


@pytest.fixture(scope="module")
def plain_report() -> ReasoningReport:
    return check_consistency([ONTOLOGY, REFERENCE])


@pytest.fixture(scope="module")
def classified() -> ReasoningReport:
    return check_consistency([ONTOLOGY, REFERENCE], Graph().parse(data=TEST_DATA, format="turtle"))


def test_ontology_and_reference_are_consistent(plain_report: ReasoningReport) -> None:
    assert plain_report.consistent, plain_report.message
    assert plain_report.inferred_types == {}, "every reference individual should carry its own type"


def test_a_state_with_a_current_membership_is_a_member_state(classified: ReasoningReport) -> None:
    assert classified.consistent, classified.message
    assert classified.inferred_types[T + "member-state"] == [CSTO + "MemberState"]
    assert classified.inferred_types[T + "current"] == [CSTO + "CurrentMembership"]


def test_a_state_that_withdrew_is_not_a_member_state(classified: ReasoningReport) -> None:
    assert T + "former-member" not in classified.inferred_types
    assert T + "ended" not in classified.inferred_types


def test_date_literals_are_left_out_and_reported(classified: ReasoningReport) -> None:
    xsd = "http://www.w3.org/2001/XMLSchema#"
    in_reference = sum(1 for o in Graph().parse(REFERENCE).objects() if isinstance(o, Literal) and str(o.datatype) == xsd + "date")
    assert in_reference == 2  # the CSTO's founding, the treaty's signing
    assert f"{3 + in_reference} literal(s)" in classified.message


CONTRADICTIONS = {
    "person and state": "t:x a csto:Person , csto:State .",
    "two membership statuses": "t:m a csto:Membership ; csto:membershipStatus csto:member , csto:withdrawn .",
    "a ministry of a person": "t:m a csto:Ministry ; csto:ministryOf person:sergey-lavrov .",
}


def contradiction(statement: str) -> Graph:
    prefixes = (
        "@prefix csto: <https://w3id.org/csto-kg/ontology#> . @prefix t: <http://example.org/test/> .\n"
        "@prefix person: <https://w3id.org/csto-kg/id/person/> .\n"
    )
    return Graph().parse(data=prefixes + statement, format="turtle")


@pytest.mark.parametrize("statement", CONTRADICTIONS.values(), ids=CONTRADICTIONS.keys())
def test_a_contradiction_is_reported_inconsistent(statement: str) -> None:
    report = check_consistency([ONTOLOGY, REFERENCE], contradiction(statement))
    assert not report.consistent
    assert "inconsistent" in report.message
    assert report.inferred_types == {}


def test_no_temporary_file_is_left_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """owlready2 keeps its HermiT input file when the ontology is inconsistent; ours must not."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    report = check_consistency([ONTOLOGY], contradiction(CONTRADICTIONS["person and state"]))
    assert not report.consistent
    assert list(tmp_path.iterdir()) == []
    assert tempfile.tempdir == str(tmp_path)


def test_a_reasoner_failure_is_an_error_not_a_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(owlready2, "JAVA_EXE", "false")
    with pytest.raises(ReasoningError):
        check_consistency([ONTOLOGY])


def test_each_call_starts_from_a_fresh_world(classified: ReasoningReport) -> None:
    """After a call with test data, a call without it knows nothing of that data."""
    assert classified.inferred_types
    again = check_consistency([ONTOLOGY])
    assert again.consistent
    assert not any(iri.startswith(T) for iri in again.inferred_types)


def test_reasonable_triples_drops_only_what_hermit_refuses() -> None:
    graph = Graph().parse(data=TEST_DATA, format="turtle")
    graph.add((URIRef(T + "x"), OWL.imports, URIRef("https://w3id.org/csto-kg/ontology")))
    kept, stripped = reasonable_triples(graph)
    assert stripped == 3
    assert len(kept) == len(graph) - 4
    assert not any(isinstance(o, Literal) and o.datatype in NON_OWL2_DATATYPES for o in kept.objects())


# --- (g) every used term is declared ---------------------------------------------------------

_LOCAL_NAME = re.compile(r"[A-Za-z_][\w-]*")
_PREFIX_DECLARATION = re.compile(r"(?im)^\s*@?prefix\s+([A-Za-z][\w-]*)?:\s*<([^>]*)>")
_FULL_IRI = re.compile(r"<([^<>\s]+)>")
_YAML_TERM = re.compile(r"\b(csto|org|schema|prov|oa|dcterms|skos):[A-Za-z][\w-]*")


def checked_term(iri: str) -> str | None:
    """iri if it names a term in one of the checked namespaces (not a namespace or a deeper path)."""
    for namespace in CHECKED_NAMESPACES.values():
        if iri.startswith(namespace) and _LOCAL_NAME.fullmatch(iri[len(namespace) :]):
            return iri
    return None


def expand(name: str, prefixes: dict[str, str]) -> str | None:
    """A compact IRI (prefix:local) or absolute IRI, as a checked term, else None."""
    prefix, colon, local = name.partition(":")
    if colon and prefix in prefixes and _LOCAL_NAME.fullmatch(local):
        return checked_term(prefixes[prefix] + local)
    return checked_term(name)


def terms_in_turtle(path: Path) -> set[str]:
    graph = Graph().parse(path, format="turtle")
    return {str(t) for triple in graph for t in triple if isinstance(t, URIRef) and checked_term(str(t))}


def terms_in_sparql(path: Path) -> set[str]:
    """Prefixed names and <IRIs> outside comment lines; undeclared prefixes fall back to the model's."""
    lines = path.read_text(encoding="utf-8").splitlines()
    text = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    prefixes = CHECKED_NAMESPACES | {p or "": iri for p, iri in _PREFIX_DECLARATION.findall(text)}
    found = {t for iri in _FULL_IRI.findall(text) if (t := checked_term(iri))}
    for prefix, namespace in prefixes.items():
        for local in re.findall(rf"(?<![\w:/#.-]){re.escape(prefix)}:([A-Za-z_][\w-]*)", text):
            if term := checked_term(namespace + local):
                found.add(term)
    return found


def _json_strings(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _json_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _json_strings(item)
    elif isinstance(node, str):
        yield node


def _json_contexts(node: object) -> Iterator[dict]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                yield from (v for v in (value if isinstance(value, list) else [value]) if isinstance(v, dict))
            yield from _json_contexts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _json_contexts(item)


def terms_in_json(path: Path) -> set[str]:
    """Every key and string of the document, expanded with its contexts' prefixes (model's as fallback)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    prefixes = dict(CHECKED_NAMESPACES)
    for context in _json_contexts(document):
        for term, definition in context.items():
            if isinstance(definition, dict) and definition.get("@prefix") and isinstance(definition.get("@id"), str):
                definition = definition["@id"]
            if isinstance(definition, str) and definition.endswith(("/", "#")):
                prefixes[term] = definition
    return {t for s in _json_strings(document) if (t := expand(s, prefixes))}


def terms_in_yaml(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    yaml.safe_load(text)  # a broken file should fail here, not pass silently
    return {t for m in _YAML_TERM.finditer(text) if (t := expand(m.group(), CHECKED_NAMESPACES))}


def used_terms(path: Path) -> set[str]:
    if path.suffix == ".ttl":
        return terms_in_turtle(path)
    if path.suffix == ".rq":
        return terms_in_sparql(path)
    if path.suffix in (".json", ".jsonld"):
        return terms_in_json(path)
    if path.suffix in (".yaml", ".yml"):
        return terms_in_yaml(path)
    raise ValueError(f"no term collector for {path}")


def project_files() -> list[Path]:
    patterns = {
        "mappings": ("*.jsonld", "*.json", "*.yaml", "*.yml", "*.rq", "*.ttl"),
        "shapes": ("*.ttl",),
        "queries": ("*.rq",),
    }
    files = [f for folder, globs in patterns.items() for g in globs for f in (ROOT / folder).rglob(g)]
    return sorted(files) + [REFERENCE]


def undeclared(paths: list[Path], ontology: Graph) -> dict[str, list[str]]:
    declared = {str(t) for t in declared_terms(ontology)}
    missing = {str(p): sorted(used_terms(p) - declared) for p in paths}
    return {path: terms for path, terms in missing.items() if terms}


def test_every_term_used_in_mappings_shapes_and_queries_is_declared(ontology: Graph) -> None:
    assert undeclared(project_files(), ontology) == {}


def test_prefixes_bind_the_model_namespaces() -> None:
    """schema: is https://schema.org/ (docs/model.md); a wrong binding would also hide terms from the check above."""
    wrong = []
    for path in project_files():
        if path.suffix in (".ttl", ".rq"):
            bindings = _PREFIX_DECLARATION.findall(path.read_text(encoding="utf-8"))
        elif path.suffix in (".json", ".jsonld"):
            contexts = _json_contexts(json.loads(path.read_text(encoding="utf-8")))
            bindings = [(k, v) for ctx in contexts for k, v in ctx.items() if isinstance(v, str)]
        else:
            continue
        for prefix, iri in bindings:
            if (prefix in CHECKED_NAMESPACES and iri != CHECKED_NAMESPACES[prefix]) or iri == "http://schema.org/":
                wrong.append(f"{path}: {prefix}: <{iri}>")
    assert not wrong


def test_the_collectors_find_undeclared_terms(tmp_path: Path, ontology: Graph) -> None:
    """The check above can fail: each collector reports a made-up term and ignores what it should."""
    (tmp_path / "shape.ttl").write_text(
        "@prefix csto: <https://w3id.org/csto-kg/ontology#> . @prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "csto:Shape a sh:NodeShape ; sh:targetClass csto:State ; sh:path csto:undeclaredInTurtle .\n",
        encoding="utf-8",
    )
    (tmp_path / "query.rq").write_text(
        "PREFIX csto: <https://w3id.org/csto-kg/ontology#>\nPREFIX s: <https://schema.org/>\n"
        "# csto:ignoredInComment\n"
        "SELECT ?x WHERE { ?x a csto:State ; s:undeclaredInSparql ?y ; <http://www.w3.org/ns/org#undeclaredIri> ?z }\n",
        encoding="utf-8",
    )
    (tmp_path / "context.jsonld").write_text(
        json.dumps(
            {
                "@context": {
                    "c": "https://w3id.org/csto-kg/ontology#",
                    "sh": "http://www.w3.org/ns/shacl#",
                    "State": "c:State",
                    "wrong": {"@id": "c:undeclaredInJson", "@type": "@id"},
                    "shape": "sh:NodeShape",
                }
            }
        ),
        encoding="utf-8",
    )
    (tmp_path / "lexicon.yaml").write_text("kind: csto:Summit\nother: skos:undeclaredInYaml\n", encoding="utf-8")
    files = sorted(tmp_path.iterdir())
    assert undeclared(files, ontology) == {
        str(tmp_path / "context.jsonld"): [CSTO + "undeclaredInJson"],
        str(tmp_path / "lexicon.yaml"): ["http://www.w3.org/2004/02/skos/core#undeclaredInYaml"],
        str(tmp_path / "query.rq"): ["http://www.w3.org/ns/org#undeclaredIri", "https://schema.org/undeclaredInSparql"],
        str(tmp_path / "shape.ttl"): [CSTO + "Shape", CSTO + "undeclaredInTurtle"],
    }
