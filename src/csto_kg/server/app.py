"""The web application: `/sparql` and `/health` over the published store, and `serve()`.

Routes are composed here and nowhere else; what each one does lives in its own module
(`sparql.py` for the protocol, `negotiation.py` for Accept). The store is reached only through a
`StoreHandle`, so a build that swaps in a new store directory is picked up without a restart.
"""

from __future__ import annotations

from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from csto_kg.server.sparql import SparqlEndpoint, StoreHandle, StoreSource

DEFAULT_BASE_IRI = "https://w3id.org/csto-kg/"


class PublicCors:
    """Mark every response readable by scripts from any origin.

    The data is public and the server read-only, so there is nothing to protect with an origin
    list, and the header is added even without an Origin header so that caches hold one variant.
    Preflight requests are answered by the endpoints themselves (they know their methods).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Access-Control-Allow-Origin"] = "*"
                headers["Access-Control-Expose-Headers"] = "Link, Content-Location"
            await send(message)

        await self.app(scope, receive, send_with_cors)


def health_route(source: StoreSource) -> Route:
    """`/health`: 200 with the number of triples once the store answers."""

    async def health(request: Request) -> Response:
        opened = await run_in_threadpool(source.current)
        sizes = await run_in_threadpool(lambda: opened.graph_sizes)
        return JSONResponse({"status": "ok", "triples": sum(sizes.values())})

    return Route("/health", health, methods=["GET"])


def build_app(source: StoreSource, *, base_iri: str = DEFAULT_BASE_IRI) -> Starlette:
    """The application over any store source (tests and embedders pass their own)."""
    return Starlette(
        routes=[SparqlEndpoint(source, base_iri=base_iri).route("/sparql"), health_route(source)],
        middleware=[Middleware(PublicCors)],
    )


def create_app(store_path: Path, *, base_iri: str = DEFAULT_BASE_IRI) -> Starlette:
    """The application over the pyoxigraph store directory at `store_path`, opened read-only.

    `base_iri` resolves relative IRIs in queries, so `<id/state/russia>` names our resource.
    Raises OSError when the directory holds no readable store, before anything listens.
    """
    return build_app(StoreHandle(store_path), base_iri=base_iri)


def serve(store_path: Path, host: str, port: int, base_iri: str) -> None:
    """Serve the store over HTTP until interrupted."""
    uvicorn.run(create_app(store_path, base_iri=base_iri), host=host, port=port)
