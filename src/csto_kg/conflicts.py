"""`csto-kg conflicts`: where articles disagree about one fact, with each side's evidence.

Every version stays a claim in its article's named graph, with its own evidence; the knowledge
graph (the default graph) keeps one, chosen by the rules of `reconcile.py` (most articles, then
the most precise, then the latest). This finds the disagreements and says which value was kept.
A disagreement is two values of a property that cannot both hold: two days for one summit, two
cities for one meeting. Values that only differ in precision (`2022-05` and `2022-05-16`) or
where one place contains the other (Moscow and Russia) agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import pyoxigraph as ox

from csto_kg.config import Config

CONFLICT_PROPERTIES = {
    "https://schema.org/startDate": "startDate",
    "https://schema.org/endDate": "endDate",
    "https://schema.org/location": "location",
}
_PROPERTY = {name: iri for iri, name in CONFLICT_PROPERTIES.items()}
_VALUES = """
PREFIX csto: <https://w3id.org/csto-kg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?fact ?property ?value ?article ?quote WHERE {
  GRAPH ?graph {
    ?fact ?property ?value ; csto:evidence ?evidence .
    ?evidence oa:hasSource ?article ; oa:hasSelector ?selector .
    ?selector oa:exact ?quote .
  }
  VALUES ?property { <https://schema.org/startDate> <https://schema.org/endDate> <https://schema.org/location> }
}
"""
_CONTAINED = """
PREFIX schema: <https://schema.org/>
SELECT ?inner ?outer WHERE { ?inner schema:containedInPlace ?outer }
"""


@dataclass(frozen=True)
class Claim:
    """One article's value for a property of a fact, and the text it read it from."""

    value: str
    article: str
    quote: str


@dataclass(frozen=True)
class Conflict:
    fact: str
    property: str
    claims: tuple[Claim, ...]
    kept: str | None = None  # the value the knowledge graph states


def find_conflicts(store: ox.Store, config: Config) -> list[Conflict]:
    """Every fact with two incompatible values of a date or place, stated by different articles."""
    claims: dict[tuple[str, str], dict[tuple[str, str], Claim]] = {}
    for row in store.query(_VALUES):
        key = (row["fact"].value, CONFLICT_PROPERTIES[row["property"].value])
        claim = Claim(row["value"].value, row["article"].value, row["quote"].value)
        claims.setdefault(key, {}).setdefault((claim.value, claim.article), claim)
    contained = {(r["inner"].value, r["outer"].value) for r in store.query(_CONTAINED)}
    conflicts = []
    for (fact, name), by_value in sorted(claims.items()):
        values = sorted(by_value.values(), key=lambda c: (c.value, c.article))
        disagreeing = {
            claim
            for a, b in combinations(values, 2)
            if a.article != b.article and not _compatible(name, a.value, b.value, contained)
            for claim in (a, b)
        }
        if disagreeing:
            kept = next(store.quads_for_pattern(ox.NamedNode(fact), ox.NamedNode(_PROPERTY[name]), None, ox.DefaultGraph()), None)
            ordered = tuple(sorted(disagreeing, key=lambda c: (c.value, c.article)))
            conflicts.append(Conflict(fact, name, ordered, kept.object.value if kept is not None else None))
    return conflicts


def _compatible(name: str, a: str, b: str, contained: set[tuple[str, str]]) -> bool:
    """Same value, one date a coarser form of the other, or one place inside the other."""
    if name == "location":
        return a == b or (a, b) in contained or (b, a) in contained
    return a.startswith(b) or b.startswith(a)
