"""map: records -> RDF quads in the article's named graph.

The mapping is declarative and standard: `mappings/context.jsonld` is a JSON-LD 1.1 context that
says which property and datatype each record field becomes, and `mappings/rules/*.rq` are SPARQL
CONSTRUCT rules for what is derived (provenance links, participants, labels). An ontologist edits
both without Python; pyoxigraph parses JSON-LD natively, so no mapping engine is needed (Morph-KGC
would pin rdflib and pyoxigraph to versions that conflict with pySHACL; see README).

This module only does what JSON-LD cannot say: a date's datatype follows its precision, and
evidence spans become Web Annotation selectors with stable IRIs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import pyoxigraph as ox
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef

from csto_kg.config import Config
from csto_kg.extract.facts import Extraction
from csto_kg.extract.gazetteer import EXACT_NAME
from csto_kg.extract.records import Record
from csto_kg.namespaces import XSD

DATATYPE_BY_PRECISION = {"day": XSD + "date", "month": XSD + "gYearMonth", "year": XSD + "gYear"}


class MappingError(ValueError):
    """A mapping file that cannot be used; the message names it."""


@dataclass(frozen=True)
class Mappings:
    """The JSON-LD context and the CONSTRUCT rules, read once."""

    context: dict[str, Any]
    rules: tuple[tuple[str, str], ...]  # (file name, query text)


@lru_cache(maxsize=4)
def load_mappings(directory: Path) -> Mappings:
    context_path = directory / "context.jsonld"
    try:
        context = json.loads(context_path.read_text(encoding="utf-8"))["@context"]
    except (OSError, ValueError, KeyError) as error:
        raise MappingError(f"{context_path}: not a usable JSON-LD context ({error})") from error
    rules = tuple((path.name, path.read_text(encoding="utf-8")) for path in sorted((directory / "rules").glob("*.rq")))
    return Mappings(context, rules)


@lru_cache(maxsize=4)
def rule_predicates(rules: tuple[tuple[str, str], ...]) -> frozenset[str] | None:
    """The predicates the rules' triple patterns name, read from each rule's algebra (rdflib's
    SPARQL parser, not the text): None if a pattern's predicate is a variable or a negated path
    (they match any predicate), a path may have length zero (it matches every node), or rdflib
    cannot read a rule (the rules run in Oxigraph, whose error for a broken rule names it)."""
    found: set[str] = set()

    def predicate(term: Any) -> bool:
        """Adds the IRIs `term` can match; False if it can match any predicate."""
        if isinstance(term, URIRef):
            found.add(str(term))
            return True
        if isinstance(term, (AlternativePath, SequencePath)):
            return all(predicate(part) for part in term.args)
        if isinstance(term, InvPath):
            return predicate(term.arg)
        if isinstance(term, MulPath):  # a zero-length path (*, ?) matches every node of the graph
            return not term.zero and predicate(term.path)
        return False  # a variable, a negated path or anything not known here

    def walk(node: Any) -> bool:
        if isinstance(node, CompValue):
            if node.name == "BGP" and not all(predicate(p) for _, p, _ in node.triples):
                return False
            return all(walk(value) for value in node.values())
        if isinstance(node, (list, tuple)):
            return all(walk(value) for value in node)
        return not isinstance(node, NegatedPath)

    for _, text in rules:
        try:
            algebra = prepareQuery(text).algebra
        except Exception:  # noqa: BLE001 - rdflib cannot read it: Oxigraph runs it (or names its error)
            return None
        if not walk(algebra):
            return None
    return frozenset(found)


def article_graph(config: Config, article_id: str) -> ox.NamedNode:
    return ox.NamedNode(config.graph_iri(f"article/{article_id}"))


def to_jsonld(extraction: Extraction, config: Config, mappings: Mappings) -> dict[str, Any]:
    """The article's records as one JSON-LD document (ids relative to `{base}id/`), each entity
    it names (schema:mentions) and how it writes each one (csto:surfaceForm).

    A Mention (a Web Annotation of 12 triples) is published only where it is evidence: for an
    entity the article itself introduces (a person, ministry or organization minted from its
    text), and for a name read by judgment rather than as one of the entity's own labels (a
    misspelling, another transliteration, a surname alone, a title) -- the first place the
    article writes it in each spelling. That an article names a reference entity by one of its
    labels is said by schema:mentions and csto:surfaceForm: the Mention of every name was ~40%
    of an article's triples and a third of the cost of validating it. Facts keep every
    evidence span they have.
    """
    article = f"article/{extraction.article.id}"
    first: dict[tuple[str, str], Record] = {}  # (entity, as written) -> its earliest mention
    for record in extraction.records:
        if record.type == "Mention" and record.evidence:
            key = (record.properties["refersTo"], record.evidence[0].exact)
            if key not in first or record.evidence[0].start < first[key].evidence[0].start:
                first[key] = record
    described = {record.id for record in extraction.records if record.type != "Mention"}  # minted here
    kept = {id(r) for (entity, _), r in first.items() if entity in described or r.evidence[0].rule != EXACT_NAME}
    nodes = [_node(r, article) for r in extraction.records if r.type != "Mention" or id(r) in kept]
    written: dict[str, list[str]] = {}
    for entity, form in sorted(first, key=lambda key: first[key].evidence[0].start):
        written.setdefault(entity, []).append(form)
    nodes += [{"@id": entity, "surfaceForm": forms} for entity, forms in written.items()]
    if written:
        nodes.append({"@id": article, "mentions": list(written)})
    return {"@context": [mappings.context, {"@base": config.base + "id/"}], "@graph": nodes}


def map_extraction(extraction: Extraction, config: Config, rules_store: "RulesStore") -> list[ox.Quad]:
    """Quads of the article's named graph: the mapped records plus what the rules derive."""
    mappings = load_mappings(config.mappings_dir)
    document = json.dumps(to_jsonld(extraction, config, mappings), ensure_ascii=False).encode("utf-8")
    graph = article_graph(config, extraction.article.id)
    # Each quad once (a record may state what another states): counts and dumps rely on it.
    triples = list(dict.fromkeys(ox.Quad(q.subject, q.predicate, q.object, graph) for q in ox.parse(document, format=ox.RdfFormat.JSON_LD)))
    seen = set(triples)
    for quad in rules_store.derive(triples, graph, mappings):
        if quad not in seen:
            seen.add(quad)
            triples.append(quad)
    return triples


def _node(record: Record, article: str) -> dict[str, Any]:
    node: dict[str, Any] = {"@id": record.id, "@type": record.type}
    for name, value in record.properties.items():
        if value not in (None, [], ""):
            node[name] = _value(value)
    if record.type == "Mention":
        evidence = record.evidence[0]
        node.update(_selectors(record.id, evidence.start, evidence.end, evidence.exact, article))
        node.update({"confidence": _decimal(evidence.confidence), "rule": evidence.rule})
    elif record.evidence:
        node["evidence"] = [_evidence(article, e) for e in record.evidence]
    return node


def _value(value: Any) -> Any:
    json_value = Record("", "", {"v": value}).to_json()["v"]
    return _typed(json_value)


def _typed(value: Any) -> Any:
    if isinstance(value, dict) and "date" in value:
        return {"@value": value["date"], "@type": DATATYPE_BY_PRECISION[value["precision"]]}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return value


def _evidence(article: str, evidence: Any) -> dict[str, Any]:
    article_id = article.split("/", 1)[1]
    node_id = f"evidence/{article_id}/{evidence.start}-{evidence.end}-{evidence.rule}"
    node = {"@id": node_id, "@type": "Evidence", "confidence": _decimal(evidence.confidence), "rule": evidence.rule}
    node.update(_selectors(node_id, evidence.start, evidence.end, evidence.exact, article))
    return node


def _decimal(value: float) -> str:
    """A JSON number typed xsd:decimal would come out in double notation (8.5E-1); a string does
    not. The form is the canonical one the store keeps ("0.8", "1"), so the dumps, written from
    the mapped quads, say exactly what SPARQL answers."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _selectors(node_id: str, start: int, end: int, exact: str, article: str) -> dict[str, Any]:
    """Web Annotation: the source article, a position selector and a quote selector."""
    return {
        "hasSource": article,
        "hasSelector": [
            {"@id": f"{node_id}#position", "@type": "TextPositionSelector", "start": start, "end": end},
            {"@id": f"{node_id}#quote", "@type": "TextQuoteSelector", "exact": exact},
        ],
    }


class RulesStore:
    """Where the CONSTRUCT rules run: a fresh in-memory store per article, holding the article's
    triples and what the background (ontology, reference data) says about every resource the
    article names (one hop: a class's labels, a city's labels).

    A fresh small store costs ~1 ms per article; inserting into one shared store holding the whole
    background, then clearing the article's graph, cost ~2.2 ms and its queries ran over the
    whole background. Rules therefore see one hop of background; a rule that needs more must say
    so here.
    """

    #: Reading the rules' predicates with rdflib's parser costs ~0.5 s, and saves ~2 ms per
    #: article: a process starts filtering once it has mapped this many (a build's workers do,
    #: `csto-kg add` of a few articles does not). The derived triples are the same either way.
    FILTER_AFTER = 50

    def __init__(self, background: Iterable[ox.Quad]) -> None:
        self._about: dict[ox.NamedNode | ox.BlankNode, list[ox.Quad]] = {}
        for quad in background:
            if isinstance(quad.subject, ox.NamedNode):
                self._about.setdefault(quad.subject, []).append(ox.Quad(quad.subject, quad.predicate, quad.object))
        # Per set of rule predicates: those predicates as terms, and the background with only them.
        self._filters: dict[frozenset[str], tuple[frozenset[ox.NamedNode], dict[ox.NamedNode | ox.BlankNode, list[ox.Quad]]]] = {}
        self._derived = 0

    def derive(self, triples: list[ox.Quad], graph: ox.NamedNode, mappings: Mappings, filtered: bool | None = None) -> list[ox.Quad]:
        """The triples the rules derive from the article's `triples`, in the article's `graph`.

        Once `filtered` (by default after FILTER_AFTER articles), the store holds only the
        triples whose predicate a rule's pattern names (`rule_predicates`; the others cannot
        match): about half of an article's, and a third of the background's."""
        self._derived += 1
        wanted = rule_predicates(mappings.rules) if (self._derived > self.FILTER_AFTER if filtered is None else filtered) else None
        store = ox.Store()
        named = {q.object for q in triples if isinstance(q.object, ox.NamedNode)} | {q.subject for q in triples}
        if wanted is None:
            about = self._about
            store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in triples)
        else:
            if wanted not in self._filters:
                self._filters[wanted] = (frozenset(ox.NamedNode(iri) for iri in wanted), self._filtered(wanted))
            predicates, about = self._filters[wanted]
            store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in triples if q.predicate in predicates)
        store.extend(quad for node in named for quad in about.get(node, ()))
        derived: list[ox.Quad] = []
        for name, query in mappings.rules:
            try:
                result = store.query(query)
            except SyntaxError as error:
                raise MappingError(f"mappings/rules/{name}: {error}") from error
            derived.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in result)
        return derived

    def _filtered(self, predicates: frozenset[str]) -> dict[ox.NamedNode | ox.BlankNode, list[ox.Quad]]:
        """The background about each resource, with only the given predicates."""
        kept = {node: [q for q in quads if q.predicate.value in predicates] for node, quads in self._about.items()}
        return {node: quads for node, quads in kept.items() if quads}
