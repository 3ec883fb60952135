"""What every fact pattern uses: the records being collected, distances, hedges, names by class.

Each pattern reads the located pieces of an `Analysis` (names by class, titles, dates, cue phrases
from mappings/lexicon.yaml) and combines them by type and distance within a sentence. None of
them knows a particular sentence, state or person.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Sequence

from csto_kg.arabic import normalize_word
from csto_kg.extract.analysis import Analysis, DateAt, Located, PersonAt
from csto_kg.extract.dates import DateValue
from csto_kg.extract.gazetteer import Entity, EntityMatch
from csto_kg.extract.matcher import PhraseMatch
from csto_kg.extract.records import Evidence, Record


class Facts:
    """Records by id: a fact stated twice in one article is one record with two evidence spans."""

    def __init__(self) -> None:
        self.records: dict[str, Record] = {}

    def get(self, type_: str, local_id: str) -> Record:
        record = self.records.get(local_id)
        if record is None:
            record = self.records[local_id] = Record(type_, local_id)
        return record

    def __iter__(self) -> Iterable[Record]:
        return iter(self.records.values())


def local_name(entity: Entity) -> str:
    """The last segment of an entity id (`state/russia` -> `russia`), used to compose fact ids."""
    return entity.id.rsplit("/", 1)[-1]


def published(analysis: Analysis) -> DateValue | None:
    day = analysis.article.published
    return DateValue(day.isoformat(), "day") if isinstance(day, dt.date) else None


def subject_end(analysis: Analysis, verb: int) -> int:
    """Where a subject named before a verb ends: the verb's first token, or the first particle of a
    compound tense before it ("بيسكوف قد صرح"، "وكان المجلس قد اتخذ قرارا"; statement_subject_particles)."""
    tokens, particles = analysis.doc.tokens, analysis.words("statement_subject_particles")
    while verb > 0 and tokens[verb - 1].text in particles:
        verb -= 1
    return verb


def same_sentence(analysis: Analysis, a: int, b: int) -> bool:
    return analysis.doc.sentence_of[a] == analysis.doc.sentence_of[b]


def names_in_sentence(analysis: Analysis, token: int) -> list[EntityMatch]:
    """The article's names in the sentence of `token`, in their order (a new list).

    Every trigger asks for its sentence's names; grouping them by sentence once per article
    replaces a scan of all names per trigger. (Regrouped if `analysis.names` is replaced.)
    """
    cached = analysis.__dict__.get("_names_by_sentence")
    if cached is None or cached[0] is not analysis.names:
        grouped: dict[int, list[EntityMatch]] = {}
        for match in analysis.names:
            grouped.setdefault(analysis.doc.sentence_of[match.first], []).append(match)
        cached = analysis.__dict__["_names_by_sentence"] = (analysis.names, grouped)
    return list(cached[1].get(analysis.doc.sentence_of[token], ()))


def people_in_sentence(analysis: Analysis, token: int) -> list[PersonAt]:
    """The article's people (by where their name starts) in the sentence of `token`, in order."""
    cached = analysis.__dict__.get("_people_by_sentence")
    if cached is None or cached[0] is not analysis.people:
        grouped: dict[int, list[PersonAt]] = {}
        for person in analysis.people:
            grouped.setdefault(analysis.doc.sentence_of[person.match.first], []).append(person)
        cached = analysis.__dict__["_people_by_sentence"] = (analysis.people, grouped)
    return list(cached[1].get(analysis.doc.sentence_of[token], ()))


def distance(a: Located | EntityMatch | PhraseMatch[object], b: Located | EntityMatch | PhraseMatch[object]) -> int:
    """Tokens between two pieces (0 when adjacent or overlapping)."""
    if a.last <= b.first:
        return b.first - a.last
    if b.last <= a.first:
        return a.first - b.last
    return 0


def hedged(analysis: Analysis, token: int, scoped: bool = True, ignore: frozenset[int] = frozenset()) -> bool:
    """A negation or hedge (لا يستبعد، ليس، ربما …) shortly before `token` in its sentence.

    Distance is counted in words with a name or title as one word, so a long title between the
    hedge and the verb ("ليس … رئيس الوزراء الأرميني نيكول باشينيان") does not hide it. Denials
    (hedge_scope_cues) reach further: to the end of their clause.
    """
    window = int(analysis.lexicon.number("hedge_window"))
    if any(
        cue.first not in ignore
        and cue.last <= token
        and analysis.words_between(cue.last, token) < window
        and same_sentence(analysis, cue.first, token)
        for cue in analysis.cues("hedge_cues")
    ):
        return True
    return scoped and any(
        cue.last <= token and same_sentence(analysis, cue.first, token) and not _scope_ends(analysis, cue.last, token)
        for cue in analysis.cues("hedge_scope_cues")
    )


def _scope_ends(analysis: Analysis, first: int, token: int) -> bool:
    """Whether a denial's clause ends in [first, token]: punctuation, a relative pronoun, حيث …
    An attribution set off by commas ("لا يستبعد، وفق مراقبين، أن …": hedge_scope_asides) is an
    aside: the clause goes on after it."""
    breakers = analysis.words("relative_pronouns") | analysis.words("hedge_scope_breakers")
    asides = analysis.words("hedge_scope_asides")
    tokens, barrier = analysis.doc.tokens, analysis.doc.barrier_before
    index = first
    while index <= token:
        word = tokens[index].text
        if barrier[index] and (word in asides or word.removeprefix("و") in asides):
            closing = next((j for j in range(index + 1, token + 1) if barrier[j]), None)
            if closing is None:
                return True
            index = closing + 1
            continue
        if barrier[index] or tokens[index].text.removeprefix("و") in breakers:
            return True
        index += 1
    return False


def founded_by(analysis: Analysis, treaty_id: str) -> Entity | None:
    """The organization a treaty founded (csto:foundingTreaty in the reference data)."""
    return analysis.gazetteer.founded_by(treaty_id)


def signing_record(facts: Facts, document_id: str, date: DateValue | None) -> Record:
    """The record of a signing of a document. A treaty is signed more than once (its first
    signing, accessions, protocols): a signing is named by its document and year, so that
    articles giving the day or only the year of one signing describe one event (and a
    disagreement about the day shows as a conflict)."""
    when = f"-{date.iso[:4]}" if date is not None else ""
    record = facts.get("Signing", f"event/signing-{document_id.rsplit('/', 1)[-1]}{when}")
    record.properties["signedDocument"] = document_id
    return record


def treaty_named_before(analysis: Analysis, index: int) -> EntityMatch | None:
    """ "المعاهدة" at token `index` (lexicon membership.treaty_anaphors): the latest treaty named
    before it whose name starts with that noun, on its own or as the founding treaty of an
    organization named ("منظمة معاهدة الأمن الجماعي … وقعت على المعاهدة ست دول")."""
    head = analysis.doc.tokens[index].text
    for match in reversed([m for m in analysis.names if m.last <= index and m.via == "name"]):
        treaty = match.entity if match.entity.kind == "Treaty" else None
        if treaty is None and match.entity.kind == "InternationalOrganization" and match.entity.links.get("foundingTreaty"):
            treaty = analysis.gazetteer.by_id(match.entity.links["foundingTreaty"])
        words = normalize_word(treaty.label_ar).split() if treaty is not None else []
        if treaty is not None and words and head.endswith((words[0], "ال" + words[0])):
            return EntityMatch(treaty, match.first, match.last, match.start, match.end, match.rule, via=match.via)
    return None


def span_evidence(
    analysis: Analysis, pieces: Sequence[Located | EntityMatch | PhraseMatch[object]], rule: str
) -> Evidence:
    """The smallest span covering all pieces."""
    return analysis.evidence(min(p.start for p in pieces), max(p.end for p in pieces), rule)


def states(analysis: Analysis) -> list[EntityMatch]:
    return [m for m in analysis.names if m.entity.kind == "State" and m.via == "name"]


def organizations(analysis: Analysis) -> list[EntityMatch]:
    return [m for m in analysis.names if m.entity.kind == "InternationalOrganization"]


def state_list(analysis: Analysis, after: int, window: int) -> list[EntityMatch]:
    """A run of states ("أرمينيا وبيلاروسيا وكازاخستان") starting within `window` tokens of `after`."""
    candidates = [m for m in states(analysis) if same_sentence(analysis, m.first, max(after - 1, 0))]
    start = next((m for m in candidates if after <= m.first <= after + window), None)
    if start is None:
        return []
    run = [start]
    for match in candidates:
        if match.first == run[-1].last:
            run.append(match)
    return run


def nearest_organization(
    analysis: Analysis, piece: PhraseMatch[str] | EntityMatch, before_only: bool = False
) -> EntityMatch | None:
    candidates = [
        m for m in organizations(analysis)
        if same_sentence(analysis, m.first, piece.first) and (not before_only or m.last <= piece.first)
    ]  # fmt: skip
    return min(candidates, key=lambda m: distance(m, piece), default=None)


def event_date(analysis: Analysis, trigger: PhraseMatch[object]) -> DateAt | None:
    candidates = [
        d for d in analysis.dates
        if d.mention.starts_something and not d.after_since
        and same_sentence(analysis, d.first, trigger.first)
    ]  # fmt: skip
    return min(candidates, key=lambda d: distance(d, trigger), default=None)


# -- shared by the membership and signing patterns -------------------------------------------------


def salient_organization(analysis: Analysis, match: EntityMatch) -> EntityMatch:
    """An anaphor ("المنظمة") as the organization the article is about so far: the international
    organization named most often before it (the latest on a tie), not merely the latest one, so
    that a passing mention ("حلف شمال الأطلسي", "الأمم المتحدة") does not capture it."""
    if match.via != "anaphor":
        return match
    counts: dict[str, int] = {}
    latest: dict[str, int] = {}
    best: str | None = None
    for m in analysis.names:
        if m.first >= match.first:
            break
        if m.via == "anaphor":
            entity_id = best  # an earlier anaphor counts for what it meant then
        elif m.entity.kind == "InternationalOrganization":
            entity_id = m.entity.id
        elif m.entity.kind == "OrganizationBody" and m.entity.links.get("unitOf"):
            entity_id = m.entity.links["unitOf"]  # a body's name names its organization too
        else:
            continue
        if entity_id is None:
            continue
        counts[entity_id] = counts.get(entity_id, 0) + 1
        latest[entity_id] = m.first
        best = max(counts, key=lambda e: (counts[e], latest[e]))
    if best is None:
        return match
    # "المنظمة" is an organization called منظمة, not an alliance (حلف) named more often.
    headed = [e for e in counts if analysis.named_with_head(e, match.first)]
    if headed:
        best = max(headed, key=lambda e: (counts[e], latest[e]))
    entity = analysis.gazetteer.by_id(best) or match.entity
    return EntityMatch(entity, match.first, match.last, match.start, match.end, match.rule, via="anaphor")


def state_references(analysis: Analysis) -> list[EntityMatch]:
    """Every token range standing for a state as a fact's subject: its name, a city standing for
    its state (metonymy: "عادت طشقند إلى المنظمة"), and "بلاده/بلادها" (membership.country_pronouns)
    read as the nearest state named or implied (nisba, title holder, city) before it in its sentence.

    Found once per article (several patterns ask); each caller gets its own list.
    """
    cached = analysis.__dict__.get("_state_references")
    if cached is None or cached[0] is not analysis.names or cached[1] is not analysis.titles:
        cached = analysis.__dict__["_state_references"] = (analysis.names, analysis.titles, _state_references(analysis))
    return list(cached[2])


def _state_references(analysis: Analysis) -> list[EntityMatch]:
    """See `state_references`."""
    found: list[EntityMatch] = []
    implied: list[EntityMatch] = []
    for m in analysis.names:
        if m.entity.kind == "State":
            (found if m.via == "name" else implied).append(m)
        elif m.entity.kind == "City" and m.entity.links.get("containedInPlace"):
            state = analysis.gazetteer.by_id(m.entity.links["containedInPlace"])
            if state is not None and state.kind == "State":
                found.append(EntityMatch(state, m.first, m.last, m.start, m.end, m.rule, via="metonym"))
    for cue in analysis.cues("membership", "country_pronouns"):
        before = [
            m for m in found + implied
            if m.last <= cue.first and same_sentence(analysis, m.first, cue.first)
        ]  # fmt: skip
        if cue.phrase.endswith("ه"):
            # "بلاده" (his country): the country of the latest person named with a state's title.
            holders = [
                t.holder for t in analysis.titles
                if t.holder is not None and t.person is not None and t.last <= cue.first
                and t.holder.entity.kind == "State" and same_sentence(analysis, t.first, cue.first)
            ]  # fmt: skip
            if holders:
                before = [holders[-1]]
        if before:
            antecedent = max(before, key=lambda m: m.last)
            found.append(EntityMatch(antecedent.entity, cue.first, cue.last, cue.start, cue.end, "anaphor", via="pronoun"))
    return sorted(found, key=lambda m: m.start)


def listed_states(analysis: Analysis, after: int, window: int, from_state: bool = False) -> list[EntityMatch]:
    """The list of states that starts within `window` words after token `after` in its sentence.

    Between the cue and the list may stand names (the organization), counting words ("ست دول هي")
    and a relative clause between commas; a subordinating word (membership.list_breakers: بعد أن،
    باستثناء …) ends the search. Inside the list, states follow each other directly ("روسيا
    وبيلاروسيا"، "روسيا، بيلاروسيا") or through connectors (membership.list_connectors: كلا من،
    إلى جانب، فضلا عن …): "إلى جانب روسيا وكازاخستان، كلا من أرمينيا وطاجيكستان" is one list.
    """
    if not analysis.doc.tokens or after >= len(analysis.doc.tokens):
        return []
    # After a cue, the list is in the cue's sentence; a run read from its first state (`from_state`,
    # which may open a sentence) is in that state's.
    end = analysis.sentence_span(after if from_state else max(after - 1, 0))[1]
    state_at = {m.first: m for m in states(analysis)}
    connectors = [tuple(p.split()) for p in analysis.lexicon.phrases("membership", "list_connectors")]
    run = _run_from(analysis, after, window, end, state_at, connectors)
    if len(run) == 1:
        # "ستة بلدان من الاتحاد السوفيتي السابق هي روسيا …": a state named on the way is not
        # the list; one further on in the window is.
        longer = _run_from(analysis, run[0].last, window, end, state_at, connectors)
        if len(longer) > 1:
            return longer
    return run


def _run_from(
    analysis: Analysis, after: int, window: int, end: int, state_at: dict[int, EntityMatch], connectors: list[tuple[str, ...]]
) -> list[EntityMatch]:
    """The first run of states within `window` words after token `after` (see `listed_states`)."""
    tokens = analysis.doc.tokens
    name_at = {m.first: m for m in analysis.names}
    breakers = analysis.words("membership", "list_breakers")
    relatives = analysis.words("relative_pronouns")
    index, words = after, 0
    while index < end and index not in state_at:
        text = tokens[index].text
        if text in breakers or text.removeprefix("و") in breakers:
            # "وتضم المنظمة، بعد تعليق عضوية أذربيجان فيها، كلا من أرمينيا …": a subordinate clause
            # set off by commas, after which the list goes on, is stepped over.
            closing = _parenthetical_end(analysis, index, end)
            if closing is None or not (closing in state_at or connector_at(analysis, closing, connectors)):
                return []
            index = closing
            continue
        if text in relatives:
            # A relative clause ("التي تأسست عام 1992") before the list: set off by commas, or
            # ended by a comma the list follows.
            closing = index + 1
            while closing < end and not analysis.doc.barrier_before[closing]:
                closing += 1
            if analysis.doc.barrier_before[index] or closing in state_at or connector_at(analysis, closing, connectors):
                index = closing
                continue
            # "وتضم المنظمة التي تأسست عام 2002 بمبادرة من موسكو كلا من روسيا …": a relative clause
            # not set off, ended by the opener of a list of states ("كلا من", "كل من").
            opener = next((i for i in range(index + 1, min(index + 14, end)) if _opens_list(analysis, i, state_at)), None)
            if opener is not None:
                index = opener
                continue
        index = name_at[index].last if index in name_at else index + 1
        words += 1
        if words > window:
            return []
    if index >= end:
        return []
    run = [state_at[index]]
    index = run[-1].last
    while index < end:
        if index in state_at:
            run.append(state_at[index])
            index = run[-1].last
            continue
        step = connector_at(analysis, index, connectors)
        if not step:
            break
        index += step
    return run


def _opens_list(analysis: Analysis, index: int, state_at: dict[int, EntityMatch]) -> bool:
    """A subject list's opener (membership.subject_list_openers: "كلا من") with a state after it."""
    openers = [tuple(p.split()) for p in analysis.lexicon.phrases("membership", "subject_list_openers")]
    step = connector_at(analysis, index, openers)
    return bool(step) and index + step in state_at


def _parenthetical_end(analysis: Analysis, index: int, end: int) -> int | None:
    """The token after the comma that closes a clause opened by a comma right before `index`, or
    None when `index` opens no such clause."""
    if not analysis.doc.barrier_before[index]:
        return None
    closing = next((i for i in range(index + 1, end) if analysis.doc.barrier_before[i]), None)
    return closing if closing is not None and closing - index <= 12 else None


def connector_at(analysis: Analysis, index: int, connectors: list[tuple[str, ...]]) -> int:
    tokens = analysis.doc.tokens
    for words in sorted(connectors, key=len, reverse=True):
        if index + len(words) > len(tokens):
            continue
        lead = tokens[index].text
        if lead != words[0] and lead != "و" + words[0]:
            continue
        if all(tokens[index + i].text == words[i] for i in range(1, len(words))):
            return len(words)
    return 0


def clause_breaks(analysis: Analysis, first: int, last: int) -> bool:
    """Whether a sentence end or a clause-opening word (hedge_scope_breakers, membership.list_breakers)
    stands between tokens first and last: a date beyond it belongs to another clause."""
    if first >= last:
        return False
    if not same_sentence(analysis, first, last - 1 if last > first else first):
        return True
    breakers = analysis.words("hedge_scope_breakers") | analysis.words("membership", "clause_breakers")
    return any(analysis.doc.tokens[i].text.removeprefix("و") in breakers for i in range(first, last))


def state_runs(analysis: Analysis) -> list[list[EntityMatch]]:
    """Every list of two or more states in the article, in text order (found once per article)."""
    cached = analysis.__dict__.get("_state_runs")
    if cached is None or cached[0] is not analysis.names:
        cached = analysis.__dict__["_state_runs"] = (analysis.names, _state_runs(analysis))
    return [list(run) for run in cached[1]]


def _state_runs(analysis: Analysis) -> list[list[EntityMatch]]:
    """See `state_runs`."""
    runs: list[list[EntityMatch]] = []
    covered: set[int] = set()
    for match in states(analysis):
        if match.first in covered:
            continue
        run = listed_states(analysis, match.first, 0, from_state=True)
        covered.update(m.first for m in run)
        if len(run) >= 2:
            runs.append(run)
    return runs


def referred_list(analysis: Analysis, token: int) -> list[EntityMatch]:
    """The states "الدول الست" at `token` refers back to: the latest list of that many states named
    before it (membership.list_references)."""
    reference = next((m for m in analysis.grouped_cues("membership", "list_references") if m.first == token), None)
    if reference is None:
        return []
    size = int(reference.values[0])
    earlier = [run for run in state_runs(analysis) + _reference_runs(analysis) if run[-1].last <= token and len(run) == size]
    return max(earlier, key=lambda run: run[-1].last) if earlier else []


def _reference_runs(analysis: Analysis) -> list[list[EntityMatch]]:
    """Adjacent references to distinct states other than a list of names: nisbas ("الحدود
    القرغيزية الطاجيكية") and capitals ("في بيشكيك ودوشنبه"), each read as its state."""
    cached = analysis.__dict__.get("_reference_runs")
    if cached is not None and cached[0] is analysis.names:
        return cached[1]
    refs: list[EntityMatch] = []
    for m in analysis.names:
        if m.entity.kind == "State" and m.via in ("name", "demonym"):
            refs.append(m)
        elif m.entity.kind == "City" and m.entity.links.get("containedInPlace"):
            state = analysis.gazetteer.by_id(m.entity.links["containedInPlace"])
            if state is not None and state.kind == "State":
                refs.append(EntityMatch(state, m.first, m.last, m.start, m.end, m.rule, via="metonym"))
    runs: list[list[EntityMatch]] = []
    run: list[EntityMatch] = []
    for m in refs:
        if run and m.first == run[-1].last and m.entity.id not in {r.entity.id for r in run}:
            run.append(m)
            continue
        if len(run) >= 2 and any(r.via != "name" for r in run):
            runs.append(run)
        run = [m]
    if len(run) >= 2 and any(r.via != "name" for r in run):
        runs.append(run)
    analysis.__dict__["_reference_runs"] = (analysis.names, runs)
    return runs
