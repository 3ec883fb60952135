"""The named queries (queries/*.rq): their headers, their answers on the seed store, the
`csto-kg query` command, and the same queries against the SPARQL endpoint over real HTTP.

The seed article (000_e17557396043c40c, RT Arabic, 10 June 2022) says: Lavrov will attend the
CSTO Council of Foreign Ministers in Yerevan today; he arrived in Armenia (which chairs the CSTO) on
Wednesday and held talks with Mirzoyan on Thursday; Zakharova spoke; Zas will attend; the May
summit in Moscow; Putin; the January 2022 unrest in Kazakhstan and Tokayev's request for help; six
members; the treaty signed on 15 May 1992 in Tashkent by six states incl. Uzbekistan, which has
not been a member since 2012.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rich.console import Console
from SPARQLWrapper import JSON, SPARQLWrapper
from typer.testing import CliRunner

from conftest import ID, SEED_ID, Built, build_into
from conftest import running
from csto_kg import cli
from csto_kg.config import PROJECT_ROOT
from csto_kg.queries import QueryError, Rows, named_queries, parse_query_file, run_local, to_csv
from csto_kg.server.app import create_app
from csto_kg.server.settings import ServeSettings

QUERIES_DIR = PROJECT_ROOT / "queries"
QUERIES = named_queries(QUERIES_DIR)
XSD = "http://www.w3.org/2001/XMLSchema#"

# The stable public API: these columns come first, in this order, forever; columns may be added after them.
PUBLIC_COLUMNS = {
    "entities": ["entity", "kind", "label_en", "label_ar", "mention"],
    "posts": ["person", "person_label_en", "person_label_ar", "post_label_en", "holder_of", "holder_of_label_en", "start", "end"],
    "events": ["event", "kind", "label_en", "date", "status", "place", "place_label_en", "participant", "participant_label_en"],
    "memberships": ["state", "state_label_en", "organization", "organization_label_en", "status", "start", "end"],
    "evidence": ["fact", "article", "quote", "start", "end"],
}
SIX_MEMBERS = ["Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"]
CSTO = ID + "organization/csto"
LAVROV = ID + "person/sergey-lavrov"
ZAS = ID + "person/stanislav-zas"
MEETING = ID + "event/ministerialmeeting-csto-council-of-foreign-ministers-2022-06"
VISIT = ID + "event/visit-sergey-lavrov-armenia-2022-06-08"
TALKS = ID + "event/bilateraltalks-ararat-mirzoyan-sergey-lavrov-2022-06-09"
CST = ID + "treaty/collective-security-treaty"
CST_SIGNING = ID + "event/signing-collective-security-treaty-1992"
SIGNATORIES = ["Armenia", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan", "Uzbekistan"]  # of the treaty, 1992


def run(built: Built, name: str, **values: str) -> Rows:
    return run_local(built.store, QUERIES[name].bound(values))


def records(rows: Rows) -> list[dict[str, str | None]]:
    return [dict(zip(rows.columns, row)) for row in rows.rows]


def datatypes(rows: Rows, column: str) -> dict[str, str | None]:
    """Lexical value -> datatype IRI of a column, from the SPARQL JSON results."""
    return {b[column]["value"]: b[column].get("datatype") for b in rows.json["results"]["bindings"] if column in b}


def column(rows: Rows, name: str) -> list[str | None]:
    index = rows.columns.index(name)
    return [row[index] for row in rows.rows]


# --- headers and columns -----------------------------------------------------------------


def test_the_queries_are_there() -> None:
    assert set(PUBLIC_COLUMNS) <= set(QUERIES)
    assert {"current-members", "members-as-of", "former-members", "treaty-signing", "members-not-founders", "person-participation"} <= set(QUERIES)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_has_a_header(name: str) -> None:
    query = QUERIES[name]
    header = [line for line in query.text.splitlines() if line.startswith("#")]
    for field in ("title", "description", "columns"):
        assert any(line.startswith(f"# {field}: ") for line in header), field
    assert query.title and query.title != name
    assert len(query.description) > 20
    assert query.columns and len(set(query.columns)) == len(query.columns)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_select_variables_are_the_header_columns(name: str, seed_build: Built) -> None:
    query = QUERIES[name]
    prepared = prepareQuery(query.bound())  # rdflib's parser, not the store's
    assert [str(v) for v in prepared.algebra["PV"]] == list(query.columns)
    assert run_local(seed_build.store, query.bound()).columns == query.columns


@pytest.mark.parametrize("name", sorted(PUBLIC_COLUMNS))
def test_public_query_columns_are_fixed(name: str) -> None:
    stable = PUBLIC_COLUMNS[name]
    assert list(QUERIES[name].columns)[: len(stable)] == stable
    # Evidence answers for one article (every article's is the dataset dump); the rest take none.
    assert [p.name for p in QUERIES[name].parameters] == (["article"] if name == "evidence" else [])


def test_evidence_is_of_the_article_asked_for(tmp_path: Path) -> None:
    """Two articles built together: each one's evidence names only its own spans."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sources = sorted((PROJECT_ROOT / "corpus").glob("*.txt"))[:2]
    for source in sources:
        shutil.copy(source, corpus / source.name)
    built = build_into(tmp_path, [corpus])
    for source in sources:
        article = f"{ID}article/{source.stem}"
        rows = records(run_local(built.store, QUERIES["evidence"].bound({"article": article})))
        assert rows and {row["article"] for row in rows} == {article}


def test_parameters_are_declared_with_defaults() -> None:
    declared = {name: [(p.name, p.type, p.default) for p in q.parameters] for name, q in QUERIES.items() if q.parameters}
    assert declared == {
        "evidence": [("article", "iri", f"{ID}article/{SEED_ID}")],
        "members-as-of": [("date", "xsd:date", "2022-06-10")],
        "members-not-founders": [("year", "xsd:gYear", "1992")],
        "person-participation": [("person", "iri", LAVROV)],
    }
    with pytest.raises(QueryError, match="no parameter named nope"):
        QUERIES["members-as-of"].bound({"nope": "1"})
    with pytest.raises(QueryError, match="not an IRI"):
        QUERIES["person-participation"].bound({"person": "> } DROP ALL {"})


def test_parameters_are_bound_inside_the_where_group(tmp_path: Path, seed_build: Built) -> None:
    """A FILTER sees the parameter: a trailing VALUES would be joined only after the WHERE group.

    Braces in comments, IRIs and strings before the group are not taken for its opening brace.
    """
    path = tmp_path / "tricky.rq"
    path.write_text(
        "# title: Tricky\n# description: braces { in } the header and strings.\n# param: label xsd:string Belarus\n"
        "# columns: state, marker\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>  # a comment with a { brace\n"
        'SELECT ?state ("{not the group}" AS ?marker)\n'
        "WHERE { ?state rdfs:label ?l . FILTER(LANG(?l) = 'en' && STR(?l) = ?label) }\n",
        encoding="utf-8",
    )
    query = parse_query_file(path)
    assert query.bound().count("VALUES") == 1
    rows = run_local(seed_build.store, query.bound())
    assert rows.rows == ((ID + "state/belarus", "{not the group}"),)
    assert run_local(seed_build.store, query.bound({"label": "Russia"})).rows == ((ID + "state/russia", "{not the group}"),)


# --- answers on the seed store -----------------------------------------------------------


def test_entities(seed_build: Built) -> None:
    rows = records(run(seed_build, "entities"))
    kinds: dict[str, set[str]] = defaultdict(set)
    mentions: dict[str, set[str]] = defaultdict(set)
    labels = {}
    for row in rows:
        kinds[row["entity"]].add(row["kind"])
        labels[row["entity"]] = (row["label_en"], row["label_ar"])
        if row["mention"] is not None:
            mentions[row["entity"]].add(row["mention"])
    assert all(len(k) == 1 for k in kinds.values()), "an entity appears under two kinds"
    kind = {entity: next(iter(k)) for entity, k in kinds.items()}
    assert kind[ID + "state/armenia"] == kind[ID + "state/russia"] == "State"
    assert kind[LAVROV] == kind[ZAS] == "Person"
    assert kind[ID + "city/yerevan"] == kind[ID + "city/moscow"] == "City"
    assert kind[CSTO] == "InternationalOrganization"
    assert kind[ID + "organization/csto-council-of-foreign-ministers"] == "OrganizationBody"
    assert kind[ID + "organization/russia-ministry-of-foreign-affairs"] == "Ministry"
    assert kind[ID + "treaty/collective-security-treaty"] == "Treaty"
    assert kind[ID + "treaty/csto-charter"] == "Charter"
    assert labels[ID + "state/russia"] == ("Russia", "روسيا")
    assert labels[LAVROV] == ("Sergey Lavrov", "سيرغي لافروف")
    # mentions are the text as written, without proclitics: "وروسيا" -> "روسيا", "لسيرغي افروف" -> "سيرغي افروف"
    assert mentions[LAVROV] == {"سيرغي لافروف", "لافروف", "سيرغي افروف"}
    assert mentions[ID + "state/russia"] == {"روسيا", "روسيا الاتحادية", "الروسي", "الروسية"}
    assert mentions[ID + "state/armenia"] == {"أرمينيا", "الأرميني", "الأرمنية"}
    assert mentions[ID + "state/belarus"] == {"بيلاروسيا"}
    assert mentions[ID + "city/yerevan"] == {"يريفان"}
    assert mentions[ID + "person/maria-zakharova"] == {"ماريا زاخاروفا"}
    assert mentions[CSTO] == {"منظمة معاهدة الأمن الجماعي"}
    body = article_body(seed_build)
    for entity, spans in mentions.items():
        for mention in spans:
            assert mention in body, (entity, mention)
    written_with_clitics = {"وروسيا", "وبيلاروسيا", "وأرمينيا", "لسيرغي افروف", "لمنظمة معاهدة الأمن الجماعي"}
    assert all(clitic in body for clitic in written_with_clitics)
    assert not written_with_clitics & {m for spans in mentions.values() for m in spans}
    # a reference entity the article never names: one row, mention unbound
    china = [row for row in rows if row["entity"] == ID + "state/china"]
    assert china == [{"entity": ID + "state/china", "kind": "State", "label_en": "China", "label_ar": "الصين", "mention": None}]


def test_posts(seed_build: Built) -> None:
    rows = records(run(seed_build, "posts"))
    held = {(row["person_label_en"], row["post_label_en"], row["holder_of_label_en"]) for row in rows}
    assert held == {
        ("Sergey Lavrov", "Minister of Foreign Affairs of Russia", "Russia"),
        ("Maria Zakharova", "Spokesperson of Ministry of Foreign Affairs of the Russian Federation", "Ministry of Foreign Affairs of the Russian Federation"),
        ("Stanislav Zas", "Secretary General of Collective Security Treaty Organization", "Collective Security Treaty Organization"),
        ("Vladimir Putin", "President of Russia", "Russia"),
        ("Kassym-Jomart Tokayev", "President of Kazakhstan", "Kazakhstan"),
        ("Ararat Mirzoyan", "Minister of Foreign Affairs of Armenia", "Armenia"),
    }
    holders = {row["person"]: row["holder_of"] for row in rows}
    assert holders[LAVROV] == ID + "state/russia"
    assert holders[ID + "person/maria-zakharova"] == ID + "organization/russia-ministry-of-foreign-affairs"
    assert holders[ZAS] == CSTO
    assert {row["person"]: row["person_label_ar"] for row in rows}[LAVROV] == "سيرغي لافروف"


def test_events(seed_build: Built) -> None:
    rows = run(seed_build, "events")
    events: dict[str, dict] = {}
    for row in records(rows):
        event = events.setdefault(row["event"], {"participants": set(), **{k: row[k] for k in ("kind", "date", "status", "place_label_en")}})
        if row["participant_label_en"]:
            event["participants"].add(row["participant_label_en"])
    summary = {iri.rsplit("/", 1)[1]: (e["kind"], e["date"], e["status"], e["place_label_en"]) for iri, e in events.items()}
    assert summary == {
        "ministerialmeeting-csto-council-of-foreign-ministers-2022-06": ("MinisterialMeeting", "2022-06-10", "planned", "Yerevan"),
        "visit-sergey-lavrov-armenia-2022-06-08": ("Visit", "2022-06-08", "held", "Armenia"),
        "bilateraltalks-ararat-mirzoyan-sergey-lavrov-2022-06-09": ("BilateralTalks", "2022-06-09", "held", None),
        "summit-csto-2022-05": ("Summit", "2022-05-16", "held", "Moscow"),
        "unrest-kazakhstan-2022-01": ("Unrest", "2022-01", "held", "Kazakhstan"),
        "assistancerequest-kassym-jomart-tokayev-csto": ("AssistanceRequest", None, "held", None),
        "signing-collective-security-treaty-1992": ("Signing", "1992-05-15", "held", "Tashkent"),
        "signing-plan-of-consultations-36b77123": ("Signing", None, "planned", None),
        # Statements: the speaker's, dated only where the text says when (one per article otherwise).
        "statement-sergey-lavrov-2022-06-09": ("Statement", "2022-06-09", "held", None),
        "statement-maria-zakharova-2833fb6d": ("Statement", None, "held", None),
        "statement-vladimir-putin-2833fb6d": ("Statement", None, "held", None),
        "statement-kassym-jomart-tokayev-2833fb6d": ("Statement", None, "held", None),
    }
    assert events[MEETING]["participants"] == {"Sergey Lavrov", "Stanislav Zas"}
    assert events[VISIT]["participants"] == {"Sergey Lavrov"}
    assert events[TALKS]["participants"] == {"Sergey Lavrov", "Ararat Mirzoyan"}
    assert events[ID + "event/assistancerequest-kassym-jomart-tokayev-csto"]["participants"] == {
        "Kassym-Jomart Tokayev",
        "Collective Security Treaty Organization",
    }
    assert events[CST_SIGNING]["participants"] == set(SIX_MEMBERS) - {"Belarus"} | {"Uzbekistan"}
    dates = datatypes(rows, "date")
    assert dates["2022-06-10"] == XSD + "date"
    assert dates["2022-01"] == XSD + "gYearMonth"
    assert dates["1992-05-15"] == XSD + "date"
    assert {row[rows.columns.index("status")] for row in rows.rows} == {"planned", "held"}


def test_memberships(seed_build: Built) -> None:
    rows = run(seed_build, "memberships")
    table = {(row["state_label_en"], row["status"]): (row["start"], row["end"]) for row in records(rows)}
    assert table == {
        **{(state, "member"): (None, None) for state in SIX_MEMBERS},
        ("Uzbekistan", "withdrawn"): (None, "2012"),
        ("Armenia", "chair"): ("2022-06-10", None),
        **{(state, "founding_signatory"): ("1992-05-15", None) for state in SIGNATORIES},
    }
    treaty_rows = [row for row in records(rows) if row["status"] == "founding_signatory"]
    assert {(row["organization"], row["organization_label_en"]) for row in treaty_rows} == {(CST, "Collective Security Treaty")}
    assert {row["organization"] for row in records(rows)} == {CSTO, CST}
    assert datatypes(rows, "end") == {"2012": XSD + "gYear"}
    assert datatypes(rows, "start") == {"2022-06-10": XSD + "date", "1992-05-15": XSD + "date"}


def article_body(built: Built) -> str:
    rows = built.select(f"SELECT ?body WHERE {{ GRAPH ?g {{ <{ID}article/{SEED_ID}> schema:articleBody ?body }} }}")
    assert len(rows) == 1
    return rows[0]["body"]


def test_evidence_quotes_are_the_article_text_at_their_offsets(seed_build: Built) -> None:
    rows = records(run(seed_build, "evidence"))
    body = article_body(seed_build)
    assert len(rows) > 20
    for row in rows:
        assert row["article"] == f"{ID}article/{SEED_ID}"
        start, end = int(row["start"]), int(row["end"])
        assert 0 <= start < end <= len(body)
        assert body[start:end] == row["quote"], row["fact"]
    facts = {row["fact"] for row in rows}
    assert {ID + f"membership/csto--{s.lower()}--member" for s in SIX_MEMBERS} <= facts
    assert ID + "membership/csto--uzbekistan--withdrawn--2012" in facts
    assert {MEETING, VISIT, TALKS, CST_SIGNING, ID + "chairmanship/csto--armenia--2022"} <= facts
    assert ID + "incumbency/sergey-lavrov--foreign-minister-of-russia" in facts
    lavrov = [r for r in rows if r["fact"] == ID + "incumbency/sergey-lavrov--foreign-minister-of-russia"]
    assert [r["quote"] for r in lavrov] == ["وزير الخارجية الروسي سيرغي لافروف"]


def test_current_members(seed_build: Built) -> None:
    rows = run(seed_build, "current-members")
    assert column(rows, "state_label_en") == SIX_MEMBERS
    assert set(column(rows, "organization")) == {CSTO}


def test_a_return_followed_by_a_withdrawal_is_not_current(tmp_path: Path) -> None:
    """Articles 011 and 012 give Uzbekistan a membership from 2006 with no end; the seed its 2012
    withdrawal. Armenia's 2024 freeze (005) is a suspension: it stays a member."""
    names = ["000_e17557396043c40c.txt", "005_armenia-freezes-csto-participation.txt", "011_uzbekistan-csto-ten-years-suspension.txt"]
    built = build_into(tmp_path, [PROJECT_ROOT / "corpus" / name for name in names])
    # the case is really there: Uzbekistan's return, an episode with a start and no end
    assert built.ask(
        f"ASK {{ ?m org:member <{ID}state/uzbekistan> ; csto:membershipStatus csto:restored ; schema:startDate ?s"
        " FILTER NOT EXISTS { ?m schema:endDate ?e } }"
    )
    assert column(run(built, "current-members"), "state_label_en") == SIX_MEMBERS


def test_members_as_of(seed_build: Built) -> None:
    default = run(seed_build, "members-as-of")
    assert column(default, "state_label_en") == SIX_MEMBERS
    assert run(seed_build, "members-as-of", date="2022-06-10").rows == default.rows
    # the parameter is really read: before Uzbekistan's 2012 exit it was a member too
    assert column(run(seed_build, "members-as-of", date="2010-01-01"), "state_label_en") == sorted(SIX_MEMBERS + ["Uzbekistan"])
    assert "Uzbekistan" not in column(run(seed_build, "members-as-of", date="2012-06-01"), "state_label_en")
    # the CSTO was founded on 7 October 2002: nobody was a member before
    assert run(seed_build, "members-as-of", date="2001-01-01").rows == ()


def test_former_members(seed_build: Built) -> None:
    rows = run(seed_build, "former-members")
    assert [(r["state_label_en"], r["organization"], r["end"]) for r in records(rows)] == [("Uzbekistan", CSTO, "2012")]
    assert datatypes(rows, "end") == {"2012": XSD + "gYear"}


def test_treaty_signing(seed_build: Built) -> None:
    rows = [r for r in records(run(seed_build, "treaty-signing")) if r["signing"] == CST_SIGNING]
    assert {(r["document"], r["document_label_en"], r["date"], r["place_label_en"]) for r in rows} == {
        (ID + "treaty/collective-security-treaty", "Collective Security Treaty", "1992-05-15", "Tashkent")
    }
    signatories = [r["signatory_label_en"] for r in rows]
    assert sorted(signatories) == ["Armenia", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan", "Uzbekistan"]


def test_members_not_founders(seed_build: Built) -> None:
    rows = run(seed_build, "members-not-founders", year="1992")
    assert [(r["state"], r["state_label_en"]) for r in records(rows)] == [(ID + "state/belarus", "Belarus")]
    assert run(seed_build, "members-not-founders").rows == rows.rows  # 1992 is the default
    assert run(seed_build, "members-not-founders", year="1993").rows == ()  # no signing that year


def test_person_participation(seed_build: Built) -> None:
    lavrov = records(run(seed_build, "person-participation", person=LAVROV))
    assert [(r["event"], r["kind"], r["date"], r["status"]) for r in lavrov] == [
        (VISIT, "Visit", "2022-06-08", "held"),
        (TALKS, "BilateralTalks", "2022-06-09", "held"),
        (ID + "event/statement-sergey-lavrov-2022-06-09", "Statement", "2022-06-09", "held"),
        (MEETING, "MinisterialMeeting", "2022-06-10", "planned"),
    ]
    assert run(seed_build, "person-participation").rows == run(seed_build, "person-participation", person=LAVROV).rows
    zas = records(run(seed_build, "person-participation", person=ZAS))
    assert [(r["event"], r["place_label_en"]) for r in zas] == [(MEETING, "Yerevan")]


# --- the command -------------------------------------------------------------------------


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(cli.app, ["query", *args])


def test_cli_csv(runner: CliRunner, seed_build: Built) -> None:
    result = invoke(runner, "memberships", "--store", str(seed_build.config.store), "--format", "csv")
    assert result.exit_code == 0, result.output
    table = list(csv.reader(io.StringIO(result.stdout)))
    assert table[0] == PUBLIC_COLUMNS["memberships"]
    local = run(seed_build, "memberships")
    assert table[1:] == [["" if v is None else v for v in row] for row in local.rows]
    assert result.stdout == to_csv(local)


def test_cli_json_is_sparql_results(runner: CliRunner, seed_build: Built) -> None:
    result = invoke(runner, "posts", "--store", str(seed_build.config.store), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == PUBLIC_COLUMNS["posts"] + ["role"]
    bindings = data["results"]["bindings"]
    assert len(bindings) == 6
    assert {"type": "literal", "value": "سيرغي لافروف", "xml:lang": "ar"} in [b["person_label_ar"] for b in bindings]
    assert "سيرغي لافروف" in result.stdout  # UTF-8, not \u escapes


def test_cli_table(runner: CliRunner, seed_build: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "out", Console(width=400))  # wide enough that no cell folds
    result = invoke(runner, "memberships", "--store", str(seed_build.config.store))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].strip() == QUERIES["memberships"].title
    cells = [[cell.strip() for cell in line.strip("┃│").split(line[0])] for line in lines if line[:1] in "┃│"]
    assert cells[0] == PUBLIC_COLUMNS["memberships"]
    local = run(seed_build, "memberships")
    assert cells[1:] == [["" if v is None else v for v in row] for row in local.rows]


def test_cli_param(runner: CliRunner, seed_build: Built) -> None:
    store = str(seed_build.config.store)
    result = invoke(runner, "members-as-of", "--store", store, "--format", "csv", "--param", "date=2010-01-01")
    assert result.exit_code == 0, result.output
    states = [row[1] for row in csv.reader(io.StringIO(result.stdout))][1:]
    assert states == sorted(SIX_MEMBERS + ["Uzbekistan"])
    result = invoke(runner, "person-participation", "--store", store, "--format", "csv", "--param", f"person={ZAS}")
    assert [row[0] for row in csv.reader(io.StringIO(result.stdout))][1:] == [MEETING]
    for bad in ("nope=1", "date"):
        result = invoke(runner, "members-as-of", "--store", store, "--param", bad)
        assert result.exit_code == 1 and "error" in result.stderr, bad


def test_cli_query_file(runner: CliRunner, seed_build: Built) -> None:
    path = QUERIES_DIR / "former-members.rq"
    result = invoke(runner, str(path), "--store", str(seed_build.config.store), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "Uzbekistan" in result.stdout


def test_cli_unknown_query_names_the_known_ones(runner: CliRunner, seed_build: Built) -> None:
    result = invoke(runner, "no-such-query", "--store", str(seed_build.config.store))
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert "no-such-query" in message
    for name in QUERIES:
        assert name in message


def test_cli_bad_format(runner: CliRunner, seed_build: Built) -> None:
    result = invoke(runner, "memberships", "--store", str(seed_build.config.store), "--format", "xml")
    assert result.exit_code not in (0, None)
    assert "--format" in result.stderr
    assert result.stdout == ""


def test_cli_without_a_store(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "memberships", "--store", str(tmp_path / "none"))
    assert result.exit_code == 1
    assert "no store" in " ".join(result.stderr.split())


# --- against the endpoint over real HTTP -------------------------------------------------


@pytest.fixture(scope="module")
def endpoint(seed_build: Built) -> Iterator[str]:
    with running(create_app(seed_build.config.store, ServeSettings(base_iri=seed_build.config.base))) as url:
        yield url + "/sparql"


def test_cli_endpoint_gives_the_local_answer(runner: CliRunner, seed_build: Built, endpoint: str) -> None:
    store = str(seed_build.config.store)
    for name, params in (("memberships", []), ("members-as-of", ["--param", "date=2010-01-01"]), ("members-not-founders", [])):
        remote = invoke(runner, name, "--endpoint", endpoint, "--format", "csv", *params)
        local = invoke(runner, name, "--store", store, "--format", "csv", *params)
        assert remote.exit_code == 0 and local.exit_code == 0, (remote.output, local.output)
        assert remote.stdout == local.stdout
    remote_json = json.loads(invoke(runner, "memberships", "--endpoint", endpoint, "--format", "json").stdout)
    assert remote_json["head"]["vars"] == PUBLIC_COLUMNS["memberships"]


def test_cli_endpoint_error(runner: CliRunner, endpoint: str) -> None:
    result = invoke(runner, "memberships", "--endpoint", endpoint.replace("/sparql", "/nothing-here"))
    assert result.exit_code == 1
    assert "error" in result.stderr


def test_sparqlwrapper_gets_the_six_members(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setQuery(QUERIES["current-members"].text)
    client.setReturnFormat(JSON)
    bindings = client.queryAndConvert()["results"]["bindings"]
    assert [b["state_label_en"]["value"] for b in bindings] == SIX_MEMBERS


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_rdflib_sparqlstore_gets_the_six_members(endpoint: str) -> None:
    store = SPARQLStore(query_endpoint=endpoint)
    try:
        dataset = rdflib.Dataset(store=store, default_union=True)  # the endpoint's default graph
        result = dataset.query(QUERIES["current-members"].text)
        assert [str(row.state_label_en) for row in result] == SIX_MEMBERS
        assert {str(row.state) for row in result} == {ID + "state/" + s.lower() for s in SIX_MEMBERS}
    finally:
        store.close()


def test_named_queries_stay_sets_when_every_fact_repeats_in_many_graphs(seed_build: Built, tmp_path: Path) -> None:
    """The union default graph is a bag: a fact stated by six articles matches six times per
    triple pattern. The queries deduplicate per graph first, so three copies of the seed give the
    seed's answers (and do not multiply into millions of rows)."""
    import shutil

    from conftest import SEED, build_into

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for copy in range(3):
        shutil.copy(SEED, corpus / f"copy-{copy}.txt")
    copies = build_into(tmp_path / "copies", [corpus])
    assert copies.report.ok
    for name in ("posts", "memberships", "current-members", "members-as-of", "treaty-signing", "former-members"):
        single = sorted(run(seed_build, name).rows, key=str)
        many = sorted(run(copies, name).rows, key=str)
        assert many == single, name


def test_a_state_agency_the_text_introduces_is_published_and_listed(tmp_path: Path) -> None:
    """csto:StateAgency (a border service minted from the text) passes the shapes, carries its
    state (csto:agencyOf) and is one of the entities the public query lists."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PROJECT_ROOT / "corpus" / "027_dushanbe-border-consultations-2023.txt", corpus)
    built = build_into(tmp_path, [corpus])
    assert built.report.ok, [o.message for o in built.report.outcomes]
    kinds = {row["entity"]: row["kind"] for row in records(run(built, "entities"))}
    agency = ID + "organization/tajikistan-border-service"
    assert kinds[agency] == "StateAgency"
    state = run_local(built.store, f"SELECT ?s WHERE {{ <{agency}> <https://w3id.org/csto-kg/ontology#agencyOf> ?s }}").rows
    assert state == ((ID + "state/tajikistan",),)
