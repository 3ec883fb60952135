"""What a resource's RDF is, and RDF in the formats we serve: shared by the web process and the
query workers (which answer dereferences in parallel, see `jobs.py`).

Only pyoxigraph and PyLD: a worker imports this at start, before any request.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox

from csto_kg.namespaces import CSTO, OA, RDF, RDFS, SKOS

RDFS_LABEL = ox.NamedNode(RDFS + "label")
SKOS_PREF_LABEL = ox.NamedNode(SKOS + "prefLabel")
EVIDENCE = ox.NamedNode(CSTO + "evidence")
HAS_SELECTOR = ox.NamedNode(OA + "hasSelector")

#: Properties whose objects belong to the description of their subject (a fact's evidence and
#: the evidence's selectors), besides blank nodes and the subject's own `#fragment` IRIs.
FOLLOWED = frozenset({EVIDENCE, HAS_SELECTOR})


def serialization_prefixes() -> dict[str, str]:
    """The prefixes every RDF answer is written with."""
    from csto_kg.publish import PREFIXES

    return {**PREFIXES, "rdf": RDF}


def serialize_triples(triples: Sequence[ox.Triple], rdf_format: ox.RdfFormat, context: dict[str, Any] | None) -> bytes:
    """Triples in one RDF format; JSON-LD is compacted with `context` (the published one)."""
    if rdf_format == ox.RdfFormat.JSON_LD:
        return compacted_jsonld(triples, context)
    return ox.serialize(triples, format=rdf_format, prefixes=serialization_prefixes())


def compacted_jsonld(triples: Sequence[ox.Triple], context: dict[str, Any] | None) -> bytes:
    """JSON-LD compacted with the context, or expanded when there is none or it does not apply."""
    expanded = ox.serialize(triples, format=ox.RdfFormat.JSON_LD)
    if context is None or not triples:
        return expanded
    from pyld import jsonld

    try:
        n_triples = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        data = jsonld.from_rdf(n_triples, {"format": "application/n-quads"})
        compacted = jsonld.compact(data, {"@context": context["@context"]})
        return json.dumps(compacted, ensure_ascii=False, indent=1).encode("utf-8")
    except (jsonld.JsonLdError, KeyError, TypeError, ValueError):  # the expanded form is still right
        return expanded


def exists(store: ox.Store, node: ox.NamedNode) -> bool:
    """Whether the IRI occurs in any graph as a subject or an object."""
    for _ in store.quads_for_pattern(node, None, None, None):
        return True
    for _ in store.quads_for_pattern(None, None, node, None):
        return True
    return False


def describe(store: ox.Store, node: ox.NamedNode, *, max_depth: int = 3) -> list[ox.Triple]:
    """The RDF of a resource: its triples as subject in every graph, the evidence nodes,
    selectors, blank nodes and `#fragment` IRIs hanging off it, and the labels of what it links
    to. A resource that only occurs as an object gets its inverse links instead."""
    triples: dict[ox.Triple, None] = {}
    own_prefix = node.value + "#"
    visited: set[ox.NamedNode | ox.BlankNode] = {node}
    frontier: list[ox.NamedNode | ox.BlankNode] = [node]
    for _ in range(max_depth):
        following: list[ox.NamedNode | ox.BlankNode] = []
        for subject in frontier:
            for quad in store.quads_for_pattern(subject, None, None, None):
                triples.setdefault(ox.Triple(quad.subject, quad.predicate, quad.object), None)
                target = quad.object
                follow = isinstance(target, ox.BlankNode) or (
                    isinstance(target, ox.NamedNode)
                    and (quad.predicate in FOLLOWED or target.value.startswith(own_prefix))
                )
                if follow and target not in visited:
                    visited.add(target)  # type: ignore[arg-type]
                    following.append(target)  # type: ignore[arg-type]
        frontier = following
        if not frontier:
            break
    if not triples:
        for quad in store.quads_for_pattern(None, None, node, None):
            triples.setdefault(ox.Triple(quad.subject, quad.predicate, quad.object), None)
    linked = {t.object for t in triples if isinstance(t.object, ox.NamedNode)}
    linked |= {t.subject for t in triples if isinstance(t.subject, ox.NamedNode)}
    for other in linked - visited:
        for predicate in (RDFS_LABEL, SKOS_PREF_LABEL):
            for quad in store.quads_for_pattern(other, predicate, None, None):
                triples.setdefault(ox.Triple(quad.subject, quad.predicate, quad.object), None)
    return list(triples)


