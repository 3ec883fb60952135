"""The web application: `/sparql` and `/health` over the published store, and `serve()`.

Routes are composed here and nowhere else; what each one does lives in its own module
(`sparql.py` for the protocol, `negotiation.py` for Accept). The store is reached only through a
`StoreHandle`, so a build that swaps in a new store directory is picked up without a restart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from csto_kg.config import DEFAULT_BASE
from csto_kg.server.pages import default_dist, linked_data_routes
from csto_kg.server.sparql import (
    DEFAULT_ROW_LIMIT,
    DEFAULT_TIMEOUT,
    SparqlEndpoint,
    StoreHandle,
    StoreSource,
    query_pool,
    sparql_routes,
)

DEFAULT_BASE_IRI = DEFAULT_BASE


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
                headers["Access-Control-Expose-Headers"] = "Link, Content-Location, ETag, CSTO-Row-Limit, CSTO-Truncated"
            await send(message)

        await self.app(scope, receive, send_with_cors)


def health_route(source: StoreSource) -> Route:
    """`/health`: 200 with the number of triples once the store answers."""

    async def health(request: Request) -> Response:
        opened = await run_in_threadpool(source.current)
        sizes = await run_in_threadpool(lambda: opened.graph_sizes)
        return JSONResponse({"status": "ok", "triples": sum(sizes.values())})

    return Route("/health", health, methods=["GET"])


def build_app(
    source: StoreSource,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    protocol_routes: list[Route] | None = None,
    dist_path: Path | None = None,
    query_executor: Any = None,
) -> Starlette:
    """The application over any store source (tests and embedders pass their own).

    `protocol_routes` (`/sparql`, `/store` from `sparql_routes`) replace the default in-process
    `/sparql`, which runs queries in threads without a time limit.
    """
    if protocol_routes is None:
        protocol_routes = [SparqlEndpoint(source, base_iri=base_iri).route("/sparql")]
    pages = linked_data_routes(source, base_iri=base_iri, dist_path=dist_path, executor=query_executor)
    return Starlette(
        routes=[*protocol_routes, health_route(source), *pages],
        middleware=[Middleware(PublicCors)],
    )


def create_app(
    store_path: Path,
    *,
    base_iri: str = DEFAULT_BASE_IRI,
    timeout: float = DEFAULT_TIMEOUT,
    row_limit: int | None = DEFAULT_ROW_LIMIT,
    update_token: str | None = None,
    workers: int | None = None,
    dist_path: Path | None = None,
) -> Starlette:
    """The application over the pyoxigraph store directory at `store_path`, opened read-only.

    `dist_path` is the folder of dumps served at `/dumps/` (default: `dist` next to the store,
    else the configured one); the HTML pages and `/id/...` resources need only the store.

    `base_iri` resolves relative IRIs in queries, so `<id/state/russia>` names our resource.
    Raises OSError when the directory holds no readable store, before anything listens.
    Queries run in `workers` killable processes under `timeout` seconds and `row_limit` rows;
    with `update_token`, SPARQL Update and Graph Store writes are accepted from requests that
    carry it (see `sparql.sparql_routes`).
    """
    pool = query_pool(store_path, timeout=timeout, workers=workers)
    routes = sparql_routes(
        store_path,
        base_iri=base_iri,
        timeout=timeout,
        row_limit=row_limit,
        update_token=update_token,
        workers=workers,
        pool=pool,
    )
    return build_app(
        StoreHandle(store_path),
        base_iri=base_iri,
        protocol_routes=routes,
        dist_path=dist_path if dist_path is not None else default_dist(store_path),
        query_executor=pool,
    )


def serve(
    store_path: Path,
    host: str,
    port: int,
    base_iri: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    row_limit: int | None = DEFAULT_ROW_LIMIT,
    update_token: str | None = None,
    dist_path: Path | None = None,
    access_log: bool = False,
) -> None:
    """Serve the store over HTTP until interrupted.

    uvicorn runs on uvloop with the httptools parser (its pure-Python defaults cost more than
    the queries on lookups) and without an access log unless asked: at a thousand requests a
    second the log line alone is 8% of the event loop.
    """
    app = create_app(
        store_path,
        dist_path=dist_path,
        base_iri=base_iri,
        timeout=timeout,
        row_limit=row_limit,
        update_token=update_token,
    )
    uvicorn.run(app, host=host, port=port, loop="uvloop", http="httptools", access_log=access_log)
