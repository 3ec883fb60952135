"""`/search`: the search box on every page, and the same answers as JSON for programs.

`GET /search?q=لافروف` answers an HTML page of results to a browser and
`{"query": ..., "results": [{"iri", "kind", "label_en", "label_ar", "href"}]}` to a client that
asks for JSON (Accept: application/json, or `format=json`). The index (`csto_kg.search`) is built
once per published release, in a thread, the first time it is searched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from csto_kg.search import MAX_QUERY, SearchIndex
from csto_kg.server.negotiation import negotiate

if TYPE_CHECKING:
    from csto_kg.server.pages import LinkedData


class SearchPage:
    """The search route over the pages' site (its store and its templates)."""

    def __init__(self, pages: LinkedData) -> None:
        self.pages = pages

    def routes(self) -> list[BaseRoute]:
        return [Route("/search", self.search, methods=["GET"])]

    async def search(self, request: Request) -> Response:
        text = request.query_params.get("q", "")
        wants_json = request.query_params.get("format") == "json" or negotiate(
            request.headers.get("accept"), ["text/html", "application/json"]
        ) == "application/json"
        if len(text) > MAX_QUERY:
            message = f"A search is at most {MAX_QUERY} characters."
            if wants_json:
                return JSONResponse({"error": message}, status_code=400)
            body, _ = self.pages.html("search.html", query=text[:MAX_QUERY], results=[], error=message)
            return HTMLResponse(body, status_code=400)
        site = self.pages.site
        opened = await run_in_threadpool(site.opened)
        index = await run_in_threadpool(site.cached, opened, "search", lambda: SearchIndex(opened.store))
        hits = await run_in_threadpool(index.search, text) if text.strip() else []
        results = [{**hit.to_json(), "href": site.link(hit.iri)} for hit in hits]
        if wants_json:
            return JSONResponse({"query": text, "results": results}, headers={"Vary": "Accept"})
        body, _ = self.pages.html("search.html", query=text, results=results, error=None)
        return HTMLResponse(body, headers={"Vary": "Accept"})
