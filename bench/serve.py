"""Serving speed: `csto-kg serve` against the Oxigraph server and rdflib-endpoint, same data, same queries.

Why: `csto-kg serve` is Starlette + uvicorn in front of pyoxigraph, with every query evaluated
in a killable worker process (time and row limits) and the answer pickled back to the web
process. The Oxigraph server is the same engine behind a Rust HTTP server, so the gap between the
two is what our Python layer costs; rdflib-endpoint (FastAPI over an in-memory rdflib Dataset) is
the pure-Python alternative people reach for. This prints numbers; it never asserts.

    .venv/bin/python bench/serve.py --store PATH [--trig DUMP] [--clients 4,16] [--duration 20]
                                    [--only csto,csto-nocache,oxigraph,rdflib] [--markdown FILE|-]

How:

* The store is a built csto-kg store (`csto-kg build CORPUS --store PATH --dist DIST`). It is
  opened read-only here once, to count it and to draw the IRI pools for the lookups.
* Each server runs as a subprocess in its own process group on 127.0.0.1 and a free port, is
  polled until it answers, and is stopped (SIGTERM, then SIGKILL, to the whole group) when its
  turn is over, on an exception and on Ctrl-C. Servers run one at a time. Their logs go to a
  temporary folder, printed at the start.
  - csto: `csto-kg serve --store PATH --timeout T --row-limit R` (GET /sparql, GET /id/...).
    `--row-limit` is raised far above any answer by default (`--csto-row-limit`), otherwise
    csto-kg cuts big answers at 10 000 rows and answers a smaller question than the others.
    It keeps costly answers per release (the answer cache), so a repeated query is a lookup.
  - csto-nocache: the same with `--answer-cache 0`: every answer computed afresh, which is what a
    first request (or a query nobody asked before) costs.
  - oxigraph: `oxigraph serve-read-only --location PATH` (GET /query).
    It opens the csto-kg store directly (same RocksDB format when the `oxigraph` and
    `pyoxigraph` versions match); if it cannot, or with `--oxigraph-load`, the dump is loaded
    into a fresh location with `oxigraph load` first. It gets no `--timeout-s` unless
    `--oxigraph-timeout` says so: in 0.5.x that option starts one thread per query which sleeps
    out the whole timeout, so at ~2 500 DESCRIBEs/s with 30 s some 75 000 threads pile up and
    the server dies (EAGAIN / ENOMEM on thread creation, seen here). Client timeouts still apply.
  - rdflib: a generated module that parses the dump (N-Quads by default, `dist/csto-kg.nq` next
    to the store; `--trig` picks another file, TriG or N-Quads by suffix) into
    `rdflib.Dataset()` -- what `rdflib-endpoint serve` does -- times the load,
    and runs `rdflib_endpoint.SparqlEndpoint(graph=..., path="/sparql")` under uvicorn with
    uvicorn's defaults (as the CLI and `csto-kg serve` do, access log included).
* Dataset semantics, so that every server answers the same question. The default graph is the
  knowledge graph (every fact once, reconciled across articles); each article's named graph
  holds its claims and their evidence. The queries are plain patterns over the default graph
  (`evidence` reaches the claims with `GRAPH ?g`), as a consumer writes them; every server
  serves the stored default graph as its default graph (no union). Before timing, every query
  is run once on every server and the answers are compared (SELECT: the multiset of rows;
  DESCRIBE: the set of triples, and how many came back: each triple once) with the Oxigraph
  server's, or csto-kg's without it; that table is printed. rdflib answers DESCRIBE in RDF/XML
  labelled application/sparql-results+xml whatever the Accept (it negotiates graph formats for
  CONSTRUCT only), so bodies are not byte-identical.
* Workload, the same on every server: the five public queries (queries/entities.rq, posts.rq,
  events.rq, memberships.rq, evidence.rq) as they are, a parameter bound as `csto-kg query`
  binds it (evidence's `article`: an article drawn per request from a seeded pool of the
  store's articles); `describe`: `DESCRIBE <iri>` of an IRI
  drawn per request from a seeded pool of subject IRIs under `{base}id/` (no `#fragment` IRIs);
  `deref` (csto-kg only): `GET /id/...` of an IRI from the same pool with `Accept: text/turtle`;
  `join2`: for a state drawn per request from the states that hold posts, the people holding a
  post in it and the events they took part in, with English labels (state -> person -> event).
  SELECTs ask for `application/sparql-results+json`, DESCRIBE and deref for `text/turtle`.
* Load: closed loop on loopback. C clients (each its own HTTP/1.1 keep-alive connection) send
  their next request when the previous answer is complete, for `--duration` seconds per
  (server, query, C) after `--warmup` seconds not counted; requests in flight at the end are
  waited for (so the server is idle before the next run) and counted, and the rate is divided by
  the time until the last answer. The client is a small asyncio Protocol (status line, headers,
  Content-Length or chunked body, no body kept), one event loop, no third-party HTTP library; its
  ceiling against a trivial asyncio server in another process is measured first and printed,
  with the client's CPU use. Each request has a `--timeout` (default 30 s) deadline, which is
  also csto-kg's `--timeout` (rdflib-endpoint has none; Oxigraph see above). Non-2xx answers,
  timeouts and connection errors are errors; p50/p99 are over the 2xx answers only.
* Columns: requests (answered or failed), req/s (2xx answers per second), p50 / p99 latency of
  the 2xx answers in ms, errors (of which timeouts), gen% (CPU of this process per second of
  wall time: near 100 % means the client may be the limit), srv ms/req (CPU milliseconds of
  the server's process tree per answered request; the client shares the machine's cores).
* rdflib-endpoint evaluates queries on its event loop, one at a time, and cannot stop one a
  client gave up on. So a (query, C) is skipped on it when one request of that query took so
  long that C of them queued would pass the timeout. After any run with a timeout (or a crash)
  the server is restarted (rdflib: reloaded) so that abandoned work does not slow the next run.
* Peak RSS is the sum over a server's process and all its children (csto-kg's query workers),
  sampled every 100 ms from start to stop (shared pages are counted once per process).
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import gc
import hashlib
import importlib.metadata
import json
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psutil
import pyoxigraph as ox
from processes import RssSampler, tree_cpu

from csto_kg.queries import NamedQuery, parse_query_file

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DEFAULT_BASE = "https://w3id.org/csto-kg/"
PUBLIC_QUERIES = ("entities", "posts", "events", "memberships", "evidence")
ALL_QUERIES = (*PUBLIC_QUERIES, "describe", "deref", "join2", "search")
SERVERS = ("csto", "csto-nocache", "oxigraph", "rdflib")
LABELS = {"csto": "csto-kg", "csto-nocache": "csto-kg (no answer cache)", "oxigraph": "oxigraph", "rdflib": "rdflib-endpoint"}
JSON_RESULTS = "application/sparql-results+json"
TURTLE = "text/turtle"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

PREFIXES = """PREFIX csto: <https://w3id.org/csto-kg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

# state -> people holding a post in it -> events they took part in, with English labels: the
# two-hop join a consumer writes, plainly, over the default graph (each fact once there).
JOIN2 = (
    PREFIXES
    + """SELECT ?person ?person_label ?event ?event_label
WHERE {
  ?post org:postIn <%s> ; org:heldBy ?person .
  ?event csto:participant ?person .
  OPTIONAL { ?person rdfs:label ?person_label . FILTER(LANG(?person_label) = "en") }
  OPTIONAL { ?event rdfs:label ?event_label . FILTER(LANG(?event_label) = "en") }
}
ORDER BY ?person ?event
"""
)


# --- a lean HTTP/1.1 client ----------------------------------------------------------------

_HEAD, _BODY, _CHUNK_SIZE, _CHUNK_DATA, _CHUNK_END, _TRAILER, _UNTIL_CLOSE = range(7)


@dataclass
class Answer:
    """One response: status, body length, and (only when asked for) headers and body."""

    status: int
    length: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


class Connection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection answering one request at a time.

    Parses the status line and the headers, then a Content-Length, chunked or read-until-close
    body. Bodies are counted and dropped unless `keep` is set (the one-off answer checks).
    """

    def __init__(self, keep: bool = False) -> None:
        self.keep = keep
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self.buffer = bytearray()
        self.waiter: asyncio.Future[Answer] | None = None
        self._reset()

    def _reset(self) -> None:
        self.state = _HEAD
        self.status = 0
        self.remaining = 0
        self.length = 0
        self.close_after = False
        self.headers: dict[str, str] = {}
        self.body = bytearray()

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        try:
            self._parse()
        except (ValueError, IndexError) as error:
            self._fail(ConnectionError(f"bad HTTP response: {error}"))

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.waiter is not None and not self.waiter.done():
            if self.state == _UNTIL_CLOSE:
                self._finish()
            else:
                self.waiter.set_exception(ConnectionError("connection closed by the server"))

    # parsing
    def _take(self, count: int) -> None:
        buffer = self.buffer
        count = min(count, len(buffer))
        if self.keep:
            self.body += buffer[:count]
        del buffer[:count]
        self.length += count
        self.remaining -= count

    def _parse(self) -> None:
        buffer = self.buffer
        while True:
            state = self.state
            if state == _HEAD:
                end = buffer.find(b"\r\n\r\n")
                if end < 0:
                    return
                lines = bytes(buffer[:end]).split(b"\r\n")
                del buffer[: end + 4]
                self.status = int(lines[0].split(b" ", 2)[1])
                length = -1
                chunked = False
                for line in lines[1:]:
                    name, _, value = line.partition(b":")
                    name = name.strip().lower()
                    if name == b"content-length":
                        length = int(value)
                    elif name == b"transfer-encoding":
                        chunked = b"chunked" in value.lower()
                    elif name == b"connection":
                        self.close_after = b"close" in value.lower()
                    if self.keep:
                        self.headers[name.decode("latin-1")] = value.strip().decode("latin-1")
                if 100 <= self.status < 200:
                    continue  # an interim answer; the real one follows
                if self.status in (204, 304) or length == 0:
                    self._finish()
                elif chunked:
                    self.state = _CHUNK_SIZE
                elif length > 0:
                    self.state, self.remaining = _BODY, length
                else:
                    self.state = _UNTIL_CLOSE
            elif state == _BODY:
                self._take(self.remaining)
                if self.remaining:
                    return
                self._finish()
            elif state == _CHUNK_SIZE:
                end = buffer.find(b"\r\n")
                if end < 0:
                    return
                size = int(bytes(buffer[:end]).split(b";", 1)[0], 16)
                del buffer[: end + 2]
                self.state, self.remaining = (_TRAILER, 0) if size == 0 else (_CHUNK_DATA, size)
            elif state == _CHUNK_DATA:
                self._take(self.remaining)
                if self.remaining:
                    return
                self.state = _CHUNK_END
            elif state == _CHUNK_END:
                if len(buffer) < 2:
                    return
                del buffer[:2]
                self.state = _CHUNK_SIZE
            elif state == _TRAILER:
                end = buffer.find(b"\r\n")
                if end < 0:
                    return
                del buffer[: end + 2]
                if end == 0:
                    self._finish()
            else:  # _UNTIL_CLOSE
                self.remaining = len(buffer)
                self._take(len(buffer))
                return
            if self.waiter is None or self.state == _HEAD and not buffer:
                return

    def _finish(self) -> None:
        answer = Answer(self.status, self.length, self.headers, bytes(self.body) if self.keep else b"")
        close = self.close_after
        self._reset()
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(answer)
        self.waiter = None
        if close and self.transport is not None:
            self.transport.close()
            self.closed = True

    def _fail(self, error: Exception) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(error)
        self.abort()

    def abort(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.abort()

    async def request(self, raw: bytes, timeout: float) -> Answer:
        """Send one request and wait for its whole answer; TimeoutError after `timeout` s."""
        assert self.transport is not None
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[Answer] = loop.create_future()
        self.waiter = waiter
        self.transport.write(raw)
        timer = loop.call_later(timeout, _expire, waiter)
        try:
            return await waiter
        finally:
            timer.cancel()


def _expire(waiter: asyncio.Future[Answer]) -> None:
    if not waiter.done():
        waiter.set_exception(TimeoutError())


async def connect(port: int, keep: bool = False) -> Connection:
    loop = asyncio.get_running_loop()
    _, protocol = await loop.create_connection(lambda: Connection(keep), "127.0.0.1", port)
    return protocol


def raw_get(port: int, target: str, accept: str) -> bytes:
    return (
        f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: {accept}\r\n"
        "User-Agent: csto-kg-bench\r\n\r\n"
    ).encode("ascii")


async def fetch(port: int, raw: bytes, timeout: float) -> Answer:
    """One request on a fresh connection, body kept (the answer checks)."""
    connection = await asyncio.wait_for(connect(port, keep=True), timeout)
    try:
        return await connection.request(raw, timeout)
    finally:
        connection.abort()


@dataclass
class Tally:
    """What one closed-loop run measured."""

    requests: int = 0
    ok: int = 0
    errors: int = 0
    timeouts: int = 0
    elapsed: float = 0.0
    cpu: float = 0.0  # this process's CPU seconds during the run
    latencies: array = field(default_factory=lambda: array("d"))  # seconds, 2xx only
    statuses: Counter = field(default_factory=Counter)

    @property
    def rate(self) -> float:
        return self.ok / self.elapsed if self.elapsed > 0 else 0.0

    def percentile(self, fraction: float) -> float | None:
        if not self.latencies:
            return None
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


async def closed_loop(
    port: int,
    pick: Callable[[random.Random], bytes],
    *,
    clients: int,
    duration: float,
    timeout: float,
    seed: str,
) -> Tally:
    """`clients` connections, each sending its next request when the last one is answered."""
    tally = Tally()
    start = time.perf_counter()
    stop = start + duration
    last = [start]

    async def client(number: int) -> None:
        chooser = random.Random(f"{seed}/{number}")
        connection: Connection | None = None
        clock = time.perf_counter
        while clock() < stop:
            raw = pick(chooser)
            began = clock()
            try:
                if connection is None or connection.closed:
                    connection = await asyncio.wait_for(connect(port), timeout)
                answer = await connection.request(raw, timeout)
                ended = clock()
                tally.statuses[answer.status] += 1
                if 200 <= answer.status < 300:
                    tally.ok += 1
                    tally.latencies.append(ended - began)
                else:
                    tally.errors += 1
            except TimeoutError:
                ended = clock()
                tally.errors += 1
                tally.timeouts += 1
                tally.statuses["timeout"] += 1
                if connection is not None:
                    connection.abort()
                connection = None
            except OSError as error:
                ended = clock()
                tally.errors += 1
                tally.statuses[type(error).__name__] += 1
                if connection is not None:
                    connection.abort()
                connection = None
                await asyncio.sleep(0.01)  # the server may be gone: do not spin
            tally.requests += 1
            last[0] = max(last[0], ended)
        if connection is not None:
            connection.abort()

    cpu = time.process_time()
    gc.collect()
    gc.disable()
    try:
        await asyncio.gather(*(client(n) for n in range(clients)))
    finally:
        gc.enable()
    tally.cpu = time.process_time() - cpu
    tally.elapsed = last[0] - start
    return tally


# --- servers as subprocesses -----------------------------------------------------------------

_RUNNING: set[ManagedServer] = set()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerFailed(RuntimeError):
    pass


class ManagedServer:
    """A server subprocess in its own process group: started, waited for, sampled, stopped."""

    def __init__(
        self,
        name: str,
        argv: list[str],
        port: int,
        ready_path: str,
        logs: Path,
        *,
        cwd: Path = ROOT,
        startup_timeout: float = 120.0,
    ) -> None:
        self.name = name
        self.argv = argv
        self.port = port
        self.ready_path = ready_path
        self.log_path = logs / f"{name}.log"
        self.cwd = cwd
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.sampler: RssSampler | None = None
        self.peak_rss = 0
        self.ready_rss = 0
        self.startup_seconds = 0.0
        self.restarts = 0

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self) -> None:
        with open(self.log_path, "ab") as log:
            log.write(f"\n$ {' '.join(self.argv)}\n".encode())
            log.flush()
            began = time.perf_counter()
            self.process = subprocess.Popen(
                self.argv, cwd=self.cwd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        _RUNNING.add(self)
        self.sampler = RssSampler(self.process.pid)
        self.sampler.start()
        deadline = began + self.startup_timeout
        while True:
            if self.process.poll() is not None:
                self.stop()
                raise ServerFailed(f"{self.name} exited with {self.process.returncode}; see {self.log_path}:\n{self.log_tail()}")
            if self.answers(timeout=60.0):
                break
            if time.perf_counter() > deadline:
                self.stop()
                raise ServerFailed(f"{self.name} did not answer within {self.startup_timeout:g} s; see {self.log_path}")
            time.sleep(0.1)
        self.startup_seconds = time.perf_counter() - began
        self.ready_rss = self.sampler.sample()

    def answers(self, timeout: float) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{self.ready_path}", timeout=timeout) as response:
                return 200 <= response.status < 300
        except (urllib.error.URLError, OSError, ValueError):
            return False

    def stop(self) -> None:
        process = self.process
        if process is None:
            return
        if process.poll() is None or self._group_alive():
            for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
                try:
                    os.killpg(process.pid, sig)
                except ProcessLookupError:
                    break
                deadline = time.monotonic() + wait
                while time.monotonic() < deadline and (process.poll() is None or self._group_alive()):
                    time.sleep(0.05)
                if process.poll() is not None and not self._group_alive():
                    break
        process.wait()
        if self.sampler is not None:
            self.sampler.stop()
            self.sampler.join(1.0)
            self.peak_rss = max(self.peak_rss, self.sampler.peak)
        _RUNNING.discard(self)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _group_alive(self) -> bool:
        assert self.process is not None
        try:
            os.killpg(self.process.pid, 0)
            return True
        except (ProcessLookupError, PermissionError):
            return False

    def restart(self) -> None:
        self.stop()
        self.restarts += 1
        startup, ready = self.startup_seconds, self.ready_rss
        self.start()
        self.startup_seconds, self.ready_rss = startup, ready

    def current_peak(self) -> int:
        return max(self.peak_rss, self.sampler.peak if self.sampler else 0)

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def stop_all() -> None:
    for server in list(_RUNNING):
        try:
            server.stop()
        except Exception as error:  # noqa: BLE001 - best effort on the way out
            print(f"could not stop {server.name}: {error}", file=sys.stderr)


def _terminate(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


TRIVIAL_SERVER = r'''
import asyncio, sys
BODY = b'{"head":{"vars":[]},"results":{"bindings":[]}}'
ANSWER = (b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: "
          + str(len(BODY)).encode() + b"\r\n\r\n" + BODY)
class Trivial(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport, self.pending = transport, b""
    def data_received(self, data):
        data = self.pending + data
        count = data.count(b"\r\n\r\n")
        if count:
            self.transport.write(ANSWER * count)
            data = data[data.rfind(b"\r\n\r\n") + 4:]
        self.pending = data
async def main():
    server = await asyncio.get_running_loop().create_server(Trivial, "127.0.0.1", int(sys.argv[1]), backlog=512)
    await server.serve_forever()
asyncio.run(main())
'''

RDFLIB_APP = r'''
"""rdflib-endpoint over the csto-kg dump, as `rdflib-endpoint serve` sets it up (generated by bench/serve.py)."""
import json, sys, time
began = time.perf_counter()
from rdflib import Dataset
dump, rdf_format, host, port, info = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
dataset = Dataset()
dataset.parse(dump, format=rdf_format)
loaded = time.perf_counter()
from rdflib_endpoint import SparqlEndpoint
app = SparqlEndpoint(graph=dataset, path="/sparql")
built = time.perf_counter()
with open(info, "w") as out:
    json.dump({"load_seconds": loaded - began, "app_seconds": built - loaded, "triples": len(dataset),
               "graphs": sum(1 for _ in dataset.graphs())}, out)
import uvicorn
uvicorn.run(app, host=host, port=port)
'''


# --- the data: counts and IRI pools ----------------------------------------------------------


@dataclass
class StoreFacts:
    quads: int
    graphs: int
    triples: int  # in the default graph (the knowledge graph)
    lookup_pool: list[str]
    lookup_kinds: Counter
    states: list[str]  # states that hold posts, the one with most people first
    articles: list[str]  # a seeded sample of the articles (the evidence query's parameter)
    seconds: float
    names: list[str] = field(default_factory=list)  # what readers type into /search: labels and single words


def read_store(path: Path, base: str, pool_size: int, seed: int) -> StoreFacts:
    began = time.perf_counter()
    store = ox.Store.read_only(str(path))

    def rows(text: str) -> list[Any]:
        return list(store.query(text))  # type: ignore[arg-type]

    quads = len(store)
    graphs = sum(1 for _ in store.named_graphs())
    triples = int(rows("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")[0]["n"].value)
    prefix = json.dumps(base + "id/")
    subjects = sorted(
        row["s"].value
        for row in rows(f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), {prefix})) }}")
        if "#" not in row["s"].value
    )
    chooser = random.Random(seed)
    pool = chooser.sample(subjects, min(pool_size, len(subjects)))
    kinds = Counter(iri[len(base) + 3 :].split("/", 1)[0] for iri in pool)
    states = [
        row["state"].value
        for row in rows(
            PREFIXES
            + "SELECT ?state (COUNT(DISTINCT ?person) AS ?n) WHERE { ?state a csto:State . ?post org:postIn ?state ; org:heldBy ?person . }"
            " GROUP BY ?state ORDER BY DESC(?n) ?state"
        )
    ]
    if not states:
        states = sorted(row["s"].value for row in rows(PREFIXES + "SELECT DISTINCT ?s WHERE { ?s a csto:State }"))
    labels = sorted({row["l"].value for row in rows('SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(LANG(?l) IN ("ar", "en")) }')})
    picked = chooser.sample(labels, min(pool_size // 4, len(labels)))
    names = picked[: len(picked) // 2] + [label.split()[0] for label in picked[len(picked) // 2 :] if label.split()]
    articles = sorted(row["a"].value for row in rows("PREFIX schema: <https://schema.org/> SELECT DISTINCT ?a WHERE { GRAPH ?g { ?a schema:articleBody ?body } }"))
    articles = chooser.sample(articles, min(pool_size // 10, len(articles)))
    return StoreFacts(quads, graphs, triples, pool, kinds, states, articles, time.perf_counter() - began, names)


# --- the workload ----------------------------------------------------------------------------


@dataclass
class Workload:
    """One query as requests for one server: what to send each time, and one fixed request to check."""

    name: str
    pick: Callable[[random.Random], bytes]
    check: bytes


def choose_from(pool: Sequence[bytes]) -> Callable[[random.Random], bytes]:
    if len(pool) == 1:
        only = pool[0]
        return lambda chooser: only
    return lambda chooser: pool[chooser.randrange(len(pool))]


def bound_texts(query: NamedQuery, facts: StoreFacts) -> list[str]:
    """The texts a public query is asked as: as it is, or once per drawn article when it takes
    one (its other parameters at their defaults)."""
    if not any(parameter.name == "article" for parameter in query.parameters):
        return [query.bound()]
    return [query.bound({"article": iri}) for iri in facts.articles] or [query.bound()]


def sparql_target(path: str, query: str) -> str:
    return f"{path}?query={quote(query, safe='')}"


def local_path(iri: str, base: str) -> str:
    return quote("/" + iri[len(base) :], safe="/:@!$&'()*+,;=-._~%")


def workloads(
    server: str, port: int, sparql_path: str, queries: dict[str, NamedQuery], facts: StoreFacts, base: str, wanted: Sequence[str]
) -> list[Workload]:
    out: list[Workload] = []
    for name in wanted:
        if name in PUBLIC_QUERIES:
            pool = [raw_get(port, sparql_target(sparql_path, text), JSON_RESULTS) for text in bound_texts(queries[name], facts)]
            out.append(Workload(name, choose_from(pool), pool[0]))
        elif name == "describe":
            pool = [raw_get(port, sparql_target(sparql_path, f"DESCRIBE <{iri}>"), TURTLE) for iri in facts.lookup_pool]
            check = raw_get(port, sparql_target(sparql_path, f"DESCRIBE <{facts.states[0]}>"), TURTLE)
            out.append(Workload(name, choose_from(pool), check))
        elif name == "deref":
            if not server.startswith("csto"):
                continue
            pool = [raw_get(port, local_path(iri, base), TURTLE) for iri in facts.lookup_pool]
            out.append(Workload(name, choose_from(pool), raw_get(port, local_path(facts.states[0], base), TURTLE)))
        elif name == "search":
            if not server.startswith("csto"):
                continue
            pool = [raw_get(port, f"/search?q={quote(text, safe='')}&format=json", "application/json") for text in facts.names]
            out.append(Workload(name, choose_from(pool), raw_get(port, "/search?q=Russia&format=json", "application/json")))
        elif name == "join2":
            pool = [raw_get(port, sparql_target(sparql_path, JOIN2 % iri), JSON_RESULTS) for iri in facts.states]
            check = raw_get(port, sparql_target(sparql_path, JOIN2 % facts.states[0]), JSON_RESULTS)
            out.append(Workload(name, choose_from(pool), check))
    return out


# --- answer checks ---------------------------------------------------------------------------


@dataclass
class Check:
    """One request of each query on each server, before timing: what came back."""

    status: int | str
    seconds: float
    size: int = 0
    media_type: str = ""
    count: int | None = None  # rows, or triples (with repeats)
    unique: int | None = None  # distinct triples
    digest: str = ""  # of the multiset of rows / the set of triples, to compare servers
    truncated: bool = False

    def summary(self) -> str:
        if not isinstance(self.status, int) or not 200 <= self.status < 300:
            return f"{self.status} after {self.seconds * 1000:.0f} ms"
        what = "?"
        if self.count is not None:
            what = f"{self.count} rows" if self.unique is None else f"{self.count} triples"
            if self.unique is not None and self.unique != self.count:
                what += f" ({self.unique} distinct)"
        cut = ", TRUNCATED" if self.truncated else ""
        return f"{what}, {self.size / 1024:.1f} KiB {short_type(self.media_type)}, {self.seconds * 1000:.0f} ms{cut}"


def short_type(media_type: str) -> str:
    return {
        JSON_RESULTS: "json",
        TURTLE: "turtle",
        "application/sparql-results+xml": "sparql-xml",
        "application/rdf+xml": "rdf-xml",
        "text/html": "html",
    }.get(media_type, media_type or "-")


def _term_key(term: dict[str, Any]) -> tuple[str, ...]:
    kind = term.get("type", "")
    if kind in ("literal", "typed-literal"):
        lang = term.get("xml:lang", "").lower()
        datatype = "" if lang else term.get("datatype", XSD_STRING)
        return ("literal", term.get("value", ""), lang, datatype)
    return (kind, str(term.get("value", "")))


def digest_of(items: Sequence[Any]) -> str:
    return hashlib.sha256("\n".join(sorted(map(repr, items))).encode()).hexdigest()[:12]


def examine(answer: Answer, seconds: float) -> Check:
    media_type = answer.headers.get("content-type", "").split(";")[0].strip().lower()
    check = Check(answer.status, seconds, len(answer.body), media_type, truncated=answer.headers.get("csto-truncated") == "true")
    if not 200 <= answer.status < 300:
        return check
    body = answer.body
    if media_type in (JSON_RESULTS, "application/json") and body.lstrip().startswith(b"{"):
        document = json.loads(body)
        if isinstance(document.get("results"), list):  # /search
            hits = [hit.get("iri", "") for hit in document["results"]]
            check.count, check.digest = len(hits), digest_of(hits)
            return check
        bindings = document.get("results", {}).get("bindings", [])
        rows = [tuple(sorted((name, _term_key(term)) for name, term in binding.items())) for binding in bindings]
        check.count, check.digest = len(rows), digest_of(rows)
        return check
    rdf_format = ox.RdfFormat.from_media_type(media_type) if media_type else None
    if (rdf_format is None or media_type == "application/sparql-results+xml") and b"rdf:RDF" in body[:4096]:
        rdf_format = ox.RdfFormat.RDF_XML  # rdflib answers DESCRIBE in RDF/XML whatever it says
    if rdf_format is not None:
        try:
            triples = [str(triple) for triple in ox.parse(body, format=rdf_format)]
        except (SyntaxError, ValueError):
            return check
        check.count, check.unique, check.digest = len(triples), len(set(triples)), digest_of(sorted(set(triples)))
    return check


# --- running it all --------------------------------------------------------------------------


@dataclass
class Row:
    server: str
    query: str
    clients: int
    tally: Tally | None
    server_cpu: float = 0.0
    note: str = ""

    def cells(self) -> list[str]:
        label = LABELS[self.server]
        tally = self.tally
        if tally is None:
            return [label, self.query, str(self.clients), "-", "-", "-", "-", "-", "-", "-", self.note]
        p50, p99 = tally.percentile(0.5), tally.percentile(0.99)
        errors = f"{tally.errors}" + (f" ({tally.timeouts} t/o)" if tally.timeouts else "")
        gen = f"{100 * tally.cpu / tally.elapsed:.0f}%" if tally.elapsed else "-"
        answered = tally.ok + (tally.errors - tally.timeouts)
        srv = f"{1000 * self.server_cpu / answered:.2f}" if answered and self.server_cpu else "-"
        return [
            label, self.query, str(self.clients), str(tally.requests), f"{tally.rate:.1f}",
            fmt_ms(p50), fmt_ms(p99), errors, gen, srv, self.note,
        ]  # fmt: skip


COLUMNS = ["server", "query", "clients", "requests", "req/s", "p50 ms", "p99 ms", "errors", "gen%", "srv ms/req", "note"]


NUMERIC = frozenset({"clients", "requests", "req/s", "p50 ms", "p99 ms", "gen%", "srv ms/req", "req/s ratio", "p99 ratio"})


def fmt_ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def mib(value: int) -> str:
    return f"{value / 2**20:.0f} MiB"


def text_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(columns[i]), *(len(r[i]) for r in rows)) if rows else len(columns[i]) for i in range(len(columns))]
    right = {i for i, c in enumerate(columns) if c in NUMERIC}
    lines = []
    for line in (columns, *rows):
        cells = [cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]) for i, cell in enumerate(line)]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    return "\n".join([line(columns), line(["---"] * len(columns)), *(line(r) for r in rows)])


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in ("pyoxigraph", "oxigraph", "rdflib", "rdflib-endpoint", "uvicorn", "starlette", "fastapi", "psutil"):
        try:
            found[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            found[package] = "not installed"
    oxigraph = shutil.which("oxigraph", path=str(BIN)) or shutil.which("oxigraph")
    if oxigraph:
        try:
            found["oxigraph CLI"] = subprocess.run([oxigraph, "--version"], capture_output=True, text=True, timeout=10, check=False).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found["oxigraph CLI"] = "not runnable"
    return found


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = psutil.virtual_memory().total
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{platform.machine()}, {os.cpu_count()} cores ({model or 'unknown CPU'}), {memory / 2**30:.1f} GiB RAM, "
        f"{platform.system()} {platform.release()}; 1-min load average {load:.2f} at the end (compare runs only on an idle machine)"
    )


def default_dump(store: Path) -> Path | None:
    for folder in (store.parent / "dist", ROOT / "dist"):
        for name in ("csto-kg.nq", "csto-kg.trig"):
            if (folder / name).is_file():
                return folder / name
    return None


def dump_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".nq", ".nquads"):
        return "nquads"
    if suffix == ".trig":
        return "trig"
    raise SystemExit(f"--trig: cannot tell the format of {path} (use .nq or .trig)")


class Bench:
    def __init__(self, options: argparse.Namespace) -> None:
        self.options = options
        self.logs = Path(tempfile.mkdtemp(prefix="csto-bench-"))
        self.rows: list[Row] = []
        self.checks: dict[tuple[str, str], Check] = {}
        self.servers: dict[str, ManagedServer] = {}
        self.notes: dict[str, list[str]] = {}
        self.ceiling: tuple[float, float] = (0.0, 0.0)
        self.queries = {name: parse_query_file(options.queries_dir / f"{name}.rq") for name in PUBLIC_QUERIES}
        self.facts: StoreFacts | None = None
        self.dump: Path | None = None
        self.rdflib_info: dict[str, Any] = {}

    def log(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    # -- phases
    def run(self) -> None:
        options = self.options
        self.log(f"logs and scratch: {self.logs}")
        self.facts = read_store(options.store, options.base, options.pool, options.seed)
        self.log(f"store: {self.facts.quads} quads, {len(self.facts.lookup_pool)} lookup IRIs, {len(self.facts.states)} states ({self.facts.seconds:.1f} s)")
        if not self.facts.lookup_pool:
            raise SystemExit(f"no subject IRIs under {options.base}id/ in {options.store}: wrong --base?")
        self.dump = options.trig or default_dump(options.store)
        if self.dump is None and ("rdflib" in options.only or options.oxigraph_load):
            raise SystemExit("no dump found next to the store (dist/csto-kg.nq); give --trig PATH")
        self.measure_ceiling()
        for name in options.only:
            try:
                server = self.start(name)
            except ServerFailed as error:
                self.log(f"{LABELS[name]}: {error}")
                self.notes.setdefault(name, []).append(f"could not start: {str(error).splitlines()[0]}")
                continue
            try:
                self.exercise(name, server)
            finally:
                server.stop()
                self.log(f"{LABELS[name]}: stopped, peak RSS {mib(server.peak_rss)}")

    def measure_ceiling(self) -> None:
        options = self.options
        if options.ceiling <= 0:
            return
        port = free_port()
        server = ManagedServer("trivial", [sys.executable, "-c", TRIVIAL_SERVER, str(port)], port, "/", self.logs, startup_timeout=20)
        server.start()
        try:
            raw = raw_get(port, "/sparql?query=ASK%7B%7D", JSON_RESULTS)
            clients = max(options.clients)
            asyncio.run(closed_loop(port, lambda c: raw, clients=clients, duration=0.5, timeout=5, seed="warm"))
            tally = asyncio.run(closed_loop(port, lambda c: raw, clients=clients, duration=options.ceiling, timeout=5, seed="ceiling"))
        finally:
            server.stop()
        self.ceiling = (tally.rate, tally.cpu / tally.elapsed if tally.elapsed else 0.0)
        self.log(f"load generator: {tally.rate:.0f} req/s at {clients} clients against a trivial server, {100 * self.ceiling[1]:.0f}% CPU")

    def start(self, name: str) -> ManagedServer:
        options = self.options
        port = free_port()
        timeout = options.timeout
        if name in ("csto", "csto-nocache"):
            cache = ["--answer-cache", "0"] if name == "csto-nocache" else []
            argv = [
                str(BIN / "csto-kg"), "serve", "--store", str(options.store), "--host", "127.0.0.1", "--port", str(port),
                "--base", options.base, "--timeout", f"{timeout:g}", "--row-limit", str(options.csto_row_limit), *cache,
            ]  # fmt: skip
            server = ManagedServer(name, argv, port, "/health", self.logs, startup_timeout=options.startup_timeout)
            self.notes[name] = [
                f"`csto-kg serve --timeout {timeout:g} --row-limit {options.csto_row_limit}{' ' + ' '.join(cache) if cache else ''}`;"
                + " GET /sparql, GET /id/...; the stored default graph (no FROM in the query)"
                + ("; every answer computed afresh" if cache else "; costly answers kept per release (the answer cache)")
            ]
        elif name == "oxigraph":
            location = self.oxigraph_load() if options.oxigraph_load else options.store
            server = self.oxigraph_server(location, port)
            self.log(f"{LABELS[name]}: starting ({' '.join(server.argv[:4])} ...)")
            try:
                server.start()
            except ServerFailed as error:
                if options.oxigraph_load:
                    raise
                self.log(f"oxigraph cannot serve {location} directly ({str(error).splitlines()[0]}); loading the dump")
                location = self.oxigraph_load()
                server = self.oxigraph_server(location, free_port())
                server.start()
            source = "the csto-kg store directly" if location == options.store else f"a store loaded from {self.dump}"
            self.notes[name] = [
                f"`oxigraph serve-read-only{self.oxigraph_timeout_flag()}` over {source}; GET /query"
            ]
            self.servers[name] = server
            self.log(f"{LABELS[name]}: ready in {server.startup_seconds:.1f} s on port {server.port}, RSS {mib(server.ready_rss)}")
            return server
        else:
            assert self.dump is not None
            script = self.logs / "rdflib_app.py"
            script.write_text(RDFLIB_APP, encoding="utf-8")
            info = self.logs / "rdflib_info.json"
            argv = [sys.executable, str(script), str(self.dump), dump_format(self.dump), "127.0.0.1", str(port), str(info)]
            server = ManagedServer(name, argv, port, "/sparql?query=ASK%7B%7D", self.logs, startup_timeout=options.startup_timeout)
            self.notes[name] = [
                f"rdflib `Dataset()` parsed from {self.dump.name} (as `rdflib-endpoint serve` does), "
                + "`SparqlEndpoint(path='/sparql')` under uvicorn; GET /sparql"
            ]
        self.log(f"{LABELS[name]}: starting ({' '.join(server.argv[:3])} ...)")
        server.start()
        if name == "rdflib":
            try:
                self.rdflib_info = json.loads((self.logs / "rdflib_info.json").read_text())
            except (OSError, ValueError):
                self.rdflib_info = {}
        self.servers[name] = server
        self.log(f"{LABELS[name]}: ready in {server.startup_seconds:.1f} s on port {server.port}, RSS {mib(server.ready_rss)}")
        return server

    def oxigraph_server(self, location: Path, port: int) -> ManagedServer:
        binary = shutil.which("oxigraph", path=str(BIN)) or shutil.which("oxigraph") or "oxigraph"
        argv = [binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
        argv += self.oxigraph_timeout_flag().split()
        return ManagedServer("oxigraph", argv, port, "/query?query=ASK%7B%7D", self.logs, startup_timeout=self.options.startup_timeout)

    def oxigraph_timeout_flag(self) -> str:
        seconds = self.options.oxigraph_timeout
        return f" --timeout-s {max(1, round(seconds))}" if seconds > 0 else ""

    def oxigraph_load(self) -> Path:
        assert self.dump is not None
        location = self.logs / "oxigraph-store"
        if not location.exists():
            binary = shutil.which("oxigraph", path=str(BIN)) or "oxigraph"
            began = time.perf_counter()
            subprocess.run([binary, "load", "--location", str(location), "--file", str(self.dump)], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
            self.log(f"oxigraph load: {time.perf_counter() - began:.1f} s")
        return location

    def exercise(self, name: str, server: ManagedServer) -> None:
        options = self.options
        assert self.facts is not None
        path = {"csto": "/sparql", "csto-nocache": "/sparql", "oxigraph": "/query", "rdflib": "/sparql"}[name]
        serial = name == "rdflib"
        for work in workloads(name, server.port, path, self.queries, self.facts, options.base, options.queries):
            began = time.perf_counter()
            try:
                answer = asyncio.run(fetch(server.port, work.check, options.timeout))
                check = examine(answer, time.perf_counter() - began)
            except TimeoutError:
                check = Check("timeout", time.perf_counter() - began)
            except OSError as error:
                check = Check(type(error).__name__, time.perf_counter() - began)
            self.checks[(name, work.name)] = check
            self.log(f"{LABELS[name]} {work.name}: {check.summary()}")
            if check.status == "timeout":
                self.recover(server)
            for clients in options.clients:
                if check.status == "timeout":
                    self.rows.append(Row(name, work.name, clients, None, note=f"skipped: one request took over {options.timeout:g} s"))
                    continue
                if serial and check.seconds * clients > options.timeout:
                    note = f"skipped: {check.seconds:.1f} s each, {clients} queued pass the {options.timeout:g} s timeout"
                    self.rows.append(Row(name, work.name, clients, None, note=note))
                    continue
                if options.warmup > 0:
                    asyncio.run(closed_loop(server.port, work.pick, clients=clients, duration=options.warmup, timeout=options.timeout, seed="warmup"))
                cpu = tree_cpu(server.pid)
                tally = asyncio.run(
                    closed_loop(server.port, work.pick, clients=clients, duration=options.duration, timeout=options.timeout, seed=f"{options.seed}/{work.name}/{clients}")
                )
                row = Row(name, work.name, clients, tally, tree_cpu(server.pid) - cpu)
                if tally.errors:
                    kinds = ", ".join(f"{status}: {count}" for status, count in sorted(tally.statuses.items(), key=str) if status != 200)
                    row.note = kinds
                self.rows.append(row)
                self.log("  " + "  ".join(c for c in row.cells() if c))
                if tally.timeouts or not server.alive():
                    if not server.alive():
                        row.note = ("SERVER DIED; " + row.note).strip("; ")
                        self.log(f"{LABELS[name]}: exited during the run; see {server.log_path}:\n{server.log_tail(5)}")
                    self.recover(server)

    def recover(self, server: ManagedServer) -> None:
        """After a timeout or a crash: restart the server.

        A request the client gave up on may still be running (rdflib cannot stop one, Oxigraph
        runs without a time limit here, csto-kg's own limit counts from a later start), and it
        would slow down the next run; so the server starts afresh (for rdflib: reloads).
        """
        self.log(f"{LABELS[server.name]}: {'timed out' if server.alive() else 'died'}; restarting it")
        server.restart()

    # -- report
    def report(self) -> str:
        options = self.options
        facts = self.facts
        lines: list[str] = []
        found = versions()
        lines.append(f"# csto-kg serve benchmark, {time.strftime('%Y-%m-%d %H:%M')}")
        lines.append("")
        lines.append(f"- machine: {machine()}")
        lines.append("- versions: " + ", ".join(f"{k} {v}" for k, v in found.items()))
        if facts is not None:
            kinds = ", ".join(f"{kind} {count}" for kind, count in facts.lookup_kinds.most_common(6))
            lines.append(
                f"- store: {options.store} -- {facts.quads} quads in {facts.graphs} named graphs, {facts.triples} triples in the default graph; "
                f"lookup pool {len(facts.lookup_pool)} IRIs ({kinds}, ...); join2 pool {len(facts.states)} states"
            )
        if self.dump is not None:
            lines.append(f"- dump for rdflib: {self.dump} ({self.dump.stat().st_size / 2**20:.1f} MiB)")
        lines.append(
            f"- run: clients {','.join(map(str, options.clients))}, {options.duration:g} s per row after {options.warmup:g} s warm-up, "
            f"per-request timeout {options.timeout:g} s, seed {options.seed}"
        )
        if self.ceiling[0]:
            rate, cpu = self.ceiling
            lines.append(
                f"- load generator ceiling: {rate:.0f} req/s at {max(options.clients)} clients against a trivial asyncio server "
                f"in another process, client at {100 * cpu:.0f}% of a core"
            )
        for name in options.only:
            server = self.servers.get(name)
            bits = list(self.notes.get(name, []))
            if server is not None:
                bits.append(f"ready in {server.startup_seconds:.1f} s, RSS when ready {mib(server.ready_rss)}, peak RSS {mib(server.peak_rss)}")
                if server.restarts:
                    bits.append(f"restarted {server.restarts} time(s) after timeouts")
            if name == "rdflib" and self.rdflib_info:
                info = self.rdflib_info
                bits.append(f"load {info['load_seconds']:.1f} s + app {info['app_seconds']:.1f} s, {info['triples']} triples in {info['graphs']} graphs")
            lines.append(f"- {LABELS[name]}: " + "; ".join(bits))
        lines.append("")
        table_rows = [row.cells() for row in self.rows]
        render = markdown_table if options.as_markdown else text_table
        lines.append(render(COLUMNS, table_rows))
        lines.append("")
        lines.append("req/s: 2xx answers per second; p50/p99: latency of the 2xx answers; gen%: this process's CPU (the load")
        lines.append("generator); srv ms/req: CPU of the server's process tree per answered request.")
        ratios = self.ratios()
        if ratios:
            lines.append("")
            lines.append("Ratios (csto-kg / other; req/s below 1 and p99 above 1 mean csto-kg is slower):")
            lines.append("")
            lines.append(render(["server", "vs", "query", "clients", "req/s ratio", "p99 ratio"], ratios))
        lines.append("")
        lines.append("Answers (one request each, before timing; compared with the reference server):")
        lines.append("")
        lines.append(render(["query", "server", "answer", "same as reference"], self.check_rows()))
        return "\n".join(lines) + "\n"

    def ratios(self) -> list[list[str]]:
        by_key = {(row.server, row.query, row.clients): row for row in self.rows if row.tally is not None}
        out = []
        pairs: list[tuple[str, str, str]] = [("oxigraph", q, q) for q in ALL_QUERIES if q != "deref"]
        pairs.append(("oxigraph", "deref", "describe"))
        pairs += [("rdflib", q, q) for q in ("join2", "describe")]
        pairs.append(("rdflib", "deref", "describe"))
        for csto in ("csto", "csto-nocache"):
            for other, mine, theirs in pairs:
                for clients in self.options.clients:
                    a, b = by_key.get((csto, mine, clients)), by_key.get((other, theirs, clients))
                    if a is None or b is None or a.tally is None or b.tally is None:
                        continue
                    rate = f"{a.tally.rate / b.tally.rate:.2f}" if b.tally.rate else "-"
                    p99a, p99b = a.tally.percentile(0.99), b.tally.percentile(0.99)
                    p99 = f"{p99a / p99b:.2f}" if p99a is not None and p99b else "-"
                    query = mine if mine == theirs else f"{mine} vs {theirs}"
                    out.append([LABELS[csto], LABELS[other], query, str(clients), rate, p99])
        return out

    def check_rows(self) -> list[list[str]]:
        rows = []
        for query in ALL_QUERIES:
            present = [name for name in self.options.only if (name, query) in self.checks]
            reference = next(
                (name for name in ("oxigraph", "csto", "csto-nocache", "rdflib") if name in present and self.checks[(name, query)].digest), None
            )
            for name in present:
                check = self.checks[(name, query)]
                ref = self.checks[(reference, query)] if reference else None
                if query == "deref" or ref is None or name == reference:
                    same = "(deref: csto-kg's own description)" if query == "deref" else "(reference)" if ref else "-"
                elif not check.digest or not ref.digest:
                    same = "-"
                elif check.digest == ref.digest:
                    same = "yes"
                else:
                    same = f"NO ({check.unique or check.count} vs {ref.unique or ref.count})"
                rows.append([query, LABELS[name], check.summary(), same])
        return rows


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, required=True, help="a built csto-kg store (pyoxigraph RocksDB directory)")
    parser.add_argument("--trig", type=Path, help="the dump rdflib loads (.nq or .trig) [default: dist/csto-kg.nq next to the store]")
    parser.add_argument("--clients", default="4,16", help="concurrent clients, comma-separated [default: 4,16]")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per (server, query, clients) [default: 20]")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds of load before each timed run, not counted [default: 1]")
    parser.add_argument("--only", default=",".join(SERVERS), help="servers to run: csto,csto-nocache,oxigraph,rdflib [default: all]")
    parser.add_argument("--queries", default=",".join(ALL_QUERIES), help=f"queries to run [default: {','.join(ALL_QUERIES)}]")
    parser.add_argument("--timeout", type=float, default=30.0, help="per-request timeout, also given to the servers [default: 30]")
    parser.add_argument("--csto-row-limit", type=int, default=1_000_000_000, help="csto-kg --row-limit [default: 1e9, i.e. off]")
    parser.add_argument("--base", default=DEFAULT_BASE, help=f"base IRI of the store's resources [default: {DEFAULT_BASE}]")
    parser.add_argument("--pool", type=int, default=2000, help="IRIs in the lookup pool [default: 2000]")
    parser.add_argument("--seed", type=int, default=1, help="seed for the IRI pools and each client's choices [default: 1]")
    parser.add_argument("--ceiling", type=float, default=3.0, help="seconds to measure the load generator's ceiling (0: skip) [default: 3]")
    parser.add_argument("--startup-timeout", type=float, default=1800.0, help="seconds a server may take to answer (rdflib loads the dump) [default: 1800]")
    parser.add_argument("--oxigraph-timeout", type=float, default=0.0, help="pass --timeout-s to oxigraph (see above why not by default) [default: 0, off]")
    parser.add_argument("--keep-logs", action="store_true", help="keep the server logs and scratch folder (kept anyway after a failure)")
    parser.add_argument("--oxigraph-load", action="store_true", help="serve oxigraph from the dump loaded with `oxigraph load`, not the csto-kg store")
    parser.add_argument("--queries-dir", type=Path, default=ROOT / "queries", help="where the public .rq files are [default: queries/]")
    parser.add_argument("--markdown", metavar="FILE", help="also write the report as Markdown tables to FILE ('-': print Markdown instead of text)")
    options = parser.parse_args(argv)
    options.clients = [int(c) for c in options.clients.split(",") if c.strip()]
    options.only = [s.strip() for s in options.only.split(",") if s.strip()]
    options.queries = [q.strip() for q in options.queries.split(",") if q.strip()]
    for name in options.only:
        if name not in SERVERS:
            parser.error(f"--only: unknown server {name!r} (choose from {', '.join(SERVERS)})")
    for name in options.queries:
        if name not in ALL_QUERIES:
            parser.error(f"--queries: unknown query {name!r} (choose from {', '.join(ALL_QUERIES)})")
    if not options.store.exists():
        parser.error(f"--store: no store at {options.store}")
    if not options.base.endswith(("/", "#")):
        parser.error("--base must end with '/' or '#'")
    options.as_markdown = options.markdown == "-"
    return options


def main(argv: Sequence[str] | None = None) -> None:
    options = parse_arguments(argv)
    atexit.register(stop_all)
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started with SIGINT ignored
    bench = Bench(options)
    interrupted = failed = False
    try:
        bench.run()
    except KeyboardInterrupt:
        interrupted = True
        print("\ninterrupted: stopping the servers and printing what was measured", file=sys.stderr)
    except BaseException:
        failed = True
        raise
    finally:
        stop_all()
        if options.keep_logs or interrupted or failed or any("could not start" in " ".join(n) for n in bench.notes.values()):
            print(f"server logs kept in {bench.logs}", file=sys.stderr)
        else:
            shutil.rmtree(bench.logs, ignore_errors=True)
    if bench.rows or bench.checks:
        sys.stdout.write(bench.report())
        if options.markdown and options.markdown != "-":
            options.as_markdown = True
            Path(options.markdown).write_text(bench.report(), encoding="utf-8")
            print(f"markdown written to {options.markdown}", file=sys.stderr)
    if interrupted:
        sys.exit(130)


if __name__ == "__main__":
    main()
