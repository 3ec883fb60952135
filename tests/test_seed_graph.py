"""The seed article's graph, asked through SPARQL: every fact the issue lists, and nothing else.

Each test reads the published store (the real pipeline ran in the `seed_build` fixture), never the
extractor's Python objects: this is what a consumer of the endpoint would see.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from conftest import ID, SEED_GRAPH, SEED_ID, Built

MEMBERS = ["armenia", "belarus", "kazakhstan", "kyrgyzstan", "russia", "tajikistan"]
SIGNATORIES = ["armenia", "kazakhstan", "kyrgyzstan", "russia", "tajikistan", "uzbekistan"]  # of the treaty, 1992
XSD = "http://www.w3.org/2001/XMLSchema#"


def ids(rows: Iterable[dict[str, str]], key: str) -> set[str]:
    return {row[key].removeprefix(ID) for row in rows if key in row}


def test_six_members_as_of_publication(seed_build: Built) -> None:
    rows = seed_build.select(
        """SELECT ?state WHERE {
             ?m a csto:Membership ; org:member ?state ; org:organization id:organization\\/csto ;
                csto:membershipStatus csto:member ; csto:asOf "2022-06-10"^^xsd:date .
             FILTER NOT EXISTS { ?m schema:endDate ?end } }"""
    )
    assert ids(rows, "state") == {f"state/{s}" for s in MEMBERS}


def test_treaty_signed_in_tashkent_on_1992_05_15(seed_build: Built) -> None:
    rows = seed_build.select(
        """SELECT ?date ?place ?state WHERE {
             ?s a csto:Signing ; csto:signedDocument id:treaty\\/collective-security-treaty ;
                schema:startDate ?date ; schema:location ?place ; csto:signatory ?state ;
                csto:eventStatus csto:held . }"""
    )
    assert {r["date"] for r in rows} == {"1992-05-15"}
    assert ids(rows, "place") == {"city/tashkent"}
    assert ids(rows, "state") == {f"state/{s}" for s in ["armenia", "kazakhstan", "kyrgyzstan", "russia", "tajikistan", "uzbekistan"]}
    assert seed_build.ask(
        'ASK { ?s a csto:Signing ; schema:startDate ?d . FILTER(DATATYPE(?d) = xsd:date && STR(?d) = "1992-05-15") }'
    )


def test_uzbekistan_membership_ended_in_2012(seed_build: Built) -> None:
    rows = seed_build.select(
        """SELECT ?end WHERE { ?m a csto:Membership ; org:member id:state\\/uzbekistan ;
             org:organization id:organization\\/csto ; csto:membershipStatus csto:withdrawn ; schema:endDate ?end .
             FILTER(DATATYPE(?end) = xsd:gYear) }"""
    )
    assert [r["end"] for r in rows] == ["2012"]


def test_armenia_chairs_the_csto_in_2022(seed_build: Built) -> None:
    rows = seed_build.select(
        """SELECT ?when WHERE { ?c a csto:Chairmanship ; org:member id:state\\/armenia ;
             org:organization id:organization\\/csto ; csto:asOf ?when . }"""
    )
    assert [r["when"][:4] for r in rows] == ["2022"]


def event(seed_build: Built, kind: str, date: str, datatype: str = "date") -> dict[str, set[str]]:
    """The one event of `kind` on `date` with its place, status and participants."""
    rows = seed_build.select(
        f"""SELECT ?e ?place ?status ?who ?organizer WHERE {{
              ?e a csto:{kind} ; schema:startDate ?d ; csto:eventStatus ?status .
              FILTER(STR(?d) = "{date}" && DATATYPE(?d) = xsd:{datatype})
              OPTIONAL {{ ?e schema:location ?place }}
              OPTIONAL {{ ?e csto:participant ?who }}
              OPTIONAL {{ ?e schema:organizer ?organizer }} }}"""
    )
    assert len({r["e"] for r in rows}) == 1, rows
    return {key: ids(rows, key) for key in ("place", "status", "who", "organizer")}


def test_council_of_foreign_ministers_meets_in_yerevan(seed_build: Built) -> None:
    meeting = event(seed_build, "MinisterialMeeting", "2022-06-10")
    assert meeting["place"] == {"city/yerevan"}
    assert meeting["organizer"] == {"organization/csto-council-of-foreign-ministers"}
    assert meeting["who"] == {"person/sergey-lavrov", "person/stanislav-zas"}
    assert meeting["status"] == {"https://w3id.org/csto-kg/ontology#planned"}


def test_lavrov_arrives_in_armenia_then_talks_with_mirzoyan(seed_build: Built) -> None:
    visit = event(seed_build, "Visit", "2022-06-08")
    assert visit["place"] == {"state/armenia"} and visit["who"] == {"person/sergey-lavrov"}
    talks = event(seed_build, "BilateralTalks", "2022-06-09")
    assert talks["who"] == {"person/sergey-lavrov", "person/ararat-mirzoyan"}


def test_anniversary_summit_in_moscow_first_in_person_for_two_and_a_half_years(seed_build: Built) -> None:
    summit = event(seed_build, "Summit", "2022-05-16")
    assert summit["place"] == {"city/moscow"} and summit["organizer"] == {"organization/csto"}
    assert seed_build.ask(
        """ASK { ?e a csto:Summit ; schema:eventAttendanceMode schema:OfflineEventAttendanceMode ;
                 csto:firstSince "P2Y6M"^^xsd:duration ; csto:eventStatus csto:held . }"""
    )


@pytest.mark.parametrize(
    ("person", "role", "holder"),
    [
        ("sergey-lavrov", "foreign-minister", "state/russia"),
        ("ararat-mirzoyan", "foreign-minister", "state/armenia"),
        ("maria-zakharova", "spokesperson", "organization/russia-ministry-of-foreign-affairs"),
        ("stanislav-zas", "secretary-general", "organization/csto"),
        ("vladimir-putin", "president", "state/russia"),
        ("kassym-jomart-tokayev", "president", "state/kazakhstan"),
    ],
)
def test_posts(seed_build: Built, person: str, role: str, holder: str) -> None:
    assert seed_build.ask(
        f"""ASK {{ ?i a csto:Incumbency ; csto:holder <{ID}person/{person}> ; csto:post ?post .
                  ?post org:role <{ID}role/{role}> ; org:postIn <{ID}{holder}> ; org:heldBy <{ID}person/{person}> . }}"""
    )


def test_unrest_in_kazakhstan_in_january_2022_and_tokayev_asks_the_csto_for_help(seed_build: Built) -> None:
    unrest = event(seed_build, "Unrest", "2022-01", "gYearMonth")
    assert unrest["place"] == {"state/kazakhstan"}
    assert seed_build.ask(
        """ASK { ?r a csto:AssistanceRequest ; csto:requester id:person\\/kassym-jomart-tokayev ;
                 csto:addressee id:organization\\/csto ; csto:eventStatus csto:held . }"""
    )


def test_plan_of_consultations_2022_2024_to_be_signed(seed_build: Built) -> None:
    rows = seed_build.select(
        """SELECT ?doc ?label WHERE { ?s a csto:Signing ; csto:signedDocument ?doc ; csto:eventStatus csto:planned .
             ?doc a csto:Plan ; schema:temporalCoverage "2022/2024" ; rdfs:label ?label . FILTER(LANG(?label) = "ar") }"""
    )
    assert len(rows) == 1 and rows[0]["label"].startswith("خطة مشاورات")


def test_the_article_itself(seed_build: Built) -> None:
    rows = seed_build.select(
        f"""SELECT ?title ?published ?publisher ?source ?credit ?creditor WHERE {{
              <{ID}article/{SEED_ID}> a csto:NewsArticle ; schema:headline ?title ; schema:datePublished ?published ;
                 schema:publisher ?publisher ; dcterms:source ?source ; schema:creditText ?credit ; csto:imageCredit ?creditor .
              FILTER(DATATYPE(?published) = xsd:date) }}"""
    )
    assert len(rows) == 1
    row = rows[0]
    assert row["title"].startswith("لافروف يبحث مع زملائه")
    assert row["published"] == "2022-06-10"
    assert row["source"] == ID + "organization/tass"
    assert row["credit"] == "وزارة الخارجية الروسية"
    assert row["creditor"] == ID + "organization/russia-ministry-of-foreign-affairs"
    assert seed_build.ask(f'ASK {{ <{row["publisher"]}> rdfs:label ?l . FILTER(CONTAINS(STR(?l), "العالم الإسلامي")) }}')


def test_every_fact_has_its_exact_span(seed_build: Built) -> None:
    rows = seed_build.select(
        f"""SELECT ?fact ?start ?end ?quote ?body WHERE {{
              GRAPH <{SEED_GRAPH}> {{ ?fact csto:evidence ?ev . ?ev oa:hasSource ?article ; oa:hasSelector ?p, ?q .
                ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?quote . ?article schema:articleBody ?body . }} }}"""
    )
    assert rows
    for row in rows:
        assert row["body"][int(row["start"]):int(row["end"])] == row["quote"]
    without = seed_build.select(
        f"""SELECT ?fact WHERE {{ GRAPH <{SEED_GRAPH}> {{ ?fact a ?class . FILTER(?class IN (csto:Membership, csto:Chairmanship,
              csto:Incumbency, csto:Summit, csto:MinisterialMeeting, csto:BilateralTalks, csto:Visit, csto:Signing, csto:Unrest,
              csto:AssistanceRequest, csto:Statement)) FILTER NOT EXISTS {{ ?fact csto:evidence ?e }} }} }}"""
    )
    assert without == []


# Every fact of the seed article's graph, written by reading the Arabic. Anything else is invented.
EXPECTED_FACTS = {
    *(f"Membership {s} csto member" for s in MEMBERS),
    "Membership uzbekistan csto withdrawn end=2012",
    "Chairmanship armenia csto",
    "Incumbency sergey-lavrov foreign-minister-of-russia",
    "Incumbency ararat-mirzoyan foreign-minister-of-armenia",
    "Incumbency maria-zakharova spokesperson-of-russia-ministry-of-foreign-affairs",
    "Incumbency stanislav-zas secretary-general-of-csto",
    "Incumbency vladimir-putin president-of-russia",
    "Incumbency kassym-jomart-tokayev president-of-kazakhstan",
    "MinisterialMeeting 2022-06-10 planned at=yerevan with=sergey-lavrov,stanislav-zas",
    "Visit 2022-06-08 held at=armenia with=sergey-lavrov",
    "BilateralTalks 2022-06-09 held with=ararat-mirzoyan,sergey-lavrov",
    "Summit 2022-05-16 held at=moscow",
    "Unrest 2022-01 held at=kazakhstan",
    "AssistanceRequest - held with=csto,kassym-jomart-tokayev",
    "Signing 1992-05-15 held at=tashkent with=armenia,kazakhstan,kyrgyzstan,russia,tajikistan,uzbekistan",
    "Signing - planned",
    "Plan covering 2022/2024",
    # Statements: who spoke, and when where the text says ("في وقت سابق" says nothing of when).
    "Statement 2022-06-09 held with=sergey-lavrov",
    "Statement - held with=maria-zakharova",
    "Statement - held with=vladimir-putin",
    "Statement - held with=kassym-jomart-tokayev",
    *(f"TreatyParty {s} collective-security-treaty founding_signatory start=1992-05-15" for s in SIGNATORIES),
}


def describe_facts(seed_build: Built) -> set[str]:
    """One line per fact node of the article graph: its class and identifying values."""
    rows = seed_build.select(
        f"""SELECT ?fact ?class ?member ?org ?status ?party ?treaty ?end ?holder ?post ?date ?estatus ?place ?who ?coverage WHERE {{
              GRAPH <{SEED_GRAPH}> {{ ?fact csto:evidence ?ev ; a ?class .
                OPTIONAL {{ ?fact org:member ?member ; org:organization ?org }}
                OPTIONAL {{ ?fact csto:membershipStatus ?status }}
                OPTIONAL {{ ?fact csto:party ?party ; csto:treaty ?treaty }}
                OPTIONAL {{ ?fact schema:endDate ?end }}
                OPTIONAL {{ ?fact csto:holder ?holder ; csto:post ?post }}
                OPTIONAL {{ ?fact schema:startDate ?date }}
                OPTIONAL {{ ?fact csto:eventStatus ?estatus }}
                OPTIONAL {{ ?fact schema:location ?place }}
                OPTIONAL {{ ?fact csto:participant ?who }}
                OPTIONAL {{ ?fact schema:temporalCoverage ?coverage }} }} }}"""
    )
    facts: dict[str, dict[str, object]] = {}
    for row in rows:
        fact = facts.setdefault(row["fact"], {"who": set()})
        for key, value in row.items():
            value = value if key == "coverage" else value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
            if key == "who":
                fact["who"].add(value)  # type: ignore[union-attr]
            else:
                fact[key] = value
    lines = set()
    for fact in facts.values():
        kind = fact["class"]
        if kind == "Membership":
            line = f"Membership {fact['member']} {fact['org']} {fact['status']}" + (f" end={fact['end']}" if "end" in fact else "")
        elif kind == "TreatyParty":
            line = f"TreatyParty {fact['party']} {fact['treaty']} {fact['status']} start={fact['date']}"
        elif kind == "Chairmanship":
            line = f"Chairmanship {fact['member']} {fact['org']}"
        elif kind == "Incumbency":
            line = f"Incumbency {fact['holder']} {fact['post']}"
        elif "estatus" not in fact:  # a document the article introduces
            line = f"{kind} covering {fact.get('coverage', '-')}"
        else:
            line = f"{kind} {fact.get('date', '-')} {fact['estatus']}"
            line += f" at={fact['place']}" if "place" in fact else ""
            line += f" with={','.join(sorted(fact['who']))}" if fact["who"] else ""  # type: ignore[arg-type]
        lines.add(line)
    return lines


def test_nothing_else_is_invented(seed_build: Built) -> None:
    assert describe_facts(seed_build) == EXPECTED_FACTS


def test_every_class_and_property_in_the_article_graph_is_declared(seed_build: Built) -> None:
    """What the mapping writes stays inside the ontology (its graph is loaded next to the data)."""
    undeclared = seed_build.select(
        f"""SELECT DISTINCT ?term WHERE {{
              {{ GRAPH <{SEED_GRAPH}> {{ ?s ?term ?o }} }} UNION {{ GRAPH <{SEED_GRAPH}> {{ ?s a ?term }} }}
              FILTER(!STRSTARTS(STR(?term), STR(rdf:)) && !STRSTARTS(STR(?term), STR(rdfs:)))  # built into OWL
              FILTER NOT EXISTS {{ GRAPH <https://w3id.org/csto-kg/graph/ontology> {{ ?term a ?declaration }} }} }}"""
    )
    assert undeclared == []


def test_hermit_finds_the_published_graph_consistent_and_classifies_member_states(seed_build: Built) -> None:
    """`csto-kg reason`: ontology + reference + the seed's facts under HermiT."""
    from typer.testing import CliRunner

    from csto_kg.cli import app

    result = CliRunner().invoke(app, ["reason", "--store", str(seed_build.config.store)])
    assert result.exit_code == 0, result.output
    assert "consistent" in result.output and "inconsistent" not in result.output
    classified = {
        line.strip().split(": ", 1)[0].removeprefix(ID) for line in result.output.splitlines() if line.endswith("#MemberState")
    }
    assert classified == {f"state/{s}" for s in MEMBERS}
