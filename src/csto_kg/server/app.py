"""The web application: every route, the middleware and the worker pools, composed in one place.

Routes live in their own modules (`sparql.py`, `graphstore.py` for the protocols, `pages.py` for
linked data and HTML); this module puts them in one route table, wraps them in the middleware
that every request meets (request limits, then CORS), and starts and stops the worker pools with
the application's lifespan. The store is reached only through a `StoreHandle`, so a release
published by a build, an add or a write is picked up without a restart.
"""

from __future__ import annotations

import contextlib
import logging
import math
import re
from pathlib import Path
from typing import AsyncIterator

import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from csto_kg.remote import Endpoint
from csto_kg.server.answers import AnswerCache, CachingExecutor, Executor
from csto_kg.server.pages import linked_data_routes
from csto_kg.server.settings import ServeSettings
from csto_kg.server.sparql import StoreHandle, StoreSource, sparql_routes
from csto_kg.server.workers import QueryPool


class PublicCors:
    """Mark every response readable by scripts from any origin.

    The data is public, so there is nothing to protect with an origin list (writes need a bearer
    token, which browsers never send on their own), and the header is added even without an
    Origin header so that caches hold one variant. Preflight requests are answered by the
    endpoints themselves (they know their methods).
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


class RequestLimits:
    """Bound what one request can make the server hold: the URL and the body.

    A URL whose query string is longer than three times `max_query` (a query fully
    percent-encoded) plus room for parameters is refused with 414 before it is parsed; a body
    longer than `max_body` with 413, from its Content-Length before a byte is read, or as soon as
    a chunked body passes the limit. A body within the limit is read here and handed on whole.
    """

    def __init__(self, app: ASGIApp, max_body: int, max_query: int) -> None:
        self.app = app
        self.max_body = max_body
        self.max_url = 3 * max_query + 4096

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope.get("query_string", b"")) + len(scope.get("raw_path") or b"") > self.max_url:
            await self._refuse(scope, receive, send, 414, f"The URL is longer than this server takes ({self.max_url:,} bytes). POST the query instead.")
            return
        declared = dict(scope.get("headers", ())).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            await self._refuse(scope, receive, send, 413, f"The request body is larger than this server takes ({self.max_body:,} bytes).")
            return
        if scope.get("method") in ("POST", "PUT", "PATCH"):
            body = await self._read(receive)
            if body is None:
                await self._refuse(scope, receive, send, 413, f"The request body is larger than this server takes ({self.max_body:,} bytes).")
                return
            receive = _replay(body, receive)
        await self.app(scope, receive, send)

    async def _read(self, receive: Receive) -> bytes | None:
        """The whole body, or None as soon as it passes the limit."""
        parts, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return b"".join(parts)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return None
            parts.append(chunk)
            if not message.get("more_body", False):
                return b"".join(parts)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
        response = PlainTextResponse(message + "\n", status_code=status, headers={"Connection": "close"})
        await response(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body read already, then whatever the connection says next (a disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


class RedactTokens(logging.Filter):
    """Access-log lines never show a credential someone put in a URL (such requests are refused,
    but uvicorn logs the request line before anyone answers it)."""

    PATTERN = re.compile(r"((?:access_token|token|update_token)=)[^&\s\"]*", re.IGNORECASE)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args and isinstance(record.args, tuple):
            record.args = tuple(self.PATTERN.sub(r"\1[redacted]", a) if isinstance(a, str) else a for a in record.args)
        return True


def health_route(source: StoreSource) -> Route:
    """`/health`: 200 with the published release and its size once the store answers."""

    async def health(request: Request) -> Response:
        opened = await run_in_threadpool(source.current)
        sizes = await run_in_threadpool(lambda: opened.graph_sizes)
        return JSONResponse({"status": "ok", "release": opened.release.id, "quads": sum(sizes.values())})

    return Route("/health", health, methods=["GET"])


def build_app(
    source: StoreSource,
    settings: ServeSettings = ServeSettings(),
    *,
    executor: Executor | None = None,
    writer: Executor | None = None,
    pools: tuple[QueryPool, ...] = (),
) -> Starlette:
    """The application over any store source (tests and embedders pass their own).

    `executor` answers read jobs (None: in this process's threads, no time limit, no sandbox);
    `writer` runs writes (None: read-only). `pools` are stopped when the application stops.
    """

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            for pool in pools:
                pool.close()

    if executor is not None and settings.answer_cache:
        # Answers of a published release never change: every read (queries, lookups) asked again
        # is served from memory (answers.py), in front of the workers.
        executor = CachingExecutor(executor, AnswerCache(settings.answer_cache))
    routes = [
        *sparql_routes(source, settings, executor=executor, writer=writer),
        health_route(source),
        *linked_data_routes(source, base_iri=settings.base_iri, executor=executor),
    ]
    return Starlette(
        routes=routes,
        middleware=[
            Middleware(RequestLimits, max_body=settings.max_body, max_query=settings.max_query),
            Middleware(PublicCors),
        ],
        lifespan=lifespan,
    )


def create_app(store_path: Path, settings: ServeSettings = ServeSettings()) -> Starlette:
    """The application over the store published at `store_path`, with its worker pools.

    Raises StoreError when nothing is published there, before anything listens. Queries run in
    `settings.query_workers` sandboxed processes; with an update token, writes run in one more.
    """
    source = StoreHandle(store_path)
    queries = QueryPool(
        size=settings.query_workers,
        timeout=settings.timeout,
        slow_after=settings.slow_after,
        reserved=settings.reserved,
        max_memory=settings.worker_memory,
        memory_triples=settings.memory_graph,
    )
    writes = None
    if settings.update_token:
        writes = QueryPool(size=1, timeout=settings.write_limit, slow_after=math.inf, max_memory=settings.worker_memory, name="write")
    pools = (queries,) if writes is None else (queries, writes)
    app = build_app(source, settings, executor=queries, writer=writes, pools=pools)
    app.state.pools = pools
    return app


def create_endpoint_app(endpoint: Endpoint, settings: ServeSettings, *, dumps: Path | None, scratch: Path) -> Starlette:
    """The same site over an external SPARQL endpoint that `csto-kg push` filled
    (`remote_store.py`). Queries are relayed in threads (the endpoint does the work, so there is
    nothing to sandbox or kill here): each is abandoned at `settings.timeout` (503) and its rows
    are cut at `settings.row_limit`, as the embedded store's would be. The site's own reads use
    the endpoint's timeout. Read-only."""
    from csto_kg.server.remote_store import EndpointExecutor, EndpointSource

    source = EndpointSource(endpoint, settings.base_iri, dumps, scratch)
    return build_app(source, settings, executor=EndpointExecutor(source, settings.timeout))


def serve(store_path: Path, host: str, port: int, settings: ServeSettings, *, access_log: bool = False, app: Starlette | None = None) -> None:
    """Serve the store over HTTP until interrupted.

    uvicorn runs on uvloop with the httptools parser (its pure-Python defaults cost more than
    the queries on lookups) and without an access log unless asked: at a thousand requests a
    second the log line alone is 8% of the event loop.
    """
    app = app or create_app(store_path, settings)
    logging.getLogger("uvicorn.access").addFilter(RedactTokens())
    uvicorn.run(app, host=host, port=port, loop="uvloop", http="httptools", access_log=access_log)

