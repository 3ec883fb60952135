"""Answers kept for the published release: asked again, a query is not evaluated again; a client
that has the answer gets 304; another format, dataset or release is another answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest

from conftest import build_into, running
from csto_kg.config import PROJECT_ROOT
from csto_kg.server.answers import AnswerCache, answer_tag
from csto_kg.server.app import build_app
from csto_kg.server.jobs import Job, Outcome
from csto_kg.server.settings import ServeSettings
from csto_kg.server.sparql import StoreHandle
from csto_kg.server.workers import QueryPool
from csto_kg.server.writes import apply

BASE = "https://w3id.org/csto-kg/"
EX = "http://example.org/"
# costly enough to be worth keeping (a few ms of a worker's CPU)
QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d FILTER(?b < ?d) }"


class Counting:
    """A query pool that counts the jobs it is given."""

    def __init__(self, pool: QueryPool) -> None:
        self.pool = pool
        self.queries: list[str] = []
        self.jobs: list[tuple[str, str | None]] = []  # every job's kind and graph

    async def run(self, job: Job, timeout: float | None = None) -> Outcome:
        self.queries.append(job.query)
        self.jobs.append((job.kind, job.graph))
        return await self.pool.run(job, timeout)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.pool, name)


def store_with(path: Path, count: int) -> Path:
    store = ox.Store(str(path))
    store.extend(ox.Quad(ox.NamedNode(f"{EX}{i}"), ox.NamedNode(EX + "p"), ox.Literal(i)) for i in range(count))
    store.flush()
    del store
    return path


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Counting]]:
    path = store_with(tmp_path_factory.mktemp("answers") / "store", 400)
    pool = Counting(QueryPool(size=2, timeout=20))
    try:
        with running(build_app(StoreHandle(path), ServeSettings(base_iri=BASE), executor=pool)) as url:  # type: ignore[arg-type]
            yield url + "/sparql", pool
    finally:
        pool.pool.close()


def test_a_query_asked_again_is_answered_from_the_kept_answer(served: tuple[str, Counting]) -> None:
    endpoint, pool = served
    first = httpx.get(endpoint, params={"query": QUERY})
    again = httpx.get(endpoint, params={"query": QUERY})
    assert first.status_code == again.status_code == 200
    assert first.content == again.content and first.headers["etag"] == again.headers["etag"]
    assert pool.queries.count(QUERY) == 1
    # POSTed, the same question has the same answer
    posted = httpx.post(endpoint, content=QUERY, headers={"Content-Type": "application/sparql-query"})
    assert posted.content == first.content and pool.queries.count(QUERY) == 1


def test_a_client_with_the_answer_gets_304(served: tuple[str, Counting]) -> None:
    endpoint, pool = served
    first = httpx.get(endpoint, params={"query": QUERY + " # 304"})
    runs = len(pool.queries)
    again = httpx.get(endpoint, params={"query": QUERY + " # 304"}, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == first.headers["etag"]
    assert len(pool.queries) == runs
    other = httpx.get(endpoint, params={"query": QUERY + " # 304"}, headers={"If-None-Match": '"q-something-else"'})
    assert other.status_code == 200


def test_another_format_or_dataset_is_another_answer(served: tuple[str, Counting]) -> None:
    endpoint, pool = served
    query = QUERY + " # formats"
    as_json = httpx.get(endpoint, params={"query": query})
    as_csv = httpx.get(endpoint, params={"query": query}, headers={"Accept": "text/csv"})
    assert as_csv.headers["content-type"].startswith("text/csv") and as_csv.headers["etag"] != as_json.headers["etag"]
    named = httpx.get(endpoint, params={"query": query, "named-graph-uri": EX + "g"})
    assert named.json()["results"]["bindings"][0]["n"]["value"] == "0"  # only named graphs: empty default graph
    assert pool.queries.count(query) == 3


def test_errors_and_oversized_answers_are_not_kept_and_lookups_are_told_apart() -> None:
    cache = AnswerCache(1 << 20)
    job = Job(kind="query", query="ASK {}")
    tag = answer_tag("r1", job)
    cache.keep("r1", tag, Outcome(503, b"stopped", cpu_seconds=1.0))
    assert cache.get("r1", tag) is None
    # the RDF of two resources: two answers (the job's graph is part of the key)
    one, two = (Job(kind="describe", release="r1", graph=EX + n, graph_media_type="text/turtle") for n in ("a", "b"))
    assert answer_tag("r1", one) != answer_tag("r1", two)
    cache.keep("r1", tag, Outcome(200, b"x" * (1 << 18), cpu_seconds=1.0))  # over an eighth of the budget
    assert cache.get("r1", tag) is None
    cache.keep("r1", tag, Outcome(200, b"true", cpu_seconds=1.0))
    assert cache.get("r1", tag) is not None
    assert cache.get("r2", tag) is None  # another release: nothing kept is served


def test_the_cache_holds_no_more_than_its_budget() -> None:
    cache = AnswerCache(64 * 1024)
    for i in range(100):
        cache.keep("r1", f'"{i}"', Outcome(200, b"x" * 4000, cpu_seconds=1.0))
    assert cache.size <= 64 * 1024
    assert cache.get("r1", '"99"') is not None and cache.get("r1", '"0"') is None  # least recently used went first


def test_a_new_release_is_never_answered_from_the_old_one(tmp_path: Path) -> None:
    """A write publishes a new release under the running server: its answers are new."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "seed.txt").write_bytes((PROJECT_ROOT / "corpus" / "000_e17557396043c40c.txt").read_bytes())
    build_into(tmp_path, [corpus])
    store = tmp_path / "store"
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?s ?q ?x }"
    pool = Counting(QueryPool(size=2, timeout=20))
    try:
        with running(build_app(StoreHandle(store), ServeSettings(base_iri=BASE), executor=pool)) as url:  # type: ignore[arg-type]
            before = httpx.get(url + "/sparql", params={"query": query})
            assert httpx.get(url + "/sparql", params={"query": query}).content == before.content
            assert pool.queries.count(query) == 1
            insert = Job(kind="update", query=f"INSERT DATA {{ <{EX}s> <{EX}p> <{EX}o> }}", store_link=str(store))
            assert apply(insert).status == 204
            after = httpx.get(url + "/sparql", params={"query": query})
            assert after.json() != before.json() and after.headers["etag"] != before.headers["etag"]
            assert pool.queries.count(query) == 2
            stale = httpx.get(url + "/sparql", params={"query": query}, headers={"If-None-Match": before.headers["etag"]})
            assert stale.status_code == 200
    finally:
        pool.pool.close()


def test_a_lookup_asked_again_is_answered_without_a_worker(tmp_path: Path) -> None:
    """Lookups are kept too (a cheap answer kept costs less than a worker round trip): the RDF of
    /id/... and a DESCRIBE asked twice are computed once each, and two resources are two answers."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "seed.txt").write_bytes((PROJECT_ROOT / "corpus" / "000_e17557396043c40c.txt").read_bytes())
    build_into(tmp_path, [corpus])
    pool = Counting(QueryPool(size=2, timeout=20))
    turtle = {"Accept": "text/turtle"}
    try:
        with running(build_app(StoreHandle(tmp_path / "store"), ServeSettings(base_iri=BASE), executor=pool)) as url:  # type: ignore[arg-type]
            armenia = [httpx.get(url + "/id/state/armenia", headers=turtle) for _ in range(2)]
            russia = httpx.get(url + "/id/state/russia", headers=turtle)
            assert armenia[0].status_code == armenia[1].status_code == russia.status_code == 200
            assert armenia[0].content == armenia[1].content != russia.content
            assert pool.jobs.count(("describe", BASE + "id/state/armenia")) == 1
            assert pool.jobs.count(("describe", BASE + "id/state/russia")) == 1
            describe = f"DESCRIBE <{BASE}id/state/armenia>"
            for _ in range(2):
                assert httpx.get(url + "/sparql", params={"query": describe}, headers=turtle).status_code == 200
            assert pool.queries.count(describe) == 1
    finally:
        pool.pool.close()
