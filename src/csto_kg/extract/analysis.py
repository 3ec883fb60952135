"""Everything the fact patterns look at, found once per article: names, titles, people, dates, cues.

The patterns (patterns.py) then only combine these located pieces by their types and distances,
never by the words of a particular sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from csto_kg.arabic import CLITIC_PREFIXES
from csto_kg.corpus import Article
from csto_kg.extract.dates import DateMention, find_dates
from csto_kg.extract.gazetteer import Entity, EntityMatch, Gazetteer
from csto_kg.extract.matcher import PhraseMatch
from csto_kg.extract.records import Evidence, slugify
from csto_kg.extract.text import ArticleText
from csto_kg.lexicon import Lexicon

ARTICLE = "ال"


def _is_stopword(token: str, stop: frozenset[str]) -> bool:
    """A stop word, alone or behind a proclitic (بأن = ب + أن, وفي = و + في)."""
    return token in stop or any(token.startswith(c) and token[len(c):] in stop for c in CLITIC_PREFIXES)


@dataclass(frozen=True)
class Located:
    """A date, cue or other piece with its token range."""

    first: int
    last: int
    start: int
    end: int


@dataclass(frozen=True)
class DateAt(Located):
    mention: DateMention
    after_since: bool  # preceded by منذ: a starting point, never an event's own date


@dataclass(frozen=True)
class Title:
    """A title phrase: role, its holder, and the person it names (if any) — a post in the text."""

    role: Entity | None  # None for a counterpart word (نظيره) whose role comes from the context
    holder: EntityMatch | None
    person: EntityMatch | None
    first: int
    last: int
    start: int
    end: int
    former: bool


@dataclass(frozen=True)
class PersonAt:
    """A person named in the text, directly or through a title; `head` is where the phrase starts."""

    match: EntityMatch
    head: int
    title: Title | None
    speaker: bool


class Analysis:
    """The located pieces of one article, plus the entities minted while reading it."""

    def __init__(self, article: Article, gazetteer: Gazetteer, lexicon: Lexicon) -> None:
        self.article = article
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        self.doc = ArticleText(article.body)
        self.minted: dict[str, Entity] = {}
        low = article.title.start if article.title else article.content.start
        self.region = (
            self.doc.token_index_at_or_after(max(low, 0)),
            self.doc.token_index_at_or_after(article.content.end),
        )
        self.roles = self._in_region(gazetteer.find_roles(self.doc))
        taken = {i for r in self.roles for i in range(r.first, r.last)}
        names = self._in_region(gazetteer.find_names(self.doc, taken))
        names = self._with_ministries(names, taken)
        self.names = self._with_anaphors(names, taken)
        self.dates = self._dates()
        self.titles = self._titles()
        self.people = self._people()

    # -- located pieces -------------------------------------------------------------------

    def _in_region(self, matches: list[EntityMatch]) -> list[EntityMatch]:
        low, high = self.region
        return [m for m in matches if low <= m.first and m.last <= high]

    def cues(self, *keys: str) -> list[PhraseMatch[str]]:
        """Occurrences of a lexicon phrase list inside the region, in text order (found once)."""
        cache: dict[tuple[str, ...], list[PhraseMatch[str]]] = self.__dict__.setdefault("_cues", {})
        if keys not in cache:
            found = self.lexicon.index(*keys).find(self.doc)
            cache[keys] = [m for m in found if self.region[0] <= m.first < self.region[1]]
        return cache[keys]

    def words(self, *keys: str) -> frozenset[str]:
        return self.lexicon.word_set(*keys)

    def _with_ministries(self, names: list[EntityMatch], taken: set[int]) -> list[EntityMatch]:
        """"وزارة الخارجية" + a state or nisba becomes that state's ministry (minted if unknown)."""
        by_first = {m.first: m for m in names}
        covered = {i for m in names for i in range(m.first, m.last)} | taken
        replaced: dict[int, EntityMatch] = {}
        for phrase in self.lexicon.ministry_index.find(self.doc):
            if not covered.isdisjoint(range(phrase.first, phrase.last)):
                continue
            state = by_first.get(phrase.last)
            if state is None or state.entity.kind != "State":
                continue
            slug = phrase.values[0]
            local_id = f"organization/{state.entity.id.split('/')[-1]}-{slug}"
            entity = self.gazetteer.by_id(local_id) or self.mint(
                Entity(local_id, "Ministry", self.original(phrase.start, state.end), None, {"ministryOf": state.entity.id, "kind": slug})
            )
            replaced[state.first] = EntityMatch(entity, phrase.first, state.last, phrase.start, state.end, "gazetteer-exact")
        return sorted((replaced.get(m.first, m) for m in names), key=lambda m: m.start)

    def _with_anaphors(self, names: list[EntityMatch], taken: set[int]) -> list[EntityMatch]:
        """"المنظمة" names the latest international organisation named before it."""
        covered = {i for m in names for i in range(m.first, m.last)} | taken
        result = list(names)
        for cue in self.cues("organization_anaphors"):
            if not covered.isdisjoint(range(cue.first, cue.last)):
                continue
            before = [m for m in names if m.last <= cue.first and m.entity.kind == "InternationalOrganization"]
            if before:
                result.append(EntityMatch(before[-1].entity, cue.first, cue.last, cue.start, cue.end, "anaphor", via="anaphor"))
        return sorted(result, key=lambda m: m.start)

    def _dates(self) -> list[DateAt]:
        since = {m.last for m in self.cues("since_cues")}
        located = []
        for mention in find_dates(self.doc.text, self.article.published):
            first = self.doc.token_index_at_or_after(mention.start)
            last = self.doc.token_index_at_or_after(mention.end)
            if not self.region[0] <= first < self.region[1]:
                continue
            after_since = first in since or (first - 1 in since)
            located.append(DateAt(first, max(last, first + 1), mention.start, mention.end, mention, after_since))
        return located

    # -- titles and people ----------------------------------------------------------------

    def _titles(self) -> list[Title]:
        """Role + optional holder + optional person, read left to right from each title word."""
        heads: list[tuple[int, int, int, Entity | None]] = [(r.first, r.last, r.start, r.entity) for r in self.roles]
        heads += [(c.first, c.last, c.start, None) for c in self.cues("counterpart_words")]
        by_first = {m.first: m for m in self.names}
        fillers = self.words("title_fillers")
        former_words = self.words("former_markers")
        titles = []
        for first, last, start, role in sorted(heads, key=lambda h: h[0]):
            position = last
            holder = None
            former = False
            while position < self.region[1] and self.doc.tokens[position].text in fillers and not self.doc.barrier_before[position]:
                position += 1
            candidate = by_first.get(position)
            if candidate is not None and candidate.entity.kind != "Person" and not self.doc.barrier_before[position]:
                holder = candidate
                position = candidate.last
            if position < self.region[1] and self.doc.tokens[position].text in former_words:
                former = True
                position += 1
            person = self._person_after(position)
            end_token = person.last if person else (holder.last if holder else last)
            end = self.doc.tokens[end_token - 1].end
            titles.append(Title(role, holder, person, first, end_token, start, end, former))
        return titles

    def _person_after(self, position: int) -> EntityMatch | None:
        """The known person starting at `position`, or a new name of two (or three) plain words.

        A new name stops at punctuation, a stop word (also with a proclitic: بأن، وفي), a word with
        the article, a date or a known name. A third word is taken only when it looks like a surname
        (mappings/lexicon.yaml `name_surname_endings`): "فيكتور خرينين لبحث" is a two-word name
        followed by a verbal noun. A known surname right after an unknown first word belongs to a
        different person of that family ("أكيلبيك جاباروف" is not صدير جاباروف): it becomes part
        of the new name and its surname match is dropped.
        """
        if position >= self.region[1] or (position > 0 and self.doc.barrier_before[position] and not self._quote_only(position)):
            return None
        known = next((m for m in self.names if m.first == position), None)
        if known is not None:
            return known if known.entity.kind == "Person" else None
        words: list[int] = []
        stop = self.words("name_stopwords")
        endings = self.lexicon.phrases("name_surname_endings")
        covered = {i: m for m in self.names for i in range(m.first, m.last)}
        dates = {i for d in self.dates for i in range(d.first, d.last)}
        surname: EntityMatch | None = None
        index = position
        while index < self.region[1] and len(words) < 3:
            token = self.doc.tokens[index].text
            if words and self.doc.barrier_before[index]:
                break
            match = covered.get(index)
            if match is not None:
                if words and match.rule == "gazetteer-surname" and match.first == index and match.last == index + 1:
                    surname = match
                    words.append(index)
                break
            if (
                index in dates
                or _is_stopword(token, stop)
                or token.startswith(ARTICLE)
                or not token.isalpha()
                or len(token) < 2
                or (len(words) == 2 and not token.endswith(endings))
            ):
                break
            words.append(index)
            index += 1
        if len(words) < 2:
            return None
        if surname is not None:
            self.names = [m for m in self.names if m is not surname]
        first, last = words[0], words[-1] + 1
        start, end = self.doc.tokens[first].start, self.doc.tokens[last - 1].end
        name = self.original(start, end)
        # The id comes from the normalised spelling, so أيبك and ايبك (hamza dropped, as many
        # outlets write it) or a vowelled name give the same person in every article.
        local_id = f"person/{slugify(self.doc.text[start:end])}"
        entity = self.gazetteer.by_id(local_id) or self.mint(Entity(local_id, "Person", name))
        return EntityMatch(entity, first, last, start, end, "title-person")

    def _quote_only(self, position: int) -> bool:
        """A barrier that is only a quotation mark does not end a title (الـ "ناتو")."""
        gap = self.doc.text[self.doc.tokens[position - 1].end:self.doc.tokens[position].start]
        return all(ch in " \"'«»" for ch in gap)

    def _people(self) -> list[PersonAt]:
        """Every person reference: names, titles naming someone, and titles standing for a holder."""
        speech = self.cues("speech_cues")
        by_person_first = {t.person.first: t for t in self.titles if t.person}
        seen_titles: set[int] = set()
        people: list[PersonAt] = []
        holders = self._post_holders()
        for match in [m for m in self.names if m.entity.kind == "Person"] + [t.person for t in self.titles if t.person]:
            if any(p.match.first == match.first for p in people):
                continue
            title = by_person_first.get(match.first)
            head = title.first if title else match.first
            people.append(PersonAt(match, head, title, self._spoken(speech, head)))
            if title:
                seen_titles.add(title.first)
        for title in self.titles:
            if title.first in seen_titles or title.person or title.role is None or title.holder is None or title.former:
                continue
            holder = holders.get((title.role.id, title.holder.entity.id))
            if holder is not None:
                reference = EntityMatch(holder, title.first, title.last, title.start, title.end, "post-coreference")
                people.append(PersonAt(reference, title.first, title, self._spoken(speech, title.first)))
        return sorted(people, key=lambda p: p.match.start)

    def _post_holders(self) -> dict[tuple[str, str], Entity]:
        """(role, holder) -> the person this article names in that post (first one wins)."""
        holders: dict[tuple[str, str], Entity] = {}
        for title in self.titles:
            if title.role and title.holder and title.person and not title.former:
                holders.setdefault((title.role.id, title.holder.entity.id), title.person.entity)
        return holders

    def _spoken(self, speech: list[PhraseMatch[str]], head: int) -> bool:
        """Whether a speech verb (قالت، بحسب …) introduces the phrase starting at token `head`."""
        sentence = self.doc.sentence_of[head]
        return any(
            head - 3 <= cue.last <= head and self.doc.sentence_of[cue.first] == sentence for cue in speech
        )

    # -- helpers --------------------------------------------------------------------------

    def words_between(self, first: int, last: int) -> int:
        """Words in the token range [first, last), a name or title phrase counting as one word.

        Hedges and cues are measured in words; "أن يكون رئيس الوزراء الأرميني نيكول باشينيان قد
        طلب" is two words (the person, قد) from the hedge to the verb, however long the title.
        """
        groups = self._word_groups
        return len({groups.get(i, ("token", i)) for i in range(first, last)})

    @cached_property
    def _word_groups(self) -> dict[int, tuple[str, int]]:
        groups: dict[int, tuple[str, int]] = {}
        spans = [(m.first, m.last) for m in self.names] + [(t.first, t.last) for t in self.titles]
        for first, last in sorted(spans, key=lambda s: (s[0], -s[1])):
            if first in groups:
                continue
            group = ("span", first)
            for i in range(first, last):
                groups.setdefault(i, group)
        return groups

    def original(self, start: int, end: int) -> str:
        """The article's own text for a normalised span."""
        return self.doc.original_text(start, end)

    def evidence(self, start: int, end: int, rule: str) -> Evidence:
        """Evidence for the normalised span [start, end), in original offsets."""
        begin, finish = self.doc.original_span(start, end)
        return Evidence(begin, finish, self.article.body[begin:finish], rule, self.lexicon.confidence(rule))

    def sentence_span(self, token: int) -> tuple[int, int]:
        sentence = self.doc.sentences[self.doc.sentence_of[token]]
        return sentence.first, sentence.last

    def sentence_evidence(self, token: int, rule: str) -> Evidence:
        """The whole sentence around a token: the span a human reads to check the fact."""
        first, last = self.sentence_span(token)
        return self.evidence(self.doc.tokens[first].start, self.doc.tokens[last - 1].end, rule)

    def mint(self, entity: Entity) -> Entity:
        """Register an entity the article introduces (a ministry, a new person, an organization)."""
        return self.minted.setdefault(entity.id, entity)
