"""The gazetteer: every name in ontology/reference.ttl, found in running Arabic text.

The reference individuals' Arabic labels (rdfs:label, skos:prefLabel, skos:altLabel,
skos:hiddenLabel) are names; their csto:demonym values are nisba adjectives (الروسي -> Russia).
An ontologist who adds an alias in Protégé changes what is found here, with no code change.

Four passes: exact names (with proclitics), multi-word person names misspelt by one letter
(rapidfuzz), which catches "سيرغي افروف" for سيرغي لافروف, names of places written in
another transliteration ("إيكاترينبرج" for يكاترينبورغ: the same consonants once vowel letters are
dropped and the letters outlets use for one foreign sound are merged), and last a person's surname
alone when no other person shares it (after the other passes, so that a misspelt full name is read
whole).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from rapidfuzz.distance import Levenshtein
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from csto_kg.arabic import CLITIC_PREFIXES, has_arabic, normalize_word
from csto_kg.config import DEFAULT_BASE, ONTOLOGY_NS, PROJECT_ROOT
from csto_kg.extract.matcher import ARTICLE, PhraseIndex, PhraseMatch, longest_non_overlapping
from csto_kg.extract.text import ArticleText

REFERENCE_ID_BASE = DEFAULT_BASE + "id/"
_NAME_PREDICATES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
_DEMONYM = URIRef(ONTOLOGY_NS + "demonym")
_LINKS = {
    "unitOf": URIRef("http://www.w3.org/ns/org#unitOf"),
    "ministryOf": URIRef(ONTOLOGY_NS + "ministryOf"),
    "agencyOf": URIRef(ONTOLOGY_NS + "agencyOf"),
    "containedInPlace": URIRef("https://schema.org/containedInPlace"),
    "foundingTreaty": URIRef(ONTOLOGY_NS + "foundingTreaty"),
    "charter": URIRef(ONTOLOGY_NS + "charter"),
    "legislationChanges": URIRef("https://schema.org/legislationChanges"),  # a protocol -> the treaty it extends
}
# Dates the reference data gives (ISO strings in `Entity.links`): when an organization was founded
# and when a treaty was first signed, which decide whose membership or signature an episode is.
_DATES = {
    "foundingDate": URIRef("https://schema.org/foundingDate"),
    "legislationDate": URIRef("https://schema.org/legislationDate"),
}
# The most specific class wins when an individual has several.
_KIND_ORDER = (
    "Role", "Person", "City", "State", "Ministry", "StateAgency", "MediaOrganization", "OrganizationBody",
    "InternationalOrganization", "Charter", "Treaty", "Plan", "Document", "Organization", "Place",
)  # fmt: skip
ORGANIZATION_KINDS = frozenset(
    {"InternationalOrganization", "OrganizationBody", "Ministry", "StateAgency", "MediaOrganization", "Organization"}
)
#: The property that links a state's body, by its class, to the state (csto:ministryOf, csto:agencyOf).
STATE_BODY_LINKS = {"Ministry": "ministryOf", "StateAgency": "agencyOf"}
FUZZY_MIN_LENGTH = 9
# Letters that transliterations of one foreign sound alternate between (g: غ ج ق ك; t: ت ط; s: س ص;
# z: ز ذ; d: د ض), and the vowel letters they add or drop (يكاترينبورغ / إيكاترينبرج).
_SOUND_CLASSES = str.maketrans({"ج": "غ", "ق": "غ", "ك": "غ", "ط": "ت", "ص": "س", "ذ": "ز", "ض": "د"})
_VOWEL_LETTERS = str.maketrans("", "", "اويء")
# A skeleton this short could be an Arabic word; a name read by its consonants must be longer.
TRANSLITERATION_MIN_LENGTH = 5
# Places only: people's names that differ only in vowels are other people (سادييف is not سيدوف), and
# the one-letter fuzzy pass already reads a misspelt person's name.
TRANSLITERATED_KINDS = frozenset({"City", "Place", "State"})
SURNAME_MIN_LENGTH = 4


@dataclass(frozen=True)
class Entity:
    """A reference individual: its local id (the IRI after `{base}id/`), class and labels."""

    id: str
    kind: str
    label_ar: str
    label_en: str | None = None
    links: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    @property
    def is_organization(self) -> bool:
        return self.kind in ORGANIZATION_KINDS


#: The rule of a name found as one of the entity's own labels (every other rule is a judgment:
#: fuzzy, transliterated, by surname, through a title).
EXACT_NAME = "gazetteer-exact"


@dataclass(frozen=True)
class EntityMatch:
    """An entity named in the text: token range, normalised offsets, how it was recognised."""

    entity: Entity
    first: int
    last: int
    start: int
    end: int
    rule: str
    via: str = "name"  # "name" | "demonym" | "anaphor"


class Gazetteer:
    """Names and demonyms of the reference individuals, ready to be found in articles."""

    def __init__(self, graph: Graph) -> None:
        self.entities: dict[str, Entity] = _entities(graph)
        self._founded = {e.links["foundingTreaty"]: e for e in self.entities.values() if e.links.get("foundingTreaty")}
        names: list[tuple[str, Entity]] = []
        labelled: list[tuple[str, tuple[Entity, str]]] = []
        roles: list[tuple[str, Entity]] = []
        self._labels: dict[str, set[str]] = defaultdict(set)
        for local_id, entity in self.entities.items():
            subject = URIRef(REFERENCE_ID_BASE + local_id)
            for label in _arabic_values(graph, subject, _NAME_PREDICATES):
                self._labels[local_id].add(label)
                if entity.kind == "Role":
                    roles.append((label, entity))
                else:
                    names.append((label, entity))
                    labelled.append((label, (entity, "name")))
            if entity.kind != "Role":
                # "أفادت Sputnik": a name written in Latin script inside Arabic text (not fuzzy-matched).
                labelled.extend((label, (entity, "name")) for label in _latin_names(graph, subject))
            for label in _arabic_values(graph, subject, (_DEMONYM,)):
                labelled.append((label, (entity, "demonym")))
                if entity.kind == "State" and label.startswith(ARTICLE) and " " not in label:
                    # After an indefinite noun the nisba has no article: "طائرات روسية", "مسؤول أرميني".
                    labelled.append((label[len(ARTICLE):], (entity, "demonym")))
        self.names: PhraseIndex[tuple[Entity, str]] = PhraseIndex(labelled)
        self._people_by_label = {label: entity for label, entity in names if entity.kind == "Person"}
        self.roles: PhraseIndex[Entity] = PhraseIndex(roles)
        # Every person's surname, shared or not: a title may say which bearer a shared one names.
        self.surname_bearers: dict[str, tuple[Entity, ...]] = _surname_bearers(names)
        self.surnames: PhraseIndex[Entity] = PhraseIndex(_unique_surnames(names, self.surname_bearers), allow_article=False)
        self._fuzzy = _fuzzy_candidates(names)
        # The words of those names, found in one automaton pass: only their tokens are tried.
        self._fuzzy_words: PhraseIndex[str] = PhraseIndex((word, word) for word in self._fuzzy)
        self._skeletons = _skeleton_index(names)
        self._transliterable: dict[str, bool] = {}  # word -> whether a skeleton of it is a name's
        # The first words of the people's names: "الكسندر" (ألكسندر without its hamza) is a given
        # name, not a word with the article.
        self.given_names = frozenset(label.split()[0] for label, entity in names if entity.kind == "Person" and " " in label)

    def by_id(self, local_id: str) -> Entity | None:
        return self.entities.get(local_id)

    def state_containing(self, place: Entity) -> Entity | None:
        """The state a place is in, through the places the reference data puts it in
        (schema:containedInPlace: a city, in a region, in a state); a state is its own."""
        for _ in range(4):
            if place.kind == "State":
                return place
            container = self.entities.get(place.links.get("containedInPlace", ""))
            if container is None:
                return None
            place = container
        return None

    def founded_by(self, treaty_id: str) -> Entity | None:
        """The organization a treaty founded (csto:foundingTreaty in the reference data)."""
        return self._founded.get(treaty_id)

    def person_named(self, name: str) -> Entity | None:
        """The person whose normalised Arabic name is exactly `name`, if one is."""
        return self._people_by_label.get(name)

    def labels_of(self, local_id: str) -> set[str]:
        """The normalised Arabic names of an entity."""
        return self._labels.get(local_id, set())

    def find_roles(self, doc: ArticleText) -> list[EntityMatch]:
        """Titles (رئيس, وزير الخارجية, الأمين العام …): found before names, so they win overlaps."""
        return [_to_match(m, m.values[0], EXACT_NAME) for m in self.roles.find(doc)]

    def find_names(self, doc: ArticleText, taken: set[int]) -> list[EntityMatch]:
        """Names and demonyms outside the tokens already `taken` (by titles), in text order."""
        kept = longest_non_overlapping(m for m in self.names.find_all(doc) if taken.isdisjoint(range(m.first, m.last)))
        matches = [_to_match(m, m.values[0][0], EXACT_NAME, via=m.values[0][1]) for m in kept]
        covered = set(taken).union(*(range(m.first, m.last) for m in matches))
        # A misspelt full name before the surname alone: in "فلاديمر بوتين" the surname pass would
        # take بوتين and leave the first name behind, so the title before it names nobody.
        fuzzy = self._find_fuzzy(doc, covered)
        covered.update(*(range(m.first, m.last) for m in fuzzy))
        fuzzy += self._find_transliterated(doc, covered)
        covered.update(*(range(m.first, m.last) for m in fuzzy))
        surnames = [
            _to_match(m, m.values[0], "gazetteer-surname")
            for m in self.surnames.find(doc)
            if covered.isdisjoint(range(m.first, m.last))
        ]
        return sorted(matches + surnames + fuzzy, key=lambda m: m.start)

    def _find_fuzzy(self, doc: ArticleText, covered: set[int]) -> list[EntityMatch]:
        """Multi-word person names (and long organization names) with one letter wrong, dropped or
        added (proclitics stripped).

        A candidate needs one word spelt exactly; the window of the name's length around it must
        then be within one edit of the name.
        """
        found: list[EntityMatch] = []
        for index in sorted({span[0] for span in self._fuzzy_words.spans(doc)}):  # first tokens
            if index in covered:
                continue
            match = self._fuzzy_at(doc, index, doc.tokens[index].text, covered)
            if match is not None:
                found.append(match)
                covered.update(range(match.first, match.last))
        return found

    def _fuzzy_at(self, doc: ArticleText, index: int, word: str, covered: set[int]) -> EntityMatch | None:
        """The name around token `index` (one of its words, spelt exactly) within one edit; the
        edit may be a space that splits a word ("فلاديمير زين يتدينوف"), so the window may hold
        one token more than the name."""
        tokens = doc.tokens
        for stem, _ in stem_list(word):
            for words, position, entity, name in self._fuzzy.get(stem, ()):
                for split in (0, 1):
                    first, last = index - position, index - position + len(words) + split
                    if first < 0 or last > len(tokens) or not covered.isdisjoint(range(first, last)):
                        continue
                    if doc.barrier_between(first, last - 1):
                        continue
                    rest = " ".join(t.text for t in tokens[first + 1:last])
                    for lead, clitic in stem_list(tokens[first].text):
                        window = f"{lead} {rest}" if rest else lead
                        # One edit changes the length by one at most: most windows stop here.
                        if abs(len(window) - len(name)) <= 1 and Levenshtein.distance(window, name, score_cutoff=1) <= 1:
                            start = tokens[first].start + len(clitic)
                            return EntityMatch(entity, first, last, start, tokens[last - 1].end, "gazetteer-fuzzy")
        return None


    def _find_transliterated(self, doc: ArticleText, covered: set[int]) -> list[EntityMatch]:
        """Names of places and people spelt in another transliteration: every word's skeleton
        (`skeleton`) equal to the name's, with one entity owning that skeleton."""
        found: list[EntityMatch] = []
        tokens = doc.tokens
        skeletons = self._skeletons
        known = self._transliterable
        if len(known) > _WORDS_KEPT:
            known.clear()
        for index, token in enumerate(tokens):
            if index in covered:
                continue
            # Decided once per word: most words of an article recur in the next ones.
            hit = known.get(token.text)
            if hit is None:
                text = token.text
                hit = known[text] = len(text) >= 3 and has_arabic(text) and any(skeleton(stem) in skeletons for stem, _ in stem_list(text))
            if not hit:
                continue
            stems = stem_list(token.text)
            # Proclitics first: every vowel letter is dropped, so "وكازخستان" would match whole.
            for stem, clitic in sorted(stems, key=lambda pair: -len(pair[1])):
                match = self._transliterated_at(doc, index, stem, clitic, covered)
                if match is not None:
                    found.append(match)
                    covered.update(range(match.first, match.last))
                    break
        return found

    def _transliterated_at(self, doc: ArticleText, index: int, stem: str, clitic: str, covered: set[int]) -> EntityMatch | None:
        tokens = doc.tokens
        for words, entity in self._skeletons.get(skeleton(stem), ()):
            last = index + len(words)
            if last > len(tokens) or not covered.isdisjoint(range(index, last)) or doc.barrier_between(index, last - 1):
                continue
            if all(skeleton(tokens[i].text) == words[i - index] for i in range(index + 1, last)):
                start = tokens[index].start + len(clitic)
                return EntityMatch(entity, index, last, start, tokens[last - 1].end, "gazetteer-transliteration")
        return None


#: Words whose checks are kept (per word, per process): beyond it the cache starts again.
_WORDS_KEPT = 65536


@lru_cache(maxsize=_WORDS_KEPT)
def skeleton(word: str) -> str:
    """A normalised word as its consonants, one letter per foreign sound: "ايكاترينبرج" and
    "يكاترينبورغ" are both "غترنبرغ". A final vowel letter stays, so that an adjective
    ("اذربيجانيا": Azerbaijani) is not the name it derives from."""
    return (word[:-1].translate(_VOWEL_LETTERS) + word[-1:]).translate(_SOUND_CLASSES)


def _skeleton_index(names: list[tuple[str, Entity]]) -> dict[str, list[tuple[tuple[str, ...], Entity]]]:
    """First word's skeleton -> (every word's skeleton, entity), for the names of places of up to
    three words whose skeleton is long enough and belongs to one entity alone (of any kind)."""
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    by_id: dict[str, Entity] = {}
    for label, entity in names:
        words = tuple(skeleton(word) for word in label.split())
        owners[words].add(entity.id)  # every kind: a skeleton another entity shares is ambiguous
        by_id[entity.id] = entity
    index: dict[str, list[tuple[tuple[str, ...], Entity]]] = defaultdict(list)
    for words, ids in owners.items():
        if len(ids) != 1 or not 1 <= len(words) <= 3 or sum(map(len, words)) < TRANSLITERATION_MIN_LENGTH:
            continue
        entity = by_id[next(iter(ids))]
        if entity.kind in TRANSLITERATED_KINDS and all(words):
            index[words[0]].append((words, entity))
    for candidates in index.values():
        candidates.sort(key=lambda item: -len(item[0]))  # the longest name first
    return index


def _to_match(match: PhraseMatch[object], entity: Entity, rule: str, via: str = "name") -> EntityMatch:
    return EntityMatch(entity, match.first, match.last, match.start, match.end, rule, via)


@lru_cache(maxsize=_WORDS_KEPT)
def stem_list(token: str) -> tuple[tuple[str, str], ...]:
    """`_stems` of a token, kept: the same words recur in every article."""
    return tuple(_stems(token))


def _stems(token: str) -> Iterable[tuple[str, str]]:
    """The token itself and the token without each allowed proclitic: (stem, clitic)."""
    yield token, ""
    for clitic in CLITIC_PREFIXES:
        if token.startswith(clitic) and len(token) - len(clitic) >= 3:
            yield token[len(clitic):], clitic


def _arabic_values(graph: Graph, subject: URIRef, predicates: Iterable[URIRef]) -> list[str]:
    values = []
    for predicate in predicates:
        for value in graph.objects(subject, predicate):
            if isinstance(value, Literal) and (value.language or "").startswith("ar"):
                normalized = normalize_word(str(value))
                if normalized:
                    values.append(normalized)
    return values


def _latin_names(graph: Graph, subject: URIRef) -> list[str]:
    """The English names (labels) that read as proper nouns: capitalised, three letters or more."""
    return [
        str(value) for predicate in _NAME_PREDICATES for value in graph.objects(subject, predicate)
        if isinstance(value, Literal) and (value.language or "").startswith("en") and len(str(value)) >= 3 and str(value)[:1].isupper()
    ]  # fmt: skip


def _entities(graph: Graph) -> dict[str, Entity]:
    entities: dict[str, Entity] = {}
    for subject in set(graph.subjects(RDF.type, None)):
        if not isinstance(subject, URIRef) or not str(subject).startswith(REFERENCE_ID_BASE):
            continue
        kinds = {str(t)[len(ONTOLOGY_NS):] for t in graph.objects(subject, RDF.type) if str(t).startswith(ONTOLOGY_NS)}
        kind = next((k for k in _KIND_ORDER if k in kinds), None)
        if kind is None:
            continue
        local = str(subject)[len(REFERENCE_ID_BASE):]
        entities[local] = Entity(
            id=local,
            kind=kind,
            label_ar=_label(graph, subject, "ar") or local,
            label_en=_label(graph, subject, "en"),
            links={
                name: str(value)[len(REFERENCE_ID_BASE):]
                for name, predicate in _LINKS.items()
                for value in graph.objects(subject, predicate)
                if str(value).startswith(REFERENCE_ID_BASE)
            } | {name: str(value) for name, predicate in _DATES.items() for value in graph.objects(subject, predicate)},
        )
    return entities


def _label(graph: Graph, subject: URIRef, language: str) -> str | None:
    for value in graph.objects(subject, RDFS.label):
        if isinstance(value, Literal) and value.language == language:
            return str(value)
    return None


def _unique_surnames(names: list[tuple[str, Entity]], bearers: dict[str, tuple[Entity, ...]]) -> list[tuple[str, Entity]]:
    """The last word of each person's multi-word name (`bearers`), when it names no one else and
    no place."""
    single_word_names = {label for label, _ in names if " " not in label}
    return [(surname, people[0]) for surname, people in bearers.items() if len(people) == 1 and surname not in single_word_names]


def _surname_bearers(names: list[tuple[str, Entity]]) -> dict[str, tuple[Entity, ...]]:
    """The last word of each person's multi-word name -> every person whose name ends with it."""
    bearers: dict[str, dict[str, Entity]] = defaultdict(dict)
    for label, entity in names:
        words = label.split()
        if entity.kind == "Person" and len(words) >= 2 and len(words[-1]) >= SURNAME_MIN_LENGTH:
            bearers[words[-1]][entity.id] = entity
    return {surname: tuple(people.values()) for surname, people in bearers.items()}


def _fuzzy_candidates(names: list[tuple[str, Entity]]) -> dict[str, list[tuple[tuple[str, ...], int, Entity, str]]]:
    """Each word of each multi-word person name, and of each organization's name of three words or
    more ("منظمة معاهدة الأمن المستركة", a letter's dots dropped) -> (all words, its position,
    entity, the words joined by spaces)."""
    index: dict[str, list[tuple[tuple[str, ...], int, Entity, str]]] = defaultdict(list)
    for label, entity in names:
        words = tuple(label.split())
        person = entity.kind == "Person" and len(words) >= 2
        organization = entity.kind in ("InternationalOrganization", "OrganizationBody") and len(words) >= 3
        if not (person or organization) or len(label) < FUZZY_MIN_LENGTH:
            continue
        for position, word in enumerate(words):
            if len(word) >= 3:
                index[word].append((words, position, entity, " ".join(words)))
    return index


def load_reference_graph(paths: Iterable[Path]) -> Graph:
    """The reference data as an rdflib graph, parsed by pyoxigraph (rdflib's Turtle parser took
    a sixth of a second, a third of what adding one article costs)."""
    import pyoxigraph as ox

    from csto_kg.rdflib_bridge import to_rdflib

    graph = Graph()
    for path in paths:
        to_rdflib(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE), graph)
    return graph


#: The gazetteer as a release keeps it, for `csto-kg add` (building it is ~0.2 s of the ~0.6 s
#: an add costs; unpickling it, 15 ms). It sits in a release directory, written by our own build
#: or add, as trusted as the store beside it.
CACHE_NAME = "csto-gazetteer.pickle"
#: What a gazetteer is built from besides the reference data: a change to any of these modules
#: makes a kept gazetteer stale.
_BUILT_BY = ("extract/gazetteer.py", "extract/matcher.py", "extract/text.py", "arabic.py")
_LOADED: dict[Path, Gazetteer] = {}


def gazetteer_key(reference: Path) -> str:
    """SHA-256 of the reference data and of the code that turns it into a gazetteer."""
    digest = hashlib.sha256(reference.read_bytes())
    package = Path(__file__).resolve().parent.parent
    for name in _BUILT_BY:
        digest.update((package / name).read_bytes())
    return digest.hexdigest()


#: Where this process read each reference file's gazetteer from, when it came from a release.
_KEPT_FILE: dict[Path, Path] = {}


def load_gazetteer(reference: Path = PROJECT_ROOT / "ontology" / "reference.ttl", kept_in: Path | None = None) -> Gazetteer:
    """The gazetteer of the reference data, built once per process and file, or read from the
    release directory `kept_in` when it keeps one built from the same data and code."""
    if reference not in _LOADED:
        _LOADED[reference] = _kept(reference, kept_in) or Gazetteer(load_reference_graph([reference]))
    return _LOADED[reference]


def _kept(reference: Path, folder: Path | None) -> Gazetteer | None:
    if folder is None:
        return None
    try:
        with open(folder / CACHE_NAME, "rb") as source:
            key, gazetteer = pickle.load(source)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError, TypeError):
        return None
    if key != gazetteer_key(reference) or not isinstance(gazetteer, Gazetteer):
        return None
    _KEPT_FILE[reference] = folder / CACHE_NAME
    return gazetteer


def keep_gazetteer(reference: Path, folder: Path) -> None:
    """Put the gazetteer (this process's, built if need be) into a release directory being made:
    the file it was read from hard-linked when it came from one (pickling it again cost an add
    ~80 ms), else written."""
    partial = folder / f"{CACHE_NAME}.{os.getpid()}.tmp"
    gazetteer = load_gazetteer(reference)
    if not _linked(_KEPT_FILE.get(reference), partial):
        with open(partial, "wb") as out:
            pickle.dump((gazetteer_key(reference), gazetteer), out, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, folder / CACHE_NAME)


def _linked(source: Path | None, target: Path) -> bool:
    """Whether `source` (if any) could be hard-linked as `target` (not if it is gone, or on
    another file system)."""
    if source is None:
        return False
    try:
        os.link(source, target)
    except OSError:
        return False
    return True
