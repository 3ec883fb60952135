"""The query workers' in-memory copy of the knowledge graph (server/memory_copy.py) and the
results writer that answers from it: same answers as the store, used only where it may be."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from csto_kg.config import PROJECT_ROOT
from csto_kg.server.jobs import Job, execute, write_solutions
from csto_kg.server.memory_copy import knowledge_graph_copy

from conftest import PREFIXES, SEED_GRAPH, Built

JSON = "application/sparql-results+json"
TURTLE = "text/turtle"
PUBLIC = sorted(PROJECT_ROOT.glob("queries/*.rq"))


def _default_graph(store: ox.Store) -> set[ox.Triple]:
    return {quad.triple for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def _release(built: Built) -> Path:
    return built.config.store.resolve()


def _own_release(built: Built, tmp_path: Path) -> Path:
    """A copy of the seed release that a test may change."""
    target = tmp_path / "release"
    shutil.copytree(_release(built), target, ignore=shutil.ignore_patterns("LOCK"))
    return target


def test_the_copy_holds_the_knowledge_graph_exactly(seed_build: Built) -> None:
    copy = knowledge_graph_copy(_release(seed_build), seed_build.store, 10**6)
    assert copy is not None
    assert {quad.triple for quad in copy} == _default_graph(seed_build.store)
    assert not list(copy.named_graphs())


def test_no_copy_past_the_limit_or_when_turned_off(seed_build: Built) -> None:
    size = len(_default_graph(seed_build.store))
    assert knowledge_graph_copy(_release(seed_build), seed_build.store, size) is not None
    assert knowledge_graph_copy(_release(seed_build), seed_build.store, size - 1) is None
    assert knowledge_graph_copy(_release(seed_build), seed_build.store, 0) is None


def test_no_copy_when_the_dump_differs_from_the_store(seed_build: Built, tmp_path: Path) -> None:
    release = _own_release(seed_build, tmp_path)
    dump = release / "dumps" / "csto-kg.nt"
    lines = dump.read_bytes().splitlines(keepends=True)
    dump.write_bytes(b"".join(lines[:-1]))  # one triple short
    assert knowledge_graph_copy(release, ox.Store.read_only(str(release)), 10**6) is None


def test_no_copy_of_a_graph_with_blank_nodes(seed_build: Built, tmp_path: Path) -> None:
    """Loading renames blank nodes, and answers must name them as the store does."""
    release = _own_release(seed_build, tmp_path)
    writable = ox.Store(str(release))
    extra = ox.Quad(ox.BlankNode("b1"), ox.NamedNode("http://example.org/p"), ox.Literal("x"), ox.DefaultGraph())
    writable.add(extra)
    writable.flush()
    del writable
    dump = release / "dumps" / "csto-kg.nt"
    dump.write_bytes(dump.read_bytes() + b'_:b1 <http://example.org/p> "x" .\n')  # same count as the store
    assert knowledge_graph_copy(release, ox.Store.read_only(str(release)), 10**6) is None


def _job(query: str, **dataset: tuple[str, ...]) -> Job:
    return Job(kind="query", query=query, results_media_type=JSON, graph_media_type=TURTLE, row_limit=10_000, **dataset)  # type: ignore[arg-type]


def _answer(store: ox.Store, job: Job, copy: ox.Store | None) -> object:
    outcome = execute(store, job, copy)
    assert outcome.status == 200, outcome.body
    if outcome.media_type == JSON:
        return json.loads(outcome.body)
    return {quad.triple for quad in ox.parse(outcome.body, format=ox.RdfFormat.TURTLE)}


QUERIES = {
    "two-hop join": "SELECT ?post ?person ?event WHERE { ?post org:heldBy ?person . OPTIONAL { ?event csto:participant ?person } } ORDER BY ?post ?person ?event",
    "claims": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "from": f"SELECT (COUNT(*) AS ?n) FROM <{SEED_GRAPH}> WHERE {{ ?s ?p ?o }}",
    "describe": "DESCRIBE <https://w3id.org/csto-kg/id/state/armenia>",
    "construct": "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a csto:State ; rdfs:label ?l }",
    "ask": "ASK { ?s a csto:Summit }",
}


@pytest.mark.parametrize("path", PUBLIC, ids=lambda p: p.stem)
def test_public_queries_answer_the_same_from_the_copy(seed_build: Built, path: Path) -> None:
    copy = knowledge_graph_copy(_release(seed_build), seed_build.store, 10**6)
    job = _job(path.read_text(encoding="utf-8"))
    answer = _answer(seed_build.store, job, copy)
    assert answer == _answer(seed_build.store, job, None)
    if path.stem in ("entities", "posts", "events", "memberships", "evidence"):
        assert answer["results"]["bindings"]  # type: ignore[index]


@pytest.mark.parametrize("name", QUERIES)
def test_every_query_form_answers_the_same_from_the_copy(seed_build: Built, name: str) -> None:
    copy = knowledge_graph_copy(_release(seed_build), seed_build.store, 10**6)
    job = _job(PREFIXES + QUERIES[name])
    answer = _answer(seed_build.store, job, copy)
    assert answer == _answer(seed_build.store, job, None)
    assert answer  # triples, or a results document


def test_only_queries_that_read_the_default_graph_alone_use_the_copy(seed_build: Built) -> None:
    """A copy that says something the store does not shows which queries read it."""
    marker = ox.Quad(ox.NamedNode("http://example.org/only-in-the-copy"), ox.NamedNode("http://example.org/p"), ox.Literal("x"))
    copy = ox.Store()
    copy.add(marker)
    count = "SELECT (COUNT(*) AS ?n) {from} WHERE {{ {pattern} }}"

    def counted(query: str, **dataset: tuple[str, ...]) -> int:
        answer = _answer(seed_build.store, _job(query, **dataset), copy)
        return int(answer["results"]["bindings"][0]["n"]["value"])  # type: ignore[index]

    assert counted(count.format(**{"from": "", "pattern": "?s ?p ?o"})) == 1
    assert counted(count.format(**{"from": "", "pattern": "GRAPH ?g { ?s ?p ?o }"})) > 1
    assert counted(count.format(**{"from": f"FROM <{SEED_GRAPH}>", "pattern": "?s ?p ?o"})) > 1
    assert counted(count.format(**{"from": "", "pattern": "?s ?p ?o"}), default_graphs=(SEED_GRAPH,), named_graphs=()) > 1
    # "GRAPH" and "FROM" inside a string or an IRI are not keywords: the copy answers.
    assert counted(count.format(**{"from": "", "pattern": '?s ?p ?o FILTER(?o != "GRAPH FROM" && ?s != <http://x/GRAPH>)'})) == 1


def test_results_json_is_what_pyoxigraph_writes() -> None:
    """The writer that caps rows writes each kind of term as Oxigraph's own serialiser does."""
    store = ox.Store()
    subject, predicate = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    for value in (
        ox.Literal("مجلس وزراء الخارجية", language="ar"),
        ox.Literal('quotes " and \\ and a\nnew line and \u0001 and \u2028'),
        ox.Literal("2022-05-16", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")),
        ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ox.BlankNode("b0"),
        ox.NamedNode("http://example.org/o?x=1&y=مجلس"),
    ):
        store.add(ox.Quad(subject, predicate, value))
    query = "SELECT ?s ?o ?unbound WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?unbound } } ORDER BY ?o"
    expected = json.loads(store.query(query).serialize(format=ox.QueryResultsFormat.JSON))  # type: ignore[union-attr]
    result = store.query(query)
    written = write_solutions([v.value for v in result.variables], [tuple(row) for row in result], JSON)  # type: ignore[union-attr]
    assert json.loads(written) == expected
    assert len(expected["results"]["bindings"]) == 6


def test_the_query_workers_answer_from_their_copy(tmp_path: Path) -> None:
    """Through the worker pool as the server runs it: a release whose dump says something else
    than its store (one label changed, same size) shows which of the two a worker read."""
    import asyncio

    from conftest import SEED, build_into

    from csto_kg.server.workers import QueryPool

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    release = _release(build_into(tmp_path, [corpus]))
    dump = release / "dumps" / "csto-kg.nt"
    text = dump.read_text(encoding="utf-8")
    assert text.count('"Armenia"@en') == 1
    dump.write_text(text.replace('"Armenia"@en', '"Armenia, read from the copy"@en'), encoding="utf-8")
    query = 'SELECT ?label WHERE { <https://w3id.org/csto-kg/id/state/armenia> <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER(LANG(?label) = "en") }'
    job = Job(kind="query", release=str(release), query=query, results_media_type=JSON, row_limit=10)

    def label(memory_triples: int) -> str:
        pool = QueryPool(size=1, timeout=20, memory_triples=memory_triples)
        try:
            outcome = asyncio.run(pool.run(job))
        finally:
            pool.close()
        return json.loads(outcome.body)["results"]["bindings"][0]["label"]["value"]

    assert label(10**6) == "Armenia, read from the copy"
    assert label(0) == "Armenia"


def test_the_serve_option_reaches_the_query_workers(seed_build: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    """`csto-kg serve --memory-graph N` gives the settings N, and the server's query pool hands N
    to every worker it starts (answers alone could not tell: they are the same either way)."""
    from typer.testing import CliRunner

    from csto_kg import cli
    from csto_kg.server import app as server_app
    from csto_kg.server.settings import ServeSettings

    seen: list[ServeSettings] = []
    monkeypatch.setattr(server_app, "serve", lambda store, host, port, settings, **_: seen.append(settings))
    result = CliRunner().invoke(cli.app, ["serve", "--store", str(seed_build.config.store), "--memory-graph", "1234"])
    assert result.exit_code == 0, result.output
    assert [s.memory_graph for s in seen] == [1234]
    app = server_app.create_app(seed_build.config.store, ServeSettings(workers=1, memory_graph=1234))
    try:
        assert [pool.memory_triples for pool in app.state.pools] == [1234]
    finally:
        for pool in app.state.pools:
            pool.close()
