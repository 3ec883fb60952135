"""The SHACL gate: validate one article graph (plus what it references) against shapes/.

Validating the whole store with pySHACL grows faster than the store, so the build validates each
article graph on its own, together with the reference entities it points to (their types and
labels) and the ontology's class hierarchy, which is all `sh:class` and `sh:targetClass` need.

Two engines run the same shapes: pySHACL, the reference (`ShapesValidator`, `--engine pyshacl`),
and rudof (`shacl_rudof.py`), ~8x faster and the build's default; tests/test_shacl_engines.py
holds rudof to pySHACL's results. Both report in the same `ValidationReport`.

For pySHACL, two costs are paid once per `ShapesValidator` instead of once per article:
- parsing the shapes and the ontology;
- parsing the SPARQL constraints: pySHACL hands rdflib the query *text* for every focus node, and
  rdflib's parser takes ~20 ms per query, which made an article cost ~300 ms instead of ~45 ms.
  The graph we hand to pySHACL therefore keeps a cache of prepared queries, keyed by text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Protocol

import pyoxigraph as ox
import pyshacl
import rdflib
from rdflib.namespace import RDFS, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from csto_kg.config import PROJECT_ROOT, SHACL_ENGINES, Config
from csto_kg.namespaces import RDF
from csto_kg.rdflib_bridge import to_rdflib

_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


def _index_constraint_parameters() -> None:
    """Let pySHACL look its constraint parameters up in a set instead of a list.

    For every shape it evaluates, pySHACL tests each predicate of the shape for membership in the
    list of ~40 constraint parameters (`pyshacl.shape`, cached in `CONSTRAINT_PARAMS`): two
    million rdflib term comparisons for ten articles, 8% of the validation time. A frozenset
    answers the same question; only the cache is replaced, and only when it has the shape this
    was written against (pySHACL 0.40), so another version just runs as it is.
    """
    from pyshacl import shape
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    if isinstance(ALL_CONSTRAINT_PARAMETERS, list) and isinstance(getattr(shape, "CONSTRAINT_PARAMS", None), (tuple, type(None))):
        shape.CONSTRAINT_PARAMS = (frozenset(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)  # type: ignore[attr-defined]


_index_constraint_parameters()


@dataclass(frozen=True)
class Violation:
    """One validation result, in plain strings so it can be logged, shown or serialised as is."""

    focus: str
    path: str | None
    message: str
    severity: str  # "Violation" | "Warning" | "Info"
    value: str | None
    shape: str | None
    component: str | None = None  # the constraint component (sh:MinCountConstraintComponent …)

    def line(self) -> str:
        """One readable line: severity, focus node, path, message and offending value."""
        where = f"{self.focus} {self.path}" if self.path else self.focus
        value = f" (value: {self.value})" if self.value is not None else ""
        return f"{self.severity}: {where}: {self.message}{value}"


@dataclass(frozen=True)
class ValidationReport:
    """The verdict on one graph: it conforms when no result has severity Violation."""

    conforms: bool
    violations: tuple[Violation, ...]

    def text(self) -> str:
        """A multi-line report for people: a summary line, then one line per result."""
        verdict = "conforms" if self.conforms else "does not conform"
        count = len(self.violations)
        lines = [f"The graph {verdict} ({count} result{'' if count == 1 else 's'})."]
        lines.extend(v.line() for v in self.violations)
        return "\n".join(lines)


def report_of(results: Iterable[Violation]) -> ValidationReport:
    """The report on a graph from its results, in a stable order (whichever engine found them)."""
    violations = tuple(sorted(results, key=_sort_key))
    return ValidationReport(conforms=not any(v.severity == "Violation" for v in violations), violations=violations)


class _PreparedQueryGraph(rdflib.Graph):
    """An rdflib Graph that parses each SPARQL text once, in a cache shared across graphs.

    pySHACL sends the same constraint text for every focus node (binding `$this` separately), so
    a cache keyed by the text turns a parse per focus node into a parse per validator.
    """

    def __init__(self, prepared: dict[str, Query]) -> None:
        super().__init__()
        self._prepared = prepared

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if isinstance(query_object, str):
            prepared = self._prepared.get(query_object)
            if prepared is None:
                prepared = self._prepared[query_object] = prepareQuery(query_object)
            query_object = prepared
        return super().query(query_object, *args, **kwargs)


class ShapesValidator:
    """Parses the shapes and the ontology once and validates many small graphs (one per article)."""

    def __init__(self, shapes_path: Path, ontology_path: Path | None = None) -> None:
        # Parsed by pyoxigraph and handed over term by term: rdflib's Turtle parser made setting
        # up a validator cost a tenth of a second, a fifth of adding one article.
        self._shapes = to_rdflib(ox.parse(path=str(shapes_path), format=ox.RdfFormat.TURTLE))
        # Only the class hierarchy is copied into each data graph: it is what SHACL's class and
        # target semantics read, and copying it is cheaper than pySHACL's `ont_graph`
        # inoculation (which copies every axiom and clones the data graph on each call).
        self._hierarchy: tuple[tuple[Any, Any, Any], ...] = ()
        if ontology_path is not None:
            ontology = to_rdflib(ox.parse(path=str(ontology_path), format=ox.RdfFormat.TURTLE))
            self._hierarchy = tuple(ontology.triples((None, RDFS.subClassOf, None)))
        self._prepared: dict[str, Query] = {}

    def validate(self, data: rdflib.Graph, context: rdflib.Graph | None = None) -> ValidationReport:
        """Validate `data` with `context` (the referenced reference entities) merged in.

        Context triples are validated too; reference individuals conform, so this only costs a
        little time and keeps the merge simple.
        """
        merged = self.new_graph()
        merged += data
        if context is not None:
            merged += context
        return self.run(merged)

    def validate_triples(self, triples: Iterable[ox.Triple] | Iterable[ox.Quad]) -> ValidationReport:
        """Validate the graph these statements make (a quad's graph name is ignored)."""
        return self.run(to_rdflib(triples, self.new_graph()))

    def new_graph(self) -> rdflib.Graph:
        """An empty data graph that already holds the class hierarchy and the query cache."""
        graph = _PreparedQueryGraph(self._prepared)
        for triple in self._hierarchy:
            graph.add(triple)
        return graph

    def run(self, graph: rdflib.Graph) -> ValidationReport:
        """Validate a graph made by `new_graph` (pySHACL works on it in place)."""
        _, report_graph, _ = pyshacl.validate(
            graph,
            shacl_graph=self._shapes,
            inference="none",
            allow_warnings=True,
            inplace=True,
        )
        return report_of(_results(report_graph))


class Engine(Protocol):
    """A SHACL engine over our shapes: pySHACL (`ShapesValidator`) or rudof (`shacl_rudof`)."""

    def validate(self, data: rdflib.Graph, context: rdflib.Graph | None = None) -> ValidationReport: ...

    def validate_triples(self, triples: Iterable[ox.Triple] | Iterable[ox.Quad]) -> ValidationReport: ...


def shapes_engine(name: str, shapes_path: Path, ontology_path: Path | None = None) -> Engine:
    """The SHACL engine called `name`, loaded with the shapes (and the ontology's class hierarchy)."""
    if name == "pyshacl":
        return ShapesValidator(shapes_path, ontology_path)
    if name == "rudof":
        from csto_kg.shacl_rudof import RudofValidator  # imports validate.py: imported here, not at the top

        return RudofValidator(shapes_path, ontology_path)
    raise ValueError(f"unknown SHACL engine {name!r}: choose one of {', '.join(SHACL_ENGINES)}")


class ArticleValidator:
    """The build's gate: one article graph (pyoxigraph quads) with the reference entities it uses.

    Built once per build (or per worker process): it holds the parsed shapes, the class
    hierarchy and the reference data indexed by subject, so validating an article costs only
    that article, whatever the size of the store. `config.engine` names the SHACL engine.
    """

    def __init__(self, config: Config, background: Iterable[ox.Quad]) -> None:
        self.shapes = shapes_engine(config.engine, config.shapes_file, config.ontology_file)
        self.reference = ReferenceContext(background, config)

    def validate(self, quads: list[ox.Quad]) -> ValidationReport:
        return self.shapes.validate_triples([*quads, *self.reference.about(quads)])


class ReferenceContext:
    """The reference triples about the entities an article graph points at that a shape can read:
    their types (what sh:class and the targets need) and the properties the shapes have paths
    for (their labels).

    The rest of what the reference data says of them (spelling variants, demonyms, Wikidata
    links, ~70% of it) was validated again with every article that named them, for no result.
    """

    def __init__(self, background: Iterable[ox.Quad], config: Config) -> None:
        reference_graph = ox.NamedNode(config.graph_iri("reference"))
        read = shape_paths(config.shapes_file) | {ox.NamedNode(RDF + "type")}
        self._about: dict[ox.NamedNode, list[ox.Triple]] = {}
        for quad in background:
            if quad.graph_name == reference_graph and isinstance(quad.subject, ox.NamedNode) and quad.predicate in read:
                self._about.setdefault(quad.subject, []).append(ox.Triple(quad.subject, quad.predicate, quad.object))

    def about(self, quads: list[ox.Quad]) -> list[ox.Triple]:
        """The reference triples about every IRI the quads name."""
        nodes = {q.object for q in quads if isinstance(q.object, ox.NamedNode)} | {q.subject for q in quads}
        return [t for node in nodes for t in self._about.get(node, ())]  # type: ignore[arg-type]


def shape_paths(shapes_path: Path) -> set[ox.NamedNode]:
    """Every property a shape of the file has a path for (the shapes use predicate paths only;
    SPARQL constraints read article graphs, never reference data)."""
    path = ox.NamedNode(str(SH.path))
    return {t.object for t in ox.parse(path=str(shapes_path), format=ox.RdfFormat.TURTLE) if t.predicate == path and isinstance(t.object, ox.NamedNode)}


def default_shapes_path() -> Path:
    """The shapes file of this repository: <repo>/shapes/csto.shapes.ttl."""
    return PROJECT_ROOT / "shapes" / "csto.shapes.ttl"


def _results(report: rdflib.Graph) -> list[Violation]:
    """Turn the sh:ValidationResult nodes of a pySHACL report graph into `Violation` values."""
    results = []
    # The report's own results only: pySHACL also types the nested results of sh:node and sh:or
    # (sh:detail) as sh:ValidationResult, and they are explanations, not further results.
    for result in report.objects(None, SH.result):
        severity = report.value(result, SH.resultSeverity)
        results.append(
            Violation(
                focus=str(report.value(result, SH.focusNode)),
                path=_iri_or_none(report.value(result, SH.resultPath)),
                message=_message(report, result),
                severity=str(severity).removeprefix(str(SH)),
                value=_term_or_none(report.value(result, SH.value)),
                shape=_iri_or_none(report.value(result, SH.sourceShape)),
                component=_iri_or_none(report.value(result, SH.sourceConstraintComponent)),
            )
        )
    return results


def _message(report: rdflib.Graph, result: rdflib.term.Node) -> str:
    """The English message if there is one, else any message, else the constraint component."""
    messages = list(report.objects(result, SH.resultMessage))
    english = [m for m in messages if isinstance(m, rdflib.Literal) and m.language == "en"]
    if english or messages:
        return str((english or messages)[0])
    return f"fails {report.value(result, SH.sourceConstraintComponent)}"


def _iri_or_none(node: rdflib.term.Node | None) -> str | None:
    """Named shapes and simple paths are IRIs; blank-node shapes and complex paths have no name."""
    return str(node) if isinstance(node, rdflib.URIRef) else None


def _term_or_none(node: rdflib.term.Node | None) -> str | None:
    """A value as text: an IRI, or a literal's lexical form."""
    return None if node is None else str(node)


def _sort_key(violation: Violation) -> tuple[int, str, str, str]:
    """Violations before warnings, then by focus node and path, so reports are stable."""
    return (
        _SEVERITY_ORDER.get(violation.severity, len(_SEVERITY_ORDER)),
        violation.focus,
        violation.path or "",
        violation.message,
    )
