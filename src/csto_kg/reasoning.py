"""OWL 2 DL reasoning with HermiT (through owlready2): is the graph consistent, and what does it entail?

SHACL (validate.py) checks the shape of each article graph; it cannot see that an individual is typed
as two disjoint classes across articles, that a membership has two statuses, or which states the
defined class csto:MemberState takes in. HermiT can, and this module is the one place that runs it.

Two hand-offs shape the code:

* owlready2 does not read Turtle, so every input graph is parsed with rdflib and written as
  N-Triples into a temporary directory that owlready2 then loads.
* HermiT refuses literals whose datatype is outside the OWL 2 datatype map, and the data uses
  several of them on purpose (xsd:date, xsd:gYearMonth, xsd:gYear for dates, xsd:duration for
  csto:firstSince). The ontology gives those properties no OWL range and leaves the datatypes to
  SHACL; here such literals are stripped before reasoning, and the report says how many. No axiom
  in the ontology depends on a date value, so nothing the reasoner could conclude is lost.
  owl:imports triples are stripped as well, so that owlready2 never fetches anything over the network.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import owlready2
from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef

__all__ = ["OWL2_DATATYPES", "ReasoningError", "ReasoningReport", "check_consistency", "explain_inconsistency", "reasonable_triples"]

# The OWL 2 datatype map (OWL 2 Structural Specification, section 4), plus rdf:langString, which
# RDF 1.1 gives every language-tagged literal.
OWL2_DATATYPES: frozenset[URIRef] = frozenset(
    {
        OWL.real,
        OWL.rational,
        RDF.PlainLiteral,
        RDF.XMLLiteral,
        RDF.langString,
        RDFS.Literal,
        *(
            XSD[name]
            for name in (
                "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger "
                "long int short byte unsignedLong unsignedInt unsignedShort unsignedByte double float "
                "string normalizedString token language Name NCName NMTOKEN boolean hexBinary "
                "base64Binary anyURI dateTime dateTimeStamp"
            ).split()
        ),
    }
)

_NAMED_INDIVIDUAL = str(OWL.NamedIndividual)


class ReasoningError(RuntimeError):
    """HermiT could not run on the input (a Java failure, not an inconsistency)."""


@dataclass(frozen=True)
class ReasoningReport:
    """What HermiT concluded about one set of graphs.

    inferred_types maps an individual's IRI to the named classes HermiT found as its (most specific)
    types that were not asserted in the input, e.g. a state -> [csto:MemberState].
    """

    consistent: bool
    inferred_types: dict[str, list[str]]
    message: str


def reasonable_triples(graph: Graph) -> tuple[Graph, int]:
    """Return a copy of graph without what HermiT cannot or must not take, and how many literals went.

    Dropped: literals whose datatype is outside the OWL 2 datatype map (dates, durations) and
    owl:imports (which owlready2 would try to resolve over the network).
    """
    kept = Graph()
    stripped = 0
    for s, p, o in graph:
        if p == OWL.imports:
            continue
        if isinstance(o, Literal) and o.datatype is not None and o.datatype not in OWL2_DATATYPES:
            stripped += 1
            continue
        kept.add((s, p, o))
    return kept, stripped


def check_consistency(paths: Sequence[Path], extra: Graph | None = None) -> ReasoningReport:
    """Run HermiT over the Turtle (or any rdflib-readable) files in paths plus the extra graph.

    Each call uses a fresh owlready2 World, so repeated calls neither share nor accumulate facts.
    Raises ReasoningError when HermiT fails for another reason than inconsistency.
    """
    graphs = [Graph().parse(path) for path in paths]
    if extra is not None:
        graphs.append(extra)
    asserted = _asserted_types(graphs)
    world = owlready2.World()
    try:
        with tempfile.TemporaryDirectory(prefix="csto-kg-hermit-") as tmp:
            stripped = _load(world, graphs, Path(tmp))
            inferences = world.get_ontology(Path(tmp, "inferences.owl").as_uri())
            try:
                with _temporary_files_in(Path(tmp)):
                    owlready2.sync_reasoner_hermit(inferences, infer_property_values=False, debug=0)
            except owlready2.OwlReadyInconsistentOntologyError:
                return ReasoningReport(False, {}, f"HermiT: the graphs are inconsistent{_stripped_note(stripped)}")
            except owlready2.OwlReadyJavaError as error:
                raise ReasoningError(str(error)) from error
            inferred = _inferred_types(world, inferences, asserted)
    finally:
        world.close()
    count = sum(len(classes) for classes in inferred.values())
    return ReasoningReport(
        True,
        inferred,
        f"HermiT: consistent; {count} inferred type(s) for {len(inferred)} individual(s){_stripped_note(stripped)}",
    )


@contextmanager
def _temporary_files_in(directory: Path) -> Iterator[None]:
    """Point tempfile's default directory at ours while HermiT runs.

    owlready2 dumps the whole world to a NamedTemporaryFile for HermiT and deletes it only on
    success: every inconsistent or failed run would leave a copy of the graph in /tmp. Inside our
    TemporaryDirectory it is removed with the rest. tempfile.tempdir is the documented switch; it is
    process-wide, which is acceptable for a batch step that the server never runs.
    """
    previous = tempfile.tempdir
    tempfile.tempdir = str(directory)
    try:
        yield
    finally:
        tempfile.tempdir = previous


def _load(world: owlready2.World, graphs: Iterable[Graph], directory: Path) -> int:
    """Hand each graph to owlready2 as N-Triples; return the number of literals stripped."""
    stripped = 0
    for index, graph in enumerate(graphs):
        kept, count = reasonable_triples(graph)
        stripped += count
        path = directory / f"input-{index}.nt"
        kept.serialize(destination=path, format="nt", encoding="utf-8")
        world.get_ontology(path.as_uri()).load(format="ntriples")
    return stripped


def _asserted_types(graphs: Iterable[Graph]) -> dict[str, set[str]]:
    types: dict[str, set[str]] = {}
    for graph in graphs:
        for subject, cls in graph.subject_objects(RDF.type):
            types.setdefault(str(subject), set()).add(str(cls))
    return types


def _inferred_types(
    world: owlready2.World, inferences: owlready2.Ontology, asserted: dict[str, set[str]]
) -> dict[str, list[str]]:
    """Read the rdf:type triples owlready2 wrote into the inferences ontology.

    owlready2 writes a type only when the world does not assert it already; checking against the
    input graphs again keeps the contract independent of that detail.
    """
    inferred: dict[str, set[str]] = {}
    for subject, _, cls in inferences.get_triples(None, owlready2.rdf_type, None):
        subject_iri, class_iri = world._unabbreviate(subject), world._unabbreviate(cls)
        if class_iri.startswith(str(OWL)) or class_iri == _NAMED_INDIVIDUAL:
            continue
        if class_iri not in asserted.get(subject_iri, set()):
            inferred.setdefault(subject_iri, set()).add(class_iri)
    return {iri: sorted(classes) for iri, classes in sorted(inferred.items())}


def _stripped_note(stripped: int) -> str:
    if not stripped:
        return ""
    return f" ({stripped} literal(s) with datatypes outside the OWL 2 datatype map were left out)"


def explain_inconsistency(paths: Sequence[Path], facts: Graph) -> list[Graph]:
    """The smallest set of resources of `facts` (each with all its triples) that is inconsistent
    with the files in `paths`, found with QuickXplain (Junker, 2004): about 2k·log(n/k) HermiT
    runs for a conflict of k resources among n. Empty when `facts` is consistent with them.

    A clash is rarely more than two or three resources (a status stated twice, an individual
    typed by two disjoint classes), so this narrows thousands of facts down to what to fix.
    """
    groups: dict[object, Graph] = {}
    for triple in facts:
        groups.setdefault(triple[0], Graph()).add(triple)
    items = list(groups.values())

    def consistent(chosen: list[Graph]) -> bool:
        union = Graph()
        for graph in chosen:
            union += graph
        return check_consistency(paths, union).consistent

    if consistent(items):
        return []

    def quickxplain(background: list[Graph], added: bool, candidates: list[Graph]) -> list[Graph]:
        if added and not consistent(background):
            return []
        if len(candidates) == 1:
            return candidates
        half = len(candidates) // 2
        first, second = candidates[:half], candidates[half:]
        in_second = quickxplain(background + first, bool(first), second)
        in_first = quickxplain(background + in_second, bool(in_second), first)
        return in_first + in_second

    return quickxplain([], False, items)
