"""The build's fast SHACL engine: rudof (Rust), on the same shapes as pySHACL.

pySHACL is the reference engine (`csto-kg validate --engine pyshacl`, the shape tests); it needs
~100-150 ms of CPU for an article graph of ~1,000 triples, which capped a build at ~15 articles/s
on two cores. rudof validates the same graph in ~20 ms, SHACL-SPARQL constraints included, and
tests/test_shacl_engines.py holds it to pySHACL's verdicts and results (focus node, path,
constraint component, source shape, severity) on every shape test and on real article graphs.

One rudof session per validator: the class hierarchy (what `sh:class` and `sh:targetClass`
read) is loaded once, and each graph is validated inside a staging frame that is rolled back,
so nothing of one article is seen by the next. Parsing a fresh data graph costs rudof ~60 ms
of set-up per call; merging into a staged frame costs ~3 ms per 1,000 triples.

A session is not thread-safe: one validator per worker process (as batch.py makes them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
import pyrudof
import rdflib

from csto_kg.namespaces import RDFS
from csto_kg.validate import ValidationReport, Violation, report_of

_SH = "http://www.w3.org/ns/shacl#"
_MESSAGE = ox.NamedNode(_SH + "message")


class RudofValidator:
    """Validates small graphs against a shapes file with rudof; the same interface as
    `validate.ShapesValidator` (`validate` for rdflib graphs, `validate_triples` for the gate)."""

    def __init__(self, shapes_path: Path, ontology_path: Path | None = None) -> None:
        # Read by Oxigraph first: a broken file raises the SyntaxError (file, line, column) the
        # pySHACL engine raises too.
        self._messages = _english_messages(shapes_path)
        self._rudof = pyrudof.Rudof(pyrudof.RudofConfig())
        self._rudof.read_shacl(str(shapes_path), pyrudof.ShaclFormat.Turtle, reader_mode=pyrudof.ReaderMode.Strict)
        hierarchy: list[ox.Triple] = []
        if ontology_path is not None:
            subclass_of = ox.NamedNode(RDFS + "subClassOf")
            hierarchy = [t for t in ox.parse(path=str(ontology_path), format=ox.RdfFormat.TURTLE) if t.predicate == subclass_of]
        # rudof stages only loaded data: an empty hierarchy still needs a (trivial) graph.
        base = ox.serialize(hierarchy, format=ox.RdfFormat.N_TRIPLES).decode() or "<urn:csto-kg:empty> <urn:csto-kg:empty> <urn:csto-kg:empty> .\n"
        self._rudof.read_data(base, pyrudof.RDFFormat.NTriples, reader_mode=pyrudof.ReaderMode.Strict)

    def validate(self, data: rdflib.Graph, context: rdflib.Graph | None = None) -> ValidationReport:
        """Validate an rdflib graph with `context` merged in (as `ShapesValidator.validate`)."""
        text = data.serialize(format="nt")
        if context is not None:
            text += context.serialize(format="nt")
        return self._run(text)

    def validate_triples(self, triples: Iterable[ox.Triple] | Iterable[ox.Quad]) -> ValidationReport:
        """Validate the graph these statements make (a quad's graph name is ignored)."""
        statements = [t if isinstance(t, ox.Triple) else ox.Triple(t.subject, t.predicate, t.object) for t in triples]
        return self._run(ox.serialize(statements, format=ox.RdfFormat.N_TRIPLES).decode())

    def _run(self, ntriples: str) -> ValidationReport:
        self._rudof.begin_staging()
        try:
            if ntriples:
                self._rudof.read_data(ntriples, pyrudof.RDFFormat.NTriples, reader_mode=pyrudof.ReaderMode.Strict, merge=True)
            results = self._rudof.validate_shacl(pyrudof.ShaclValidationMode.Native).violations
            return report_of(self._violation(entry) for entry in results)
        finally:
            self._rudof.rollback_staging()

    def _violation(self, entry: pyrudof.ShaclValidationEntry) -> Violation:
        component = entry.constraint_component
        shape = _iri_or_none(entry.source_shape)
        if component == _SH + "SPARQLConstraintComponent":
            message = _literal_text(entry.message)  # the constraint's message, its values filled in
        else:
            message = self._messages.get(shape or "", "") or f"fails {component}"
        return Violation(
            focus=entry.focus_node,
            path=_iri_or_none(entry.path),
            message=message,
            severity=entry.severity,
            value=None if entry.value is None else _literal_text(entry.value),
            shape=shape,
            component=component,
        )


def _english_messages(shapes_path: Path) -> dict[str, str]:
    """Each named shape's English sh:message: what pySHACL reports for a Core constraint."""
    messages: dict[str, str] = {}
    for triple in ox.parse(path=str(shapes_path), format=ox.RdfFormat.TURTLE):
        if triple.predicate == _MESSAGE and isinstance(triple.subject, ox.NamedNode) and isinstance(triple.object, ox.Literal):
            if triple.object.language in ("en", None) or triple.subject.value not in messages:
                messages[triple.subject.value] = triple.object.value
    return messages


def _iri_or_none(text: str | None) -> str | None:
    """rudof writes blank nodes as `_:…` and complex paths in SHACL syntax: pySHACL names neither."""
    if not text or text.startswith(("_:", "[", "(", "^")) or ":" not in text or " " in text:
        return None
    return text


def _literal_text(text: str) -> str:
    """The lexical form of a term as rudof writes it: `"2012"^^xsd:gYear`, `"x"@en`, or an IRI.

    rudof does not escape quotes inside a literal, so the text runs from the first quote to the
    last one; a term that does not start with a quote is an IRI or a blank node, given as is.
    """
    if not text.startswith('"'):
        return text
    return text[1 : text.rindex('"')] if text.count('"') > 1 else text[1:]
