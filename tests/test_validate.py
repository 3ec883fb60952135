"""The SHACL gate: the hand-written article graph conforms, and breaking one rule is reported.

Each case mutates a copy of tests/data/article_graph.ttl with a SPARQL UPDATE and states the
complete set of results expected, as (severity, focus node, path, source shape): a mutation must
break the rule it names and nothing else.
"""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib.namespace import RDF, SH

from csto_kg.validate import ShapesValidator, ValidationReport, Violation, default_shapes_path

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "csto.ttl"

ID = "https://w3id.org/csto-kg/id/"
CSH = "https://w3id.org/csto-kg/shapes#"
CSTO = "https://w3id.org/csto-kg/ontology#"
SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
OA = "http://www.w3.org/ns/oa#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

ARTICLE = ID + "article/test-1"
MEMBERSHIP_ARMENIA = ID + "membership/csto--armenia"
MEMBERSHIP_UZBEKISTAN = ID + "membership/csto--uzbekistan"
CHAIRMANSHIP = ID + "chairmanship/csto--armenia--2022"
POST = ID + "post/foreign-minister-of-russia"
INCUMBENCY = ID + "incumbency/sergey-lavrov--foreign-minister-of-russia"
SUMMIT = ID + "event/summit-csto-moscow-2022-05-16"
SIGNING = ID + "event/signing-collective-security-treaty-1992-05-15"
REQUEST = ID + "event/assistance-request-kazakhstan-2022-01"
PLAN = ID + "document/plan-foreign-policy-consultations-2022-2024"
EVIDENCE_ARMENIA = ID + "evidence/test-1/0-50"
EVIDENCE_UZBEKISTAN = ID + "evidence/test-1/58-94"
MENTION_MOSCOW = ID + "mention/test-1/200-205"

PREFIXES = """
PREFIX csto: <https://w3id.org/csto-kg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX article: <https://w3id.org/csto-kg/id/article/>
PREFIX state: <https://w3id.org/csto-kg/id/state/>
PREFIX organization: <https://w3id.org/csto-kg/id/organization/>
PREFIX person: <https://w3id.org/csto-kg/id/person/>
PREFIX city: <https://w3id.org/csto-kg/id/city/>
PREFIX role: <https://w3id.org/csto-kg/id/role/>
PREFIX post: <https://w3id.org/csto-kg/id/post/>
PREFIX treaty: <https://w3id.org/csto-kg/id/treaty/>
PREFIX document: <https://w3id.org/csto-kg/id/document/>
PREFIX event: <https://w3id.org/csto-kg/id/event/>
PREFIX membership: <https://w3id.org/csto-kg/id/membership/>
PREFIX chairmanship: <https://w3id.org/csto-kg/id/chairmanship/>
PREFIX incumbency: <https://w3id.org/csto-kg/id/incumbency/>
PREFIX evidence: <https://w3id.org/csto-kg/id/evidence/test-1/>
PREFIX mention: <https://w3id.org/csto-kg/id/mention/test-1/>
"""

Result = tuple[str, str, str | None, str | None]


def violation(focus: str, path: str | None, shape: str) -> Result:
    return ("Violation", focus, path, CSH + shape)


def warning(focus: str, path: str | None, shape: str) -> Result:
    return ("Warning", focus, path, CSH + shape)


def mutated(graph: rdflib.Graph, update: str) -> rdflib.Graph:
    """A copy of `graph` with a SPARQL UPDATE applied; the update must change something."""
    copy = rdflib.Graph()
    copy += graph
    copy.update(PREFIXES + update)
    assert set(copy) != set(graph), "the mutation changed nothing"
    return copy


def results(report: ValidationReport) -> set[Result]:
    return {(v.severity, v.focus, v.path, v.shape) for v in report.violations}


def test_default_shapes_path_is_the_repository_shapes_file() -> None:
    assert default_shapes_path() == ROOT / "shapes" / "csto.shapes.ttl"
    assert default_shapes_path().is_file()


def test_shapes_are_valid_shacl() -> None:
    shapes = rdflib.Graph().parse(default_shapes_path())
    conforms, _, text = pyshacl.validate(rdflib.Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_every_named_constraint_explains_itself_in_english() -> None:
    """Each shape that can produce a result has an English message and a stated severity."""
    shapes = rdflib.Graph().parse(default_shapes_path())
    producing = set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(shapes.subjects(SH["or"], None))
    named = {s for s in producing if isinstance(s, rdflib.URIRef)}
    assert len(named) > 50
    for shape in named:
        messages = [m for m in shapes.objects(shape, SH.message) if m.language == "en"]
        assert messages, f"{shape} has no English sh:message"
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning), shape
    for constraint in shapes.subjects(RDF.type, SH.SPARQLConstraint):
        assert any(m.language == "en" for m in shapes.objects(constraint, SH.message)), constraint


def test_fixture_conforms(validator: ShapesValidator, article: rdflib.Graph) -> None:
    report = validator.validate(article)
    assert report.conforms, report.text()
    assert report.violations == ()


def test_every_quote_in_the_fixture_is_the_body_slice(article: rdflib.Graph) -> None:
    """Guards the fixture itself: its offsets are exact, so quote failures below mean the shapes."""
    body = str(article.value(rdflib.URIRef(ARTICLE), rdflib.URIRef(SCHEMA + "articleBody")))
    rows = article.query(PREFIXES + """
        SELECT ?start ?end ?exact WHERE {
            ?span oa:hasSelector ?p, ?q .
            ?p oa:start ?start ; oa:end ?end .
            ?q oa:exact ?exact .
        }""")
    checked = 0
    for start, end, exact in rows:
        assert body[int(start):int(end)] == str(exact)
        checked += 1
    assert checked == 9  # eight evidence spans and one mention


CASES = [
    # ---------------------------------------------------------------- the brief's list
    pytest.param(
        'INSERT DATA { membership:csto--uzbekistan schema:startDate "2013"^^xsd:gYear }',
        {violation(MEMBERSHIP_UZBEKISTAN, SCHEMA + "endDate", "MembershipShape")},
        id="membership-end-before-start",
    ),
    pytest.param(
        "INSERT DATA { event:signing-collective-security-treaty-1992-05-15 csto:signatory city:tashkent }",
        {violation(SIGNING, CSTO + "signatory", "signatory")},
        id="signatory-is-a-city",
    ),
    pytest.param(
        "DELETE WHERE { chairmanship:csto--armenia--2022 csto:evidence ?e }",
        {violation(CHAIRMANSHIP, CSTO + "evidence", "ChairmanshipShape")},  # csh:FactHasEvidence
        id="fact-without-evidence",
    ),
    pytest.param(
        """DELETE { ?q oa:exact ?e } INSERT { ?q oa:exact "روسيا" }
           WHERE { evidence:58-94 oa:hasSelector ?q . ?q oa:exact ?e }""",
        {violation(ARTICLE, OA + "hasSelector", "NewsArticleShape")},
        id="quote-not-in-body",
    ),
    pytest.param(
        # An empty span cannot hold the quote either, so the quote check fires too.
        """DELETE { ?p oa:end ?e } INSERT { ?p oa:end "0"^^xsd:nonNegativeInteger }
           WHERE { evidence:0-50 oa:hasSelector ?p . ?p oa:end ?e }""",
        {
            violation(EVIDENCE_ARMENIA + "#position", OA + "start", "selectorStartBeforeEnd"),
            violation(ARTICLE, OA + "hasSelector", "NewsArticleShape"),
        },
        id="evidence-start-not-before-end",
    ),
    pytest.param(
        """DELETE { chairmanship:csto--armenia--2022 schema:startDate ?d }
           INSERT { chairmanship:csto--armenia--2022 schema:startDate "2022" }
           WHERE { chairmanship:csto--armenia--2022 schema:startDate ?d }""",
        {violation(CHAIRMANSHIP, SCHEMA + "startDate", "startDate")},
        id="date-typed-as-string",
    ),
    pytest.param(
        'DELETE DATA { state:kazakhstan rdfs:label "كازاخستان"@ar }',
        {violation(ID + "state/kazakhstan", LABEL, "arabicLabel")},
        id="label-without-arabic",
    ),
    pytest.param(
        """DELETE DATA { membership:csto--armenia csto:membershipStatus csto:member } ;
           INSERT DATA { membership:csto--armenia csto:membershipStatus csto:held }""",
        {violation(MEMBERSHIP_ARMENIA, CSTO + "membershipStatus", "membershipStatus")},
        id="membership-status-not-allowed",
    ),
    pytest.param(
        "INSERT DATA { membership:csto--armenia csto:membershipStatus csto:suspended }",
        {violation(MEMBERSHIP_ARMENIA, CSTO + "membershipStatus", "membershipStatus")},
        id="two-membership-statuses",
    ),
    pytest.param(
        "DELETE { evidence:0-50 csto:confidence ?c } INSERT { evidence:0-50 csto:confidence 1.5 }"
        " WHERE { evidence:0-50 csto:confidence ?c }",
        {violation(EVIDENCE_ARMENIA, CSTO + "confidence", "confidence")},
        id="confidence-above-one",
    ),
    pytest.param(
        "DELETE WHERE { article:test-1 schema:headline ?h }",
        {violation(ARTICLE, SCHEMA + "headline", "headlineCount")},
        id="missing-headline",
    ),
    # ---------------------------------------------------------------- news articles
    pytest.param(
        """DELETE { article:test-1 schema:headline ?h } INSERT { article:test-1 schema:headline ?plain }
           WHERE { article:test-1 schema:headline ?h BIND (STR(?h) AS ?plain) }""",
        {violation(ARTICLE, SCHEMA + "headline", "headlineArabic")},
        id="headline-without-language-tag",
    ),
    pytest.param(
        'INSERT DATA { article:test-1 schema:headline "عنوان آخر"@ar }',
        {violation(ARTICLE, SCHEMA + "headline", "headlineCount")},
        id="two-headlines",
    ),
    pytest.param(
        """DELETE DATA { article:test-1 schema:datePublished "2022-06-10"^^xsd:date } ;
           INSERT DATA { article:test-1 schema:datePublished "2022"^^xsd:gYear }""",
        {violation(ARTICLE, SCHEMA + "datePublished", "datePublished")},
        id="publication-date-not-a-day",
    ),
    pytest.param(
        # Without the body the quotes cannot be checked: only the missing body is reported.
        "DELETE WHERE { article:test-1 schema:articleBody ?b }",
        {violation(ARTICLE, SCHEMA + "articleBody", "NewsArticleShape")},  # csh:QuotedArticleHasBody
        id="missing-body",
    ),
    pytest.param(
        'DELETE DATA { article:test-1 schema:inLanguage "ar" } ; INSERT DATA { article:test-1 schema:inLanguage "en" }',
        {violation(ARTICLE, SCHEMA + "inLanguage", "inLanguage")},
        id="language-not-arabic",
    ),
    pytest.param(
        """DELETE { article:test-1 schema:url ?u } INSERT { article:test-1 schema:url "https://example.org/x" }
           WHERE { article:test-1 schema:url ?u }""",
        {violation(ARTICLE, SCHEMA + "url", "url")},
        id="url-as-plain-string",
    ),
    pytest.param(
        "INSERT DATA { article:test-1 dcterms:source state:russia }",
        {violation(ARTICLE, DCTERMS + "source", "source")},
        id="source-is-a-state",
    ),
    pytest.param(
        "INSERT DATA { article:test-1 schema:publisher person:sergey-lavrov }",
        {violation(ARTICLE, SCHEMA + "publisher", "publisher")},
        id="publisher-is-a-person",
    ),
    pytest.param(
        "INSERT DATA { article:test-1 csto:imageCredit city:moscow }",
        {violation(ARTICLE, CSTO + "imageCredit", "imageCredit")},
        id="image-credited-to-a-city",
    ),
    # ---------------------------------------------------------------- labels
    pytest.param(
        'INSERT DATA { state:russia rdfs:label "Russie"@fr }',
        {warning(ID + "state/russia", LABEL, "labelLanguages")},
        id="label-in-another-language",
    ),
    pytest.param(
        'INSERT DATA { state:russia rdfs:label "روسيا الاتحادية"@ar }',
        {warning(ID + "state/russia", LABEL, "labelUniqueLang")},
        id="two-arabic-labels",
    ),
    pytest.param(
        'DELETE DATA { post:foreign-minister-of-russia rdfs:label "وزير خارجية روسيا"@ar }',
        {violation(POST, LABEL, "arabicLabel")},
        id="post-without-arabic-label",
    ),
    pytest.param(
        "DELETE WHERE { event:summit-csto-moscow-2022-05-16 rdfs:label ?l }",
        {violation(SUMMIT, LABEL, "arabicLabel")},
        id="event-without-label",
    ),
    # ---------------------------------------------------------------- memberships and chairmanships
    pytest.param(
        "DELETE WHERE { membership:csto--armenia org:member ?m }",
        {violation(MEMBERSHIP_ARMENIA, ORG + "member", "membershipMember")},
        id="membership-without-member",
    ),
    pytest.param(
        """DELETE DATA { membership:csto--armenia org:organization organization:csto } ;
           INSERT DATA { membership:csto--armenia org:organization state:russia }""",
        {violation(MEMBERSHIP_ARMENIA, ORG + "organization", "membershipOrganization")},
        id="membership-in-a-state",
    ),
    pytest.param(
        "DELETE WHERE { membership:csto--armenia csto:membershipStatus ?s }",
        {violation(MEMBERSHIP_ARMENIA, CSTO + "membershipStatus", "membershipStatus")},
        id="membership-without-status",
    ),
    pytest.param(
        "DELETE WHERE { membership:csto--uzbekistan schema:endDate ?d }",
        {violation(MEMBERSHIP_UZBEKISTAN, None, "WithdrawnMembershipDatedShape")},
        id="withdrawn-without-end-or-as-of",
    ),
    pytest.param(
        'INSERT DATA { membership:csto--armenia schema:endDate "2023"^^xsd:gYear }',
        {violation(MEMBERSHIP_ARMENIA, None, "CurrentMembershipOpenShape")},
        id="current-member-with-end-date",
    ),
    pytest.param(
        'INSERT DATA { membership:csto--armenia csto:asOf "2022-06"^^xsd:gYearMonth }',
        {violation(MEMBERSHIP_ARMENIA, CSTO + "asOf", "asOf")},
        id="two-as-of-dates",
    ),
    pytest.param(
        """DELETE DATA { membership:csto--uzbekistan schema:endDate "2012"^^xsd:gYear } ;
           INSERT DATA { membership:csto--uzbekistan schema:endDate "2012-13-45"^^xsd:date }""",
        {violation(MEMBERSHIP_UZBEKISTAN, SCHEMA + "endDate", "endDate")},
        id="ill-formed-date",
    ),
    pytest.param(
        """DELETE WHERE { chairmanship:csto--armenia--2022 schema:startDate ?s } ;
           DELETE WHERE { chairmanship:csto--armenia--2022 csto:asOf ?a }""",
        {violation(CHAIRMANSHIP, None, "ChairmanshipDatedShape")},
        id="chairmanship-undated",
    ),
    pytest.param(
        """DELETE DATA { chairmanship:csto--armenia--2022 org:member state:armenia } ;
           INSERT DATA { chairmanship:csto--armenia--2022 org:member person:sergey-lavrov }""",
        {violation(CHAIRMANSHIP, ORG + "member", "membershipMember")},
        id="chairmanship-held-by-a-person",
    ),
    pytest.param(
        "DELETE WHERE { chairmanship:csto--armenia--2022 prov:wasDerivedFrom ?a }",
        {violation(CHAIRMANSHIP, PROV + "wasDerivedFrom", "factDerivedFrom")},
        id="fact-without-provenance",
    ),
    # ---------------------------------------------------------------- posts and incumbencies
    pytest.param(
        "DELETE WHERE { post:foreign-minister-of-russia org:role ?r }",
        {violation(POST, ORG + "role", "postRole")},
        id="post-without-role",
    ),
    pytest.param(
        """DELETE DATA { post:foreign-minister-of-russia org:postIn state:russia } ;
           INSERT DATA { post:foreign-minister-of-russia org:postIn city:moscow }""",
        {violation(POST, ORG + "postIn", "postIn")},
        id="post-in-a-city",
    ),
    pytest.param(
        "INSERT DATA { post:foreign-minister-of-russia org:heldBy state:russia }",
        {violation(POST, ORG + "heldBy", "postHeldBy")},
        id="post-held-by-a-state",
    ),
    pytest.param(
        """DELETE DATA { incumbency:sergey-lavrov--foreign-minister-of-russia csto:holder person:sergey-lavrov } ;
           INSERT DATA { incumbency:sergey-lavrov--foreign-minister-of-russia csto:holder state:russia }""",
        {violation(INCUMBENCY, CSTO + "holder", "incumbencyHolder")},
        id="incumbent-is-a-state",
    ),
    pytest.param(
        "DELETE WHERE { incumbency:sergey-lavrov--foreign-minister-of-russia csto:post ?p }",
        {violation(INCUMBENCY, CSTO + "post", "incumbencyPost")},
        id="incumbency-without-post",
    ),
    pytest.param(
        """INSERT DATA { incumbency:sergey-lavrov--foreign-minister-of-russia
               schema:startDate "2004-03-09"^^xsd:date ; schema:endDate "2004"^^xsd:gYear ;
               schema:endDate "2003-12"^^xsd:gYearMonth }""",
        {
            violation(INCUMBENCY, SCHEMA + "endDate", "endDate"),
            violation(INCUMBENCY, SCHEMA + "endDate", "IncumbencyShape"),
        },
        id="incumbency-two-end-dates-one-before-start",
    ),
    # ---------------------------------------------------------------- events
    pytest.param(
        "DELETE WHERE { event:summit-csto-moscow-2022-05-16 csto:eventStatus ?s }",
        {violation(SUMMIT, CSTO + "eventStatus", "eventStatus")},
        id="event-without-status",
    ),
    pytest.param(
        """DELETE DATA { event:summit-csto-moscow-2022-05-16 csto:eventStatus csto:held } ;
           INSERT DATA { event:summit-csto-moscow-2022-05-16 csto:eventStatus csto:withdrawn }""",
        {violation(SUMMIT, CSTO + "eventStatus", "eventStatus")},
        id="event-status-not-allowed",
    ),
    pytest.param(
        'INSERT DATA { event:summit-csto-moscow-2022-05-16 schema:startDate "2022-05-17"^^xsd:date }',
        {violation(SUMMIT, SCHEMA + "startDate", "startDate")},
        id="event-two-start-dates",
    ),
    pytest.param(
        'INSERT DATA { event:summit-csto-moscow-2022-05-16 schema:endDate "2022-05-15"^^xsd:date }',
        {violation(SUMMIT, SCHEMA + "endDate", "EventShape")},
        id="event-ends-before-it-starts",
    ),
    pytest.param(
        "INSERT DATA { event:summit-csto-moscow-2022-05-16 schema:location person:sergey-lavrov }",
        {violation(SUMMIT, SCHEMA + "location", "eventLocation")},
        id="event-located-at-a-person",
    ),
    pytest.param(
        "INSERT DATA { event:summit-csto-moscow-2022-05-16 schema:organizer state:russia }",
        {violation(SUMMIT, SCHEMA + "organizer", "eventOrganizer")},
        id="event-organized-by-a-state",
    ),
    pytest.param(
        "INSERT DATA { event:summit-csto-moscow-2022-05-16 csto:participant city:moscow }",
        {violation(SUMMIT, CSTO + "participant", "eventParticipant")},
        id="participant-is-a-city",
    ),
    pytest.param(
        """DELETE WHERE { event:summit-csto-moscow-2022-05-16 csto:firstSince ?d } ;
           INSERT DATA { event:summit-csto-moscow-2022-05-16 csto:firstSince "2.5"^^xsd:decimal }""",
        {violation(SUMMIT, CSTO + "firstSince", "firstSince")},
        id="first-since-not-a-duration",
    ),
    pytest.param(
        "DELETE WHERE { event:signing-collective-security-treaty-1992-05-15 csto:signedDocument ?d }",
        {violation(SIGNING, CSTO + "signedDocument", "signedDocument")},
        id="signing-without-document",
    ),
    pytest.param(
        "INSERT DATA { event:signing-collective-security-treaty-1992-05-15 csto:signedDocument state:russia }",
        {violation(SIGNING, CSTO + "signedDocument", "signedDocument")},
        id="signing-of-a-state",
    ),
    pytest.param(
        "INSERT DATA { event:signing-collective-security-treaty-1992-05-15 csto:signer state:russia }",
        {violation(SIGNING, CSTO + "signer", "signer")},
        id="signer-is-a-state",
    ),
    pytest.param(
        "DELETE WHERE { event:assistance-request-kazakhstan-2022-01 csto:requester ?r }",
        {violation(REQUEST, CSTO + "requester", "requester")},
        id="request-without-requester",
    ),
    pytest.param(
        "INSERT DATA { event:assistance-request-kazakhstan-2022-01 csto:requester organization:csto }",
        {violation(REQUEST, CSTO + "requester", "requester")},
        id="requester-is-an-organization",
    ),
    pytest.param(
        "DELETE WHERE { event:assistance-request-kazakhstan-2022-01 csto:addressee ?a }",
        {violation(REQUEST, CSTO + "addressee", "addressee")},
        id="request-without-addressee",
    ),
    pytest.param(
        "DELETE WHERE { event:assistance-request-kazakhstan-2022-01 csto:evidence ?e }",
        {violation(REQUEST, CSTO + "evidence", "EventShape")},  # csh:FactHasEvidence
        id="event-without-evidence",
    ),
    # ---------------------------------------------------------------- documents
    pytest.param(
        """DELETE DATA { document:plan-foreign-policy-consultations-2022-2024 schema:temporalCoverage "2022/2024" } ;
           INSERT DATA { document:plan-foreign-policy-consultations-2022-2024 schema:temporalCoverage "2022-2024" }""",
        {violation(PLAN, SCHEMA + "temporalCoverage", "temporalCoverage")},
        id="temporal-coverage-not-an-interval",
    ),
    pytest.param(
        "DELETE WHERE { treaty:collective-security-treaty rdfs:label ?l }",
        {violation(ID + "treaty/collective-security-treaty", LABEL, "arabicLabel")},
        id="treaty-without-label",
    ),
    # ---------------------------------------------------------------- evidence, selectors, mentions
    pytest.param(
        "DELETE WHERE { evidence:0-50 oa:hasSource ?a }",
        {violation(EVIDENCE_ARMENIA, OA + "hasSource", "spanSource")},
        id="evidence-without-source",
    ),
    pytest.param(
        "DELETE WHERE { evidence:0-50 csto:extractionRule ?r }",
        {violation(EVIDENCE_ARMENIA, CSTO + "extractionRule", "extractionRule")},
        id="evidence-without-rule",
    ),
    pytest.param(
        "DELETE WHERE { evidence:0-50 csto:confidence ?c }",
        {violation(EVIDENCE_ARMENIA, CSTO + "confidence", "confidence")},
        id="evidence-without-confidence",
    ),
    pytest.param(
        'DELETE WHERE { evidence:0-50 csto:confidence ?c } ; INSERT DATA { evidence:0-50 csto:confidence "high" }',
        {violation(EVIDENCE_ARMENIA, CSTO + "confidence", "confidence")},
        id="confidence-not-a-decimal",
    ),
    pytest.param(
        "DELETE { evidence:0-50 oa:hasSelector ?q } WHERE { evidence:0-50 oa:hasSelector ?q . ?q oa:exact ?e }",
        {
            violation(EVIDENCE_ARMENIA, OA + "hasSelector", "spanSelectorCount"),
            violation(EVIDENCE_ARMENIA, OA + "hasSelector", "spanQuoteSelector"),
        },
        id="evidence-without-quote-selector",
    ),
    pytest.param(
        """INSERT { evidence:0-50 oa:hasSelector ?p } WHERE { evidence:58-94 oa:hasSelector ?p . ?p oa:start ?s }""",
        {
            violation(EVIDENCE_ARMENIA, OA + "hasSelector", "spanSelectorCount"),
            violation(EVIDENCE_ARMENIA, OA + "hasSelector", "spanPositionSelector"),
            violation(ARTICLE, OA + "hasSelector", "NewsArticleShape"),
        },
        id="evidence-with-two-position-selectors",
    ),
    pytest.param(
        """DELETE { ?p oa:start ?s } INSERT { ?p oa:start "0"^^xsd:string }
           WHERE { evidence:0-50 oa:hasSelector ?p . ?p oa:start ?s }""",
        # A string cannot be compared with the end either, so sh:lessThan fires too.
        {
            violation(EVIDENCE_ARMENIA + "#position", OA + "start", "selectorStart"),
            violation(EVIDENCE_ARMENIA + "#position", OA + "start", "selectorStartBeforeEnd"),
        },
        id="offset-typed-as-string",
    ),
    pytest.param(
        """DELETE { ?p oa:start ?s } INSERT { ?p oa:start -3 }
           WHERE { evidence:0-50 oa:hasSelector ?p . ?p oa:start ?s }""",
        # The quote no longer matches the body at the new offsets either.
        {
            violation(EVIDENCE_ARMENIA + "#position", OA + "start", "selectorStart"),
            violation(ARTICLE, OA + "hasSelector", "NewsArticleShape"),
        },
        id="negative-offset",
    ),
    pytest.param(
        "DELETE { ?p oa:end ?e } WHERE { evidence:0-50 oa:hasSelector ?p . ?p oa:end ?e }",
        {violation(EVIDENCE_ARMENIA + "#position", OA + "end", "selectorEnd")},
        id="selector-without-end",
    ),
    pytest.param(
        # An empty quote is also not the body's slice, so the quote check fires too.
        """DELETE { ?q oa:exact ?e } INSERT { ?q oa:exact "" }
           WHERE { evidence:0-50 oa:hasSelector ?q . ?q oa:exact ?e }""",
        {
            violation(EVIDENCE_ARMENIA + "#quote", OA + "exact", "selectorExact"),
            violation(ARTICLE, OA + "hasSelector", "NewsArticleShape"),
        },
        id="empty-quote",
    ),
    pytest.param(
        'INSERT DATA { article:test-1 schema:mentions "موسكو" }',
        {violation(ARTICLE, SCHEMA + "mentions", "mentions")},
        id="article-mentions-a-literal",
    ),
    pytest.param(
        "DELETE WHERE { mention:200-205 csto:refersTo ?e }",
        {violation(MENTION_MOSCOW, CSTO + "refersTo", "refersTo")},
        id="mention-without-entity",
    ),
    pytest.param(
        'INSERT DATA { mention:200-205 csto:refersTo "موسكو" }',
        {violation(MENTION_MOSCOW, CSTO + "refersTo", "refersTo")},
        id="mention-refers-to-a-literal",
    ),
    pytest.param(
        """DELETE { ?q oa:exact ?e } INSERT { ?q oa:exact "طشقند" }
           WHERE { mention:200-205 oa:hasSelector ?q . ?q oa:exact ?e }""",
        {violation(ARTICLE, OA + "hasSelector", "NewsArticleShape")},
        id="mention-quote-not-in-body",
    ),
]


@pytest.mark.parametrize(("update", "expected"), CASES)
def test_breaking_one_rule_is_reported(
    validator: ShapesValidator, article: rdflib.Graph, update: str, expected: set[Result]
) -> None:
    report = validator.validate(mutated(article, update))
    assert results(report) == expected, report.text()
    assert report.conforms == all(severity != "Violation" for severity, *_ in expected)


#: A chairmanship stated in the present by an article without a publication date: nothing dates it.
UNDATED_CHAIR_IN_UNDATED_ARTICLE = """
    DELETE WHERE { chairmanship:csto--armenia--2022 schema:startDate ?s } ;
    DELETE WHERE { chairmanship:csto--armenia--2022 csto:asOf ?a } ;
    DELETE WHERE { article:test-1 schema:datePublished ?p }"""


def test_an_undated_article_may_state_an_undated_chairmanship(validator: ShapesValidator, article: rdflib.Graph) -> None:
    report = validator.validate(mutated(article, UNDATED_CHAIR_IN_UNDATED_ARTICLE))
    assert report.conforms, report.text()


DATE_PAIRS = [  # (start, end, whether the end is before the start)
    ('"2012-05-15"^^xsd:date', '"2012"^^xsd:gYear', False),  # the end year contains the start
    ('"2012-05"^^xsd:gYearMonth', '"2012-05-14"^^xsd:date', False),
    ('"2012-05-15"^^xsd:date', '"2012-05-15"^^xsd:date', False),
    ('"2012"^^xsd:gYear', '"2012-12-31"^^xsd:date', False),
    ('"2013"^^xsd:gYear', '"2012"^^xsd:gYear', True),
    ('"2012-05"^^xsd:gYearMonth', '"2012-04-30"^^xsd:date', True),
    ('"2012-05-15"^^xsd:date', '"2012-05-14"^^xsd:date', True),
    ('"2012-05-15"^^xsd:date', '"2011-12"^^xsd:gYearMonth', True),
]


def with_dates(article: rdflib.Graph, start: str, end: str) -> rdflib.Graph:
    """The fixture with Uzbekistan's membership given these start and end dates."""
    return mutated(article, f"""
        DELETE WHERE {{ membership:csto--uzbekistan schema:endDate ?d }} ;
        INSERT DATA {{ membership:csto--uzbekistan schema:startDate {start} ; schema:endDate {end} }}""")


@pytest.mark.parametrize(("start", "end", "before"), DATE_PAIRS)
def test_end_before_start_compares_dates_on_their_common_precision(
    validator: ShapesValidator, article: rdflib.Graph, start: str, end: str, before: bool
) -> None:
    graph = with_dates(article, start, end)
    expected = {violation(MEMBERSHIP_UZBEKISTAN, SCHEMA + "endDate", "MembershipShape")} if before else set()
    assert results(validator.validate(graph)) == expected


REFERENCE_KINDS = ("state/", "organization/", "city/", "role/", "treaty/", "person/sergey-lavrov")


def split_reference_context(graph: rdflib.Graph) -> tuple[rdflib.Graph, rdflib.Graph]:
    """The fixture as the build sees it: the article graph, and the reference entities it uses."""
    data, context = rdflib.Graph(), rdflib.Graph()
    for triple in graph:
        is_reference = str(triple[0]).startswith(tuple(ID + kind for kind in REFERENCE_KINDS))
        (context if is_reference else data).add(triple)
    return data, context


def test_context_supplies_the_referenced_entities(validator: ShapesValidator, article: rdflib.Graph) -> None:
    data, context = split_reference_context(article)
    assert len(context) > 0 and len(data) > 0

    alone = validator.validate(data)
    assert not alone.conforms
    assert (SIGNING, CSTO + "signatory") in {(v.focus, v.path) for v in alone.violations}

    with_context = validator.validate(data, context)
    assert with_context.conforms, with_context.text()
    assert len(data) == len(article) - len(context), "validate() must not add to the caller's graph"


def test_class_hierarchy_comes_from_the_ontology(article: rdflib.Graph) -> None:
    """Without the ontology a csto:InternationalOrganization is not known to be a csto:Organization."""
    report = ShapesValidator(default_shapes_path()).validate(article)
    assert (MEMBERSHIP_ARMENIA, ORG + "organization") in {(v.focus, v.path) for v in report.violations}


def test_warnings_do_not_block(validator: ShapesValidator, article: rdflib.Graph) -> None:
    report = validator.validate(mutated(article, 'INSERT DATA { state:russia rdfs:label "Russie"@fr }'))
    assert report.conforms
    assert [v.severity for v in report.violations] == ["Warning"]
    assert report.violations[0].value == "Russie"


def test_report_text_is_readable(validator: ShapesValidator, article: rdflib.Graph) -> None:
    update = (
        "DELETE { evidence:0-50 csto:confidence ?c } INSERT { evidence:0-50 csto:confidence 1.5 }"
        " WHERE { evidence:0-50 csto:confidence ?c }"
    )
    report = validator.validate(mutated(article, update))
    lines = report.text().splitlines()
    assert lines[0] == "The graph does not conform (1 result)."
    assert lines[1] == (
        f"Violation: {EVIDENCE_ARMENIA} {CSTO}confidence: "
        "Evidence has exactly one csto:confidence, an xsd:decimal between 0 and 1. (value: 1.5)"
    )


def test_sparql_messages_name_the_values(validator: ShapesValidator, article: rdflib.Graph) -> None:
    report = validator.validate(
        mutated(article, 'INSERT DATA { membership:csto--uzbekistan schema:startDate "2013"^^xsd:gYear }')
    )
    assert report.violations == (
        Violation(
            focus=MEMBERSHIP_UZBEKISTAN,
            path=SCHEMA + "endDate",
            message="The end date 2012 is before the start date 2013.",
            severity="Violation",
            value="2012",
            shape=CSH + "MembershipShape",
            component=str(SH.SPARQLConstraintComponent),
        ),
    )
