"""Linked-data plumbing: IRIs under the base as local paths, what a resource's RDF is, and
representations with content negotiation, suffix URLs, Link alternates and ETags.

Every IRI minted under the configured base (`{base}id/...`, `{base}graph/...`, `{base}dataset`,
`{base}dumps/...`) is answered at the same path on this server, whatever origin it listens on: the
request path `/id/state/armenia` names `{base}id/state/armenia` even when the base is
`https://w3id.org/csto-kg/` and the server runs on 127.0.0.1. Links in HTML go to those local
paths; RDF always carries the real IRIs.

A document is offered as HTML, Turtle, JSON-LD, N-Triples and RDF/XML. The bare path negotiates
(`Vary: Accept`) and says which variant it chose in `Content-Location`; `<path>.ttl` and friends
name one variant each. Every answer lists all variants in `Link: <…>; rel="alternate"` and carries
a strong ETag computed from its bytes, so `If-None-Match` gets a 304.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import threading
import weakref
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from csto_kg.config import ONTOLOGY_IRI, Config
from csto_kg.namespaces import CSTO, OA, RDF
from csto_kg.release import Release
from csto_kg.server.answers import not_modified
from csto_kg.server.description import (
    RDFS_LABEL,
    SKOS_PREF_LABEL,
    compacted_jsonld,
    serialization_prefixes,
)
from csto_kg.server.negotiation import choose_offer
from csto_kg.server.sparql import OpenedStore, StoreSource

RDF_TYPE = ox.NamedNode(RDF + "type")
MACHINE_LABEL = ox.NamedNode(CSTO + "machineLabel")
LABEL_PROPERTIES = (RDFS_LABEL, SKOS_PREF_LABEL, MACHINE_LABEL)
HAS_SOURCE = ox.NamedNode(OA + "hasSource")


@dataclass(frozen=True)
class Format:
    """One representation: the suffix naming it, its media type, aliases, pyoxigraph format."""

    suffix: str
    media_type: str
    rdf_format: ox.RdfFormat | None = None
    aliases: tuple[str, ...] = ()


HTML = Format("html", "text/html", None, ("application/xhtml+xml",))
TURTLE = Format("ttl", "text/turtle", ox.RdfFormat.TURTLE)
JSON_LD = Format("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD, ("application/json",))
N_TRIPLES = Format("nt", "application/n-triples", ox.RdfFormat.N_TRIPLES)
RDF_XML = Format("rdf", "application/rdf+xml", ox.RdfFormat.RDF_XML, ("application/xml", "text/xml"))
DOCUMENT_FORMATS: tuple[Format, ...] = (HTML, TURTLE, JSON_LD, N_TRIPLES, RDF_XML)
RDF_FORMATS: tuple[Format, ...] = (TURTLE, JSON_LD, N_TRIPLES, RDF_XML)
SUFFIXES = {f".{f.suffix}": f for f in DOCUMENT_FORMATS}


def choose_format(accept: str | None, formats: Sequence[Format]) -> Format | None:
    """The format the Accept header prefers; canonical media types outrank their aliases."""
    chosen = choose_offer(accept, formats)
    return None if chosen is None else chosen[1]


def split_suffix(path: str) -> tuple[str, Format | None]:
    """`/id/state/armenia.ttl` -> (`/id/state/armenia`, Turtle); a path without one is kept."""
    last = path.rsplit("/", 1)[-1]
    dot = last.rfind(".")
    if dot > 0 and last[dot:] in SUFFIXES:
        return path[: len(path) - len(last) + dot], SUFFIXES[last[dot:]]
    return path, None


def content_type(media_type: str) -> str:
    """Text types and JSON say their charset (always UTF-8)."""
    textual = media_type.startswith("text/") or media_type.endswith(("+json", "+xml", "/n-triples"))
    return f"{media_type}; charset=utf-8" if textual else media_type


def href(path: str) -> str:
    """A local path made safe for an href (non-ASCII and spaces percent-encoded)."""
    return quote(path, safe="/#:@!$&'()*+,;=-._~%?")


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def alternates_link(doc_path: str, formats: Iterable[Format]) -> str:
    return ", ".join(
        f'<{href(doc_path)}.{fmt.suffix}>; rel="alternate"; type="{fmt.media_type}"' for fmt in formats
    )


def not_acceptable(accept: str | None, formats: Sequence[Format]) -> Response:
    offered = ", ".join(t for f in formats for t in (f.media_type, *f.aliases))
    return PlainTextResponse(
        f"Not Acceptable: {accept}\nThis resource is available as: {offered}\n",
        status_code=406,
        headers={"Vary": "Accept"},
    )


Renderer = Callable[[Format], tuple[bytes, int]] | Callable[[Format], Awaitable[tuple[bytes, int]]]


async def represent(
    request: Request,
    doc_path: str,
    fixed: Format | None,
    formats: Sequence[Format],
    render: Renderer,
    *,
    extra_headers: dict[str, str] | None = None,
) -> Response:
    """Answer with the requested (`fixed`, from a suffix) or negotiated representation.

    `render(format)` returns the body and status: a plain function runs in a thread, a coroutine
    function (one that hands the work to a query worker) is awaited. Headers: the
    media type, `Content-Location` of the chosen variant, `Link` to every variant, an ETag from
    the bytes (304 when If-None-Match has it) and `Vary: Accept` when the URL negotiates.
    """
    accept = request.headers.get("accept")
    fmt = fixed if fixed is not None else choose_format(accept, formats)
    if fmt is None:
        return not_acceptable(accept, formats)
    if inspect.iscoroutinefunction(render):
        body, status = await render(fmt)
    else:
        body, status = await run_in_threadpool(render, fmt)
    headers = {
        "Content-Location": href(f"{doc_path}.{fmt.suffix}"),
        "Link": alternates_link(doc_path, formats),
        **(extra_headers or {}),
    }
    if fixed is None:
        headers["Vary"] = "Accept"
    if status == 200:
        tag = etag_of(fmt.media_type.encode() + b"\0" + body)
        headers["ETag"] = tag
        if not_modified(request, tag):
            return Response(status_code=304, headers=headers)
    headers["Content-Type"] = content_type(fmt.media_type)
    return Response(body, status_code=status, headers=headers)


@dataclass
class Site:
    """What every page and representation needs: the store, the base IRI and config."""

    source: StoreSource
    base: str
    config: Config
    # Runs the query page's queries under the server's time limit (workers.QueryPool); None: in a thread.
    executor: Any = None
    _caches: weakref.WeakKeyDictionary[OpenedStore, dict[str, Any]] = field(
        default_factory=weakref.WeakKeyDictionary
    )
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # -- IRIs and paths -------------------------------------------------------------------
    def iri(self, path: str) -> str:
        """The IRI a request path names: `/id/state/armenia` -> `{base}id/state/armenia`."""
        return self.base + path.lstrip("/")

    def local(self, iri: str) -> str | None:
        """The local path of an IRI under the base or of an ontology term; None for others."""
        if iri.startswith(self.base):
            return "/" + iri[len(self.base) :]
        if iri == ONTOLOGY_IRI or iri.startswith(ONTOLOGY_IRI + "#"):
            return "/ontology" + iri[len(ONTOLOGY_IRI) :]
        return None

    def link(self, iri: str) -> str:
        """Where a link to `iri` should go: its local path when we serve it, else the IRI."""
        path = self.local(iri)
        return href(path) if path is not None else iri

    # -- the store ----------------------------------------------------------------------
    def opened(self) -> OpenedStore:
        return self.source.current()

    def cached(self, opened: OpenedStore, key: str, compute: Callable[[], Any]) -> Any:
        """A value computed once per opened store (it never changes while open)."""
        with self._lock:
            cache = self._caches.setdefault(opened, {})
            if key in cache:
                return cache[key]
        value = compute()
        with self._lock:
            self._caches.setdefault(opened, {})[key] = value
        return value

    def prefixes(self) -> dict[str, str]:
        """Prefixes for showing IRIs as prefixed names (`id:` is the base's resources)."""
        return {**serialization_prefixes(), "id": self.base + "id/"}

    def context_file(self, opened: OpenedStore) -> Path:
        """The JSON-LD context the release published, else the one in mappings/."""
        path = opened.release.dumps_dir / "context.jsonld"
        return path if path.is_file() else self.config.mappings_dir / "context.jsonld"

    def context(self) -> dict[str, Any] | None:
        """The published JSON-LD context (see `context_file`)."""
        path = self.context_file(self.opened())
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    # -- RDF out ------------------------------------------------------------------------
    def serialize(self, triples: Sequence[ox.Triple], fmt: Format) -> bytes:
        """Triples in one RDF format; JSON-LD is compacted with the published context."""
        assert fmt.rdf_format is not None
        if fmt is JSON_LD:
            return self.jsonld(triples)
        return ox.serialize(triples, format=fmt.rdf_format, prefixes=serialization_prefixes())

    def jsonld(self, triples: Sequence[ox.Triple]) -> bytes:
        return compacted_jsonld(triples, self.context())


def graph_triples(store: ox.Store, graph: ox.NamedNode) -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, graph)]


# -- dumps and checksums ------------------------------------------------------------------

DUMP_MEDIA_TYPES = {
    ".trig": "application/trig",
    ".nq": "application/n-quads",
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".owl": "application/rdf+xml",
    ".gz": "application/gzip",
}


def dump_media_type(name: str) -> str:
    if name.endswith("SHA256SUMS"):
        return "text/plain"
    return DUMP_MEDIA_TYPES.get(Path(name).suffix, "application/octet-stream")


@dataclass(frozen=True)
class DumpEntry:
    name: str
    path: Path
    size: int
    sha256: str
    media_type: str


def dump_entries(release: Release) -> list[DumpEntry]:
    """The files the release's manifest lists, with their sizes and checksums."""
    return [
        DumpEntry(name, release.dumps_dir / name, size, sha256, dump_media_type(name))
        for name, size, sha256 in release.files
    ]
