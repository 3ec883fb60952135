"""A hostile but fair client against a real `csto-kg serve`: nothing freezes, crashes or leaks.

Every test here talks HTTP to a `csto-kg serve` process on loopback (started and stopped by the
fixtures), as a deployment would run it, and checks the findings of the safety review one by
one: request size, SSRF through SERVICE and LOAD, nesting, starvation by runaway queries, paths
that are not IRIs, tokens in URLs, and writes that must never be lost.
"""

from __future__ import annotations

import http.server as http_server
import socket
import threading
import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from csto_kg.release import current
from helpers import Server, built_site, checksums_hold, cli, corpus_files, serving

TOKEN = "s3cret-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
DIRECT_QUERY = {"Content-Type": "application/sparql-query"}
DIRECT_UPDATE = {"Content-Type": "application/sparql-update", **AUTH}
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TRIVIAL = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(tmp_path_factory.mktemp("safety"), "000_", "001_")


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[Server]:
    with serving(site / "store", "--workers", "2", "--timeout", "20", token=TOKEN) as running:
        yield running


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=60) as client:
        yield client


class Listener:
    """An HTTP server on loopback that records every connection made to it."""

    def __init__(self) -> None:
        hits = self.hits = []  # type: list[str]

        class Handler(http_server.BaseHTTPRequestHandler):
            def handle(self) -> None:
                hits.append(self.client_address[0])
                super().handle()

            def do_GET(self) -> None:  # noqa: N802 - the standard library's name
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.end_headers()
                self.wfile.write(b'{"head":{"vars":[]},"results":{"bindings":[{}]}}')

            do_POST = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.server = http_server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    target = Listener()
    yield target
    target.close()


# --- 1. one request cannot freeze the server ----------------------------------------------------


def test_huge_queries_are_refused_quickly_while_others_are_served(server: Server, http: httpx.Client) -> None:
    answers: dict[str, int] = {}

    def send(name: str, request: callable) -> None:  # type: ignore[valid-type]
        answers[name] = request().status_code

    heavy = [
        threading.Thread(target=send, args=("64k GET", lambda: _raw_get(server.url, "/sparql?query=" + "a" * 65_536))),
        threading.Thread(target=send, args=("1M POST", lambda: http.post(server.url + "/sparql", content="a" * (1 << 20), headers=DIRECT_QUERY))),
        threading.Thread(target=send, args=("1M form", lambda: http.post(server.url + "/sparql", data={"query": "a" * (1 << 20)}))),
        threading.Thread(target=send, args=("1M GET", lambda: _raw_get(server.url, "/sparql?query=" + "a" * (1 << 20)))),
    ]
    for thread in heavy:
        thread.start()
    trivial = [http.get(server.url + "/sparql", params={"query": TRIVIAL}) for _ in range(5)]
    for thread in heavy:
        thread.join(30)
    assert all(r.status_code == 200 for r in trivial)
    # uvicorn's HTTP parser itself refuses a request line past ~80 KB (400, "Invalid HTTP request")
    assert answers.pop("1M GET") in (400, 414)
    assert answers == {"64k GET": 400, "1M POST": 413, "1M form": 413}


def test_the_query_size_limit_is_configurable_and_says_so(site: Path) -> None:
    with serving(site / "store", "--max-query", "1000") as running, httpx.Client(timeout=30) as http:
        query = "SELECT * WHERE { ?s ?p ?o }" + " " * 2000
        in_url = _raw_get(running.url, "/sparql?query=" + query.replace(" ", "%20"))
        assert in_url.status_code == 414
        in_body = http.post(running.url + "/sparql", content=query, headers=DIRECT_QUERY)
        assert in_body.status_code == 413 and "at most 1,000" in in_body.text


class _Status:
    def __init__(self, status_code: int) -> None:
        self.status_code = status_code


def _raw_get(url: str, target: str) -> _Status:
    """A GET with a request line no HTTP library would send (httpx refuses URLs this long)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        return _Status(int(sock.recv(4096).split(b" ", 2)[1]))


# --- 2. no query or update reaches the network ---------------------------------------------


def bypasses(url: str) -> list[str]:
    """Queries that try to make the server fetch `url`, written to slip past a text scan."""
    host = url.removeprefix("http://")
    return [
        f"SELECT * WHERE {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ service silent <{url}/x> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ FILTER(1<2)SERVICE#>\n<{url}/x>{{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ FILTER(?a<?b)SERVICE#>\n<{url}/x>{{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?x ?y ?z FILTER(STR(?x)<\"b\")SERVICE<{url}/x>{{ ?s ?p ?o }} }}",
        f"PREFIX r: <{url}/> SELECT * WHERE {{ SERVICE r:x {{ ?s ?p ?o }} }}",
        f"BASE <{url}/> SELECT * WHERE {{ SERVICE <x> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE ?endpoint {{ ?s ?p ?o }} }} VALUES ?endpoint {{ <{url}/x> }}",
        f"SELECT * WHERE {{ {{ {{ OPTIONAL {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }} }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}/x> {{ ?a ?b ?c }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }} }}",
        f"ASK {{ GRAPH ?g {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ # SERVICE <{url}/y>\n SERVICE <{url}/x> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}/x> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <http://{host.replace('127.0.0.1', 'localhost')}/x> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <{url}/x>{{?s ?p ?o}} SERVICE <{url}/y>{{?s ?p ?o}} }}",
    ]


def update_bypasses(url: str) -> list[str]:
    return [
        f"LOAD <{url}/data.ttl>",
        f"LOAD SILENT <{url}/data.ttl> INTO GRAPH <http://example.org/g>",
        f"load <{url}/data.ttl>",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }}",
        f"DELETE {{ ?s ?p ?o }} WHERE {{ FILTER(1<2)SERVICE#>\n<{url}/x>{{ ?s ?p ?o }} }}",
        f"WITH <http://example.org/g> INSERT {{ ?s ?p ?o }} WHERE {{ {{ SERVICE SILENT <{url}/x> {{ ?s ?p ?o }} }} }}",
        f"PREFIX r: <{url}/> LOAD r:data",
        f"INSERT DATA {{ <a:b> <a:c> 'x' }} ; LOAD <{url}/data.ttl>",
        f"\\u004cOAD <{url}/data.ttl>",
    ]


def test_no_query_or_update_makes_the_server_connect_anywhere(server: Server, http: httpx.Client, listener: Listener) -> None:
    for query in bypasses(listener.url):
        for response in (
            http.get(server.url + "/sparql", params={"query": query}),
            http.post(server.url + "/sparql", data={"query": query}),
            http.post(server.url + "/sparql", content=query, headers=DIRECT_QUERY),
            http.get(server.url + "/query", params={"query": query}),
        ):
            assert response.status_code in (400, 403), (query, response.status_code, response.text)
    for update in update_bypasses(listener.url):
        response = http.post(server.url + "/sparql", content=update, headers=DIRECT_UPDATE)
        assert response.status_code in (400, 403), (update, response.status_code, response.text)
    time.sleep(0.5)
    assert listener.hits == [], f"the server connected to the listener {len(listener.hits)} time(s)"


def test_a_worker_cannot_open_a_socket_even_if_the_engine_runs_service(listener: Listener) -> None:
    """The second wall, on its own: pyoxigraph run inside a sandboxed worker process."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=_service_in_sandbox, args=(listener.url, results))
    process.start()
    sandboxed, service, load, raw = results.get(timeout=60)
    process.join(30)
    assert sandboxed
    assert "Permission denied" in service and "Permission denied" in load and "Permission denied" in raw
    assert listener.hits == []


def _service_in_sandbox(url: str, results: object) -> None:
    import pyoxigraph as ox

    from csto_kg.server.sandbox import forbid_network

    sandboxed = forbid_network()
    store = ox.Store()
    outcomes = []
    for attempt in (
        lambda: list(store.query(f"SELECT * WHERE {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }}")),  # type: ignore[arg-type]
        lambda: store.update(f"LOAD <{url}/data.ttl>"),
        lambda: socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1])), timeout=5),
    ):
        try:
            attempt()
            outcomes.append("connected")
        except Exception as error:  # noqa: BLE001 - any failure is what we want to see
            outcomes.append(str(error))
    results.put((sandboxed, *outcomes))  # type: ignore[attr-defined]


# --- 3. nesting is a 400, never a worker crash ---------------------------------------------


NESTED = {
    "parentheses": lambda n: "SELECT * WHERE { FILTER(" + "(" * n + "1" + ")" * n + ") }",
    "OPTIONAL": lambda n: "SELECT * WHERE { " + "OPTIONAL { " * n + "?s ?p ?o" + "}" * n + "}",
    "groups": lambda n: "SELECT * WHERE " + "{" * n + "?s ?p ?o" + "}" * n,
    "collections": lambda n: "SELECT * WHERE { ?s ?p " + "(" * n + "1" + ")" * n + " }",
}


def test_deeply_nested_queries_and_updates_are_400_and_no_worker_dies(server: Server, http: httpx.Client) -> None:
    workers = server.workers()
    for name, nested in NESTED.items():
        for response in (
            http.get(server.url + "/sparql", params={"query": nested(1_000)}),  # a URL httpx still sends
            http.post(server.url + "/sparql", content=nested(10_000), headers=DIRECT_QUERY),
            http.post(server.url + "/sparql", data={"query": nested(10_000)}),
        ):
            assert response.status_code == 400 and "nested" in response.text, name
    update = "INSERT { <a:s> <a:p> <a:o> } WHERE " + "{" * 10_000 + "?s ?p ?o" + "}" * 10_000
    response = http.post(server.url + "/sparql", content=update, headers=DIRECT_UPDATE)
    assert response.status_code == 400 and "nested" in response.text
    assert server.workers() == workers, "a worker was replaced"
    assert http.get(server.url + "/health").status_code == 200


# --- 4. runaway queries cannot starve short ones -------------------------------------------------


def test_trivial_queries_are_answered_while_eight_runaways_run(server: Server, http: httpx.Client) -> None:
    runaway: list[int] = []

    def run_away() -> None:
        with httpx.Client(timeout=60) as client:
            runaway.append(client.get(server.url + "/sparql", params={"query": CROSS_JOIN}).status_code)

    threads = [threading.Thread(target=run_away) for _ in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    latencies = []
    for _ in range(10):
        started = time.monotonic()
        response = http.get(server.url + "/sparql", params={"query": TRIVIAL})
        latencies.append(time.monotonic() - started)
        assert response.status_code == 200
    in_flight = sum(thread.is_alive() for thread in threads)
    for thread in threads:
        thread.join(60)
    assert in_flight > 0, "the runaway queries ended before the trivial ones were asked"
    assert max(latencies) < 20, "a trivial query waited for a runaway to be killed"
    assert set(runaway) <= {503}


# --- 5. paths that are not IRIs, and bodies too large -----------------------------------------


@pytest.mark.parametrize("path", ["/id/a%20b", "/id/a%00b", "/id/a%7Bb", "/id/a%22b", "/id/a%60b", "/id/a%7Cb", "/graph/a%20b"])
def test_a_path_that_is_not_an_iri_is_400(server: Server, http: httpx.Client, path: str) -> None:
    response = http.get(server.url + path)
    assert response.status_code == 400 and "not an IRI" in response.text


def _send_headers_only(url: str, length: int) -> bytes:
    """POST declaring a body of `length` bytes, send none of it, and read the answer."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(
            f"POST /sparql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/sparql-query\r\n"
            f"Content-Length: {length}\r\n\r\n".encode()
        )
        return sock.recv(4096)


def _send_chunked(url: str, total: int) -> bytes:
    """POST a chunked body of `total` bytes (or until the server answers) and read the answer."""
    host, port = url.removeprefix("http://").split(":")
    chunk = b"a" * (1 << 20)
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(f"POST /store?default HTTP/1.1\r\nHost: {host}\r\nContent-Type: text/turtle\r\nTransfer-Encoding: chunked\r\n\r\n".encode())
        try:
            for _ in range(total // len(chunk)):
                sock.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server answered and closed before the end: what we want
        return sock.recv(4096)


def test_bodies_past_the_limit_are_413_without_the_server_holding_them(server: Server) -> None:
    before = server.rss()
    answers: list[bytes] = []
    threads = [threading.Thread(target=lambda: answers.append(_send_headers_only(server.url, 50 << 20))) for _ in range(4)]
    threads += [threading.Thread(target=lambda: answers.append(_send_chunked(server.url, 50 << 20))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(answers) == 8 and all(answer.startswith(b"HTTP/1.1 413") for answer in answers), answers
    assert server.rss() - before < 200 << 20, "the server held the refused bodies"


# --- tokens are sent in a header, never in a URL --------------------------------------------------


def test_a_token_in_the_url_is_refused_and_never_logged(site: Path) -> None:
    with serving(site / "store", "--access-log", token=TOKEN) as running:
        response = httpx.post(
            running.url + "/sparql", params={"access_token": TOKEN},
            content="INSERT DATA { <a:b> <a:c> 'x' }", headers={"Content-Type": "application/sparql-update"},
        )  # fmt: skip
        assert response.status_code == 400 and "Authorization header" in response.text
        time.sleep(0.3)
    log = (running.process.stdout.read() if running.process.stdout else "") + (running.process.stderr.read() if running.process.stderr else "")
    assert "access_token=[redacted]" in log
    assert TOKEN not in log


# --- 7. 8. writes are serialised, published as releases, and never lost ---------------------------


def count(http: httpx.Client, url: str, literal: str) -> int:
    """How many times the literal is in the dataset: the default graph and the named graphs."""
    query = f'SELECT (COUNT(*) AS ?n) WHERE {{ {{ ?s ?p "{literal}" }} UNION {{ GRAPH ?g {{ ?s ?p "{literal}" }} }} }}'
    return int(http.get(url + "/sparql", params={"query": query}).json()["results"]["bindings"][0]["n"]["value"])


def test_acknowledged_writes_survive_adds_and_builds_and_reach_the_dumps(tmp_path: Path) -> None:
    corpus = built_site(tmp_path, "000_") / "corpus"
    store, dist = tmp_path / "store", tmp_path / "dist"
    with serving(store, token=TOKEN) as running, httpx.Client(timeout=60) as http:
        insert = 'INSERT DATA { GRAPH <https://w3id.org/csto-kg/graph/edits> { <https://w3id.org/csto-kg/id/note/1> <http://www.w3.org/2000/01/rdf-schema#comment> "%s" } }'
        assert http.post(running.url + "/sparql", content=insert % "edit one", headers=DIRECT_UPDATE).status_code == 204
        assert count(http, running.url, "edit one") == 1
        assert "edit one" in (dist / "csto-kg.nq").read_text(encoding="utf-8")

        assert cli("add", corpus_files("001_")[0], "--store", store, "--dist", dist).returncode == 0
        assert count(http, running.url, "edit one") == 1, "the add lost an acknowledged write"
        assert http.post(running.url + "/sparql", content=insert % "edit two", headers=DIRECT_UPDATE).status_code == 204
        put = http.put(running.url + "/store", params={"graph": "https://w3id.org/csto-kg/graph/more"},
                       content='<a:s> <a:p> "edit three" .', headers={"Content-Type": "text/turtle", **AUTH})  # fmt: skip
        assert put.status_code == 201

        assert cli("build", corpus, "--store", store, "--dist", dist).returncode == 0
        for literal in ("edit one", "edit two", "edit three"):
            assert count(http, running.url, literal) == 1, f"the build lost {literal!r}"
            assert literal in (dist / "csto-kg.nq").read_text(encoding="utf-8")
        assert not checksums_hold(dist)
        assert current(store).edits == 3  # type: ignore[union-attr]


def test_a_running_server_switches_to_a_new_release_as_a_whole(tmp_path: Path) -> None:
    built_site(tmp_path, "000_")
    store, dist = tmp_path / "store", tmp_path / "dist"
    added = corpus_files("002_")[0]
    with serving(store) as running, httpx.Client(timeout=60) as http:
        before = http.get(running.url + "/health").json()["release"]
        assert cli("add", added, "--store", store, "--dist", dist).returncode == 0
        release = current(store)
        assert release is not None and release.id != before
        assert http.get(running.url + "/health").json()["release"] == release.id
        graph = f"https://w3id.org/csto-kg/graph/article/{added.stem}"
        assert http.get(running.url + "/sparql", params={"query": f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"}).json()["boolean"]
        assert http.get(running.url + f"/graph/article/{added.stem}").status_code == 200
        sums = http.get(running.url + "/dumps/SHA256SUMS")
        assert sums.status_code == 200 and sums.content == (release.dumps_dir / "SHA256SUMS").read_bytes()
        listed = {line.split("  ", 1)[1] for line in sums.text.splitlines()}
        assert any(name.startswith("added/") for name in listed)
        for name in sorted(listed)[:3]:
            assert http.get(running.url + "/dumps/" + name).status_code == 200


def test_writes_from_the_server_wait_for_an_add_that_holds_the_lock(tmp_path: Path) -> None:
    from csto_kg.release import writer_lock

    store = built_site(tmp_path, "000_") / "store"
    with serving(store, "--write-timeout", "3", token=TOKEN) as running, httpx.Client(timeout=60) as http:
        update = "INSERT DATA { <a:s> <a:p> 'waited' }"
        with writer_lock(store, what="a test holding the lock"):
            refused = http.post(running.url + "/sparql", content=update, headers=DIRECT_UPDATE)
        assert refused.status_code == 503 and "a test holding the lock" in refused.text
        assert count(http, running.url, "waited") == 0
        release = threading.Event()

        def hold() -> None:
            with writer_lock(store, what="a short add"):
                release.wait(1.0)

        holder = threading.Thread(target=hold)
        holder.start()
        time.sleep(0.2)
        assert http.post(running.url + "/sparql", content=update, headers=DIRECT_UPDATE).status_code == 204
        holder.join()
        assert count(http, running.url, "waited") == 1
