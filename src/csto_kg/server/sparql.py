"""The SPARQL 1.1 Protocol over the published pyoxigraph store: query, update, service description.

One request flows: `read_request` turns GET/POST into an `Operation` (query), an `UpdateRequest`
or a `ProtocolError`; a query becomes a `workers.Job` that an executor answers already serialised
in the negotiated format (`workers.QueryPool`: killable processes under a time and a row limit,
see that module for the `CSTO-Row-Limit` / `CSTO-Truncated` headers; `ThreadExecutor`: in-process,
for embedders and tests); a bare GET is answered with a SPARQL 1.1 Service Description built from
the live store.

The dataset: data lives in named graphs, so a query that says nothing about its dataset sees
the union of all graphs as its default graph. A query's own FROM / FROM NAMED, or the protocol's
`default-graph-uri` / `named-graph-uri` parameters (which take precedence), replace that with
exactly the graphs they name.

Updates: refused with 403 unless the server holds an update token and the request carries it as
`Authorization: Bearer <token>`; then SPARQL Update runs on the read-write store in this process
(`StoreWriter`), with `using-graph-uri` / `using-named-graph-uri` applied as USING / USING NAMED
clauses of every DELETE/INSERT ... WHERE operation (400 if the update has its own USING or WITH);
CLEAR of a graph the store does not hold succeeds (see `clear_silently`).
An update's WHERE without USING sees the store's own default graph, as SPARQL Update says; LOAD and
SERVICE are refused (they would make the server fetch URLs). Updates are not under the time limit.
"""

from __future__ import annotations

import hmac
import logging
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Protocol, TypeVar
from urllib.parse import parse_qsl

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
    Triple,
    serialize,
)
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from csto_kg.namespaces import RDF, SD, VOID, XSD
from csto_kg.server.negotiation import choose_offer
from csto_kg.server.workers import (
    Job,
    Outcome,
    QueryPool,
    QueryTimeout,
    bump_generation,
    execute,
    store_generation,
)

logger = logging.getLogger(__name__)

RDF_TYPE = NamedNode(RDF + "type")
W3C_FORMATS = "http://www.w3.org/ns/formats/"
XSD_INTEGER = NamedNode(XSD + "integer")

ALLOWED_METHODS = "GET, POST, OPTIONS"
ALLOWED_HEADERS = "Content-Type, Accept, Authorization"
FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
READ_ONLY = "This endpoint is read-only: SPARQL Update is not accepted."
TOKEN_NEEDED = (
    "SPARQL Update needs this server's update token, sent as 'Authorization: Bearer <token>'."
)
DEFAULT_TIMEOUT = 10.0
DEFAULT_ROW_LIMIT = 10_000

T = TypeVar("T")


@dataclass(frozen=True)
class Serialization:
    """A format we serve: its canonical media type, pyoxigraph format and W3C format IRI.

    `aliases` are further media types answered with the same bytes (e.g. `application/json` for
    SPARQL JSON results), so clients that only know the generic type still get an answer.
    """

    media_type: str
    format: QueryResultsFormat | RdfFormat
    iri: str
    aliases: tuple[str, ...] = ()


RESULT_SERIALIZATIONS = (
    Serialization(
        "application/sparql-results+json",
        QueryResultsFormat.JSON,
        W3C_FORMATS + "SPARQL_Results_JSON",
        ("application/json",),
    ),
    Serialization(
        "application/sparql-results+xml",
        QueryResultsFormat.XML,
        W3C_FORMATS + "SPARQL_Results_XML",
        ("application/xml", "text/xml"),
    ),
    Serialization("text/csv", QueryResultsFormat.CSV, W3C_FORMATS + "SPARQL_Results_CSV"),
    Serialization(
        "text/tab-separated-values", QueryResultsFormat.TSV, W3C_FORMATS + "SPARQL_Results_TSV"
    ),
)
GRAPH_SERIALIZATIONS = (
    Serialization("text/turtle", RdfFormat.TURTLE, W3C_FORMATS + "Turtle"),
    Serialization("application/n-triples", RdfFormat.N_TRIPLES, W3C_FORMATS + "N-Triples"),
    Serialization("application/rdf+xml", RdfFormat.RDF_XML, W3C_FORMATS + "RDF_XML"),
    Serialization(
        "application/ld+json", RdfFormat.JSON_LD, W3C_FORMATS + "JSON-LD", ("application/json",)
    ),
)


def choose_serialization(
    accept: str | None, serializations: Iterable[Serialization]
) -> tuple[str, Serialization] | None:
    """The media type to answer with and its serialization; canonical types outrank aliases."""
    return choose_offer(accept, tuple(serializations))


def content_type(media_type: str) -> str:
    """The Content-Type header value: text types say their charset, which is always UTF-8."""
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type


class OpenedStore:
    """One opened store plus what is worth remembering about it while it cannot change.

    A read-only store never changes, so its per-graph triple counts are computed once (lazily:
    counting a large store takes a while) and dropped together with the store on the next swap.
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    @cached_property
    def graph_sizes(self) -> dict[NamedNode | BlankNode, int]:
        """Triples per named graph, empty graphs included."""
        sizes: dict[NamedNode | BlankNode, int] = dict.fromkeys(self.store.named_graphs(), 0)
        counts = self.store.query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        )
        assert isinstance(counts, QuerySolutions)
        for solution in counts:
            graph, count = solution["g"], solution["n"]
            assert isinstance(graph, NamedNode | BlankNode) and isinstance(count, Literal)
            sizes[graph] = int(count.value)
        return sizes


class StoreSource(Protocol):
    """Where the endpoint gets the store to query; `current()` is called once per request."""

    def current(self) -> OpenedStore: ...


def _identity(path: Path) -> tuple[int, int, int]:
    """What changes when the store directory is replaced or rewritten: device, inode, mtime."""
    status = os.stat(path)
    return status.st_dev, status.st_ino, status.st_mtime_ns


class StoreHandle:
    """The store at `path`, opened read-only and reopened when the directory is swapped.

    The builder publishes a new store by renaming a finished directory into place (or
    retargeting a symlink), which changes the inode at `path`; a rewrite in place changes the
    directory's mtime. Either makes the next request reopen. A request already running keeps
    the store it started with: the old RocksDB files stay readable until it is released. If the
    path is missing or unreadable mid-swap, the previous store keeps serving and the next
    request tries again. pyoxigraph calls reading while another process writes the same
    directory undefined, so builders must build elsewhere and swap. Writes made by this process
    (`StoreWriter`) bump the store's generation, which also makes the next request reopen.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._identity = _identity(path)
        self._generation = store_generation(path)
        self._opened = OpenedStore(Store.read_only(str(path)))

    def current(self) -> OpenedStore:
        """The store to use for one request, reopened first if the directory changed."""
        with self._lock:
            try:
                identity, generation = _identity(self.path), store_generation(self.path)
                if identity != self._identity or generation != self._generation:
                    self._opened = OpenedStore(Store.read_only(str(self.path)))
                    self._identity, self._generation = identity, generation
                    logger.info("reopened store %s", self.path)
            except OSError as error:
                logger.warning("keeping the previous store: cannot reopen %s: %s", self.path, error)
            return self._opened



class StoreWriter:
    """The read-write store of this process: every write goes through here, one at a time.

    After each write the store's generation is bumped, so query workers and `StoreHandle`s
    reopen their read-only views before their next read.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.store = Store(str(path))
        self._lock = threading.Lock()

    def write(self, change: Callable[[Store], T]) -> T:
        """Apply `change` to the store (blocking: call it from a worker thread)."""
        with self._lock:
            try:
                return change(self.store)
            finally:
                bump_generation(self.path)

    def update(self, update: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL Update; SyntaxError and evaluation errors propagate to the caller."""
        self.write(lambda store: store.update(update, base_iri=base_iri))


class ProtocolError(Exception):
    """A request the protocol rejects; `status` and the plain-text `message` are the response."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Operation:
    """A query with the dataset the protocol parameters ask for (empty: none asked)."""

    query: str
    default_graph_uris: tuple[str, ...] = ()
    named_graph_uris: tuple[str, ...] = ()


@dataclass(frozen=True)
class UpdateRequest:
    """An update with the `using-graph-uri` / `using-named-graph-uri` parameters it came with."""

    update: str
    using_graph_uris: tuple[str, ...] = ()
    using_named_graph_uris: tuple[str, ...] = ()


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").partition(";")[0].strip().lower()


def _charset(request: Request) -> str | None:
    _, _, parameters = request.headers.get("content-type", "").partition(";")
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def _utf8(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(400, f"The {what} is not UTF-8: {error}") from error


async def read_request(request: Request) -> Operation | UpdateRequest | None:
    """The query or update operation a GET or POST carries, or None for a GET without a query.

    Raises ProtocolError for what SPARQL 1.1 Protocol §2.1-2.2 rules out: updates via GET (400),
    a POST body of another media type or charset (415), and anything but exactly one `query` or
    exactly one `update`. Form POSTs also read parameters from the URL (dataset parameters there
    are common), counting `query` / `update` across both.
    """
    if request.method in ("GET", "HEAD"):
        parameters = request.query_params.multi_items()
        if any(name == "update" for name, _ in parameters):
            raise ProtocolError(400, "SPARQL Update is never accepted via GET; POST it.")
        if not any(name == "query" for name, _ in parameters):
            return None
        return _operation(parameters)
    media_type = _media_type(request)
    charset = _charset(request)
    if media_type in (FORM, SPARQL_QUERY, SPARQL_UPDATE) and charset not in (None, "utf-8", "utf8"):
        raise ProtocolError(415, f"Unsupported charset {charset}: SPARQL requests are UTF-8.")
    url_parameters = request.query_params.multi_items()
    body = await request.body()
    if media_type == FORM:
        try:
            form = parse_qsl(_utf8(body, "form body"), keep_blank_values=True, errors="strict")
        except ValueError as error:
            raise ProtocolError(400, f"The form body is not URL-encoded: {error}") from error
        parameters = [*url_parameters, *form]
        has_update = any(name == "update" for name, _ in parameters)
        if has_update and any(name == "query" for name, _ in parameters):
            raise ProtocolError(400, "A request carries either a query or an update, not both.")
        return _update(parameters) if has_update else _operation(parameters)
    if media_type in (SPARQL_QUERY, SPARQL_UPDATE):
        if any(name in ("query", "update") for name, _ in url_parameters):
            raise ProtocolError(
                400, f"A POSTed {media_type} takes no query or update parameter in the URL."
            )
        if media_type == SPARQL_QUERY:
            return _operation([("query", _utf8(body, "query")), *url_parameters])
        return _update([("update", _utf8(body, "update")), *url_parameters])
    raise ProtocolError(
        415,
        f"Unsupported Media Type {media_type or '(none)'}: POST a query as {FORM} or "
        f"{SPARQL_QUERY}, an update as {FORM} or {SPARQL_UPDATE}.",
    )


async def read_operation(request: Request) -> Operation | None:
    """Like `read_request` for a read-only endpoint: any update is refused with 403."""
    operation = await read_request(request)
    if isinstance(operation, UpdateRequest):
        raise ProtocolError(403, READ_ONLY)
    return operation


def _values(parameters: list[tuple[str, str]], parameter: str) -> tuple[str, ...]:
    return tuple(value for name, value in parameters if name == parameter)


def _operation(parameters: list[tuple[str, str]]) -> Operation:
    queries = _values(parameters, "query")
    if len(queries) != 1:
        raise ProtocolError(400, f"Expected exactly one query parameter, got {len(queries)}.")
    return Operation(
        query=queries[0],
        default_graph_uris=_values(parameters, "default-graph-uri"),
        named_graph_uris=_values(parameters, "named-graph-uri"),
    )


def _update(parameters: list[tuple[str, str]]) -> UpdateRequest:
    updates = _values(parameters, "update")
    if len(updates) != 1:
        raise ProtocolError(400, f"Expected exactly one update parameter, got {len(updates)}.")
    return UpdateRequest(
        update=updates[0],
        using_graph_uris=_values(parameters, "using-graph-uri"),
        using_named_graph_uris=_values(parameters, "using-named-graph-uri"),
    )


# Text in which a keyword cannot occur: comments, strings, IRIs and prefixed names. Matched in one
# left-to-right pass, so a '#' inside a string or a quote inside an IRI is consumed correctly.
_OPAQUE_PATTERN = r"""
      \#[^\n\r]*
    | '''(?:[^'\\]|\\.|'(?!''))*'''
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    | '(?:[^'\\\n\r]|\\.)*'
    | "(?:[^"\\\n\r]|\\.)*"
    | <[^<>"{}|^`\\\x00-\x20]*>
    | (?:[^\W\d_][\w.\-]*)?:(?:[\w.\-:%]|\\.)*
    """
_OPAQUE = re.compile(_OPAQUE_PATTERN, re.VERBOSE)
_KEYWORD = re.compile(r"(?<![\w?$])(FROM|SERVICE)(?!\w)", re.IGNORECASE)
_UPDATE_TOKEN = re.compile(
    rf"(?P<opaque>{_OPAQUE_PATTERN})"
    r"| (?P<brace>[{}])"
    r"| (?<![\w?$])(?P<word>[A-Za-z]+)(?!\w)",
    re.VERBOSE,
)
_UPDATE_KEYWORDS = {
    "WHERE", "DELETE", "INSERT", "USING", "WITH", "LOAD", "SERVICE", "DATA", "CLEAR", "SILENT",
}


def query_keywords(query: str) -> set[str]:
    """The dataset and federation keywords (FROM, SERVICE) a query uses, upper-cased.

    pyoxigraph exposes no parsed query, and its `use_default_graph_as_union` silently overrides
    a query's own FROM clauses; SERVICE would make the server fetch any URL a client names.
    A lexical scan that skips comments, strings, IRIs and prefixed names finds both keywords
    wherever the grammar allows them, and only there.
    """
    return {match.upper() for match in _KEYWORD.findall(_OPAQUE.sub(" ", query))}


def _update_tokens(update: str) -> Iterator[tuple[int, int, str]]:
    """(position, brace depth, keyword or brace) for the update's keywords outside opaque text."""
    depth = 0
    for match in _UPDATE_TOKEN.finditer(update):
        if match.group("brace"):
            depth += 1 if match.group("brace") == "{" else -1
            yield match.start(), depth, match.group("brace")
        elif match.group("word") and match.group("word").upper() in _UPDATE_KEYWORDS:
            yield match.start(), depth, match.group("word").upper()


def update_keywords(update: str) -> set[str]:
    """The keywords an update uses that decide how it may run (USING, WITH, LOAD, SERVICE...)."""
    return {token for _, _, token in _update_tokens(update) if token not in "{}"}


def with_using(update: str, using: Iterable[str], using_named: Iterable[str]) -> str:
    """The update with USING / USING NAMED clauses before every top-level WHERE of a modify.

    That is what the protocol's `using-graph-uri` / `using-named-graph-uri` mean (SPARQL 1.1
    Protocol §2.2.3). DELETE WHERE takes no USING clause and is left as it is.
    """
    clauses = "".join(f"USING <{iri}> " for iri in using)
    clauses += "".join(f"USING NAMED <{iri}> " for iri in using_named)
    if not clauses:
        return update
    insertions: list[int] = []
    previous = ""
    for position, depth, token in _update_tokens(update):
        if token == "WHERE" and depth == 0 and previous != "DELETE":
            insertions.append(position)
        if depth == 0 or token == "{":
            previous = token
    for position in reversed(insertions):
        update = update[:position] + clauses + update[position:]
    return update


def clear_silently(update: str) -> str:
    """The update with every CLEAR made CLEAR SILENT.

    pyoxigraph fails a CLEAR of a graph it does not hold; clearing it leaves the store exactly as
    clearing an empty graph would, which is how stores that do not record empty graphs behave
    (and what the W3C protocol suite's `CLEAR GRAPH <g> ; INSERT DATA ...` expects).
    """
    insertions: list[int] = []
    tokens = list(_update_tokens(update))
    for index, (position, depth, token) in enumerate(tokens):
        following = tokens[index + 1][2] if index + 1 < len(tokens) else ""
        if token == "CLEAR" and depth == 0 and following != "SILENT":
            insertions.append(position + len("CLEAR"))
    for position in reversed(insertions):
        update = update[:position] + " SILENT" + update[position:]
    return update


def _graph_names(uris: Iterable[str]) -> tuple[str, ...]:
    try:
        return tuple(NamedNode(uri).value for uri in uris)
    except ValueError as error:
        raise ProtocolError(400, f"Invalid graph IRI: {error}") from error


def not_acceptable(accept: str | None, serializations: Iterable[Serialization]) -> Response:
    """406 naming every media type that would have been served for this kind of answer."""
    offered = [
        media_type
        for serialization in serializations
        for media_type in (serialization.media_type, *serialization.aliases)
    ]
    return PlainTextResponse(
        f"Not Acceptable: {accept}\nThis answer is available as: " + ", ".join(offered) + "\n",
        status_code=406,
        headers={"Vary": "Accept"},
    )


def service_description(
    sizes: dict[str, int], endpoint: str, *, update: bool = False
) -> Iterator[Triple]:
    """A SPARQL 1.1 Service Description claiming only what this endpoint does.

    `sizes` maps each named graph (N-Triples form, as `workers.graph_sizes` gives it) to its
    number of triples; `update` says whether SPARQL Update is accepted (with the token).
    """

    def sd(name: str) -> NamedNode:
        return NamedNode(SD + name)

    service, dataset, default_graph = BlankNode(), BlankNode(), BlankNode()
    yield Triple(service, RDF_TYPE, sd("Service"))
    yield Triple(service, sd("endpoint"), NamedNode(endpoint))
    yield Triple(service, sd("supportedLanguage"), sd("SPARQL11Query"))
    if update:
        yield Triple(service, sd("supportedLanguage"), sd("SPARQL11Update"))
    for serialization in (*RESULT_SERIALIZATIONS, *GRAPH_SERIALIZATIONS):
        yield Triple(service, sd("resultFormat"), NamedNode(serialization.iri))
    yield Triple(service, sd("feature"), sd("UnionDefaultGraph"))
    yield Triple(service, sd("defaultDataset"), dataset)
    yield Triple(dataset, RDF_TYPE, sd("Dataset"))
    yield Triple(dataset, sd("defaultGraph"), default_graph)
    yield Triple(default_graph, RDF_TYPE, sd("Graph"))
    for name, size in sorted(sizes.items()):
        if not (name.startswith("<") and name.endswith(">")):
            continue  # a blank-node graph name cannot be named in a description
        named_graph, graph = BlankNode(), BlankNode()
        yield Triple(dataset, sd("namedGraph"), named_graph)
        yield Triple(named_graph, RDF_TYPE, sd("NamedGraph"))
        yield Triple(named_graph, sd("name"), NamedNode(name[1:-1]))
        yield Triple(named_graph, sd("graph"), graph)
        yield Triple(graph, RDF_TYPE, sd("Graph"))
        yield Triple(graph, NamedNode(VOID + "triples"), Literal(str(size), datatype=XSD_INTEGER))


class Executor(Protocol):
    """Answers jobs: `workers.QueryPool` (killable processes) or `ThreadExecutor`."""

    async def run(self, job: Job, timeout: float | None = None) -> Outcome: ...


class ThreadExecutor:
    """Jobs evaluated in this process's thread pool over a `StoreSource`: no time limit.

    For embedders and tests that bring their own store; the served application uses a pool.
    """

    def __init__(self, source: StoreSource) -> None:
        self.source = source

    async def run(self, job: Job, timeout: float | None = None) -> Outcome:
        opened = await run_in_threadpool(self.source.current)
        if job.kind == "sizes":
            sizes = await run_in_threadpool(lambda: opened.graph_sizes)
            return Outcome(200, value={str(name): size for name, size in sizes.items()})
        return await run_in_threadpool(execute, opened.store, job)


def executor_for(source: StoreSource | Executor) -> Executor:
    """An executor as is; a store source wrapped in a `ThreadExecutor`."""
    return source if hasattr(source, "run") else ThreadExecutor(source)  # type: ignore[return-value]


def authorized(request: Request, token: str | None) -> bool:
    """Whether the request carries `Authorization: Bearer <token>` for a configured token."""
    if not token:
        return False
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        credentials.strip().encode(), token.encode()
    )


def refuse_unauthorized(request: Request, writer: StoreWriter | None, token: str | None) -> None:
    """403 unless this server writes and the request carries its token."""
    if writer is None or not token:
        raise ProtocolError(403, READ_ONLY)
    if not authorized(request, token):
        raise ProtocolError(403, TOKEN_NEEDED)


def timed_out(error: QueryTimeout) -> Response:
    """503 for a query that was stopped at the time limit (or found no free worker in time)."""
    return PlainTextResponse(
        f"Query stopped: {error}. Narrow the query (LIMIT, more specific patterns) and retry.\n",
        status_code=503,
        headers={"Vary": "Accept", "Retry-After": "1"},
    )


def outcome_response(outcome: Outcome, media_type: str | None) -> Response:
    """The HTTP response for a worker's outcome; `media_type` overrides the canonical type."""
    headers = {"Vary": "Accept", **outcome.headers}
    if outcome.media_type is not None:
        headers["Content-Type"] = content_type(media_type or outcome.media_type)
    return Response(outcome.body, status_code=outcome.status, headers=headers)


def plain_error(error: ProtocolError) -> Response:
    return PlainTextResponse(
        error.message + "\n", status_code=error.status, headers={"Vary": "Accept"}
    )


class ProtocolResource:
    """What /sparql and /store share: where queries run, the base IRI, limits, the writer, the token."""

    path = "/"

    def __init__(
        self,
        source: StoreSource | Executor,
        *,
        base_iri: str | None = None,
        row_limit: int | None = None,
        writer: StoreWriter | None = None,
        update_token: str | None = None,
        path: str | None = None,
    ) -> None:
        self.executor = executor_for(source)
        self.base_iri = base_iri
        self.row_limit = row_limit
        self.writer = writer
        self.update_token = update_token
        self.path = path or type(self).path


class SparqlEndpoint(ProtocolResource):
    """The `/sparql` resource: queries, updates (with the token), the service description, CORS.

    `source` is an executor (`workers.QueryPool`) or a `StoreSource` (run in threads, no time
    limit). `writer` and `update_token` together enable SPARQL Update; `row_limit` caps results.
    """

    path = "/sparql"

    @property
    def accepts_updates(self) -> bool:
        return self.writer is not None and bool(self.update_token)

    async def handle(self, request: Request) -> Response:
        """Dispatch by method; protocol errors become plain-text responses."""
        if request.method == "OPTIONS":
            return self.preflight()
        accept = request.headers.get("accept")
        try:
            operation = await read_request(request)
            if operation is None:
                return await self.describe(request, accept)
            if isinstance(operation, UpdateRequest):
                return await self.update(request, operation)
            return await self.query(operation, accept)
        except ProtocolError as error:
            return plain_error(error)
        except QueryTimeout as error:
            return timed_out(error)

    async def query(self, operation: Operation, accept: str | None) -> Response:
        """Evaluate a query in the executor; negotiation for both result kinds happens first."""
        keywords = query_keywords(operation.query)
        if "SERVICE" in keywords:
            raise ProtocolError(403, "Federated queries (SERVICE) are not executed by this endpoint.")
        dataset = bool(operation.default_graph_uris or operation.named_graph_uris)
        results = choose_serialization(accept, RESULT_SERIALIZATIONS)
        graph = choose_serialization(accept, GRAPH_SERIALIZATIONS)
        job = Job(
            kind="query",
            query=operation.query,
            base_iri=self.base_iri,
            default_graphs=_graph_names(operation.default_graph_uris) if dataset else None,
            named_graphs=_graph_names(operation.named_graph_uris) if dataset else None,
            use_union="FROM" not in keywords,
            results_media_type=results[1].media_type if results else None,
            graph_media_type=graph[1].media_type if graph else None,
            row_limit=self.row_limit,
            generation=self._generation(),
        )
        outcome = await self.executor.run(job)
        if outcome.status == 406:
            kind = GRAPH_SERIALIZATIONS if outcome.result_kind == "triples" else RESULT_SERIALIZATIONS
            return not_acceptable(accept, kind)
        chosen = graph if outcome.result_kind == "triples" else results
        return outcome_response(outcome, chosen[0] if chosen and outcome.status == 200 else None)

    def _generation(self) -> int:
        path = getattr(self.executor, "path", None)
        return store_generation(path) if path is not None else 0

    async def update(self, request: Request, operation: UpdateRequest) -> Response:
        """Run an authorised SPARQL Update on the read-write store (204 when applied)."""
        refuse_unauthorized(request, self.writer, self.update_token)
        assert self.writer is not None
        keywords = update_keywords(operation.update)
        refused = keywords & {"LOAD", "SERVICE"}
        if refused:
            raise ProtocolError(
                403, f"{' and '.join(sorted(refused))} would make this server fetch URLs: refused."
            )
        using = _graph_names(operation.using_graph_uris)
        using_named = _graph_names(operation.using_named_graph_uris)
        if (using or using_named) and keywords & {"USING", "WITH"}:
            raise ProtocolError(
                400,
                "using-graph-uri / using-named-graph-uri cannot be combined with an update "
                "that has its own USING, USING NAMED or WITH clause.",
            )
        text = clear_silently(with_using(operation.update, using, using_named))
        try:
            await run_in_threadpool(self.writer.update, text, base_iri=self.base_iri)
        except SyntaxError as error:
            raise ProtocolError(400, f"Update syntax error: {error}") from error
        except (RuntimeError, ValueError, OSError) as error:
            raise ProtocolError(400, f"Update evaluation error: {error}") from error
        return Response(status_code=204)

    async def describe(self, request: Request, accept: str | None) -> Response:
        """The service description in the negotiated RDF format, counted on the live store."""
        chosen = choose_serialization(accept, GRAPH_SERIALIZATIONS)
        if chosen is None:
            return not_acceptable(accept, GRAPH_SERIALIZATIONS)
        media_type, serialization = chosen
        outcome = await self.executor.run(Job(kind="sizes", generation=self._generation()))
        if outcome.status != 200:
            return outcome_response(outcome, None)
        endpoint = str(request.url.replace(query="", fragment=""))
        body = serialize(
            service_description(outcome.value, endpoint, update=self.accepts_updates),
            format=serialization.format,
            prefixes={"sd": SD, "void": VOID},
        )
        return Response(body, headers={"Content-Type": content_type(media_type), "Vary": "Accept"})

    @staticmethod
    def preflight() -> Response:
        """Answer a CORS preflight: any origin may GET or POST (direct POSTs need one)."""
        return Response(
            status_code=204,
            headers={
                "Allow": ALLOWED_METHODS,
                "Access-Control-Allow-Methods": ALLOWED_METHODS,
                "Access-Control-Allow-Headers": ALLOWED_HEADERS,
                "Access-Control-Max-Age": "86400",
            },
        )

    def route(self, path: str | None = None) -> Route:
        """This endpoint mounted at `path` (its own by default)."""
        return Route(path or self.path, self.handle, methods=["GET", "POST", "OPTIONS"])

    def routes(self) -> list[Route]:
        """The routes to mount: GET/HEAD/POST and the OPTIONS preflight at the endpoint's path."""
        return [self.route()]


def query_pool(store_path: Path, *, timeout: float = DEFAULT_TIMEOUT, workers: int | None = None) -> QueryPool:
    """The killable query workers (default: 2, or up to 4 with more CPUs) shared by the server."""
    size = workers or max(2, min(4, (os.cpu_count() or 2)))
    return QueryPool(store_path, size=size, timeout=timeout)


def sparql_routes(
    store_path: Path,
    *,
    base_iri: str | None,
    timeout: float = DEFAULT_TIMEOUT,
    row_limit: int | None = DEFAULT_ROW_LIMIT,
    update_token: str | None = None,
    workers: int | None = None,
    pool: QueryPool | None = None,
) -> list[Route]:
    """`/sparql` and `/store` over the store directory, with queries in killable workers.

    Opens the store read-write in this process when `update_token` is set (updates and Graph
    Store writes need it), and starts `workers` query processes (default: 2, or up to 4 with
    more CPUs). Raises OSError when the directory holds no readable store.
    """
    from csto_kg.server.graphstore import GraphStore

    Store.read_only(str(store_path))  # fail before anything listens
    writer = StoreWriter(store_path) if update_token else None
    pool = pool or query_pool(store_path, timeout=timeout, workers=workers)
    endpoint = SparqlEndpoint(
        pool, base_iri=base_iri, row_limit=row_limit, writer=writer, update_token=update_token
    )
    store = GraphStore(
        pool, base_iri=base_iri, row_limit=row_limit, writer=writer, update_token=update_token
    )
    return [*endpoint.routes(), *store.routes()]
