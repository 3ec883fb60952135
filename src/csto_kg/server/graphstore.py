"""The SPARQL 1.1 Graph Store HTTP Protocol at `/store`, with indirect graph identification.

`/store?graph=<IRI>` names a named graph, `/store?default` the store's own default graph (empty
in a published build: its data lives in named graphs; SPARQL queries see the union of all graphs).

* GET / HEAD: the graph in the negotiated RDF format (Turtle, N-Triples, RDF/XML, JSON-LD), read
  by the query workers under the same time and row limits as queries (`CSTO-Row-Limit`,
  `CSTO-Truncated`); 404 for a named graph the store does not hold. Always allowed.
* PUT (replace), POST (merge), DELETE: only when the server was started with an update token and
  the request carries it (`Authorization: Bearer <token>`), 403 otherwise. PUT and POST answer
  201 when they created the graph and 204 otherwise; the payload is Turtle, N-Triples, RDF/XML,
  JSON-LD or N3 (415 for anything else, 400 when it does not parse) and is applied in one
  transaction. DELETE answers 204, or 404 for a named graph that does not exist.

Direct graph identification (a graph per URL under /store) and POST to the store itself (a graph
named by the server) are not offered: requests without `graph` or `default` get 400.
"""

from __future__ import annotations

from pyoxigraph import NamedNode, RdfFormat, Store, parse, serialize
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from csto_kg.server.sparql import (
    ALLOWED_HEADERS,
    GRAPH_SERIALIZATIONS,
    ProtocolError,
    ProtocolResource,
    choose_serialization,
    not_acceptable,
    outcome_response,
    plain_error,
    refuse_unauthorized,
    timed_out,
)
from csto_kg.server.workers import Job, QueryTimeout, store_generation

STORE_METHODS = "GET, HEAD, PUT, POST, DELETE, OPTIONS"
PAYLOAD_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml",
                 "application/ld+json", "text/n3")


class GraphStore(ProtocolResource):
    """The `/store` resource over an executor (reads) and an optional writer (writes)."""

    path = "/store"

    async def handle(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return self.preflight()
        try:
            graph = self.target(request)
            if request.method in ("GET", "HEAD"):
                return await self.get(request, graph)
            refuse_unauthorized(request, self.writer, self.update_token)
            if request.method == "DELETE":
                return await self.delete(graph)
            return await self.put_or_post(request, graph, replace=request.method == "PUT")
        except ProtocolError as error:
            return plain_error(error)
        except QueryTimeout as error:
            return timed_out(error)

    @staticmethod
    def target(request: Request) -> str | None:
        """The graph IRI a request names (`?graph=`), or None for `?default`."""
        parameters = request.query_params.multi_items()
        graphs = [value for name, value in parameters if name == "graph"]
        default = any(name == "default" for name, _ in parameters)
        if len(graphs) + default != 1:
            raise ProtocolError(
                400, "Name exactly one graph: ?graph=<absolute IRI> or ?default."
            )
        if default:
            return None
        try:
            return NamedNode(graphs[0]).value
        except ValueError as error:
            raise ProtocolError(400, f"Invalid graph IRI: {error}") from error

    async def get(self, request: Request, graph: str | None) -> Response:
        accept = request.headers.get("accept")
        chosen = choose_serialization(accept, GRAPH_SERIALIZATIONS)
        if chosen is None:
            return not_acceptable(accept, GRAPH_SERIALIZATIONS)
        media_type, serialization = chosen
        path = getattr(self.executor, "path", None)
        job = Job(
            kind="graph",
            graph=graph,
            graph_media_type=serialization.media_type,
            row_limit=self.row_limit,
            generation=store_generation(path) if path is not None else 0,
        )
        outcome = await self.executor.run(job)
        return outcome_response(outcome, media_type if outcome.status == 200 else None)

    async def delete(self, graph: str | None) -> Response:
        assert self.writer is not None

        def drop(store: Store) -> bool:
            if graph is None:
                store.update("CLEAR DEFAULT")
                return True
            if not store.contains_named_graph(NamedNode(graph)):
                return False
            store.update(f"DROP GRAPH <{graph}>")
            return True

        if not await run_in_threadpool(self.writer.write, drop):
            raise ProtocolError(404, f"No graph <{graph}> in this store.")
        return Response(status_code=204)

    async def put_or_post(self, request: Request, graph: str | None, *, replace: bool) -> Response:
        """Parse the payload fully, then replace or merge the graph in one update."""
        assert self.writer is not None
        media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
        format = RdfFormat.from_media_type(media_type) if media_type in PAYLOAD_TYPES else None
        if format is None:
            raise ProtocolError(
                415, f"Unsupported Media Type {media_type or '(none)'}: send one of "
                + ", ".join(PAYLOAD_TYPES) + "."
            )
        body = await request.body()
        base = graph or self.base_iri
        try:
            triples = [
                quad.triple
                for quad in parse(body, format, base_iri=base, without_named_graphs=True)
            ]
        except (SyntaxError, ValueError) as error:
            raise ProtocolError(400, f"The {media_type} payload does not parse: {error}") from error
        data = (serialize(triples, format=RdfFormat.N_TRIPLES) or b"").decode("utf-8")
        target = f"GRAPH <{graph}> {{ {data} }}" if graph else data
        operations = []
        if replace:
            operations.append(f"CLEAR SILENT GRAPH <{graph}>" if graph else "CLEAR SILENT DEFAULT")
        if graph:
            operations.append(f"CREATE SILENT GRAPH <{graph}>")
        if triples:
            operations.append(f"INSERT DATA {{ {target} }}")

        def apply(store: Store) -> bool:
            existed = graph is None or store.contains_named_graph(NamedNode(graph))
            if operations:
                store.update(" ;\n".join(operations))
            return existed

        try:
            existed = await run_in_threadpool(self.writer.write, apply)
        except (SyntaxError, RuntimeError, OSError) as error:
            raise ProtocolError(400, f"The payload could not be stored: {error}") from error
        return Response(status_code=204 if existed else 201)

    @staticmethod
    def preflight() -> Response:
        return Response(
            status_code=204,
            headers={
                "Allow": STORE_METHODS,
                "Access-Control-Allow-Methods": STORE_METHODS,
                "Access-Control-Allow-Headers": ALLOWED_HEADERS,
                "Access-Control-Max-Age": "86400",
            },
        )

    def routes(self) -> list[Route]:
        """`/store` with every Graph Store method and the OPTIONS preflight."""
        methods = ["GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS"]
        return [Route(self.path, self.handle, methods=methods)]
