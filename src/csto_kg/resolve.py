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
from dataclasses import replace
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


def resolve_identities(extractions: Iterable[Extraction], known: Iterable[tuple[str, str]] = ()) -> list[Extraction]:
    """The extractions with every minted person renamed to its corpus-wide identity.

    `known` are (name, person id) pairs already published (when articles are added to a store):
    they come first, so a new spelling of a published person joins that person.
    """
    ordered = sorted(extractions, key=lambda e: (e.article.published or dt.date.max, e.article.id))
    canonical: list[tuple[str, str]] = list(known)  # (name as first written, person id)
    renames: dict[str, str] = {}
    by_spelling: dict[str, str] = {}  # names recur across a corpus: the fuzzy scan runs once per spelling
    for extraction in ordered:
        for record in _minted_people(extraction):
            name = record.properties["labelAr"]
            match = by_spelling.get(name)
            if match is None:
                match = next((pid for first, pid in canonical if same_name(first, name)), None)
            if match is None:
                match = f"{PERSON_PREFIX}{slugify(name)}"
                canonical.append((name, match))
            by_spelling[name] = renames[record.id] = match
    names = {pid: first for first, pid in canonical}
    order = {e.article.id: i for i, e in enumerate(ordered)}
    rewritten = [_rewrite(extraction, renames, names) for extraction in ordered]
    return sorted(rewritten, key=lambda e: order[e.article.id])


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
