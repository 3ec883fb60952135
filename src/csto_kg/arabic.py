"""Arabic text normalisation that keeps an exact map back to the original text.

Every extractor works on normalised text (no diacritics, one spelling per letter, ASCII digits),
but evidence must point at the article as published.  Normalisation therefore only ever *maps one
character to one character* or *removes* a character; it never inserts.  The offset map records,
for each normalised character, where it came from, so a span found in normalised text can be cut
out of the original, diacritics included.

The mapping, in full:

====================================================  =====================================
original                                              normalised
====================================================  =====================================
diacritics U+064B–U+065F, U+0670, U+06D6–U+06ED       removed
tatweel U+0640                                        removed
zero-width and bidi marks U+200B–U+200F, U+061C,      removed
U+202A–U+202E, U+2060, U+2066–U+2069, U+FEFF,
soft hyphen U+00AD
أ إ آ ٱ                                                ا
ى  and Persian ی                                       ي
ة                                                     ه
ؤ                                                     و
ئ                                                     ي
Persian ک and گ                                        ك
Arabic-Indic ٠–٩ and Persian ۰–۹                      0–9
NBSP and every other Unicode space separator (Zs)     " "
line / paragraph separator U+2028 / U+2029            "\\n" (they end a line like one)
Arabic comma ، semicolon ؛ question mark ؟             kept: they matter for sentence splitting
everything else                                       unchanged
====================================================  =====================================
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import chain

import regex

__all__ = [
    "CLITIC_PREFIXES",
    "NormalizedText",
    "Token",
    "has_arabic",
    "normalize",
    "normalize_word",
    "tokenize",
]

# Proclitic conjunctions and prepositions that may be glued to a word, longest first so that a
# regex alternation built from them tries "وب" before "و".  The article "ال" is not a clitic here:
# the gazetteer decides where it is allowed.
CLITIC_PREFIXES: tuple[str, ...] = ("وب", "ول", "فب", "فل", "وك", "فك", "و", "ف", "ب", "ل", "ك")

# Removed characters that belong to the letter before them: a span that ends on that letter keeps
# them, so the evidence shows the word as written.
_ATTACHING = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
)
# Removed characters that carry no letter: formatting and direction controls.
_INVISIBLE = frozenset(
    [chr(c) for c in range(0x200B, 0x2010)]
    + ["\u061C", "\u2060", "\uFEFF", "\u00AD"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
_REMOVED = _ATTACHING | _INVISIBLE

_LETTERS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ی": "ي", "ئ": "ي",
    "ة": "ه",
    "ؤ": "و",
    "ک": "ك", "گ": "ك",
}  # fmt: skip
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
_SPACES = {
    chr(c): " " for c in range(0x80, 0x3001) if unicodedata.category(chr(c)) == "Zs"
} | {"\u2028": "\n", "\u2029": "\n"}

_TABLE: dict[int, str | None] = {ord(c): None for c in _REMOVED} | {
    ord(k): v for k, v in (_LETTERS | _DIGITS | _SPACES).items()
}
# Runs of removed characters; finding them is what makes the offset map cheap (a text without
# diacritics costs one scan, then `range`).
_REMOVED_RUN = re.compile("[" + "".join(sorted(re.escape(c) for c in _REMOVED)) + "]+")

_TOKEN = regex.compile(r"[\p{L}\p{N}\p{M}]+")
_NON_WORD_RUN = regex.compile(r"[^\p{L}\p{N}\p{M}]+")
_ARABIC_LETTER = regex.compile(r"(?=\p{L})\p{Script=Arabic}")


@dataclass(frozen=True)
class NormalizedText:
    """A normalised text with the map back to the text it was made from.

    ``offsets`` has ``len(text) + 1`` entries: ``offsets[i]`` is the index in ``original`` of
    normalised character ``i`` and ``offsets[len(text)] == len(original)``.
    """

    original: str
    text: str
    offsets: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised span ``[start, end)`` to the original span covering the same letters.

        Diacritics and tatweel written after the last letter of the span belong to that letter and
        are included; invisible marks after it (bidi, zero-width) are not, and neither is anything
        removed before the first letter.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span [{start}, {end}) outside normalised text of length {len(self.text)}")
        begin = self.offsets[start]
        if start == end:
            return begin, begin
        stop = self.offsets[end - 1] + 1
        limit = self.offsets[end]
        while stop < limit and self.original[stop] in _ATTACHING:
            stop += 1
        return begin, stop


@dataclass(frozen=True)
class Token:
    """A run of letters, marks and digits in normalised text, with its offsets in that text."""

    text: str
    start: int
    end: int


def normalize(text: str) -> NormalizedText:
    """Normalise Arabic text (see the module docstring for the mapping) and keep the offset map."""
    joined, base = _attach_detached_proclitics(text)
    normalised = joined.translate(_TABLE)
    if len(normalised) == len(text):
        return NormalizedText(text, normalised, tuple(range(len(text) + 1)))
    kept: list[range] = []
    position = 0
    for run in _REMOVED_RUN.finditer(joined):
        kept.append(range(position, run.start()))
        position = run.end()
    kept.append(range(position, len(joined) + 1))
    offsets = chain.from_iterable(kept)
    return NormalizedText(text, normalised, tuple(offsets if base is None else (base[i] for i in offsets)))


# A proclitic or the article written apart with a tatweel, before a word or a quoted name: "لـ «مجلس
# الأمن»", "بـ"التهديد"", "مجلس الـ "دوما"" read as "لمجلس الأمن»", "بالتهديد"", "مجلس الدوما"": the
# words keep their proclitic, as written without the tatweel, and names match (the closing quote
# stays, a mere barrier). Not before a number: "الـ 30 من نوفمبر" stays as written.
_DETACHED_PROCLITIC = regex.compile(r"(?<![\p{L}\p{M}])(?:[لبوكف]?ال|[لبوك])(\u0640+[ \t]*[«\"“]?)(?=\p{L})")


def _attach_detached_proclitics(text: str) -> tuple[str, list[int] | None]:
    """The text without the tatweel, spaces and quote after a detached proclitic, and the index
    in `text` of each of its characters (plus the end), or None when nothing was removed."""
    if "\u0640" not in text:
        return text, None
    spans = [m.span(1) for m in _DETACHED_PROCLITIC.finditer(text)]
    if not spans:
        return text, None
    pieces: list[str] = []
    base: list[int] = []
    position = 0
    for start, end in spans:
        pieces.append(text[position:start])
        base.extend(range(position, start))
        position = end
    pieces.append(text[position:])
    base.extend(range(position, len(text) + 1))
    return "".join(pieces), base


def normalize_word(text: str) -> str:
    """Normalise a label or lexicon entry so it compares equal to normalised running text.

    Besides :func:`normalize`, every run of spaces or punctuation becomes one space and the ends
    are stripped, so ``"منظمة معاهدة الأمن الجماعي"`` in quotes or ``"روسيا - العالم"`` match the
    words of the text however they are punctuated.
    """
    return _NON_WORD_RUN.sub(" ", text.translate(_TABLE)).strip()


def tokenize(nt: NormalizedText) -> list[Token]:
    """Split normalised text into runs of letters and digits; everything else separates tokens."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(nt.text)]


def has_arabic(text: str) -> bool:
    """Whether the text contains at least one Arabic letter (digits and punctuation do not count)."""
    return _ARABIC_LETTER.search(text) is not None
