"""pyoxigraph terms into rdflib graphs, for the libraries that read rdflib (pySHACL, the gazetteer).

Going through N-Triples text made rdflib's parser the bottleneck (~30k triples/s); converting term
by term, each distinct term once, is several times faster.
"""

from __future__ import annotations

from typing import Any, Iterable

import pyoxigraph as ox
import rdflib

from csto_kg.namespaces import RDF, XSD

_XSD_STRING = ox.NamedNode(XSD + "string")
_RDF_LANG_STRING = ox.NamedNode(RDF + "langString")


def to_rdflib(statements: Iterable[ox.Quad] | Iterable[ox.Triple], graph: rdflib.Graph | None = None) -> rdflib.Graph:
    """Hand a small graph to rdflib (pySHACL's input), term by term, into `graph` or a new one.

    Going through N-Triples text made rdflib's parser a quarter of the validation cost; terms
    repeat a lot within an article, so each is converted once.
    """
    graph = rdflib.Graph() if graph is None else graph
    converted: dict[Any, rdflib.term.Node] = {}
    for statement in statements:
        triple = []
        for term in (statement.subject, statement.predicate, statement.object):
            node = converted.get(term)
            if node is None:
                node = converted[term] = _rdflib_term(term)
            triple.append(node)
        graph.add((triple[0], triple[1], triple[2]))
    return graph


def _rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> rdflib.term.Node:
    """The rdflib term for a pyoxigraph term (plain strings stay plain, as rdflib parses them)."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype in (_XSD_STRING, _RDF_LANG_STRING):
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
