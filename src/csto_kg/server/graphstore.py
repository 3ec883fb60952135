"""The SPARQL 1.1 Graph Store HTTP Protocol at `/store`, with indirect graph identification.

`/store?graph=<IRI>` names a named graph (an article's claims, the reference data, the ontology),
`/store?default` the default graph: the knowledge graph, every fact once, which SPARQL queries see.

* GET / HEAD: the graph in the negotiated RDF format (Turtle, N-Triples, RDF/XML, JSON-LD), read
  by the query workers under the same time and row limits as queries (`CSTO-Row-Limit`,
  `CSTO-Truncated`); 404 for a named graph the store does not hold. Always allowed.
* PUT (replace), POST (merge), DELETE: only when the server was started with an update token and
  the request carries it (`Authorization: Bearer <token>`), 403 otherwise. PUT and POST answer
  201 when they created the graph and 204 otherwise; the payload is Turtle, N-Triples, RDF/XML,
  JSON-LD or N3 (415 for anything else, 400 when it does not parse). DELETE answers 204, or 404
  for a named graph that does not exist. Each write runs in the write worker and is published as
  a new release, like a SPARQL Update (`writes.py`).

Direct graph identification (a graph per URL under /store) and POST to the store itself (a graph
named by the server) are not offered: requests without `graph` or `default` get 400.
"""

from __future__ import annotations

from pyoxigraph import NamedNode
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from csto_kg.server.jobs import Job, Outcome
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
from csto_kg.server.workers import QueryTimeout

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
            refuse_unauthorized(request, self.writer, self.settings.update_token)
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
        release = await self.release()
        job = Job(
            kind="graph",
            release=str(release.path),
            graph=graph,
            graph_media_type=serialization.media_type,
            row_limit=self.settings.row_limit,
        )
        outcome = await self.executor.run(job)
        return outcome_response(outcome, media_type if outcome.status == 200 else None)

    async def delete(self, graph: str | None) -> Response:
        return self._answer(await self.write(self._write_job("DELETE", graph)))

    async def put_or_post(self, request: Request, graph: str | None, *, replace: bool) -> Response:
        """Replace or merge the graph with the payload (parsed and applied in the write worker)."""
        media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
        if media_type not in PAYLOAD_TYPES:
            raise ProtocolError(
                415, f"Unsupported Media Type {media_type or '(none)'}: send one of "
                + ", ".join(PAYLOAD_TYPES) + "."
            )
        job = self._write_job("PUT" if replace else "POST", graph, await request.body(), media_type)
        return self._answer(await self.write(job))

    def _write_job(self, method: str, graph: str | None, payload: bytes = b"", payload_type: str = "") -> Job:
        return Job(
            kind="graph-write",
            method=method,
            graph=graph,
            payload=payload,
            payload_type=payload_type,
            base_iri=self.base_iri,
            store_link=self.store_link(),
            wait=max(0.0, self.settings.write_limit - 0.5),
        )

    @staticmethod
    def _answer(outcome: Outcome) -> Response:
        return Response(status_code=outcome.status) if outcome.status in (201, 204) else outcome_response(outcome, None)

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
