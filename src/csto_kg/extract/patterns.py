"""Fact patterns over entity types: posts, memberships, chairmanships, events and signings.

Each pattern reads the located pieces of an `Analysis` (names by class, titles, dates, cue phrases
from mappings/lexicon.yaml) and combines them by type and distance within a sentence. None of
them knows a particular sentence, state or person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Sequence

from csto_kg.extract.analysis import ARTICLE, Analysis, DateAt, Located, PersonAt
from csto_kg.extract.dates import DateValue, find_durations
from csto_kg.extract.gazetteer import Entity, EntityMatch
from csto_kg.extract.matcher import PhraseMatch, find_gapped, longest_non_overlapping
from csto_kg.extract.records import Evidence, Record, short_hash, slugify
from csto_kg.lexicon import EventKind

MEETING_KINDS = frozenset({"Meeting", "Summit", "MinisterialMeeting", "BilateralTalks"})
DAY_NAMED_KINDS = frozenset({"BilateralTalks", "Visit"})
# "الاجتماع" may refer back to any of these; talks are referred to as talks.
MEETING_FAMILY = frozenset({"Meeting", "Summit", "MinisterialMeeting"})
IN_PERSON = "https://schema.org/OfflineEventAttendanceMode"


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


def same_sentence(analysis: Analysis, a: int, b: int) -> bool:
    return analysis.doc.sentence_of[a] == analysis.doc.sentence_of[b]


def distance(a: Located | EntityMatch | PhraseMatch[object], b: Located | EntityMatch | PhraseMatch[object]) -> int:
    """Tokens between two pieces (0 when adjacent or overlapping)."""
    if a.last <= b.first:
        return b.first - a.last
    if b.last <= a.first:
        return a.first - b.last
    return 0


def hedged(analysis: Analysis, token: int, scoped: bool = True) -> bool:
    """A negation or hedge (لا يستبعد، ليس، ربما …) shortly before `token` in its sentence.

    Distance is counted in words with a name or title as one word, so a long title between the
    hedge and the verb ("ليس … رئيس الوزراء الأرميني نيكول باشينيان") does not hide it. Denials
    (hedge_scope_cues) reach further: to the end of their clause.
    """
    window = int(analysis.lexicon.number("hedge_window"))
    if any(
        cue.last <= token and analysis.words_between(cue.last, token) < window and same_sentence(analysis, cue.first, token)
        for cue in analysis.cues("hedge_cues")
    ):
        return True
    return scoped and any(
        cue.last <= token and same_sentence(analysis, cue.first, token) and not _scope_ends(analysis, cue.last, token)
        for cue in analysis.cues("hedge_scope_cues")
    )


def _scope_ends(analysis: Analysis, first: int, token: int) -> bool:
    """Whether a denial's clause ends in [first, token]: punctuation, a relative pronoun, حيث …"""
    breakers = analysis.words("relative_pronouns") | analysis.words("hedge_scope_breakers")
    return any(
        analysis.doc.barrier_before[i] or analysis.doc.tokens[i].text.removeprefix("و") in breakers
        for i in range(first, token + 1)
    )


def span_evidence(analysis: Analysis, pieces: Sequence[Located | EntityMatch | PhraseMatch[object]], rule: str) -> Evidence:
    """The smallest span covering all pieces."""
    return analysis.evidence(min(p.start for p in pieces), max(p.end for p in pieces), rule)


# -- posts -----------------------------------------------------------------------------------


def extract_posts(analysis: Analysis, facts: Facts) -> None:
    """"وزير الخارجية الروسي سيرغي لافروف": a person holds the post role-of-holder."""
    as_of = published(analysis)
    known_posts: list[tuple[int, Entity]] = []  # (token, role) of titles naming someone, for نظيره
    for title in analysis.titles:
        if title.person is None or title.holder is None or title.former:
            continue
        role, rule = title.role, "post-title"
        if role is None:
            earlier = [r for token, r in known_posts if token < title.first]
            if not earlier:
                continue
            role, rule = earlier[-1], "post-counterpart"
        else:
            known_posts.append((title.first, role))
        holder = title.holder.entity
        post = post_record(facts, role, holder)
        person = title.person.entity
        tenure = facts.get("Incumbency", f"incumbency/{local_name(person)}--{post.id.split('/', 1)[1]}")
        tenure.properties.update({"holder": person.id, "post": post.id, "asOf": as_of})
        tenure.add_evidence(analysis.evidence(title.start, title.end, rule))


def post_record(facts: Facts, role: Entity, holder: Entity) -> Record:
    post = facts.get("Post", f"post/{local_name(role)}-of-{local_name(holder)}")
    post.properties.update({"role": role.id, "postIn": holder.id})
    if role.label_en and holder.label_en:
        post.properties["labelEn"] = f"{role.label_en} of {holder.label_en}"
    post.properties["labelAr"] = f"{role.label_ar} ({holder.label_ar})"
    return post


# -- memberships and chairmanships -------------------------------------------------------


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


def extract_membership_lists(analysis: Analysis, facts: Facts) -> None:
    """"أعضاؤها من 6 دول: أرمينيا وبيلاروسيا …": each listed state is a member, as of publication."""
    window = int(analysis.lexicon.number("membership", "list_window"))
    for cue in analysis.cues("membership", "list_cues"):
        if hedged(analysis, cue.first):
            continue
        listed = state_list(analysis, cue.last, window)
        if len(listed) < 2:
            continue
        organization = nearest_organization(analysis, cue, before_only=True) or nearest_organization(analysis, listed[-1])
        if organization is None:
            continue
        pieces = [cue, listed[-1]] + ([organization] if organization.last <= cue.first else [])
        evidence = span_evidence(analysis, pieces, "membership-list")
        for state in listed:
            membership = membership_record(facts, organization.entity, state.entity, "member")
            membership.properties.setdefault("asOf", published(analysis))
            membership.add_evidence(evidence)


def membership_record(facts: Facts, organization: Entity, state: Entity, status: str) -> Record:
    """A state's membership with one status: a suspension or an exit is a membership of its own,
    so that articles from different years never give one membership two statuses."""
    record = facts.get("Membership", f"membership/{local_name(organization)}--{local_name(state)}--{status}")
    record.properties.update({"member": state.id, "organization": organization.id, "membershipStatus": status})
    return record


def nearest_organization(analysis: Analysis, piece: PhraseMatch[str] | EntityMatch, before_only: bool = False) -> EntityMatch | None:
    candidates = [
        m for m in organizations(analysis)
        if same_sentence(analysis, m.first, piece.first) and (not before_only or m.last <= piece.first)
    ]  # fmt: skip
    return min(candidates, key=lambda m: distance(m, piece), default=None)


def extract_membership_changes(analysis: Analysis, facts: Facts) -> None:
    """Exits (انسحبت أوزبكستان من المنظمة عام 2012), suspensions and accessions, with their dates.

    Cues are found as written or split by the state they are about (verb-subject-object order:
    "علقت أرمينيا مشاركتها"). A negation or hedge before the cue (لا يستبعد أن، نفت أن تكون) cancels
    it; the cue's own negation (ليست عضوا، لم تعد عضوا) does not, as hedges are looked for before
    the cue only. "ليست عضوا" is an exit only when a منذ date says since when.
    """
    rules = {"withdrawn": "membership-exit", "not_member": "membership-exit", "suspended": "membership-suspended", "joined": "membership-joined"}
    state_gaps = [(m.first, m.last) for m in states(analysis)]
    for status, rule in rules.items():
        phrases = analysis.lexicon.phrases("membership", status)
        found = analysis.cues("membership", status) + [
            m for m in find_gapped(analysis.doc, ((p, status) for p in phrases), state_gaps)
            if analysis.region[0] <= m.first < analysis.region[1]
        ]
        for cue in longest_non_overlapping(found):
            if hedged(analysis, cue.first):
                continue
            state = _membership_subject(analysis, cue)
            organization = _membership_organization(analysis, cue)
            if state is None or organization is None:
                continue
            date = next(
                (d for d in analysis.dates if d.first >= cue.last and same_sentence(analysis, d.first, cue.first) and d.mention.value),
                None,
            )
            if status == "not_member" and (date is None or not date.after_since):
                continue
            value = date.mention.value if date else None
            if status in ("withdrawn", "not_member"):
                membership = membership_record(facts, organization.entity, state.entity, "withdrawn")
                membership.properties["endDate"] = value
            elif status == "suspended":
                membership = membership_record(facts, organization.entity, state.entity, "suspended")
                if value is not None:
                    membership.properties["startDate"] = value
                else:
                    membership.properties["asOf"] = published(analysis)
            else:
                membership = membership_record(facts, organization.entity, state.entity, "member")
                membership.properties["startDate"] = value
            pieces: list[Located | EntityMatch | PhraseMatch[object]] = [state, cue, organization] + ([date] if date else [])
            membership.add_evidence(span_evidence(analysis, pieces, rule))


def _membership_subject(analysis: Analysis, cue: PhraseMatch[str]) -> EntityMatch | None:
    """The state a membership cue is about: inside or before the cue (its subject), else after it.

    A state after the cue but inside a relative clause is about something else: in "جمدت عضويتها
    في المنظمة التي تقودها روسيا" Russia leads the organization, it did not freeze anything.
    """
    candidates = [m for m in states(analysis) if same_sentence(analysis, m.first, cue.first)]
    before = [m for m in candidates if m.first < cue.last]
    if before:
        return min(before, key=lambda m: distance(m, cue))
    relatives = analysis.words("relative_pronouns")
    after = [
        m for m in candidates
        if not any(analysis.doc.tokens[i].text in relatives for i in range(cue.last, m.first))
    ]  # fmt: skip
    return min(after, key=lambda m: distance(m, cue), default=None)


def _membership_organization(analysis: Analysis, cue: PhraseMatch[str]) -> EntityMatch | None:
    """The organization a membership cue is about: one named just after it, else the nearest.

    Joining the founding treaty of an organization ("انضمت أذربيجان إلى معاهدة الأمن الجماعي")
    is joining that organization (csto:foundingTreaty in the reference data says which).
    """
    after = [m for m in analysis.names if cue.last <= m.first <= cue.last + 6 and same_sentence(analysis, m.first, cue.first)]
    for match in after:
        if match.entity.kind == "InternationalOrganization":
            return match
        if match.entity.kind == "Treaty":
            founded = next(
                (e for e in analysis.gazetteer.entities.values() if e.links.get("foundingTreaty") == match.entity.id), None
            )
            if founded is not None:
                return EntityMatch(founded, match.first, match.last, match.start, match.end, match.rule, via="treaty")
    return nearest_organization(analysis, cue)


def extract_chairmanships(analysis: Analysis, facts: Facts) -> None:
    """"أرمينيا، التي تترأس منظمة …": a state chairs an organisation (as of publication or a date)."""
    window = int(analysis.lexicon.number("chair", "window"))
    for kind in ("present", "start"):
        for cue in analysis.cues("chair", kind):
            if hedged(analysis, cue.first):
                continue
            state = next(
                (m for m in reversed(states(analysis)) if m.last <= cue.first and cue.first - m.last <= window and same_sentence(analysis, m.first, cue.first)),
                None,
            )
            organization = next((m for m in organizations(analysis) if cue.last <= m.first <= cue.last + 2), None)
            if state is None or organization is None:
                continue
            # A present-tense chair ("تترأس") holds as of publication; a handover has its own date.
            date = _event_date(analysis, cue) if kind == "start" else None
            value = date.mention.value if date else published(analysis)
            if value is None:
                continue
            record = facts.get(
                "Chairmanship", f"chairmanship/{local_name(organization.entity)}--{local_name(state.entity)}--{value.iso[:4]}"
            )
            record.properties.update({"member": state.entity.id, "organization": organization.entity.id})
            record.properties["startDate" if kind == "start" and date else "asOf"] = value
            record.add_evidence(span_evidence(analysis, [state, organization], "chairmanship"))


# -- events ----------------------------------------------------------------------------------


@dataclass
class EventDraft:
    """An event being assembled from one trigger."""

    kind: str
    trigger: PhraseMatch[EventKind]
    status: str
    date: DateAt | None = None
    place: EntityMatch | None = None
    organizer: EntityMatch | None = None
    participants: list[EntityMatch] | None = None
    requester: EntityMatch | None = None
    addressee: EntityMatch | None = None
    definite: bool = False


def event_status(analysis: Analysis, trigger: PhraseMatch[object]) -> str:
    """Held, planned or cancelled: the trigger's own tense, else the nearest tense cue around it."""
    own = analysis.lexicon.trigger_status.get(trigger.phrase)
    if own:
        return own
    window = int(analysis.lexicon.number("status_window"))
    cues = [c for c in analysis.cues("status_cues", "planned") + analysis.cues("status_cues", "held") + analysis.cues("status_cues", "cancelled") if same_sentence(analysis, c.first, trigger.first)]
    relatives = analysis.words("relative_pronouns")
    after = [
        c for c in cues
        if trigger.last <= c.first <= trigger.last + window and not _barrier_unless_relative(analysis, trigger.last, c.first, relatives)
    ]  # fmt: skip
    before = [c for c in cues if trigger.first - window <= c.last <= trigger.first]
    chosen = min(after, key=lambda c: c.first, default=None) or max(before, key=lambda c: c.last, default=None)
    if chosen is None:
        return "held"
    group = _cue_group(analysis, chosen)
    return group


def _cue_group(analysis: Analysis, cue: PhraseMatch[object]) -> str:
    for group in ("planned", "cancelled", "held"):
        if cue.phrase in analysis.lexicon.phrases("status_cues", group):
            return group
    return "held"


def _barrier_unless_relative(analysis: Analysis, first: int, last: int, relatives: frozenset[str]) -> bool:
    """Punctuation between two tokens ends the clause, unless a relative pronoun opens the next one."""
    for index in range(first + 1, last + 1):
        if analysis.doc.barrier_before[index] and analysis.doc.tokens[index].text not in relatives:
            return True
    return False


def extract_events(analysis: Analysis, facts: Facts) -> None:
    """Meetings, summits, talks, visits, unrest, requests for help, deployments."""
    events: list[tuple[EventDraft, Record]] = []
    for trigger in _triggers(analysis):
        if not analysis.region[0] <= trigger.first < analysis.region[1]:
            continue
        if hedged(analysis, trigger.first, scoped=not _presupposed(analysis, trigger)):
            continue
        draft = draft_event(analysis, trigger)
        antecedent = _antecedent(draft, events)
        if antecedent is not None:
            _join_antecedent(analysis, draft, antecedent)
            continue
        if not _complete(draft):
            continue
        record = event_record(analysis, facts, draft)
        events.append((draft, record))


def _presupposed(analysis: Analysis, trigger: PhraseMatch[EventKind]) -> bool:
    """"الاضطرابات التي اندلعت": a definite event noun with a relative clause is taken as given,
    even inside a denied or hedged clause ("لا يستبعد أن يناقشوا الاضطرابات التي اندلعت …")."""
    definite = analysis.doc.tokens[trigger.first].text.removeprefix("و").startswith(ARTICLE) or _lam_definite(analysis, trigger)
    following = analysis.doc.tokens[trigger.last].text if trigger.last < len(analysis.doc.tokens) else ""
    return definite and following in analysis.words("relative_pronouns")


def _triggers(analysis: Analysis) -> list[PhraseMatch[EventKind]]:
    """Trigger phrases as written, or split by their subject: "طلب رئيس الوزراء … المساعدة".

    The subject between the words of a trigger is a person phrase (title and name) or a state.
    """
    contiguous = analysis.lexicon.trigger_index.find_all(analysis.doc)
    gaps = [(p.head, p.match.last) for p in analysis.people] + [(m.first, m.last) for m in states(analysis)]
    entries = [(trigger, kind) for kind in analysis.lexicon.event_kinds for trigger in kind.triggers]
    return longest_non_overlapping(contiguous + find_gapped(analysis.doc, entries, gaps))


def draft_event(analysis: Analysis, trigger: PhraseMatch[EventKind]) -> EventDraft:
    kind_entry = trigger.values[0]
    draft = EventDraft(kind_entry.kind, trigger, event_status(analysis, trigger))
    draft.definite = analysis.doc.tokens[trigger.first].text.removeprefix("و").startswith(ARTICLE) or _lam_definite(analysis, trigger)
    sentence = [m for m in analysis.names if same_sentence(analysis, m.first, trigger.first)]
    if kind_entry.kind in MEETING_KINDS:
        draft.organizer = next(
            (m for m in sentence if m.first >= trigger.last and m.first - trigger.last <= 4 and m.entity.is_organization and m.via != "demonym"),
            None,
        ) or _subject_organizer(analysis, trigger, sentence)
    if draft.kind == "Meeting" and draft.organizer is not None:
        draft.kind = kind_entry.body_kinds.get(local_name(draft.organizer.entity), "Meeting")
    draft.date = _event_date(analysis, trigger)
    draft.place = _event_place(analysis, trigger, kind_entry, sentence)
    people = [p for p in analysis.people if same_sentence(analysis, p.match.first, trigger.first)]
    if draft.kind == "AssistanceRequest":
        draft.requester = _requester(analysis, trigger, people, sentence)
        draft.addressee = next(
            (m for m in sentence if m.first >= trigger.last and m.first - trigger.last <= 3 and m.entity.is_organization), None
        )
    else:
        draft.participants = _participants(analysis, trigger, people)
    return draft


def _subject_organizer(analysis: Analysis, trigger: PhraseMatch[object], sentence: list[EntityMatch]) -> EntityMatch | None:
    """"عقد مجلس الأمن الجماعي اجتماعا": an organization between a tense verb and the trigger convenes it."""
    before = next((m for m in sentence if m.last == trigger.first and m.entity.is_organization and m.via == "name"), None)
    if before is None or before.first == 0:
        return None
    verbs = analysis.lexicon.phrases("status_cues", "held") + analysis.lexicon.phrases("status_cues", "planned")
    verb = analysis.doc.tokens[before.first - 1].text
    return before if any(verb in (v, "و" + v, "ف" + v) for v in verbs) else None


def _requester(analysis: Analysis, trigger: PhraseMatch[object], people: list[PersonAt], sentence: list[EntityMatch]) -> EntityMatch | None:
    """Who asked: the person or state inside a split trigger (طلبت أرمينيا المساعدة), else the
    person or state named last before the trigger in its sentence ("وكانت أرمينيا قد طلبت
    المساعدة", or an elided subject: "أعلن الرئيس … وطلب المساعدة")."""
    named_states = [m for m in sentence if m.entity.kind == "State" and m.via == "name"]
    inside = [p.match for p in people if trigger.first < p.head and p.match.last < trigger.last]
    inside += [m for m in named_states if trigger.first < m.first and m.last < trigger.last]
    if inside:
        return min(inside, key=lambda m: m.first)
    before = [p.match for p in people if p.match.last <= trigger.first] + [m for m in named_states if m.last <= trigger.first]
    return max(before, key=lambda m: m.last, default=None)


def _lam_definite(analysis: Analysis, trigger: PhraseMatch[object]) -> bool:
    """للاجتماع is ل + الاجتماع."""
    token = analysis.doc.tokens[trigger.first].text
    return token.startswith("لل") and not trigger.phrase.startswith("ل")


def _event_date(analysis: Analysis, trigger: PhraseMatch[object]) -> DateAt | None:
    candidates = [
        d for d in analysis.dates
        if d.mention.value is not None and d.mention.period_end is None and not d.after_since
        and same_sentence(analysis, d.first, trigger.first)
    ]  # fmt: skip
    return min(candidates, key=lambda d: distance(d, trigger), default=None)


def _event_place(analysis: Analysis, trigger: PhraseMatch[object], kind: EventKind, sentence: list[EntityMatch]) -> EntityMatch | None:
    if kind.destination_cues:
        for cue_token in range(trigger.last, min(trigger.last + 8, len(analysis.doc.tokens))):
            if analysis.doc.tokens[cue_token].text in kind.destination_cues:
                return next((m for m in sentence if m.first == cue_token + 1 and m.entity.kind in ("State", "City") and m.via == "name"), None)
    cities = [m for m in sentence if m.entity.kind == "City"]
    if cities:
        return min(cities, key=lambda m: distance(m, trigger))
    located_states = [
        m for m in sentence
        if m.entity.kind == "State" and m.via == "name" and m.first > 0 and _is_in(analysis, m)
    ]  # fmt: skip
    return min(located_states, key=lambda m: distance(m, trigger), default=None)


def _is_in(analysis: Analysis, match: EntityMatch) -> bool:
    """The place is introduced by في (or the proclitic ب): "في كازاخستان"."""
    previous = analysis.doc.tokens[match.first - 1].text
    own = analysis.doc.tokens[match.first].text
    return previous == "في" or own.startswith("ب") and not match.entity.label_ar.startswith("ب")


def _participants(analysis: Analysis, trigger: PhraseMatch[object], people: list[PersonAt]) -> list[EntityMatch]:
    """People in the trigger's clause who are not merely quoted; for talks, the elided subject too."""
    first, last = _clause(analysis, trigger.first)
    chosen = [p.match for p in people if first <= p.match.first < last and not p.speaker]
    if trigger.values[0].kind == "BilateralTalks" and len(chosen) == 1:
        earlier = [p.match for p in people if p.match.last <= first and not p.speaker]
        if earlier:
            chosen.insert(0, earlier[-1])
    unique: list[EntityMatch] = []
    for match in chosen:
        if all(m.entity.id != match.entity.id for m in unique):
            unique.append(match)
    return unique


def _clause(analysis: Analysis, token: int) -> tuple[int, int]:
    """The clause around a token: its sentence cut at "، و…" (a comma before a conjoined verb)."""
    first, last = analysis.sentence_span(token)
    start, end = first, last
    for index in range(first + 1, last):
        if analysis.doc.barrier_before[index] and analysis.doc.tokens[index].text.startswith("و"):
            if index <= token:
                start = index
            else:
                end = index
                break
    return start, end


def _antecedent(draft: EventDraft, events: list[tuple[EventDraft, Record]]) -> tuple[EventDraft, Record] | None:
    """A definite trigger with no date or place of its own is the latest event of its kind."""
    if not draft.definite or draft.date is not None or (draft.place is not None and draft.kind not in ("Visit",)):
        return None
    same_family = [
        e for e in events
        if e[0].kind == draft.kind or (draft.kind == "Meeting" and e[0].kind in MEETING_FAMILY)
    ]  # fmt: skip
    return same_family[-1] if same_family else None


def _join_antecedent(analysis: Analysis, draft: EventDraft, antecedent: tuple[EventDraft, Record]) -> None:
    """People said to attend "the meeting" become its participants."""
    participation = analysis.cues("participation_cues")
    if not draft.participants or not any(same_sentence(analysis, c.first, draft.trigger.first) for c in participation):
        return
    record = antecedent[1]
    record.add_values("participant", [m.entity.id for m in draft.participants])
    record.add_evidence(analysis.sentence_evidence(draft.trigger.first, "event-anaphor"))


def _complete(draft: EventDraft) -> bool:
    """An event needs a date or a place, and what its kind requires."""
    needs = set(draft.trigger.values[0].needs)
    if "participants" in needs and len(draft.participants or []) < 2:
        return False
    if "requester" in needs and draft.requester is None:
        return False
    if "addressee" in needs and draft.addressee is None:
        return False
    return draft.date is not None or draft.place is not None or bool(needs)


def event_record(analysis: Analysis, facts: Facts, draft: EventDraft) -> Record:
    """The event's record; its id is made of what identifies it across articles."""
    key_parts: list[str] = []
    if draft.organizer is not None:
        key_parts.append(local_name(draft.organizer.entity))
    elif draft.kind == "AssistanceRequest" and draft.requester is not None:
        key_parts.append(local_name(draft.requester.entity))
    elif draft.participants:
        key_parts.extend(sorted(local_name(m.entity) for m in draft.participants))
    if draft.place is not None and draft.kind in ("Visit", "Unrest"):
        key_parts.append(local_name(draft.place.entity))
    if draft.kind == "AssistanceRequest" and draft.addressee is not None:
        key_parts.append(local_name(draft.addressee.entity))
    if draft.date is not None and draft.date.mention.value is not None:
        # Convened events are named by month, so two articles that disagree on the day of the same
        # summit describe one event (and `csto-kg conflicts` shows the disagreement); talks and
        # visits are named by their day, since the same people meet more than once a month.
        iso = draft.date.mention.value.iso
        key_parts.append(iso if draft.kind in DAY_NAMED_KINDS else iso[:7])
    local_id = f"event/{slugify(draft.kind)}-{'-'.join(key_parts) or short_hash(draft.trigger.phrase)}"
    record = facts.get(draft.kind, local_id)
    properties = record.properties
    properties["eventStatus"] = draft.status
    if draft.date is not None:
        properties["startDate"] = draft.date.mention.value
    if draft.place is not None:
        properties["location"] = draft.place.entity.id
    if draft.organizer is not None:
        properties["organizer"] = draft.organizer.entity.id
    if draft.participants:
        record.add_values("participant", [m.entity.id for m in draft.participants])
    if draft.requester is not None:
        properties["requester"] = draft.requester.entity.id
    if draft.addressee is not None:
        properties["addressee"] = draft.addressee.entity.id
    _event_manner(analysis, draft, record)
    record.add_evidence(analysis.sentence_evidence(draft.trigger.first, "event-trigger"))
    return record


def _event_manner(analysis: Analysis, draft: EventDraft, record: Record) -> None:
    """In person (بصورة شخصية) and "the first for two and a half years" (لأول مرة منذ عامين ونصف)."""
    if any(same_sentence(analysis, c.first, draft.trigger.first) for c in analysis.cues("attendance_in_person")):
        record.properties["eventAttendanceMode"] = IN_PERSON
    for cue in analysis.cues("first_since_cues"):
        if not same_sentence(analysis, cue.first, draft.trigger.first):
            continue
        rest = analysis.doc.text[cue.end:analysis.doc.tokens[analysis.sentence_span(cue.first)[1] - 1].end]
        durations = find_durations(rest)
        if durations and durations[0][0] <= 2:
            record.properties["firstSince"] = durations[0][2]


# -- signings ------------------------------------------------------------------------------


def extract_signings(analysis: Analysis, facts: Facts) -> None:
    """Signing of a treaty or document: what, when, where, by which states."""
    for cue in analysis.cues("signing_cues"):
        if hedged(analysis, cue.first):
            continue
        document = _signed_document(analysis, facts, cue)
        if document is None:
            continue
        doc_id, doc_piece, rule = document
        date = _event_date(analysis, cue)
        place = next(
            (m for m in analysis.names if m.entity.kind == "City" and same_sentence(analysis, m.first, cue.first)), None
        )
        signatories = _signatories(analysis, cue, doc_piece)
        # A document is signed once: articles that give another date or place for it conflict.
        record = facts.get("Signing", f"event/signing-{doc_id.rsplit('/', 1)[-1]}")
        record.properties.update({"signedDocument": doc_id, "eventStatus": event_status(analysis, cue)})
        if date is not None:
            record.properties["startDate"] = date.mention.value
        if place is not None:
            record.properties["location"] = place.entity.id
        record.add_values("signatory", [m.entity.id for m in signatories])
        record.add_evidence(analysis.sentence_evidence(cue.first, rule))


def _signed_document(analysis: Analysis, facts: Facts, cue: PhraseMatch[str]) -> tuple[str, Located, str] | None:
    """The document right after a signing cue, else after the cue's "على" later in its sentence.

    "وقع رؤساء روسيا وبيلاروسيا وكازاخستان على ميثاق …": the signatories (the verb's subject)
    stand between the verb and "على" and its object.
    """
    found = _document_at(analysis, facts, cue.last)
    if found is not None:
        return found
    sentence_end = analysis.sentence_span(cue.first)[1]
    for index in range(cue.last, min(cue.last + SIGNING_OBJECT_WINDOW, sentence_end)):
        if analysis.doc.tokens[index].text == "علي":  # على, normalised
            # Exactly after "على": "وقعت اشتباكات على خلفية اتفاق …" signs nothing.
            return _document_at(analysis, facts, index + 1, slack=0)
    return None


SIGNING_OBJECT_WINDOW = 15  # words between a signing verb and its "على"


def _document_at(analysis: Analysis, facts: Facts, after: int, slack: int = 1) -> tuple[str, Located, str] | None:
    """A known treaty, "<relation> <organization>", or a new document starting at `after` (or up
    to `slack` words later)."""
    positions = range(after, after + slack + 1)
    known = next(
        (m for m in analysis.names if m.first in positions and m.entity.kind in ("Treaty", "Charter", "Document", "Plan")),
        None,
    )
    if known is not None:
        return known.entity.id, Located(known.first, known.last, known.start, known.end), "treaty-signing"
    for relation in ("foundingTreaty", "charter"):
        for phrase in analysis.cues("organization_documents", relation):
            if phrase.first not in positions:
                continue
            organization = next((m for m in analysis.names if m.first == phrase.last and m.entity.is_organization), None)
            target = organization.entity.links.get(relation) if organization else None
            if target:
                return target, Located(phrase.first, organization.last, phrase.start, organization.end), "treaty-signing"
    head = next((h for h in analysis.lexicon.document_heads.find(analysis.doc) if h.first in positions), None)
    if head is None:
        return None
    return _new_document(analysis, facts, head), Located(head.first, head.last, head.start, head.end), "document-signing"


def _new_document(analysis: Analysis, facts: Facts, head: PhraseMatch[object]) -> str:
    """A document the article introduces: its name runs from the head noun to the clause's end."""
    kind = head.values[0]
    first, last = head.first, analysis.sentence_span(head.first)[1]
    for index in range(head.first + 1, last):
        if analysis.doc.barrier_before[index] and not _is_period_piece(analysis, index):
            last = index
            break
    start, end = head.start, analysis.doc.tokens[last - 1].end
    name = analysis.original(start, end)
    period = next((d for d in analysis.dates if first <= d.first < last and d.mention.period_end is not None), None)
    local_id = f"document/{slugify(kind.english)}-{short_hash(analysis.doc.text[start:end])}"
    record = facts.get(kind.kind, local_id)
    record.properties["labelAr"] = name
    label_en = kind.english
    if period is not None and period.mention.value and period.mention.period_end:
        coverage = f"{period.mention.value.iso}/{period.mention.period_end.iso}"
        record.properties["temporalCoverage"] = coverage
        label_en += f" {period.mention.value.iso}–{period.mention.period_end.iso}"
    record.properties["labelEn"] = label_en
    record.add_evidence(analysis.evidence(start, end, "document-signing"))
    return local_id


def _is_period_piece(analysis: Analysis, index: int) -> bool:
    """The hyphen of "2022-2024" is punctuation but does not end a document's name."""
    return analysis.doc.tokens[index].text.isdigit() and analysis.doc.tokens[index - 1].text.isdigit()


def _signatories(analysis: Analysis, cue: PhraseMatch[str], document: Located) -> list[EntityMatch]:
    """The states after "من قبل رؤساء …", else a list of states between the verb and the document.

    The second is the verb's subject: "وقعت روسيا وبيلاروسيا على …", "وقع رؤساء روسيا و… على".
    """
    for signatory_cue in analysis.cues("signatory_cues"):
        if signatory_cue.first > cue.first and same_sentence(analysis, signatory_cue.first, cue.first):
            listed = state_list(analysis, signatory_cue.last, 2)
            if listed:
                return listed
    subject = state_list(analysis, cue.last, 2)
    return [m for m in subject if m.last <= document.first]
