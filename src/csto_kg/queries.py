"""Named SPARQL queries (queries/*.rq): their headers, parameters, and running them anywhere.

A query file starts with comment lines `# title:`, `# description:`, `# columns:` and, for
parameterised queries, `# param: NAME TYPE DEFAULT` (TYPE is `iri` or an xsd datatype such as
`xsd:date`). A parameter is bound by a `VALUES` block placed first in the query's WHERE group
(plain SPARQL 1.1, so the same text runs on the local store and on any remote endpoint). Not by a
trailing `VALUES` after the query: that one is joined only after the WHERE group is evaluated, so
a FILTER reading the parameter would see it unbound and drop every row.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from csto_kg.namespaces import XSD

_HEADER = re.compile(r"^#\s*(title|description|columns|param):\s?(.*)$")


class QueryError(ValueError):
    """A named query that cannot be found, parsed or run; the message says which and why."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: str

    def term(self, value: str) -> str:
        """The SPARQL term for a value of this parameter."""
        if self.type == "iri":
            if not re.fullmatch(r"[^\s<>\"{}|^`\\]+", value):
                raise QueryError(f"parameter {self.name!r}: not an IRI: {value!r}")
            return f"<{value}>"
        datatype = XSD + self.type.split(":", 1)[1] if self.type.startswith("xsd:") else self.type
        return f"{json.dumps(value)}^^<{datatype}>"


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    title: str = ""
    description: str = ""
    columns: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = field(default=())

    def bound(self, values: dict[str, str] | None = None) -> str:
        """The query text with every parameter bound (given values, else defaults)."""
        values = dict(values or {})
        unknown = set(values) - {p.name for p in self.parameters}
        if unknown:
            raise QueryError(f"{self.path}: no parameter named {', '.join(sorted(unknown))}")
        if not self.parameters:
            return self.text
        names = " ".join(f"?{p.name}" for p in self.parameters)
        terms = " ".join(p.term(values.get(p.name, p.default)) for p in self.parameters)
        where = _where_group(self.text)
        if where is None:
            raise QueryError(f"{self.path}: no WHERE group to bind the parameters in")
        return f"{self.text[:where]}\n  VALUES ({names}) {{ ({terms}) }}{self.text[where:]}"


# What may hold a "{" that does not open the WHERE group: comments, IRIs and string literals.
_OPAQUE_OR_BRACE = re.compile(
    r"#[^\n]*"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|\{"
)


def _where_group(text: str) -> int | None:
    """The offset just after the `{` that opens the query's WHERE group (its first real brace)."""
    for token in _OPAQUE_OR_BRACE.finditer(text):
        if token.group() == "{":
            return token.end()
    return None


def parse_query_file(path: Path) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise QueryError(f"{path}: cannot be read: {error.strerror}") from error
    header: dict[str, str] = {}
    parameters = []
    current = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match:
            current = match.group(1)
            if current == "param":
                parts = match.group(2).split(None, 2)
                if len(parts) != 3:
                    raise QueryError(f"{path}: '# param:' needs NAME TYPE DEFAULT, got {match.group(2)!r}")
                parameters.append(Parameter(*parts))
            else:
                header[current] = match.group(2).strip()
        elif current in ("description",) and line.startswith("#  "):
            header[current] += " " + line[1:].strip()
    return NamedQuery(
        name=path.stem,
        path=path,
        text=text,
        title=header.get("title", path.stem),
        description=header.get("description", ""),
        columns=tuple(c.strip() for c in header.get("columns", "").split(",") if c.strip()),
        parameters=tuple(parameters),
    )


def named_queries(directory: Path) -> dict[str, NamedQuery]:
    return {path.stem: parse_query_file(path) for path in sorted(directory.glob("*.rq"))}


def resolve_query(name_or_file: str, directory: Path) -> NamedQuery:
    """A query by name (`posts`) from `directory`, or from a file path."""
    candidate = Path(name_or_file)
    if candidate.suffix == ".rq" and candidate.exists():
        return parse_query_file(candidate)
    path = directory / f"{name_or_file}.rq"
    if not path.exists():
        known = ", ".join(sorted(named_queries(directory)))
        raise QueryError(f"no query named {name_or_file!r} (known: {known}; or give a .rq file)")
    return parse_query_file(path)


@dataclass(frozen=True)
class Rows:
    """SELECT results as plain strings (None for unbound), with the datatype of each literal."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]
    json: dict[str, Any]


def run_local(store: ox.Store, query: str) -> Rows:
    """Run a SELECT on the store: its default graph is the knowledge graph (GRAPH reaches the
    articles' claims)."""
    try:
        results = store.query(query)
    except SyntaxError as error:
        raise QueryError(f"SPARQL syntax error: {error}") from error
    if not isinstance(results, ox.QuerySolutions):
        raise QueryError("only SELECT queries can be printed as rows")
    data = json.loads(results.serialize(format=ox.QueryResultsFormat.JSON))
    return _rows(data)


def run_remote(endpoint: str, query: str, default_graph: str | None = None) -> Rows:
    """Run a SELECT on any SPARQL 1.1 endpoint (SPARQLWrapper). `default_graph` names the graph
    that holds the knowledge graph where the store's default graph is the union of all graphs
    (Virtuoso); it is sent as the protocol's `default-graph-uri`."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    if default_graph:
        client.addDefaultGraph(default_graph)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    try:
        data = client.query().convert()
    except (SPARQLWrapperException, OSError) as error:
        raise QueryError(f"{endpoint}: {error}") from error
    if not isinstance(data, dict) or "results" not in data:
        raise QueryError(f"{endpoint}: the answer is not SPARQL JSON results")
    return _rows(data)


def _rows(data: dict[str, Any]) -> Rows:
    columns = tuple(data["head"]["vars"])
    rows = tuple(
        tuple(binding[c]["value"] if c in binding else None for c in columns) for binding in data["results"]["bindings"]
    )
    return Rows(columns, rows, data)


def to_csv(rows: Rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows.columns)
    writer.writerows(["" if v is None else v for v in row] for row in rows.rows)
    return out.getvalue()
