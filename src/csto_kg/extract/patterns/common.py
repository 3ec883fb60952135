"""What every fact pattern uses: the records being collected, distances, hedges, names by class.

Each pattern reads the located pieces of an `Analysis` (names by class, titles, dates, cue phrases
from mappings/lexicon.yaml) and combines them by type and distance within a sentence. None of
them knows a particular sentence, state or person.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Sequence

from csto_kg.extract.analysis import Analysis, DateAt, Located
from csto_kg.extract.dates import DateValue
from csto_kg.extract.gazetteer import Entity, EntityMatch
from csto_kg.extract.matcher import PhraseMatch
from csto_kg.extract.records import Evidence, Record


class Facts:
    """Records by id: a fact stated twice in one article is one record with two evidence spans."""

    def __init__(self) -> None:
        self.records: dict[str, Record] = {}

    def get(self, type_: str, local_id: str) -> Record:
        record = self.records.get(local_id)
        if record is None:
            record = self.records[local_id] = Record(type_, local_id)
        return record

    def __iter__(self) -> Iterable[Record]:
        return iter(self.records.values())


def local_name(entity: Entity) -> str:
    """The last segment of an entity id (`state/russia` -> `russia`), used to compose fact ids."""
    return entity.id.rsplit("/", 1)[-1]


def published(analysis: Analysis) -> DateValue | None:
    day = analysis.article.published
    return DateValue(day.isoformat(), "day") if isinstance(day, dt.date) else None


def same_sentence(analysis: Analysis, a: int, b: int) -> bool:
    return analysis.doc.sentence_of[a] == analysis.doc.sentence_of[b]


def distance(a: Located | EntityMatch | PhraseMatch[object], b: Located | EntityMatch | PhraseMatch[object]) -> int:
    """Tokens between two pieces (0 when adjacent or overlapping)."""
    if a.last <= b.first:
        return b.first - a.last
    if b.last <= a.first:
        return a.first - b.last
    return 0


def hedged(analysis: Analysis, token: int, scoped: bool = True) -> bool:
    """A negation or hedge (لا يستبعد، ليس، ربما …) shortly before `token` in its sentence.

    Distance is counted in words with a name or title as one word, so a long title between the
    hedge and the verb ("ليس … رئيس الوزراء الأرميني نيكول باشينيان") does not hide it. Denials
    (hedge_scope_cues) reach further: to the end of their clause.
    """
    window = int(analysis.lexicon.number("hedge_window"))
    if any(
        cue.last <= token
        and analysis.words_between(cue.last, token) < window
        and same_sentence(analysis, cue.first, token)
        for cue in analysis.cues("hedge_cues")
    ):
        return True
    return scoped and any(
        cue.last <= token and same_sentence(analysis, cue.first, token) and not _scope_ends(analysis, cue.last, token)
        for cue in analysis.cues("hedge_scope_cues")
    )


def _scope_ends(analysis: Analysis, first: int, token: int) -> bool:
    """Whether a denial's clause ends in [first, token]: punctuation, a relative pronoun, حيث …"""
    breakers = analysis.words("relative_pronouns") | analysis.words("hedge_scope_breakers")
    return any(
        analysis.doc.barrier_before[i] or analysis.doc.tokens[i].text.removeprefix("و") in breakers
        for i in range(first, token + 1)
    )


def span_evidence(
    analysis: Analysis, pieces: Sequence[Located | EntityMatch | PhraseMatch[object]], rule: str
) -> Evidence:
    """The smallest span covering all pieces."""
    return analysis.evidence(min(p.start for p in pieces), max(p.end for p in pieces), rule)


def states(analysis: Analysis) -> list[EntityMatch]:
    return [m for m in analysis.names if m.entity.kind == "State" and m.via == "name"]


def organizations(analysis: Analysis) -> list[EntityMatch]:
    return [m for m in analysis.names if m.entity.kind == "InternationalOrganization"]


def state_list(analysis: Analysis, after: int, window: int) -> list[EntityMatch]:
    """A run of states ("أرمينيا وبيلاروسيا وكازاخستان") starting within `window` tokens of `after`."""
    candidates = [m for m in states(analysis) if same_sentence(analysis, m.first, max(after - 1, 0))]
    start = next((m for m in candidates if after <= m.first <= after + window), None)
    if start is None:
        return []
    run = [start]
    for match in candidates:
        if match.first == run[-1].last:
            run.append(match)
    return run


def nearest_organization(
    analysis: Analysis, piece: PhraseMatch[str] | EntityMatch, before_only: bool = False
) -> EntityMatch | None:
    candidates = [
        m for m in organizations(analysis)
        if same_sentence(analysis, m.first, piece.first) and (not before_only or m.last <= piece.first)
    ]  # fmt: skip
    return min(candidates, key=lambda m: distance(m, piece), default=None)


def event_date(analysis: Analysis, trigger: PhraseMatch[object]) -> DateAt | None:
    candidates = [
        d for d in analysis.dates
        if d.mention.value is not None and d.mention.period_end is None and not d.after_since
        and same_sentence(analysis, d.first, trigger.first)
    ]  # fmt: skip
    return min(candidates, key=lambda d: distance(d, trigger), default=None)
