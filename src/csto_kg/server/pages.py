"""The linked-data routes and the HTML pages people read.

Routes (composed into the app by `app.py`):

    /                          home: the dataset's figures and the named queries
    /id/{path}                 every minted resource (HTML, Turtle, JSON-LD, N-Triples, RDF/XML)
    /graph/{path}              a named graph (an article's graph, the ontology, the reference data)
    /ontology                  the ontology: HTML documentation or the ontology by negotiation
    /class/{LocalName}         the instances of a class, paged (?page=N&size=M)
    /query                     a query form that works without JavaScript; ?name= runs a named query
    /.well-known/void, /dataset  the VoID description computed from the store
    /dumps/, /dumps/{file}     the dump files with sizes and SHA-256, and the files themselves
    /context.jsonld            the JSON-LD context
    /static/…                  the stylesheet

Pages are Jinja2 templates with autoescaping on: every literal from the data is text, never markup.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.background import BackgroundTask
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from csto_kg.config import ONTOLOGY_IRI, ONTOLOGY_NS
from csto_kg.namespaces import CSTO, OA, OWL, RDF, RDFS, SCHEMA, SKOS, XSD
from csto_kg.server.answers import not_modified
from csto_kg.server.description import EVIDENCE, HAS_SELECTOR, describe, exists
from csto_kg.server.jobs import Job
from csto_kg.server.resources import (
    DOCUMENT_FORMATS,
    HAS_SOURCE,
    HTML,
    LABEL_PROPERTIES,
    RDF_TYPE,
    Format,
    Site,
    content_type,
    dump_entries,
    etag_of,
    graph_triples,
    href,
    represent,
    split_suffix,
)
from csto_kg.server.search_page import SearchPage
from csto_kg.server.summaries import Summarizer
from csto_kg.server.timeline import render_svg, timeline_rows
from csto_kg.server.workers import QueryTimeout

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

ARTICLE_BODY = ox.NamedNode(SCHEMA + "articleBody")
HEADLINE = ox.NamedNode(SCHEMA + "headline")
DATE_PUBLISHED = ox.NamedNode(SCHEMA + "datePublished")
NEWS_ARTICLE = ox.NamedNode(CSTO + "NewsArticle")
ALT_LABEL = ox.NamedNode(SKOS + "altLabel")
OA_START = ox.NamedNode(OA + "start")
OA_END = ox.NamedNode(OA + "end")
OA_EXACT = ox.NamedNode(OA + "exact")
RULE = ox.NamedNode(CSTO + "extractionRule")
CONFIDENCE = ox.NamedNode(CSTO + "confidence")
ORG_ORGANIZATION = ox.NamedNode("http://www.w3.org/ns/org#organization")
SUBCLASS_OF = ox.NamedNode(RDFS + "subClassOf")

INVERSE_LIMIT = 60
FACT_LIMIT = 40
SENTENCE_END = ".!?؟\n"
ARABIC = re.compile(r"[\u0600-\u06FF]")
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
QUERY_ROW_LIMIT = 2000


def direction(text: str, lang: str | None) -> str:
    if lang and lang.split("-")[0] in ("ar", "fa", "he", "ur"):
        return "rtl"
    if not lang and ARABIC.search(text):
        return "rtl" if len(ARABIC.findall(text)) > len(text) / 3 else "auto"
    return "ltr" if lang else "auto"


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "xml", "svg"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["href"] = href
    return env


class Labels:
    """Labels of IRIs, looked up once per page."""

    def __init__(self, store: ox.Store, site: Site) -> None:
        self.store = store
        self.site = site
        self._cache: dict[str, dict[str, list[str]]] = {}
        #: Names resources without a label (memberships, incumbencies) when set: `Summarizer.name`.
        self.titler: Callable[[str], str] | None = None

    def all(self, iri: str) -> dict[str, list[str]]:
        if iri not in self._cache:
            labels: dict[str, list[str]] = defaultdict(list)
            node = ox.NamedNode(iri)
            for predicate in (*LABEL_PROPERTIES, HEADLINE):
                for quad in self.store.quads_for_pattern(node, predicate, None, None):
                    literal = quad.object
                    if isinstance(literal, ox.Literal) and literal.value not in labels[literal.language or ""]:
                        labels[literal.language or ""].append(literal.value)
            self._cache[iri] = dict(labels)
        return self._cache[iri]

    def get(self, iri: str, lang: str) -> str | None:
        values = self.all(iri).get(lang)
        return values[0] if values else None

    def display(self, iri: str) -> str:
        """English label, else Arabic, else any, else the IRI's local path or prefixed name."""
        labels = self.all(iri)
        for lang in ("en", "", "ar"):
            if labels.get(lang):
                return labels[lang][0]
        for values in labels.values():
            if values:
                return values[0]
        if self.titler is not None and iri.startswith(self.site.base):
            return self.titler(iri)
        return self.site_name(iri)

    def site_name(self, iri: str) -> str:
        local = self.site.local(iri)
        if local is not None:
            return local.removeprefix("/id/").removeprefix("/ontology#")
        return qname(iri, self.site.prefixes())


def qname(iri: str, prefixes: dict[str, str]) -> str:
    best = ""
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and len(namespace) > len(best):
            best, name = namespace, f"{prefix}:{iri[len(namespace):]}"
    return name if best else iri


class LinkedData:
    """The HTML and linked-data side of the server over one `Site`."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.env = make_environment()

    # -- helpers --------------------------------------------------------------------------
    def html(self, template: str, status: int = 200, **context: Any) -> tuple[bytes, int]:
        context.setdefault("site", self.site)
        context.setdefault("base", self.site.base)
        return self.env.get_template(template).render(**context).encode("utf-8"), status

    def term(self, node: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, labels: Labels) -> dict[str, Any]:
        if isinstance(node, ox.NamedNode):
            return {"kind": "iri", "iri": node.value, "href": self.site.link(node.value), "text": labels.display(node.value)}
        if isinstance(node, ox.Literal):
            datatype = node.datatype.value
            shown = None if datatype in (XSD + "string", RDF + "langString") else qname(datatype, self.site.prefixes())
            return {
                "kind": "literal",
                "text": node.value,
                "lang": node.language,
                "dir": direction(node.value, node.language),
                "datatype": shown,
            }
        return {"kind": "bnode", "text": str(node)}

    def property_term(self, predicate: ox.NamedNode, labels: Labels) -> dict[str, Any]:
        return {
            "kind": "iri",
            "iri": predicate.value,
            "href": self.site.link(predicate.value),
            "text": qname(predicate.value, self.site.prefixes()),
        }

    # -- routes ---------------------------------------------------------------------------
    def routes(self) -> list[BaseRoute]:
        return [
            Route("/", self.home, methods=["GET"]),
            Route("/id/{rest:path}", self.resource, methods=["GET"]),
            Route("/graph/{rest:path}", self.graph, methods=["GET"]),
            Route("/ontology", self.ontology, methods=["GET"]),
            Route("/ontology.{suffix}", self.ontology, methods=["GET"]),
            Route("/class/{name}", self.class_page, methods=["GET"]),
            Route("/query", self.query_page, methods=["GET"]),
            *SearchPage(self).routes(),
            Route("/.well-known/void", self.void, methods=["GET"]),
            Route("/.well-known/void.{suffix}", self.void, methods=["GET"]),
            Route("/dataset", self.void, methods=["GET"]),
            Route("/dataset{rest:path}", self.void, methods=["GET"]),
            Route("/dumps", lambda request: RedirectResponse("/dumps/", status_code=301), methods=["GET"]),
            Route("/dumps/", self.dumps_index, methods=["GET"]),
            Route("/dumps/{name:path}", self.dump_file, methods=["GET"]),
            Route("/context.jsonld", self.context, methods=["GET", "OPTIONS"]),
            Mount("/static", app=StaticFiles(directory=str(STATIC)), name="static"),
        ]

    # -- resources ------------------------------------------------------------------------
    async def resource(self, request: Request) -> Response:
        path, fixed = split_suffix(request.url.path)
        if not valid_iri(self.site.iri(request.url.path)):
            return not_an_iri(self.site.iri(request.url.path))

        def locate() -> tuple[Any, str, Format | None, ox.NamedNode, bool]:
            """The release, and the resource the path names: a few index lookups, done on the
            event loop (a trip to a thread would cost more)."""
            opened = self.site.opened()
            store = opened.store
            node = ox.NamedNode(self.site.iri(path))
            if fixed is not None and not exists(store, node):
                # a slug that happens to end like a suffix is the resource itself
                whole = ox.NamedNode(self.site.iri(request.url.path))
                if exists(store, whole):
                    return opened, request.url.path, None, whole, True
            return opened, path, fixed, node, exists(store, node)

        opened, path, fixed, node, found = locate()
        store = opened.store
        if not found:
            return await self.not_found(request, node.value, store)
        mark = _span(request.query_params.get("mark"))

        async def render(fmt: Format) -> tuple[bytes, int]:
            if fmt is HTML:
                return await run_in_threadpool(self.resource_html, store, node, mark)
            if self.site.executor is None:
                return await run_in_threadpool(lambda: (self.site.serialize(describe(store, node), fmt), 200))
            # The RDF is made in a query worker: lookups then use every core, not the web process's one.
            job = Job(kind="describe", release=str(opened.release.path), graph=node.value, graph_media_type=fmt.media_type)
            try:
                outcome = await self.site.executor.run(job)
            except QueryTimeout as stopped:
                return f"Service Unavailable: {stopped}\n".encode(), 503
            return outcome.body, outcome.status

        return await represent(request, path, fixed, DOCUMENT_FORMATS, render)

    async def not_found(self, request: Request, iri: str, store: ox.Store | None = None) -> Response:
        def render() -> bytes:
            similar: list[dict[str, str]] = []
            kind = ""
            match = re.match(r"/id/([A-Za-z0-9_-]+)/", request.url.path)
            if match and store is not None:
                kind = match.group(1)
                prefix = json.dumps(self.site.base + f"id/{kind}/")
                rows = store.query(
                    f"SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(isIRI(?s) && STRSTARTS(STR(?s), {prefix})) }} ORDER BY ?s LIMIT 20"
                )
                labels = Labels(store, self.site)
                similar = [
                    {"href": self.site.link(row["s"].value), "text": labels.display(row["s"].value)}
                    for row in rows  # type: ignore[union-attr]
                    if "#" not in row["s"].value
                ]
            body, _ = self.html("not_found.html", iri=iri, path=request.url.path, kind=kind, similar=similar)
            return body

        body = await run_in_threadpool(render)
        accept = request.headers.get("accept") or ""
        if "text/html" in accept or not accept or "*/*" in accept:
            return HTMLResponse(body, status_code=404)
        return Response(f"Not Found: no resource {iri} in this dataset\n", status_code=404, media_type="text/plain")

    def resource_html(self, store: ox.Store, node: ox.NamedNode, mark: tuple[int, int] | None) -> tuple[bytes, int]:
        labels = Labels(store, self.site)
        # read once per published release, not on every page
        current = self.site.cached(self.site.opened(), "current-members", self.current_members_query)
        summarizer = Summarizer(store, self.site.link, labels.get, current_members=current)
        labels.titler = summarizer.name
        iri = node.value
        values: dict[ox.NamedNode, dict[Any, set[str]]] = defaultdict(dict)
        types: list[ox.NamedNode] = []
        evidence_nodes: list[ox.NamedNode] = []
        body: str | None = None
        for quad in store.quads_for_pattern(node, None, None, None):
            graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
            values[quad.predicate].setdefault(quad.object, set()).add(graph)
            if quad.predicate == RDF_TYPE and isinstance(quad.object, ox.NamedNode) and quad.object not in types:
                types.append(quad.object)
            if quad.predicate == EVIDENCE and isinstance(quad.object, ox.NamedNode) and quad.object not in evidence_nodes:
                evidence_nodes.append(quad.object)
            if quad.predicate == ARTICLE_BODY and isinstance(quad.object, ox.Literal):
                body = quad.object.value
        properties = []
        for predicate in sorted(values, key=lambda p: (p != RDF_TYPE, p not in LABEL_PROPERTIES, qname(p.value, self.site.prefixes()))):
            if predicate == ARTICLE_BODY:
                continue
            items = []
            for value, graphs in sorted(values[predicate].items(), key=lambda item: str(item[0])):
                view = self.term(value, labels)
                if predicate == RDF_TYPE and isinstance(value, ox.NamedNode) and value.value.startswith(ONTOLOGY_NS):
                    view["href"] = href("/class/" + value.value[len(ONTOLOGY_NS) :])
                view["sources"] = [
                    {"href": self.site.link(g), "text": g.rsplit("/", 1)[-1]} for g in sorted(graphs) if "/graph/article/" in g
                ]
                items.append(view)
            properties.append({"property": self.property_term(predicate, labels), "values": items})

        inverse: dict[ox.NamedNode, list[ox.NamedNode | ox.BlankNode]] = defaultdict(list)
        counts: dict[ox.NamedNode, int] = defaultdict(int)
        seen: set[tuple[Any, Any]] = set()
        # in a fixed order, so that the first INVERSE_LIMIT do not depend on the store's
        for quad in sorted(store.quads_for_pattern(None, None, node, None), key=lambda q: (str(q.predicate), str(q.subject))):
            key = (quad.subject, quad.predicate)
            if key in seen:
                continue
            seen.add(key)
            counts[quad.predicate] += 1
            if len(inverse[quad.predicate]) < INVERSE_LIMIT:
                inverse[quad.predicate].append(quad.subject)
        inverse_view = [
            {
                "property": self.property_term(predicate, labels),
                "subjects": [self.term(s, labels) for s in sorted(subjects, key=lambda s: labels.display(s.value) if isinstance(s, ox.NamedNode) else str(s))],
                "count": counts[predicate],
            }
            for predicate, subjects in sorted(inverse.items(), key=lambda item: qname(item[0].value, self.site.prefixes()))
        ]

        bodies: dict[str, str | None] = {}
        own_spans = [self.span_view(store, node, bodies, labels)] if values.get(HAS_SELECTOR) else []
        evidence = [view for view in (self.span_view(store, e, bodies, labels) for e in evidence_nodes) if view]
        facts = []
        if not evidence_nodes:
            for subjects in inverse.values():
                for subject in subjects:
                    if len(facts) >= FACT_LIMIT or not isinstance(subject, ox.NamedNode):
                        continue
                    if any(f["iri"] == subject.value for f in facts):
                        continue
                    first = min(store.quads_for_pattern(subject, EVIDENCE, None, None), key=str, default=None)
                    if first is None or not isinstance(first.object, ox.NamedNode):
                        continue
                    view = self.span_view(store, first.object, bodies, labels)
                    if view:
                        facts.append({"iri": subject.value, "fact": self.term(subject, labels), "evidence": view})

        timeline = None
        if any(True for _ in store.quads_for_pattern(None, ORG_ORGANIZATION, node, None)):
            rows = timeline_rows(store, node, labels.display)
            if rows:
                timeline = render_svg(rows, link=self.site.link, title=f"Members and chairs of {labels.display(iri)} over time")

        summary = summarizer.summary(node, [t.value for t in types])
        article = None
        if body is not None:
            start, end = mark if mark and mark[1] <= len(body) else (0, 0)
            article = {"before": body[:start], "mark": body[start:end], "after": body[end:], "marked": end > start}
        return self.html(
            "resource.html",
            iri=iri,
            local=self.site.local(iri) or iri,
            title=summary.title if summary.title and not labels.all(iri) else labels.display(iri),
            summary=summary,
            label_en=labels.get(iri, "en"),
            labels_ar=labels.all(iri).get("ar", []),
            alt_labels=[self.term(q.object, labels) for q in store.quads_for_pattern(node, ALT_LABEL, None, None)],
            types=[{"href": self.site.link(t.value), "text": labels.display(t.value)} for t in types],
            properties=properties,
            inverse=inverse_view,
            own_spans=[s for s in own_spans if s],
            evidence=evidence,
            facts=facts,
            timeline=timeline,
            article=article,
            formats=DOCUMENT_FORMATS,
        )

    def span_view(self, store: ox.Store, node: ox.NamedNode, bodies: dict[str, str | None], labels: Labels) -> dict[str, Any] | None:
        """The sentence of the source article around an evidence or mention node, split for <mark>."""
        source = start = end = exact = rule = confidence = None
        for quad in store.quads_for_pattern(node, None, None, None):
            if quad.predicate == HAS_SOURCE and isinstance(quad.object, ox.NamedNode):
                source = quad.object.value
            elif quad.predicate == RULE:
                rule = quad.object.value
            elif quad.predicate == CONFIDENCE:
                confidence = quad.object.value
            elif quad.predicate == HAS_SELECTOR and isinstance(quad.object, (ox.NamedNode, ox.BlankNode)):
                for selector in store.quads_for_pattern(quad.object, None, None, None):
                    if selector.predicate == OA_START:
                        start = int(selector.object.value)
                    elif selector.predicate == OA_END:
                        end = int(selector.object.value)
                    elif selector.predicate == OA_EXACT:
                        exact = selector.object.value
        if source is None:
            return None
        if source not in bodies:
            literal = next(iter(store.quads_for_pattern(ox.NamedNode(source), ARTICLE_BODY, None, None)), None)
            bodies[source] = literal.object.value if literal is not None else None
        body = bodies[source]
        before = after = ""
        span = exact or ""
        if body is not None and start is not None and end is not None and 0 <= start < end <= len(body):
            span = body[start:end]
            first = start
            while first > 0 and body[first - 1] not in SENTENCE_END and start - first < 400:
                first -= 1
            last = end
            while last < len(body) and body[last] not in SENTENCE_END and last - end < 400:
                last += 1
            if last < len(body) and body[last] != "\n":
                last += 1
            before, after = body[first:start].lstrip(), body[end:last].rstrip()
        article_href = self.site.link(source)
        if start is not None and end is not None:
            article_href += f"?mark={start}-{end}#mark"
        return {
            "node": {"href": self.site.link(node.value), "text": labels.site_name(node.value)},
            "article_href": article_href,
            "article": labels.display(source),
            "before": before,
            "span": span,
            "after": after,
            "start": start,
            "end": end,
            "rule": rule,
            "confidence": confidence,
            "matches": exact is None or exact == span,
        }

    # -- named graphs -----------------------------------------------------------------------
    async def graph(self, request: Request) -> Response:
        path, fixed = split_suffix(request.url.path)
        if not valid_iri(self.site.iri(request.url.path)):
            return not_an_iri(self.site.iri(request.url.path))
        opened = await run_in_threadpool(self.site.opened)
        store = opened.store
        node = ox.NamedNode(self.site.iri(path))
        if node not in opened.graph_sizes:
            return await self.not_found(request, node.value)

        def render(fmt: Format) -> tuple[bytes, int]:
            if fmt is HTML:
                labels = Labels(store, self.site)
                article = None
                if "/graph/article/" in path:
                    article_iri = self.site.base + "id/article/" + path.rsplit("/", 1)[-1]
                    article = {"href": self.site.link(article_iri), "text": labels.display(article_iri)}
                subjects = sorted({q.subject.value for q in store.quads_for_pattern(None, None, None, node) if isinstance(q.subject, ox.NamedNode) and "#" not in q.subject.value})
                return self.html(
                    "graph.html",
                    iri=node.value,
                    size=opened.graph_sizes[node],
                    article=article,
                    subjects=[{"href": self.site.link(s), "text": labels.display(s)} for s in subjects[:500]],
                    more=max(len(subjects) - 500, 0),
                    formats=DOCUMENT_FORMATS,
                    local=path,
                )
            return self.site.serialize(graph_triples(store, node), fmt), 200

        return await represent(request, path, fixed, DOCUMENT_FORMATS, render)

    # -- the ontology -------------------------------------------------------------------------
    def ontology_triples(self, opened: Any) -> list[ox.Triple]:
        def compute() -> list[ox.Triple]:
            graph = ox.NamedNode(self.site.config.graph_iri("ontology"))
            triples = graph_triples(opened.store, graph) if graph in opened.graph_sizes else []
            if not triples:
                triples = list(ox.parse(path=str(self.site.config.ontology_file), format=ox.RdfFormat.TURTLE))
            return triples

        return self.site.cached(opened, "ontology", compute)

    async def ontology(self, request: Request) -> Response:
        suffix = request.path_params.get("suffix")
        fixed = None
        if suffix is not None:
            fixed = next((f for f in DOCUMENT_FORMATS if f.suffix == suffix), None)
            if fixed is None:
                return await self.not_found(request, ONTOLOGY_IRI + "." + suffix)
        opened = await run_in_threadpool(self.site.opened)

        def render(fmt: Format) -> tuple[bytes, int]:
            triples = self.ontology_triples(opened)
            if fmt is HTML:
                return self.html("ontology.html", **ontology_document(triples, self.site), formats=DOCUMENT_FORMATS, local="/ontology")
            return self.site.serialize(triples, fmt), 200

        return await represent(request, "/ontology", fixed, DOCUMENT_FORMATS, render)

    # -- class pages ----------------------------------------------------------------------------
    async def class_page(self, request: Request) -> Response:
        name = request.path_params["name"]
        if not re.fullmatch(r"(?:[A-Za-z][\w-]*:)?[A-Za-z_][\w.-]*", name):
            return await self.not_found(request, ONTOLOGY_NS + name)
        prefix, colon, local_name = name.partition(":")
        prefixes = self.site.prefixes()
        if colon and prefix in prefixes:
            class_iri = prefixes[prefix] + local_name
        else:
            class_iri = ONTOLOGY_NS + name
        page = _positive(request.query_params.get("page"), 1)
        size = min(_positive(request.query_params.get("size"), DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE)
        opened = await run_in_threadpool(self.site.opened)
        store = opened.store

        def render() -> tuple[bytes, int]:
            labels = Labels(store, self.site)
            cls = ox.NamedNode(class_iri)
            declared = any(True for _ in store.quads_for_pattern(cls, None, None, None))
            # the class hierarchy is the ontology graph's; the instances are the knowledge graph's
            ontology = self.site.config.graph_iri("ontology")
            where = f"{{ GRAPH <{ontology}> {{ ?c <{SUBCLASS_OF.value}>* <{class_iri}> }} ?s a ?c }}"
            total_rows = store.query(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {where}")
            total = int(next(iter(total_rows))["n"].value)  # type: ignore[arg-type]
            if not declared and total == 0:
                return self.html("not_found.html", 404, iri=class_iri, path=request.url.path, kind="", similar=[])
            rows = store.query(
                f"SELECT DISTINCT ?s WHERE {where} ORDER BY ?s LIMIT {size} OFFSET {(page - 1) * size}",
            )  # over the default graph: the knowledge graph, each resource once
            instances = []
            for row in rows:  # type: ignore[union-attr]
                subject = row["s"]
                if isinstance(subject, ox.NamedNode):
                    instances.append(
                        {
                            "href": self.site.link(subject.value),
                            "text": labels.display(subject.value),
                            "ar": labels.get(subject.value, "ar"),
                            "path": labels.site_name(subject.value),
                        }
                    )
                else:
                    instances.append({"href": None, "text": str(subject), "ar": None, "path": ""})
            pages = max((total + size - 1) // size, 1)
            subclasses = sorted(
                {q.subject.value for q in store.quads_for_pattern(None, SUBCLASS_OF, cls, None) if isinstance(q.subject, ox.NamedNode)}
            )

            def page_link(number: int) -> str:
                return f"/class/{href(name)}?page={number}" + (f"&size={size}" if size != DEFAULT_PAGE_SIZE else "")

            return self.html(
                "class.html",
                name=name,
                iri=class_iri,
                title=labels.display(class_iri),
                label_ar=labels.get(class_iri, "ar"),
                doc_href=self.site.link(class_iri),
                total=total,
                page=page,
                pages=pages,
                size=size,
                first_index=(page - 1) * size + 1,
                instances=instances,
                previous=page_link(page - 1) if page > 1 else None,
                next=page_link(page + 1) if page < pages else None,
                subclasses=[{"href": "/class/" + href(s[len(ONTOLOGY_NS):]) if s.startswith(ONTOLOGY_NS) else self.site.link(s), "text": labels.display(s)} for s in subclasses],
            )

        body, status = await run_in_threadpool(render)
        return HTMLResponse(body, status_code=status)

    # -- home ------------------------------------------------------------------------------------
    def figures(self, opened: Any) -> dict[str, Any]:
        def compute() -> dict[str, Any]:
            store = opened.store
            labels = Labels(store, self.site)
            rows = store.query(
                "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) ?c",
            )  # over the default graph: the knowledge graph, each resource once
            classes = []
            articles = 0
            for row in rows:  # type: ignore[union-attr]
                cls, count = row["c"].value, int(row["n"].value)
                if not cls.startswith(ONTOLOGY_NS):
                    continue
                if cls == NEWS_ARTICLE.value:
                    articles = count
                classes.append(
                    {
                        "href": "/class/" + href(cls[len(ONTOLOGY_NS):]),
                        "name": cls[len(ONTOLOGY_NS):],
                        "text": labels.display(cls),
                        "ar": labels.get(cls, "ar"),
                        "count": count,
                    }
                )
            graphs = [g for g in opened.graph_sizes if isinstance(g, ox.NamedNode)]
            return {
                "triples": opened.default_graph_size,
                "quads": opened.default_graph_size + sum(opened.graph_sizes.values()),
                "articles": articles,
                "graphs": len(graphs),
                "article_graphs": sum(1 for g in graphs if "/graph/article/" in g.value),
                "classes": classes,
            }

        return self.site.cached(opened, "figures", compute)

    async def home(self, request: Request) -> Response:
        opened = await run_in_threadpool(self.site.opened)

        def render() -> tuple[bytes, int]:
            from csto_kg.queries import QueryError, named_queries

            try:
                queries = list(named_queries(self.site.config.queries_dir).values())
            except (QueryError, OSError):  # a broken query file must not take the home page down
                queries = []
            return self.html(
                "home.html",
                figures=self.figures(opened),
                queries=queries,
                example=self.site.link(self.site.base + "id/organization/csto"),
                dumps=bool(opened.release.files),
            )

        body, status = await run_in_threadpool(render)
        return HTMLResponse(body, status_code=status)

    # -- the query form ---------------------------------------------------------------------------
    async def query_page(self, request: Request) -> Response:
        from csto_kg.queries import QueryError, named_queries

        params = request.query_params
        name = params.get("name") or ""
        text = params.get("query")
        error = None
        named = None
        values: dict[str, str] = {}
        try:
            queries = named_queries(self.site.config.queries_dir)
        except (QueryError, OSError):
            queries = {}
        if name:
            named = queries.get(name)
            if named is None:
                error = f"No named query {name!r}."
            else:
                values = {p.name: params.get(p.name) or p.default for p in named.parameters}
                if text is None:
                    try:
                        text = named.bound({k: v for k, v in values.items()})
                    except QueryError as problem:
                        error = str(problem)
        opened = await run_in_threadpool(self.site.opened)
        answered = None
        if text and error is None:
            answered = await self.run_in_workers(text, opened)

        def render() -> tuple[bytes, int]:
            result = None
            status = 200 if error is None else 400
            problem = error
            if answered is not None:
                try:
                    result = self.read_answer(opened.store, answered)
                except (RuntimeError, ValueError, TimeoutError) as failure:  # shown to the user
                    problem = str(failure)
                    status = 503 if isinstance(failure, TimeoutError) else 400
            return self.html(
                "query.html",
                status,
                query=text or (named.text if named else DEFAULT_QUERY),
                name=name,
                named=named,
                values=values,
                queries=list(queries.values()),
                examples=_examples(queries.values()),
                result=result,
                error=problem,
            )

        body, status = await run_in_threadpool(render)
        return HTMLResponse(body, status_code=status)

    def current_members_query(self) -> str | None:
        """queries/current-members.rq with its parameters bound, or None without it."""
        from csto_kg.queries import QueryError, named_queries

        try:
            query = named_queries(self.site.config.queries_dir).get("current-members")
            return query.bound() if query is not None else None
        except (QueryError, OSError):
            return None

    async def run_in_workers(self, text: str, opened: Any) -> Any:
        """Run the page's query where /sparql runs queries (the server's workers: parsed first,
        sandboxed, killed past the time limit), on the release this page shows."""
        from csto_kg.server.jobs import Job, Outcome
        from csto_kg.server.sparql import ThreadExecutor
        from csto_kg.server.workers import QueryTimeout

        job = Job(
            kind="query",
            release=str(opened.release.path),
            query=text,
            base_iri=self.site.base,
            results_media_type="application/sparql-results+json",
            graph_media_type="application/n-triples",
            row_limit=QUERY_ROW_LIMIT,
        )
        executor = self.site.executor or ThreadExecutor(self.site.source)
        try:
            return await executor.run(job)
        except QueryTimeout as stopped:  # the worker was killed; the page says so
            return Outcome.error(503, str(stopped))

    def read_answer(self, store: ox.Store, outcome: Any) -> dict[str, Any]:
        """The workers' serialized answer as the page's table (labels read from the store)."""
        message = outcome.body.decode("utf-8", "replace").strip()
        if outcome.status == 503:
            raise TimeoutError(message)
        if outcome.status != 200:
            raise ValueError(message)
        labels = Labels(store, self.site)
        truncated = outcome.headers.get("CSTO-Truncated") == "true"
        if outcome.result_kind == "triples":
            triples = ox.parse(outcome.body, format=ox.RdfFormat.N_TRIPLES)
            table = _table(TRIPLE_COLUMNS, ([self.cell(term, labels) for term in triple] for triple in triples))
            return table | {"truncated": truncated or table["truncated"]}
        data = json.loads(outcome.body)
        if "boolean" in data:
            return {"kind": "boolean", "value": bool(data["boolean"])}
        columns = data["head"]["vars"]
        rows = ([None if c not in binding else self.cell(_term(binding[c]), labels) for c in columns] for binding in data["results"]["bindings"])
        table = _table(columns, rows)
        return table | {"truncated": truncated or table["truncated"]}

    def cell(self, node: Any, labels: Labels) -> dict[str, Any]:
        view = self.term(node, labels)
        if view["kind"] == "iri":
            view["text"] = labels.site_name(node.value)
        return view

    # -- VoID -------------------------------------------------------------------------------------
    def void_triples(self, opened: Any) -> list[ox.Triple]:
        def compute() -> list[ox.Triple]:
            from csto_kg.publish import default_graph
            from csto_kg.void import VoidStats, void_description, void_subsets

            store = opened.store
            config = self.site.config
            dumps = opened.release.dump_files()
            quads = list(store.quads_for_pattern(None, None, None, None))
            stats = VoidStats.of(quads, default_graph(quads))
            triples = list(ox.parse(void_description(stats, config, dumps), format=ox.RdfFormat.TURTLE))
            triples += ox.parse(void_subsets(stats.graphs, config), format=ox.RdfFormat.N_TRIPLES)
            dataset = ox.NamedNode(f"{config.base}dataset")
            void = "http://rdfs.org/ns/void#"
            extra = [
                (ox.NamedNode("http://purl.org/dc/terms/description"), ox.Literal("Facts about the Collective Security Treaty Organization extracted from Arabic news articles, each with the Arabic text span it came from.", language="en")),
                (ox.NamedNode("http://xmlns.com/foaf/0.1/homepage"), ox.NamedNode(config.base)),
                (ox.NamedNode(void + "uriLookupEndpoint"), ox.Literal(config.base + "id/")),
                (ox.NamedNode(void + "rootResource"), ox.NamedNode(config.base + "id/organization/csto")),
            ]
            for entry in dump_entries(opened.release):
                if entry.name.startswith("ontology/"):
                    extra.append((ox.NamedNode(void + "dataDump"), ox.NamedNode(f"{config.base}dumps/{entry.name}")))
            for vocabulary in ("http://www.w3.org/ns/org#", SCHEMA, "http://www.w3.org/ns/prov#", OA, SKOS, "http://purl.org/dc/terms/"):
                extra.append((ox.NamedNode(void + "vocabulary"), ox.NamedNode(vocabulary)))
            for fmt in ("Turtle", "N-Triples", "N-Quads", "TriG", "JSON-LD", "RDF_XML"):
                extra.append((ox.NamedNode(void + "feature"), ox.NamedNode("http://www.w3.org/ns/formats/" + fmt)))
            examples = store.query(
                "SELECT DISTINCT ?s WHERE { VALUES ?c { <%sInternationalOrganization> <%sState> <%sNewsArticle> <%sMembership> <%sSummit> } ?s a ?c } ORDER BY ?s LIMIT 5"
                % ((CSTO,) * 5),
            )  # over the default graph: the knowledge graph, each resource once
            for row in examples:  # type: ignore[union-attr]
                extra.append((ox.NamedNode(void + "exampleResource"), row["s"]))
            triples += [ox.Triple(dataset, predicate, value) for predicate, value in extra]
            return triples

        return self.site.cached(opened, "void", compute)

    async def void(self, request: Request) -> Response:
        path, fixed = split_suffix(request.url.path)
        suffix = request.path_params.get("suffix")
        if suffix is not None:
            path = "/.well-known/void"
            fixed = next((f for f in DOCUMENT_FORMATS if f.suffix == suffix), None)
            if fixed is None:
                return await self.not_found(request, self.site.iri(request.url.path))
        if path.startswith("/dataset") and path != "/dataset" and not path.startswith("/dataset/"):
            return await self.not_found(request, self.site.iri(request.url.path))
        opened = await run_in_threadpool(self.site.opened)

        def render(fmt: Format) -> tuple[bytes, int]:
            triples = self.void_triples(opened)
            if fmt is HTML:
                labels = Labels(opened.store, self.site)
                grouped: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = defaultdict(list)
                for triple in triples:
                    grouped[str(triple.subject)].append((self.property_term(triple.predicate, labels), self.cell(triple.object, labels)))
                dataset = f"<{self.site.base}dataset>"
                order = sorted(grouped, key=lambda s: (s != dataset, s))
                return self.html("void.html", subjects=[(s, grouped[s]) for s in order], formats=DOCUMENT_FORMATS, local=path)
            return self.site.serialize(triples, fmt), 200

        return await represent(request, path, fixed, DOCUMENT_FORMATS, render)

    # -- dumps and the context ----------------------------------------------------------------------
    async def dumps_index(self, request: Request) -> Response:
        opened = await run_in_threadpool(self.site.opened)
        body, _ = self.html("dumps.html", entries=dump_entries(opened.release), release=opened.release)
        return HTMLResponse(body)

    async def dump_file(self, request: Request) -> Response:
        """A file of the release the request reads: its ETag is its SHA-256 from the manifest,
        and the file stays on disk while the response streams (the release's reader lock)."""
        name = request.path_params["name"]
        opened = await run_in_threadpool(self.site.opened)
        entry = {entry.name: entry for entry in dump_entries(opened.release)}.get(name)
        if entry is None:
            return await self.not_found(request, self.site.iri(request.url.path))
        tag = f'"{entry.sha256}"'
        if not_modified(request, tag):
            return Response(status_code=304, headers={"ETag": tag})
        return FileResponse(
            entry.path,
            media_type=content_type(entry.media_type),
            headers={"ETag": tag, "Digest": f"sha-256={_b64(entry.sha256)}"},
            background=BackgroundTask(lambda: opened),  # holds the release until the file is sent
        )

    async def context(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={"Allow": "GET, HEAD, OPTIONS", "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS", "Access-Control-Allow-Headers": "Accept", "Access-Control-Max-Age": "86400"})
        path = self.site.context_file(await run_in_threadpool(self.site.opened))
        try:
            data = await run_in_threadpool(path.read_bytes)
        except OSError:
            return await self.not_found(request, self.site.iri("/context.jsonld"))
        tag = etag_of(data)
        headers = {"ETag": tag, "Access-Control-Allow-Origin": "*"}
        if not_modified(request, tag):
            return Response(status_code=304, headers=headers)
        return Response(data, headers={**headers, "Content-Type": "application/ld+json"})


DEFAULT_QUERY = """PREFIX csto: <https://w3id.org/csto-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?state ?label WHERE {
  ?state a csto:State ; rdfs:label ?label .
  FILTER(LANG(?label) = "en")
} ORDER BY ?label LIMIT 20
"""


def _b64(hex_digest: str) -> str:
    import base64

    return base64.b64encode(bytes.fromhex(hex_digest)).decode("ascii")


def _positive(value: str | None, default: int) -> int:
    try:
        number = int(value) if value is not None else default
    except ValueError:
        return default
    return number if number >= 1 else default


def _span(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    match = re.fullmatch(r"(\d+)-(\d+)", value)
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    return (start, end) if start < end else None


# -- ontology documentation ---------------------------------------------------------------------

CLASS_TYPES = {OWL + "Class", RDFS + "Class"}
PROPERTY_TYPES = {OWL + "ObjectProperty": "object property", OWL + "DatatypeProperty": "datatype property", OWL + "AnnotationProperty": "annotation property"}
CHARACTERISTICS = {OWL + "FunctionalProperty": "functional", OWL + "InverseFunctionalProperty": "inverse functional", OWL + "TransitiveProperty": "transitive", OWL + "SymmetricProperty": "symmetric"}


@dataclass
class TermDoc:
    iri: str
    anchor: str
    qname: str
    kind: str
    labels: dict[str, list[str]] = field(default_factory=dict)
    definitions: list[tuple[str | None, str]] = field(default_factory=list)
    comments: list[tuple[str | None, str]] = field(default_factory=list)
    facts: list[tuple[str, list[Markup]]] = field(default_factory=list)
    children: list[TermDoc] = field(default_factory=list)


def ontology_document(triples: Iterable[ox.Triple], site: Site) -> dict[str, Any]:
    """The ontology's classes, properties and individuals, ready for `ontology.html`."""
    index: dict[Any, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for triple in triples:
        index[triple.subject][triple.predicate.value].append(triple.object)
    prefixes = site.prefixes()

    def anchor(iri: str) -> str:
        if iri.startswith(ONTOLOGY_NS):
            return iri[len(ONTOLOGY_NS):]
        return re.sub(r"[^A-Za-z0-9_-]", "_", qname(iri, prefixes))

    declared: set[str] = {s.value for s in index if isinstance(s, ox.NamedNode)}

    def term_link(iri: str) -> Markup:
        name = qname(iri, prefixes)
        if iri in declared:
            return Markup('<a href="#{}">{}</a>').format(anchor(iri), name)
        return Markup('<a href="{}">{}</a>').format(site.link(iri), name)

    def expression(node: Any, depth: int = 0) -> Markup:
        if isinstance(node, ox.NamedNode):
            return term_link(node.value)
        if isinstance(node, ox.Literal):
            return Markup("<q>{}</q>").format(node.value)
        if depth > 5 or node not in index:
            return Markup("{}").format(str(node))
        props = index[node]
        for key, word in ((OWL + "unionOf", " or "), (OWL + "intersectionOf", " and "), (OWL + "oneOf", ", ")):
            if props.get(key):
                members = [expression(m, depth + 1) for m in rdf_list(props[key][0])]
                joined = Markup(word).join(members)
                return Markup("{{{}}}").format(joined) if key == OWL + "oneOf" else Markup("({})").format(joined)
        if props.get(OWL + "onProperty"):
            on = expression(props[OWL + "onProperty"][0], depth + 1)
            for key, word in ((OWL + "someValuesFrom", "some"), (OWL + "allValuesFrom", "only"), (OWL + "hasValue", "value")):
                if props.get(key):
                    return Markup("({} {} {})").format(on, word, expression(props[key][0], depth + 1))
            for key, word in ((OWL + "qualifiedCardinality", "exactly"), (OWL + "cardinality", "exactly"), (OWL + "minCardinality", "min"), (OWL + "maxCardinality", "max"), (OWL + "minQualifiedCardinality", "min"), (OWL + "maxQualifiedCardinality", "max")):
                if props.get(key):
                    return Markup("({} {} {})").format(on, word, props[key][0].value)
        if props.get(OWL + "complementOf"):
            return Markup("(not {})").format(expression(props[OWL + "complementOf"][0], depth + 1))
        return Markup("{}").format(str(node))

    def rdf_list(node: Any) -> list[Any]:
        items = []
        while node in index and len(items) < 100:
            first = index[node].get(RDF + "first")
            if not first:
                break
            items.append(first[0])
            node = index[node].get(RDF + "rest", [None])[0]
        return items

    def literals(subject: Any, *predicates: str) -> list[tuple[str | None, str]]:
        out = []
        for predicate in predicates:
            for value in index[subject].get(predicate, []):
                if isinstance(value, ox.Literal):
                    out.append((value.language, value.value))
        return out

    subclasses: dict[str, list[str]] = defaultdict(list)
    docs: dict[str, TermDoc] = {}
    for subject, props in index.items():
        if not isinstance(subject, ox.NamedNode):
            continue
        types = {t.value for t in props.get(RDF + "type", []) if isinstance(t, ox.NamedNode)}
        iri = subject.value
        if types & CLASS_TYPES:
            kind = "class"
        elif types & set(PROPERTY_TYPES):
            kind = next(PROPERTY_TYPES[t] for t in PROPERTY_TYPES if t in types)
        elif iri.startswith(ONTOLOGY_NS) and types:
            kind = "individual"
        else:
            continue
        doc = TermDoc(iri, anchor(iri), qname(iri, prefixes), kind)
        labels: dict[str, list[str]] = defaultdict(list)
        for lang, text in literals(subject, RDFS + "label", SKOS + "prefLabel"):
            labels[lang or ""].append(text)
        doc.labels = dict(labels)
        doc.definitions = literals(subject, SKOS + "definition")
        doc.comments = literals(subject, RDFS + "comment")
        relations = [
            ("sub-class of", RDFS + "subClassOf"),
            ("equivalent to", OWL + "equivalentClass"),
            ("disjoint with", OWL + "disjointWith"),
            ("sub-property of", RDFS + "subPropertyOf"),
            ("inverse of", OWL + "inverseOf"),
            ("domain", RDFS + "domain"),
            ("range", RDFS + "range"),
            ("in scheme", SKOS + "inScheme"),
            ("notation", SKOS + "notation"),
        ]
        for title, predicate in relations:
            if props.get(predicate):
                doc.facts.append((title, [expression(value) for value in props[predicate]]))
        characteristics = [CHARACTERISTICS[t] for t in types if t in CHARACTERISTICS]
        if characteristics:
            doc.facts.append(("characteristics", [Markup("{}").format(c) for c in sorted(characteristics)]))
        if kind == "individual":
            doc.facts.insert(0, ("type", [term_link(t) for t in sorted(types)]))
        if kind == "class":
            for parent in props.get(RDFS + "subClassOf", []):
                if isinstance(parent, ox.NamedNode):
                    subclasses[parent.value].append(iri)
        docs[iri] = doc
    for parent, children in subclasses.items():
        if parent in docs:
            docs[parent].facts.append(("super-class of", [term_link(c) for c in sorted(children)]))

    classes = sorted((d for d in docs.values() if d.kind == "class"), key=lambda d: (not d.iri.startswith(ONTOLOGY_NS), d.qname))
    class_iris = {d.iri for d in classes}

    def tree(iri: str, trail: frozenset[str]) -> dict[str, Any]:
        return {
            "doc": docs[iri],
            "children": [tree(c, trail | {c}) for c in sorted(subclasses.get(iri, []), key=lambda c: docs[c].qname) if c not in trail and c in docs],
        }

    roots = [
        d.iri
        for d in classes
        if not any(isinstance(p, ox.NamedNode) and p.value in class_iris for p in index[ox.NamedNode(d.iri)].get(RDFS + "subClassOf", []))
    ]
    ontology_node = ox.NamedNode(ONTOLOGY_IRI)
    header = {
        "titles": literals(ontology_node, "http://purl.org/dc/terms/title"),
        "descriptions": literals(ontology_node, "http://purl.org/dc/terms/description"),
        "comments": literals(ontology_node, RDFS + "comment"),
        "version": next((v for _, v in literals(ontology_node, OWL + "versionInfo")), None),
        "license": next((v.value for v in index[ontology_node].get("http://purl.org/dc/terms/license", [])), None),
    }
    properties = sorted((d for d in docs.values() if "property" in d.kind), key=lambda d: (not d.iri.startswith(ONTOLOGY_NS), d.kind, d.qname))
    individuals = sorted((d for d in docs.values() if d.kind == "individual"), key=lambda d: d.qname)
    return {
        "header": header,
        "tree": [tree(r, frozenset({r})) for r in sorted(roots, key=lambda r: docs[r].qname)],
        "classes": classes,
        "properties": properties,
        "individuals": individuals,
        "iri": ONTOLOGY_IRI,
    }


TRIPLE_COLUMNS = ["subject", "predicate", "object"]


def _table(columns: list[str], rows: Iterable[list[Any]]) -> dict[str, Any]:
    """The query page's table: at most QUERY_ROW_LIMIT rows, saying when there were more."""
    kept: list[list[Any]] = []
    for row in rows:
        if len(kept) >= QUERY_ROW_LIMIT:
            return {"kind": "table", "columns": columns, "rows": kept, "truncated": True}
        kept.append(row)
    return {"kind": "table", "columns": columns, "rows": kept, "truncated": False}


def valid_iri(iri: str) -> bool:
    """Whether the text is an IRI (a request path can decode to spaces, quotes, NUL...)."""
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


def not_an_iri(iri: str) -> Response:
    return Response(f"Bad Request: {iri!r} is not an IRI, so it names no resource here.\n", status_code=400, media_type="text/plain")


def _term(value: dict[str, str]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A term of SPARQL JSON results as a pyoxigraph term."""
    if value["type"] == "uri":
        return ox.NamedNode(value["value"])
    if value["type"] == "bnode":
        return ox.BlankNode(value["value"])
    if "xml:lang" in value:
        return ox.Literal(value["value"], language=value["xml:lang"])
    if "datatype" in value:
        return ox.Literal(value["value"], datatype=ox.NamedNode(value["datatype"]))
    return ox.Literal(value["value"])


def linked_data_routes(source: Any, *, base_iri: str, executor: Any = None) -> list[BaseRoute]:
    """The HTML and linked-data routes over `source`, minting under `base_iri`; `executor` (the
    server's query workers) runs the query page's queries under the same time limit as /sparql."""
    from csto_kg.config import Config

    return LinkedData(Site(source, base_iri, Config(base=base_iri), executor)).routes()


def _examples(queries: Iterable[Any]) -> list[dict[str, str]]:
    """The named queries as the query editor's examples: each with its parameters' defaults."""
    from csto_kg.queries import QueryError

    examples = []
    for query in queries:
        try:
            text = query.bound()
        except QueryError:
            text = query.text
        examples.append({"name": query.name, "title": query.title or query.name, "text": text})
    return examples
