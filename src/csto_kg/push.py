"""push: copy the published dataset into a triple store elsewhere, over SPARQL 1.1 Update.

A publisher that already runs a store (Virtuoso, GraphDB, Fuseki, the Oxigraph server...) gets
the same dataset the embedded store holds: the knowledge graph as the default graph (or as the
named graph `Endpoint.default_graph` where the store's default graph is the union of all) and
one named graph per article, plus the reference data and the ontology.

What a push guarantees, and how:

* **Readers never see half a release.** Every graph that changed is first written into a
  staging graph named by its content (`<base>graph/staging/<sha256>`), then the *switch* moves
  every staged graph onto its name (`MOVE`), applies the knowledge graph's changes, drops the
  graphs the release no longer has and records the release in the state graph, in one update
  request as long as it fits in `batch` (a graph moved counts one, a triple changed one).
  Oxigraph runs an update request as one transaction. Virtuoso runs a request's operations in
  turn and compiles each request to SQL of bounded length, so there the batch must be small
  (500) and a reader may see the switch half done for as long as it takes (milliseconds per
  graph; README, "Scaling out", says how to point readers at a fixed set of graph names for
  stores that cannot rename graphs).
* **Idempotent.** The state graph (`<base>graph/push-state`) records each pushed graph's SHA-256
  (of its sorted N-Triples). A push compares hashes first: pushing the same release twice sends
  nothing.
* **Incremental.** Only graphs whose hash changed travel; the knowledge graph travels as its
  difference from what was last pushed (kept beside the store, `PushSnapshot`) when the store's
  recorded hash says that is what it holds, and whole otherwise.
* **Resumable.** Uploads go in requests of at most `batch` triples (or, given a Graph Store
  endpoint, one PUT per graph); a graph is recorded as staged once all of it is there. A push killed half-way leaves staged graphs the next push keeps and at
  most one partial staging graph it drops and writes again; nothing readers see has changed.
* **One writer at a time.** A push records itself in the state graph before it writes (a node of
  its own with host and process) and renews that with every request; another push finds it and stops with a
  message naming it, unless it is stale (its process is gone on this host, or it has not written
  for `LEASE_SECONDS`). So two pushes started at once never interleave their writes.

Graphs with blank nodes (the ontology's restrictions) are sent in one request each, since a
blank node label only means the same node within one request.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import socket
import time
import uuid
from datetime import datetime, timezone
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import pyoxigraph as ox

from csto_kg.namespaces import SCHEMA
from csto_kg.release import crash_point
from csto_kg.remote import Endpoint, EndpointError
from csto_kg.store import open_published

#: Triples per upload request: Virtuoso and Oxigraph both take 10k comfortably (about 2 MB).
BATCH = 10_000
SHA256 = SCHEMA + "sha256"
VERSION = SCHEMA + "version"
# The push that holds the store: its node, its host and process, when it last wrote.
AGENT = SCHEMA + "agent"
NAME = SCHEMA + "name"
RENEWED = SCHEMA + "endTime"
XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"
#: Seconds after which a push that stopped writing no longer holds the store (on the same host,
#: a push whose process is gone never does).
LEASE_SECONDS = 600.0


class PushError(RuntimeError):
    """The push could not be completed; what readers see is unchanged. The message says why."""


@dataclass(frozen=True, eq=False)
class Graph:
    """One graph of the release: its name (None for the default graph), the SHA-256 of its
    sorted N-Triples lines, how many there are and whether any has a blank node. The lines are
    read again from the store when the graph is sent (`graph_lines`): every graph of a large
    release at once would be gigabytes of strings."""

    name: str | None
    sha256: str
    size: int
    has_blank_nodes: bool


def _lines(store: ox.Store, name: str | None) -> tuple[list[str], bool]:
    """A graph's triples as sorted N-Triples lines, and whether any has a blank node."""
    graph = ox.DefaultGraph() if name is None else ox.NamedNode(name)
    lines: list[str] = []
    blank = False
    for quad in store.quads_for_pattern(None, None, None, graph):
        blank = blank or isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)
        lines.append(f"{quad.subject} {quad.predicate} {quad.object} .")
    lines.sort()
    return lines, blank


def graph_lines(store: ox.Store, name: str | None) -> list[str]:
    """A graph's triples as sorted N-Triples lines (None: the default graph)."""
    return _lines(store, name)[0]


def digest(lines: list[str]) -> str:
    """SHA-256 of sorted N-Triples lines, each ended by a newline (what a snapshot file holds)."""
    hashed = hashlib.sha256()
    for line in lines:
        hashed.update(line.encode("utf-8") + b"\n")
    return hashed.hexdigest()


def release_graphs(store: ox.Store) -> Iterator[Graph]:
    """The default graph, then every named graph, of a published store, one at a time."""
    names = [None, *sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))]
    for name in names:
        lines, blank = _lines(store, name)
        yield Graph(name, digest(lines), len(lines), blank)


@dataclass
class PushReport:
    """What one push did, for the command's summary and the tests."""

    release: str = ""
    unchanged: int = 0  # graphs the store holds already, byte for byte
    staged: int = 0  # graphs this push wrote into staging
    resumed: int = 0  # graphs an earlier, interrupted push had staged already
    switched: int = 0  # graphs moved onto their names by the switch
    removed: int = 0  # graphs the release no longer has, dropped by the switch
    default_graph: str = "unchanged"  # "unchanged", "replaced" or "changed: -N +M"
    requests: int = 0  # requests sent (updates and Graph Store PUTs)
    triples_sent: int = 0  # triples in them (uploads, and the default graph's changes)


@dataclass(frozen=True)
class PushSnapshot:
    """The knowledge graph as last pushed to one endpoint, kept beside the store so that the
    next push sends only the difference. Trusted only while the store's state graph records the
    same hash (someone else may have pushed meanwhile)."""

    path: Path

    @classmethod
    def for_target(cls, store_path: Path, endpoint: Endpoint) -> PushSnapshot:
        target = f"{endpoint.update_url or endpoint.url}\0{endpoint.default_graph or ''}"
        key = hashlib.sha256(target.encode("utf-8")).hexdigest()[:16]
        return cls(store_path.parent / f".{store_path.name}-pushed" / f"{key}.nt")

    def read(self, sha256: str) -> list[str] | None:
        """The lines last pushed, if they hash to `sha256`; else None."""
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return None
        return lines if digest(lines) == sha256 else None

    def write(self, lines: list[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        partial.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        os.replace(partial, self.path)


@dataclass
class RemoteState:
    """What the store's state graph says it holds: the pushed graphs' hashes (the default graph
    under `Pusher.default_key`), the staged graphs' hashes and the release."""

    published: dict[str, str] = field(default_factory=dict)
    staged: dict[str, str] = field(default_factory=dict)
    release: str | None = None


class Pusher:
    """Push the release published at a store path into `endpoint`, under IRIs minted from
    `base` (the state graph and the staging graphs)."""

    def __init__(
        self,
        endpoint: Endpoint,
        base: str,
        *,
        graph_store: str | None = None,
        batch: int = BATCH,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.graph_store = graph_store
        self.batch = batch
        self.progress = progress or (lambda message: None)
        self.lock = f"urn:uuid:{uuid.uuid4()}"  # this push's node in the state graph
        self.who = f"{socket.gethostname()} {os.getpid()}"
        self.state_graph = f"{base}graph/push-state"
        self.default_key = f"{base}graph/default"
        self.staging_prefix = f"{base}graph/staging/"

    def push(self, store_path: Path) -> PushReport:
        """Stage what changed, then switch; PushError (readers unaffected) when the store fails."""
        opened = open_published(store_path)
        if opened is None:
            raise PushError(f"{store_path}: nothing is published here; run `csto-kg build` first")
        try:
            return self._push(opened.store, opened.release.id, PushSnapshot.for_target(store_path, self.endpoint))
        finally:
            opened.close()

    def _push(self, store: ox.Store, release: str, snapshot: PushSnapshot) -> PushReport:
        self.store = store  # read again as graphs are sent (`graph_lines`)
        graphs = list(release_graphs(store))
        report = PushReport(release=release)
        default = graphs[0]
        try:
            remote = self.read_state()
            changed = [g for g in graphs if remote.published.get(self.key(g)) != g.sha256]
            removed = sorted(set(remote.published) - {self.key(g) for g in graphs})  # never the default graph
            report.unchanged = len(graphs) - len(changed)
            if not changed and not removed and remote.release == report.release:
                self.progress("nothing to push: the store holds this release already")
                return report
            self.acquire()
            remote = self.read_state()  # again: another push may have finished meanwhile
            previous = None
            if default in changed and self.default_key in remote.published:
                previous = snapshot.read(remote.published[self.default_key])
            staged = [g for g in changed if g.name is not None or previous is None]
            self.stage(staged, remote, report)
            default_lines = graph_lines(store, None)
            self.switch(graphs, staged, removed, remote, default, default_lines, previous, report)
        except EndpointError as error:
            self.release_quietly()
            raise PushError(f"{error}; readers still see what they saw before this push") from error
        snapshot.write(default_lines)
        return report

    # -- one writer at a time ------------------------------------------------------------------
    # Each push is a node of its own in the state graph (`<state> schema:agent <urn:uuid:…>`,
    # with its host and process as schema:name and its last write as schema:endTime), so that a
    # push renews and removes only what is its own, even after a race left two there.
    def acquire(self, attempts: int = 5) -> None:
        """Record this push as the store's writer, or PushError naming the live push that is.
        A store may let two pushes in at the same moment (Virtuoso does not run an update as one
        transaction): each then reads the holders back, and one that is not alone withdraws,
        waits a random moment and tries again, so one of them ends up holding the store."""
        for _ in range(attempts):
            holders = self.holders()
            live = [h for h in holders if h[0] != self.lock and not _stale(h[1], h[2])]
            if live:
                _, who, renewed = live[0]
                host, _, pid = who.partition(" ")
                age = time.time() - renewed if renewed is not None else float("nan")
                raise PushError(
                    f"{self.endpoint.update_url or self.endpoint.url}: another push (host {host}, process {pid}) is writing "
                    f"into this store, last heard of {age:.0f} s ago; run again when it has finished"
                )
            gone = [self._unlock(node) for node, _, _ in holders]
            stamp = self._stamp()
            self.endpoint.update(" ;\n".join([*gone, f'INSERT DATA {{ GRAPH <{self.state_graph}> {{ <{self.state_graph}> <{AGENT}> <{self.lock}> . '
                                                       f'<{self.lock}> <{NAME}> {_literal(self.who)} . {stamp} }} }}']))  # fmt: skip
            if [h[0] for h in self.holders()] == [self.lock]:
                return
            self.endpoint.update(self._unlock(self.lock))
            time.sleep(random.uniform(0.05, 0.5))
        raise PushError(f"{self.endpoint.update_url or self.endpoint.url}: another push took this store at the same moment; run again when it has finished")

    def holders(self) -> list[tuple[str, str, float | None]]:
        """(node, "host pid", when it last wrote) of every push the state graph records."""
        state = self.state_graph
        rows = self.endpoint.query(
            f"SELECT ?node ?who ?renewed WHERE {{ GRAPH <{state}> {{ <{state}> <{AGENT}> ?node "
            f"OPTIONAL {{ ?node <{NAME}> ?who }} OPTIONAL {{ ?node <{RENEWED}> ?renewed }} }} }}",
            form="SELECT",
        )
        found = []
        for row in rows:  # type: ignore[union-attr]
            who, renewed = row["who"], row["renewed"]
            try:
                seconds = datetime.fromisoformat(renewed.value).timestamp() if renewed is not None else None
            except ValueError:
                seconds = None
            found.append((row["node"].value, who.value if who is not None else "", seconds))  # type: ignore[union-attr]
        return sorted(found)

    def holder(self) -> tuple[str | None, float | None]:
        """("host pid" of the push that holds the store, when it last wrote), or (None, None)."""
        holders = self.holders()
        return (holders[0][1], holders[0][2]) if holders else (None, None)

    def release_quietly(self) -> None:
        """Give the store up after a failure, if it still answers (else the lease runs out)."""
        try:
            self.endpoint.update(self._unlock(self.lock))
        except EndpointError:
            pass

    def _unlock(self, node: str) -> str:
        """The operation that removes one push's record (nothing if it is not there)."""
        state = self.state_graph
        return f"DELETE WHERE {{ GRAPH <{state}> {{ <{state}> <{AGENT}> <{node}> . <{node}> ?p ?o }} }}"

    def _stamp(self) -> str:
        now = datetime.now(timezone.utc).isoformat()
        return f'<{self.lock}> <{RENEWED}> "{now}"^^<{XSD_DATETIME}>'

    def _renewal(self) -> str:
        """The operation that says this push still writes (if it still holds the store)."""
        state = self.state_graph
        return (
            f"DELETE {{ GRAPH <{state}> {{ <{self.lock}> <{RENEWED}> ?renewed }} }} "
            f"INSERT {{ GRAPH <{state}> {{ {self._stamp()} }} }} "
            f"WHERE {{ GRAPH <{state}> {{ <{self.lock}> <{RENEWED}> ?renewed }} }}"
        )

    def key(self, graph: Graph) -> str:
        """The graph's name in the state graph."""
        return self.default_key if graph.name is None else graph.name

    def staging_name(self, graph: Graph) -> str:
        return self.staging_prefix + graph.sha256

    def target(self, graph: Graph) -> str:
        return self.location(self.key(graph))

    def location(self, key: str) -> str:
        """Where the graph with this state key lives in the store, as SPARQL Update names it."""
        if key != self.default_key:
            return f"<{key}>"
        return f"<{self.endpoint.default_graph}>" if self.endpoint.default_graph else "DEFAULT"

    def read_state(self) -> RemoteState:
        """The state graph, read with no dataset declared: a store that is told a default graph
        (Virtuoso) hides every named graph from GRAPH <...> in that query."""
        state = RemoteState()
        rows = self.endpoint.query(
            f"SELECT ?g ?sha ?version WHERE {{ GRAPH <{self.state_graph}> {{ "
            f"{{ ?g <{SHA256}> ?sha }} UNION {{ <{self.state_graph}> <{VERSION}> ?version }} }} }}",
            form="SELECT",
        )
        if not isinstance(rows, ox.QuerySolutions):
            raise EndpointError(f"{self.endpoint.url}: expected solutions to a SELECT")
        for row in rows:
            version, name, sha = row["version"], row["g"], row["sha"]
            if version is not None:
                state.release = version.value
            elif name is not None and sha is not None:
                (state.staged if name.value.startswith(self.staging_prefix) else state.published)[name.value] = sha.value
        return state

    # -- staging -------------------------------------------------------------------------------
    def stage(self, graphs: list[Graph], remote: RemoteState, report: PushReport) -> None:
        """Write every graph not staged yet into its staging graph, at most `batch` triples a
        request. A graph's first request drops what a killed push may have left half-written in
        its staging graph; its last request records it as staged."""
        request: list[str] = []
        size = 0
        pending = {self.staging_name(g): g for g in graphs}
        for name, graph in pending.items():
            if remote.staged.get(name) == graph.sha256:
                report.resumed += 1
                continue
            report.staged += 1
            lines = graph_lines(self.store, graph.name)
            mark = f'INSERT DATA {{ GRAPH <{self.state_graph}> {{ <{name}> <{SHA256}> "{graph.sha256}" }} }}'
            if self.graph_store:
                # A Graph Store PUT replaces the graph whole; the marks of graphs PUT go in one
                # update once `batch` triples are unmarked (what a kill would make us send again).
                self._put(name, lines, report)
                request.append(mark)
                size += len(lines)
                if size >= self.batch:
                    self._send(request, 0, report)
                    request, size = [], 0
                continue
            pieces = self._pieces(graph, lines)
            for index, piece in enumerate(pieces):
                if request and size + len(piece) > self.batch:
                    self._send(request, size, report)
                    request, size = [], 0
                if index == 0:
                    request.append(f"DROP SILENT GRAPH <{name}>")
                request.append(f"INSERT DATA {{ GRAPH <{name}> {{\n{chr(10).join(piece)}\n}} }}")
                size += len(piece)
                if index == len(pieces) - 1:
                    request.append(mark)
        if request:
            self._send(request, 0 if self.graph_store else size, report)

    def _pieces(self, graph: Graph, lines: list[str]) -> list[list[str]]:
        """The graph's lines in pieces of at most `batch`, or whole when it has blank nodes (a
        label names the same node only within one request)."""
        if graph.has_blank_nodes or len(lines) <= self.batch:
            return [lines]
        return [lines[i : i + self.batch] for i in range(0, len(lines), self.batch)]

    def _put(self, name: str, lines: list[str], report: PushReport) -> None:
        assert self.graph_store is not None
        self.endpoint.put_graph(self.graph_store, name, "".join(line + "\n" for line in lines).encode("utf-8"))
        self._sent(len(lines), report)

    def _send(self, operations: list[str], triples: int, report: PushReport, *, last: bool = False) -> None:
        """One update request, which also renews this push's hold (or, the last, gives it up)."""
        self.endpoint.update(" ;\n".join([*operations, self._unlock(self.lock) if last else self._renewal()]))
        self._sent(triples, report)

    def _sent(self, triples: int, report: PushReport) -> None:
        report.requests += 1
        report.triples_sent += triples
        self.progress(f"request {report.requests}: {triples:,} triples")
        crash_point(f"push-request-{report.requests}")

    # -- the switch ------------------------------------------------------------------------------
    def switch(
        self,
        graphs: list[Graph],
        staged: list[Graph],
        removed: list[str],
        remote: RemoteState,
        default: Graph,
        default_lines: list[str],
        previous: list[str] | None,
        report: PushReport,
    ) -> None:
        """Staged graphs onto their names, the knowledge graph's changes, graphs gone and
        leftover staging graphs dropped, the release recorded: in one request when it fits in
        `batch` (operations and triples), else in several, each of which leaves the state graph
        true of what the store holds (so a push killed mid-switch resumes correctly)."""
        steps: list[Step] = []
        by_staging: dict[str, list[Graph]] = defaultdict(list)
        for graph in staged:
            by_staging[self.staging_name(graph)].append(graph)
        for name, targets in by_staging.items():
            *copies, last = targets  # identical contents share one staging graph
            operations = [f"COPY SILENT <{name}> TO {self.target(g)}" for g in copies]
            operations.append(f"MOVE SILENT <{name}> TO {self.target(last)}")
            steps.append(Step(operations, len(operations), [name, *map(self.key, targets)], [(self.key(g), g.sha256) for g in targets]))
        report.switched = len(staged)
        if default not in staged and previous is not None:
            steps += self._default_changes(previous, default, default_lines, report)
        elif default in staged:
            report.default_graph = "replaced"
        for name in removed:
            steps.append(Step([f"DROP SILENT GRAPH <{name}>"], 1, [name]))
        report.removed = len(removed)
        for name in sorted(set(remote.staged) - set(by_staging)):
            steps.append(Step([f"DROP SILENT GRAPH <{name}>"], 1, [name]))  # left by a push of another release
        steps.append(Step([
            f"DELETE WHERE {{ GRAPH <{self.state_graph}> {{ <{self.state_graph}> <{VERSION}> ?version }} }}",
            f'INSERT DATA {{ GRAPH <{self.state_graph}> {{ <{self.state_graph}> <{VERSION}> "{report.release}" }} }}',
        ], 1))
        request: list[Step] = []
        for step in steps:
            if request and sum(s.size for s in request) + step.size > self.batch:
                self._apply(request, report)
                request = []
            request.append(step)
        self._apply(request, report, last=True)

    def _default_changes(self, previous: list[str], default: Graph, lines: list[str], report: PushReport) -> list[Step]:
        """The knowledge graph's difference from what was pushed last, in steps of `batch`
        triples: the first forgets its recorded hash, the last records the new one."""
        deleted, inserted = difference(previous, lines)
        report.default_graph = f"changed: -{len(deleted)} +{len(inserted)}"
        opening, closing = (f"GRAPH <{self.endpoint.default_graph}> {{", "}") if self.endpoint.default_graph else ("", "")
        steps = []
        for verb, lines in (("DELETE", deleted), ("INSERT", inserted)):
            for i in range(0, len(lines), self.batch):
                piece = lines[i : i + self.batch]
                steps.append(Step([f"{verb} DATA {{ {opening}\n{chr(10).join(piece)}\n{closing} }}"], len(piece), triples=len(piece)))
        if not steps:
            return []
        steps[0].forget.append(self.default_key)
        steps[-1].record.append((self.default_key, default.sha256))
        return steps

    def _apply(self, steps: list[Step], report: PushReport, *, last: bool = False) -> None:
        """One request: the steps' operations, then the state graph brought up to date."""
        operations = [operation for step in steps for operation in step.operations]
        forget = [key for step in steps for key in step.forget]
        record = [(key, sha) for step in steps for key, sha in step.record]
        if forget:
            values = " ".join(f"<{key}>" for key in forget)
            operations.append(
                f"DELETE {{ GRAPH <{self.state_graph}> {{ ?g <{SHA256}> ?sha }} }} "
                f"WHERE {{ GRAPH <{self.state_graph}> {{ ?g <{SHA256}> ?sha }} VALUES ?g {{ {values} }} }}"
            )
        if record:
            marks = "\n".join(f'<{key}> <{SHA256}> "{sha}" .' for key, sha in record)
            operations.append(f"INSERT DATA {{ GRAPH <{self.state_graph}> {{\n{marks}\n}} }}")
        self._send(operations, sum(step.triples for step in steps), report, last=last)


def _literal(text: str) -> str:
    """A SPARQL string literal (JSON's escapes are SPARQL's for these characters)."""
    return json.dumps(text, ensure_ascii=False)


def _stale(who: str, renewed: float | None) -> bool:
    """Whether a recorded push ("host pid") no longer holds the store: its process is gone (on
    this host), or it has not written for LEASE_SECONDS."""
    host, _, pid = who.partition(" ")
    if host == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass
    return renewed is None or time.time() - renewed > LEASE_SECONDS


@dataclass
class Step:
    """Part of a switch: update operations, what they count against the batch, the state keys
    they make untrue (forgotten) and the (key, hash) pairs they make true (recorded)."""

    operations: list[str]
    size: int
    forget: list[str] = field(default_factory=list)
    record: list[tuple[str, str]] = field(default_factory=list)
    triples: int = 0


def difference(old: list[str], new: list[str]) -> tuple[list[str], list[str]]:
    """(lines only in `old`, lines only in `new`) of two sorted lists, in one pass."""
    deleted: list[str] = []
    inserted: list[str] = []
    i = j = 0
    while i < len(old) and j < len(new):
        if old[i] == new[j]:
            i, j = i + 1, j + 1
        elif old[i] < new[j]:
            deleted.append(old[i])
            i += 1
        else:
            inserted.append(new[j])
            j += 1
    deleted += old[i:]
    inserted += new[j:]
    return deleted, inserted
