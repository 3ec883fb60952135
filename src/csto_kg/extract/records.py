"""The extractor's output: plain records, one per fact or minted entity, ready to become JSON.

A record names things by local id (`state/russia`, `person/ararat-mirzoyan`: the part of the IRI
after `{base}id/`), carries its values as JSON-friendly Python (dates as {"date", "precision"}),
and its evidence spans. Turning records into RDF is the mapping's job (mappings/context.jsonld).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from csto_kg.arabic import normalize_word
from csto_kg.extract.dates import DateValue

_TRANSLITERATION = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "a",
    "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w",
    "ي": "y", "ء": "", "ة": "a", "ى": "a",
}  # fmt: skip


@dataclass(frozen=True)
class Evidence:
    """A span of the article body (original offsets) and the rule that read it."""

    start: int
    end: int
    exact: str
    rule: str
    confidence: float

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "exact": self.exact, "rule": self.rule, "confidence": self.confidence}


@dataclass
class Record:
    """One fact or entity: its class (a csto: local name), local id, properties and evidence."""

    type: str
    id: str
    properties: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)

    def add_evidence(self, evidence: Evidence) -> None:
        if all((e.start, e.end) != (evidence.start, evidence.end) for e in self.evidence):
            self.evidence.append(evidence)

    def add_values(self, name: str, values: list[str]) -> None:
        """Add to a multi-valued property, keeping order and no duplicates."""
        current = self.properties.setdefault(name, [])
        current.extend(v for v in values if v not in current)

    @property
    def confidence(self) -> float:
        return max((e.confidence for e in self.evidence), default=1.0)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type, "id": self.id}
        data.update({k: _json_value(v) for k, v in self.properties.items() if v not in (None, [], "")})
        if self.evidence:
            data["evidence"] = [e.to_json() for e in self.evidence]
        return data


def _json_value(value: Any) -> Any:
    if isinstance(value, DateValue):
        return {"date": value.iso, "precision": value.precision}
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    return value


def transliterate(arabic: str) -> str:
    """A rough Latin spelling of an Arabic name, good for readable IRIs (never shown as a label)."""
    letters = []
    for char in arabic:
        if char in _TRANSLITERATION:
            letters.append(_TRANSLITERATION[char])
        elif char.isspace() or char in "-_":
            letters.append(" ")
        elif char.isascii() and char.isalnum():
            letters.append(char.lower())
    return " ".join("".join(letters).split())


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; Arabic is normalised and transliterated first.

    Normalising first keeps hamza seats and diacritics from changing (or dropping) letters, so
    أيبك and ايبك get the same slug.
    """
    if any("\u0600" <= ch <= "\u06ff" for ch in text):
        text = transliterate(normalize_word(text))
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def short_hash(text: str) -> str:
    """Eight hex digits of SHA-256: a stable tie-breaker for ids made from long texts."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
