"""writes: SPARQL Update and Graph Store writes, each published as a new release.

A write never touches the published release: like `csto-kg add`, it takes the store's writer lock
(waiting for a build or an add that holds it), makes a checkpoint of the published release (hard
links), applies the change to that copy, writes the dumps, and switches the new release in whole
(`release.py`). So an acknowledged write is in the store the server reads next and in the dumps,
a write killed half-way (its time limit, a crash) leaves nothing behind, and the update is kept
in the release's edits journal, which `csto-kg build` replays on a rebuilt store.

This runs in a worker process (`workers.py`), behind the same network sandbox and time limit as
queries, never in the web process: a crash costs only the request. The update is parsed first
(`syntax.py`): LOAD and SERVICE are refused, and the protocol's `using-graph-uri` /
`using-named-graph-uri` become USING clauses placed by the parser's tokens, not by a text scan.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from csto_kg.config import DEFAULT_BASE, Config
from csto_kg.publish import Dataset, write_dumps
from csto_kg.release import Draft, ReleaseError, drafting
from csto_kg.server.jobs import Job, Outcome
from csto_kg.server.syntax import Parsed, SparqlSyntaxError, TooDeep, parse
from csto_kg.store import PEOPLE_INDEX

FETCHES = ("LOAD", "SERVICE")


class WriteRefused(Exception):
    """A write the client must change: `status` and the message are the response."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def apply(job: Job) -> Outcome:
    """Carry out a write job (see the module docstring); every refusal is an Outcome."""
    config = Config(base=job.base_iri or DEFAULT_BASE, store=Path(job.store_link))
    try:
        if job.kind == "update":
            return _update(job, config)
        return _graph_write(job, config)
    except WriteRefused as refused:
        return Outcome.error(refused.status, str(refused))
    except ReleaseError as busy:
        return Outcome(503, (f"{busy}; retry in a moment.\n").encode(), "text/plain", {"Retry-After": "1"})


def prepare_update(text: str, using: tuple[str, ...] = (), using_named: tuple[str, ...] = ()) -> str:
    """The update to run: parsed, LOAD and SERVICE refused, USING clauses from the protocol's
    parameters placed before every WHERE of a DELETE/INSERT, and every CLEAR made CLEAR SILENT
    (pyoxigraph fails a CLEAR of a graph it does not hold, where the protocol expects success)."""
    parsed = _parse_update(text)
    refused = [keyword for keyword in FETCHES if parsed.uses(keyword)]
    if refused:
        raise WriteRefused(403, f"{' and '.join(refused)} would make this server fetch URLs: refused.")
    if (using or using_named) and (parsed.uses("USING") or parsed.uses("WITH")):
        raise WriteRefused(
            400,
            "using-graph-uri / using-named-graph-uri cannot be combined with an update that has its "
            "own USING, USING NAMED or WITH clause.",
        )
    clauses = "".join(f"USING <{iri}> " for iri in using) + "".join(f"USING NAMED <{iri}> " for iri in using_named)
    rewritten = _insert(text, _insertions(parsed, clauses))
    return _parse_update(rewritten).text if rewritten != text else text


def _parse_update(text: str) -> Parsed:
    try:
        return parse(text, "update")
    except TooDeep as error:
        raise WriteRefused(400, f"Update too deeply nested: {error}") from error
    except SparqlSyntaxError as error:
        raise WriteRefused(400, f"Update syntax error: {error}") from error


def _insertions(parsed: Parsed, using_clauses: str) -> list[tuple[int, str]]:
    """(offset, text) to insert: USING clauses before the WHERE of each DELETE/INSERT ... WHERE
    (not DELETE WHERE, which takes none), SILENT after each CLEAR that has none."""
    insertions: list[tuple[int, str]] = []
    depth, previous = 0, ""
    tokens = parsed.tokens
    for index, (kind, start, end) in enumerate(tokens):
        if kind == "LBRACE":
            depth += 1
        elif kind == "RBRACE":
            depth -= 1
        elif depth == 0 and kind == "WHERE" and previous != "DELETE" and using_clauses:
            insertions.append((start, using_clauses))
        elif kind == "CLEAR" and (index + 1 == len(tokens) or tokens[index + 1][0] != "SILENT"):
            insertions.append((end, " SILENT"))
        if depth == 0 and kind not in ("LBRACE", "RBRACE"):
            previous = kind
    return insertions


def _insert(text: str, insertions: list[tuple[int, str]]) -> str:
    for offset, addition in sorted(insertions, reverse=True):
        text = text[:offset] + addition + text[offset:]
    return text


def _update(job: Job, config: Config) -> Outcome:
    text = prepare_update(job.query, job.using_graphs, job.using_named_graphs)
    with drafting(config.store, what="a SPARQL Update", wait=job.wait) as draft:
        store = _checkpoint(draft)
        try:
            store.update(text, base_iri=job.base_iri)
        except SyntaxError as error:
            raise WriteRefused(400, f"Update syntax error: {error}") from error
        except (RuntimeError, ValueError, OSError) as error:
            raise WriteRefused(400, f"Update evaluation error: {error}") from error
        _publish(draft, store, config, text)
    return Outcome(204)


def _graph_write(job: Job, config: Config) -> Outcome:
    """PUT (replace), POST (merge) or DELETE of one graph, as the Graph Store Protocol says."""
    graph = ox.NamedNode(job.graph) if job.graph else None
    triples = _payload(job) if job.method in ("PUT", "POST") else []
    with drafting(config.store, what="a Graph Store write", wait=job.wait) as draft:
        store = _checkpoint(draft)
        existed = graph is None or store.contains_named_graph(graph)
        if job.method == "DELETE":
            if not existed:
                return Outcome.error(404, f"No graph <{job.graph}> in this store.")
            text = f"DROP GRAPH <{job.graph}>" if graph else "CLEAR DEFAULT"
        else:
            text = _replace_or_merge(graph, triples, replace=job.method == "PUT")
        if text:
            store.update(text)
        _publish(draft, store, config, text)
    return Outcome(204 if existed else 201)


def _payload(job: Job) -> list[ox.Triple]:
    format = ox.RdfFormat.from_media_type(job.payload_type)
    if format is None:
        raise WriteRefused(415, f"Unsupported Media Type {job.payload_type}.")
    try:
        quads = ox.parse(job.payload, format, base_iri=job.graph or job.base_iri, without_named_graphs=True)
        return [quad.triple for quad in quads]
    except (SyntaxError, ValueError) as error:
        raise WriteRefused(400, f"The {job.payload_type} payload does not parse: {error}") from error


def _replace_or_merge(graph: ox.NamedNode | None, triples: list[ox.Triple], *, replace: bool) -> str:
    """The update that replaces (PUT) or extends (POST) a graph with `triples`."""
    data = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
    target = f"GRAPH {graph} {{ {data} }}" if graph else data
    operations = []
    if replace:
        operations.append(f"CLEAR SILENT GRAPH {graph}" if graph else "CLEAR SILENT DEFAULT")
    if graph:
        operations.append(f"CREATE SILENT GRAPH {graph}")
    if triples:
        operations.append(f"INSERT DATA {{ {target} }}")
    return " ;\n".join(operations)


def _checkpoint(draft: Draft) -> ox.Store:
    """The draft's store: a checkpoint of the published one, opened for writing."""
    if draft.parent is None:
        raise WriteRefused(409, "Nothing is published in this store yet: run `csto-kg build` first.")
    ox.Store.read_only(str(draft.parent.path)).backup(str(draft.path))
    people = draft.parent.path / PEOPLE_INDEX
    if people.is_file():
        (draft.path / PEOPLE_INDEX).write_bytes(people.read_bytes())
    return ox.Store(str(draft.path))


def _publish(draft: Draft, store: ox.Store, config: Config, update: str) -> None:
    """Dumps from the changed store, the edit journalled, the release switched in."""
    store.flush()
    dataset = Dataset.of_store(store, draft.path, config)
    dumps = write_dumps(dataset, config, draft.path)
    edits = draft.parent_edits() + ([update] if update else [])
    draft.keep_edits(edits)
    figures = dict(draft.parent.figures) if draft.parent else {}
    figures["quads"] = dataset.quads
    figures["triples"] = dataset.triples
    # The dumps folder links through the store link (release.link_dumps): it follows by itself.
    draft.publish(dumps, figures=figures, edits=len(edits), dist_link=None)
