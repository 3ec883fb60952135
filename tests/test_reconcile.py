"""reconcile: the knowledge graph (the default graph) from the claims of several articles.

Each rule of mappings/reconcile.yaml on its own, then a resource reconciled from claims that
disagree, then whole builds: a status flip by `add`, edits that survive an `add`.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import OWL, RDF, Graph

from conftest import ID, Built, build_into
from csto_kg.add import add_articles
from csto_kg.config import PROJECT_ROOT, Config
from csto_kg.linefiles import sort_lines
from csto_kg.namespaces import CSTO, RDFS, SCHEMA, SKOS
from csto_kg.reconcile import (
    RULES,
    keeps,
    Claim,
    Reconciled,
    Reconciler,
    choose_dates,
    choose_earliest,
    choose_earliest_article,
    choose_event_status,
    choose_membership_status,
    choose_most_articles,
    load_policy,
)
from csto_kg.server.jobs import Job
from csto_kg.server.writes import apply

XSD = "http://www.w3.org/2001/XMLSchema#"
HELD, PLANNED = ox.NamedNode(CSTO + "held"), ox.NamedNode(CSTO + "planned")
MEMBER, RESTORED = ox.NamedNode(CSTO + "member"), ox.NamedNode(CSTO + "restored")
MOSCOW, MINSK = ox.NamedNode(ID + "city/moscow"), ox.NamedNode(ID + "city/minsk")
SUMMIT = ox.NamedNode(ID + "event/summit-csto-2022-11")


def date(text: str) -> ox.Literal:
    kind = {4: "gYear", 7: "gYearMonth"}.get(len(text), "date")
    return ox.Literal(text, datatype=ox.NamedNode(XSD + kind))


def claim(value: ox.NamedNode | ox.Literal, article: str, published: str = "2022-01-01") -> Claim:
    return Claim(value, f"{ID}graph/{article}", (published, f"{ID}graph/{article}"))


# --- the rules -------------------------------------------------------------------------------


def test_dates_at_several_precisions_keep_the_most_precise() -> None:
    claims = [claim(date("1992"), "a"), claim(date("1992-05-15"), "b"), claim(date("1992-05"), "c")]
    assert choose_dates(claims) == date("1992-05-15")


def test_two_days_keep_the_one_most_articles_support_a_year_counting_for_both() -> None:
    claims = [claim(date("2022-05-16"), "a"), claim(date("2022-05-17"), "b"), claim(date("2022-05-16"), "c"), claim(date("2022"), "d")]
    assert choose_dates(claims) == date("2022-05-16")


def test_between_as_many_articles_the_more_precise_then_the_latest_wins() -> None:
    precise = [claim(date("2022-05"), "a"), claim(date("2022-06-01"), "b")]
    assert choose_dates(precise) == date("2022-06-01")
    tied = [claim(date("2022-05-16"), "a", "2022-05-20"), claim(date("2022-05-17"), "b", "2022-05-21")]
    assert choose_dates(tied) == date("2022-05-17")
    assert choose_dates(list(reversed(tied))) == date("2022-05-17")  # order of the claims is no rule


def test_held_wins_over_planned_once_reported() -> None:
    announced = claim(PLANNED, "a", "2022-10-01")
    reported = claim(HELD, "b", "2022-11-24")
    repeated = claim(PLANNED, "c", "2022-12-01")  # a later article repeating the announcement
    assert choose_event_status([announced]) == PLANNED
    assert choose_event_status([announced, reported]) == HELD
    assert choose_event_status([announced, reported, repeated]) == HELD


def test_most_articles_then_the_latest() -> None:
    assert choose_most_articles([claim(MOSCOW, "a"), claim(MINSK, "b"), claim(MOSCOW, "c")]) == MOSCOW
    assert choose_most_articles([claim(MOSCOW, "a", "2022-01-01"), claim(MINSK, "b", "2022-02-01")]) == MINSK
    # one article stating a value twice is one article
    twice = [claim(MOSCOW, "a", "2022-03-01"), claim(MOSCOW, "a", "2022-03-01"), claim(MINSK, "b", "2022-01-01"), claim(MINSK, "c", "2022-01-01")]
    assert choose_most_articles(twice) == MINSK


def test_a_return_is_restored_where_any_article_knows_of_the_exit() -> None:
    assert choose_membership_status([claim(MEMBER, "a"), claim(RESTORED, "b"), claim(MEMBER, "c")]) == RESTORED
    assert choose_membership_status([claim(MEMBER, "a")]) == MEMBER


def test_earliest_date_and_earliest_article() -> None:
    assert choose_earliest([claim(date("2022-06-10"), "a"), claim(date("2021-11-01"), "b")]) == date("2021-11-01")
    first = claim(ox.Literal("العنوان الأول", language="ar"), "a", "2021-01-01")
    later = claim(ox.Literal("عنوان لاحق", language="ar"), "b", "2022-01-01")
    assert choose_earliest_article([later, first]) == first.value


@given(st.lists(st.tuples(st.sampled_from(["2022", "2022-05", "2022-05-16", "2022-05-17", "2021-12-01"]), st.integers(0, 5)), min_size=1, max_size=8))
@settings(max_examples=200, deadline=None)
def test_every_rule_returns_one_of_the_claimed_values(values: list[tuple[str, int]]) -> None:
    claims = [claim(date(text), f"a{article}", f"2022-0{article + 1}-01") for text, article in values]
    for rule in RULES.values():
        assert rule(claims) in {c.value for c in claims}
        assert rule(claims) == rule(list(reversed(claims)))  # deterministic


# --- the policy ------------------------------------------------------------------------------


def test_every_functional_property_of_the_ontology_has_a_rule() -> None:
    config = Config()
    policy = load_policy(config.mappings_dir, config.ontology_file)
    ontology = Graph().parse(config.ontology_file)
    functional = {str(p) for p in ontology.subjects(RDF.type, OWL.FunctionalProperty)}
    assert functional and functional <= set(policy.single), functional - set(policy.single)


def test_an_unknown_rule_is_named_with_its_file(tmp_path: Path) -> None:
    config = Config()
    mappings = tmp_path / "mappings"
    shutil.copytree(config.mappings_dir, mappings)
    policy = mappings / "reconcile.yaml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("csto:eventStatus: event_status", "csto:eventStatus: newest"), encoding="utf-8")
    with pytest.raises(ValueError, match=r"reconcile\.yaml.*unknown rule 'newest'"):
        load_policy(mappings, config.ontology_file)


# --- one resource ----------------------------------------------------------------------------


def quads(subject: ox.NamedNode, article: str, *pairs: tuple[str, ox.NamedNode | ox.Literal]) -> list[ox.Quad]:
    graph = ox.NamedNode(f"{ID}graph/article/{article}")
    return [ox.Quad(subject, ox.NamedNode(p), o, graph) for p, o in pairs]


def reconciled(claims: list[ox.Quad], dates: dict[str, str], reference: list[ox.Triple] = ()) -> list[ox.Triple]:  # type: ignore[assignment]
    config = Config()
    reconciler = Reconciler(load_policy(config.mappings_dir, config.ontology_file), lambda g: (dates.get(g.rsplit("/", 1)[1], ""), g))
    result = Reconciled()
    reconciler.resource(claims[0].subject, claims, reference, result)
    return result.triples


def test_a_summit_reported_differently_is_one_fact_per_property() -> None:
    rdf_type = RDF_TYPE = str(RDF.type)
    claims = [
        *quads(SUMMIT, "a", (RDF_TYPE, ox.NamedNode(CSTO + "Summit")), (CSTO + "eventStatus", PLANNED), (SCHEMA + "startDate", date("2022-11")),
               (SCHEMA + "location", MINSK), (RDFS + "label", ox.Literal("قمة المنظمة", language="ar"))),
        *quads(SUMMIT, "b", (rdf_type, ox.NamedNode(CSTO + "Summit")), (CSTO + "eventStatus", HELD), (SCHEMA + "startDate", date("2022-11-23")),
               (SCHEMA + "location", ox.NamedNode(ID + "city/yerevan")), (CSTO + "evidence", ox.NamedNode(ID + "evidence/b-1"))),
        *quads(SUMMIT, "c", (CSTO + "eventStatus", PLANNED), (SCHEMA + "startDate", date("2022-11-23")), (SCHEMA + "location", ox.NamedNode(ID + "city/yerevan"))),
    ]
    triples = reconciled(claims, {"a": "2022-10-01", "b": "2022-11-24", "c": "2022-12-01"})
    values = {(t.predicate.value, t.object) for t in triples}
    single = [t.predicate.value for t in triples if t.predicate.value != str(RDF.type)]
    assert len(single) == len(set(single)), "a property with two values"
    assert (CSTO + "eventStatus", HELD) in values
    assert (SCHEMA + "startDate", date("2022-11-23")) in values
    assert (SCHEMA + "location", ox.NamedNode(ID + "city/yerevan")) in values
    assert not any(t.predicate.value == CSTO + "evidence" for t in triples)  # claims only
    assert not any(t.predicate.value == str(RDFS) + "label" for t in triples)  # an event's label is the label rule's


def test_labels_one_per_language_the_others_alternative() -> None:
    person = ox.NamedNode(ID + "person/new-person")
    claims = [
        *quads(person, "a", (RDFS + "label", ox.Literal("إيغور سيرغييف", language="ar"))),
        *quads(person, "b", (RDFS + "label", ox.Literal("ايغور سيرغيف", language="ar"))),
    ]
    triples = set(reconciled(claims, {"a": "2021-01-01", "b": "2022-01-01"}))
    assert ox.Triple(person, ox.NamedNode(RDFS + "label"), ox.Literal("إيغور سيرغييف", language="ar")) in triples
    assert ox.Triple(person, ox.NamedNode(SKOS + "altLabel"), ox.Literal("ايغور سيرغيف", language="ar")) in triples


def test_reference_data_wins_where_it_speaks() -> None:
    russia = ox.NamedNode(ID + "state/russia")
    reference = [ox.Triple(russia, ox.NamedNode(RDFS + "label"), ox.Literal("روسيا", language="ar"))]
    claims = quads(russia, "a", (RDFS + "label", ox.Literal("روسيا الاتحادية", language="ar")))
    labels = [t for t in reconciled(claims, {}, reference) if t.predicate.value == RDFS + "label"]
    assert labels == reference


# --- whole builds ----------------------------------------------------------------------------

ANNOUNCED = """---
published: {published}
title: "{title}"
---
{title}

{body}
"""
PLANNED_TEXT = "ستعقد قمة منظمة معاهدة الأمن الجماعي في مينسك يوم 23 نوفمبر 2023 بمشاركة قادة الدول الأعضاء."
HELD_TEXT = "عقدت قمة منظمة معاهدة الأمن الجماعي في مينسك يوم 23 نوفمبر 2023 بمشاركة قادة الدول الأعضاء."


def article(folder: Path, name: str, published: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    path.write_text(ANNOUNCED.format(published=published, title="أخبار المنظمة", body=body), encoding="utf-8")
    return path


def statuses(store: ox.Store) -> list[str]:
    rows = store.query("SELECT ?s WHERE { ?e a <%sSummit> ; <%seventStatus> ?s }" % (CSTO, CSTO))
    return [row["s"].value.rsplit("#", 1)[1] for row in rows]  # type: ignore[union-attr]


def test_adding_an_article_that_reports_the_summit_held_flips_its_status(tmp_path: Path) -> None:
    built = build_into(tmp_path / "b", [article(tmp_path / "first", "announced", "2023-11-20", PLANNED_TEXT)])
    assert statuses(built.store) == ["planned"]
    del built
    config = Config(store=tmp_path / "b" / "store", dist=tmp_path / "b" / "dist")
    assert add_articles([article(tmp_path / "second", "reported", "2023-11-24", HELD_TEXT)], config).ok
    store = ox.Store.read_only(str(config.store))
    assert statuses(store) == ["held"]
    claims = store.query("SELECT ?g ?s WHERE { GRAPH ?g { ?e a <%sSummit> ; <%seventStatus> ?s } } ORDER BY ?g" % (CSTO, CSTO))
    assert [(r["g"].value.rsplit("/", 1)[1], r["s"].value.rsplit("#", 1)[1]) for r in claims] == [("announced", "planned"), ("reported", "held")]  # type: ignore[union-attr]
    del store
    # an older article announcing it, added later, does not undo what was reported
    assert add_articles([article(tmp_path / "third", "old-announcement", "2023-10-01", PLANNED_TEXT)], config).ok
    assert statuses(ox.Store.read_only(str(config.store))) == ["held"]


def test_edits_to_the_default_graph_survive_an_add_that_reconciles_their_subject(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PROJECT_ROOT / "corpus" / "000_e17557396043c40c.txt", corpus)
    build_into(tmp_path / "b", [corpus])
    config = Config(store=tmp_path / "b" / "store", dist=tmp_path / "b" / "dist")
    russia, armenia = f"<{ID}state/russia>", f"<{ID}state/armenia>"
    note = f'INSERT DATA {{ {russia} <{RDFS}comment> "edited by hand"@en }}'
    drop = f'DELETE DATA {{ {armenia} <{RDFS}label> "أرمينيا"@ar }}'
    for update in (note, drop):
        assert apply(Job(kind="update", query=update, store_link=str(config.store))).status == 204
    assert add_articles([PROJECT_ROOT / "corpus" / "002_csto-summit-yerevan-2022.txt"], config).ok  # names Russia and Armenia
    store = ox.Store.read_only(str(config.store))
    assert store.query(f'ASK {{ {russia} <{RDFS}comment> "edited by hand"@en }}')
    assert not store.query(f'ASK {{ {armenia} <{RDFS}label> "أرمينيا"@ar }}')


def test_a_rebuild_replays_the_edits_and_every_dump_is_the_store_s(tmp_path: Path) -> None:
    """A build over a store edited through the server replays the edits on the new store, and
    then writes every dump from that store: the edit is in each, and the TriG and N-Triples
    dumps hold exactly the store's quads (not the spools written before the edits were known)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PROJECT_ROOT / "corpus" / "000_e17557396043c40c.txt", corpus)
    build_into(tmp_path / "b", [corpus])
    config = Config(store=tmp_path / "b" / "store", dist=tmp_path / "b" / "dist")
    russia = f"<{ID}state/russia>"
    note = f'INSERT DATA {{ {russia} <{RDFS}comment> "edited by hand"@en }}'
    assert apply(Job(kind="update", query=note, store_link=str(config.store))).status == 204
    rebuilt = build_into(tmp_path / "b", [corpus])
    assert rebuilt.report.ok
    stored = set(rebuilt.store.quads_for_pattern(None, None, None, None))
    edit = ox.Quad(ox.NamedNode(f"{ID}state/russia"), ox.NamedNode(f"{RDFS}comment"), ox.Literal("edited by hand", language="en"))
    assert edit in stored
    dist = config.dist
    for name, syntax in (("csto-kg.nq", ox.RdfFormat.N_QUADS), ("csto-kg.trig", ox.RdfFormat.TRIG)):
        assert set(ox.parse(path=str(dist / name), format=syntax)) == stored, name
    default = {q for q in stored if isinstance(q.graph_name, ox.DefaultGraph)}
    assert set(ox.parse(path=str(dist / "csto-kg.nt"), format=ox.RdfFormat.N_TRIPLES)) == default
    assert rebuilt.report.triples == len(default)


@pytest.mark.parametrize(
    ("rule", "chosen", "claimed", "kept"),
    [
        ("earliest", "2022-01-10", "2023-05-01", True),  # a later "as of" changes nothing
        ("earliest", "2022-01-10", "2021-12-31", False),
        ("dates", "2022-05-16", "2022", True),  # less precise and agreeing: support for it
        ("dates", "2022", "2022-05-16", False),  # more precise: the rule may take it
        ("dates", "2022-05-16", "2022-05-17", False),  # a disagreement
        ("most_articles", "2022-05-16", "2022-05-16", True),  # one more vote for the winner
        ("most_articles", "2022-05-16", "2022-05-17", False),
    ],
)
def test_a_claim_that_keeps_the_chosen_value_needs_no_reconciling(rule: str, chosen: str, claimed: str, kept: bool) -> None:
    """`keeps` lets `add` skip reading every claim again; where it says True, reconciling all the
    claims with the new one must give the chosen value back."""
    assert keeps(rule, date(chosen), date(claimed)) is kept
    if kept:
        claims = [claim(date(chosen), "a", "2022-01-01"), claim(date(claimed), "b", "2023-01-01")]
        assert RULES[rule](claims) == date(chosen)


@pytest.mark.parametrize(
    ("chosen", "claimed", "kept"),
    [("held", "planned", True), ("held", "cancelled", False), ("planned", "held", False), ("planned", "planned", True)],
)
def test_a_status_claim_keeps_a_held_event_held_only_when_it_says_planned(chosen: str, claimed: str, kept: bool) -> None:
    """An old announcement ("planned") read after the event was reported held changes nothing; a
    cancellation may, as the latest article's word."""
    status = {name: ox.NamedNode(CSTO + name) for name in ("held", "planned", "cancelled")}
    assert keeps("event_status", status[chosen], status[claimed]) is kept
    if kept:
        claims = [claim(status[chosen], "a", "2022-01-01"), claim(status[claimed], "b", "2023-01-01")]
        assert choose_event_status(claims) == status[chosen]


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The bundled corpus, built once for the tests that compare a build with reconciling in memory."""
    built = build_into(tmp_path_factory.mktemp("corpus"), [PROJECT_ROOT / "corpus"])
    assert built.report.ok
    return built


def article_graphs(built: Built) -> dict[ox.NamedNode, list[ox.Quad]]:
    """Each article's named graph in a built store."""
    by_graph: dict[ox.NamedNode, list[ox.Quad]] = {}
    for quad in built.store.quads_for_pattern(None, None, None, None):
        if isinstance(quad.graph_name, ox.NamedNode) and "/graph/article/" in quad.graph_name.value:
            by_graph.setdefault(quad.graph_name, []).append(quad)
    return by_graph


def reference_quads(background: list[ox.Quad], config: Config) -> list[ox.Quad]:
    return [q for q in background if q.graph_name == ox.NamedNode(config.graph_iri("reference"))]


def test_what_a_build_keeps_of_each_graph_reconciles_to_the_same_knowledge_graph(corpus_build: Built) -> None:
    """A build keeps in memory only `what_reconcile_reads` of each article graph: reconciling
    that must give exactly what reconciling every claim gives (the bundled corpus)."""
    from csto_kg.pipeline import background_quads
    from csto_kg.reconcile import load_policy, reconcile, what_reconcile_reads

    config = corpus_build.config
    by_graph = article_graphs(corpus_build)
    claims = [q for quads in by_graph.values() for q in quads]
    policy = load_policy(config.mappings_dir, config.ontology_file)
    kept = [q for quads in by_graph.values() for q in what_reconcile_reads(quads, policy)]
    reference = reference_quads(background_quads(config), config)
    assert len(by_graph) >= 17 and len(kept) < len(claims) / 2
    assert set(reconcile(kept, reference, config).triples) == set(reconcile(claims, reference, config).triples)


def test_claims_reconciled_from_a_file_in_any_order_give_the_same_knowledge_graph(
    corpus_build: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build writes the claims to a file and reconciles them a resource at a time after sort(1):
    the same default graph as reconciling them in memory, however the file is ordered and
    however its blocks fall (here 2 KiB, so resources straddle blocks)."""
    from csto_kg.pipeline import background_quads
    from csto_kg import reconcile as module
    from csto_kg.reconcile import article_dates, claims_by_subject, load_policy, reconcile, reconcile_file, what_reconcile_reads

    config = corpus_build.config
    policy = load_policy(config.mappings_dir, config.ontology_file)
    claims = [q for quads in article_graphs(corpus_build).values() for q in what_reconcile_reads(quads, policy)]
    reference = reference_quads(background_quads(config), config)
    expected = set(reconcile(claims, reference, config).triples)
    path = tmp_path / "claims.nq"
    shuffled = list(claims)
    random.Random(7).shuffle(shuffled)
    ox.serialize(shuffled, str(path), ox.RdfFormat.N_QUADS)
    original = module.claims_by_subject
    monkeypatch.setattr(module, "claims_by_subject", lambda file: original(file, block=2048))
    monkeypatch.setattr(module, "PART_SIZE", 50)  # written in many parts
    with open(tmp_path / "default.nt", "wb") as out:
        written = reconcile_file(path, reference, config, article_dates(claims), out)
    got = list(ox.parse(path=str(tmp_path / "default.nt"), format=ox.RdfFormat.N_TRIPLES))
    assert written == len(got) and {quad.triple for quad in got} == expected
    assert not (tmp_path / "claims.nq.sorted").exists()
    sort_lines(path, tmp_path / "sorted.nq")
    groups = list(claims_by_subject(tmp_path / "sorted.nq", block=2048))
    assert len({subject for subject, _ in groups}) == len(groups)  # each resource once, whole
    assert sum(len(quads) for _, quads in groups) == len(claims)


def test_without_sort_the_build_says_what_it_needs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "claims.nq").write_text("")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match=r"sort\(1\) is needed"):
        sort_lines(tmp_path / "claims.nq", tmp_path / "sorted.nq")


def test_a_build_streams_the_same_default_graph_as_reconciling_in_memory(corpus_build: Built) -> None:
    """A build writes the default graph a few thousand triples at a time and labels its events in
    the store (it is never whole in Python): the store, the N-Triples, N-Quads and TriG dumps hold
    exactly what reconciling every claim in memory and the label rule over the result give."""
    from csto_kg.pipeline import background_quads
    from csto_kg.reconcile import event_labels, reconcile, what_reconcile_reads

    built = corpus_build
    config = built.config
    policy = load_policy(config.mappings_dir, config.ontology_file)
    claims = [q for quads in article_graphs(built).values() for q in what_reconcile_reads(quads, policy)]
    background = background_quads(config)
    reference = reference_quads(background, config)
    reconciled = reconcile(claims, reference, config).triples
    expected = set(reconciled) | set(event_labels(None, reconciled, background, config))
    assert any(t.predicate.value == RDFS + "label" and "/event/" in t.subject.value for t in expected - set(reconciled))

    stored = {q.triple for q in built.store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert stored == expected
    assert built.report.triples == len(expected)
    dist = config.dist
    nt = [q.triple for q in ox.parse(path=str(dist / "csto-kg.nt"), format=ox.RdfFormat.N_TRIPLES)]
    assert len(nt) == len(expected) and set(nt) == expected  # each triple once
    for name, syntax in (("csto-kg.nq", ox.RdfFormat.N_QUADS), ("csto-kg.trig", ox.RdfFormat.TRIG)):
        quads = list(ox.parse(path=str(dist / name), format=syntax))
        assert {q.triple for q in quads if isinstance(q.graph_name, ox.DefaultGraph)} == expected, name
        assert {q for q in quads if isinstance(q.graph_name, ox.NamedNode)} == {
            q for q in built.store.quads_for_pattern(None, None, None, None) if isinstance(q.graph_name, ox.NamedNode)
        }, name
    turtle = set(ox.parse(path=str(dist / "csto-kg.ttl"), format=ox.RdfFormat.TURTLE))
    assert {q.triple for q in turtle} == expected


def test_event_labels_follow_the_background_they_are_given_and_leave_no_facts_behind() -> None:
    """The label rule's store is kept between calls with the same background (an add labels twice
    per article): a changed background is read anew, and one call's facts never reach the next."""
    from csto_kg.pipeline import background_quads
    from csto_kg.reconcile import event_labels

    config = Config()
    background = background_quads(config)
    summit, status = ox.NamedNode(CSTO + "Summit"), ox.NamedNode(CSTO + "eventStatus")
    event = ox.NamedNode(f"{ID}event/summit-x")
    facts = [ox.Triple(event, ox.NamedNode(str(RDF.type)), summit), ox.Triple(event, status, HELD)]

    def english(labels: list[ox.Triple]) -> set[str]:
        return {t.object.value for t in labels if getattr(t.object, "language", None) == "en"}

    assert english(event_labels([event], facts, background, config)) == {"Summit"}
    assert event_labels([event], [], background, config) == []  # the facts of the call before are gone
    renamed = [
        ox.Quad(q.subject, q.predicate, ox.Literal("gathering", language="en"), q.graph_name)
        if q.subject == summit and q.predicate.value == RDFS + "label" and getattr(q.object, "language", None) == "en"
        else q
        for q in background
    ]
    assert english(event_labels([event], facts, renamed, config)) == {"Gathering"}
