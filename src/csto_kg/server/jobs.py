"""Jobs for the worker processes, and how a read job is answered.

A `Job` is plain data (it pickles): a query, a graph to read, the graph sizes, or a write. The
web process hands jobs to `workers.QueryPool`; a worker answers each with an `Outcome`: an HTTP
status and the body already serialised in the negotiated format, so that nothing but bytes comes
back across the pipe.

Every query is parsed first (`syntax.py`): SERVICE is refused (403), a malformed or too deeply
nested query is a 400 before pyoxigraph sees it, and whether the query names its own dataset
(FROM) is read off the parse, not guessed from the text. Rows are limited as `workers.py` says.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import html
import itertools
import json
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring as _json_string  # type: ignore[attr-defined]
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
    serialize,
)

from csto_kg.namespaces import XSD
from csto_kg.remote import EndpointError
from csto_kg.server.syntax import SparqlSyntaxError, TooDeep, parse
from csto_kg.store import named_graph_sizes

ROW_LIMIT_HEADER = "CSTO-Row-Limit"
TRUNCATED_HEADER = "CSTO-Truncated"
XSD_STRING = XSD + "string"
SERVICE_REFUSED = "Federated queries (SERVICE) are not executed by this endpoint."


# --- jobs and outcomes -------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One unit of work for a worker; plain data, so it pickles.

    kind: "query" (evaluate `query`), "graph" (the content of one graph: `graph` is an IRI, or
    None for the store's default graph), "describe" (the RDF of the resource `graph` names, as
    /id/... serves it), "sizes" (triples per named graph and in the default graph), or a write: "update"
    (the SPARQL Update in `query`) or "graph-write" (`method` PUT, POST or DELETE of `graph` with
    `payload` of `payload_type`), see `writes.py`.
    `release` is the release directory a read job reads: the one the request started with, so that
    every part of an answer comes from one version. Writes publish into the store at `store_link`,
    waiting at most `wait` seconds for another writer to finish.
    For queries, `default_graphs` / `named_graphs` are the protocol's dataset (None: not given);
    without them, and without FROM in the query, the default graph is the store's own (the
    knowledge graph).
    `results_media_type` / `graph_media_type` are the negotiated types for solutions or booleans
    and for triples; None means the client accepts none, answered 406 once the kind is known.
    """

    kind: str
    release: str = ""
    query: str = ""
    base_iri: str | None = None
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    graph: str | None = None
    results_media_type: str | None = None
    graph_media_type: str | None = None
    row_limit: int | None = None
    store_link: str = ""
    wait: float = 0.0
    method: str = ""
    payload: bytes = b""
    payload_type: str = ""
    using_graphs: tuple[str, ...] = ()
    using_named_graphs: tuple[str, ...] = ()

    @property
    def writes(self) -> bool:
        return self.kind in ("update", "graph-write")

    @functools.cached_property
    def fingerprint(self) -> str:
        """What identifies the work a job does, to know what the same query cost before."""
        text = "\0".join((self.kind, self.query, repr(self.default_graphs), repr(self.named_graphs), self.graph or ""))
        return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class Outcome:
    """What a worker answers: an HTTP status, a body and its media type, extra headers.

    `result_kind` ("solutions", "boolean", "triples") is set for queries, so a 406 can name the
    formats of the right kind; `value` carries non-HTTP results (graph sizes).
    """

    status: int
    body: bytes = b""
    media_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    result_kind: str | None = None
    value: Any = None
    cpu_seconds: float = 0.0  # what answering cost the worker (the pool learns queries' costs from it)

    @classmethod
    def error(cls, status: int, message: str) -> Outcome:
        return cls(status, (message.rstrip("\n") + "\n").encode("utf-8"), "text/plain")


# --- evaluation (runs in the worker; also usable in-process) -----------------------------


def execute(store: Store, job: Job, knowledge_graph: Store | None = None) -> Outcome:
    """Answer a read job on `store`; every failure the client caused becomes a 4xx Outcome.

    `knowledge_graph`, when given, is an in-memory copy of the store's default graph
    (`memory_copy.py`): a query that reads nothing else is answered from it, faster."""
    try:
        if job.kind == "sizes":
            return Outcome(200, value=graph_sizes(store))
        if job.kind == "graph":
            return _graph_content(store, job)
        if job.kind == "describe":
            return _describe(store, job)
        return _query(store, job, knowledge_graph)
    except EndpointError as error:  # serving over an external endpoint (remote_store.py)
        return Outcome.error(error.status, f"The store behind this server: {error}")
    except TooDeep as error:
        return Outcome.error(400, f"Query too deeply nested: {error}")
    except SparqlSyntaxError as error:
        return Outcome.error(400, f"Query syntax error: {error}")
    except SyntaxError as error:
        return Outcome.error(400, f"Query syntax error: {error}")
    except (RuntimeError, ValueError) as error:
        return Outcome.error(400, f"Query evaluation error: {error}")


DEFAULT_GRAPH_KEY = ""


def graph_sizes(store: Store) -> dict[str, int]:
    """Triples per named graph (empty graphs included), keyed by the graph's N-Triples form, and
    the default graph's under `DEFAULT_GRAPH_KEY`."""
    return keyed_sizes(default_graph_size(store), named_graph_sizes(store))


def keyed_sizes(default: int, named: dict[NamedNode | BlankNode, int]) -> dict[str, int]:
    """Graph sizes as a "sizes" job answers them: N-Triples names, the default graph's under
    `DEFAULT_GRAPH_KEY`."""
    return {DEFAULT_GRAPH_KEY: default} | {str(name): size for name, size in named.items()}


def default_graph_size(store: Store) -> int:
    """Triples in the default graph (the knowledge graph)."""
    counted = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(counted, QuerySolutions)
    return next(int(row["n"].value) for row in counted)  # type: ignore[union-attr]


def _names(uris: Iterable[str]) -> list[NamedNode]:
    return [NamedNode(uri) for uri in uris]


def _query(store: Store, job: Job, knowledge_graph: Store | None) -> Outcome:
    parsed = parse(job.query, "query")
    if parsed.uses("SERVICE"):
        return Outcome.error(403, SERVICE_REFUSED)
    protocol_dataset = job.default_graphs is not None or job.named_graphs is not None
    if knowledge_graph is not None and not protocol_dataset and not (parsed.uses("GRAPH") or parsed.uses("FROM")):
        result = knowledge_graph.query(job.query, base_iri=job.base_iri)  # reads the default graph only
    elif protocol_dataset:
        result = store.query(
            job.query,
            base_iri=job.base_iri,
            default_graph=_names(job.default_graphs or ()),
            named_graphs=_names(job.named_graphs or ()),
        )
    else:
        # The default graph is the knowledge graph (each fact once); FROM and GRAPH reach further.
        result = store.query(job.query, base_iri=job.base_iri)
    if isinstance(result, QueryTriples):
        if job.graph_media_type is None:
            return Outcome(406, result_kind="triples")
        outcome = _triples(result, job.graph_media_type, job.row_limit)
        outcome.result_kind = "triples"
        return outcome
    kind = "boolean" if isinstance(result, QueryBoolean) else "solutions"
    if job.results_media_type is None:
        return Outcome(406, result_kind=kind)
    if isinstance(result, QueryBoolean):
        body = result.serialize(format=_results_format(job.results_media_type))
        return Outcome(200, body or b"", job.results_media_type, result_kind=kind)
    with _no_cyclic_collection():
        rows, headers = _capped(map(tuple, result), job.row_limit)  # each solution's values, in variable order
        body = write_solutions([v.value for v in result.variables], rows, job.results_media_type)
    return Outcome(200, body, job.results_media_type, headers, result_kind=kind)


@contextlib.contextmanager
def _no_cyclic_collection() -> Iterator[None]:
    """Reading solutions allocates a term object per binding (34k for the events of 1,000
    articles), none of them in a cycle, and each allocation may start a collection that walks
    them all: 9% of the answer's time. Collection resumes, and catches up, once it is written."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _graph_content(store: Store, job: Job) -> Outcome:
    if job.graph is None:
        graph: NamedNode | DefaultGraph = DefaultGraph()
    else:
        graph = NamedNode(job.graph)
        if not store.contains_named_graph(graph):
            return Outcome.error(404, f"No graph <{job.graph}> in this store.")
    if job.graph_media_type is None:
        return Outcome(406, result_kind="triples")
    triples = (quad.triple for quad in store.quads_for_pattern(None, None, None, graph))
    return _triples(triples, job.graph_media_type, job.row_limit)


def _describe(store: Store, job: Job) -> Outcome:
    """A resource's RDF (`description.describe`) in the negotiated format: what /id/... serves."""
    from csto_kg.server.description import describe, serialize_triples

    assert job.graph is not None and job.graph_media_type is not None
    triples = describe(store, NamedNode(job.graph))
    body = serialize_triples(triples, _rdf_format(job.graph_media_type), _context(job.release))
    return Outcome(200, body, job.graph_media_type)


@functools.lru_cache(maxsize=8)
def _context(release: str) -> dict[str, Any] | None:
    """The JSON-LD context a release published (else the one in mappings/)."""
    from csto_kg.config import PROJECT_ROOT

    for path in (Path(release) / "dumps" / "context.jsonld", PROJECT_ROOT / "mappings" / "context.jsonld"):
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return None


def _capped(items: Iterable[Any], limit: int | None) -> tuple[list[Any], dict[str, str]]:
    """At most `limit` items, and the headers that say so (and whether the limit cut)."""
    if limit is None:
        return list(items), {}
    taken = list(itertools.islice(items, limit + 1))
    headers = {ROW_LIMIT_HEADER: str(limit)}
    if len(taken) > limit:
        del taken[limit:]
        headers[TRUNCATED_HEADER] = "true"
    return taken, headers


def _triples(triples: Iterable[Triple], media_type: str, limit: int | None) -> Outcome:
    kept, headers = _capped(triples, limit)
    body = serialize(kept, format=_rdf_format(media_type)) or b""
    return Outcome(200, body, media_type, headers)


def _results_format(media_type: str) -> QueryResultsFormat:
    found = QueryResultsFormat.from_media_type(media_type)
    if found is None:
        raise ValueError(f"no results format for {media_type}")
    return found


def _rdf_format(media_type: str) -> RdfFormat:
    found = RdfFormat.from_media_type(media_type)
    if found is None:
        raise ValueError(f"no RDF format for {media_type}")
    return found


# --- SPARQL results writers (a capped SELECT is a list, which pyoxigraph cannot serialise) ----

Term = NamedNode | BlankNode | Literal | Triple


def write_solutions(variables: list[str], table: list[tuple[Term | None, ...]], media_type: str) -> bytes:
    """Serialise solutions as SPARQL 1.1 results JSON, XML, CSV or TSV (by media type).

    Each row holds a solution's values in the order of `variables` (None where unbound): what
    `tuple()` of a pyoxigraph solution gives, 10x cheaper than reading its values by name."""
    format = _results_format(media_type)
    if format == QueryResultsFormat.JSON:
        return _json_results(variables, table)
    if format == QueryResultsFormat.XML:
        return _xml_results(variables, table)
    if format == QueryResultsFormat.CSV:
        return _csv_results(variables, table)
    if format == QueryResultsFormat.TSV:
        return _tsv_results(variables, table)
    raise ValueError(f"no solutions writer for {media_type}")


def _json_term(term: Term) -> str:
    """One term in SPARQL results JSON, as text: written once per distinct term of an answer (see
    `_json_results`), with the json module's own string escaping."""
    if isinstance(term, NamedNode):
        return f'{{"type":"uri","value":{_json_string(term.value)}}}'
    if isinstance(term, BlankNode):
        return f'{{"type":"bnode","value":{_json_string(term.value)}}}'
    if isinstance(term, Triple):
        parts = (f'"{name}":{_json_term(part)}' for name, part in zip(("subject", "predicate", "object"), term))
        return '{"type":"triple","value":{' + ",".join(parts) + "}}"
    value = _json_string(term.value)
    if term.language:
        return f'{{"type":"literal","value":{value},"xml:lang":{_json_string(term.language)}}}'
    if term.datatype.value != XSD_STRING:
        return f'{{"type":"literal","value":{value},"datatype":{_json_string(term.datatype.value)}}}'
    return f'{{"type":"literal","value":{value}}}'


#: Terms written as results JSON, kept across answers (a term's text depends on nothing else):
#: the same labels and IRIs come back in every answer. Emptied when it reaches the bound.
_WRITTEN: dict[Term, bytes] = {}
_WRITTEN_BOUND = 100_000


def _json_results(variables: list[str], table: list[tuple[Term | None, ...]]) -> bytes:
    """Results JSON written as UTF-8 pieces: an answer names the same terms many times (the
    events of 1,000 articles: 34k bindings of 6.4k terms), so each term is written and encoded
    once and reused, 8x faster than building the document as dicts for json.dumps."""
    keys = [(_json_string(name) + ":").encode("utf-8") for name in variables]
    if len(_WRITTEN) > _WRITTEN_BOUND:
        _WRITTEN.clear()
    written = _WRITTEN
    rows = []
    for row in table:
        bindings = []
        for key, term in zip(keys, row):
            if term is not None:
                text = written.get(term)
                if text is None:
                    text = written[term] = _json_term(term).encode("utf-8")
                bindings.append(key + text)
        rows.append(b"{" + b",".join(bindings) + b"}")
    head = ",".join(_json_string(name) for name in variables).encode("utf-8")
    return b'{"head":{"vars":[' + head + b']},"results":{"bindings":[' + b",".join(rows) + b"]}}"


def _xml_term(term: Term) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{html.escape(term.value, quote=False)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{html.escape(term.value, quote=False)}</bnode>"
    if isinstance(term, Triple):
        parts = zip(("subject", "predicate", "object"), (term.subject, term.predicate, term.object))
        inner = "".join(f"<{name}>{_xml_term(part)}</{name}>" for name, part in parts)
        return f"<triple>{inner}</triple>"
    text = html.escape(term.value, quote=False)
    if term.language:
        return f'<literal xml:lang="{html.escape(term.language)}">{text}</literal>'
    if term.datatype.value != XSD_STRING:
        return f'<literal datatype="{html.escape(term.datatype.value)}">{text}</literal>'
    return f"<literal>{text}</literal>"


def _xml_results(variables: list[str], table: list[tuple[Term | None, ...]]) -> bytes:
    parts = [
        '<?xml version="1.0"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>',
        *(f'<variable name="{html.escape(name)}"/>' for name in variables),
        "</head><results>",
    ]
    for row in table:
        parts.append("<result>")
        for name, term in zip(variables, row):
            if term is not None:
                parts.append(f'<binding name="{html.escape(name)}">{_xml_term(term)}</binding>')
        parts.append("</result>")
    parts.append("</results></sparql>")
    return "".join(parts).encode("utf-8")


def _csv_value(term: Term | None) -> str:
    if term is None:
        text = ""
    elif isinstance(term, BlankNode):
        text = "_:" + term.value
    elif isinstance(term, Triple):
        text = _tsv_value(term)
    else:
        text = term.value
    if any(character in text for character in '",\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_results(variables: list[str], table: list[tuple[Term | None, ...]]) -> bytes:
    lines = [",".join(variables)]
    lines += [",".join(_csv_value(term) for term in row) for row in table]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _tsv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, Triple):
        inner = " ".join(_tsv_value(part) for part in (term.subject, term.predicate, term.object))
        return f"<<( {inner} )>>"
    return str(term)  # N-Triples form: <iri>, _:id, "text"@lang, "1"^^<datatype>


def _tsv_results(variables: list[str], table: list[tuple[Term | None, ...]]) -> bytes:
    lines = ["\t".join("?" + name for name in variables)]
    lines += ["\t".join(_tsv_value(term) for term in row) for row in table]
    return ("\n".join(lines) + "\n").encode("utf-8")


