"""An article's text prepared once for all matchers: normalised, tokenised, split into sentences.

Matchers work on a "joined" string: the normalised tokens separated by single spaces, or by " | "
where punctuation stood between them. Phrase matching on that string (Aho-Corasick) then finds
multi-word names regardless of how many spaces the writer typed, yet never across a comma.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from csto_kg.arabic import NormalizedText, Token, normalize, tokenize

SENTENCE_END = frozenset(".!?؟\n")
CLAUSE_BARRIER = frozenset("،,;؛:()[]{}«»\"'-–—/")
_ANY_BARRIER = SENTENCE_END | CLAUSE_BARRIER
_BARRIER_TO_JOIN = " | "
#: Quotation marks: a clause barrier for the patterns, but a name may run through them
#: (منظمة "معاهدة الأمن الجماعي"، وكالة «تاس»), so phrase matching joins across them.
QUOTES = frozenset("«»\"'“”„")
_QUOTES_AND_SPACE = QUOTES | {" "}


@dataclass(frozen=True)
class Sentence:
    """Token range [first, last) of one sentence."""

    first: int
    last: int


class ArticleText:
    """Normalised text, tokens, sentences and the joined string of one article body."""

    def __init__(self, original: str) -> None:
        self.normalized: NormalizedText = normalize(original)
        self.tokens: list[Token] = tokenize(self.normalized)
        self.barrier_before: list[bool] = []
        #: The punctuation before the token is only quotation marks (وكالة "تاس" اليوم).
        self.quotes_before: list[bool] = []
        self.sentence_of: list[int] = []
        self.sentences: list[Sentence] = []
        # PhraseIndex.find_all results, by index: each automaton runs once per article.
        self.found_by: dict[object, list] = {}
        self._join()

    @property
    def text(self) -> str:
        return self.normalized.text

    def _join(self) -> None:
        text = self.normalized.text
        parts: list[str] = []
        starts: list[int] = []
        length = 0
        sentence_start = 0
        previous_end = 0
        for index, token in enumerate(self.tokens):
            gap = text[previous_end:token.start]
            # A hyphen inside a word ("قاسم-جومارت", "ألما-آتا") joins parts of one name.
            joined_word = gap == "-" and index > 0 and self.tokens[index - 1].text[-1:].isalpha() and token.text[:1].isalpha()
            barrier = index > 0 and gap != " " and not joined_word and not _ANY_BARRIER.isdisjoint(gap)
            if barrier and not SENTENCE_END.isdisjoint(gap):
                self.sentences.append(Sentence(sentence_start, index))
                sentence_start = index
            self.barrier_before.append(barrier)
            quoted = barrier and _QUOTES_AND_SPACE.issuperset(gap)
            self.quotes_before.append(quoted)
            if index:
                separator = _BARRIER_TO_JOIN if barrier and not quoted else " "
                parts.append(separator)
                length += len(separator)
            starts.append(length)
            parts.append(token.text)
            length += len(token.text)
            self.sentence_of.append(len(self.sentences))
            previous_end = token.end
        if self.tokens:
            self.sentences.append(Sentence(sentence_start, len(self.tokens)))
        self.joined = "".join(parts)
        self.joined_starts = starts

    def token_at(self, joined_offset: int) -> int:
        """The index of the token that contains a position of the joined string (a table lookup)."""
        return self.token_of_position[joined_offset]

    @cached_property
    def token_of_position(self) -> list[int]:
        """For each position of the joined string, the token it belongs to (separators: the one before)."""
        table: list[int] = []
        starts = self.joined_starts + [len(self.joined)]
        for index in range(len(self.joined_starts)):
            table.extend([index] * (starts[index + 1] - starts[index]))
        return table

    def to_text_offset(self, joined_offset: int) -> int:
        """A position of the joined string as a position of the normalised text."""
        index = self.token_at(joined_offset)
        return self.tokens[index].start + (joined_offset - self.joined_starts[index])

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Normalised [start, end) as offsets of the original body."""
        return self.normalized.to_original(start, end)

    def original_text(self, start: int, end: int) -> str:
        begin, finish = self.original_span(start, end)
        return self.normalized.original[begin:finish]

    def token_index_at_or_after(self, offset: int) -> int:
        """The first token starting at or after a normalised offset (len(tokens) if none)."""
        return bisect_right(self._token_starts, offset - 1)

    @cached_property
    def _token_starts(self) -> list[int]:
        return [token.start for token in self.tokens]

    def barrier_between(self, first: int, last: int) -> bool:
        """Whether punctuation separates any two tokens of [first, last] (constant time)."""
        return self._barriers_up_to[last + 1] - self._barriers_up_to[first + 1] > 0 if last > first else False

    def break_between(self, first: int, last: int) -> bool:
        """Whether punctuation other than quotation marks separates any two tokens of [first, last]:
        a name in quotes ("وكالة "تاس"") does not break a phrase."""
        before, quotes = self.barrier_before, self.quotes_before
        return any(before[i] and not quotes[i] for i in range(first + 1, last + 1))

    @cached_property
    def _barriers_up_to(self) -> list[int]:
        """_barriers_up_to[i] = how many of tokens 0..i-1 have punctuation before them."""
        counts = [0]
        for barrier in self.barrier_before:
            counts.append(counts[-1] + barrier)
        return counts
