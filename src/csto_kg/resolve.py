"""resolve: one identity for a person the reference data does not know, across all articles.

Each article mints `person/<slug>` from the name as it writes it; articles spell the same name
differently (سورين بابيكيان / سورين بابكيان). Here the names minted by the whole corpus are merged
when they match word by word within one edit per word, in a fixed order (publication date, then
article id), so the first spelling names the person in every build; every other spelling becomes
an alias (skos:altLabel), and English and Russian machine transliterations are added as
csto:machineLabel.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Iterable

from rapidfuzz.distance import Levenshtein

from csto_kg.arabic import normalize_word
from csto_kg.extract.facts import Extraction
from csto_kg.extract.records import Record, slugify
from csto_kg.transliterate import transliterate_name

PERSON_PREFIX = "person/"


def same_name(a: str, b: str) -> bool:
    """Normalised names with as many words, each within one edit (two for words of 8+ letters)."""
    words_a, words_b = normalize_word(a).split(), normalize_word(b).split()
    if len(words_a) != len(words_b):
        return False
    for x, y in zip(words_a, words_b):
        allowed = 2 if min(len(x), len(y)) >= 8 else 1
        if x[:1] != y[:1] or Levenshtein.distance(x, y, score_cutoff=allowed) > allowed:
            return False
    return True


@dataclass(frozen=True)
class MintedIn:
    """What identity resolution needs of one article: when it was published and the people it
    minted, (record id, name as written). A build keeps this much of each extraction in memory;
    the extractions themselves wait on disk (`spill.py`)."""

    article_id: str
    published: dt.date | None
    people: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, extraction: Extraction) -> MintedIn:
        people = tuple((r.id, str(r.properties["labelAr"])) for r in _minted_people(extraction))
        return cls(extraction.article.id, extraction.article.published, people)


@dataclass(frozen=True)
class Identities:
    """Every minted person's corpus-wide identity: the renames of the articles' person ids, each
    identity's first spelling, and the articles in the order that decided them."""

    renames: dict[str, str]
    names: dict[str, str]  # person id -> name as first written
    order: tuple[MintedIn, ...]

    def apply(self, extraction: Extraction) -> Extraction:
        """The extraction with its minted people renamed to their identities."""
        return _rewrite(extraction, self.renames, self.names)

    def people(self) -> list[tuple[str, str]]:
        """(name, person id) of every person the articles introduced, oldest article first: what
        `add` later resolves new names against (`minted_people` of the renamed extractions)."""
        found = {self.renames[record_id]: None for minted in self.order for record_id, _ in minted.people if record_id in self.renames}
        return [(self.names[person], person) for person in found]


def resolve(minted: Iterable[MintedIn], known: Iterable[tuple[str, str]] = ()) -> Identities:
    """The identities of the people the articles minted, the oldest article's spelling first.

    `known` are (name, person id) pairs already published (when articles are added to a store):
    they come first, so a new spelling of a published person joins that person.
    """
    ordered = tuple(sorted(minted, key=lambda m: (m.published or dt.date.max, m.article_id)))
    canonical: list[tuple[str, str]] = list(known)  # (name as first written, person id)
    renames: dict[str, str] = {}
    by_spelling: dict[str, str] = {}  # names recur across a corpus: the fuzzy scan runs once per spelling
    for article in ordered:
        for record_id, name in article.people:
            match = by_spelling.get(name)
            if match is None:
                match = next((pid for first, pid in canonical if same_name(first, name)), None)
            if match is None:
                match = f"{PERSON_PREFIX}{slugify(name)}"
                canonical.append((name, match))
            by_spelling[name] = renames[record_id] = match
    return Identities(renames, {pid: first for first, pid in canonical}, ordered)


def resolve_identities(extractions: Iterable[Extraction], known: Iterable[tuple[str, str]] = ()) -> list[Extraction]:
    """The extractions, oldest article first, with every minted person renamed to its
    corpus-wide identity (`resolve` for extractions held in memory)."""
    extractions = list(extractions)
    identities = resolve((MintedIn.of(e) for e in extractions), known)
    by_id = {e.article.id: e for e in extractions}
    return [identities.apply(by_id[m.article_id]) for m in identities.order]


def minted_people(extractions: Iterable[Extraction]) -> list[tuple[str, str]]:
    """(name, person id) of every person the articles introduced, after `resolve_identities`:
    what `add` later resolves new names against."""
    people: dict[str, str] = {}
    for extraction in extractions:
        for record in _minted_people(extraction):
            people.setdefault(record.id, record.properties["labelAr"])
    return [(name, person) for person, name in people.items()]


def _minted_people(extraction: Extraction) -> list[Record]:
    return [r for r in extraction.records if r.type == "Person" and r.id.startswith(PERSON_PREFIX)]


def _rewrite(extraction: Extraction, renames: dict[str, str], names: dict[str, str]) -> Extraction:
    local = {r.id: renames[r.id] for r in _minted_people(extraction) if r.id in renames}
    if not local:
        return extraction
    slug_renames = {old.removeprefix(PERSON_PREFIX): new.removeprefix(PERSON_PREFIX) for old, new in local.items() if old != new}
    records: list[Record] = []
    people: dict[str, Record] = {}
    for record in extraction.records:
        if record.type == "Person" and record.id in local:
            person_id = local[record.id]
            spelling = record.properties["labelAr"]
            person = people.get(person_id)
            if person is None:
                person = people[person_id] = Record("Person", person_id, _person_properties(names[person_id]), list(record.evidence))
                records.append(person)
            if spelling != names[person_id]:
                person.add_values("altLabelAr", [spelling])
            continue
        records.append(_renamed(record, local, slug_renames))
    return replace(extraction, records=tuple(records))


def _person_properties(name: str) -> dict[str, object]:
    return {
        "labelAr": name,
        "machineLabelEn": transliterate_name(name, "latin"),
        "machineLabelRu": transliterate_name(name, "cyrillic"),
    }


def _renamed(record: Record, ids: dict[str, str], slugs: dict[str, str]) -> Record:
    """A record with person ids replaced in its values, and in its own id where a slug stands."""
    properties = {name: _replace_value(value, ids) for name, value in record.properties.items()}
    record_id = record.id
    for old, new in slugs.items():
        record_id = re.sub(rf"(?<![a-z0-9]){re.escape(old)}(?![a-z0-9])", new, record_id)
    return Record(record.type, record_id, properties, list(record.evidence))


def _replace_value(value: object, ids: dict[str, str]) -> object:
    if isinstance(value, str):
        return ids.get(value, value)
    if isinstance(value, list):
        return [ids.get(v, v) if isinstance(v, str) else v for v in value]
    return value
