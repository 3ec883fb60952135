"""The SPARQL 1.1 Protocol over the published release: query, update, service description.

One request flows: `read_request` turns GET/POST into an `Operation` (query), an `UpdateRequest`
or a `ProtocolError`; a query becomes a `jobs.Job` that an executor answers already serialised in
the negotiated format (`workers.QueryPool`: sandboxed, killable processes under a time and a row
limit, see that module for the `CSTO-Row-Limit` / `CSTO-Truncated` headers; `ThreadExecutor`:
in-process, for embedders and tests); a bare GET is answered with a SPARQL 1.1 Service Description
built from the live store. Nothing here reads the query text: the worker parses it
(`syntax.py`), refuses SERVICE, and reads FROM off the parse.

The dataset: the default graph is the knowledge graph, each fact once, reconciled across the
articles (`reconcile.py`); every article's claims and their evidence are in its named graph,
reached with GRAPH. A query's own FROM / FROM NAMED, or the protocol's `default-graph-uri` /
`named-graph-uri` parameters (which take precedence), replace that with exactly the graphs they
name.

Updates: refused with 403 unless the server holds an update token and the request carries it as
`Authorization: Bearer <token>` (a token in the URL is refused: URLs end up in logs); then the
update runs in the write worker, which publishes it as a new release (`writes.py`), with
`using-graph-uri` / `using-named-graph-uri` applied as USING / USING NAMED clauses of every
DELETE/INSERT ... WHERE operation (400 if the update has its own USING or WITH); CLEAR of a graph
the store does not hold succeeds; LOAD and SERVICE are refused (they would make the server fetch
URLs). Updates run under the same time limit as queries (`--write-timeout` to give them more).
"""

from __future__ import annotations

import hmac
import logging
import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qsl

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryResultsFormat,
    RdfFormat,
    Store,
    Triple,
    serialize,
)
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from csto_kg.namespaces import RDF, SD, VOID, XSD
from csto_kg.release import Release, ReleaseError
from csto_kg.server.answers import Executor, answer_tag, not_modified
from csto_kg.server.jobs import DEFAULT_GRAPH_KEY, Job, Outcome, default_graph_size, execute, keyed_sizes, named_graph_sizes
from csto_kg.server.negotiation import choose_offer, negotiate
from csto_kg.server.settings import ServeSettings
from csto_kg.server.workers import QueryTimeout
from csto_kg.store import PublishedStore, StoreError, open_published

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
TOKEN_IN_URL = (
    "Send the update token in the Authorization header ('Authorization: Bearer <token>'), never "
    "in the URL: URLs are logged and cached. This request was refused."
)
#: Query parameters that would carry a credential in a URL (RFC 6750 §2.3 names access_token).
TOKEN_PARAMETERS = frozenset({"access_token", "token", "update_token"})



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
    """One opened release plus what is worth remembering about it while it cannot change.

    A release never changes once published, so its per-graph triple counts are computed once
    (lazily: counting a large store takes a while) and dropped with it when the next one is
    published. The reader lock it holds keeps the release on disk while any request uses it.
    """

    def __init__(self, store: Store, release: Release, holder: PublishedStore | None = None) -> None:
        self.store = store
        self.release = release
        self._holder = holder  # its reader lock lives as long as this object

    @cached_property
    def default_graph_size(self) -> int:
        """Triples in the default graph (the knowledge graph)."""
        return default_graph_size(self.store)

    @cached_property
    def graph_sizes(self) -> dict[NamedNode | BlankNode, int]:
        """Triples per named graph, empty graphs included."""
        return named_graph_sizes(self.store)


class StoreSource(Protocol):
    """Where the endpoint gets the store to query; `current()` is called once per request."""

    def current(self) -> OpenedStore: ...


class StoreHandle:
    """The release published at `path` (the store link), reopened when another is published.

    Each request asks `current()` once and uses what it gets for everything it answers (SPARQL,
    resources, pages, dumps), so a request never mixes two versions; a request already running
    keeps its release, whose reader lock keeps it on disk. Reading the link is one system call;
    the release is opened only when the link names another one. If the link cannot be read
    mid-swap, the previous release keeps serving and the next request tries again.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._target = self._read_target()
        opened = open_published(path)
        if opened is None:
            raise StoreError(f"{path}: nothing is published here; run `csto-kg build` first")
        self._opened = OpenedStore(opened.store, opened.release, opened)

    def _read_target(self) -> str:
        """What names the published release: the link's target, or for a plain store directory
        (one written before releases, or swapped in by hand with a rename) its inode."""
        try:
            return os.readlink(self.path)
        except OSError:
            status = os.stat(self.path)
            return f"{status.st_dev}:{status.st_ino}"

    def current(self) -> OpenedStore:
        """The release to use for one request, reopened first if another was published. Cheap
        enough for the event loop: one readlink, and an open only after a publication."""
        with self._lock:
            try:
                target = self._read_target()
                if target != self._target:
                    opened = open_published(self.path)
                    if opened is not None:
                        self._opened, self._target = OpenedStore(opened.store, opened.release, opened), target
                        logger.info("now serving release %s", opened.release.id)
            except (OSError, StoreError, ReleaseError) as error:
                logger.warning("keeping the previous release: cannot open %s: %s", self.path, error)
            return self._opened


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


async def read_request(request: Request, max_query: int | None = None) -> Operation | UpdateRequest | None:
    """The query or update operation a GET or POST carries, or None for a GET without a query.

    Raises ProtocolError for what SPARQL 1.1 Protocol §2.1-2.2 rules out: updates via GET (400),
    a POST body of another media type or charset (415), and anything but exactly one `query` or
    exactly one `update`; and for a query or update longer than `max_query` characters (414 in
    a URL, 413 in a body). Form POSTs also read parameters from the URL (dataset parameters there
    are common), counting `query` / `update` across both.
    """
    operation = await _read_operation(request)
    text = operation.query if isinstance(operation, Operation) else operation.update if operation else ""
    if max_query is not None and len(text) > max_query:
        in_url = request.method in ("GET", "HEAD")
        raise ProtocolError(
            414 if in_url else 413,
            f"The {'query' if isinstance(operation, Operation) else 'update'} is {len(text):,} characters "
            f"long; this server takes at most {max_query:,}.",
        )
    return operation


async def _read_operation(request: Request) -> Operation | UpdateRequest | None:
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

    `sizes` maps each named graph (N-Triples form, as `jobs.graph_sizes` gives it) to its
    number of triples, and the default graph (the knowledge graph) under `DEFAULT_GRAPH_KEY`;
    `update` says whether SPARQL Update is accepted (with the token).
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
    yield Triple(service, sd("defaultDataset"), dataset)
    yield Triple(dataset, RDF_TYPE, sd("Dataset"))
    yield Triple(dataset, sd("defaultGraph"), default_graph)
    yield Triple(default_graph, RDF_TYPE, sd("Graph"))
    if DEFAULT_GRAPH_KEY in sizes:
        yield Triple(default_graph, NamedNode(VOID + "triples"), Literal(str(sizes[DEFAULT_GRAPH_KEY]), datatype=XSD_INTEGER))
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


class ThreadExecutor:
    """Read jobs evaluated in this process's thread pool over a `StoreSource`: no time limit,
    no network sandbox (the parser still refuses SERVICE). For embedders and tests that bring
    their own store; the served application uses `workers.QueryPool`. It runs no writes."""

    def __init__(self, source: StoreSource) -> None:
        self.source = source

    async def run(self, job: Job, timeout: float | None = None) -> Outcome:
        if job.writes:
            return Outcome.error(403, READ_ONLY)
        opened = await run_in_threadpool(self.source.current)
        if job.kind == "sizes":
            sizes = await run_in_threadpool(lambda: keyed_sizes(opened.default_graph_size, opened.graph_sizes))
            return Outcome(200, value=sizes)
        return await run_in_threadpool(execute, opened.store, job)


def authorized(request: Request, token: str | None) -> bool:
    """Whether the request carries `Authorization: Bearer <token>` for a configured token."""
    if not token:
        return False
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        credentials.strip().encode(), token.encode()
    )


def refuse_unauthorized(request: Request, writer: Executor | None, token: str | None) -> None:
    """403 unless this server writes and the request carries its token (in the header only)."""
    if any(name.lower() in TOKEN_PARAMETERS for name, _ in request.query_params.multi_items()):
        raise ProtocolError(400, TOKEN_IN_URL)
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
    """What /sparql and /store share: the store source, where reads and writes run, the settings.

    `source` names the release each request reads; `executor` answers read jobs (a
    `workers.QueryPool`, or in-process threads when None); `writer` (the write worker) and a token
    in `settings` together enable writes.
    """

    path = "/"

    def __init__(
        self,
        source: StoreSource,
        *,
        settings: ServeSettings = ServeSettings(),
        executor: Executor | None = None,
        writer: Executor | None = None,
        path: str | None = None,
    ) -> None:
        self.source = source
        self.settings = settings
        self.executor: Executor = executor or ThreadExecutor(source)
        self.writer = writer
        self.path = path or type(self).path

    @property
    def base_iri(self) -> str:
        return self.settings.base_iri

    @property
    def accepts_updates(self) -> bool:
        return self.writer is not None and bool(self.settings.update_token)

    async def release(self) -> Release:
        """The release this request reads (one per request: every part of an answer agrees).

        Asked on the event loop: `StoreHandle.current` is one readlink, except once after a
        publication (opening the new release, ~20 ms), cheaper than a trip to a thread."""
        return self.source.current().release

    async def write(self, job: Job) -> Outcome:
        """Hand a write to the write worker, waiting for other writers within the write limit."""
        assert self.writer is not None
        limit = self.settings.write_limit
        return await self.writer.run(job, limit)

    def store_link(self) -> str:
        return str(getattr(self.source, "path", ""))


class SparqlEndpoint(ProtocolResource):
    """The `/sparql` resource: queries, updates (with the token), the service description, CORS."""

    path = "/sparql"

    async def handle(self, request: Request) -> Response:
        """Dispatch by method; protocol errors become plain-text responses."""
        if request.method == "OPTIONS":
            return self.preflight()
        accept = request.headers.get("accept")
        try:
            operation = await read_request(request, self.settings.max_query)
            if operation is None:
                return await self.describe(request, accept)
            if isinstance(operation, UpdateRequest):
                return await self.update(request, operation)
            return await self.query(request, operation, accept)
        except ProtocolError as error:
            return plain_error(error)
        except QueryTimeout as error:
            return timed_out(error)

    async def query(self, request: Request, operation: Operation, accept: str | None) -> Response:
        """Evaluate a query in the executor, or give the answer kept for this release (304 when
        the client has it: If-None-Match); negotiation for both result kinds happens first."""
        dataset = bool(operation.default_graph_uris or operation.named_graph_uris)
        results = choose_serialization(accept, RESULT_SERIALIZATIONS)
        graph = choose_serialization(accept, GRAPH_SERIALIZATIONS)
        release = await self.release()
        job = Job(
            kind="query",
            release=str(release.path),
            query=operation.query,
            base_iri=self.base_iri,
            default_graphs=_graph_names(operation.default_graph_uris) if dataset else None,
            named_graphs=_graph_names(operation.named_graph_uris) if dataset else None,
            results_media_type=results[1].media_type if results else None,
            graph_media_type=graph[1].media_type if graph else None,
            row_limit=self.settings.row_limit,
        )
        tag = answer_tag(str(release.path), job)
        if not_modified(request, tag):
            return Response(status_code=304, headers={"ETag": tag, "Vary": "Accept"})
        outcome = await self.executor.run(job)
        if outcome.status == 406:
            kind = GRAPH_SERIALIZATIONS if outcome.result_kind == "triples" else RESULT_SERIALIZATIONS
            return not_acceptable(accept, kind)
        chosen = graph if outcome.result_kind == "triples" else results
        response = outcome_response(outcome, chosen[0] if chosen and outcome.status == 200 else None)
        if outcome.status == 200:
            response.headers["ETag"] = tag
        return response

    async def update(self, request: Request, operation: UpdateRequest) -> Response:
        """Run an authorised SPARQL Update as a new release (204 when published)."""
        refuse_unauthorized(request, self.writer, self.settings.update_token)
        job = Job(
            kind="update",
            query=operation.update,
            base_iri=self.base_iri,
            store_link=self.store_link(),
            wait=max(0.0, self.settings.write_limit - 0.5),
            using_graphs=_graph_names(operation.using_graph_uris),
            using_named_graphs=_graph_names(operation.using_named_graph_uris),
        )
        outcome = await self.write(job)
        return outcome_response(outcome, None) if outcome.status != 204 else Response(status_code=204)

    async def describe(self, request: Request, accept: str | None) -> Response:
        """The service description in the negotiated RDF format, counted on the live store; a
        browser (one that asks for HTML before any RDF) is sent to the query page instead."""
        offers = [*(s.media_type for s in GRAPH_SERIALIZATIONS), "text/html"]
        if negotiate(accept, offers) == "text/html":
            return RedirectResponse("/query", status_code=303, headers={"Vary": "Accept"})
        chosen = choose_serialization(accept, GRAPH_SERIALIZATIONS)
        if chosen is None:
            return not_acceptable(accept, GRAPH_SERIALIZATIONS)
        media_type, serialization = chosen
        release = await self.release()
        outcome = await self.executor.run(Job(kind="sizes", release=str(release.path)))
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


def sparql_routes(
    source: StoreSource,
    settings: ServeSettings,
    *,
    executor: Executor | None = None,
    writer: Executor | None = None,
) -> list[Route]:
    """`/sparql` and `/store` over `source`: reads in `executor`, writes (with a token) in `writer`."""
    from csto_kg.server.graphstore import GraphStore

    endpoint = SparqlEndpoint(source, settings=settings, executor=executor, writer=writer)
    store = GraphStore(source, settings=settings, executor=executor, writer=writer)
    return [*endpoint.routes(), *store.routes()]
