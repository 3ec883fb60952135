"""The SPARQL 1.1 Protocol (query operation only) over a read-only pyoxigraph store.

One request flows: `read_operation` turns GET/POST into an `Operation` or a `ProtocolError`;
`answer_query` runs it on the current store (in a worker thread: pyoxigraph releases the GIL, so a
slow query does not stall the others) and serialises the result in the negotiated format;
`describe_service` answers a bare GET with a SPARQL 1.1 Service Description.

The dataset: data lives in named graphs only, so a query that says nothing about its dataset sees
the union of all named graphs as its default graph. A query's own FROM / FROM NAMED, or the
protocol's `default-graph-uri` / `named-graph-uri` parameters (which take precedence), replace
that with exactly the graphs they name.
"""

from __future__ import annotations

import logging
import os
import re
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
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
    serialize,
)
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from csto_kg.server.negotiation import negotiate

logger = logging.getLogger(__name__)

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
W3C_FORMATS = "http://www.w3.org/ns/formats/"
XSD_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")

ALLOWED_METHODS = "GET, POST, OPTIONS"
FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
READ_ONLY = "This endpoint is read-only: SPARQL Update is not accepted."


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
    serializations = tuple(serializations)
    by_media_type: dict[str, Serialization] = {}
    for serialization in serializations:
        by_media_type.setdefault(serialization.media_type, serialization)
    for serialization in serializations:
        for alias in serialization.aliases:
            by_media_type.setdefault(alias, serialization)
    media_type = negotiate(accept, list(by_media_type))
    return None if media_type is None else (media_type, by_media_type[media_type])


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
    directory undefined, so writers must build elsewhere and swap.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._identity = _identity(path)
        self._opened = OpenedStore(Store.read_only(str(path)))

    def current(self) -> OpenedStore:
        """The store to use for one request, reopened first if the directory changed."""
        with self._lock:
            try:
                identity = _identity(self.path)
                if identity != self._identity:
                    self._opened = OpenedStore(Store.read_only(str(self.path)))
                    self._identity = identity
                    logger.info("reopened store %s", self.path)
            except OSError as error:
                logger.warning("keeping the previous store: cannot reopen %s: %s", self.path, error)
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


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").partition(";")[0].strip().lower()


async def read_operation(request: Request) -> Operation | None:
    """The query operation a GET or POST carries, or None for a GET without a query.

    Raises ProtocolError for what SPARQL 1.1 Protocol §2.1 rules out: updates (400 via GET,
    where they are never allowed; 403 via POST, since this endpoint is read-only), a POST body of
    another media type (415), and anything but exactly one `query`.
    """
    if request.method in ("GET", "HEAD"):
        parameters = request.query_params.multi_items()
        if any(name == "update" for name, _ in parameters):
            raise ProtocolError(400, "SPARQL Update is never accepted via GET. " + READ_ONLY)
        if not any(name == "query" for name, _ in parameters):
            return None
        return _operation(parameters)
    media_type = _media_type(request)
    if media_type == SPARQL_UPDATE:
        raise ProtocolError(403, READ_ONLY)
    body = await request.body()
    if media_type == FORM:
        try:
            parameters = parse_qsl(body.decode("utf-8"), keep_blank_values=True, errors="strict")
        except (UnicodeDecodeError, ValueError) as error:
            raise ProtocolError(400, f"The form body is not UTF-8 URL-encoded: {error}") from error
        if any(name == "update" for name, _ in parameters):
            raise ProtocolError(403, READ_ONLY)
        return _operation(parameters)
    if media_type == SPARQL_QUERY:
        parameters = request.query_params.multi_items()
        if any(name in ("query", "update") for name, _ in parameters):
            raise ProtocolError(
                400, "A POSTed application/sparql-query takes no query or update parameter."
            )
        try:
            query = body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ProtocolError(400, f"The query is not UTF-8: {error}") from error
        return _operation([("query", query), *parameters])
    raise ProtocolError(
        415,
        f"Unsupported Media Type {media_type or '(none)'}: "
        f"POST a query as {FORM} or {SPARQL_QUERY}.",
    )


def _operation(parameters: list[tuple[str, str]]) -> Operation:
    queries = [value for name, value in parameters if name == "query"]
    if len(queries) != 1:
        raise ProtocolError(400, f"Expected exactly one query parameter, got {len(queries)}.")
    def values(parameter: str) -> tuple[str, ...]:
        return tuple(value for name, value in parameters if name == parameter)

    return Operation(
        query=queries[0],
        default_graph_uris=values("default-graph-uri"),
        named_graph_uris=values("named-graph-uri"),
    )


# Text in which a keyword cannot occur: comments, strings, IRIs and prefixed names. Matched in one
# left-to-right pass, so a '#' inside a string or a quote inside an IRI is consumed correctly.
_OPAQUE = re.compile(
    r"""
      \#[^\n\r]*
    | '''(?:[^'\\]|\\.|'(?!''))*'''
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    | '(?:[^'\\\n\r]|\\.)*'
    | "(?:[^"\\\n\r]|\\.)*"
    | <[^<>"{}|^`\\\x00-\x20]*>
    | (?:[^\W\d_][\w.\-]*)?:(?:[\w.\-:%]|\\.)*
    """,
    re.VERBOSE,
)
_KEYWORD = re.compile(r"(?<![\w?$])(FROM|SERVICE)(?!\w)", re.IGNORECASE)


def query_keywords(query: str) -> set[str]:
    """The dataset and federation keywords (FROM, SERVICE) a query uses, upper-cased.

    pyoxigraph exposes no parsed query, and its `use_default_graph_as_union` silently overrides
    a query's own FROM clauses; SERVICE would make the server fetch any URL a client names.
    A lexical scan that skips comments, strings, IRIs and prefixed names finds both keywords
    wherever the grammar allows them, and only there.
    """
    return {match.upper() for match in _KEYWORD.findall(_OPAQUE.sub(" ", query))}


def _graph_names(uris: Iterable[str]) -> list[NamedNode]:
    try:
        return [NamedNode(uri) for uri in uris]
    except ValueError as error:
        raise ProtocolError(400, f"Invalid graph IRI: {error}") from error


def evaluate(
    store: Store, operation: Operation, *, base_iri: str | None = None
) -> QuerySolutions | QueryBoolean | QueryTriples:
    """Run the query on the dataset the protocol parameters, the query or our default name."""
    keywords = query_keywords(operation.query)
    if "SERVICE" in keywords:
        raise ProtocolError(403, "Federated queries (SERVICE) are not executed by this endpoint.")
    try:
        if operation.default_graph_uris or operation.named_graph_uris:
            return store.query(
                operation.query,
                base_iri=base_iri,
                default_graph=_graph_names(operation.default_graph_uris),
                named_graphs=_graph_names(operation.named_graph_uris),
            )
        return store.query(
            operation.query, base_iri=base_iri, use_default_graph_as_union="FROM" not in keywords
        )
    except SyntaxError as error:
        raise ProtocolError(400, f"Query syntax error: {error}") from error
    except RuntimeError as error:
        raise ProtocolError(400, f"Query evaluation error: {error}") from error


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


def answer_query(
    opened: OpenedStore, operation: Operation, accept: str | None, *, base_iri: str | None = None
) -> Response:
    """Evaluate and serialise in one go; blocking, so callers run it in a worker thread.

    The result kind (solutions, boolean or triples) is only known after parsing, so negotiation
    happens here. Serialisation drives pyoxigraph's lazy evaluation, so evaluation errors may
    surface there and are answered like those raised by `query()`.
    """
    result = evaluate(opened.store, operation, base_iri=base_iri)
    serializations = (
        GRAPH_SERIALIZATIONS if isinstance(result, QueryTriples) else RESULT_SERIALIZATIONS
    )
    chosen = choose_serialization(accept, serializations)
    if chosen is None:
        return not_acceptable(accept, serializations)
    media_type, serialization = chosen
    try:
        body = result.serialize(format=serialization.format)
    except RuntimeError as error:
        raise ProtocolError(400, f"Query evaluation error: {error}") from error
    return Response(body, headers={"Content-Type": content_type(media_type), "Vary": "Accept"})


def service_description(opened: OpenedStore, endpoint: str) -> Iterator[Triple]:
    """A SPARQL 1.1 Service Description claiming only what this endpoint does."""

    def sd(name: str) -> NamedNode:
        return NamedNode(SD + name)

    service, dataset, default_graph = BlankNode(), BlankNode(), BlankNode()
    yield Triple(service, RDF_TYPE, sd("Service"))
    yield Triple(service, sd("endpoint"), NamedNode(endpoint))
    yield Triple(service, sd("supportedLanguage"), sd("SPARQL11Query"))
    for serialization in (*RESULT_SERIALIZATIONS, *GRAPH_SERIALIZATIONS):
        yield Triple(service, sd("resultFormat"), NamedNode(serialization.iri))
    yield Triple(service, sd("feature"), sd("UnionDefaultGraph"))
    yield Triple(service, sd("defaultDataset"), dataset)
    yield Triple(dataset, RDF_TYPE, sd("Dataset"))
    yield Triple(dataset, sd("defaultGraph"), default_graph)
    yield Triple(default_graph, RDF_TYPE, sd("Graph"))
    for name, size in sorted(opened.graph_sizes.items(), key=lambda item: str(item[0])):
        named_graph, graph = BlankNode(), BlankNode()
        yield Triple(dataset, sd("namedGraph"), named_graph)
        yield Triple(named_graph, RDF_TYPE, sd("NamedGraph"))
        yield Triple(named_graph, sd("name"), name)
        yield Triple(named_graph, sd("graph"), graph)
        yield Triple(graph, RDF_TYPE, sd("Graph"))
        yield Triple(graph, NamedNode(VOID + "triples"), Literal(str(size), datatype=XSD_INTEGER))


def describe_service(opened: OpenedStore, endpoint: str, accept: str | None) -> Response:
    """The service description in the negotiated RDF format; blocking (it may count the store)."""
    chosen = choose_serialization(accept, GRAPH_SERIALIZATIONS)
    if chosen is None:
        return not_acceptable(accept, GRAPH_SERIALIZATIONS)
    media_type, serialization = chosen
    body = serialize(
        service_description(opened, endpoint),
        format=serialization.format,
        prefixes={"sd": SD, "void": VOID},
    )
    return Response(body, headers={"Content-Type": content_type(media_type), "Vary": "Accept"})


class SparqlEndpoint:
    """The `/sparql` resource: query operations, the service description and CORS preflight."""

    def __init__(self, source: StoreSource, *, base_iri: str | None = None) -> None:
        self.source = source
        self.base_iri = base_iri

    async def handle(self, request: Request) -> Response:
        """Dispatch by method; protocol errors become plain-text responses."""
        if request.method == "OPTIONS":
            return self.preflight()
        accept = request.headers.get("accept")
        try:
            operation = await read_operation(request)
            opened = await run_in_threadpool(self.source.current)
            if operation is None:
                endpoint = str(request.url.replace(query="", fragment=""))
                return await run_in_threadpool(describe_service, opened, endpoint, accept)
            return await run_in_threadpool(
                answer_query, opened, operation, accept, base_iri=self.base_iri
            )
        except ProtocolError as error:
            return PlainTextResponse(
                error.message + "\n", status_code=error.status, headers={"Vary": "Accept"}
            )

    @staticmethod
    def preflight() -> Response:
        """Answer a CORS preflight: any origin may GET or POST queries."""
        return Response(
            status_code=204,
            headers={
                "Allow": ALLOWED_METHODS,
                "Access-Control-Allow-Methods": ALLOWED_METHODS,
                "Access-Control-Allow-Headers": "Content-Type, Accept",
                "Access-Control-Max-Age": "86400",
            },
        )

    def route(self, path: str = "/sparql") -> Route:
        """This endpoint mounted at `path`."""
        return Route(path, self.handle, methods=["GET", "POST", "OPTIONS"])
