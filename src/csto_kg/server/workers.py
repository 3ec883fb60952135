"""Query execution in killable worker processes, under a time limit and a row limit.

pyoxigraph cannot cancel a running query, and a thread that runs one cannot be stopped. So every
query runs in one of a small pool of worker processes, each holding the store open read-only.
The web process hands a worker a `Job` and waits (in a thread, never on the event loop) for the
`Outcome`: the answer already serialised in the negotiated format. When the time limit passes
first, the worker is killed (its CPU is freed at once), a fresh one is started in its place and
the client gets 503. Other clients are served meanwhile by the other workers.

Limits, and how a response says it met one:

* time: `timeout` seconds per request, waiting for a free worker included. A query still running
  then is killed and answered `503 Service Unavailable` with a plain-text message.
* rows: at most `row_limit` solutions of a SELECT, or triples of a CONSTRUCT / DESCRIBE / Graph
  Store GET, are returned. Every such response carries the header `CSTO-Row-Limit: <N>`; one that
  was cut at N also carries `CSTO-Truncated: true` (never a silent cut). ASK is not limited.

Writes: only the web process writes (SPARQL Update, Graph Store Protocol), through a read-write
store; after each write it calls `bump_generation(path)`. Every job carries the generation it
was issued under, and a worker whose store is older reopens it before evaluating, so a query
issued after a write sees it. A worker also reopens when the store directory is swapped (a new
build renamed into place), like `StoreHandle` does. pyoxigraph calls reading a directory that
another process writes undefined; in practice RocksDB's read-only open replays the write-ahead
log and sees every committed write, which is what the reopen relies on.

This module imports only the standard library and pyoxigraph, so a worker starts fast (spawned,
not forked: the web process has threads, and RocksDB handles must not be shared with a child).
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import logging
import multiprocessing
import os
import queue
import threading
import time
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
    serialize,
)

from csto_kg.namespaces import XSD

logger = logging.getLogger(__name__)

ROW_LIMIT_HEADER = "CSTO-Row-Limit"
TRUNCATED_HEADER = "CSTO-Truncated"
XSD_STRING = XSD + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_generations: dict[str, int] = {}
_generations_lock = threading.Lock()


def _key(path: Path | str) -> str:
    # abspath, not realpath: this runs on every request, and resolving the store's symlink costs
    # file-system calls that, under load, wait for the GIL (18% of the event loop's time).
    return os.path.abspath(path)


def store_generation(path: Path | str) -> int:
    """How many writes this process has made to the store at `path` (0: none)."""
    with _generations_lock:
        return _generations.get(_key(path), 0)


def bump_generation(path: Path | str) -> int:
    """Record a write to the store at `path`: readers of an older generation must reopen it."""
    with _generations_lock:
        key = _key(path)
        _generations[key] = _generations.get(key, 0) + 1
        return _generations[key]


# --- jobs and outcomes -------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One unit of work for a worker; plain data, so it pickles.

    kind: "query" (evaluate `query`), "graph" (the content of one graph: `graph` is an IRI, or
    None for the store's default graph) or "sizes" (triples per named graph).
    For queries, `default_graphs` / `named_graphs` are the protocol's dataset (None: not given);
    `use_union` makes the union of all graphs the default graph (no dataset in the query).
    `results_media_type` / `graph_media_type` are the negotiated types for solutions or booleans
    and for triples; None means the client accepts none, answered 406 once the kind is known.
    """

    kind: str
    query: str = ""
    base_iri: str | None = None
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    use_union: bool = True
    graph: str | None = None
    results_media_type: str | None = None
    graph_media_type: str | None = None
    row_limit: int | None = None
    generation: int = 0


@dataclass
class Outcome:
    """What a worker answers: an HTTP status, a body and its media type, extra headers.

    `result_kind` ("solutions", "boolean", "triples") is set for queries, so a 406 can name the
    formats of the right kind; `value` carries non-HTTP results (graph sizes).
    """

    status: int
    body: bytes = b""
    media_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    result_kind: str | None = None
    value: Any = None

    @classmethod
    def error(cls, status: int, message: str) -> Outcome:
        return cls(status, (message.rstrip("\n") + "\n").encode("utf-8"), "text/plain")


# --- evaluation (runs in the worker; also usable in-process) -----------------------------


def execute(store: Store, job: Job) -> Outcome:
    """Run one job on `store`; every failure the client caused becomes a 4xx Outcome."""
    try:
        if job.kind == "sizes":
            return Outcome(200, value=graph_sizes(store))
        if job.kind == "graph":
            return _graph_content(store, job)
        return _query(store, job)
    except SyntaxError as error:
        return Outcome.error(400, f"Query syntax error: {error}")
    except (RuntimeError, ValueError) as error:
        return Outcome.error(400, f"Query evaluation error: {error}")


def graph_sizes(store: Store) -> dict[str, int]:
    """Triples per named graph (empty graphs included), keyed by the graph's N-Triples form."""
    sizes = {str(name): 0 for name in store.named_graphs()}
    counts = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert isinstance(counts, QuerySolutions)
    for solution in counts:
        graph, count = solution["g"], solution["n"]
        assert graph is not None and isinstance(count, Literal)
        sizes[str(graph)] = int(count.value)
    return sizes


def _names(uris: Iterable[str]) -> list[NamedNode]:
    return [NamedNode(uri) for uri in uris]


def _query(store: Store, job: Job) -> Outcome:
    if job.default_graphs is not None or job.named_graphs is not None:
        result = store.query(
            job.query,
            base_iri=job.base_iri,
            default_graph=_names(job.default_graphs or ()),
            named_graphs=_names(job.named_graphs or ()),
        )
    else:
        result = store.query(
            job.query, base_iri=job.base_iri, use_default_graph_as_union=job.use_union
        )
    if isinstance(result, QueryTriples):
        if job.graph_media_type is None:
            return Outcome(406, result_kind="triples")
        outcome = _triples(result, job.graph_media_type, job.row_limit)
        outcome.result_kind = "triples"
        return outcome
    kind = "boolean" if isinstance(result, QueryBoolean) else "solutions"
    if job.results_media_type is None:
        return Outcome(406, result_kind=kind)
    if isinstance(result, QueryBoolean):
        body = result.serialize(format=_results_format(job.results_media_type))
        return Outcome(200, body or b"", job.results_media_type, result_kind=kind)
    rows, headers = _capped(result, job.row_limit)
    body = write_solutions([v.value for v in result.variables], rows, job.results_media_type)
    return Outcome(200, body, job.results_media_type, headers, result_kind=kind)


def _graph_content(store: Store, job: Job) -> Outcome:
    if job.graph is None:
        graph: NamedNode | DefaultGraph = DefaultGraph()
    else:
        graph = NamedNode(job.graph)
        if not store.contains_named_graph(graph):
            return Outcome.error(404, f"No graph <{job.graph}> in this store.")
    if job.graph_media_type is None:
        return Outcome(406, result_kind="triples")
    triples = (quad.triple for quad in store.quads_for_pattern(None, None, None, graph))
    return _triples(triples, job.graph_media_type, job.row_limit)


def _capped(items: Iterable[Any], limit: int | None) -> tuple[list[Any], dict[str, str]]:
    """At most `limit` items, and the headers that say so (and whether the limit cut)."""
    if limit is None:
        return list(items), {}
    taken = list(itertools.islice(items, limit + 1))
    headers = {ROW_LIMIT_HEADER: str(limit)}
    if len(taken) > limit:
        del taken[limit:]
        headers[TRUNCATED_HEADER] = "true"
    return taken, headers


def _triples(triples: Iterable[Triple], media_type: str, limit: int | None) -> Outcome:
    kept, headers = _capped(triples, limit)
    body = serialize(kept, format=_rdf_format(media_type)) or b""
    return Outcome(200, body, media_type, headers)


def _results_format(media_type: str) -> QueryResultsFormat:
    found = QueryResultsFormat.from_media_type(media_type)
    if found is None:
        raise ValueError(f"no results format for {media_type}")
    return found


def _rdf_format(media_type: str) -> RdfFormat:
    found = RdfFormat.from_media_type(media_type)
    if found is None:
        raise ValueError(f"no RDF format for {media_type}")
    return found


# --- SPARQL results writers (a capped SELECT is a list, which pyoxigraph cannot serialise) ----

Term = NamedNode | BlankNode | Literal | Triple


def write_solutions(variables: list[str], rows: list[Any], media_type: str) -> bytes:
    """Serialise solutions as SPARQL 1.1 results JSON, XML, CSV or TSV (by media type)."""
    format = _results_format(media_type)
    table = [[row[name] for name in variables] for row in rows]
    if format == QueryResultsFormat.JSON:
        return _json_results(variables, table)
    if format == QueryResultsFormat.XML:
        return _xml_results(variables, table)
    if format == QueryResultsFormat.CSV:
        return _csv_results(variables, table)
    if format == QueryResultsFormat.TSV:
        return _tsv_results(variables, table)
    raise ValueError(f"no solutions writer for {media_type}")


def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    value: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        value["datatype"] = term.datatype.value
    return value


def _json_results(variables: list[str], table: list[list[Term | None]]) -> bytes:
    bindings = [
        {name: _json_term(term) for name, term in zip(variables, row) if term is not None}
        for row in table
    ]
    document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _xml_term(term: Term) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{html.escape(term.value, quote=False)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{html.escape(term.value, quote=False)}</bnode>"
    if isinstance(term, Triple):
        parts = zip(("subject", "predicate", "object"), (term.subject, term.predicate, term.object))
        inner = "".join(f"<{name}>{_xml_term(part)}</{name}>" for name, part in parts)
        return f"<triple>{inner}</triple>"
    text = html.escape(term.value, quote=False)
    if term.language:
        return f'<literal xml:lang="{html.escape(term.language)}">{text}</literal>'
    if term.datatype.value != XSD_STRING:
        return f'<literal datatype="{html.escape(term.datatype.value)}">{text}</literal>'
    return f"<literal>{text}</literal>"


def _xml_results(variables: list[str], table: list[list[Term | None]]) -> bytes:
    parts = [
        '<?xml version="1.0"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>',
        *(f'<variable name="{html.escape(name)}"/>' for name in variables),
        "</head><results>",
    ]
    for row in table:
        parts.append("<result>")
        for name, term in zip(variables, row):
            if term is not None:
                parts.append(f'<binding name="{html.escape(name)}">{_xml_term(term)}</binding>')
        parts.append("</result>")
    parts.append("</results></sparql>")
    return "".join(parts).encode("utf-8")


def _csv_value(term: Term | None) -> str:
    if term is None:
        text = ""
    elif isinstance(term, BlankNode):
        text = "_:" + term.value
    elif isinstance(term, Triple):
        text = _tsv_value(term)
    else:
        text = term.value
    if any(character in text for character in '",\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_results(variables: list[str], table: list[list[Term | None]]) -> bytes:
    lines = [",".join(variables)]
    lines += [",".join(_csv_value(term) for term in row) for row in table]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _tsv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Triple):
        inner = " ".join(_tsv_value(part) for part in (term.subject, term.predicate, term.object))
        return f"<<( {inner} )>>"
    return str(term)  # N-Triples form: <iri>, _:id, "text"@lang, "1"^^<datatype>


def _tsv_results(variables: list[str], table: list[list[Term | None]]) -> bytes:
    lines = ["\t".join("?" + name for name in variables)]
    lines += ["\t".join(_tsv_value(term) for term in row) for row in table]
    return ("\n".join(lines) + "\n").encode("utf-8")


# --- the worker process ------------------------------------------------------------------


def _identity(path: str) -> tuple[int, int, int]:
    status = os.stat(path)
    return status.st_dev, status.st_ino, status.st_mtime_ns


def worker_main(path: str, connection: Connection) -> None:
    """A worker's life: open the store read-only, then answer jobs until the pipe closes."""
    store = Store.read_only(path)
    identity, generation = _identity(path), 0
    while True:
        try:
            job: Job = connection.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            current = _identity(path)
            if job.generation != generation or current != identity:
                store = Store.read_only(path)
                identity, generation = current, job.generation
        except OSError as error:  # mid-swap: keep the store we have
            logger.warning("keeping the previous store: cannot reopen %s: %s", path, error)
        try:
            outcome = execute(store, job)
        except Exception as error:  # noqa: BLE001 - a worker must answer, whatever happened
            outcome = Outcome.error(500, f"Internal error while evaluating: {error}")
        try:
            connection.send(outcome)
        except (OSError, ValueError):
            return


class QueryTimeout(Exception):
    """No answer within the time limit; the worker that ran the job has been killed."""


class _Worker:
    def __init__(self, context: Any, path: str) -> None:
        self.connection, child = context.Pipe(duplex=True)
        self.process = context.Process(
            target=worker_main, args=(path, child), name="csto-kg-query-worker", daemon=True
        )
        self.process.start()
        child.close()

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


class QueryPool:
    """`size` worker processes over the store at `path`; `run()` answers one job in time.

    Thread-safe and loop-agnostic: `run_blocking` is meant to be called from worker threads
    (`run` does that), so a waiting request never holds the event loop.
    """

    def __init__(self, path: Path | str, *, size: int = 2, timeout: float = 10.0) -> None:
        if size < 1:
            raise ValueError("a pool needs at least one worker")
        self.path = str(path)
        self.timeout = timeout
        self.size = size
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.killed = 0  # workers stopped because their query ran past the limit
        for _ in range(size):
            self._idle.put(self._start())
        self._finalizer = weakref.finalize(self, QueryPool._stop_all, self._all)

    def _start(self) -> _Worker:
        worker = _Worker(self._context, self.path)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()
        if not self._closed:
            self._idle.put(self._start())

    @property
    def pids(self) -> set[int]:
        """Process ids of the live workers (tests watch a killed one disappear)."""
        with self._lock:
            return {w.pid for w in self._all if w.pid is not None and w.process.is_alive()}

    def run_blocking(self, job: Job, timeout: float | None = None) -> Outcome:
        """Answer `job` within `timeout` seconds (the pool's by default) or raise QueryTimeout."""
        limit = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + limit
        try:
            worker = self._idle.get(timeout=limit)
        except queue.Empty:
            raise QueryTimeout(f"no query worker became free within {limit:g} s") from None
        try:
            worker.connection.send(job)
            if not worker.connection.poll(max(0.0, deadline - time.monotonic())):
                worker, error = None, self._overran(worker, limit)
                raise error
            outcome: Outcome = worker.connection.recv()
        except (EOFError, OSError, BrokenPipeError) as error:
            worker, outcome = None, self._died(worker, error)
        finally:
            if worker is not None:
                self._idle.put(worker)
        return outcome

    async def run(self, job: Job, timeout: float | None = None) -> Outcome:
        """Answer `job` without holding the event loop.

        With a worker free, the loop itself waits for the answer on the worker's pipe: no thread
        per request, which at a thousand lookups a second was most of the web process's time.
        With every worker busy, a thread waits for one (`run_blocking`).
        """
        try:
            worker: _Worker | None = self._idle.get_nowait()
        except queue.Empty:
            from anyio import to_thread

            return await to_thread.run_sync(self.run_blocking, job, timeout)
        assert worker is not None
        limit = self.timeout if timeout is None else timeout
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()
        descriptor = worker.connection.fileno()
        try:
            worker.connection.send(job)
            loop.add_reader(descriptor, lambda: ready.done() or ready.set_result(None))
            try:
                await asyncio.wait_for(ready, limit)
                answered = True
            except asyncio.TimeoutError:
                answered = False
            finally:
                loop.remove_reader(descriptor)
                # The loop made the pipe non-blocking; a large answer arrives in several reads.
                os.set_blocking(descriptor, True)
            if not answered:
                worker, error = None, self._overran(worker, limit)
                raise error
            outcome: Outcome = worker.connection.recv()
        except (EOFError, OSError, BrokenPipeError) as error:
            worker, outcome = None, self._died(worker, error)
        except asyncio.CancelledError:
            # The client left while the worker computes: its answer would reach the next job.
            if worker is not None:
                self._replace(worker)
                worker = None
            raise
        finally:
            if worker is not None:
                self._idle.put(worker)
        return outcome

    def _overran(self, worker: _Worker, limit: float) -> QueryTimeout:
        """Kill a worker whose query ran past the limit (a new one takes its place)."""
        self.killed += 1
        logger.warning("query ran past %g s; killing worker %s", limit, worker.pid)
        self._replace(worker)
        return QueryTimeout(f"the query ran past the time limit of {limit:g} s")

    def _died(self, worker: _Worker | None, error: Exception) -> Outcome:
        """Replace a worker whose pipe broke; the request gets a 500."""
        logger.error("query worker %s died: %s", worker.pid if worker else "?", error)
        if worker is not None:
            self._replace(worker)
        return Outcome.error(500, "The query worker died while evaluating this query.")

    @staticmethod
    def _stop_all(workers: set[_Worker]) -> None:
        for worker in list(workers):
            try:
                worker.kill()
            except Exception as error:  # noqa: BLE001 - best effort at exit
                logger.debug("could not stop query worker: %s", error)
        workers.clear()

    def close(self) -> None:
        """Stop every worker; the pool answers nothing afterwards."""
        self._closed = True
        self._finalizer()

