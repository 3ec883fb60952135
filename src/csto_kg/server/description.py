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
    """The RDF of a resource, each triple once: what the knowledge graph (the default graph)
    says of it, and its provenance one step away (the evidence the articles' graphs give for it,
    with the selectors of the exact spans); for the claims' own resources (evidence, mentions,
    selectors, which live in the articles' graphs only), what their graph says. With the blank
    nodes and `#fragment` IRIs hanging off it and the labels of what it links to. One that only
    occurs as an object gets its inverse links instead."""
    graph: ox.DefaultGraph | None = ox.DefaultGraph()
    if next(store.quads_for_pattern(node, None, None, graph), None) is None and next(store.quads_for_pattern(None, None, node, graph), None) is None:
        graph = None  # not in the knowledge graph: a claim's resource
    triples: dict[ox.Triple, None] = {}
    visited: set[ox.NamedNode | ox.BlankNode] = {node}
    _follow(store, node, [node], graph, triples, visited, max_depth)
    if graph is not None:  # the evidence, from the articles' graphs
        evidence = [q for q in store.quads_for_pattern(node, EVIDENCE, None, None) if isinstance(q.graph_name, ox.NamedNode)]
        for quad in evidence:
            triples.setdefault(quad.triple, None)
        found = [q.object for q in evidence if q.object not in visited]
        visited.update(found)  # type: ignore[arg-type]
        _follow(store, node, list(dict.fromkeys(found)), None, triples, visited, max_depth - 1)  # type: ignore[arg-type]
    if not triples:
        for quad in store.quads_for_pattern(None, None, node, graph):
            triples.setdefault(ox.Triple(quad.subject, quad.predicate, quad.object), None)
    linked = {t.object for t in triples if isinstance(t.object, ox.NamedNode)}
    linked |= {t.subject for t in triples if isinstance(t.subject, ox.NamedNode)}
    for other in linked - visited:
        for predicate in (RDFS_LABEL, SKOS_PREF_LABEL):
            for quad in store.quads_for_pattern(other, predicate, None, ox.DefaultGraph()):
                triples.setdefault(ox.Triple(quad.subject, quad.predicate, quad.object), None)
    return list(triples)


def _follow(
    store: ox.Store,
    node: ox.NamedNode,
    frontier: list[ox.NamedNode | ox.BlankNode],
    graph: ox.DefaultGraph | None,
    triples: dict[ox.Triple, None],
    visited: set[ox.NamedNode | ox.BlankNode],
    max_depth: int,
) -> None:
    """Add the triples of `frontier` in `graph` (None: any graph) and of what hangs off them
    (blank nodes, `node`'s `#fragment` IRIs, `FOLLOWED` links), `max_depth` steps deep."""
    own_prefix = node.value + "#"
    for _ in range(max_depth):
        following: list[ox.NamedNode | ox.BlankNode] = []
        for subject in frontier:
            for quad in store.quads_for_pattern(subject, None, None, graph):
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


