"""Multi-word phrase matching with Arabic word boundaries and proclitics (pyahocorasick).

A plain keyword matcher finds روسيا inside بيلاروسيا. Here a phrase must end where a word ends and
may start inside a word only after an allowed proclitic (و ف ب ل ك, their pairs, and the article
ال): وروسيا and لسيرغي match, بيلاروسيا does not. The preposition ل before a word that starts
with ال drops the alef (ل + المنظمة = للمنظمة, ل + ال + اجتماع = للاجتماع); such variants are
added to the automaton.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Iterable, TypeVar

import ahocorasick

from csto_kg.arabic import CLITIC_PREFIXES
from csto_kg.extract.text import ArticleText

V = TypeVar("V")
W = TypeVar("W")
ARTICLE = "ال"
_ALLOWED_PREFIXES = frozenset(
    {""} | set(CLITIC_PREFIXES) | {ARTICLE} | {clitic + ARTICLE for clitic in CLITIC_PREFIXES}
)
_LAM_VARIANT_PREFIXES = frozenset({"", "و", "ف"})
LAM_ARTICLE = "لل"  # ل before the article, whose alef it drops


@dataclass(frozen=True)
class PhraseMatch(Generic[V]):
    """A phrase found in an article: token range, normalised offsets (clitics excluded), values."""

    first: int
    last: int
    start: int
    end: int
    phrase: str
    values: tuple[V, ...]

    @property
    def size(self) -> int:
        return self.last - self.first

    def with_values(self, values: tuple[W, ...]) -> "PhraseMatch[W]":
        return PhraseMatch(self.first, self.last, self.start, self.end, self.phrase, values)


# A match as a plain tuple: first, last, start, end, phrase, values (the fields of PhraseMatch).
Span = tuple[int, int, int, int, str, tuple[V, ...]]


class PhraseIndex(Generic[V]):
    """Phrases (already normalised, words separated by one space) mapped to values."""

    def __init__(self, entries: Iterable[tuple[str, V]], allow_article: bool = True) -> None:
        """`allow_article=False` for names that never take ال (a surname: الرحمن is not Rahmon)."""
        self._prefixes = _ALLOWED_PREFIXES if allow_article else frozenset({""} | set(CLITIC_PREFIXES))
        table: dict[str, list[V]] = {}
        for phrase, value in entries:
            phrase = " ".join(phrase.split())
            if phrase:
                values = table.setdefault(phrase, [])
                if value not in values:
                    values.append(value)
        self._automaton = ahocorasick.Automaton()
        for phrase, values in table.items():
            self._add(phrase, (phrase, False, tuple(values)))
            if phrase.startswith(ARTICLE) and len(phrase) > 3:
                self._add("ل" + phrase[1:], (phrase, True, tuple(values)))
            elif allow_article and len(phrase) > 2:
                # "للاجتماع": ل + ال + اجتماع, the article's alef dropped, before a phrase listed bare.
                self._add(LAM_ARTICLE + phrase, (phrase, True, tuple(values)))
        self._empty = not table
        if not self._empty:
            self._automaton.make_automaton()

    def _add(self, key: str, payload: tuple[str, bool, tuple[V, ...]]) -> None:
        existing = self._automaton.get(key, None)
        if existing is not None and existing[1] is False and payload[1] is True:
            return  # a real phrase wins over a lam variant spelled the same
        self._automaton.add_word(key, payload)

    def find_all(self, doc: ArticleText) -> list[PhraseMatch[V]]:
        """Every occurrence that respects word boundaries (they may overlap)."""
        return [PhraseMatch(*span) for span in self.spans(doc)]

    def spans(self, doc: ArticleText) -> list[Span[V]]:
        """`find_all` as plain tuples (first, last, start, end, phrase, values), for readers that
        keep only some of the matches and build their own `PhraseMatch` (the lexicon cues).

        Computed once per article and index: several readers ask for the same names (the
        gazetteer, then the analysis), so the result is kept on the article text.
        """
        found = doc.found_by.get(self)
        if found is None:
            found = doc.found_by[self] = self._spans(doc)
        return found

    def _spans(self, doc: ArticleText) -> list[Span[V]]:
        """The automaton pass: every hit, kept if it ends at a word end (or with a proclitic that
        belongs to the next word: "اجتماعه ب" in "اجتماعه بوزير") and starts at a word start or
        after an allowed prefix.

        Most hits are rejected (a phrase inside a longer word), so the checks come first and use
        the article's tables directly; the offsets are those of :meth:`ArticleText.to_text_offset`.
        """
        if self._empty or not doc.tokens:
            return []
        joined = doc.joined
        size = len(joined)
        token_of = doc.token_of_position
        joined_starts = doc.joined_starts
        tokens = doc.tokens
        prefixes = self._prefixes
        found: list[Span[V]] = []
        for end_index, (phrase, lam_variant, values) in self._automaton.iter(joined):
            end = end_index + 1
            if end < size and joined[end] != " " and not phrase.endswith(PROCLITIC_ENDS):
                continue
            start_index = end - len(phrase)  # a lam variant of "ال…" is as long as its phrase
            first = token_of[start_index]
            first_start = joined_starts[first]
            if start_index != first_start:  # "" (no prefix) is always allowed
                prefix = joined[first_start:start_index]
                if lam_variant and not phrase.startswith(ARTICLE):
                    # The variant of a bare phrase: what precedes it is لل and an allowed prefix;
                    # its offsets are the bare phrase's, as for a phrase after the article.
                    if not prefix.endswith(LAM_ARTICLE) or prefix[: -len(LAM_ARTICLE)] not in _LAM_VARIANT_PREFIXES:
                        continue
                elif prefix not in (_LAM_VARIANT_PREFIXES if lam_variant else prefixes):
                    continue
            elif lam_variant and not phrase.startswith(ARTICLE):
                continue
            last = token_of[end_index] + 1
            found.append(
                (
                    first,
                    last,
                    tokens[first].start + (start_index - first_start),
                    tokens[last - 1].start + (end_index - joined_starts[last - 1]) + 1,
                    phrase,
                    values,
                )
            )
        return found

    def find(self, doc: ArticleText) -> list[PhraseMatch[V]]:
        """Longest matches first, then leftmost; no two results share a token."""
        return longest_non_overlapping(self.find_all(doc))


def longest_non_overlapping(matches: Iterable[PhraseMatch[V]]) -> list[PhraseMatch[V]]:
    """Keep the longest of overlapping matches (by characters, then tokens), in text order."""
    ordered = sorted(matches, key=lambda m: (-(m.end - m.start), -m.size, m.start))
    taken: set[int] = set()
    kept: list[PhraseMatch[V]] = []
    for match in ordered:
        span = range(match.first, match.last)
        if taken.isdisjoint(span):
            taken.update(span)
            kept.append(match)
    return sorted(kept, key=lambda m: m.start)


#: A phrase that ends with one of these ends with a proclitic, written joined to the word after it:
#: "لقائه ب" matches "لقائه بالرئيس", "وفقا ل" matches "وفقا للمصادر".
PROCLITIC_ENDS = (" ب", " ل")


_GAP_PREFIXES = frozenset({"", "و", "ف"})


class GappedPhrases(Generic[V]):
    """Multi-word phrases split by a name: "علقت أرمينيا مشاركتها" for the cue "علقت مشاركتها".

    Arabic news puts the subject between a verb and its object (verb-subject-object order), so a
    cue such as "انسحبت من" or a trigger such as "طلب المساعدة" is often interrupted by the very
    state or person the fact is about. Built once per phrase list (the lexicon keeps them): the
    phrases are split into words and indexed by their first word, which costs more than the
    search it serves when redone for every article.
    """

    def __init__(self, phrases: Iterable[tuple[str, V]]) -> None:
        self._by_lead: dict[str, list[tuple[tuple[str, ...], str, V]]] = {}
        self._longest = 0
        for p, v in phrases:
            words = tuple(p.split())
            if len(words) >= 2:
                self._by_lead.setdefault(words[0], []).append((words, p, v))
                self._longest = max(self._longest, len(words))

    def find(self, doc: ArticleText, gaps: Iterable[tuple[int, int] | tuple[int, int, bool]]) -> list[PhraseMatch[V]]:
        """Each gap [first, last) is a token range (a name, a title phrase); a phrase matches when
        its first k words end right before the gap and the rest start right after it, with
        nothing but a conjunction (و ف) glued to the first word and no punctuation inside. The
        match spans the whole stretch, gap included. A gap given as (first, last, True) is
        parenthetical ("بحث لافروف، اليوم الأحد، مع …"): punctuation may stand inside it and at
        its edges, never between the phrase's own words."""
        by_lead, longest = self._by_lead, self._longest
        tokens = doc.tokens
        found: list[PhraseMatch[V]] = []
        if not by_lead:
            return found
        for gap in gaps:
            gap_first, gap_last = gap[0], gap[1]
            loose = len(gap) > 2 and bool(gap[2])  # type: ignore[misc]
            for k in range(1, longest):
                first = gap_first - k
                if first < 0:
                    break
                lead = tokens[first].text
                keys = [lead] + ([lead[1:]] if lead[:1] in _GAP_PREFIXES and len(lead) > 1 else [])
                for key in keys:
                    for words, phrase, value in by_lead.get(key, ()):
                        if len(words) <= k:
                            continue
                        last = gap_last + len(words) - k
                        if last > len(tokens):
                            continue
                        if loose:
                            if doc.barrier_between(first, gap_first - 1) or doc.barrier_between(gap_last, last - 1):
                                continue
                        elif doc.barrier_between(first, last - 1):
                            continue
                        if any(tokens[first + i].text != words[i] for i in range(1, k)):
                            continue
                        if any(tokens[gap_last + i - k].text != words[i] for i in range(k, len(words))):
                            continue
                        start = tokens[first].start + len(lead) - len(words[0])
                        found.append(PhraseMatch(first, last, start, tokens[last - 1].end, phrase, (value,)))
        return found
