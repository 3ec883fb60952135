"""The site over an external SPARQL endpoint (`csto-kg serve --endpoint`) instead of the embedded store.

Every part of the server reads a store through the few methods of pyoxigraph's `Store` it uses:
`query`, `quads_for_pattern`, `named_graphs`, `contains_named_graph`. `RemoteStore` answers
those with SPARQL 1.1 Protocol requests (`remote.Endpoint`), in pyoxigraph's own terms, so the
pages, the content negotiation, VoID and the query endpoint are the same code over either store.

What the site shows is what `csto-kg push` put there: the published named graphs are the ones
its state graph lists (staging graphs and the state graph itself stay out of sight), and the
release is the one it records, so a new push is picked up like a new local release.

Limits: a request to the endpoint is abandoned after the server's time limit (503), the rows
and triples returned are cut at the row limit as for the embedded store. The store's own CPU is
bounded by its own settings (Virtuoso's MaxQueryExecutionTime; the Oxigraph server has none).
"""

from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool

from csto_kg.push import SHA256, VERSION
from csto_kg.release import Release
from csto_kg.remote import Endpoint
from csto_kg.server.jobs import Job, Outcome, execute
from csto_kg.server.sparql import OpenedStore, ThreadExecutor

GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph

#: How often the endpoint is asked whether another release was pushed, at most.
RELEASE_CHECK_SECONDS = 2.0


class RemoteStore:
    """The read side of `pyoxigraph.Store`, answered by an endpoint that `csto-kg push` fills."""

    def __init__(self, endpoint: Endpoint, base: str, timeout: float | None = None) -> None:
        self.endpoint = endpoint
        self.base = base
        self.timeout = timeout  # None: the endpoint's own
        self.state_graph = f"{base}graph/push-state"
        self.default_key = f"{base}graph/default"
        self.staging_prefix = f"{base}graph/staging/"
        self._graphs: list[ox.NamedNode] | None = None

    def limited(self, seconds: float) -> RemoteStore:
        """The same store (and HTTP connections), for clients' queries: each request abandoned
        after `seconds` (the site's own reads, VoID over every quad among them, keep the
        endpoint's timeout)."""
        sibling = RemoteStore(self.endpoint, self.base, seconds)
        sibling._graphs = self.named_graphs()
        return sibling

    def query(
        self,
        query: str,
        *,
        base_iri: str | None = None,
        default_graph: list[ox.NamedNode] | None = None,
        named_graphs: list[ox.NamedNode] | None = None,
    ) -> object:
        """A query over the dataset the embedded store would give it. Where the knowledge graph
        is a named graph (Virtuoso), a query that names no dataset of its own (no FROM, no
        protocol dataset) gets it declared in full: that graph as the default and the published
        graphs as the named ones. Told only a default graph, Virtuoso hides every named graph
        from GRAPH <...>; told nothing, its default graph is the union of all."""
        from csto_kg.server.syntax import parse

        parsed = parse(query, "query")
        if self.endpoint.default_graph and default_graph is None and named_graphs is None and not parsed.uses("FROM"):
            default_graph = [ox.NamedNode(self.endpoint.default_graph)]
            named_graphs = self.named_graphs()
        return self.endpoint.query(
            query, base_iri=base_iri, default_graph=default_graph, named_graphs=named_graphs, form=parsed.form, timeout=self.timeout
        )

    def release_id(self) -> str:
        """The release the state graph records ("" when nothing was pushed there)."""
        rows = self.endpoint.query(f"SELECT ?v WHERE {{ GRAPH <{self.state_graph}> {{ <{self.state_graph}> <{VERSION}> ?v }} }}", form="SELECT")
        return next((row["v"].value for row in rows), "")  # type: ignore[union-attr]

    def named_graphs(self) -> list[ox.NamedNode]:
        """The published named graphs: the ones the state graph lists."""
        if self._graphs is None:
            rows = self.endpoint.query(f"SELECT ?g WHERE {{ GRAPH <{self.state_graph}> {{ ?g <{SHA256}> ?sha }} }}", form="SELECT")
            names = (row["g"].value for row in rows)  # type: ignore[union-attr]
            self._graphs = sorted((ox.NamedNode(n) for n in names if n != self.default_key and not n.startswith(self.staging_prefix)), key=str)
        return self._graphs

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        return graph in self.named_graphs()

    def quads_for_pattern(self, subject: object, predicate: object, object_: object, graph: GraphName | None = None) -> Iterator[ox.Quad]:
        """The quads matching the pattern (None: any), as the embedded store has them: the
        knowledge graph as the default graph, then the published named graphs."""
        terms = {"s": subject, "p": predicate, "o": object_}
        pattern = " ".join(str(term) if term is not None else f"?{name}" for name, term in terms.items())
        variables = [f"?{name}" for name, term in terms.items() if term is None]
        if graph is None or isinstance(graph, ox.DefaultGraph):
            knowledge = f"GRAPH <{self.endpoint.default_graph}> {{ {pattern} }}" if self.endpoint.default_graph else pattern
            yield from self._quads(terms, variables, knowledge, ox.DefaultGraph())
        if isinstance(graph, ox.NamedNode):
            yield from self._quads(terms, variables, f"GRAPH {graph} {{ {pattern} }}", graph)
        elif graph is None:
            # Every graph there, kept if published: not staging, the state or a store's own graphs.
            published = set(self.named_graphs())
            for quad in self._quads(terms, [*variables, "?g"], f"GRAPH ?g {{ {pattern} }}", None):
                if quad.graph_name in published:
                    yield quad

    def _quads(self, terms: dict[str, object], variables: list[str], where: str, graph: GraphName | None) -> Iterator[ox.Quad]:
        """Quads from one SELECT; `graph` None: each row's ?g."""
        rows = self.endpoint.query(f"SELECT {' '.join(variables) or '*'} WHERE {{ {where} }}", form="SELECT", timeout=self.timeout)
        for row in rows:  # type: ignore[union-attr]
            s, p, o = (terms[n] if terms[n] is not None else row[n] for n in ("s", "p", "o"))
            yield ox.Quad(s, p, o, row["g"] if graph is None else graph)  # type: ignore[arg-type]


class EndpointExecutor(ThreadExecutor):
    """Clients' read jobs (SPARQL, RDF of a resource) relayed in threads, each request to the
    endpoint abandoned at `timeout` seconds (503, `jobs.execute`). The endpoint does the work, so
    there is no worker process to kill or sandbox."""

    def __init__(self, source: EndpointSource, timeout: float) -> None:
        super().__init__(source)  # type: ignore[arg-type]
        self.timeout = timeout

    async def run(self, job: Job, timeout: float | None = None) -> Outcome:
        if job.writes or job.kind == "sizes":
            return await super().run(job, timeout)
        opened = await run_in_threadpool(self.source.current)
        return await run_in_threadpool(execute, opened.store.limited(self.timeout), job)


class EndpointSource:
    """A `StoreSource` over an endpoint: the release its state graph records, opened again
    (with fresh caches) when another one is pushed. Dumps are served from `dumps` (the `dist/`
    of the build that was pushed) when given."""

    def __init__(self, endpoint: Endpoint, base: str, dumps: Path | None, scratch: Path) -> None:
        self.endpoint = endpoint
        self.base = base
        self.dumps = dumps
        self.scratch = scratch
        self._lock = threading.Lock()
        self._checked = 0.0
        self._opened = self._open(RemoteStore(endpoint, base).release_id())

    def _open(self, release_id: str) -> OpenedStore:
        """A release object for the pushed release: its own directory (answers are cached by
        release path), whose dumps/ is the build's dist folder."""
        folder = self.scratch / (release_id or "unpushed")
        folder.mkdir(parents=True, exist_ok=True)
        files: tuple[tuple[str, int, str], ...] = ()
        if self.dumps is not None:
            link = folder / "dumps"
            if not link.exists():
                link.symlink_to(self.dumps.resolve(), target_is_directory=True)
            files = tuple(_listed_files(self.dumps))
        release = Release(folder, release_id or "unpushed", files=files)
        return OpenedStore(RemoteStore(self.endpoint, self.base), release)  # type: ignore[arg-type]

    def current(self) -> OpenedStore:
        with self._lock:
            now = time.monotonic()
            if now - self._checked >= RELEASE_CHECK_SECONDS:
                self._checked = now
                pushed = RemoteStore(self.endpoint, self.base).release_id() or "unpushed"
                if pushed != self._opened.release.id:
                    self._opened = self._open(pushed)
            return self._opened


def _listed_files(dumps: Path) -> Iterable[tuple[str, int, str]]:
    """(name, size, sha256) of each file SHA256SUMS lists in a dist folder, and SHA256SUMS."""
    sums = dumps / "SHA256SUMS"
    if not sums.is_file():
        return
    for line in sums.read_text(encoding="utf-8").splitlines():
        sha, _, name = line.partition("  ")
        if name and (dumps / name).is_file():
            yield name, (dumps / name).stat().st_size, sha
    yield "SHA256SUMS", sums.stat().st_size, hashlib.sha256(sums.read_bytes()).hexdigest()
