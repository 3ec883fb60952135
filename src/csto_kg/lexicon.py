"""The extractor's word lists (mappings/lexicon.yaml), loaded once and normalised.

Keeping cue phrases in data lets a linguist widen what the extractor recognises without touching
code; this module only turns them into phrase indexes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar

import yaml

from csto_kg.arabic import normalize, normalize_word
from csto_kg.config import PROJECT_ROOT, load_yaml
from csto_kg.extract.matcher import GappedPhrases, PhraseIndex

T = TypeVar("T")

DEFAULT_LEXICON = PROJECT_ROOT / "mappings" / "lexicon.yaml"


class LexiconError(ValueError):
    """The lexicon file is malformed; the message names the file and the field."""


@dataclass(frozen=True)
class EventKind:
    """One `events:` entry: a csto: class, its trigger phrases and what it needs."""

    kind: str
    triggers: tuple[str, ...]
    needs: tuple[str, ...]
    body_kinds: dict[str, str]
    destination_cues: tuple[str, ...]
    addressee_cues: tuple[str, ...]
    not_before: tuple[str, ...] = ()  # the trigger is another word when one of these follows it
    #: "state": the event is the country's, wherever in it the text places it (unrest spreads
    #: through a country: a city named is where part of it happened). None: the place said.
    place_level: str | None = None


@dataclass(frozen=True)
class DocumentHead:
    """A head noun that starts a document's name (خطة مشاورات …) and its class."""

    kind: str
    english: str


class Lexicon:
    """Typed access to mappings/lexicon.yaml with every phrase normalised."""

    def __init__(self, data: dict[str, Any], path: Path) -> None:
        self.path = path
        self._data = data
        self._built: dict[str, dict[tuple[str, ...], Any]] = {}
        self._word_sets: dict[tuple[str, ...], frozenset[str]] = {}

    def _get(self, *keys: str) -> Any:
        node: Any = self._data
        for key in keys:
            if not isinstance(node, dict) or key not in node:
                raise LexiconError(f"{self.path}: missing field {'.'.join(keys)!r}")
            node = node[key]
        return node

    def _built_once(self, kind: str, keys: tuple[str, ...], build: Callable[[], T]) -> T:
        """`build()` for this field, made once per process: the patterns ask for the same few
        lists and sets for every token they look at."""
        cache = self._built.get(kind)
        if cache is None:
            cache = self._built[kind] = {}
        found = cache.get(keys)
        if found is None:
            found = cache[keys] = build()
        return found

    def _list(self, keys: tuple[str, ...], what: str) -> list[Any]:
        value = self._get(*keys)
        if not isinstance(value, list):
            raise LexiconError(f"{self.path}: field {'.'.join(keys)!r} must be a list of {what}")
        return value

    def phrases(self, *keys: str) -> tuple[str, ...]:
        """A list of phrases, normalised."""
        return self._built_once("phrases", keys, lambda: tuple(normalize_word(str(item)) for item in self._list(keys, "phrases")))

    def keys(self, *keys: str) -> tuple[str, ...]:
        """The names of the groups under a field that maps names to phrase lists."""
        value = self._get(*keys)
        if not isinstance(value, dict):
            raise LexiconError(f"{self.path}: field {'.'.join(keys)!r} must map names to lists")
        return tuple(str(key) for key in value)

    def verbatim(self, *keys: str) -> frozenset[str]:
        """A list of words as written, not normalised: to tell apart what normalising merges
        (the hamza of "لأزمة" against "لازمة")."""
        return self._built_once("verbatim", keys, lambda: frozenset(str(item) for item in self._list(keys, "words")))

    def identifiers(self, *keys: str) -> frozenset[str]:
        """A list of reference ids (`organization/csto`), as written: ids are not Arabic text."""
        return self._built_once("identifiers", keys, lambda: frozenset(str(item) for item in self._list(keys, "ids")))

    def inverse(self, *keys: str) -> dict[str, str]:
        """A field that maps reference ids to lists of ids (`state/kazakhstan: [person/…]`),
        read backwards: each listed id -> the id it is listed under."""

        def build() -> dict[str, str]:
            value = self._get(*keys)
            if not isinstance(value, dict) or not all(isinstance(v, list) for v in value.values()):
                raise LexiconError(f"{self.path}: field {'.'.join(keys)!r} must map ids to lists of ids")
            return {str(item): str(key) for key, items in value.items() for item in items}

        return self._built_once("inverse", keys, build)

    def groups_of(self, *keys: str) -> dict[str, frozenset[str]]:
        """A field that maps names to phrase lists, read backwards: each phrase -> the names
        (normalised) whose lists hold it ("دعا" -> {"الى"} under statement_object_openers)."""

        def build() -> dict[str, frozenset[str]]:
            groups: dict[str, set[str]] = {}
            for name in self.keys(*keys):
                for phrase in self.phrases(*keys, name):
                    groups.setdefault(phrase, set()).add(normalize_word(name))
            return {phrase: frozenset(names) for phrase, names in groups.items()}

        return self._built_once("groups_of", keys, build)

    def mapping(self, *keys: str) -> dict[str, str]:
        """A field that maps reference ids to reference ids (`state/armenia: city/yerevan`)."""

        def build() -> dict[str, str]:
            value = self._get(*keys)
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise LexiconError(f"{self.path}: field {'.'.join(keys)!r} must map ids to ids")
            return {str(k): v for k, v in value.items()}

        return self._built_once("mapping", keys, build)

    def number(self, *keys: str) -> float:
        value = self._get(*keys)
        if not isinstance(value, (int, float)):
            raise LexiconError(f"{self.path}: field {'.'.join(keys)!r} must be a number")
        return value

    def index(self, *keys: str) -> PhraseIndex[str]:
        """A phrase index whose value is the phrase's group name (the last key), built once."""
        cache: dict[tuple[str, ...], PhraseIndex[str]] = self.__dict__.setdefault("_indexes", {})
        if keys not in cache:
            cache[keys] = PhraseIndex((phrase, keys[-1]) for phrase in self.phrases(*keys))
        return cache[keys]

    def grouped_index(self, *keys: str) -> PhraseIndex[str]:
        """An index over a mapping of group name -> phrases; the value is the group name (built once)."""
        cache: dict[tuple[str, ...], PhraseIndex[str]] = self.__dict__.setdefault("_grouped", {})
        if keys not in cache:
            groups = self._get(*keys)
            if not isinstance(groups, dict):
                raise LexiconError(f"{self.path}: field {'.'.join(keys)!r} must map names to phrase lists")
            cache[keys] = PhraseIndex(
                (phrase, name) for name in groups for phrase in self.phrases(*keys, name) if isinstance(groups[name], list)
            )
        return cache[keys]

    @cached_property
    def cue_index(self) -> PhraseIndex[tuple[str, ...]]:
        """Every phrase list of the lexicon in one automaton; a phrase's values are its lists' paths.

        An article is then scanned once for all cue lists instead of once per list.
        """
        entries: list[tuple[str, tuple[str, ...]]] = []

        def walk(node: Any, path: tuple[str, ...]) -> None:
            if isinstance(node, dict):
                for key, value in node.items():
                    walk(value, path + (str(key),))
            elif isinstance(node, list) and node and all(isinstance(item, str) for item in node):
                entries.extend((normalize_word(item), path) for item in node)

        walk(self._data, ())
        return PhraseIndex(entries)

    @cached_property
    def footer_labels(self) -> dict[str, str]:
        """Normalised footer label -> field name (source, image, publisher)."""
        labels: dict[str, str] = {}
        for name in self._get("footer"):
            for phrase in self.phrases("footer", name):
                labels[phrase] = name
        return labels

    def footer_field(self, line: str) -> tuple[str | None, str]:
        """(`source`, value) for a line such as "المصدر: تاس"; (None, line) for other lines."""
        label, sep, value = line.partition(":")
        if not sep or not value.strip():
            return None, line
        name = self.footer_labels.get(normalize_word(label))
        return (name, value.strip()) if name else (None, line)

    @property
    def publisher_max_words(self) -> int:
        return int(self.number("publisher_max_words"))

    @cached_property
    def event_kinds(self) -> tuple[EventKind, ...]:
        kinds = []
        for position, entry in enumerate(self._get("events")):
            if not isinstance(entry, dict) or "kind" not in entry or "triggers" not in entry:
                raise LexiconError(f"{self.path}: events[{position}] needs 'kind' and 'triggers'")
            kinds.append(
                EventKind(
                    kind=str(entry["kind"]),
                    triggers=tuple(normalize_word(t) for t in entry["triggers"]),
                    needs=tuple(entry.get("needs", ())),
                    body_kinds={
                        slug: kind for kind, slugs in entry.get("body_kinds", {}).items() for slug in slugs
                    },
                    destination_cues=tuple(normalize_word(t) for t in entry.get("destination_cues", ())),
                    addressee_cues=tuple(normalize_word(t) for t in entry.get("addressee_cues", ())),
                    not_before=tuple(normalize_word(t) for t in entry.get("not_before", ())),
                    place_level=self._place_level(entry, position),
                )
            )
        return tuple(kinds)

    def _place_level(self, entry: dict[str, object], position: int) -> str | None:
        level = entry.get("place_level")
        if level not in (None, "state"):
            raise LexiconError(f"{self.path}: events[{position}].place_level must be 'state' (or left out), not {level!r}")
        return None if level is None else str(level)

    @cached_property
    def statement_words(self) -> frozenset[str]:
        """The one-word verbs of saying among the statement triggers (normalised): not the nouns of
        saying (`statement_nouns`: "تصريحات"), after which no subject follows."""
        nouns = self.word_set("statement_nouns")
        return frozenset(t for kind in self.event_kinds if kind.kind == "Statement" for t in kind.triggers if " " not in t and t not in nouns)

    @cached_property
    def trigger_words(self) -> frozenset[str]:
        """Every one-word event or statement trigger (normalised): verbs and event nouns, never a
        word of a person's name."""
        return frozenset(t for kind in self.event_kinds for t in kind.triggers if " " not in t)

    @cached_property
    def trigger_index(self) -> PhraseIndex[EventKind]:
        return PhraseIndex((trigger, kind) for kind in self.event_kinds for trigger in kind.triggers)

    @cached_property
    def gapped_triggers(self) -> GappedPhrases[EventKind]:
        """The triggers a subject may split ("طلب رئيس الوزراء … المساعدة"): those of several
        words, but not one with a relative clause in it ("الطلب الذي تقدمت به")."""
        relatives = self.word_set("relative_pronouns")
        return GappedPhrases(
            (trigger, kind) for kind in self.event_kinds for trigger in kind.triggers
            if " " in trigger and relatives.isdisjoint(trigger.split())
        )  # fmt: skip

    def gapped(self, *keys: str) -> GappedPhrases[str]:
        """A phrase list that a name may split (see `GappedPhrases`); the value is the last key."""
        return self._built_once("gapped", keys, lambda: GappedPhrases((phrase, keys[-1]) for phrase in self.phrases(*keys)))

    @cached_property
    def trigger_status(self) -> dict[str, str]:
        return {phrase: status for status in ("held", "planned") for phrase in self.phrases("trigger_status", status)}

    @cached_property
    def document_heads(self) -> PhraseIndex[DocumentHead]:
        entries = []
        for entry in self._get("documents"):
            for head, english in entry["heads"].items():
                entries.append((normalize_word(head), DocumentHead(str(entry["kind"]), str(english))))
        return PhraseIndex(entries)

    @cached_property
    def state_bodies(self) -> dict[str, dict[str, Any]]:
        """Ministries and other bodies of a state, by kind: Arabic names, English name, class."""
        return dict(self._get("state_bodies"))

    @cached_property
    def state_body_speaker_only(self) -> dict[str, frozenset[str]]:
        """By kind of state body, the names that name it only as a speaker (`speaker_only`)."""
        return {slug: frozenset(normalize_word(str(p)) for p in entry.get("speaker_only", ())) for slug, entry in self.state_bodies.items()}

    @cached_property
    def state_body_index(self) -> PhraseIndex[str]:
        return PhraseIndex(
            (normalize_word(phrase), slug) for slug, entry in self.state_bodies.items() for phrase in entry["ar"]
        )

    def confidence(self, rule: str) -> float:
        return float(self.number("rules", rule))

    def word_set(self, *keys: str) -> frozenset[str]:
        """Single words (normalised) for quick membership tests."""
        found = self._word_sets.get(keys)  # asked ~900 times per article: one lookup, no layers
        if found is None:
            found = self._word_sets[keys] = frozenset(self.phrases(*keys))
        return found

    def characters(self, *keys: str) -> frozenset[str]:
        """Punctuation and other short strings, normalised but not stripped to words."""
        return self._built_once("characters", keys, lambda: frozenset(normalize(str(item)).text for item in self._get(*keys)))


@lru_cache(maxsize=4)
def load_lexicon(path: Path = DEFAULT_LEXICON) -> Lexicon:
    """Parse the lexicon once per process."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise LexiconError(f"{path}: cannot be read: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise LexiconError(f"{path}: invalid YAML: {error}") from error
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: must be a YAML mapping")
    return Lexicon(data, path)
