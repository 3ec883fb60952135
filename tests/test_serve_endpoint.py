"""`csto-kg serve --endpoint`: the same linked-data site over a store that `push` filled
(the Oxigraph server, and Virtuoso with the knowledge graph in a named graph).

Every answer is compared with the site over the embedded store it was pushed from: resource
pages (HTML and RDF by content negotiation), SPARQL answers, VoID, dumps; and the limits the
server applies itself (rows, time) hold over the endpoint as well.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import httpx
import pyoxigraph as ox
import pytest
from conftest import build_into, running
from external_stores import ExternalStore, free_port, oxigraph_server, virtuoso

from csto_kg.config import PROJECT_ROOT
from csto_kg.push import Pusher
from csto_kg.remote import Endpoint, http_auth
from csto_kg.server.app import build_app, create_endpoint_app
from csto_kg.server.settings import ServeSettings
from csto_kg.server.sparql import StoreHandle

BASE = "https://w3id.org/csto-kg/"
SETTINGS = ServeSettings(row_limit=50, timeout=2.0, answer_cache=0)


def pusher(store: ExternalStore) -> Pusher:
    os.environ.update(store.environment)
    target = Endpoint(store.query, store.update, store.default_graph, http_auth(store.update))
    return Pusher(target, BASE, graph_store=store.graph_store, batch=store.batch)


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def sites(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, ExternalStore]]:
    """(embedded site URL, endpoint site URL, the external store) over the bundled corpus."""
    tmp = tmp_path_factory.mktemp("serve-endpoint")
    built = build_into(tmp, [PROJECT_ROOT / "corpus"])
    assert built.report.ok
    start = {"oxigraph": oxigraph_server, "virtuoso": virtuoso}[request.param]
    with start(tmp / request.param) as store:
        pusher(store).push(built.config.store)
        local = build_app(StoreHandle(built.config.store), SETTINGS)
        remote = create_endpoint_app(Endpoint(store.query, default_graph=store.default_graph), SETTINGS, dumps=built.config.dist, scratch=tmp / "scratch")
        with running(local) as local_url, running(remote) as remote_url:
            yield local_url, remote_url, store


def triples(body: bytes, media_type: str) -> set[str]:
    fmt = ox.RdfFormat.from_media_type(media_type)
    assert fmt is not None
    return {str(t) for t in ox.parse(body, format=fmt) if not isinstance(t.subject, ox.BlankNode) and not isinstance(t.object, ox.BlankNode)}


@pytest.mark.parametrize("path", ["/id/organization/csto", "/id/state/armenia", "/id/person/sergey-lavrov"])
@pytest.mark.parametrize("media_type", ["text/turtle", "application/n-triples", "application/ld+json"])
def test_resources_by_content_negotiation_match(sites: tuple[str, str, ExternalStore], path: str, media_type: str) -> None:
    local, remote, _ = sites
    answers = [httpx.get(site + path, headers={"Accept": media_type}, follow_redirects=True) for site in (local, remote)]
    assert [a.status_code for a in answers] == [200, 200], answers[1].text[:300]
    assert answers[1].headers["content-type"].startswith(media_type)
    assert triples(answers[1].content, media_type) == triples(answers[0].content, media_type)
    assert answers[1].json()["@context"] == answers[0].json()["@context"] if media_type == "application/ld+json" else True


@pytest.mark.parametrize("path", ["/", "/id/organization/csto", "/id/state/armenia", "/.well-known/void", "/dumps/", "/query"])
def test_pages_match(sites: tuple[str, str, ExternalStore], path: str) -> None:
    local, remote, _ = sites
    answers = [httpx.get(site + path, headers={"Accept": "text/html"}, follow_redirects=True, timeout=60) for site in (local, remote)]
    assert [a.status_code for a in answers] == [200, 200], answers[1].text[:500]
    assert answers[1].text == answers[0].text.replace(local, remote)


def test_void_and_a_dump_match(sites: tuple[str, str, ExternalStore]) -> None:
    local, remote, _ = sites
    void = [httpx.get(site + "/.well-known/void", headers={"Accept": "text/turtle"}, follow_redirects=True, timeout=60) for site in (local, remote)]
    assert triples(void[1].content, "text/turtle") == triples(void[0].content, "text/turtle")
    dumps = [httpx.get(site + "/dumps/csto-kg.nt") for site in (local, remote)]
    assert dumps[1].status_code == 200 and dumps[1].content == dumps[0].content and dumps[1].headers["etag"] == dumps[0].headers["etag"]


def test_sparql_answers_match_and_rows_are_limited(sites: tuple[str, str, ExternalStore]) -> None:
    local, remote, _ = sites
    query = "SELECT DISTINCT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s"
    answers = [httpx.post(site + "/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"}) for site in (local, remote)]
    assert answers[1].status_code == 200
    assert answers[1].json()["results"] == answers[0].json()["results"]
    assert len(answers[1].json()["results"]["bindings"]) == SETTINGS.row_limit
    assert answers[1].headers["CSTO-Truncated"] == "true" and answers[1].headers["CSTO-Row-Limit"] == str(SETTINGS.row_limit)
    refused = httpx.post(remote + "/sparql", data={"query": "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }"})
    assert refused.status_code == 403


def test_a_query_that_names_its_dataset_keeps_it(sites: tuple[str, str, ExternalStore]) -> None:
    """FROM / FROM NAMED in a query, and the protocol's own dataset parameters, mean over the
    endpoint what they mean over the embedded store (the knowledge graph's own name is not
    forced on them)."""
    local, remote, _ = sites
    article = f"{BASE}graph/article/000_e17557396043c40c"
    requests = [
        {"query": f"SELECT (COUNT(*) AS ?n) FROM <{article}> WHERE {{ ?s ?p ?o }}"},
        {"query": f"SELECT (COUNT(*) AS ?n) FROM NAMED <{article}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"},
        {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "default-graph-uri": article},
    ]
    for data in requests:
        answers = [httpx.post(site + "/sparql", data=data, headers={"Accept": "application/sparql-results+json"}, timeout=60) for site in (local, remote)]
        counts = [a.json()["results"]["bindings"][0]["n"]["value"] for a in answers]
        assert counts[1] == counts[0] != "0", (data, counts)


def test_a_query_past_the_time_limit_is_503(sites: tuple[str, str, ExternalStore]) -> None:
    """The Oxigraph server would run it for ever: the site gives up at its own limit (503).
    Virtuoso estimates its cost and refuses it at once: the site relays that as 502, naming it;
    on a loaded machine its refusal may come after the site's limit, and the site's 503 stands."""
    _, remote, store = sites
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    answer = httpx.post(remote + "/sparql", data={"query": runaway}, timeout=30)
    assert answer.status_code in ((503,) if store.name == "oxigraph" else (502, 503)), answer.text[:300]
    assert "The store behind this server" in answer.text
    assert time.monotonic() - started < SETTINGS.timeout + 2


def test_a_new_push_is_served_without_a_restart(sites: tuple[str, str, ExternalStore], tmp_path: Path) -> None:
    """Another release pushed into the store is what the site shows next (checked every 2 s)."""
    _, remote, store = sites
    seed = tmp_path / "corpus"
    seed.mkdir()
    (seed / "000_e17557396043c40c.txt").write_bytes((PROJECT_ROOT / "corpus" / "000_e17557396043c40c.txt").read_bytes())
    smaller = build_into(tmp_path, [seed])
    before = httpx.get(remote + "/health").json()
    pusher(store).push(smaller.config.store)
    time.sleep(2.2)
    after = httpx.get(remote + "/health").json()
    assert after["release"] != before["release"] and after["quads"] < before["quads"]


def test_the_command_serves_the_endpoint(sites: tuple[str, str, ExternalStore], tmp_path: Path) -> None:
    """`csto-kg serve --endpoint` as a deployer runs it: a process on a free loopback port."""
    local, _, store = sites
    port = free_port()
    arguments = [str(Path(sys.executable).with_name("csto-kg")), "serve", "--endpoint", store.query, "--port", str(port), "--timeout", "5"]
    if store.default_graph:
        arguments += ["--default-graph", store.default_graph]
    process = subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ | store.environment)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=5)
                break
            except httpx.HTTPError:
                assert process.poll() is None and time.monotonic() < deadline, process.stderr.read().decode() if process.poll() is not None else "no answer"
                time.sleep(0.2)
        assert health.status_code == 200 and health.json()["quads"] > 0
        page = httpx.get(f"http://127.0.0.1:{port}/id/organization/csto", headers={"Accept": "text/turtle"}, timeout=30)
        assert page.status_code == 200 and "csto" in page.text
    finally:
        process.terminate()
        process.wait(timeout=20)
