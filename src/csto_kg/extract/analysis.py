"""Everything the fact patterns look at, found once per article: names, titles, people, dates, cues.

The patterns (the patterns/ package) then only combine these located pieces by their types and distances,
never by the words of a particular sentence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

from rapidfuzz.distance import Levenshtein

from csto_kg.arabic import CLITIC_PREFIXES, normalize_word
from csto_kg.corpus import Article
from csto_kg.extract.dates import DateMention, find_dates, text_year
from csto_kg.extract.gazetteer import (
    EXACT_NAME,
    STATE_BODY_LINKS,
    SURNAME_MIN_LENGTH,
    Entity,
    EntityMatch,
    Gazetteer,
    skeleton,
    stem_list,
)
from csto_kg.extract.matcher import PhraseMatch, Span, longest_non_overlapping
from csto_kg.extract.records import Evidence, slugify
from csto_kg.extract.text import QUOTES, ArticleText
from csto_kg.lexicon import Lexicon

ARTICLE = "ال"
BRACKET_WORDS = 6  # words a bracket restating a title's holder may hold
RELATIVE_CLAUSE_WORDS = 14  # words of a relative clause between a title's holder and the name


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
    rank: bool = False  # a rank or profession word (الجنرال، الدبلوماسي): a person, but no post


@dataclass(frozen=True)
class PersonAt:
    """A person named in the text, directly or through a title; `head` is where the phrase starts."""

    match: EntityMatch
    head: int
    title: Title | None
    speaker: bool


#: What can be signed, and hold a body's name as its complement (`Analysis._with_nested`).
DOCUMENT_KINDS = frozenset({"Treaty", "Charter", "Document", "Plan"})
DASHES = ("-", "–", "—")
#: Tokens from a body's generic name to its organization: "قوات حفظ السلام والمعدات التابعة لمنظمة …".
OWNER_WINDOW = 8


class Analysis:
    """The located pieces of one article, plus the entities minted while reading it."""

    def __init__(self, article: Article, gazetteer: Gazetteer, lexicon: Lexicon) -> None:
        self.article = article
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        #: A lexicon word list as a set, built once per process; the patterns ask ~900 times an article.
        self.words: Callable[..., frozenset[str]] = lexicon.word_set
        self._cues: dict[tuple[str, ...], list[PhraseMatch[str]]] = {}
        self._grouped_cues: dict[tuple[str, ...], list[PhraseMatch[str]]] = {}
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
        names = self._with_bodies_in_titles(names, taken)
        names = self._with_state_bodies(names, taken)
        names = self._with_nested(self._treaties_for_organizations(names))
        names = self._with_coordinated_bodies(names, taken)
        names = self._with_documents_of_organizations(self._with_anaphors(names, taken), taken)
        self.names = self._with_owned_bodies(names, taken)
        self.dates = self._dates()
        self._with_other_bearers_of_surnames()
        self.split_title_ends = self._split_titles()
        self.titles = self._titles()
        self._with_minted_surnames()
        self.people = self._people()

    # -- located pieces -------------------------------------------------------------------

    def _in_region(self, matches: list[EntityMatch]) -> list[EntityMatch]:
        low, high = self.region
        return [m for m in matches if low <= m.first and m.last <= high]

    def cues(self, *keys: str) -> list[PhraseMatch[str]]:
        """Occurrences of a lexicon phrase list inside the region, in text order (found once)."""
        cached = self._cues.get(keys)
        if cached is None:
            self.lexicon.phrases(*keys)  # a misspelt list name fails loudly, not silently empty
            value = (keys[-1],)
            found = [PhraseMatch(f, l, s, e, phrase, value) for f, l, s, e, phrase, _ in self._cues_by_list.get(keys, ())]
            cached = self._cues[keys] = [m for m in longest_non_overlapping(found) if self.region[0] <= m.first < self.region[1]]
        return cached

    def grouped_cues(self, *keys: str) -> list[PhraseMatch[str]]:
        """Occurrences of a mapping of group -> phrases (anywhere in the text); the value is the group."""
        cached = self._grouped_cues.get(keys)
        if cached is None:
            found = [
                PhraseMatch(f, l, s, e, phrase, (group,)) for (f, l, s, e, phrase, _), group in self._cues_by_mapping.get(keys, ())
            ]
            cached = self._grouped_cues[keys] = longest_non_overlapping(found)
        return cached

    @cached_property
    def _all_cues(self) -> list[Span[tuple[str, ...]]]:
        """Every occurrence of every lexicon phrase, in one automaton pass over the article.

        Kept as plain tuples: a `PhraseMatch` is built only for the lists the patterns ask for,
        with that list as its value.
        """
        return self.lexicon.cue_index.spans(self.doc)

    @cached_property
    def _cues_by_list(self) -> dict[tuple[str, ...], list[Span[tuple[str, ...]]]]:
        """The cue matches by the lexicon list (path of keys) they belong to, in text order.

        The patterns ask for a few dozen lists per article; grouping the matches once costs one
        pass, where filtering all of them for every list cost one pass per list.
        """
        by_list: dict[tuple[str, ...], list[Span[tuple[str, ...]]]] = {}
        for span in self._all_cues:
            for path in span[5]:
                by_list.setdefault(path, []).append(span)
        return by_list

    @cached_property
    def _cues_by_mapping(self) -> dict[tuple[str, ...], list[tuple[Span[tuple[str, ...]], str]]]:
        """(match, group) pairs by the mapping they belong to: path ("a", "b", group) under ("a", "b")."""
        by_mapping: dict[tuple[str, ...], list[tuple[Span[tuple[str, ...]], str]]] = {}
        for span in self._all_cues:
            for path in span[5]:
                if path:
                    by_mapping.setdefault(path[:-1], []).append((span, path[-1]))
        return by_mapping

    def _with_state_bodies(self, names: list[EntityMatch], taken: set[int]) -> list[EntityMatch]:
        """"وزارة الخارجية" + a state or nisba becomes that state's ministry, "إدارة الحدود" its
        border service (lexicon `state_bodies`; minted if unknown); so does "وزارة الداخلية في
        كازاخستان", the state's name after في. A body followed by what it is of ("الرئاسة الروسية
        للمنظمة": Russia's chairmanship) is no state body. A title may stand inside the body's
        name ("مكتب الرئيس الطاجيكي"), unless it names its holder ("مكتب رئيس كازاخستان قاسم جومارت
        توكاييف" is read as the president's post)."""
        by_first = {m.first: m for m in names}
        named = {i for m in names for i in range(m.first, m.last)}
        replaced: dict[int, EntityMatch] = {}
        tokens = self.doc.tokens
        bodies = self.lexicon.state_bodies
        for phrase in self.lexicon.state_body_index.find(self.doc):
            inner = [r for r in self.roles if phrase.first < r.first < phrase.last]
            titled = taken - {i for r in inner for i in range(r.first, r.last)}
            if not (named | titled).isdisjoint(range(phrase.first, phrase.last)):
                continue
            state = by_first.get(phrase.last) if phrase.last < len(tokens) and not self.doc.barrier_before[phrase.last] else None
            if state is None and phrase.last < len(tokens) - 1 and tokens[phrase.last].text == "في" and not self.doc.barrier_before[phrase.last]:
                state = by_first.get(phrase.last + 1)
                state = state if state is not None and state.via == "name" else None
            if state is None or state.entity.kind != "State":
                continue
            if inner and any(m.first == state.last and m.entity.kind == "Person" for m in names):
                continue  # "مكتب رئيس كازاخستان قاسم جومارت توكاييف": the president's post is read
            slug = phrase.values[0]
            if phrase.phrase in self.lexicon.state_body_speaker_only[slug] and not self._after_speech_verb(phrase.first):
                continue
            kind = str(bodies[slug].get("class", "Ministry"))
            if kind != "Ministry" and state.last < len(tokens) and tokens[state.last].text.startswith("ل"):
                continue  # "الرئاسة الروسية للمنظمة": whose chairmanship, not an office
            local_id = f"organization/{state.entity.id.split('/')[-1]}-{slug}"
            link = STATE_BODY_LINKS[kind]
            entity = self.gazetteer.by_id(local_id) or self.mint(
                Entity(local_id, kind, self.original(phrase.start, state.end), None, {link: state.entity.id, "kind": slug})
            )
            replaced[state.first] = EntityMatch(entity, phrase.first, state.last, phrase.start, state.end, EXACT_NAME)
        return sorted((replaced.get(m.first, m) for m in names), key=lambda m: m.start)

    def _after_speech_verb(self, index: int) -> bool:
        """Whether token `index` follows a verb of saying with nothing between."""
        return index > 0 and not self.doc.barrier_before[index] and self.is_saying(self.doc.tokens[index - 1].text)

    def is_saying(self, word: str) -> bool:
        """Whether `word` (with or without و) is a verb of saying: speech_cues, or a one-word
        statement trigger such as أعلنته."""
        word = word.removeprefix("و")
        return word in self.words("speech_cues") or word in self.lexicon.statement_words

    def _with_bodies_in_titles(self, names: list[EntityMatch], taken: set[int]) -> list[EntityMatch]:
        """A body whose name begins inside a title: "رئيس هيئة الأركان المشتركة للمنظمة".

        Titles win overlaps, so the title رئيس هيئة الأركان would hide the body هيئة الأركان
        المشتركة للمنظمة; a body (or organisation) name that starts inside a title and runs past its
        end is kept as well, and the title reads it as its holder. A demonym may end it ("أمين
        مجلس الأمن الأرمني": the Armenian Security Council).
        """
        covered = {i for m in names if m.via != "demonym" for i in range(m.first, m.last)}
        extra: list[EntityMatch] = []
        found = self._all_name_matches if self.roles else []
        for role in self.roles:
            inside = [
                m for m in found
                if role.first < m.first < role.last < m.last and m.values[0][0].is_organization
                and covered.isdisjoint(range(role.last, m.last))
            ]  # fmt: skip
            best = max(inside, key=lambda m: m.end - m.start, default=None)
            if best is not None:
                extra.append(EntityMatch(best.values[0][0], best.first, best.last, best.start, best.end, EXACT_NAME))
                covered.update(range(best.first, best.last))
        return sorted(names + self._in_region(extra), key=lambda m: m.start)

    @cached_property
    def _all_name_matches(self) -> list[PhraseMatch[tuple[Entity, str]]]:
        """Every occurrence of every name and demonym, overlapping ones included (found once)."""
        return self.gazetteer.names.find_all(self.doc)

    def _treaties_for_organizations(self, names: list[EntityMatch]) -> list[EntityMatch]:
        """ "دول معاهدة الأمن الجماعي", "قمة معاهدة الأمن الجماعي", "اجتماع اتفاقية الأمن الجماعي":
        outlets shorten the organization's name to its founding treaty's; after a noun that only
        an organization completes (lexicon `treaty_for_organization_heads`), the name is the
        organization's (csto:foundingTreaty in the reference data)."""
        heads = self.words("treaty_for_organization_heads")
        tokens = self.doc.tokens
        kept = []
        for match in names:
            organization = self.gazetteer.founded_by(match.entity.id) if match.entity.kind == "Treaty" else None
            if organization is not None and match.first > 0 and tokens[match.first - 1].text.removeprefix("و") in heads:
                match = EntityMatch(organization, match.first, match.last, match.start, match.end, match.rule, via=match.via)
            kept.append(match)
        return kept

    def _with_nested(self, names: list[EntityMatch]) -> list[EntityMatch]:
        """An international organisation named at the end of a longer name is named too.

        "مجلس وزراء خارجية منظمة معاهدة الأمن الجماعي", "ميثاق منظمة …", "الجمعية العامة للأمم
        المتحدة": the body, charter or agreement is the match, and the organisation it belongs to,
        its genitive complement, gets its own mention (via "nested"; patterns that want the
        subject of a verb keep to via "name"); so does a body an agreement is about ("اتفاقية
        إنشاء قوات الرد السريع الجماعية").
        """
        nested = []
        for match in self._all_name_matches:
            entity, via = match.values[0]
            if entity.kind not in ("InternationalOrganization", "OrganizationBody") or via != "name":
                continue
            outer = next(
                (m for m in names if m.via == "name" and m.first < match.first and match.last == m.last), None
            )
            # A body is named inside a document's name ("اتفاقية إنشاء قوات الرد السريع الجماعية").
            if entity.kind == "OrganizationBody" and (outer is None or outer.entity.kind not in DOCUMENT_KINDS):
                continue
            if outer is not None and outer.entity.id != entity.id and not any(n.first == match.first for n in nested):
                nested.append(EntityMatch(entity, match.first, match.last, match.start, match.end, EXACT_NAME, via="nested"))
        return sorted(names + nested, key=lambda m: (m.start, -m.end))

    def _with_coordinated_bodies(self, names: list[EntityMatch], taken: set[int]) -> list[EntityMatch]:
        """A head noun coordinated before a body of an organisation shares its organisation:
        "الأمانة والمقر المشترك لمنظمة معاهدة الأمن الجماعي" names the secretariat too.

        The one or two words before "و<body>" plus the organisation part of the body's name must
        be a name of another body of the same organisation, as written ("الأمانة العامة لمنظمة …")
        or in the construct state ("الأمانة لمنظمة …" = "أمانة منظمة …").
        """
        covered = {i for m in names for i in range(m.first, m.last)} | taken
        tokens = self.doc.tokens
        extra: list[EntityMatch] = []
        for body in names:
            parent = body.entity.links.get("unitOf")
            if body.via != "name" or body.entity.kind != "OrganizationBody" or parent is None:
                continue
            if not (tokens[body.first].text.startswith("و") and body.start == tokens[body.first].start + 1):
                continue
            inner = next((m for m in names if m.via == "nested" and body.first < m.first and m.last == body.last), None)
            if inner is None:
                continue
            tail = " ".join(t.text for t in tokens[inner.first:body.last])
            siblings = [
                e for e in self.gazetteer.entities.values()
                if e.kind == "OrganizationBody" and e.links.get("unitOf") == parent and e.id != body.entity.id
            ]  # fmt: skip
            for size in (2, 1):
                first = body.first - size
                if first < self.region[0] or not covered.isdisjoint(range(first, body.first)) or self.doc.barrier_between(first, body.first):
                    continue
                head = " ".join(t.text for t in tokens[first:body.first])
                forms = {f"{head} {tail}"}
                if head.startswith(ARTICLE) and tail.startswith("ل"):
                    forms.add(f"{head[len(ARTICLE):]} {tail[1:]}")
                sibling = next((e for e in siblings if forms & self.gazetteer.labels_of(e.id)), None)
                if sibling is not None:
                    end = tokens[body.first - 1].end
                    extra.append(EntityMatch(sibling, first, body.first, tokens[first].start, end, "gazetteer-coordinated"))
                    covered.update(range(first, body.first))
                    break
        return sorted(names + extra, key=lambda m: (m.start, -m.end))

    def _with_documents_of_organizations(self, names: list[EntityMatch], taken: set[int]) -> list[EntityMatch]:
        """"اتفاقية إنشاء المنظمة", "ميثاق الناتو": a document named by its relation to an organisation
        (lexicon `organization_documents`) is the one the reference data links to it."""
        covered = {i for m in names for i in range(m.first, m.last) if m.via not in ("anaphor", "nested")} | taken
        extra = []
        for relation in ("foundingTreaty", "charter"):
            for phrase in self.cues("organization_documents", relation):
                if not covered.isdisjoint(range(phrase.first, phrase.last)):
                    continue
                organization = next((m for m in names if m.first == phrase.last and m.entity.is_organization), None)
                target = self.gazetteer.by_id(organization.entity.links.get(relation, "")) if organization else None
                if organization is not None and target is not None and covered.isdisjoint(range(organization.first, organization.last)):
                    rule = "gazetteer-relational"
                    extra.append(EntityMatch(target, phrase.first, organization.last, phrase.start, organization.end, rule))
        return sorted(names + extra, key=lambda m: (m.start, -m.end))

    def _with_owned_bodies(self, names: list[EntityMatch], taken: set[int]) -> list[EntityMatch]:
        """ "وحدة حفظ السلام التابعة لمنظمة …", "قوات الانتشار السريع لدول المنظمة": a generic name
        of a body (lexicon `owned_bodies`, by body) is that body when its organization follows it
        in its sentence, within a few words, right after an owner word (owned_body_markers:
        التابعة) or the proclitic ل. Alone ("قوات حفظ السلام"), with nobody named right after it
        ("قوات حفظ السلام الروسية", "… التابعة للأمم المتحدة"), it is the body of the organisation
        the article is about (the one it names most, alone at the top), and anyone's otherwise."""
        covered = {i for m in names for i in range(m.first, m.last) if m.via not in ("anaphor", "nested")} | taken
        markers = self.words("owned_body_markers")
        tokens = self.doc.tokens
        top = max(self.salience.values(), default=0)  # counted by `_with_anaphors`, which runs first
        leaders = [o for o, n in self.salience.items() if n == top]
        about = leaders[0] if len(leaders) == 1 else None
        extra = []
        for body_id in self.lexicon.keys("owned_bodies"):
            body = self.gazetteer.by_id(body_id)
            parent = body.links.get("unitOf") if body is not None else None
            for stem in self.cues("owned_bodies", body_id) if parent is not None else ():
                if not covered.isdisjoint(range(stem.first, stem.last)):
                    continue
                owner = next(
                    (
                        m for m in names
                        if m.entity.id == parent and stem.last <= m.first <= stem.last + OWNER_WINDOW
                        and self.doc.sentence_of[m.first] == self.doc.sentence_of[stem.first]
                        and (tokens[m.first - 1].text in markers or self.doc.text[tokens[m.first].start : m.start] in ("ل", "لل")
                             or tokens[m.first].text.startswith("ل") and m.via == "anaphor")
                    ),
                    None,
                )  # fmt: skip
                if owner is not None:
                    extra.append(EntityMatch(body, stem.first, stem.last, stem.start, stem.end, "gazetteer-relational"))
                    covered.update(range(stem.first, stem.last))
                elif parent == about and not self._owned_after(names, stem.last, markers):
                    extra.append(EntityMatch(body, stem.first, stem.last, stem.start, stem.end, "gazetteer-salient-owner"))
                    covered.update(range(stem.first, stem.last))
        return sorted(names + extra, key=lambda m: (m.start, -m.end))

    def _owned_after(self, names: list[EntityMatch], end: int, markers: frozenset[str]) -> bool:
        """Whether a body's generic name ending at `end` is followed by someone it belongs to: a
        name or demonym right after it ("قوات حفظ السلام الروسية") or after an owner word."""
        sentence = self.doc.sentence_of[end - 1]
        reach = end + 1 if end < len(self.doc.tokens) and self.doc.tokens[end].text in markers else end
        return any(reach <= m.first <= reach + 1 and self.doc.sentence_of[m.first] == sentence for m in names)

    def _organization_salience(self, names: list[EntityMatch]) -> dict[str, int]:
        """How often each international organisation is named, directly or through its bodies."""
        counts: dict[str, int] = {}
        parents = {(m.last, m.entity.links.get("unitOf")) for m in names if m.entity.kind == "OrganizationBody"}
        for match in names:
            entity = match.entity
            if entity.kind == "InternationalOrganization" and match.via == "nested" and (match.last, entity.id) in parents:
                continue  # counted once, as its body's organisation
            if entity.kind == "InternationalOrganization" and match.via in ("name", "nested"):
                counts[entity.id] = counts.get(entity.id, 0) + 1
            elif entity.kind == "OrganizationBody" and entity.links.get("unitOf") and match.via == "name":
                parent = entity.links["unitOf"]
                counts[parent] = counts.get(parent, 0) + 1
        return counts

    def _with_anaphors(self, names: list[EntityMatch], taken: set[int]) -> list[EntityMatch]:
        """"المنظمة" names the article's organisation: the international organisation it names most
        (a body counts for its organisation), the first one named on a tie.

        An article about one organisation often mentions another in passing ("منحت الجمعية العامة
        للأمم المتحدة المنظمة صفة مراقب"); the latest name before "المنظمة" would be that other one.
        """
        covered = {i for m in names for i in range(m.first, m.last) if m.via != "nested"} | taken
        result = list(names)
        self.salience = counts = self._organization_salience(names)
        for cue in self.cues("organization_anaphors"):
            if not covered.isdisjoint(range(cue.first, cue.last)):
                continue
            entity = self._salient_organization(names, counts, cue.first)
            if entity is not None:
                result.append(EntityMatch(entity, cue.first, cue.last, cue.start, cue.end, "anaphor", via="anaphor"))
        # "اجتماع المجلس", "بيان الوزارة": the latest body (or ministry) named before whose name
        # begins with that noun.
        for cue in self.cues("body_anaphors"):
            if not covered.isdisjoint(range(cue.first, cue.last)):
                continue
            head = cue.phrase.split()[-1].removeprefix("لل").removeprefix("ال")
            bodies = [
                m for m in names
                if m.last <= cue.first and m.via == "name" and m.entity.kind in ("OrganizationBody", "Ministry")
                and normalize_word(m.entity.label_ar).split()[0] == head
            ]  # fmt: skip
            if bodies:
                body = bodies[-1].entity
                result.append(EntityMatch(body, cue.first, cue.last, cue.start, cue.end, "anaphor", via="body-anaphor"))
        return sorted(result, key=lambda m: m.start)

    def _salient_organization(self, names: list[EntityMatch], counts: dict[str, int], before: int) -> Entity | None:
        """The most named international organisation; on a tie, the one the article names first
        (its topic, named in the headline), whether before or after `before`."""
        if not counts:
            return None
        first_named: dict[str, int] = {}
        for match in names:
            owner = match.entity.id if match.entity.kind == "InternationalOrganization" else match.entity.links.get("unitOf")
            if owner in counts:
                first_named.setdefault(owner, match.first)
        # "المنظمة" is an organization called منظمة, not an alliance (حلف) named more often.
        candidates = [e for e in counts if self.named_with_head(e, before)] or list(counts)
        best = max(candidates, key=lambda local_id: (counts[local_id], -first_named.get(local_id, len(self.doc.tokens))))
        return self.gazetteer.by_id(best)

    def named_with_head(self, entity_id: str, token: int) -> bool:
        """Whether the definite noun at `token` ("المنظمة") is the first word of the entity's
        Arabic name ("منظمة معاهدة الأمن الجماعي"): what an anaphor names first."""
        entity = self.gazetteer.by_id(entity_id)
        if entity is None or not entity.label_ar or token >= len(self.doc.tokens):
            return False
        head = self.doc.tokens[token].text.removeprefix("و").removeprefix(ARTICLE)
        return normalize_word(entity.label_ar).split()[0] == head

    def _dates(self) -> list[DateAt]:
        since = {m.last for m in self.cues("since_cues")}
        located = []
        hint = None
        if self.article.published is None and self.article.published_in is None:
            hint = text_year(self.doc.text, dt.date.today().year + 1)
        for mention in find_dates(
            self.doc.text, self.article.published, tokens=self.doc.tokens, published_in=self.article.published_in, year_hint=hint
        ):
            first = self.doc.token_index_at_or_after(mention.start)
            last = self.doc.token_index_at_or_after(mention.end)
            if not self.region[0] <= first < self.region[1]:
                continue
            after_since = first in since or (first - 1 in since)
            located.append(DateAt(first, max(last, first + 1), mention.start, mention.end, mention, after_since))
        return located

    # -- titles and people ----------------------------------------------------------------

    def _with_other_bearers_of_surnames(self) -> None:
        """A known surname after a first name (or two: "رستم كريم علييف") that is not its bearer's,
        where a verb of saying or an event's verb expects a subject ("قالت تسوفينار خاتشاتريان": not
        فاهاجن خاتشاتوريان):
        a new person of those two words instead (`_person_after` drops the surname match)."""
        for match in [m for m in self.names if m.rule == "gazetteer-surname" and m.last - m.first == 1]:
            for given in (match.first - 1, match.first - 2):  # one given name, or a name and a father's
                if given - 1 < self.region[0] or any(self.doc.barrier_before[i] for i in range(given, match.first + 1)):
                    break
                if self.doc.tokens[given - 1].text.removeprefix("و") not in self._subject_verbs:
                    continue
                if normalize_word(self.doc.tokens[given].text) == normalize_word(match.entity.label_ar).split()[0]:
                    break  # "إلهام حيدر علييف": the bearer's own first name, then his father's
                person = self._new_person_ending_at(given, match.last)
                if person is not None:
                    self.names = sorted([*self.names, person], key=lambda m: (m.first, m.last))
                break

    @cached_property
    def _subject_verbs(self) -> frozenset[str]:
        """Verbs of saying and events' verbs: the name right after one is its subject (not after a
        noun of saying: "تصريحات أدلى بها بوتين")."""
        return (self.words("speech_cues") | self.lexicon.trigger_words) - self.words("statement_nouns")

    def _new_person_ending_at(self, first: int, end: int, after_comma: bool = False) -> EntityMatch | None:
        """The new name `_person_after` reads from token `first` if it ends right before token
        `end`; else None, and what reading it minted or changed is undone (it may mint a person
        and drop a surname match it took into the name)."""
        minted, names = set(self.minted), self.names
        person = self._person_after(first, after_comma=after_comma)
        if person is not None and person.last == end and person.entity.id not in self.gazetteer.entities:
            return person
        self._forget_minted(minted)
        self.names = names
        return None

    def _with_minted_surnames(self) -> None:
        """ "… رستم نظروف، … وأضاف نظروف": a person the article introduced by a full name,
        named again by the surname alone (four letters or more, ending like a surname of the
        region: lexicon name_surname_endings; one owner; a proclitic allowed, as the gazetteer
        allows them: `stem_list`)."""
        owners: dict[str, list[Entity]] = {}
        endings = tuple(self.lexicon.phrases("name_surname_endings"))
        for entity in self.minted.values():
            words = normalize_word(entity.label_ar).split()
            if entity.kind == "Person" and len(words) >= 2 and len(words[-1]) >= SURNAME_MIN_LENGTH and words[-1].endswith(endings):
                owners.setdefault(words[-1], []).append(entity)
        if not owners:
            return
        covered = {i for m in self.names for i in range(m.first, m.last)} | {i for r in self.roles for i in range(r.first, r.last)}
        covered |= {i for t in self.titles if t.person is not None for i in range(t.person.first, t.person.last)}
        tokens = self.doc.tokens
        found: list[EntityMatch] = []
        for index in range(*self.region):
            text = tokens[index].text
            if index in covered:
                continue
            for stem, clitic in stem_list(text):
                people = owners.get(stem)
                if people is not None and len(people) == 1:
                    start = tokens[index].start + len(clitic)
                    found.append(EntityMatch(people[0], index, index + 1, start, tokens[index].end, "minted-surname"))
                    break
        if found:
            self.names = sorted(self.names + found, key=lambda m: m.start)

    def _forget_minted(self, kept: set[str]) -> None:
        """Unmint every entity minted since `kept` (the ids minted before a reading that failed)."""
        for local_id in set(self.minted) - kept:
            del self.minted[local_id]

    def _titles(self) -> list[Title]:
        """Role + optional holder + optional person, read left to right from each title word.

        Between the pieces may stand fillers (جمهورية، الجديد), a former marker (السابق، الراحل) and
        a rank (الفريق أول، الجنرال). A title of an organisation (mappings/lexicon.yaml
        `organization_titles`: الأمين العام …) is held in an organisation: a nisba after it is the
        person's nationality ("الأمين العام للمنظمة الكازاخستاني إيمانغالي تاسماغامبيتوف"), and with
        no organisation named it is the article's own (the one "المنظمة" stands for). A rank or
        nationality word alone ("الجنرال الأرميني يوري خاتشاتوروف") introduces a person, no post.
        """
        heads: list[tuple[int, int, int, Entity | None, bool]] = [self._head_of(r) for r in self.roles]
        heads += [(c.first, c.last, c.start, None, False) for c in self.cues("counterpart_words")]
        heads += [(c.first, c.last, c.start, None, True) for c in self.cues("person_ranks")]
        # A nisba used as a noun before a name: "تعيين الأوزبكي دلشود رحيموف أمينا عاما".
        heads += [(m.first, m.last, m.start, None, True) for m in self.names if m.via == "demonym" and m.entity.kind == "State"]
        organization_title_words = set(self.lexicon.phrases("organization_titles"))
        titles: list[Title] = []
        self._titles_so_far = titles
        consumed: set[int] = set()
        for first, last, start, role, rank in sorted(heads, key=lambda h: (h[0], h[4])):
            if rank and first in consumed:
                continue
            of_organization = role is not None and bool(self.gazetteer.labels_of(role.id) & organization_title_words)
            minted = set(self.minted)
            title = self._read_title(first, last, start, role, rank, of_organization)
            if rank and title.person is not None and not self._rank_head_names(first, title.person):
                self._forget_minted(minted)
                continue
            if rank and title.person is None:
                continue
            consumed.update(range(title.first, title.last))
            titles.append(self._in_capacity(self._postposed(title)))
        titles += [t for t in self._listed_titles() if not consumed & set(range(t.first, t.last))]
        titles = self._stacked(self._spoken_for(sorted(titles, key=lambda t: t.first)))
        return [replace(t, person=None) if self._not_the_head(t) else t for t in titles]

    def _not_the_head(self, title: Title) -> bool:
        """A state's president's title read onto a known person who is none of that state's known
        heads (lexicon `heads_of_state`): "كان في استقبال رئيس الوزراء الأرميني، نيكول باشينيان،
        الرئيس الكازاخي" names who received whom. A person the article introduces may be anyone."""
        if title.person is None or title.holder is None or title.role is None or title.role.id != "role/president":
            return False
        known = title.person.entity.id in self.gazetteer.entities
        listed = title.holder.entity.id in self.lexicon.inverse("heads_of_state").values()
        return known and listed and not self._is_head(title, title.person)

    def _split_titles(self) -> dict[int, int]:
        """ "ممثل كازاخستان الدائم لدى المنظمة", "المندوب الروسي الدائم": a title whose adjective
        follows the state it is in construct with, or the state's demonym (lexicon `split_titles`: a
        role, then noun + adjective pairs). The noun
        becomes the role's head (added to `roles`); returned: head token -> the adjective's token,
        which the title reads past after its holder."""
        by_noun: dict[str, list[tuple[str, Entity]]] = {}  # noun -> (adjective, role)
        for role_id in self.lexicon.keys("split_titles"):
            role = self.gazetteer.by_id(role_id)
            if role is None:
                continue
            for pair in self.lexicon.phrases("split_titles", role_id):
                noun, adjective = pair.split()
                by_noun.setdefault(noun, []).append((adjective, role))
        tokens = self.doc.tokens
        ends: dict[int, int] = {}
        # "المندوب الروسي الدائم لدى المنظمة": after a demonym the noun and adjective carry the article.
        for state in (m for m in self.names if m.entity.kind == "State" and m.via in ("name", "demonym")):
            index = state.first - 1
            if index < self.region[0] or state.last >= self.region[1] or self.doc.barrier_between(index, state.last):
                continue
            noun = tokens[index].text.removeprefix("و")
            if state.via == "demonym":  # the adjectives carry the article already: "الدائم"
                if not noun.startswith(ARTICLE):
                    continue
                noun = noun.removeprefix(ARTICLE)
            for adjective, role in by_noun.get(noun, ()):
                if tokens[state.last].text == adjective:
                    self.roles.append(EntityMatch(role, index, index + 1, tokens[index].start, tokens[index].end, "split-title"))
                    ends[index] = state.last + 1
        self.roles.sort(key=lambda m: m.first)
        return ends

    def _head_of(self, role: EntityMatch) -> tuple[int, int, int, Entity | None, bool]:
        """A title's head: the role, or, after a word of deputyship the role does not include
        (lexicon `deputy_words`: "نائب سكرتير …" where only "سكرتير …" is known), no post at all,
        only a person introduced, as by a rank: the deputy's post is not the principal's."""
        before = role.first - 1
        if before >= self.region[0] and not self.doc.barrier_before[role.first] and self._deputy_word(before):
            return (before, role.last, self.doc.tokens[before].start, None, True)
        return (role.first, role.last, role.start, role.entity, False)

    def _deputy_word(self, index: int) -> bool:
        """A word of deputyship at token `index` (lexicon `deputy_words`): the head of a title
        `_head_of` read as a deputy's, which `_read_title` reads past its principal's holder."""
        return self.doc.tokens[index].text.removeprefix("و") in self.words("deputy_words")

    def _stacked(self, titles: list[Title]) -> list[Title]:
        """ "رئيس جمهورية طاجيكستان، الرئيس الدوري للمنظمة، إمام علي رحمن": a title with its holder
        and no one named, followed after a comma by another title that names someone, is that
        person's too."""
        stacked = list(titles)
        for index in range(len(stacked) - 2, -1, -1):
            title, after = stacked[index], stacked[index + 1]
            if (
                title.person is None and title.role is not None and title.holder is not None and title.holder.via != "implicit"
                and not title.rank and after.person is not None and after.role is not None and after.first == title.last
                and (self.apposition_before(after.first) or self._apposed_title(title, after))
            ):  # fmt: skip
                stacked[index] = replace(title, person=after.person)
        return stacked

    def _apposed_title(self, title: Title, after: Title) -> bool:
        """ "رئيس اللجنة العسكرية للمنظمة النائب الأول لوزير الدفاع الروسي الجنرال X": a definite
        title right after another, with no comma, is in apposition to it (one person's two posts),
        unless a verb whose object is a person stands before the first: "استقبل رئيس الوزراء
        الأرميني وزير الخارجية …" names the host, then whom he received."""
        if self.doc.barrier_before[after.first] or not self.doc.tokens[after.first].text.startswith(ARTICLE):
            return False
        return title.first == 0 or not self._after_person_object_verb(title.first)

    def _spoken_for(self, titles: list[Title]) -> list[Title]:
        """ "المتحدث الصحفي باسم الرئيس الروسي دميتري بيسكوف": a spokesperson's title (lexicon
        `spokesperson_roles`) that names no one, right before the title of whom they speak for,
        is the title of the person that one names (or of the person named just before the
        spokesperson's title), held where that head is (a state, which `holder_by_role` may turn
        into its office: the Kremlin), never the head's own post."""
        voices = self.lexicon.identifiers("spokesperson_roles")
        kept: list[Title] = []
        for title in titles:
            voice = kept[-1] if kept else None
            if (
                voice is not None and voice.role is not None and voice.role.id in voices
                and voice.person is None and voice.holder is None and title.first == voice.last
                and title.role is not None and title.holder is not None
            ):  # fmt: skip
                person = title.person
                before = next((m for m in self.names if m.entity.kind == "Person" and m.last == voice.first), None)
                named_before = before is not None
                if person is not None and self._is_head(title, person):
                    # "المتحدث باسم الرئيس فلاديمير بوتين، دميتري بيسكوف", "ناتاليا تيماكوفا المتحدثة
                    # باسم الرئيس دميتري مدفيديف": the name after the head's title is the head's own
                    # (a known head of that state); the voice is named before, or after a comma.
                    after = self._person_after(title.last, after_comma=True) if self.apposition_before(title.last) else None
                    before = before or self._new_name_before(voice.first)
                    if before is not None:
                        kept[-1] = Title(voice.role, title.holder, before, before.first, voice.last, before.start, voice.end, voice.former)
                    elif after is not None:
                        kept[-1] = Title(voice.role, title.holder, after, voice.first, after.last, voice.start, after.end, voice.former)
                    else:
                        kept.pop()
                    kept.append(title)  # the head's own title
                    continue
                if person is not None and named_before and person.entity.id not in self.gazetteer.entities:
                    # "دميتري بيسكوف السكرتير الصحفي للرئيس الروسي أسفه …": the title follows the
                    # name it describes; the words after it were read as a new name, wrongly.
                    self.minted.pop(person.entity.id, None)
                    self.names = [m for m in self.names if m.entity.id != person.entity.id]
                    person = None
                spoken = Title(voice.role, title.holder, person, voice.first, title.last, voice.start, title.end, voice.former)
                # "دميتري بيسكوف، السكرتير الصحفي للرئيس الروسي،": after the name it describes.
                kept[-1] = spoken if person is not None else self._postposed(spoken)
                continue
            kept.append(title)
        return kept

    def _is_head(self, title: Title, person: EntityMatch) -> bool:
        """Whether `person` is a known head (lexicon `heads_of_state`) of the state `title` is
        held in, under a president's title: then a name after the title is the head's own."""
        if title.role is None or title.role.id != "role/president" or title.holder is None:
            return False
        return self.lexicon.inverse("heads_of_state").get(person.entity.id) == title.holder.entity.id

    def _listed_titles(self) -> list[Title]:
        """A plural (or dual) title before a list of states, each followed by its holder
        (plural_titles): "رؤساء بيلاروس ألكسندر لوكاشينكو، وقرغيزستان صدير جاباروف، وطاجيكستان إمام
        علي رحمون"; or before the states and then their holders in the same order: "وزيرا خارجية
        روسيا وأرمينيا، سيرغي لافروف وأرارات ميرزويان"."""
        states = {m.first: m for m in self.names if m.entity.kind == "State" and m.via == "name"}
        found: list[Title] = []
        for role_id in self.lexicon.keys("plural_titles"):
            role = self.gazetteer.by_id(role_id)
            for cue in self.cues("plural_titles", role_id) if role is not None else ():
                sentence = self.doc.sentence_of[cue.first]
                position, pairs = cue.last, []
                while (state := states.get(position)) is not None and self.doc.sentence_of[position] == sentence:
                    person = self._person_after(state.last)
                    if person is None:
                        break
                    pairs.append((state, person))
                    position = person.last
                found += [self._listed_title(role, state, person) for state, person in pairs or self._respective(cue, states)]
        return found

    def _respective(self, cue: PhraseMatch[str], states: dict[int, EntityMatch]) -> list[tuple[EntityMatch, EntityMatch]]:
        """The states after a plural title ("في" before them allowed: "أمناء مجالس الأمن في قرغيزستان
        وطاجيكستان") and as many people right after them, paired in order; none if the counts differ."""
        position = cue.last + (cue.last < self.region[1] and self.doc.tokens[cue.last].text == "في")
        listed: list[EntityMatch] = []
        while (state := states.get(position)) is not None and self.doc.sentence_of[position] == self.doc.sentence_of[cue.first]:
            listed.append(state)
            position = state.last
        people: list[EntityMatch] = []
        while len(listed) >= 2 and len(people) < len(listed):
            person = self._person_after(position, after_comma=not people)
            if person is None:
                break
            people.append(person)
            position = person.last
        return list(zip(listed, people)) if len(listed) >= 2 and len(people) == len(listed) else []

    @staticmethod
    def _listed_title(role: Entity, state: EntityMatch, person: EntityMatch) -> Title:
        holder = EntityMatch(state.entity, state.first, state.last, state.start, state.end, "plural-title")
        return Title(role, holder, person, min(state.first, person.first), max(state.last, person.last), min(state.start, person.start), max(state.end, person.end), False)

    def _postposed(self, title: Title) -> Title:
        """A title after the name it describes: "سيرغي لافروف، وزير الخارجية الروسي،", "ألكسندر
        لوكاشينكو رئيس بيلاروسيا", "نيقولاي بورديوجا أمين عام المنظمة". Taken when the title names
        no one after it and has its own holder, and the person before it is set off by a comma
        (an apposition) or named in full (two words or more): "استقبل بوتين رئيس وزراء أرمينيا"
        names whom Putin received, not Putin's post."""
        if title.person is not None or title.role is None or title.holder is None or title.rank or title.first == 0:
            return title
        if title.holder.via == "implicit" and not title.holder.entity.is_organization:
            return title
        if title.start > self.doc.tokens[title.first].start and self.doc.tokens[title.first].text.startswith("و"):
            return title  # "بوتين، ورئيس طاجيكستان، …": a conjunction adds a title to a list, not to the name
        before = next((m for m in self.names if m.entity.kind == "Person" and m.last == title.first), None)
        if before is None:
            before = self._new_name_before(title.first)
        if before is None:
            # "الجنرال نيقولاي ماكاروف رئيس هيئة الأركان العامة الروسية": a name a rank introduced.
            before = next((t.person for t in self._titles_so_far if t.rank and t.person is not None and t.person.last == title.first), None)
        if before is None:
            return title
        apposition = self.doc.barrier_before[title.first]
        if apposition and not self.apposition_before(title.first):
            return title  # a full stop, a colon: another sentence or a quotation
        if not apposition and before.last - before.first < 2 and not self._subject_of_saying(before):
            return title
        if not apposition and before.first > 0 and self._after_person_object_verb(before.first):
            return title  # "استقبل أرمين سركيسيان رئيس وزراء أرمينيا": whom he received
        return replace(title, person=before)

    def _in_capacity(self, title: Title) -> Title:
        """ "وتحدث الرئيس الطاجيكي إمام علي رحمن، بصفته رئيسا لمجلس الأمن الجماعي، …": a title
        right after a word of capacity (lexicon `capacity_words`) that names no one is held by the
        person named latest before it in its sentence."""
        if title.person is not None or title.role is None or title.first == 0:
            return title
        if self.doc.tokens[title.first - 1].text.removeprefix("و") not in self.words("capacity_words"):
            return title
        sentence = self.doc.sentence_of[title.first]
        named = [m for m in self.names if m.entity.kind == "Person" and m.last < title.first and self.doc.sentence_of[m.first] == sentence]
        named += [t.person for t in self._titles_so_far if t.person is not None and t.person.last < title.first and self.doc.sentence_of[t.person.first] == sentence]
        if not named:
            return title
        return replace(title, person=max(named, key=lambda m: m.last))

    def _subject_of_saying(self, name: EntityMatch) -> bool:
        """ "وقال لافروف وزير الخارجية الروسي إن …": a known person right after a verb of saying
        is its subject, and a title right after the name describes them."""
        return (
            name.first > 0 and name.entity.id in self.gazetteer.entities
            and self.doc.tokens[name.first - 1].text.removeprefix("و") in self.words("speech_cues")
        )  # fmt: skip

    def _after_person_object_verb(self, position: int) -> bool:
        """The word before token `position` is a verb whose object is a person (lexicon
        `person_object_verbs`: استقبل، التقى): what follows it is its subject, then its object."""
        return self.doc.tokens[position - 1].text.removeprefix("و") in self.words("person_object_verbs")

    def _new_name_before(self, position: int) -> EntityMatch | None:
        """A new name of two or three words before the title at `position`, right after a verb
        that names its subject or at the start of a sentence, set off by a comma or a dash
        or a complementizer ("وقال فلاديمير سيمونوف، وزير الدفاع البيلاروسي،", "وصل إبراهيم عزيزي،
        رئيس لجنة …", "أفادت الوكالة أن أندريه كارتابولوف، رئيس …"), or
        with nothing between after a verb of saying ("قالت تسوفينار خاتشاتريان السكرتيرة الصحفية
        …"). After any other word the words before the title may be anything ("أكدت الأطراف
        المشاركة، وزير …"; "استقبل ... رئيس الوزراء" names whom someone received)."""
        set_off = self.apposition_before(position)
        if self.doc.barrier_before[position] and not set_off:
            return None
        # "أفادت الوكالة أن أندريه كارتابولوف، رئيس لجنة الدفاع، …": what أن opens starts with its subject.
        leads = self._subject_verbs | self.words("subject_complementizers") if set_off else self.words("speech_cues")
        for size in (2, 3):
            first = position - size
            if first <= self.region[0]:
                break
            sentence_start = set_off and self.doc.barrier_before[first] and not self.apposition_before(first)
            if not sentence_start and (self.doc.barrier_before[first] or self.doc.tokens[first - 1].text.removeprefix("و") not in leads):
                continue
            person = self._new_person_ending_at(first, position, after_comma=True)
            if person is not None:
                return person
        return None

    def _read_title(self, first: int, last: int, start: int, role: Entity | None, rank: bool, of_organization: bool) -> Title:
        by_first = {m.first: m for m in self.names if m.via != "nested"}
        fillers = self.words("title_fillers")
        former_words = self.words("former_markers")
        ranks = {m.first: m for m in self.cues("person_ranks")}
        high = self.region[1]
        position = last
        holder = None
        former = False

        def open_at(index: int) -> bool:
            # A quotation mark alone does not close the title ('الأمين العام لـ "منظمة …"').
            return index < high and (not self.doc.barrier_before[index] or self._quote_only(index))

        def nationality_at(index: int) -> EntityMatch | None:
            match = by_first.get(index)
            return match if match is not None and match.entity.kind == "State" and match.via == "demonym" else None

        # "انتخاب أمين عام جديد سيخدم سمعة المنظمة": a new one, indefinite, is nobody named yet.
        someone_new = False
        indefinite = not self.doc.tokens[first].text.removeprefix("و").startswith(ARTICLE)
        while True:  # fillers and former markers, in any order, before the holder
            # A filler that begins a name is the name's ("جمهورية أرمينيا"), not a word to skip.
            if open_at(position) and self.doc.tokens[position].text in fillers and position not in by_first:
                someone_new |= indefinite and self.doc.tokens[position].text in self.words("indefinite_new")
                position += 1
            elif open_at(position) and self.doc.tokens[position].text in former_words:
                former, position = True, position + 1
            else:
                break
        candidate = by_first.get(position)
        if candidate is None and role is not None:
            # A holder whose name begins inside the title: "رئيس هيئة الأركان المشتركة للمنظمة"
            # (the role رئيس هيئة الأركان, the body هيئة الأركان المشتركة للمنظمة).
            candidate = next(
                (m for m in self.names if first < m.first < last < m.last and m.entity.is_organization and m.via == "name"),
                None,
            )
        if candidate is not None and candidate.entity.kind != "Person" and (candidate.first < last or open_at(position)):
            if not (rank or (of_organization and not candidate.entity.is_organization)):
                holder = candidate
                position = candidate.last
                parent = by_first.get(position)
                if holder.entity.kind == "OrganizationBody" and parent is not None and parent.entity.is_organization and open_at(position):
                    # "رئيس الأركان المشتركة لمنظمة معاهدة الأمن الجماعي أناتولي سيدوروف": the
                    # body's organization after it is part of the title, the name after both.
                    position = parent.last
            elif rank and role is None and self._deputy_word(first):
                position = candidate.last  # "نائب رئيس مجلس الأمن الروسي دميتري ميدفيديف": past whose deputy
        elif candidate is None and role is not None and not (rank or of_organization) and open_at(position):
            if self.doc.tokens[position].text in self.words("state_anaphors"):
                holder = self.state_before(first, "state-anaphor", sentences_back=1)  # "وقال رئيس البلاد قاسم جومارت توكاييف"
                position += 1 if holder is not None else 0
        nationality_allowed = rank or of_organization
        posted = role is not None and role.id in self.lexicon.identifiers("posted_roles")
        bracketed = False
        while True:  # after the holder: former marker, rank, nationality, where one is posted
            if holder is not None and position + 1 == self.split_title_ends.get(first):
                position += 1  # "ممثل كازاخستان الدائم": the title's adjective after its holder
            elif holder is not None and open_at(position) and self.doc.tokens[position].text in self.words("holder_modifiers"):
                position += 1  # "رئيس وزراء قرغيزستان الجديد، أديلبيك قاسمالييف، …"
            elif (
                holder is not None and position < high and self.doc.barrier_before[position] and self._quote_only(position)
                and (quoted := by_first.get(position)) is not None and quoted.entity.is_organization
            ):  # fmt: skip
                position = quoted.last  # "الناطق باسم الرئاسة الروسية "الكرملين" دميتري بيسكوف": the holder's name
            elif (
                holder is not None and open_at(position) and position + 2 < high and not self.doc.barrier_before[position + 1]
                and self.doc.tokens[position].text in self.words("portfolio_openers")
            ):  # fmt: skip
                # "مساعد الرئيس الروسي للشؤون الدولية يوري أوشاكوف", "… لشؤون رابطة الدول المستقلة …":
                # the portfolio, a word or a name
                named = by_first.get(position + 1)
                position = named.last if named is not None and named.entity.kind != "Person" else position + 2
            elif open_at(position) and self.doc.tokens[position].text in former_words:
                former, position = True, position + 1
            elif position in ranks and (open_at(position) or self._dash_before(position)):
                # "رئيس الأركان المشتركة للمنظمة - العقيد الجنرال أناتولي سيدوروف"
                position, nationality_allowed = ranks[position].last, True
            elif (
                posted and holder is not None and open_at(position) and position + 1 < high
                and self.doc.tokens[position].text in self.words("posting_prepositions")
                and (where := by_first.get(position + 1)) is not None and where.entity.kind in ("State", "City", "InternationalOrganization")
            ):  # fmt: skip
                position = where.last  # "سفير روسيا لدى بيلاروس بوريس غريزلوف": where the envoy serves
            elif nationality_allowed and open_at(position) and nationality_at(position):
                position, nationality_allowed = nationality_at(position).last, False  # type: ignore[union-attr]
            elif holder is not None and not bracketed and (closed := self._bracket_after(position)) is not None:
                position, bracketed = closed, True  # "الأمين العام للمنظمة (CSTO) ستانيسلاف زاس": the holder restated
            elif holder is not None and not bracketed and (closed := self._relative_clause_after(position)) is not None:
                # "الأمين العام للمنظمة، التي تضم ست دول، نيقولاي بورديوجا": the holder described
                position, bracketed = closed, True
            else:
                break
        if (
            holder is None and role is not None and not (rank or of_organization) and open_at(position)
            and self._unknown_nisba(position) and position + 1 < high and self.apposition_before(position + 1)
        ):  # fmt: skip
            # "وزير الخارجية الدنماركي، لارس لوكه راسموسن،": a nisba the reference data does not
            # know, then a name set off by a comma or a dash, is still a title and its holder's name.
            position += 1
        person = None if someone_new else self._person_after(position, after_comma=bracketed)
        if person is None and not someone_new and role is not None and holder is not None and open_at(position):
            person = self._head_by_surname(role, holder, position)
        if person is None and of_organization and position < high and self.apposition_before(position) and nationality_at(position):
            # Apposition: "الأمين العام الجديد للمنظمة، الكازاخستاني إيمانغالي تاسماغامبيتوف،".
            person = self._person_after(nationality_at(position).last)  # type: ignore[union-attr]
        if person is None and not rank and position < high and self.apposition_before(position):
            person = self._apposed_person(position)  # a counterpart too: "نظيره الكازاخي، قاسم جومارت توكاييف،"
        if holder is None and role is not None and not of_organization:
            holder = self._possessor_state(first, last) or self._delegation_state(first)
            if holder is None and person is not None:
                holder = self._head_of_state(role, person) or self._subject_state(first)
        if holder is None and of_organization:
            organization = self._salient_organization(self.names, self.salience, first)
            if organization is not None:
                holder = EntityMatch(organization, first, last, start, self.doc.tokens[last - 1].end, "implicit", via="implicit")
        end_token = person.last if person else (holder.last if holder and holder.via != "implicit" else last)
        end_token = max(end_token, last)
        end = self.doc.tokens[end_token - 1].end
        return Title(role, holder, person, first, end_token, start, end, former, rank)

    def _relative_clause_after(self, index: int) -> int | None:
        """The token after a relative clause set off by commas that opens at token `index`
        ("، التي تضم روسيا وبيلاروس، ") within RELATIVE_CLAUSE_WORDS words, else None."""
        if not 0 < index < self.region[1] or not self.apposition_before(index):
            return None
        if self.doc.tokens[index].text not in self.words("relative_pronouns"):
            return None
        for end in range(index + 1, min(index + RELATIVE_CLAUSE_WORDS + 1, self.region[1])):
            if self.doc.barrier_before[end]:
                return end if self.apposition_before(end) and self._gap_before(end) in ("،", ",") else None
        return None

    def _bracket_after(self, index: int) -> int | None:
        """The token after a short bracket that opens before token `index` and holds only Latin
        script or a name ("(CSTO)", "(منظمة معاهدة الأمن الجماعي)"), else None."""
        if not 0 < index < self.region[1] or "(" not in self._gap_before(index):
            return None
        covered = {i for m in self.names for i in range(m.first, m.last)}
        for end in range(index + 1, min(index + BRACKET_WORDS + 1, self.region[1])):
            if not (self.doc.tokens[end - 1].text.isascii() or end - 1 in covered):
                return None
            gap = self._gap_before(end)
            if gap:
                return end if gap == ")" else None
        return None

    def _dash_before(self, index: int) -> bool:
        """Only a dash between token `index` and the one before it ("… - العقيد الجنرال …")."""
        return 0 < index < len(self.doc.tokens) and self._gap_before(index) in DASHES

    def _rank_head_names(self, head: int, person: EntityMatch) -> bool:
        """A rank introduces any name; a bare nisba only a known person or a name ending like a
        surname of the region ("الأوزبكي دلشود رحيموف", not "الجيش الروسي قوات خاصة")."""
        if any(c.first == head for c in self.cues("person_ranks")) or person.rule != "title-person":
            return True
        return self.doc.tokens[person.last - 1].text.endswith(self.lexicon.phrases("name_surname_endings"))

    def _unknown_nisba(self, position: int) -> bool:
        """A definite adjective of nationality no entity owns ("الدنماركي", "الفرنسية"): the article,
        a stem of four letters or more and a nisba ending (lexicon nisba_endings), and no name or
        date there."""
        text = self.doc.tokens[position].text
        if any(m.first <= position < m.last for m in self.names) or any(d.first <= position < d.last for d in self.dates):
            return False
        stem = text.removeprefix(ARTICLE)
        return stem != text and len(stem) >= 4 and stem.endswith(self.lexicon.phrases("nisba_endings")) and text not in self.words("name_stopwords")

    def _apposed_person(self, position: int) -> EntityMatch | None:
        """A name set off by commas after its title: "وزير الخارجية الكازاخي، مراد نورتليو،", also
        behind a copula pronoun ("بوزير خارجية جديد، هو سيرغي أليينيك،") or a rank (الفريق). The name must close its
        phrase (a comma, the sentence end or what a verb of saying reports after it), so a clause
        after the comma is no name."""
        if self.doc.tokens[position].text in self.words("apposition_copulas"):
            position += 1
            if position >= self.region[1] or self.doc.barrier_before[position]:
                return None
        # A rank may open the name: "قائد قوات المنطقة العسكرية الوسطى، الفريق ألكسندر لابين،".
        rank = next((c for c in self.cues("person_ranks") if c.first == position), None)
        if rank is not None:
            position = rank.last
            if position >= self.region[1] or self.doc.barrier_before[position]:
                return None
        minted, names = set(self.minted), self.names
        person = self._person_after(position, after_comma=True)
        if person is None:
            return None
        # "قال نائب الوزير، سيرغي بانكين إن …": what a verb of saying reports may close it too.
        closed = (
            person.last >= len(self.doc.tokens) or self.doc.barrier_before[person.last]
            or self.doc.tokens[person.last].text in self.words("statement_content_openers")
        )  # fmt: skip
        if closed or person.entity.id in self.gazetteer.entities:
            return person
        self._forget_minted(minted)  # a clause after the comma, not a name: nobody was introduced
        self.names = names
        return None

    def state_before(self, first: int, rule: str, sentences_back: int = 0) -> EntityMatch | None:
        """The state named latest before token `first` (by name, not a city or nisba), in its
        sentence or up to `sentences_back` before it, as the implicit holder of a title: what
        "رئيس وزرائها" (`_possessor_state`) or "رئيس البلاد" (lexicon `state_anaphors`) stands for,
        or where forces go "إلى الدولة" (events)."""
        sentence = self.doc.sentence_of[first]
        state = next(
            (
                m for m in reversed(self.names)
                if self._named_state(m) is not None and m.via == "name" and m.last <= first
                and sentence - sentences_back <= self.doc.sentence_of[m.first] <= sentence
            ),
            None,
        )  # fmt: skip
        if state is None:
            return None
        return EntityMatch(self._named_state(state), state.first, state.last, state.start, state.end, rule, via="implicit")  # type: ignore[arg-type]

    def _named_state(self, match: EntityMatch) -> Entity | None:
        """The state a name stands for: a state's, or a ministry's ("أعلنت وزارة الدفاع البيلاروسية
        أن المناورات ستجري على أراضي البلاد": the country is the ministry's)."""
        if match.entity.kind == "State":
            return match.entity
        if match.entity.kind in STATE_BODY_LINKS:
            return self.gazetteer.by_id(match.entity.links.get(STATE_BODY_LINKS[match.entity.kind], ""))
        return None

    def _head_by_surname(self, role: Entity, holder: EntityMatch, position: int) -> EntityMatch | None:
        """ "ورئيس قرغيزستان جاباروف": a surname two known people share, after a president's title,
        is the one who heads that state (lexicon `heads_of_state`)."""
        if role.id != "role/president" or position >= self.region[1]:
            return None
        heads = self.lexicon.inverse("heads_of_state")
        token = self.doc.tokens[position]
        bearers = [e for e in self.gazetteer.surname_bearers.get(token.text, ()) if heads.get(e.id) == holder.entity.id]
        if len(bearers) != 1 or any(m.first <= position < m.last for m in self.names):
            return None
        return EntityMatch(bearers[0], position, position + 1, token.start, token.end, "title-person")

    def _head_of_state(self, role: Entity, person: EntityMatch) -> EntityMatch | None:
        """ "الرئيس قاسم جومارت توكاييف": a president named with no state, known as a head of
        state (lexicon `heads_of_state`), is president of that state."""
        if role.id != "role/president":
            return None
        state = self.gazetteer.by_id(self.lexicon.inverse("heads_of_state").get(person.entity.id, ""))
        if state is None:
            return None
        return EntityMatch(state, person.first, person.last, person.start, person.end, "head-of-state", via="implicit")

    def _possessor_state(self, first: int, last: int) -> EntityMatch | None:
        """A title with a possessive pronoun ("رئيس وزرائها", "وزير خارجيتها", "وزيرها للدفاع"):
        held in the state named latest before it in its sentence."""
        suffixes = tuple(self.lexicon.phrases("title_possessive_suffixes"))
        if not any(token.text.endswith(suffixes) for token in self.doc.tokens[first:last]):
            return None
        return self.state_before(first, "possessive")

    def _subject_state(self, first: int) -> EntityMatch | None:
        """A state title with no holder of its own ("وتدخل مينسك عام رئاستها بوزير خارجية جديد"):
        the state (or its capital) that is the subject just before it, i.e. at most
        `title_subject_window` words before, not the object of a preposition ("وصل إلى موسكو
        وزير الخارجية …": Moscow is where he went, not whose minister he is), no person between."""
        sentence = self.doc.sentence_of[first]
        window = int(self.lexicon.number("title_subject_window"))
        prepositions = self.words("event_clause_prepositions")
        for m in reversed(self.names):
            if m.last > first or self.doc.sentence_of[m.first] != sentence:
                continue
            inner = {i for n in self.names if m.last <= n.first < first for i in range(n.first + 1, n.last)}
            if m.entity.kind == "Person" or len(set(range(m.last, first)) - inner) > window:
                return None
            state = m.entity if m.entity.kind == "State" and m.via == "name" else None
            if m.entity.kind == "City" and m.entity.links.get("containedInPlace"):
                state = self.gazetteer.by_id(m.entity.links["containedInPlace"])
            if state is None or state.kind != "State":
                continue
            token = self.doc.tokens[m.first].text
            governed = m.first > 0 and self.doc.tokens[m.first - 1].text in prepositions
            if governed or (m.start > self.doc.tokens[m.first].start and token[:1] in "بلك"):
                return None
            if any(t.first < first and t.last > m.last for t in self._titles_so_far):
                return None
            return EntityMatch(state, m.first, m.last, m.start, m.end, "subject", via="implicit")
        return None

    def _delegation_state(self, first: int) -> EntityMatch | None:
        """The state of a delegation named earlier in the sentence ("ضم الوفد الروسي … وزير الخارجية
        سيرغي لافروف"): a member of a state's delegation without a holder of his own holds it there."""
        sentence = self.doc.sentence_of[first]
        for cue in reversed(self.cues("delegation_words")):
            if cue.last > first or self.doc.sentence_of[cue.first] != sentence:
                continue
            state = next((m for m in self.names if m.first == cue.last and m.entity.kind == "State"), None)
            if state is not None:
                return EntityMatch(state.entity, state.first, state.last, state.start, state.end, "delegation", via="implicit")
            return None
        return None

    def _same_first_name(self, person: Entity, words: list[str]) -> bool:
        """Whether `words` (before a known surname) are that person's first name: one of their
        names starts with them, or, written together, they are within two edits of its first word
        ("طلعت بيك" for طالاتبيك). A patronymic after the first name (lexicon `patronymic_endings`:
        "نيكول فوفايفيتش باشينيان") is passed over, as the reference names leave it out."""
        endings = tuple(self.lexicon.phrases("patronymic_endings"))
        if len(words) > 1 and words[-1].endswith(endings):
            words = words[:-1]
        written = " ".join(words)
        sounds = "".join(map(skeleton, words))
        for label in self.gazetteer.labels_of(person.id):
            parts = label.split()
            if len(parts) < 2:
                continue
            if label.startswith(written + " ") or (
                len(parts[0]) >= 5 and Levenshtein.distance("".join(words), parts[0], score_cutoff=2) <= 2
            ):
                return True
            # "كازيم-زومارت توكاييف" for قاسم جومارت توكاييف: the given names another transliteration
            # of the same sounds (their consonants within two edits, long enough not to be chance).
            given = "".join(map(skeleton, parts[:-1]))
            if len(words) == len(parts) - 1 and len(given) >= 6 and Levenshtein.distance(sounds, given, score_cutoff=2) <= 2:
                return True
        return False

    def apposition_before(self, position: int) -> bool:
        """Only a comma or a dash (apposition_marks) stands between token `position` and the one
        before it: "وزير الخارجية الروسي، سيرغي لافروف"، "الرئيس الروسي - فلاديمير بوتين"; a quotation
        mark closing the name before may come with it ('لمنظمة "معاهدة الأمن الجماعي" - إيمان …')."""
        gap = "".join(ch for ch in self._gap_before(position) if ch not in QUOTES).strip()
        return gap in self.lexicon.characters("apposition_marks")

    def continues_previous(self, position: int) -> bool:
        """Token `position` follows the one before it with a space only, or in apposition."""
        gap = self._gap_before(position)
        return not gap or gap in self.lexicon.characters("apposition_marks")

    def _gap_before(self, position: int) -> str:
        """What stands between token `position` and the one before it, spaces stripped."""
        return self.doc.text[self.doc.tokens[position - 1].end:self.doc.tokens[position].start].strip()

    def _person_after(self, position: int, after_comma: bool = False) -> EntityMatch | None:
        """The known person starting at `position`, or a new name of two (or three) plain words.

        A new name stops at punctuation, a stop word (also with a proclitic: بأن، وفي), a word with
        the article, a date or a known name. A third word is taken only when it looks like a surname
        (mappings/lexicon.yaml `name_surname_endings`): "فيكتور خرينين لبحث" is a two-word name
        followed by a verbal noun. A known surname right after an unknown first word belongs to a
        different person of that family ("أكيلبيك جاباروف" is not صدير جاباروف): it becomes part
        of the new name and its surname match is dropped.
        """
        if position >= self.region[1] or (
            position > 0 and self.doc.barrier_before[position] and not after_comma and not self._quote_only(position)
        ):
            return None
        known = next((m for m in self.names if m.first == position), None)
        if known is not None:
            return known if known.entity.kind == "Person" else None
        words: list[int] = []
        stop = self.words("name_stopwords")
        endings = self.lexicon.phrases("name_surname_endings")
        patronymics = tuple(self.lexicon.phrases("patronymic_endings"))
        nonword_endings = self.lexicon.phrases("name_nonword_endings")
        article_surnames = self.lexicon.phrases("article_surname_endings")
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
                patronymic = bool(words) and self.doc.tokens[words[-1]].text.endswith(patronymics)
                if patronymic and match.entity.kind == "Person" and match.first == index:
                    if self._same_first_name(match.entity, [self.doc.tokens[i].text for i in words]):
                        # "ستانيسلاف فاسيليفيتش زاس": the known person, named with a patronymic.
                        first_token = self.doc.tokens[words[0]]
                        return EntityMatch(match.entity, words[0], match.last, first_token.start, match.end, "title-person")
                if words and match.rule == "gazetteer-surname" and match.first == index and match.last == index + 1:
                    if self._same_first_name(match.entity, [self.doc.tokens[i].text for i in words]):
                        # "قاسم توكاييف", "طلعت بيك ماساديكوف": the known person, first name as written.
                        first_token = self.doc.tokens[words[0]]
                        return EntityMatch(match.entity, words[0], match.last, first_token.start, match.end, "title-person")
                    surname = match
                    words.append(index)
                break
            if (
                index in dates
                or (not words and token in self.words("name_first_stopwords"))
                or self._is_nisba(token)
                or _is_stopword(token, stop)
                or token.removeprefix("و") in self.lexicon.trigger_words  # "ودعا باشينيان": a verb
                or (token.startswith(ARTICLE) and not self._name_like_article(index) and not (words and token.endswith(article_surnames)))
                or token.startswith("لل") or any(token.startswith(c + ARTICLE) for c in ("و", "ف", "ب", "ك"))  # للمنظمة، والوزير
                or not token.isalpha()
                or len(token) < 2
                # A third word looks like a surname, or closes a name set off by commas, or follows a
                # patronymic ("ستانيسلاف فاسيليفيتش زاس").
                or (
                    len(words) == 2 and not token.endswith(endings) and not (after_comma and self._closes_phrase(index))
                    and not self.doc.tokens[words[1]].text.endswith(patronymics)
                )
                or token.endswith(nonword_endings)
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
        if len(words) == 3 and self.doc.tokens[words[1]].text.endswith(patronymics):
            # "سيرغي كوجوغيتوفيتش شويغو" when the surname is not found alone: the known person.
            known_person = self.gazetteer.person_named(f"{self.doc.tokens[words[0]].text} {self.doc.tokens[words[2]].text}")
            if known_person is not None:
                return EntityMatch(known_person, first, last, start, end, "title-person")
        name = self.original(start, end)
        # The id comes from the normalised spelling, so أيبك and ايبك (hamza dropped, as many
        # outlets write it) or a vowelled name give the same person in every article.
        local_id = f"person/{slugify(self.doc.text[start:end])}"
        entity = self.gazetteer.by_id(local_id) or self.mint(Entity(local_id, "Person", name))
        return EntityMatch(entity, first, last, start, end, "title-person")

    def _closes_phrase(self, index: int) -> bool:
        """Token `index` is followed by punctuation or ends the text."""
        return index + 1 >= len(self.doc.tokens) or self.doc.barrier_before[index + 1]

    def _is_nisba(self, token: str) -> bool:
        """A state's nisba, with or without the article or و ("قرغيزي", "وأرميني"): an adjective,
        never a word of a person's name ("أمين عام قرغيزي ومقعد أرميني" names nobody)."""
        automaton = self.gazetteer.names._automaton
        for word in (token, token[1:] if token.startswith("و") else token):
            for key in (word, ARTICLE + word) if not word.startswith(ARTICLE) else (word,):
                payload = automaton.get(key, None)
                if payload is not None and any(via == "demonym" for _, via in payload[2]):
                    return True
        return False

    def _quote_only(self, position: int) -> bool:
        """A barrier that is only a quotation mark does not end a title (الـ "ناتو")."""
        gap = self.doc.text[self.doc.tokens[position - 1].end:self.doc.tokens[position].start]
        return all(ch in " \"'«»" for ch in gap)

    def _people(self) -> list[PersonAt]:
        """Every person reference: names, titles naming someone, and titles standing for a holder."""
        speech = self.cues("speech_cues")
        by_person_first: dict[int, Title] = {}
        for t in self.titles:  # a person's first title ("…، بصفته رئيس المجلس،" adds a later one)
            if t.person:
                by_person_first.setdefault(t.person.first, t)
        seen_titles: set[int] = set()
        people: list[PersonAt] = []
        holders = self._post_holders()
        for match in [m for m in self.names if m.entity.kind == "Person"] + [t.person for t in self.titles if t.person]:
            if any(p.match.first == match.first for p in people):
                continue
            title = by_person_first.get(match.first)
            head = min(title.first, match.first) if title else match.first  # a title may follow the name
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
        Each group is a run of tokens (see `_word_groups`), so the count is 1 for the first token
        plus the tokens that begin a new group: a difference of prefix sums, not a scan.
        """
        if last <= first:
            return 0
        counts = self._group_starts_up_to
        if last > len(counts) - 1:  # beyond the text (never, for tokens of the article): count them
            groups = self._word_groups
            return len({groups.get(i, ("token", i)) for i in range(first, last)})
        return 1 + counts[last] - counts[first + 1]

    @cached_property
    def _word_groups(self) -> dict[int, tuple[str, int]]:
        """Token -> its group: the first name or title span over it (sorted by start, longest
        first, a span starting inside an earlier one dropped), so each group is one run of tokens."""
        groups: dict[int, tuple[str, int]] = {}
        spans = [(m.first, m.last) for m in self.names] + [(t.first, t.last) for t in self.titles]
        for first, last in sorted(spans, key=lambda s: (s[0], -s[1])):
            if first in groups:
                continue
            group = ("span", first)
            for i in range(first, last):
                groups.setdefault(i, group)
        return groups

    @cached_property
    def _group_starts_up_to(self) -> list[int]:
        """_group_starts_up_to[i] = how many of tokens 0..i-1 begin a word group (a lone token
        always does; a token of a name or title only if the token before is not of its group)."""
        groups = self._word_groups
        counts = [0]
        previous: tuple[str, int] | None = None
        for i in range(len(self.doc.tokens)):
            group = groups.get(i, ("token", i))
            counts.append(counts[-1] + (group != previous))
            previous = group
        return counts

    def _name_like_article(self, index: int) -> bool:
        """ "ألين سيمونيان", "أليكسي": a word written with أل or آل is a name, never the article,
        which is written with a bare alif (normalisation makes both ال); so is a known person's
        given name written without its hamza ("الكسندر لابين")."""
        token = self.doc.tokens[index]
        return self.original(token.start, token.start + 1) in ("أ", "آ") or token.text in self.gazetteer.given_names

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
