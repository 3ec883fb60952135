"""Events: meetings, summits, talks, visits, unrest, requests for help, deployments."""

from __future__ import annotations

from dataclasses import dataclass

from csto_kg.extract.analysis import ARTICLE, Analysis, DateAt, PersonAt
from csto_kg.extract.dates import find_durations
from csto_kg.extract.gazetteer import EntityMatch
from csto_kg.extract.matcher import PhraseMatch, find_gapped, longest_non_overlapping
from csto_kg.extract.records import Record, short_hash, slugify
from csto_kg.lexicon import EventKind
from csto_kg.extract.patterns.common import Facts, distance, event_date, hedged, local_name, same_sentence, states

MEETING_KINDS = frozenset({"Meeting", "Summit", "MinisterialMeeting", "BilateralTalks"})
DAY_NAMED_KINDS = frozenset({"BilateralTalks", "Visit"})
# "الاجتماع" may refer back to any of these; talks are referred to as talks.
MEETING_FAMILY = frozenset({"Meeting", "Summit", "MinisterialMeeting"})
IN_PERSON = "https://schema.org/OfflineEventAttendanceMode"


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
    cues = [
        c
        for c in analysis.cues("status_cues", "planned")
        + analysis.cues("status_cues", "held")
        + analysis.cues("status_cues", "cancelled")
        if same_sentence(analysis, c.first, trigger.first)
    ]
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
    """ "الاضطرابات التي اندلعت": a definite event noun with a relative clause is taken as given,
    even inside a denied or hedged clause ("لا يستبعد أن يناقشوا الاضطرابات التي اندلعت …")."""
    definite = analysis.doc.tokens[trigger.first].text.removeprefix("و").startswith(ARTICLE) or _lam_definite(
        analysis, trigger
    )
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
    draft.definite = analysis.doc.tokens[trigger.first].text.removeprefix("و").startswith(ARTICLE) or _lam_definite(
        analysis, trigger
    )
    sentence = [m for m in analysis.names if same_sentence(analysis, m.first, trigger.first)]
    if kind_entry.kind in MEETING_KINDS:
        draft.organizer = next(
            (
                m
                for m in sentence
                if m.first >= trigger.last
                and m.first - trigger.last <= 4
                and m.entity.is_organization
                and m.via != "demonym"
            ),
            None,
        ) or _subject_organizer(analysis, trigger, sentence)
    if draft.kind == "Meeting" and draft.organizer is not None:
        draft.kind = kind_entry.body_kinds.get(local_name(draft.organizer.entity), "Meeting")
    draft.date = event_date(analysis, trigger)
    draft.place = _event_place(analysis, trigger, kind_entry, sentence)
    people = [p for p in analysis.people if same_sentence(analysis, p.match.first, trigger.first)]
    if draft.kind == "AssistanceRequest":
        draft.requester = _requester(analysis, trigger, people, sentence)
        draft.addressee = next(
            (
                m
                for m in sentence
                if m.first >= trigger.last and m.first - trigger.last <= 3 and m.entity.is_organization
            ),
            None,
        )
    else:
        draft.participants = _participants(analysis, trigger, people)
    return draft


def _subject_organizer(
    analysis: Analysis, trigger: PhraseMatch[object], sentence: list[EntityMatch]
) -> EntityMatch | None:
    """ "عقد مجلس الأمن الجماعي اجتماعا": an organization between a tense verb and the trigger convenes it."""
    before = next(
        (m for m in sentence if m.last == trigger.first and m.entity.is_organization and m.via == "name"), None
    )
    if before is None or before.first == 0:
        return None
    verbs = analysis.lexicon.phrases("status_cues", "held") + analysis.lexicon.phrases("status_cues", "planned")
    verb = analysis.doc.tokens[before.first - 1].text
    return before if any(verb in (v, "و" + v, "ف" + v) for v in verbs) else None


def _requester(
    analysis: Analysis, trigger: PhraseMatch[object], people: list[PersonAt], sentence: list[EntityMatch]
) -> EntityMatch | None:
    """Who asked: the person or state inside a split trigger (طلبت أرمينيا المساعدة), else the
    person or state named last before the trigger in its sentence ("وكانت أرمينيا قد طلبت
    المساعدة", or an elided subject: "أعلن الرئيس … وطلب المساعدة")."""
    named_states = [m for m in sentence if m.entity.kind == "State" and m.via == "name"]
    inside = [p.match for p in people if trigger.first < p.head and p.match.last < trigger.last]
    inside += [m for m in named_states if trigger.first < m.first and m.last < trigger.last]
    if inside:
        return min(inside, key=lambda m: m.first)
    before = [p.match for p in people if p.match.last <= trigger.first] + [
        m for m in named_states if m.last <= trigger.first
    ]
    return max(before, key=lambda m: m.last, default=None)


def _lam_definite(analysis: Analysis, trigger: PhraseMatch[object]) -> bool:
    """للاجتماع is ل + الاجتماع."""
    token = analysis.doc.tokens[trigger.first].text
    return token.startswith("لل") and not trigger.phrase.startswith("ل")


def _event_place(
    analysis: Analysis, trigger: PhraseMatch[object], kind: EventKind, sentence: list[EntityMatch]
) -> EntityMatch | None:
    if kind.destination_cues:
        for cue_token in range(trigger.last, min(trigger.last + 8, len(analysis.doc.tokens))):
            if analysis.doc.tokens[cue_token].text in kind.destination_cues:
                return next(
                    (
                        m
                        for m in sentence
                        if m.first == cue_token + 1 and m.entity.kind in ("State", "City") and m.via == "name"
                    ),
                    None,
                )
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
        rest = analysis.doc.text[cue.end : analysis.doc.tokens[analysis.sentence_span(cue.first)[1] - 1].end]
        durations = find_durations(rest)
        if durations and durations[0][0] <= 2:
            record.properties["firstSince"] = durations[0][2]
