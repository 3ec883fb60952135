"""Events: meetings, summits, talks, visits, statements, decisions, unrest, requests for help,
deployments, exercises and withdrawals of forces."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from csto_kg.extract.analysis import ARTICLE, Analysis, DateAt, PersonAt
from csto_kg.extract.dates import DateMention, DateValue, find_durations
from csto_kg.extract.gazetteer import STATE_BODY_LINKS, EntityMatch
from csto_kg.extract.matcher import LAM_ARTICLE, PhraseMatch, longest_non_overlapping
from csto_kg.extract.patterns.common import (
    Facts,
    distance,
    founded_by,
    hedged,
    listed_states,
    local_name,
    names_in_sentence,
    people_in_sentence,
    salient_organization,
    same_sentence,
    state_references,
    subject_end,
)
from csto_kg.extract.records import Record, short_hash, slugify
from csto_kg.extract.text import QUOTES
from csto_kg.lexicon import EventKind

MEETING_KINDS = frozenset({"Meeting", "Summit", "MinisterialMeeting", "BilateralTalks"})
DAY_NAMED_KINDS = frozenset({"BilateralTalks", "Visit", "Statement", "Decision"})
# Events whose place is their own, never the place of an event named before them in the clause.
PLACED_APART_KINDS = frozenset({"Unrest", "MilitaryExercise", "Deployment", "ForcesWithdrawal"})
# Read after every other event, so that one made at a meeting takes its date and place.
AT_OCCASION_KINDS = ("Decision", "Statement")
#: Needs (lexicon `needs`) that only say when a trigger names an event, not which event it is: an
#: event whose other needs name no one (who asked whom, who spoke, who met) needs a date or a place.
CONDITIONS = frozenset(
    {"clash", "troops", "no_troops", "place", "near_place", "cued_place", "construct_place", "related_place", "appointee"}
)
# "الاجتماع" may refer back to any of these; talks are referred to as talks.
MEETING_FAMILY = frozenset({"Meeting", "Summit", "MinisterialMeeting"})
IN_PERSON = "https://schema.org/OfflineEventAttendanceMode"
# The status of an event whose words mark no tense ("مناورات قرب إيكاترينبرج" in a headline): held,
# unless it turns out to be an event the article dates and marks.
UNMARKED = "unmarked"
# A title longer than this, or ending in a full stop, is an excerpt's first paragraph, not a headline.
HEADLINE_WORDS = 20
QUOTED_NAME_WORDS = 2  # numbers after a quoted trigger that may still close a name ("البحث -2022")
# Short vowels, shadda, sukun, dagger alef and tatweel: dropped to compare a word as written.
_MARKS = re.compile("[\u0640\u064b-\u0652\u0670]")


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
    same_as_before: bool = False  # "قمة مينسك نفسها": the event named before
    asks_for_help: bool = False  # "وجه طلبا … لمساعدة": a request followed by a help word
    clash_context: bool = False  # "مواجهات … على الحدود", "اندلعت": clashes that are unrest
    troops: bool = False  # "وصول نحو ألفي عسكري": an arrival of troops
    decided: bool = False  # "قرر إرسال قوات": planned when decided, the same event once carried out
    speaker: EntityMatch | None = None  # who made a statement
    at_occasion: bool = False  # dated and placed by the meeting its clause names
    unmarked: bool = False  # no word gave its tense: "held" by default
    leaders: bool = False  # a verb of meeting whose subject is the leaders (a summit)
    ministers: bool = False  # a verb of meeting whose subject is ministers (a ministerial meeting)
    occasion_of_saying: bool = False  # "قال … خلال قمة المنظمة": the meeting something was said at
    dated_before: bool = False  # "في يونيو 2006 تم اتخاذ القرار": its own date leads into it


def event_status(analysis: Analysis, trigger: PhraseMatch[object], default: str = "held") -> str:
    """Held, planned or cancelled: the trigger's own tense, else the nearest tense cue around it,
    else `default`."""
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
    topics = _topic_meetings(analysis, trigger)
    if topics:
        # The tense of a meeting talks discuss is the meeting's ("… للاجتماع المقبل").
        after = [c for c in after if c.first < topics[0]]
    before = [c for c in cues if trigger.first - window <= c.last <= trigger.first]
    chosen = min(after, key=lambda c: c.first, default=None) or max(before, key=lambda c: c.last, default=None)
    if chosen is None:
        return default
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
        word = analysis.doc.tokens[index].text
        # "، المقرر عقدها": a definite participle after the comma qualifies the noun like a relative.
        if analysis.doc.barrier_before[index] and word not in relatives and not (index == last and word.startswith(ARTICLE)):
            return True
    return False


def extract_events(analysis: Analysis, facts: Facts) -> None:
    """Meetings, summits, talks, visits, decisions, statements, unrest, requests for help, deployments."""
    events: list[tuple[EventDraft, Record]] = []
    seen: list[tuple[int, EventDraft]] = []  # (sentence, event) for every event stated so far
    at_trigger: dict[int, EventDraft] = {}  # each trigger read so far -> the event it names
    unplaced: list[EventDraft] = []  # forces sent with no destination said (see _sent_where)
    background: dict[str, list[EventDraft]] = {}  # events named with neither date nor place, by kind
    previous_statement: EventDraft | None = None
    # Decisions and statements last: one made at an event ("قال بوتين خلال القمة", "تم اعتماد القرار
    # في اجتماع المجلس") takes that event's date.
    triggers = _triggers(analysis)
    triggers = [t for t in triggers if t.values[0].kind not in AT_OCCASION_KINDS] + [
        t for t in triggers if t.values[0].kind in AT_OCCASION_KINDS
    ]
    for trigger in triggers:
        if not analysis.region[0] <= trigger.first < analysis.region[1]:
            continue
        if (not _presupposed(analysis, trigger) and _hedged(analysis, trigger)) or _refused(analysis, trigger):
            continue
        draft = draft_event(analysis, trigger)
        if draft.kind in AT_OCCASION_KINDS and (draft.date is None or draft.dated_before and draft.kind == "Decision"):
            _occasion(analysis, draft, at_trigger)
        if draft.kind == "Statement" and draft.date is None:
            _occasion_after(analysis, draft, at_trigger)
            if draft.date is None:
                _about_the_event_before(analysis, draft, seen)
        if draft.kind == "Statement":
            _takes_the_turn(analysis, draft, previous_statement)
            previous_statement = draft
        _from_neighbours(analysis, draft, seen)
        antecedent = _antecedent(analysis, draft, events)
        if antecedent is not None:
            _join_antecedent(analysis, draft, antecedent)
            named = antecedent[0] if draft.date is None else draft
            seen.append((analysis.doc.sentence_of[trigger.first], named))
            at_trigger[trigger.first] = named
            continue
        if not _complete(draft):
            if draft.kind == "Deployment" and draft.place is None:
                unplaced.append(draft)
            elif _complete(draft, placed=False):
                background.setdefault(draft.kind, []).append(draft)
            continue
        record = event_record(analysis, facts, draft)
        events.append((draft, record))
        seen.append((analysis.doc.sentence_of[trigger.first], draft))
        at_trigger[trigger.first] = draft
    for draft in unplaced:
        _sent_where(analysis, draft, [e for e, _ in events])
        if draft.place is not None and _complete(draft):
            events.append((draft, event_record(analysis, facts, draft)))
    _date_occasions_of_sayings(analysis, facts, events, at_trigger)
    _named_in_passing(analysis, facts, events, background)
    _merge_undated(facts, events)
    _merge_headline(analysis, facts, events)


def _named_in_passing(
    analysis: Analysis, facts: Facts, events: list[tuple[EventDraft, Record]], background: dict[str, list[EventDraft]]
) -> None:
    """ "قمة المنظمة" named with neither date nor place, in an article that states no other summit,
    is still one summit the article speaks of (readers list it: realtext/README.md): the first such
    mention of each kind in lexicon `events_named_in_passing`, outside what someone said, becomes
    its event. Kinds whose bare
    nouns are as often generic ("التدريبات", "الاجتماعات") stay out of the list: measured, they
    invent as many events as they find."""
    kinds = analysis.lexicon.phrases("events_named_in_passing")
    sayings, hedges = _triggers_of(analysis, "Statement"), analysis.cues("hedge_cues")
    for kind, drafts in background.items():
        # Not one named in what someone said ("قال إن قمة المنظمة مهمة") nor one hoped for or
        # denied anywhere before it in its clause ("تأمل أرمينيا أن تناقش قمة المنظمة"): no event there.
        told = [
            d for d in drafts
            if not any(_reported(analysis, t, d.trigger.first) for t in sayings)
            and not any(_clause(analysis, d.trigger.first)[0] <= c.first and c.last <= d.trigger.first for c in hedges)
        ]  # fmt: skip
        if not told:
            continue
        family = [(d, r) for d, r in events if _same_family(told[0], d) or _same_family(d, told[0])]
        if kind in kinds and not family:
            events.append((told[0], event_record(analysis, facts, told[0])))
        elif len(family) == 1 and family[0][0].date is None:
            # "خلال الجلسة الموسعة للمنظمة" and "جلسة مجلس الأمن الجماعي": one session, a summit.
            _refined(analysis, facts, events, family[0], told[0])


def _date_occasions_of_sayings(
    analysis: Analysis, facts: Facts, events: list[tuple[EventDraft, Record]], at_trigger: dict[int, EventDraft]
) -> None:
    """ "وأضاف زاس، متحدثا في اجتماع مشترك للمجالس: …": an undated meeting or talks named as where a
    dated statement was made (after an occasion word: occasion_leads, before what it reports) was
    held that day. Its record is named again with the date, as if the text had said it."""
    tokens = analysis.doc.tokens
    leads = analysis.words("occasion_leads") | analysis.words("occasion_leads_any_act")
    sayings = {t.first: t for t in _triggers_of(analysis, "Statement")}
    for index, saying in sorted(at_trigger.items()):
        trigger = sayings.get(index)
        if trigger is None or saying.kind != "Statement" or saying.date is None:
            continue
        last = _clause(analysis, index)[1]
        for position, (draft, record) in enumerate(events):
            at = draft.trigger.first
            if (
                draft.kind not in MEETING_FAMILY | {"BilateralTalks"} or draft.date is not None or not index < at < last
                or tokens[at - 1].text.removeprefix("و") not in leads or _reported(analysis, trigger, at)
                or record.id not in facts.records
            ):  # fmt: skip
                continue
            del facts.records[record.id]
            draft.date = saying.date
            draft.status = _status_by_date(analysis, draft)
            dated = event_record(analysis, facts, draft)
            for evidence in record.evidence:
                dated.add_evidence(evidence)
            events[position] = (draft, dated)


def _sent_where(analysis: Analysis, draft: EventDraft, events: list[EventDraft]) -> None:
    """Where forces went when their own clause does not say: the country a withdrawal in the
    sentence leaves ("بدأت القوات الانسحاب من كازاخستان بعد أيام على استدعائها"), or the state
    whose request the sentence names ("أعلنت الدول إرسال قوات بعد أن ناشدت طاجيكستان المنظمة"),
    or the state whose unrest the sentence names ("إرسال جنود للمساعدة على تهدئة قيرغيزستان، التي
    شهدت مظاهرات"). The date the two share is the other event's: the forces were sent before they left.
    Failing those, dated forces go where the article's one undated sending of them went, in an
    article that reports no withdrawal."""
    for other in events:
        if not same_sentence(analysis, other.trigger.first, draft.trigger.first):
            continue
        if other.kind == "ForcesWithdrawal" and other.place is not None:
            draft.place = other.place
        elif other.kind == "AssistanceRequest" and other.requester is not None and other.requester.entity.kind == "State":
            draft.place = other.requester
        elif other.kind == "Unrest" and other.place is not None and other.place.entity.kind == "State":
            draft.place = other.place
        else:
            continue
        if draft.date is not None and other.date is not None and draft.date.first == other.date.first:
            draft.date = None
        return
    if draft.date is None or any(e.kind == "ForcesWithdrawal" for e in events):
        return  # where forces also leave, dated moves may be the way home
    # "أرسلت موسكو اليوم الخميس … أول كتيبة" after a headline "أرسلت أول كتيبة … إلى كازاخستان":
    # dated forces with no destination went where the article's one undated sending of forces went.
    places = {e.place.entity.id: e.place for e in events if e.kind == draft.kind and e.place is not None and e.date is None and e.status == draft.status}
    if len(places) == 1:
        draft.place = next(iter(places.values()))


def _occasion(analysis: Analysis, draft: EventDraft, at_trigger: dict[int, EventDraft]) -> None:
    """ "قال بوتين خلال فعاليات الجلسة، إن …": a statement (or a decision) with no date of its own,
    made at an event its clause names before what it reports, is dated (and placed) by that event.
    A decision taken at a meeting named after it ("وفي مايو، … قرار الموازنة الذي أقر في قمة مينسك
    يوم 23 نوفمبر") has that meeting's date rather than the one that opens the sentence."""
    first, last = _clause(analysis, draft.trigger.first)
    if draft.date is not None:
        first = draft.trigger.last  # only a meeting named after the decision replaces its own date
    occasions = [
        (index, event) for index, event in at_trigger.items()
        if first <= index < last and event.kind != "Statement" and event.date is not None
        and (draft.date is None or event.kind in MEETING_FAMILY)  # not what it decides: "قرار بإرسال بعثة إلى …"
        and not _reported(analysis, draft.trigger, index)
    ]  # fmt: skip
    if not occasions and draft.date is None:
        occasions = _main_meeting(analysis, draft, at_trigger, first, last)
    if occasions:
        event = min(occasions, key=lambda item: abs(item[0] - draft.trigger.first))[1]
        draft.date = event.date
        draft.place = draft.place or event.place
        draft.at_occasion = True
    elif draft.date is not None and draft.place is None:
        # "خلال جلسة المجلس في يريفان يوم 23 مايو، تم اتخاذ قرار …": dated by the meeting named
        # before it on that day, and placed there too.
        clause_first = _clause(analysis, draft.trigger.first)[0]
        same_day = [
            event for index, event in sorted(at_trigger.items())
            if clause_first <= index < draft.trigger.first and event.kind in MEETING_FAMILY and event.place is not None
            and event.date is not None and event.date.mention.value == draft.date.mention.value
        ]  # fmt: skip
        if same_day:
            draft.place = same_day[-1].place


def _occasion_lead(analysis: Analysis, sentence: int) -> PhraseMatch[str] | None:
    """The occasion lead that opens sentence number `sentence` ("وجاء ذلك خلال …"), if any."""
    return next(
        (c for c in analysis.cues("occasion_sentence_leads") if c.first == analysis.sentence_span(c.first)[0] and analysis.doc.sentence_of[c.first] == sentence),
        None,
    )


def _said_at(analysis: Analysis, trigger: PhraseMatch[object]) -> DateAt | None:
    """ "أعلن بوتين، السبت، أنه … . جاء ذلك خلال لقائه نظيره الكازاخي": an undated meeting named
    as the occasion (after خلال، في …) by the sentence after a dated statement was held that day."""
    sentence = analysis.doc.sentence_of[trigger.first]
    lead = _occasion_lead(analysis, sentence)
    tokens, leads = analysis.doc.tokens, analysis.words("occasion_leads") | analysis.words("occasion_leads_any_act")
    if lead is None or trigger.first <= lead.last or tokens[trigger.first - 1].text.removeprefix("و") not in leads:
        return None
    if trigger.values[0].kind not in MEETING_FAMILY | {"BilateralTalks"}:
        return None
    sayings = [t for t in _triggers_of(analysis, "Statement") if analysis.doc.sentence_of[t.first] == sentence - 1]
    dates = [d for d in (_event_date(analysis, t) for t in sayings) if d is not None]
    return dates[0] if dates else None


def _occasion_after(analysis: Analysis, draft: EventDraft, at_trigger: dict[int, EventDraft]) -> None:
    """ "قال الرئيس إن …. وجاءت تصريحاته خلال القمة المنعقدة اليوم في موسكو": the sentence after a
    statement, opened by a word that says where it was made (occasion_sentence_leads), dates and
    places it by the dated event it names as an occasion (occasion_leads: خلال، في، لدى …), not by
    one it names as a cause ("وجاء ذلك بعد اشتباكات …")."""
    sentence = analysis.doc.sentence_of[draft.trigger.first]
    tokens, leads = analysis.doc.tokens, analysis.words("occasion_leads") | analysis.words("occasion_leads_any_act")
    lead = _occasion_lead(analysis, sentence + 1)
    if lead is not None:
        last = analysis.sentence_span(lead.first)[1]
        occasions = sorted(
            (index, event) for index, event in at_trigger.items()
            if lead.last < index < last and event.kind != "Statement" and event.date is not None
            and tokens[index - 1].text.removeprefix("و") in leads
        )  # fmt: skip
        if occasions:
            event = occasions[0][1]
            draft.date = event.date
            draft.place = draft.place or event.place
            draft.at_occasion = True


def _takes_the_turn(analysis: Analysis, draft: EventDraft, previous: EventDraft | None) -> None:
    """ "من جانبه، قال رئيس بيلاروسيا …": a speaker who takes the turn (statement_turn_leads right
    before the verb of saying, or before its subject) speaks on the occasion of the statement
    before, so an undated statement takes that one's date and place."""
    if draft.date is not None or previous is None or previous.date is None:
        return
    verb = draft.trigger.first
    if any(same_sentence(analysis, c.first, verb) for c in analysis.cues("earlier_cues")):
        return  # "من جهتها، قالت زاخاروفا، في وقت سابق، …": said before, on another occasion
    leads = analysis.cues("statement_turn_leads")
    if any(lead.last <= verb and analysis.words_between(lead.last, verb) <= 1 and same_sentence(analysis, lead.first, verb) for lead in leads):
        draft.date = previous.date
        draft.place = draft.place or previous.place


def _main_meeting(
    analysis: Analysis, draft: EventDraft, at_trigger: dict[int, EventDraft], first: int, last: int
) -> list[tuple[int, EventDraft]]:
    """ "وقال بوتين خلال فعاليات الجلسة إن …" before the article says which session: a definite
    meeting noun in the clause that named no dated event of its own is the article's one dated
    meeting, when it has exactly one (a meeting, a ministerial meeting or a summit)."""
    named = [
        t for t in _triggers(analysis)
        if first <= t.first < last and t.values[0].kind in MEETING_FAMILY
        and (t.first not in at_trigger or at_trigger[t.first].date is None)
        and analysis.doc.tokens[t.first].text.removeprefix("و").removeprefix("ب").removeprefix("ل").startswith(ARTICLE)
        and not _reported(analysis, draft.trigger, t.first)
    ]  # fmt: skip
    # "وقال لوكاشينكو في كلمته الافتتاحية إن …": the opening speech is given at the meeting.
    named += [c for c in analysis.cues("opening_speech_cues") if first <= c.first < last and not _reported(analysis, draft.trigger, c.first)]
    if not named:
        return []
    # Only one that took place: nothing was said at a summit still to come.
    meetings = {id(e): (index, e) for index, e in at_trigger.items() if e.kind in MEETING_FAMILY and e.date is not None and e.status == "held"}
    return list(meetings.values()) if len(meetings) == 1 else []


def _hedged(analysis: Analysis, trigger: PhraseMatch[EventKind]) -> bool:
    """A hedge before the trigger in its own clause: not one punctuation closes before it ("وبينما
    كانت المعارك لا تزال مستعرة، التقى …"), nor the "لا" of "لا تزال" (membership.continuation)."""
    ignore = {c.first for c in analysis.cues("membership", "continuation")}
    ignore |= {
        c.first for c in analysis.cues("hedge_cues")
        if c.last <= trigger.first and analysis.doc.barrier_between(c.last - 1, trigger.first)
    }  # fmt: skip
    return hedged(analysis, trigger.first, ignore=frozenset(ignore))


def _refused(analysis: Analysis, trigger: PhraseMatch[EventKind]) -> bool:
    """ "امتنعت عن إرسال قوات", "رفضت نشر قوات": a refused action did not happen, nor one a request
    asks for by its verbal noun ("ناشد المنظمة إرسال قوات", a few words on in its clause, where
    "فأرسلت إليها قوات" says it was done: requestable_nouns). A request that
    was refused was still made, and a meeting one party refuses to attend ("رفض حضور القمة") is
    held without it, so requests and meetings are kept. A trigger right after a blocker word
    ("مذكرة احتجاج": a diplomatic note) names no event either."""
    tokens = analysis.doc.tokens
    if trigger.first > 0 and tokens[trigger.first - 1].text.removeprefix("و") in analysis.words("event_trigger_blockers"):
        return True
    # "وتوجهت إلى مواقع انتشارها الدائم": forces going home are not sent anywhere.
    if trigger.values[0].kind == "Deployment" and any(
        trigger.last <= c.first <= trigger.last + 1 and not analysis.doc.barrier_between(trigger.last - 1, c.first)
        for c in analysis.cues("home_destinations")
    ):
        return True
    if trigger.values[0].kind == "AssistanceRequest" or trigger.values[0].kind in MEETING_KINDS:
        return False
    window = int(analysis.lexicon.number("hedge_window"))
    past = analysis.words("refusal_other_object")
    if any(
        cue.last <= trigger.first and same_sentence(analysis, cue.first, trigger.first)
        and analysis.words_between(cue.last, trigger.first) < window
        # "عدم التدخل في الأزمة", "رفضت المشاركة في المناورات": what is refused is another act
        and not any(tokens[i].text in past for i in range(cue.last, trigger.first))
        for cue in analysis.cues("event_refusals")
    ):  # fmt: skip
        return True
    # "ناشد الرئيس في يناير تحالف المعاهدة إرسال قوات": forces a request asks for, past its asker,
    # date and addressee, have not been sent (yet).
    first = _clause(analysis, trigger.first)[0]
    noun = analysis.doc.tokens[trigger.first].text.removeprefix("ب").removeprefix("ل")
    return noun in analysis.words("requestable_nouns") and any(
        first <= t.first and t.last <= trigger.first and analysis.words_between(t.last, trigger.first) <= 2 * window
        for t in _triggers_of(analysis, "AssistanceRequest")
    )


def _from_neighbours(analysis: Analysis, draft: EventDraft, seen: list[tuple[int, EventDraft]]) -> None:
    """What an event takes from the events stated before it in its sentence: the date of the one
    it coincides with ("تزامنت القمة مع احتجاج", event_coincidence_cues), and, for a meeting, the
    destination of a visit the same day ("وصل إلى أستانا يوم الأربعاء، وأجرى في اليوم نفسه محادثات")."""
    sentence = analysis.doc.sentence_of[draft.trigger.first]
    neighbours = [e for index, e in seen if index == sentence]
    if draft.date is None and any(
        same_sentence(analysis, c.first, draft.trigger.first) for c in analysis.cues("event_coincidence_cues")
    ):
        dated = [e for e in neighbours if e.date is not None]
        if dated:
            draft.date = dated[-1].date
            draft.status = _status_by_date(analysis, draft)
    if draft.place is None and draft.kind in MEETING_KINDS:
        # Where the visitor arrived that day: "وصل إلى أرمينيا الأربعاء، وأجرى الخميس محادثات" may be elsewhere.
        visits = [
            e for e in neighbours
            if e.kind == "Visit" and e.place is not None and e.status == draft.status
            and (draft.date is None or e.date is not None and e.date.mention.value == draft.date.mention.value)
        ]  # fmt: skip
        if visits:
            draft.place = visits[-1].place
        elif draft.date is None and draft.participants:
            # "وصل لافروف إلى يريفان في زيارة رسمية. وسيشارك لافروف في اجتماع مشترك …": the visit
            # of a participant in the sentence before is where the undated meeting is.
            people = {m.entity.id for m in draft.participants}
            before = [
                e for index, e in seen
                if index == sentence - 1 and e.kind == "Visit" and e.place is not None
                and people & {m.entity.id for m in e.participants or []}
            ]  # fmt: skip
            if before:
                draft.place = before[-1].place


def _about_the_event_before(analysis: Analysis, draft: EventDraft, seen: list[tuple[int, EventDraft]]) -> None:
    """ "بحث الوزير اليوم الخميس مع زاس … . وقالت الوزارة في بيان بهذا الشأن: …": an undated
    statement its clause says is about what was just told (statement_about_cues) was made the day
    of the latest dated event of its sentence or the one before."""
    first, last = _clause(analysis, draft.trigger.first)
    if not any(first <= c.first < last for c in analysis.cues("statement_about_cues")):
        return
    sentence = analysis.doc.sentence_of[draft.trigger.first]
    dated = [e for index, e in seen if sentence - 1 <= index <= sentence and e.date is not None and e.kind != "Statement"]
    if dated:
        draft.date = dated[-1].date


def _presupposed(analysis: Analysis, trigger: PhraseMatch[EventKind]) -> bool:
    """ "الاضطرابات التي اندلعت": a definite event noun with a relative clause is taken as given,
    even inside a denied or hedged clause ("لا يستبعد أن يناقشوا الاضطرابات التي اندلعت …")."""
    tokens = analysis.doc.tokens
    if trigger.values[0].kind in MEETING_KINDS and _attended(analysis, trigger):
        return True  # "لن يشارك في اجتماع رؤساء المنظمة في مينسك": held, without him
    definite = tokens[trigger.first].text.removeprefix("و").startswith(ARTICLE) or _lam_definite(analysis, trigger)
    if not definite:
        return False
    relatives = analysis.words("relative_pronouns")
    if relatives & set(trigger.phrase.split()):
        return True  # "الطلب الذي تقدمت به أرمينيا"
    # "القمة المقبلة للمنظمة، المقررة في يريفان": past its markers and a name, a definite participle
    # of tense (status_cues) qualifies the noun as a relative clause does.
    skip = analysis.words("other_event_markers") | analysis.words("same_event_markers")
    names = {m.first: m.last for m in analysis.names}
    participles = {c for group in ("planned", "held") for c in analysis.lexicon.phrases("status_cues", group)}
    index, steps = trigger.last, 0
    while index < len(tokens) and steps < 3 and (tokens[index].text in skip or index in names):
        index, steps = names.get(index, index + 1), steps + 1
    if index >= len(tokens) or not same_sentence(analysis, index, trigger.first):
        return False
    word = tokens[index].text.removeprefix("و")
    return word in relatives or (word.startswith(ARTICLE) and word in participles)


def _attended(analysis: Analysis, trigger: PhraseMatch[EventKind]) -> bool:
    """A meeting named as what someone takes part in (participation_cues, then في): whether he
    does or not, the meeting itself is no less held."""
    tokens = analysis.doc.tokens
    before = [tokens[i].text.removeprefix("و") for i in range(max(trigger.first - 2, 0), trigger.first)]
    return len(before) == 2 and before[1] == "في" and before[0] in analysis.words("participation_cues")


def _triggers(analysis: Analysis) -> list[PhraseMatch[EventKind]]:
    """Trigger phrases as written, or split by their subject: "طلب رئيس الوزراء … المساعدة".

    What may stand between the words of a trigger is a chain of a person phrase (title and name), a
    state, a city and a date ("طلبت يريفان في أيلول الماضي مساعدة", "بحث لافروف، اليوم الأحد، مع
    …"). Found once per article.
    """
    cached = analysis.__dict__.get("_event_triggers")
    if cached is not None:
        return cached
    contiguous = analysis.lexicon.trigger_index.find_all(analysis.doc)
    found = longest_non_overlapping(contiguous + analysis.lexicon.gapped_triggers.find(analysis.doc, _gaps(analysis)))
    excluded = analysis.words("event_trigger_exclusions")
    # "قوات الانتشار السريع": a trigger inside an organization's name is part of the name.
    named = [(m.first, m.last) for m in analysis.names if m.via == "name" and m.entity.is_organization]
    surface = analysis.lexicon.verbatim("event_trigger_surface_exclusions")
    found = [
        t for t in found
        if analysis.doc.tokens[t.first].text not in excluded and _token_as_written(analysis, t.first) not in surface
        and not _another_word(analysis, t)
        and not any(first <= t.first and t.last <= last for first, last in named)
        and not _quoted_name(analysis, t)
    ]  # fmt: skip
    # A phrase listed under two kinds ("دعا": a statement, and a request when it is for help)
    # is a trigger of each; each kind's needs then decide.
    found = [replace(t, values=(kind,)) for t in found for kind in {v.kind: v for v in t.values}.values()]
    analysis.__dict__["_event_triggers"] = found
    return found


def _quoted_name(analysis: Analysis, trigger: PhraseMatch[object]) -> bool:
    """ 'التدريبات الخاصة "البحث-2022"': a trigger that opens a short quotation closed within a
    word or two (a year, a number) names something, an exercise or an operation; it is no event
    of its own."""
    tokens, text = analysis.doc.tokens, analysis.doc.text

    def quote_before(index: int) -> bool:  # a quotation mark between token index - 1 and token index
        start = tokens[index].start if index < len(tokens) else len(text)
        return not QUOTES.isdisjoint(text[tokens[index - 1].end : start])

    if trigger.first == 0 or not quote_before(trigger.first):
        return False
    index = trigger.last
    while index - trigger.last <= QUOTED_NAME_WORDS:
        if quote_before(index):
            return True
        if index >= len(tokens) or not tokens[index].text.isdigit():
            return False
        index += 1
    return False


def _triggers_of(analysis: Analysis, *kinds: str) -> list[PhraseMatch[EventKind]]:
    """The article's triggers of these kinds (`_triggers`), found once per article and kinds: every
    event asks whether a verb of saying or a request stands near it."""
    cache: dict[tuple[str, ...], list[PhraseMatch[EventKind]]] = analysis.__dict__.setdefault("_event_triggers_of", {})
    if kinds not in cache:
        cache[kinds] = [t for t in _triggers(analysis) if t.values[0].kind in kinds]
    return cache[kinds]


def _token_as_written(analysis: Analysis, index: int) -> str:
    """Token `index` as the article writes it, its short-vowel marks and tatweel dropped."""
    token = analysis.doc.tokens[index]
    return _MARKS.sub("", analysis.original(token.start, token.end))


def _another_word(analysis: Analysis, trigger: PhraseMatch[EventKind]) -> bool:
    """ "اعتمدت روسيا على قواتها": a word of the kind's `not_before` right after the trigger, or after
    the name that follows it, makes it another verb (relied on, not adopted)."""
    words = trigger.values[0].not_before
    if not words:
        return False
    after = next((m.last for m in analysis.names if m.first == trigger.last), trigger.last)
    return after < len(analysis.doc.tokens) and analysis.doc.tokens[after].text in words


def _gaps(analysis: Analysis) -> list[tuple[int, int, bool]]:
    """Token ranges that may split a trigger: names of people, states and cities, dates (with the
    words that lead into them, "في مساء"), adverbs (event_gap_adverbs: رسميا، مجددا), and every
    run of them that follows one another. A run
    with a date in it is parenthetical: commas may set it off ("بحث لافروف، اليوم الأحد، مع")."""
    leads = analysis.words("event_date_leads")
    tokens = analysis.doc.tokens
    pieces: dict[tuple[int, int], bool] = {}
    relatives = analysis.words("relative_pronouns")
    for person in analysis.people:
        pieces[(person.head, person.match.last)] = False
        # "طلب باشينيان، الذي كان يشغل آنذاك منصب …، من المنظمة": a relative clause set off by
        # commas after the name belongs to the name.
        after = person.match.last
        if after < len(tokens) and analysis.doc.barrier_before[after] and tokens[after].text in relatives:
            end = next((j for j in range(after + 1, min(after + 16, len(tokens))) if analysis.doc.barrier_before[j]), None)
            if end is not None and same_sentence(analysis, person.head, end):
                pieces[(person.head, end)] = True
    for m in analysis.names:
        if m.via == "name" and m.entity.kind in ("State", "City"):
            pieces.setdefault((m.first, m.last), False)
    for m in _state_refs(analysis):  # "توجه بلاده بطلب": a country pronoun as the subject
        if m.via == "pronoun":
            pieces.setdefault((m.first, m.last), False)
    # "طلبت أرمينيا رسميا من المنظمة": an adverb next to the subject is part of the run.
    adverbs = analysis.words("event_gap_adverbs")
    for index, token in enumerate(tokens):
        if token.text in adverbs:
            pieces.setdefault((index, index + 1), False)
    for date in analysis.dates:
        first = date.first
        while first > 0 and tokens[first - 1].text in leads and not analysis.doc.barrier_before[first]:
            first -= 1
        pieces[(first, date.last)] = True
    gaps = {(first, last, dated) for (first, last), dated in pieces.items()}
    starts: dict[int, list[tuple[int, bool]]] = {}
    for (first, last), dated in pieces.items():
        starts.setdefault(first, []).append((last, dated))
    runs = [(first, last, dated) for first, last, dated in gaps]
    while runs:
        first, last, dated = runs.pop()
        for after, after_dated in starts.get(last, ()):
            run = (first, after, dated or after_dated)
            if run not in gaps and after - first <= 16:
                gaps.add(run)
                runs.append(run)
    return sorted(gaps)


def draft_event(analysis: Analysis, trigger: PhraseMatch[EventKind]) -> EventDraft:
    kind_entry = trigger.values[0]
    if "speaker" in kind_entry.needs and _invitation(analysis, trigger):
        return EventDraft(kind_entry.kind, trigger, "held")  # "دعت المنظمة مراقبين من …": invited, said nothing
    if "speaker" in kind_entry.needs:
        # Most verbs of saying name no speaker of their own ("وأضاف"): nothing more to read then.
        people = people_in_sentence(analysis, trigger.first)
        speaker = _speaker(analysis, trigger, people, names_in_sentence(analysis, trigger.first)) or _sentence_subject(
            analysis, trigger, people
        )
        if speaker is None:
            return EventDraft(kind_entry.kind, trigger, "held")
    status = event_status(analysis, trigger, default=UNMARKED)
    draft = EventDraft(kind_entry.kind, trigger, "held" if status == UNMARKED else status, unmarked=status == UNMARKED)
    if trigger.first > 0 and analysis.doc.tokens[trigger.first - 1].text.removeprefix("و") in analysis.words("decision_cues"):
        draft.status = "planned"  # "قرار يقضي بإرسال بعثة": decided, not yet done
        draft.decided = True
    draft.same_as_before = _marked_same(analysis, trigger)
    draft.definite = analysis.doc.tokens[trigger.first].text.removeprefix("و").startswith(ARTICLE) or _lam_definite(
        analysis, trigger
    )
    sentence = names_in_sentence(analysis, trigger.first)
    # "قمة مينسك": a noun in construct with a city's name is definite too; a verb's city is its
    # object ("زار موسكو"), and verbs are the triggers with a tense of their own (trigger_status).
    draft.definite = draft.definite or (
        trigger.phrase not in analysis.lexicon.trigger_status
        and any(m.first == trigger.last and m.entity.kind == "City" for m in sentence)
    )
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
        ) or _treaty_organizer(analysis, trigger, sentence) or _subject_organizer(analysis, trigger, sentence) or _possessor_organizer(
            analysis, trigger, sentence
        ) or _convener_before(analysis, trigger, sentence)
    if draft.kind == "Meeting" and draft.organizer is not None:
        draft.kind = kind_entry.body_kinds.get(local_name(draft.organizer.entity), "Meeting")
    if draft.kind == "Meeting" and _leaders_meet(analysis, trigger):
        draft.kind = "Summit"
    if draft.kind == "Meeting" and _leaders_meet(analysis, trigger, "ministerial_participant_cues"):
        draft.kind = "MinisterialMeeting"
    if draft.kind == "Meeting" and draft.organizer is not None and draft.organizer.entity.kind == "InternationalOrganization":
        if _heads_attend(analysis, trigger):
            draft.kind = "Summit"
    # "التقى رؤساء سبع جمهوريات أمس في قرغيزستان": leaders meeting is a summit.
    draft.leaders = _leaders_subject(analysis, trigger)
    draft.ministers = _leaders_subject(analysis, trigger, "ministerial_participant_cues")
    if draft.kind == "BilateralTalks" and draft.leaders:
        draft.kind = "Summit"
    undated = _undated(analysis, trigger)
    draft.date = None if undated else _event_date(analysis, trigger) or _said_at(analysis, trigger)
    if draft.date is None and not undated and (kind_entry.kind in MEETING_KINDS or kind_entry.kind == "Visit"):
        draft.date = _ongoing(analysis, trigger)
    draft.status = "planned" if undated and draft.status == "held" else _status_by_date(analysis, draft)
    if (draft.status == "planned" or draft.kind == "Unrest") and draft.date is not None and _said_on(analysis, trigger, draft.date):
        # "أكد الوزير يوم الخميس أن التحالف سيرسل قوات": Thursday is the saying's, not that of what
        # is to come, nor of unrest it reports ("نقلت عن الوزارة قولها يوم الأربعاء إن الاحتجاجات …").
        draft.date = None
    if draft.kind in MEETING_FAMILY and trigger.phrase not in analysis.lexicon.trigger_status and trigger.first > 0:
        if analysis.doc.tokens[trigger.first - 1].text in analysis.words("preparation_nouns"):
            draft.status = "planned"  # "التحضيرات لقمة المنظمة": prepared for, yet to come
    if "clash" in kind_entry.needs:
        draft.clash_context = _clause_has(analysis, trigger, "clash_context", before=2, after=12)
    if draft.kind == "Unrest":
        # "الاشتباكات بين أرمينيا وأذربيجان": clashes between two states are unrest, dated,
        # placed or not, and the states identify them.
        parties = _between_states(analysis, trigger)
        if parties:
            draft.participants = parties
            draft.clash_context = True
    if "troops" in kind_entry.needs or "no_troops" in kind_entry.needs:
        # "وصول نحو ألفي عسكري", or troops as the subject before ("بدأت قوات حفظ السلام، اليوم
        # الخميس، انسحابها من كازاخستان"). Troops arriving are no visit ("وصلت طلائع القوات").
        # A date right after the trigger is read past ("أرسلت اليوم الخميس 6 يناير 2022 أول كتيبة").
        after = 5 + (draft.date.last - draft.date.first if draft.date is not None and 0 <= draft.date.first - trigger.last <= 1 else 0)
        draft.troops = _clause_has(analysis, trigger, "troop_words", before=12, after=after)
    # A request is made, not held somewhere (the requester's country is no place of it).
    draft.place = None if draft.kind == "AssistanceRequest" else _event_place(analysis, trigger, kind_entry, sentence)
    people = people_in_sentence(analysis, trigger.first)
    if draft.kind == "AssistanceRequest":
        draft.requester = _requester(analysis, trigger, people, sentence)
        draft.asks_for_help = "help" in kind_entry.needs and _asks_for_help(analysis, trigger)
        draft.addressee = (
            next(
                (m for m in sentence if m.first >= trigger.last and m.first - trigger.last <= 3 and m.entity.is_organization),
                None,
            )
            or _addressed_before(analysis, trigger, sentence)
            or _allies_addressee(analysis, trigger)
            or _addressed_after(analysis, trigger, sentence, draft.requester)
            or _granting_organization(analysis, trigger, sentence)
        )
        if draft.addressee is not None and draft.addressee.via == "anaphor":
            draft.addressee = salient_organization(analysis, draft.addressee)
        if "help" in kind_entry.needs and not draft.asks_for_help and draft.addressee is not None:
            draft.asks_for_help = _help_after(analysis, draft.addressee)
    else:
        # "أحداث أنديجان الدامية": a city inside a split trigger is in construct with it: the place.
        inner = [m for m in sentence if m.via == "name" and m.entity.kind == "City" and trigger.first < m.first and m.last < trigger.last]
        if inner:
            draft.place = inner[0]
        draft.participants = draft.participants or _participants(analysis, trigger, people)
        if "appointee" in kind_entry.needs:
            draft.participants = draft.participants or _relative_antecedent(analysis, trigger, people)
    if draft.kind in MEETING_KINDS:
        draft.place = _host_subject(analysis, trigger, sentence) or draft.place
        draft.occasion_of_saying = draft.kind in MEETING_FAMILY and _occasion_of_saying(analysis, trigger)
    if "appointee" in kind_entry.needs and draft.place is not None and draft.place.entity.kind != "City":
        draft.place = None  # "تعيين أمين الدولة في مجلس الأمن بجمهورية بيلاروس": the post's country
    if "decider" in kind_entry.needs:
        draft.organizer = _decider(analysis, trigger, sentence)
        draft.participants = []
        # Where a decision was taken is a city ("في جلسة المجلس في دوشنبه"), not where what it
        # decides is to happen ("قررت إرسال قوات إلى كازاخستان").
        if draft.place is not None and (draft.place.entity.kind != "City" or draft.place.first < trigger.first):
            draft.place = None
        draft.dated_before = draft.date is not None and draft.date.last <= trigger.first
    if "speaker" in kind_entry.needs:
        if draft.date is not None and _reported(analysis, trigger, draft.date.first) and not _published_day(analysis, draft.date):
            # "أكد أن روسيا ستترأس المنظمة في عام 2026": the date of what was said. What it reports
            # of the day of publication ("أعلن أن رؤساء الأركان بحثوا اليوم …") was said that day.
            draft.date = None
        if draft.place is not None and _reported(analysis, trigger, draft.place.first):
            draft.place = None
        draft.speaker = speaker
        draft.participants = [speaker]
        draft.status = "held"  # said, whenever: what is announced for later is another event
    if draft.place is not None and draft.kind != "Statement" and _framed_place(analysis, trigger, draft.place):
        draft.place = None  # "وقال في واشنطن إن القمة ستعقد …": where it was said, not the summit
    if "construct_place" in kind_entry.needs:
        # Only a name in construct with the noun ("أحداث أنديجان"), not one further on; or the
        # object of a verb past its subject ("غادرت وحدات حفظ السلام، مدينة ألما-آتا").
        draft.place = next((m for m in sentence if m.first == trigger.last and _place_rank(m) < 3 and m.via == "name"), None)
        if draft.place is None and draft.troops:
            draft.place = _object_past_subject(analysis, trigger, sentence)
    if "near_place" in kind_entry.needs and draft.place is not None and not (
        trigger.first < draft.place.first and draft.place.first - trigger.last <= 6
    ):
        draft.place = None  # clashes are where the text puts them right after the noun, not elsewhere
    if draft.place is not None and kind_entry.place_level == "state":
        # Unrest is the country's wherever in it the text places it (lexicon place_level): the
        # state stands for the city or region named, with the span that names it.
        state = analysis.gazetteer.state_containing(draft.place.entity)
        draft.place = replace(draft.place, entity=state) if state is not None else draft.place
    return draft


def _object_past_subject(analysis: Analysis, trigger: PhraseMatch[object], sentence: list[EntityMatch]) -> EntityMatch | None:
    """The place a verb of leaving takes as its object after a troop subject (verb-subject-object):
    "غادرت القوات الروسية كازاخستان", "غادرت وحدات من أرمينيا وطاجيكستان، مدينة ألما-آتا". The
    subject starts with a troop word right after the verb; the object is the first place in the
    clause after it that no preposition governs (the states after من say whose units they are),
    within OBJECT_REACH words."""
    tokens = analysis.doc.tokens
    subject = trigger.last + (trigger.last < len(tokens) and tokens[trigger.last].text in analysis.words("demonstratives"))
    if subject >= len(tokens) or tokens[subject].text not in analysis.words("troop_words"):
        return None  # "غادرت القوات …", "غادرت تلك القوات …"
    governors = analysis.words("event_clause_prepositions")
    # The object comes before the verb's adjuncts: none past a date ("مغادرة هذه القوات اليوم مع رفع
    # كازاخستان حالة الطوارئ" names no place left).
    dated = min((d.first for d in analysis.dates if trigger.last < d.first), default=len(tokens))
    for m in sentence:
        if not trigger.last < m.first <= min(trigger.last + OBJECT_REACH, dated) or _place_rank(m) >= 3 or m.via != "name":
            continue
        previous = tokens[m.first - 1].text
        if previous in governors or m.start > tokens[m.first].start or _conjoined(analysis, m, sentence, governors):
            continue  # "من أرمينيا", "لكازاخستان", "من أرمينيا وطاجيكستان"
        # The subject may close with a comma right before the object or its head words ("، مدينة
        # ألما-آتا", "، العاصمة الطاجيكية دوشنبه"); any other punctuation ends the clause first.
        breaks = [i for i in range(trigger.last + 1, m.first + 1) if analysis.doc.barrier_before[i] and not analysis.doc.quotes_before[i]]
        if len(breaks) > 1 or breaks and m.first - breaks[0] > 2:
            return None
        return m
    return None


def _conjoined(analysis: Analysis, m: EntityMatch, sentence: list[EntityMatch], governors: frozenset[str]) -> bool:
    """A name coordinated with a governed one before it ("من أرمينيا وطاجيكستان"): governed too."""
    tokens = analysis.doc.tokens
    if not tokens[m.first].text.startswith("و") and not (m.first > 0 and tokens[m.first - 1].text == "و"):
        return False
    before = [n for n in sentence if n.last <= m.first and m.first - n.last <= 1]
    return any(n.first > 0 and tokens[n.first - 1].text in governors or _conjoined(analysis, n, sentence, governors) for n in before)


OBJECT_REACH = 18  # words from a verb of leaving to its object past the troop subject


def _between_states(analysis: Analysis, trigger: PhraseMatch[object]) -> list[EntityMatch]:
    """The two states of "بين X وY" right after a trigger, past adjectives with the article and
    where it happened ("الاشتباكات المسلحة بين أرمينيا وأذربيجان", "اشتباكات على الحدود بين
    قرغيزستان وطاجيكستان": clash_place_fillers); or "مع X" there, X and the other state named
    before the trigger in its sentence ("أعلنت السلطات الأرمينية وقوع اشتباكات مع أذربيجان")."""
    tokens = analysis.doc.tokens
    fillers = analysis.words("clash_place_fillers")
    index = trigger.last
    while (
        index < min(trigger.last + 4, len(tokens)) and not analysis.doc.barrier_before[index]
        and (tokens[index].text in fillers or tokens[index].text.startswith("ال") and index < trigger.last + 2)
    ):  # fmt: skip
        index += 1
    if index >= len(tokens) or tokens[index].text not in ("بين", "مع") or analysis.doc.barrier_before[index]:
        return []
    references = [m for m in _state_refs(analysis) if m.via in ("name", "side", "demonym")]
    state_at = {m.first: m for m in references if m.via != "demonym"}
    first = state_at.get(index + 1)
    if first is None:
        return []
    if tokens[index].text == "مع":
        # The other party: a state, its nisba ("السلطات الأرمينية") or its ministry ("وزارة
        # الخارجية الأرمينية") named before the trigger in its sentence.
        before = []
        for m in analysis.names:
            if m.last > trigger.first or not same_sentence(analysis, m.first, trigger.first):
                continue
            state = m.entity.id if m.entity.kind == "State" else m.entity.links.get(STATE_BODY_LINKS.get(m.entity.kind, ""))
            party = analysis.gazetteer.by_id(state) if state and state != first.entity.id else None
            if party is not None:
                before.append(EntityMatch(party, m.first, m.last, m.start, m.end, m.rule, via=m.via))
        return [before[-1], first] if before else [first]
    if first.last >= len(tokens) or not tokens[first.last].text.startswith("و"):
        return []
    # The second state carries the conjunction: "وأذربيجان" is one token, its name after و.
    second = next((m for m in state_at.values() if m.first == first.last), None)
    return [first, second] if second is not None and second.entity.id != first.entity.id else []


def _adverb_at(analysis: Analysis, index: int) -> bool:
    """Whether token `index` is an adverb (event_gap_adverbs) or part of a date."""
    if index >= len(analysis.doc.tokens):
        return False
    return analysis.doc.tokens[index].text in analysis.words("event_gap_adverbs") or any(
        d.first <= index < d.last for d in analysis.dates
    )


def _framed_place(analysis: Analysis, trigger: PhraseMatch[object], place: EntityMatch) -> bool:
    """An event reported by a verb of saying (in what it says: "… أن القمة ستعقد") whose place
    stands in the saying's frame, before what it reports ("وقال في تصريح من واشنطن إن …")."""
    if place.first > trigger.first:
        return False
    sayings = [
        t for t in _triggers_of(analysis, "Statement")
        if t.last <= place.first and same_sentence(analysis, t.first, trigger.first)
    ]  # fmt: skip
    return any(_reported(analysis, s, trigger.first) and not _reported(analysis, s, place.first) for s in sayings)


def _led_back(analysis: Analysis, token: int, floor: int = 0) -> bool:
    """ "أكد … أن المنظمة تتعامل بفعالية …، وذلك اليوم الأربعاء": a frame lead (frame_leads: وذلك) a
    word or two before `token` (not before `floor`) says it belongs to the sentence's main clause."""
    leads, tokens = analysis.words("frame_leads"), analysis.doc.tokens
    if any(tokens[i].text in leads for i in range(max(floor, token - 2), token)):
        return True
    # "أعلن زاس أن …، وذلك في اجتماع مشترك للمجالس …، يوم الأربعاء": the lead opens an occasion
    # (occasion_leads), and the occasion's words run on to the date with nothing reported between.
    occasions = analysis.words("occasion_leads") | analysis.words("occasion_leads_any_act")
    openers = analysis.words("statement_content_openers")
    for i in range(token - 3, max(floor, analysis.sentence_span(token)[0]) - 1, -1):
        if tokens[i].text in openers or ":" in analysis.doc.text[tokens[i].end : tokens[i + 1].start]:
            return False
        if tokens[i].text in leads:
            return tokens[i + 1].text in occasions
    return False


def _said_on(analysis: Analysis, trigger: PhraseMatch[object], date: DateAt) -> bool:
    """Whether `date` stands between a verb of saying and what it reports, which holds `trigger`:
    the day something was said, not the day of what it announces."""
    return any(
        t.last <= date.first and date.last <= trigger.first
        and _reported(analysis, t, trigger.first) and not _reported(analysis, t, date.first)
        for t in _triggers_of(analysis, "Statement")
    )  # fmt: skip


def _published_day(analysis: Analysis, date: DateAt) -> bool:
    """Whether `date` is the day of publication ("اليوم", "اليوم الجمعة 16 سبتمبر")."""
    published, value = analysis.article.published, date.mention.value
    return (
        published is not None and value is not None and value.precision == "day" and value.iso == published.isoformat()
    )


def _ongoing(analysis: Analysis, trigger: PhraseMatch[object]) -> DateAt | None:
    """ "قمة المنظمة، المنعقدة حاليا في يريفان": a meeting the text says is sitting now
    (ongoing_event_cues, a few words after it in its sentence) is held on the publication day; so
    is a visit someone "is making" ("الذي يقوم بزيارة عمل إلى موسكو": ongoing_visit_leads right
    before the noun)."""
    published = analysis.article.published
    if published is None:
        return None
    lead = next((c for c in analysis.cues("ongoing_visit_leads") if c.last == trigger.first or c.first <= trigger.first < c.last), None)
    if lead is not None and trigger.values[0].kind == "Visit":
        return _on_day(analysis, lead, published)
    cue = next(
        (
            c for c in analysis.cues("ongoing_event_cues")
            if trigger.last <= c.first and same_sentence(analysis, c.first, trigger.first)
            and analysis.words_between(trigger.last, c.first) <= ONGOING_WINDOW
        ),
        None,
    )  # fmt: skip
    return None if cue is None else _on_day(analysis, cue, published)


def _on_day(analysis: Analysis, cue: PhraseMatch[str], day: dt.date) -> DateAt:
    """The words of `cue` read as a relative date naming `day`: the evidence of a date the text
    implies ("المنعقدة حاليا", "يقوم بزيارة")."""
    text = analysis.doc.text[cue.start : cue.end]
    return DateAt(cue.first, cue.last, cue.start, cue.end, DateMention(cue.start, cue.end, text, DateValue(day.isoformat(), "day"), relative=True), False)


ONGOING_WINDOW = 8  # words between a meeting's noun and "المنعقدة حاليا" (the organisation's name between)


def _attributed_today(analysis: Analysis, date: DateAt, trigger: PhraseMatch[object]) -> bool:
    """ "غادرت القوات المدينة، بحسب ما أفاد به مراسل اليوم الجمعة": the day of speaking of an
    attribution after the event (attribution_frames, no punctuation between it and the date but the
    quotes of a name: 'مراسل وكالة "تاس" اليوم') is the day the source reports the event on, so
    the event's own when it has none."""
    return _speech_day(analysis, date) and any(
        trigger.last <= cue.first and cue.last <= date.first and same_sentence(analysis, cue.first, date.first)
        and not analysis.doc.break_between(cue.last, date.first)
        for cue in analysis.cues("attribution_frames")
    )  # fmt: skip


def _reported(analysis: Analysis, trigger: PhraseMatch[object], token: int, quotes: bool = True) -> bool:
    """Whether `token` is in what a verb of saying reports: after the trigger, past the first
    word that opens the content (أن، إن، بأن: statement_content_openers, but not in "من المقرر أن")
    or a colon or (with `quotes`) a quotation mark, or past the comma after an attribution
    ("بحسب …،"), in the trigger's sentence, and not led back to the main clause (frame_leads: وذلك)."""
    if token < trigger.last or not same_sentence(analysis, token, trigger.first):
        return False
    if _led_back(analysis, token, trigger.last):
        return False
    openers, modal = analysis.words("statement_content_openers"), analysis.words("statement_modal_before_opener")
    text, tokens = analysis.doc.text, analysis.doc.tokens
    if _attribution(analysis, trigger) and analysis.doc.barrier_between(trigger.last, token):
        return True  # "وبحسب زاخاروفا، من المقرر …": what follows the attributed name is reported
    # "أعلن بوتين، خلال اجتماع …، عن مقترح لعقد منتدى في 2026": عن opens what is announced.
    openers_by_verb = analysis.lexicon.groups_of("statement_object_openers")
    about_openers = openers_by_verb.get(tokens[trigger.first].text.removeprefix("و"), frozenset())
    index = trigger.last
    while index <= token:
        gap = text[tokens[index - 1].end : tokens[index].start]
        if ":" in gap:
            return True
        if quotes and not QUOTES.isdisjoint(gap) and not _quoted_name_edge(analysis, index):
            closing = _closing_quote(analysis, index)
            if closing is None or closing > token:
                return True
            index = closing + 1  # 'في ندوة نظمها مركز "الحوار الأوراسي" أمس': a quoted name, no speech
            continue
        if tokens[index].text in openers and tokens[index - 1].text.removeprefix("و") not in modal:
            return True
        if tokens[index].text in about_openers:
            return True
        index += 1
    return False


def _closing_quote(analysis: Analysis, index: int, longest: int = 4) -> int | None:
    """The token before which a quotation opened before token `index` closes, when it quotes at most
    `longest` words of the sentence and the sentence goes on after it: a quoted name or term
    (تدريبات "الأخوة القتالية"), not speech, which runs on to the end of its sentence."""
    text, tokens = analysis.doc.text, analysis.doc.tokens
    end = analysis.sentence_span(index)[1]
    for after in range(index + 1, min(index + longest + 1, end)):
        gap = text[tokens[after - 1].end : tokens[after].start]
        if not QUOTES.isdisjoint(gap):
            return after
        if analysis.doc.barrier_before[after]:
            return None
    return None


def _quoted_name_edge(analysis: Analysis, index: int) -> bool:
    """Whether the quotation mark before token `index` opens or closes a quoted name ('أعلن الرئيس
    "قاسم جومارت توكاييف"، الأربعاء، …'), which quotes no speech."""
    edges = analysis.__dict__.get("_quoted_name_edges")
    if edges is None:
        named = list(analysis.names) + [t.person for t in analysis.titles if t.person is not None]
        edges = analysis.__dict__["_quoted_name_edges"] = {m.first for m in named} | {m.last for m in named}
    return index in edges


def _invitation(analysis: Analysis, trigger: PhraseMatch[object]) -> bool:
    """A verb of calling (lexicon `call_verbs`) says something only when what it calls for follows
    in its clause (`call_objects`: "دعا إلى", "دعت للحوار", a colon or a quotation); "دعت المنظمة
    مراقبين من الصين" invites people."""
    tokens, text = analysis.doc.tokens, analysis.doc.text
    if tokens[trigger.first].text.removeprefix("و") not in analysis.words("call_verbs"):
        return False
    objects = analysis.words("call_objects")
    end = min(analysis.sentence_span(trigger.first)[1], trigger.last + 25)
    for index in range(trigger.last, end):
        gap = text[tokens[index - 1].end : tokens[index].start]
        if ":" in gap or not QUOTES.isdisjoint(gap):
            return False
        word = tokens[index].text
        if word in objects or word.startswith(LAM_ARTICLE):
            return False
    return True


def _noun_speaker(
    analysis: Analysis, trigger: PhraseMatch[object], after: list[EntityMatch], sentence: list[EntityMatch]
) -> EntityMatch | None:
    """ "تصريحات رئيس الوزراء الأرميني نيكول باشينيان": the known person, or organisation, named
    right after a noun of saying; none inside what another verb of saying reports."""
    if any(_reported(analysis, t, trigger.first) for t in _triggers_of(analysis, "Statement") if t.first < trigger.first):
        return None
    known = [m for m in after if m.entity.id in analysis.gazetteer.entities]
    if known:
        return min(known, key=lambda m: m.first)
    kinds = analysis.words("statement_speaker_kinds")
    return next((m for m in sentence if m.first == trigger.last and m.via == "name" and m.entity.kind in kinds), None)


def _attribution(analysis: Analysis, trigger: PhraseMatch[object]) -> bool:
    """The trigger attributes what follows rather than saying it ("بحسب", lexicon attribution_cues):
    its speaker is named right after it and nowhere else."""
    word, cues = analysis.doc.tokens[trigger.first].text, analysis.words("attribution_cues")
    return word in cues or word.removeprefix("و") in cues  # "وفقا" is one word, "وبحسب" two


def _speaker(
    analysis: Analysis, trigger: PhraseMatch[object], people: list[PersonAt], sentence: list[EntityMatch]
) -> EntityMatch | None:
    """Who makes a statement: the person, organisation or state named right after the verb of
    saying ("قال وزير الخارجية الروسي سيرغي لافروف", "أعلنت وزارة الخارجية", "أكدت المنظمة"), else
    the one named right before it in its clause ("الرئيس الروسي فلاديمير بوتين يؤكد"). A verb with
    no named subject ("وقال في ختام …") continues a statement already read, so it yields none."""
    tokens = analysis.doc.tokens
    if tokens[trigger.first].text.removeprefix("و").removeprefix("ب").startswith(ARTICLE) or tokens[trigger.first].text.startswith("لل"):
        return None  # "جدير بالذكر": a noun, not a verb of saying
    # Right after the verb, or past adverbs and a date ("أكد مجددا الوزير", "قال اليوم الجمعة …");
    # not past a noun: "بوتين يؤكد تعزيز منظمة …" has its subject before the verb.
    reach = trigger.last
    while _adverb_at(analysis, reach):
        reach += 1
    if reach < len(tokens) and tokens[reach].text in analysis.words("speaker_bare_titles"):
        reach += 1  # "أشار الوزير مناتساكانيان": a title with no holder before the name
    # "جاء في بيان لوزارة …", "وفقا لفياتشيسلاف فولودين": the cue's last word is the proclitic of the
    # speaker's first token.
    low = trigger.last - 1 if trigger.phrase.endswith(" ل") else trigger.last
    if _attribution(analysis, trigger):
        if trigger.first > 0 and analysis.is_saying(tokens[trigger.first - 1].text):
            return None  # 'وأضاف "طبقا للمنظمة …': the attribution is part of what was said
        if low < trigger.last:
            reach = low  # "وفقا لميثاق المنظمة": only the word the ل is written on names who said it
    after = [p.match for p in people if low <= p.head <= reach]
    if tokens[trigger.first].text.removeprefix("و") in analysis.words("statement_nouns"):
        return _noun_speaker(analysis, trigger, after, sentence)
    if after:
        return min(after, key=lambda m: m.first)
    # "أكد رئيس المنظمة، رئيس الوزراء الأرميني نيكول باشينيان،": a title after the verb that names
    # no one is the person set off after it, never the organization inside it.
    title = next((t for t in analysis.titles if trigger.last <= t.first <= reach), None)
    if title is not None:
        # "قال رئيس الأركان المشتركة لمنظمة معاهدة الأمن الجماعي، العقيد أناتولي سيدوروف،": past
        # the organization that closes the title.
        end = title.last
        while (named := next((m for m in sentence if m.first == end and m.entity.is_organization), None)) is not None:
            end = named.last
        # Set off by a comma, or a known person right after the organization ("قال رئيس الأركان
        # المشتركة لمنظمة معاهدة الأمن الجماعي أناتولي سيدوروف إن").
        apposed = [
            p.match for p in people
            if end <= p.head <= end + 1 and (analysis.doc.barrier_before[end] or p.match.entity.id in analysis.gazetteer.entities)
            and not _reported(analysis, trigger, p.head)  # "قال رئيس الوزراء إن الرئيس …": what he said
        ]  # fmt: skip
        return apposed[0] if apposed else _title_run_holder(analysis, trigger, end, people)
    # A news agency that reports ("ذكرت وكالة تاس") is a source, not a speaker: statement_speaker_kinds.
    kinds = analysis.words("statement_speaker_kinds")
    speakers = [m for m in sentence if m.via != "demonym" and (m.entity is None or m.entity.kind in kinds)]
    # "أعلن الجانب الروسي": a side named by its nisba speaks for its state.
    speakers += [m for m in _state_refs(analysis) if m.via == "side" and same_sentence(analysis, m.first, trigger.first)]
    named = [
        m for m in speakers
        if (low <= m.first <= reach and m.entity is not None or m.via == "anaphor" and m.first == trigger.last)
        and not _reported(analysis, trigger, m.first)  # "وقال إن المنظمة …": what was said
    ]  # fmt: skip
    if not named:
        # "ذكرت وكالة الإعلام الروسية نقلا عن حرس الحدود في طاجيكستان أن …": the agency reports
        # what the one it quotes said (quoting_cues right after the agency).
        source = next((m for m in sentence if m.first == trigger.last and m.entity is not None and m.entity.kind not in kinds), None)
        quoting = next((c for c in analysis.cues("quoting_cues") if source is not None and source.last <= c.first <= source.last + 1), None)
        if quoting is not None:
            named = [p.match for p in people if quoting.last <= p.head <= quoting.last + 1]
            named += [m for m in speakers if quoting.last <= m.first <= quoting.last + 1 and m.entity is not None]
    if named and _in_headline(analysis, trigger) and tokens[trigger.first].text in analysis.words("statement_present_verbs"):
        named = []  # "رئيس طاجيكستان يحذر المنظمة من …": a headline's present verb follows its subject
    if named:
        return salient_organization(analysis, min(named, key=lambda m: m.first))
    # "ذكرت الخدمة الصحفية لمنظمة …"، "أعلن المكتب الصحفي لوزارة الدفاع": the press office speaks
    # for the organization or ministry named right after it; "ذكره بيان وزارة الدفاع"، "تقرير دائرة
    # الحدود التابعة للجنة …": a statement or report, for the one who issued it (the first named
    # within a few words, in its clause); "أعلن قادة دول المنظمة": the members' leaders, for it.
    for cues, reach in (("speaker_offices", 0), ("speaker_documents", SPEAKER_DOCUMENT_REACH), ("summit_participant_cues", 3)):
        office = next((c for c in analysis.cues(cues) if c.first == trigger.last), None)
        if office is None:
            continue
        voiced = [
            m for m in speakers
            if office.last <= m.first <= office.last + reach and m.entity is not None
            and not analysis.doc.barrier_between(office.last - 1, m.first) and not _reported(analysis, trigger, m.first)
        ]  # fmt: skip
        if voiced:
            return salient_organization(analysis, min(voiced, key=lambda m: m.first))
    if tokens[trigger.first].text[:1] in ("و", "ف"):
        return None  # "…، وتؤكد قمة يريفان": a coordinated verb's subject is elided or follows it
    if _attribution(analysis, trigger):
        return None  # "…، بحسب ما ذكره تقرير": attributed to what follows, if anything
    # Before the verb, past the particles of a compound tense ("بيسكوف، قد صرح"): the subject.
    start = subject_end(analysis, trigger.first)
    # An organization in construct with a noun or after a preposition ("من دول المنظمة يقول") is
    # not the subject.
    complements = analysis.words("event_clause_prepositions") | analysis.words("statement_construct_heads")
    if tokens[trigger.first].text in analysis.words("quoted_saying"):
        complements = complements - {"عن"}  # "نقلت الوكالة عن وزارة الدفاع قولها": quoted from it
    # "عن أناتولي سيدوروف، رئيس هيئة الأركان المشتركة للمنظمة، قوله": a title after the name it
    # describes ends right before the verb; the speaker is that person, not the title's holder.
    for title in analysis.titles:
        if title.person is None or title.person.last > title.first:
            continue
        end = title.last
        while (named := next((m for m in sentence if m.first == end and m.entity.is_organization), None)) is not None:
            end = named.last  # past the organization that closes the title
        if end == start:
            return title.person
    offices = {c.last for c in analysis.cues("speaker_offices")}
    before = [p.match for p in people if p.match.last == start] + [
        m for m in speakers
        if m.last == start and m.via == "name"
        and (m.first in offices or not (m.first > 0 and tokens[m.first - 1].text in complements))  # "عن مصدر في الوزارة قوله"
    ]  # fmt: skip
    if not before or start == 0:
        return None
    return before[0] if analysis.continues_previous(start) else None


SPEAKER_DOCUMENT_REACH = 4  # words between "بيان" and who issued it ("تقرير دائرة الحدود التابعة للجنة …")


def _title_run_holder(analysis: Analysis, trigger: PhraseMatch[object], end: int, people: list[PersonAt]) -> EntityMatch | None:
    """ "قال قائد بعثة المنظمة الجنرال الروسي أندريه سيرديوكوف"، "شدد رئيس الدولة فخامة الرئيس إمام
    علي رحمان": titles in a row after a verb of saying, each followed by at most a few words (what it
    heads, an honorific: lexicon `speaker_title_gap`), end at the person who holds them. The run
    stops at what opens the report, at another verb of saying and at a full stop: past them a name
    is what was said, not who said it."""
    gap = int(analysis.lexicon.number("speaker_title_gap"))
    starts = {t.first: t.last for t in analysis.titles}
    named = {m.first: m.last for m in analysis.names if m.entity.is_organization}  # a body's name is one word
    heads = {p.head: p.match for p in people}
    sayings = {t.first for t in _triggers_of(analysis, "Statement")}
    step = 0
    while end < len(analysis.doc.tokens) and step <= gap:
        if end in heads:
            return heads[end]
        if end in sayings or _reported(analysis, trigger, end) or not same_sentence(analysis, end, trigger.first):
            return None
        if end in starts:
            end, step = starts[end], 0
            continue
        end, step = named.get(end, end + 1), step + 1
    return None


def _sentence_subject(analysis: Analysis, trigger: PhraseMatch[object], people: list[PersonAt]) -> EntityMatch | None:
    """ "التقى الرئيس الكازاخي … الأمين العام للمنظمة في أستانا، حيث قال إن …": a verb of saying with
    no subject of its own, inside a sentence that opens with a person acting (named within its
    first words, before any other verb of saying), is said by that person. A verb that opens its
    sentence ("وأضاف") goes on with a statement already read, and one after a relative pronoun
    ("… لوكاشينكو، الذي قال") or after أن ("بعد أن دعا") is said by whoever its clause names;
    an attribution ("بحسب ما أوردته وكالة") is no saying."""
    tokens = analysis.doc.tokens
    first = analysis.sentence_span(trigger.first)[0]
    if trigger.first - first < 3 or _attribution(analysis, trigger):
        return None
    # "… الذي قال", "بعد أن دعا إلى المساعدة": a relative or subordinate clause's own subject.
    if tokens[trigger.first - 1].text in analysis.words("relative_pronouns") | analysis.words("statement_content_openers"):
        return None
    if any(first <= t.first < trigger.first for t in _triggers_of(analysis, "Statement")):
        return None
    opening = [p for p in people if p.head - first <= 4 and p.match.last <= trigger.first]
    return opening[0].match if opening else None


def _decider(analysis: Analysis, trigger: PhraseMatch[object], sentence: list[EntityMatch]) -> EntityMatch | None:
    """Who took a decision: an organization, body or ministry (decider_kinds) named right after
    the verb ("قررت المنظمة"، "وافق مجلس الأمن الجماعي"), or right before it in its clause; "قادة
    دول المنظمة" (summit_participant_cues) stand for the organization named after them. A court or a
    person deciding is none of these, and a passive ("تم اعتماد القرار") names no decider."""
    kinds = analysis.words("decider_kinds")
    deciders = [m for m in sentence if m.via != "demonym" and m.entity is not None and m.entity.kind in kinds]
    tokens = analysis.doc.tokens
    start = trigger.last
    leaders = next((c for c in analysis.cues("summit_participant_cues") if c.first == start), None)
    if leaders is not None:
        named = [m for m in deciders if leaders.last <= m.first <= leaders.last + 3]
        return salient_organization(analysis, min(named, key=lambda m: m.first)) if named else None
    agent = next((c for c in analysis.cues("decision_agent_cues") if c.first == start), None)
    if agent is not None:
        start = agent.last  # "تمت الموافقة عليها من قبل المجلس الدائم"
    after = [m for m in deciders if start <= m.first <= start + 1 and not _reported(analysis, trigger, m.first)]
    after += [m for m in analysis.names if m.via == "anaphor" and m.first == start]
    if after:
        return salient_organization(analysis, min(after, key=lambda m: m.first))
    if trigger.first == 0 or tokens[trigger.first].text[:1] in ("و", "ف"):
        return None
    # Before the verb, past the particles of a compound tense ("وكان المجلس قد اتخذ قرارا").
    start = subject_end(analysis, trigger.first)
    before = [m for m in deciders if m.last == start and m.via == "name"]
    return before[0] if before and analysis.continues_previous(start) else None


def _clause_has(analysis: Analysis, trigger: PhraseMatch[object], key: str, before: int, after: int) -> bool:
    """A word of lexicon list `key` in the trigger's clause, within `before` words before it or
    `after` words after it (a name or title counts as one word: "أرسلت روسيا، بطلب من الرئيس
    قاسم جومارت توكاييف، قوات")."""
    first, last = _clause(analysis, trigger.first)
    return any(
        first <= c.first < last and not trigger.first <= c.first < trigger.last
        and (analysis.words_between(c.first, trigger.first) <= before if c.first < trigger.first else analysis.words_between(trigger.last, c.first) < after)
        for c in analysis.cues(key)
    )  # fmt: skip


def _undated(analysis: Analysis, trigger: PhraseMatch[object]) -> bool:
    """ "سلسلة من الاجتماعات الوزارية لم تعلن مواعيدها بعد": the text says the event has no date yet
    (event_undated_cues in its clause after it, before any other trigger)."""
    last = _clause(analysis, trigger.first)[1]
    cues = [c for c in analysis.cues("event_undated_cues") if trigger.last <= c.first < min(last, trigger.last + 8)]
    if not cues:
        return False
    return not any(trigger.last <= t.first < cues[0].first for t in _triggers(analysis))


def _host_subject(analysis: Analysis, trigger: PhraseMatch[object], sentence: list[EntityMatch]) -> EntityMatch | None:
    """ "أرمينيا تستضيف قمتها السنوية": a state or city right before a host verb (event_host_verbs)
    whose object the meeting is, a few words on, in the same clause."""
    hosts = analysis.words("event_host_verbs")
    tokens = analysis.doc.tokens
    for m in sentence:
        if m.via != "name" or m.entity.kind not in ("State", "City") or m.last >= trigger.first:
            continue
        if (
            tokens[m.last].text.removeprefix("و") in hosts and trigger.first - m.last <= 4
            and not analysis.doc.barrier_between(m.last, trigger.first)
        ):  # fmt: skip
            return m
    return None


def _addressed_before(analysis: Analysis, trigger: PhraseMatch[object], sentence: list[EntityMatch]) -> EntityMatch | None:
    """ "توجهت رسميا إلى المنظمة طالبة المساعدة": an organization after إلى earlier in the clause is
    whom a participle of asking addresses; "لم تلب المنظمة الطلب الذي تقدمت به أرمينيا": for a
    request named by a definite noun, the organization named before it in its sentence."""
    first = _clause(analysis, trigger.first)[0]
    tokens, cues = analysis.doc.tokens, analysis.words("event_destination_cues")
    before = [m for m in sentence if m.last <= trigger.first and m.entity.is_organization]
    addressed = [
        m for m in before
        if m.first >= first and m.first > 0 and tokens[m.first - 1].text in cues and trigger.first - m.last <= 3
    ]  # fmt: skip
    if addressed:
        return addressed[-1]
    if analysis.words("relative_pronouns") & set(trigger.phrase.split()) and before:
        return before[-1]
    return None


def _addressed_after(
    analysis: Analysis, trigger: PhraseMatch[object], sentence: list[EntityMatch], requester: EntityMatch | None
) -> EntityMatch | None:
    """ "ناشد رئيس كازاخستان قاسم توكاييف، تحالف معاهدة الأمن الجماعي", "طلب المساعدة من قادة الدول
    الأعضاء في منظمة معاهدة الأمن الجماعي": the first organization after the trigger (and after the
    asker named right after it), a few words on in its clause, is whom the request addresses; an
    organization inside a person's title is the title's."""
    start = max(trigger.last, requester.last if requester is not None and requester.first >= trigger.last else 0)
    last = _clause(analysis, trigger.first)[1]
    titled = {i for p in analysis.people for i in range(p.head, p.match.last)}
    after = [
        m for m in sentence
        if start <= m.first < min(last, start + 8) and m.entity.is_organization and m.via != "demonym"
        and m.first not in titled
    ]  # fmt: skip
    if not after:
        return None
    first = min(after, key=lambda m: m.first)
    return salient_organization(analysis, first) if first.via == "anaphor" else first


def _granting_organization(analysis: Analysis, trigger: PhraseMatch[object], sentence: list[EntityMatch]) -> EntityMatch | None:
    """ "اتخذت المنظمة قرارا بإرسال بعثة بناء على طلب أرمينيا": a request named as what an
    organization acted on (requests_granted) was addressed to the organization named before it."""
    if trigger.phrase not in analysis.words("requests_granted"):
        return None
    before = [m for m in sentence if m.last <= trigger.first and m.entity.is_organization and m.via != "demonym"]
    return salient_organization(analysis, before[-1]) if before else None


def _allies_addressee(analysis: Analysis, trigger: PhraseMatch[object]) -> EntityMatch | None:
    """ "تأخذ يريفان على حلفائها عدم الاستجابة لطلب المساعدة": a request to a state's allies
    (assistance_allies) is addressed to the alliance the article is about so far."""
    ally = next(
        (c for c in analysis.cues("assistance_allies") if same_sentence(analysis, c.first, trigger.first)), None
    )
    if ally is None or not any(m.entity.kind == "InternationalOrganization" for m in analysis.names if m.first < trigger.first):
        return None
    placeholder = EntityMatch(None, ally.first, ally.last, ally.start, ally.end, "anaphor", via="anaphor")  # type: ignore[arg-type]
    found = salient_organization(analysis, placeholder)
    return found if found.entity is not None and found.entity.is_organization else None


def _help_after(analysis: Analysis, addressee: EntityMatch) -> bool:
    """ "دعا الرئيس … الدول الأعضاء في المنظمة إلى التدخل": a help word (assistance_words) within
    three words after whom the request addresses, however long the asker's titles before it."""
    return any(
        addressee.last <= c.first and same_sentence(analysis, addressee.first, c.first)
        and analysis.words_between(addressee.last, c.first) <= 3
        for c in analysis.cues("assistance_words")
    )  # fmt: skip


def _asks_for_help(analysis: Analysis, trigger: PhraseMatch[object]) -> bool:
    """ "وجه طلبا إلى قادة دول المنظمة لمساعدة بلاده": a request is for help when a help word
    (assistance_words) follows it in its clause."""
    last = _clause(analysis, trigger.first)[1]
    return any(
        trigger.last <= c.first < min(last, trigger.last + 8) for c in analysis.cues("assistance_words")
    )


def _subject_organizer(
    analysis: Analysis, trigger: PhraseMatch[object], sentence: list[EntityMatch]
) -> EntityMatch | None:
    """ "عقد مجلس الأمن الجماعي اجتماعا": an organization between a tense verb and the trigger convenes
    it; the body's organization and a preposition may follow it ("انعقد مجلس الأمن الجماعي للمنظمة
    في جلسة استثنائية")."""
    end = trigger.first
    if end > 0 and analysis.doc.tokens[end - 1].text in analysis.words("event_place_cues"):
        end -= 1
    owner = next((m for m in sentence if m.last == end and m.via in ("anaphor", "nested") and m.first < end), None)
    if owner is not None and not any(m.last == end and m.via == "name" and m.first < owner.first for m in sentence):
        end = owner.first
    before = next(
        (m for m in sentence if m.last == end and m.entity.is_organization and m.via == "name"), None
    )
    if before is None or before.first == 0:
        return None
    verbs = analysis.lexicon.phrases("status_cues", "held") + analysis.lexicon.phrases("status_cues", "planned")
    verb = analysis.doc.tokens[before.first - 1].text
    return before if any(verb in (v, "و" + v, "ف" + v) for v in verbs) else None


def _convener_before(analysis: Analysis, trigger: PhraseMatch[object], sentence: list[EntityMatch]) -> EntityMatch | None:
    """ "بحثت لجنة أمناء مجالس الأمن، في اجتماع عقدته في أستانا، …": a meeting noun followed by a
    verb of convening with the meeting as object pronoun (convening_pronoun_verbs) is the meeting
    of the organization named last before it in its sentence, the verb's subject."""
    tokens = analysis.doc.tokens
    if trigger.last >= len(tokens) or tokens[trigger.last].text not in analysis.words("convening_pronoun_verbs"):
        return None
    before = [m for m in sentence if m.last <= trigger.first and m.entity.is_organization and m.via in ("name", "anaphor")]
    return before[-1] if before else None


def _possessor_organizer(analysis: Analysis, trigger: PhraseMatch[object], sentence: list[EntityMatch]) -> EntityMatch | None:
    """ "قد اتخذ مجلس الأمن الجماعي قرارا خلال اجتماعه في أستانا": a meeting noun with a possessive
    pronoun (possessive_meeting_triggers) is the meeting of the organization named last before it
    in its clause."""
    if trigger.phrase not in analysis.words("possessive_meeting_triggers"):
        return None
    first = _clause(analysis, trigger.first)[0]
    before = [m for m in sentence if first <= m.first and m.last <= trigger.first and m.entity.is_organization and m.via == "name"]
    return before[-1] if before else None


def _requester(
    analysis: Analysis, trigger: PhraseMatch[object], people: list[PersonAt], sentence: list[EntityMatch]
) -> EntityMatch | None:
    """Who asked: the person or state inside a split trigger (طلبت أرمينيا المساعدة), else the
    person or state named last before the trigger in its clause ("وكانت أرمينيا قد طلبت
    المساعدة"), else the subject of the sentence's first verb, whose subject the later coordinated
    verbs share ("قبل الرئيس … استقالة حكومة …، وأعلن …، ثم وجه طلبا"). A city standing for its
    state ("طلبت يريفان") is that state; a city that is where something happens (في يريفان) is not."""
    place_cues = analysis.words("event_place_cues") | analysis.words("event_destination_cues")
    named_states = [
        m for m in _state_refs(analysis)
        if m.via in ("name", "metonym", "side") and same_sentence(analysis, m.first, trigger.first)
        and not (m.via == "metonym" and _is_located(analysis, m, trigger, place_cues))
    ]  # fmt: skip
    if analysis.words("relative_pronouns") & set(trigger.phrase.split()):
        # "الطلب الذي تقدمت به أرمينيا": the subject of the relative verb, right after it.
        subject = [m for m in [p.match for p in people] + named_states if trigger.last <= m.first <= trigger.last + 1]
        return min(subject, key=lambda m: m.first, default=None)
    # "ناشد رئيس كازاخستان قاسم توكاييف المنظمة": a verb's subject right after it (not after من);
    # a title naming no one stands for its state ("مناشدة رئيس كازاخستان قادة الدول").
    following = [p.match for p in people if p.head == trigger.last] + [m for m in named_states if m.first == trigger.last]
    following += [
        t.holder for t in analysis.titles
        if t.first == trigger.last and t.person is None and t.holder is not None and t.holder.entity.kind == "State"
    ]  # fmt: skip
    if following:
        return min(following, key=lambda m: m.first)
    if trigger.phrase in analysis.words("requests_granted"):
        return None  # "بناء على طلب الدولة المعنية": no one named, so no request stated
    inside = [p.match for p in people if trigger.first < p.head and p.match.last < trigger.last]
    # A state inside a person's title ("رئيس قرغيزستان صدير جاباروف") is the post's, not the asker.
    titled = {i for p in people for i in range(p.head, p.match.last)}
    pronouns = [m for m in _state_refs(analysis) if m.via == "pronoun"]
    inside += [m for m in named_states + pronouns if trigger.first < m.first and m.last < trigger.last and m.first not in titled]
    if inside:
        return min(inside, key=lambda m: m.first)
    before = [p.match for p in people if p.match.last <= trigger.first] + [
        m for m in named_states if m.last <= trigger.first
    ]
    clause_first = _clause(analysis, trigger.first)[0]
    in_clause = [m for m in before if m.first >= clause_first]
    if in_clause or not before:
        return max(in_clause, key=lambda m: m.last, default=None)
    return min(before, key=lambda m: m.first)


def _state_refs(analysis: Analysis) -> list[EntityMatch]:
    """common.state_references and the sides named by their nisba ("الجانب الأرميني", lexicon
    state_side_nouns: a speaker or a requester, never a member), found once per article."""
    cached = analysis.__dict__.get("_event_state_refs")
    if cached is None:
        sides = analysis.words("state_side_nouns")
        tokens = analysis.doc.tokens
        cached = state_references(analysis) + [
            EntityMatch(m.entity, m.first - 1, m.last, tokens[m.first - 1].start, m.end, m.rule, via="side")
            for m in analysis.names
            if m.entity.kind == "State" and m.via == "demonym" and m.first > 0 and tokens[m.first - 1].text.removeprefix("و") in sides
        ]
        cached.sort(key=lambda m: m.start)
        analysis.__dict__["_event_state_refs"] = cached
    return cached


def _lam_definite(analysis: Analysis, trigger: PhraseMatch[object]) -> bool:
    """للاجتماع is ل + الاجتماع."""
    token = analysis.doc.tokens[trigger.first].text
    return token.startswith("لل") and not trigger.phrase.startswith("ل")


def _event_place(
    analysis: Analysis, trigger: PhraseMatch[object], kind: EventKind, sentence: list[EntityMatch]
) -> EntityMatch | None:
    if kind.kind == "Unrest":
        # "المظاهرات التي عمت البلاد", "الاضطرابات التي عمت كازاخستان": what unrest spread over.
        swept = _swept_state(analysis, trigger, sentence)
        if swept is not None:
            return swept
    if kind.kind == "Unrest" and not kind.destination_cues:
        # "أزمة كازاخستان", "الأزمة الأوكرانية", "أحداث أوزبكستان": a state in construct with the
        # trigger, or its nisba right after it, is where the unrest is (an aggression's is its
        # author: "عدوان أذربيجان على أرمينيا" happened where على points).
        construct = next(
            (m for m in sentence if m.first == trigger.last and m.entity.kind == "State" and m.via in ("name", "demonym")), None
        )
        sides = construct is not None and any(m.first == construct.last and m.entity.kind == "State" for m in sentence)
        if construct is not None and not sides:
            return construct
    # "طلب … مساعدة المنظمة لمواجهة اضطرابات شهدتها بلاده، فأرسلت إليها قوات": a destination
    # pronoun (event_destination_pronouns) in or right after the trigger is the state named last.
    tokens, pronouns = analysis.doc.tokens, analysis.words("event_destination_pronouns")
    pronoun = next(
        (i for i in range(trigger.first, min(trigger.last + 1, len(tokens))) if tokens[i].text in pronouns), None
    )
    if pronoun is not None:
        earlier = [m for m in _state_refs(analysis) if m.last <= pronoun and same_sentence(analysis, m.first, pronoun)]
        if earlier:
            return max(earlier, key=lambda m: m.last)
    if kind.kind == "Visit":
        visited = _visited_directly(analysis, trigger, sentence)
        if visited is not None:
            return visited
    if kind.destination_cues:
        # Within the clause, past what names the subject ("انسحاب قوات حفظ السلام التابعة لمنظمة
        # معاهدة الأمن الجماعي من كازاخستان"): up to 12 tokens, never across punctuation.
        for cue_token in range(trigger.last, min(trigger.last + 12, len(analysis.doc.tokens))):
            if cue_token > trigger.last and analysis.doc.barrier_before[cue_token]:
                break
            if analysis.doc.tokens[cue_token].text in kind.destination_cues:
                anaphor = _state_anaphors(analysis, cue_token + 1, cue_token + 2)
                if anaphor:
                    return anaphor[0]
                return next(
                    (
                        m
                        for m in sentence
                        if cue_token < m.first <= cue_token + 4 and m.entity.kind in ("State", "City") and m.via == "name"
                        and _is_located(analysis, m, trigger, frozenset(kind.destination_cues))
                    ),
                    None,
                )
        if "cued_place" in kind.needs:
            return None  # the country forces leave is the one after من, never where a ceremony was
    first, last = _clause(analysis, trigger.first)
    # "اضطرابات شهدتها بلاده": a country pronoun after a host verb or في is a place too.
    pronouns = [m for m in _state_refs(analysis) if m.via == "pronoun" and first <= m.first < last]
    pronouns += _state_anaphors(analysis, first, last)
    clause = [m for m in sentence if first <= m.first < last] + pronouns + _capitals_by_nisba(analysis, sentence, first, last)
    # "لمناقشة الاضطرابات في قازاقستان": a place after the noun of unrest, drills or forces is theirs
    # (a meeting's or a visit's is shared: "وافق القادة في جلسة المجلس في دوشنبه").
    # "بحث بوتين مع نظيره استعدادات البلدين للاجتماع المقبل في مينسك": what talks discuss is
    # their topic; a meeting named in it keeps its place.
    between = [t.first for t in _triggers_of(analysis, *PLACED_APART_KINDS) if trigger.last <= t.first]
    between += _topic_meetings(analysis, trigger)
    # "تنعقد القمة في ظل الحرب الدائرة في أوكرانيا": what the event happens amid is elsewhere.
    contexts = [c.first for c in analysis.cues("event_context_openers") if trigger.last <= c.first and same_sentence(analysis, c.first, trigger.first)]
    between += contexts
    for cues in (analysis.words("event_place_cues"), analysis.words("event_destination_cues")):
        located = [
            m for m in clause
            if (m.via in ("name", "pronoun") or m.via == "demonym" and _on_territory(analysis, m))
            and m.first > 0 and _is_located(analysis, m, trigger, cues)
            and (_place_rank(m) < 2 or m.entity.kind == "State" and m.first != trigger.last)
            and not any(t < m.first for t in between)
        ]  # fmt: skip
        if located:
            # A city before a region before a state ("في مينسك" beats "في بيلاروسيا").
            place = min(located, key=lambda m: (_place_rank(m), distance(m, trigger)))
            # "على أراضي كازاخستان وقيرغيزستان وطاجيكستان": in several countries, in none of them alone.
            return None if place.entity.kind == "State" and len(listed_states(analysis, place.first, 0)) > 1 else place
    # Else a place elsewhere in the sentence, unless it is nearer another trigger ("حيث وقعت أعمال
    # شغب" after "في كازاخستان"; not "قمة أمس، على أن تستضيف موسكو القمة المقبلة").
    others = [t for t in _triggers(analysis) if t.first != trigger.first and same_sentence(analysis, t.first, trigger.first)]
    located = [
        m for m in sentence
        if m.via == "name" and m.first > 0 and _place_rank(m) < 3
        and _is_located(analysis, m, trigger, analysis.words("event_place_cues"))
        and all(distance(m, trigger) < distance(m, t) for t in others)
        and not any(c < m.first for c in contexts)
    ]  # fmt: skip
    return min(located, key=lambda m: (_place_rank(m), distance(m, trigger)), default=None)


def _state_anaphors(analysis: Analysis, first: int, last: int) -> list[EntityMatch]:
    """ "أرسل التحالف جنودا إلى الدولة الجبلية", "المظاهرات في جميع أرجاء البلاد": a state
    anaphor (lexicon `state_anaphors`) after a place or destination cue (and territory_fillers)
    or on a territory ("على أراضي البلاد": territory_prepositions, territory_words) is the state named latest, in its sentence or the one before."""
    tokens = analysis.doc.tokens
    cues = analysis.words("event_place_cues") | analysis.words("event_destination_cues")
    fillers = analysis.words("territory_fillers")
    territory, on = analysis.words("territory_words"), analysis.words("territory_prepositions")
    found = []
    for index in range(max(first, 1), last):
        cue = index - 1
        while cue > 0 and tokens[cue].text in fillers and index - cue < 3:
            cue -= 1  # "في جميع أرجاء البلاد"
        # "على أراضي البلاد": on its territory, in it
        on_territory = cue > 0 and tokens[cue].text in territory and tokens[cue - 1].text in on
        if tokens[index].text in analysis.words("state_anaphors") and (tokens[cue].text in cues or on_territory):
            state = _anaphor_state(analysis, index)
            if state is not None:
                token = tokens[index]
                found.append(EntityMatch(state.entity, index, index + 1, token.start, token.end, "state-anaphor", via="pronoun"))
    return found


def _swept_state(analysis: Analysis, trigger: PhraseMatch[object], sentence: list[EntityMatch]) -> EntityMatch | None:
    """The state a relative clause right after the trigger says it spread over (lexicon
    `spread_verbs`): named, or a state anaphor ("التي عمت البلاد")."""
    tokens = analysis.doc.tokens
    verb, place = trigger.last + 1, trigger.last + 2
    if place >= len(tokens) or tokens[trigger.last].text not in analysis.words("relative_pronouns"):
        return None
    if tokens[verb].text not in analysis.words("spread_verbs"):
        return None
    named = next((m for m in sentence if m.first == place and m.entity.kind == "State" and m.via == "name"), None)
    if named is not None:
        return named
    if tokens[place].text in analysis.words("state_anaphors"):
        return _anaphor_state(analysis, place)
    return None


def _anaphor_state(analysis: Analysis, index: int) -> EntityMatch | None:
    """The state a state anaphor at token `index` stands for: the one named latest as a place,
    else the one named latest, in its sentence or the one before."""
    return _place_state_before(analysis, index) or analysis.state_before(index, "state-anaphor", sentences_back=1)


def _place_state_before(analysis: Analysis, index: int) -> EntityMatch | None:
    """The state named latest before token `index`, in its sentence or the one before, as a place
    (after في، إلى or من: "الخروج من طاجيكستان … في جميع أنحاء البلاد"), not as an actor ("التي
    تقودها روسيا")."""
    tokens = analysis.doc.tokens
    sentence = analysis.doc.sentence_of[index]
    cues = analysis.words("event_place_cues") | analysis.words("event_destination_cues") | {"من"}
    placed = [
        m for m in analysis.names
        if m.entity.kind == "State" and m.via == "name" and m.last <= index and m.first > 0
        and sentence - 1 <= analysis.doc.sentence_of[m.first] <= sentence and tokens[m.first - 1].text in cues
    ]  # fmt: skip
    if not placed:
        return None
    state = placed[-1]
    return EntityMatch(state.entity, state.first, state.last, state.start, state.end, "state-anaphor", via="implicit")


def _capitals_by_nisba(analysis: Analysis, sentence: list[EntityMatch], first: int, last: int) -> list[EntityMatch]:
    """ "في العاصمة الأرمينية": the capital (lexicon `capitals`, by state) named by its state's nisba
    after a capital word, when no city's name follows to say it ("العاصمة الأرمينية يريفان")."""
    capitals = analysis.lexicon.mapping("capitals")
    words = analysis.words("capital_words")
    tokens = analysis.doc.tokens
    found = []
    for m in sentence:
        if not (first <= m.first < last and m.via == "demonym" and m.first > 0 and tokens[m.first - 1].text in words):
            continue
        city = analysis.gazetteer.by_id(capitals.get(m.entity.id, ""))
        if city is None or any(n.first == m.last and n.entity.kind == "City" for n in sentence):
            continue
        found.append(EntityMatch(city, m.first, m.last, m.start, m.end, m.rule, via="name"))
    return found


def _border_with(analysis: Analysis, state: EntityMatch) -> bool:
    """ "حدود طاجيكستان مع أفغانستان": a border named as the state's with another is in the state."""
    tokens = analysis.doc.tokens
    return state.last < len(tokens) and tokens[state.last].text == "مع"


def _on_territory(analysis: Analysis, match: EntityMatch) -> bool:
    """A state's nisba right after "على الأراضي" ("على الأراضي الطاجيكية"): the country itself."""
    tokens = analysis.doc.tokens
    return (
        match.entity.kind == "State" and match.first > 1
        and tokens[match.first - 1].text in analysis.words("territory_words")
        and tokens[match.first - 2].text.removeprefix("و") in analysis.words("territory_prepositions")
    )  # fmt: skip


def _discusses(analysis: Analysis, trigger: PhraseMatch[object]) -> bool:
    """A verb of discussing (lexicon `discussion_verbs`: بحث، ناقش، تباحث), whose object is a topic."""
    return analysis.doc.tokens[trigger.first].text.removeprefix("و") in analysis.words("discussion_verbs")


def _topic_meetings(analysis: Analysis, trigger: PhraseMatch[object]) -> list[int]:
    """Where the meetings a verb of discussing has in its topic begin (after it), in text order;
    none for any other trigger. Their place, tense and date are theirs, not the talks'."""
    if not _discusses(analysis, trigger):
        return []
    return [t.first for t in _triggers_of(analysis, *MEETING_FAMILY) if trigger.last <= t.first]


def _visited_directly(analysis: Analysis, trigger: PhraseMatch[object], sentence: list[EntityMatch]) -> EntityMatch | None:
    """Where a visit goes when no preposition says it: the first city or state after the trigger,
    within `visit_object_window` words and its clause, that is the object of a verb of visiting
    (lexicon `visit_object_verbs`: "زار لافروف يريفان") or written with the proclitic ل right
    after the trigger ("زيارته لموسكو"). A place behind a preposition is not the object ("زار وفد
    من أرمينيا موسكو"); a filler or nisba before the name belongs to it ("العاصمة الأرمينية يريفان")."""
    tokens = analysis.doc.tokens
    window = int(analysis.lexicon.number("visit_object_window"))
    by_verb = tokens[trigger.first].text.removeprefix("و").removeprefix("ف") in analysis.words("visit_object_verbs")
    prepositions = analysis.words("event_clause_prepositions") | analysis.words("event_destination_cues")
    fillers = analysis.words("event_place_fillers")
    for match in sentence:
        if match.first < trigger.last or match.entity.kind not in ("State", "City") or match.via != "name":
            continue
        if analysis.words_between(trigger.last, match.first) > window or any(
            analysis.doc.barrier_before[i] for i in range(trigger.last, match.first + 1)
        ):
            return None
        clitic = analysis.doc.text[tokens[match.first].start:match.start]
        if clitic == "ل" and match.first == trigger.last:
            return match
        if not by_verb or clitic:
            return None
        index = match.first - 1
        while index >= trigger.last and (tokens[index].text in fillers or tokens[index].text.startswith(ARTICLE) and index > trigger.last and tokens[index - 1].text in fillers):
            index -= 1
        if tokens[index].text not in prepositions:
            return match  # else the subject's complement ("زار وفد من أرمينيا موسكو"): read on
    return None


def _place_rank(match: EntityMatch) -> int:
    """How precisely a name places an event: a city (0), a region inside a state such as "مقاطعة
    فيتيبسك" (1), a state (2); anything else (3) places none. Central Asia or the Caucasus are
    contained in no state: they are settings, not places of one event."""
    kind = match.entity.kind
    if kind == "City":
        return 0
    if kind == "Place" and match.entity.links.get("containedInPlace"):
        return 1
    return 2 if kind == "State" else 3


def _is_located(analysis: Analysis, match: EntityMatch, trigger: PhraseMatch[object], cues: frozenset[str]) -> bool:
    """The name says where something happens: after في/وسط (or the proclitic ب), after a host verb
    (استضافت، شهدتها), right after the trigger ("قمة مينسك"), possibly with العاصمة/مدينة and a
    nisba in between ("في العاصمة البيلاروسية مينسك"). "مقاطعة يريفان" or "تترأسه بيشكيك" name an
    actor, not a place. `cues` are the prepositions (في، or إلى for a destination)."""
    tokens = analysis.doc.tokens
    clitic = analysis.doc.text[tokens[match.first].start:match.start]
    if clitic in ("ب", "وب", "فب") and "في" in cues:
        return True
    hosts = analysis.words("event_host_verbs")
    if _hosts_by_relative(analysis, match, trigger, hosts):
        return True
    fillers = analysis.words("event_place_fillers")
    demonyms = {i for m in analysis.names if m.via == "demonym" for i in range(m.first, m.last)}
    index = match.first - 1
    while index >= 0 and match.first - index <= 4:
        if index == trigger.last - 1 and match.entity.kind == "City" and trigger.phrase not in analysis.lexicon.trigger_status:
            return True  # "قمة مينسك"; not a verb's subject or object ("أرسلت موسكو … قوات إلى …")
        word = tokens[index].text
        bare = word[1:] if word[:1] in ("و", "ف") and len(word) > 2 else word
        if (
            bare in analysis.words("border_words") and match.entity.kind == "State" and not _border_with(analysis, match)
            and trigger.values[0].kind != "Unrest"
        ):  # fmt: skip
            return False  # "مناورات قرب حدود أفغانستان": by a country's border is outside it (clashes are on it)
        if word in cues or bare in cues:
            # "قلقهم إزاء تطورات الوضع في أفغانستان": the topic's place, not the event's, unless
            # that noun is the trigger itself ("بداية الأزمة في كازاخستان": where the crisis is).
            return index == 0 or index == trigger.last or tokens[index - 1].text.removeprefix("و") not in analysis.words("event_topic_nouns")
        if word in hosts or bare in hosts:
            return True
        if "في" in cues and word[:1] == "ب" and word[1:] in fillers and match.entity.kind == "City":
            return True  # "بالعاصمة الروسية موسكو": the place word carries ب, "in"
        if "في" in cues and bare in analysis.words("territory_words") and index > 0 and tokens[index - 1].text in analysis.words("territory_prepositions"):
            return True  # "على أراضي طاجيكستان", "على الأراضي الطاجيكية": on its territory, in it
        # "تستضيف العاصمة الكازاخستانية، أستانا،": the name in apposition to its place words, or
        # quoted, bracketed or after a dash ('قرب مدينة "إيكاترينبورغ"', "إلى العاصمة البيلاروسية
        # (مينسك)", "في عاصمة الجمهورية - أستانا").
        gap = analysis.doc.text[tokens[index].end : tokens[index + 1].start].strip()
        joined = analysis.continues_previous(index + 1) or (gap and (QUOTES | {"(", "-", "–"}).issuperset(gap))
        if not joined or not (word in fillers or index in demonyms):
            return False
        index -= 1
    return False


def _hosts_by_relative(analysis: Analysis, match: EntityMatch, trigger: PhraseMatch[object], hosts: frozenset[str]) -> bool:
    """ "قيرغيزستان، التي شهدت مظاهرات": a place whose relative clause opens with a host verb
    (event_host_verbs) is where the trigger right after that verb happens, whatever precedes it."""
    tokens = analysis.doc.tokens
    at = match.last
    if at + 1 >= len(tokens) or tokens[at].text not in analysis.words("relative_pronouns"):
        return False
    return tokens[at + 1].text in hosts and at + 2 <= trigger.first <= at + 3


def _participants(analysis: Analysis, trigger: PhraseMatch[object], people: list[PersonAt]) -> list[EntityMatch]:
    """People in the trigger's clause who are not merely quoted; for talks, the elided subject too."""
    first, last = _clause(analysis, trigger.first)
    chosen = [p.match for p in people if first <= p.match.first < last and not p.speaker]
    if trigger.values[0].kind == "BilateralTalks":
        chosen = sorted(chosen + _parties(analysis, first, last), key=lambda m: m.first)
    if trigger.values[0].kind == "BilateralTalks" and analysis.doc.tokens[trigger.first].text in analysis.words("possessive_talks"):
        # "وقال لافروف خلال لقائه مع ماساديكوف": the one whose meeting it is, speaker or not.
        owner = [p.match for p in people if p.match.last <= trigger.first and same_sentence(analysis, p.match.first, trigger.first)]
        sentence = analysis.doc.sentence_of[trigger.first]
        if not owner and _occasion_lead(analysis, sentence) is not None:
            # "أعلن بوتين … . وجاء ذلك خلال لقائه …": the speaker of the sentence before.
            before = people_in_sentence(analysis, analysis.doc.sentences[sentence - 1].first) if sentence > 0 else []
            owner = [p.match for p in before if p.speaker][:1] or [p.match for p in before][:1]
        if not owner:
            # "عقب لقائه مع الرئيس الأوزبكي …، أعلن السكرتير العام …": the speaker the sentence names after.
            owner = [p.match for p in people if p.speaker and p.match.first >= trigger.last and same_sentence(analysis, p.match.first, trigger.first)][:1]
        if owner:
            chosen.insert(0, owner[-1])
    elif trigger.values[0].kind == "BilateralTalks" and len(chosen) == 1:
        earlier = [p.match for p in people if p.match.last <= first and not p.speaker]
        if earlier:
            chosen.insert(0, earlier[-1])
    unique: list[EntityMatch] = []
    for match in chosen:
        if all(m.entity.id != match.entity.id for m in unique):
            unique.append(match)
    return unique


def _relative_antecedent(analysis: Analysis, trigger: PhraseMatch[object], people: list[PersonAt]) -> list[EntityMatch]:
    """ "خاتشاتوروف الذي تولى منصبه عام 2017": the person a relative clause opened right before
    the trigger is about."""
    before = trigger.first - 1
    if before < 1 or analysis.doc.tokens[before].text not in analysis.words("relative_pronouns"):
        return []
    return [p.match for p in people if p.match.last == before][:1]


def _parties(analysis: Analysis, first: int, last: int) -> list[EntityMatch]:
    """States that take part in talks without a named person: "نظيره الكازاخستاني" (a counterpart
    with a nisba) and a nisba after a party noun ("الجانب الروسي", "الوزير الروسي"; talks_party_nouns)."""
    found = [
        t.holder for t in analysis.titles
        if first <= t.first < last and t.person is None and t.holder is not None and t.holder.entity.kind == "State"
    ]  # fmt: skip
    nouns = analysis.words("talks_party_nouns")
    in_titles = {i for t in analysis.titles for i in range(t.first, t.last)}
    found += [
        m for m in analysis.names
        if first <= m.first < last and m.via == "demonym" and m.entity.kind == "State" and m.first > 0
        and m.first not in in_titles and analysis.doc.tokens[m.first - 1].text.removeprefix("و") in nouns
        and not analysis.doc.barrier_before[m.first]
    ]  # fmt: skip
    return found


def _clause(analysis: Analysis, token: int) -> tuple[int, int]:
    """The clause around a token: its sentence cut at "، و…" (a comma before a conjoined verb)."""
    first, last = analysis.sentence_span(token)
    breaks = _clause_breaks(analysis, analysis.doc.sentence_of[token])
    after = bisect_right(breaks, token)  # breaks[:after] are at or before the token
    start = breaks[after - 1] if after else first
    end = breaks[after] if after < len(breaks) else last
    return start, end


def _clause_breaks(analysis: Analysis, sentence: int) -> list[int]:
    """The tokens of a sentence (not its first) that open a new clause, in order; found once per
    sentence, since several pieces of every trigger look up their clause."""
    cache: dict[int, list[int]] = analysis.__dict__.setdefault("_event_clause_breaks", {})
    if sentence in cache:
        return cache[sentence]
    first, last = analysis.doc.sentences[sentence].first, analysis.doc.sentences[sentence].last
    openers = {c.first for c in analysis.cues("event_clause_openers")}
    prepositions = analysis.words("event_clause_prepositions")
    breaks = []
    for index in range(first + 1, last):
        word = analysis.doc.tokens[index].text
        # "، وأجرى …" opens a clause; "، وعلى هامش القمة" and "، والرئيس …" continue this one.
        conjoined = word.startswith("و") and not word[1:].startswith(ARTICLE) and word[1:] not in prepositions
        if analysis.doc.barrier_before[index] and (conjoined or index in openers):
            breaks.append(index)
    cache[sentence] = breaks
    return breaks


def _antecedent(
    analysis: Analysis, draft: EventDraft, events: list[tuple[EventDraft, Record]]
) -> tuple[EventDraft, Record] | None:
    """A definite trigger (الاجتماع، قمة مينسك، القمة نفسها) with no date of its own is the latest
    event of its kind, unless a place written right after it is another one's; "القمة المقبلة"
    is a new event."""
    if draft.kind == "Statement":
        # "وأضاف لافروف": the same speaker's statement read before, unless it is dated otherwise.
        same = [
            e for e in events
            if e[0].kind == "Statement" and e[0].speaker is not None and draft.speaker is not None
            and e[0].speaker.entity.id == draft.speaker.entity.id
            and (draft.date is None or e[0].date is not None and e[0].date.mention.value == draft.date.mention.value)
        ]  # fmt: skip
        return same[-1] if same else None
    if _marked_other(analysis, draft.trigger):
        return None
    if draft.date is not None:
        # "جلسة اليوم" after "جلسة مجلس الأمن الجماعي … اليوم": the same kind on the same day.
        same_day = [
            e for e in events
            if _same_family(draft, e[0]) and e[0].date is not None and e[0].date.mention.value == draft.date.mention.value
            and (draft.place is None or e[0].place is None or e[0].place.entity.id == draft.place.entity.id)
        ]  # fmt: skip
        if same_day:
            return same_day[-1]
    if not (draft.definite or draft.same_as_before):
        return None
    if draft.date is not None and not draft.same_as_before and not _loose_date(analysis, draft):
        return None
    same_family = [e for e in events if _same_family(draft, e[0])]
    if not same_family:
        return None
    antecedent = same_family[-1]
    if draft.place is not None and draft.kind != "Visit" and _place_attached(analysis, draft):
        placed = [e for e in same_family if e[0].place is not None and e[0].place.entity.id == draft.place.entity.id]
        return placed[-1] if placed else None
    where = antecedent[0].place
    if draft.kind == "Unrest" and draft.place is not None and where is not None:
        # "الأزمة الأوكرانية … الاضطرابات التي تشهدها كازاخستان": unrest in another country is
        # another event, however the noun refers back. (Not drills or forces: a place their
        # sentence names may be where units come from, "وحدات من كازاخستان … قبل بدء المناورات".)
        if not _nested_places(analysis, draft.place.entity.id, where.entity.id):
            return None
    return antecedent


def _loose_date(analysis: Analysis, draft: EventDraft) -> bool:
    """A date far from a definite trigger dates another verb of the clause ("يصادق الوزراء غدا على
    الوثائق التي سترفع إلى القمة"), not the event the trigger refers back to."""
    date, trigger = draft.date, draft.trigger
    if date is None:
        return False
    if date.first >= trigger.last:
        return analysis.doc.barrier_between(trigger.last - 1, date.first)
    return analysis.words_between(date.last, trigger.first) > int(analysis.lexicon.number("event_date_window"))


def _same_family(draft: EventDraft, other: EventDraft) -> bool:
    """Whether `draft` may name `other`: the same kind, or "the meeting" for any kind of meeting,
    talks included when it names no body and no place of its own ("خلال لقائه مع ماساديكوف …
    للاجتماع أهمية عملية")."""
    if other.kind == draft.kind or (draft.kind == "Meeting" and other.kind in MEETING_FAMILY):
        return True
    return draft.kind == "Meeting" and other.kind == "BilateralTalks" and draft.organizer is None and draft.place is None


def _merge_undated(facts: Facts, events: list[tuple[EventDraft, Record]]) -> None:
    """An event with a place but no date ("قمة بيشكيك" in a headline) is the dated event of the same
    kind whose place is the same or not said, when the article has exactly one such event."""
    for draft, record in events:
        if draft.date is not None or record.id not in facts.records:
            continue
        if draft.place is None:
            _merge_unplaced(facts, draft, record, events)
            continue
        dated = {
            r.id: r for d, r in events
            if r is not record and d.kind == draft.kind and d.date is not None and r.id in facts.records
            and r.properties.get("location") in (None, draft.place.entity.id)
            # "تستضيف أرمينيا قمتها المقبلة" is not the summit held yesterday; a decided event
            # ("قرر إرسال قوات إلى قازاخستان") is the one carried out, and one whose words mark no
            # tense (a headline) may be either.
            and (d.status == draft.status or draft.decided or draft.unmarked)
        }  # fmt: skip
        same_place = [r for r in dated.values() if r.properties.get("location") == draft.place.entity.id]
        headline = draft.trigger.first < min((d.trigger.first for d, r in events if r.id in dated), default=0)
        if len(dated) == 1:
            target = next(iter(dated.values()))
        elif same_place and (len(same_place) == 1 or headline):
            target = same_place[0]  # a headline names the article's first (main) event
        elif (generic := _generic_meeting(facts, draft, record, events)) is not None:
            target = generic
        else:
            continue
        target.properties.setdefault("location", draft.place.entity.id)
        target.add_values("participant", record.properties.get("participant", []))
        _merge_into(facts, record, target)


def _generic_meeting(facts: Facts, draft: EventDraft, record: Record, events: list[tuple[EventDraft, Record]]) -> Record | None:
    """ "قمة المنظمة في موسكو" undated, and "اجتماع المنظمة اليوم" dated: when the article's only
    dated meeting of the undated summit's (or ministerial meeting's) organization is a generic
    meeting unplaced or in the same place, it is that summit. Its record is named again by the
    specific kind (`record`'s kind), keeping its date; returns it."""
    if draft.kind not in ("Summit", "MinisterialMeeting") or draft.place is None:
        return None
    organizer = record.properties.get("organizer")
    generic = [
        (d, r) for d, r in events
        if d.kind == "Meeting" and d.date is not None and r.id in facts.records and d.status == draft.status
        and r.properties.get("organizer") == organizer and r.properties.get("location") in (None, draft.place.entity.id)
    ]  # fmt: skip
    if len(generic) != 1:
        return None
    meeting, old = generic[0]
    new_id = f"event/{slugify(draft.kind)}-" + old.id.removeprefix(f"event/{slugify(meeting.kind)}-")
    specific = facts.get(draft.kind, new_id)
    specific.properties.update(old.properties)
    for evidence in old.evidence:
        specific.add_evidence(evidence)
    del facts.records[old.id]
    meeting.kind = draft.kind
    events[events.index((meeting, old))] = (meeting, specific)
    return specific


def _merge_unplaced(facts: Facts, draft: EventDraft, record: Record, events: list[tuple[EventDraft, Record]]) -> None:
    """Talks with neither date nor place ("لافروف يبحث مع نظيره القيرغيزي" in a headline) are the
    one dated event of the same kind that shares a participant with them; a meeting with neither
    ("قال خلال قمة المنظمة") is the article's one other meeting of its family, if it has one."""
    parties = set(record.properties.get("participant", []))
    if not parties and draft.kind in MEETING_FAMILY:
        others = {
            r.id: r for d, r in events
            if r is not record and r.id in facts.records and _same_family(draft, d) and d.status == draft.status
            and (d.date is not None or d.place is not None)
        }  # fmt: skip
        if len(others) == 1:
            _merge_into(facts, record, next(iter(others.values())))
        return
    if not parties:
        return
    dated = {
        r.id: r for d, r in events
        if r is not record and d.kind == draft.kind and d.date is not None and r.id in facts.records
        and d.status == draft.status and parties & set(r.properties.get("participant", []))
    }  # fmt: skip
    if len(dated) != 1:
        return
    target = next(iter(dated.values()))
    target.add_values("participant", sorted(parties))
    _merge_into(facts, record, target)


def _merge_headline(analysis: Analysis, facts: Facts, events: list[tuple[EventDraft, Record]]) -> None:
    """A headline restates the lead: an undated event of the title ("وزير الدفاع الروسي يصل إلى
    مينسك للمشاركة في اجتماع المنظمة") is the article's one undated event of its family in the
    body whose place is the same, not said, or contains the headline's or is contained in it
    (Minsk in Belarus). The event keeps what the body says, its kind (a ministerial meeting is
    more than "a meeting") and its place, the headline's where the body says none or, for a
    meeting, where the headline's is the city in the body's country (it sat in Minsk, in Belarus);
    unrest and visits keep the country the body gives."""
    if analysis.article.title is None:
        return
    end = _title_end(analysis)
    for draft, record in events:
        if draft.trigger.first >= end or draft.date is not None or draft.place is None or record.id not in facts.records:
            continue
        place = draft.place.entity.id
        body = {
            r.id: r for d, r in events
            if r is not record and d.trigger.first >= end and r.id in facts.records and d.date is None and _same_family(draft, d)
            and _nested_places(analysis, place, r.properties.get("location"))
        }  # fmt: skip
        if len(body) != 1:
            continue
        target = next(iter(body.values()))
        where = target.properties.get("location")
        if where is None or (draft.kind in MEETING_FAMILY and _inside(analysis, place, where)):
            target.properties["location"] = place  # where a meeting sat: Minsk, not Belarus
        target.add_values("participant", record.properties.get("participant", []))
        _merge_into(facts, record, target)


def _nested_places(analysis: Analysis, place: str, other: str | None) -> bool:
    """`other` is not said, is `place`, or one of the two contains the other."""
    return other is None or other == place or _inside(analysis, place, other) or _inside(analysis, other, place)


def _inside(analysis: Analysis, place: str, container: str) -> bool:
    """The reference data puts `place` in `container` (schema:containedInPlace)."""
    entity = analysis.gazetteer.by_id(place)
    return entity is not None and entity.links.get("containedInPlace") == container


def _merge_into(facts: Facts, record: Record, target: Record) -> None:
    """One event named twice: `record`'s evidence goes to `target`, and `record` is no more."""
    for evidence in record.evidence:
        target.add_evidence(evidence)
    del facts.records[record.id]


def _place_attached(analysis: Analysis, draft: EventDraft) -> bool:
    """The place follows the trigger with nothing but place words, a relative pronoun or a tense verb
    between them ("القمة التي عقدت في العاصمة الأرمينية يريفان")."""
    place, trigger = draft.place, draft.trigger
    if place is None or place.first < trigger.last:
        return False
    allowed = (
        analysis.words("event_place_cues") | analysis.words("event_place_fillers") | analysis.words("event_host_verbs")
        | analysis.words("relative_pronouns") | frozenset(analysis.lexicon.phrases("status_cues", "held"))
        | frozenset(analysis.lexicon.phrases("status_cues", "planned"))
    )  # fmt: skip
    demonyms = {i for m in analysis.names if m.via == "demonym" for i in range(m.first, m.last)}
    return all(
        analysis.doc.tokens[i].text.removeprefix("و") in allowed or i in demonyms for i in range(trigger.last, place.first)
    )


def _marked(analysis: Analysis, trigger: PhraseMatch[object], key: str) -> bool:
    """One of the words of `key` within two words after the trigger (past a place name)."""
    words = analysis.words(key)
    names = {m.first: m.last for m in analysis.names if m.first >= trigger.last}
    index, seen = trigger.last, 0
    while index < len(analysis.doc.tokens) and seen < 3 and not analysis.doc.barrier_before[index]:
        if analysis.doc.tokens[index].text in words:
            return True
        index = names.get(index, index + 1)
        seen += 1
    return False


def _marked_same(analysis: Analysis, trigger: PhraseMatch[object]) -> bool:
    return _marked(analysis, trigger, "same_event_markers")


def _marked_other(analysis: Analysis, trigger: PhraseMatch[object]) -> bool:
    return _marked(analysis, trigger, "other_event_markers")


def _occasion_of_saying(analysis: Analysis, trigger: PhraseMatch[object]) -> bool:
    """ "قال بوتين خلال قمة المنظمة"، "في كلمة أمام جلسة المجلس": a meeting named as where a verb
    of saying in its sentence was said (occasion_leads right before the trigger), not in what it
    says; or as when or where anything was done (occasion_leads_any_act: خلال، أثناء، على هامش)."""
    tokens = analysis.doc.tokens
    if trigger.first == 0:
        return False
    lead = tokens[trigger.first - 1].text.removeprefix("و")
    if lead in analysis.words("occasion_leads_any_act"):
        return True  # "قدم بوتين، خلال قمة المنظمة، رؤية"، "على هامش القمة": whatever was done there
    if lead not in analysis.words("occasion_leads"):
        return False
    return any(
        same_sentence(analysis, t.first, trigger.first) and not _reported(analysis, t, trigger.first)
        for t in _triggers_of(analysis, "Statement")
    )


def _treaty_organizer(analysis: Analysis, trigger: PhraseMatch[object], sentence: list[EntityMatch]) -> EntityMatch | None:
    """ "اجتماع معاهدة الأمن الجماعي": a founding treaty in construct with a meeting noun stands
    for the organization it founded, as outlets shorten its name."""
    treaty = next((m for m in sentence if m.first == trigger.last and m.entity.kind == "Treaty"), None)
    founded = founded_by(analysis, treaty.entity.id) if treaty is not None else None
    return None if founded is None else EntityMatch(founded, treaty.first, treaty.last, treaty.start, treaty.end, treaty.rule, via="treaty")


def _heads_attend(analysis: Analysis, trigger: PhraseMatch[object]) -> bool:
    """ "اجتماع المنظمة … بحضور الرئيس الروسي": an attendance word (attendance_cues) after the
    trigger in its sentence, right before the title of a head of state or government
    (summit_attendee_roles)."""
    roles = analysis.lexicon.identifiers("summit_attendee_roles")
    heads = {t.first for t in analysis.titles if t.role is not None and t.role.id in roles}
    return any(
        trigger.last <= cue.first and same_sentence(analysis, cue.first, trigger.first) and cue.last in heads
        for cue in analysis.cues("attendance_cues")
    )


def _leaders_subject(analysis: Analysis, trigger: PhraseMatch[object], cues: str = "summit_subject_cues") -> bool:
    """A verb of meeting (meeting_verbs) with the leaders (or, with ministerial_participant_cues,
    ministers: "اجتمع وزراء دفاع الدول الأعضاء") right after it as its subject."""
    tokens = analysis.doc.tokens
    if tokens[trigger.first].text.removeprefix("و").removeprefix("ف") not in analysis.words("meeting_verbs"):
        return False
    return any(cue.first == trigger.last for cue in analysis.cues(cues))


def _leaders_meet(analysis: Analysis, trigger: PhraseMatch[object], cues: str = "summit_participant_cues") -> bool:
    """ "يعقد قادة المنظمتين اجتماعا", "اللقاء الذي جمع قادة المنظمة": a meeting of heads of state
    (or, with ministerial_participant_cues, "سيعقد وزراء الخارجية اجتماعهم المقبل": of ministers)."""
    window = 5
    return any(
        same_sentence(analysis, cue.first, trigger.first)
        and (
            cue.last <= trigger.first and analysis.words_between(cue.last, trigger.first) <= 2 * window
            or trigger.last <= cue.first <= trigger.last + window
        )
        and not analysis.doc.barrier_between(min(cue.first, trigger.first), max(cue.last, trigger.last) - 1)
        for cue in analysis.cues(cues)
    )


def _event_date(analysis: Analysis, trigger: PhraseMatch[object]) -> DateAt | None:
    """The nearest date of the trigger's clause, else of its sentence; never one that starts a period
    ("منذ أن أعلن … في شباط الماضي", "اعتبارا من الأول من يناير")."""
    starts = analysis.cues("event_date_excluders")
    candidates = [
        d for d in analysis.dates
        if d.mention.starts_something and not d.after_since
        and same_sentence(analysis, d.first, trigger.first)
        and not any(
            c.last <= d.first and same_sentence(analysis, c.first, d.first) and not analysis.doc.barrier_between(c.last, d.first)
            for c in starts
        )
        and not _span_end(analysis, d)
    ]  # fmt: skip
    periods = analysis.lexicon.phrases("event_period_prefixes")
    first, last = _clause(analysis, trigger.first)
    # "طلب الرئيس، مساء الخامس جانفي، مساعدة الحلفاء لمواجهة اضطرابات": a date enclosed by another
    # trigger's words is that event's.
    enclosed = [
        (t.first, t.last) for t in _triggers(analysis)
        if t.first != trigger.first and same_sentence(analysis, t.first, trigger.first) and t.last - t.first > 2
    ]  # fmt: skip
    subordinators = [c.first for c in analysis.cues("event_date_subordinators") if trigger.last <= c.first]
    # "تأتي المناورات بعد عامين على انسحاب القوات … في يناير 2022": a date after another kind of
    # event's trigger is that event's; meetings named together ("اجتماع المجلس والاجتماع العام
    # … في 19 ديسمبر") share it, and a verb of saying is no event that could own it.
    # A meeting named as the frame of the act ("التقى بوتين على هامش القمة لوكاشينكو في مينسك يوم
    # الأربعاء", occasion_leads_any_act) shares its day with it; a decision or statement takes the
    # frame's date and place together (`_occasion`).
    kind = trigger.values[0].kind
    frames = analysis.words("occasion_leads_any_act")
    tokens = analysis.doc.tokens
    later = [
        t.first for t in _triggers(analysis)
        if trigger.last <= t.first and t.values[0].kind not in ("Statement", kind)
        and not {t.values[0].kind, kind} <= MEETING_FAMILY and same_sentence(analysis, t.first, trigger.first)
        and not (kind not in AT_OCCASION_KINDS and t.first > 0 and tokens[t.first - 1].text.removeprefix("و") in frames)
    ]  # fmt: skip
    # "في القمة، أعلن بوتين أن رئاسة بلاده للمنظمة في عام 2026 …", "أكد بوتين خلال القمة أن …": what a
    # verb of saying reports is no date of the saying or of an event outside what it reports,
    # unless it names the day of speaking ("… التي عبر عنها اليوم"). An event inside the report
    # keeps its own ("قال إن القمة المقبلة ستعقد في نوفمبر").
    reporting = [
        t for t in _triggers_of(analysis, "Statement")
        if same_sentence(analysis, t.first, trigger.first) and (t.first == trigger.first or not _reported(analysis, t, trigger.first, quotes=False))
    ]  # fmt: skip
    # "…، وذلك اليوم الأربعاء": a date led back to the main clause is its, past any other trigger.
    led_back = {d.first for d in candidates if _led_back(analysis, d.first, trigger.last) or _attributed_today(analysis, d, trigger)}
    # "استمرار المظاهرات …، أكد الوزير يوم الخميس أن …": a date right after a later verb of
    # saying, before what it reports, is the day of saying.
    said_after = [
        t for t in reporting if trigger.last <= t.first and t.first != trigger.first
    ]
    inside = [
        d for d in candidates
        if (first <= d.first < last or _opens_sentence(analysis, d) or d.first in led_back)
        and (d.first in led_back or not any(t.last <= d.first and not _reported(analysis, t, d.first) for t in said_after))
        and not _as_written(analysis, d).startswith(periods)
        and not _in_closed_relative(analysis, d, trigger)
        and (d.first in led_back or not any(trigger.last <= c < d.first for c in subordinators))
        and (d.first in led_back or not any(t < d.first for t in later))
        # (A quotation mark may quote a name there: only a word or a colon opens the report.)
        and (_speech_day(analysis, d) or not any(_reported(analysis, t, d.first, quotes=False) for t in reporting))
    ]  # fmt: skip
    # "أعلن المكتب، اليوم السبت، عن مناورات … خلال شهر أكتوبر القادم", "(سبوتنيك - 13 أكتوبر) أعلنت
    # الجمعية أن تدريبات … ستجري يومي 22-23": where a verb of saying comes before the trigger in its
    # clause, a date before the trigger dates the saying; the event's own date, if any, wins.
    if kind == "Statement" and _in_headline(analysis, trigger):
        # "بوتين يؤكد تعزيز المنظمة خلال رئاسة روسيا في 2026": a headline's verb takes what was said
        # as its object, no أن between; a date after it is what was said, unless it names the day
        # of speaking ("اليوم").
        inside = [d for d in inside if d.last <= trigger.first or _speech_day(analysis, d)]
    saying = any(first <= t.first and t.last <= trigger.first for t in _triggers_of(analysis, "Statement"))
    if kind in MEETING_FAMILY and any(
        first <= t.first and trigger.first in _topic_meetings(analysis, t) for t in _triggers_of(analysis, "BilateralTalks")
    ):
        # "بحث بوتين مع نظيره هاتفيا أمس التحضيرات لقمة المنظمة": a date before a meeting that
        # talks discuss is the talks'.
        inside = [d for d in inside if d.first >= trigger.last]
    # Own dates first: one enclosed by another trigger only when the clause has no other.
    return min(
        inside,
        key=lambda d: (any(f < d.first and d.last < l for f, l in enclosed), saying and d.last <= trigger.first, distance(d, trigger), d.last <= trigger.first),
        default=None,
    )


def _span_end(analysis: Analysis, date: DateAt) -> bool:
    """ "خطة للتعاون حتى عام 2030": a year right after a word of reaching (lexicon
    `event_year_span_ends`) is where a plan or a period ends, not when anything happened."""
    value = date.mention.value
    return (
        value is not None and value.precision == "year" and date.first > 0
        and analysis.doc.tokens[date.first - 1].text.removeprefix("و") in analysis.words("event_year_span_ends")
    )  # fmt: skip


def _in_headline(analysis: Analysis, trigger: PhraseMatch[object]) -> bool:
    """Whether the trigger is in the article's headline: its title, when that reads as one (no
    final stop, at most HEADLINE_WORDS words); an excerpt without a headline gives its first
    paragraph as the title."""
    title = analysis.article.title
    if title is None or title.text.rstrip().endswith((".", "؟", "!")) or len(title.text.split()) > HEADLINE_WORDS:
        return False
    return trigger.first < _title_end(analysis)


def _title_end(analysis: Analysis) -> int:
    """The first token after the article's title (0 with none)."""
    title = analysis.article.title
    return 0 if title is None else analysis.doc.token_index_at_or_after(title.end)



def _speech_day(analysis: Analysis, date: DateAt) -> bool:
    """ "قال إن اجتماع القادة اليوم …": a date that names the day of speaking (statement_speech_day)."""
    return _as_written(analysis, date).removeprefix("و").startswith(analysis.lexicon.phrases("statement_speech_day"))


def _in_closed_relative(analysis: Analysis, date: DateAt, trigger: PhraseMatch[object]) -> bool:
    """ "وبحسب الأرقام التي أعلنتها النيابة السبت الماضي، أسفرت الاضطرابات": a date in a relative
    clause that punctuation closes before the trigger dates that clause's verb, not the event; so
    does one in a relative clause set off by commas after a verb of saying, about its speaker
    ("وأعلنت المنظمة، التي تترأسها كازاخستان هذا العام، أن …")."""
    relatives = analysis.words("relative_pronouns")
    if date.first >= trigger.last:
        # After a meeting's noun the relative clause is the meeting's ("الاجتماع، الذي سيعقد في 19
        # ديسمبر"); after a verb of saying it qualifies the speaker.
        return trigger.values[0].kind == "Statement" and _in_apposed_relative(analysis, date, trigger.last, relatives)
    if date.last > trigger.first or not analysis.doc.barrier_between(date.last - 1, trigger.first):
        return False
    index = date.first - 1
    while index >= 0 and same_sentence(analysis, index, date.first) and not analysis.doc.barrier_before[index + 1]:
        if analysis.doc.tokens[index].text.removeprefix("و") in relatives:
            return True
        index -= 1
    return False


def _in_apposed_relative(analysis: Analysis, date: DateAt, low: int, relatives: frozenset[str]) -> bool:
    """Whether the date stands in a relative clause opened by a comma and a relative pronoun after
    token `low` and closed by punctuation right after the date ("، التي … هذا العام،")."""
    tokens, barrier = analysis.doc.tokens, analysis.doc.barrier_before
    if date.last < len(tokens) and not barrier[date.last]:
        return False
    index = date.first - 1
    while index >= low and not barrier[index + 1]:
        if tokens[index].text.removeprefix("و") in relatives:
            return barrier[index]
        index -= 1
    return False


def _as_written(analysis: Analysis, date: DateAt) -> str:
    """The date phrase with the proclitic glued to it (لعام 2025), which the mention leaves out."""
    text, start = analysis.doc.text, date.mention.start
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return text[start:date.mention.end]


def _opens_sentence(analysis: Analysis, date: DateAt) -> bool:
    """ "ففي 7 أكتوبر 2002، وقع …": a date set apart at the head of a sentence dates all of it."""
    first, last = analysis.sentence_span(date.first)
    leads = analysis.words("event_date_leads")
    lead = date.first
    while lead > first + 1 and analysis.doc.tokens[lead - 1].text.removeprefix("و").removeprefix("ف") in leads:
        lead -= 1  # "وفي مساء 3 يونيو، وجه …"
    return lead - first <= 1 and (date.last >= last or analysis.doc.barrier_before[date.last])


def _status_by_date(analysis: Analysis, draft: EventDraft) -> str:
    """An event dated after publication (at the date's precision) has not happened yet."""
    published_on = analysis.article.published
    if draft.date is None or draft.status == "cancelled" or published_on is None:
        return draft.status
    iso = draft.date.mention.value.iso
    return "planned" if iso > published_on.isoformat()[: len(iso)] else draft.status


def _refined(
    analysis: Analysis, facts: Facts, events: list[tuple[EventDraft, Record]], antecedent: tuple[EventDraft, Record], draft: EventDraft
) -> tuple[EventDraft, Record]:
    """ "خلال الجلسة الموسعة للمنظمة … ويرأس جلسة مجلس الأمن الجماعي": the article's one meeting,
    named again, in passing, as the session of one of the organisation's bodies (body_kinds), is of
    that body's kind, a summit or a ministerial meeting, with that body as organizer. Its record is
    named again with that kind."""
    earlier, record = antecedent
    if earlier.kind != "Meeting" or draft.kind not in MEETING_FAMILY - {"Meeting"} or draft.organizer is None or record.id not in facts.records:
        return antecedent
    organizer = earlier.organizer.entity if earlier.organizer is not None else None
    if organizer is not None and organizer.id != draft.organizer.entity.id and draft.organizer.entity.links.get("unitOf") != organizer.id:
        return antecedent  # a meeting of another organisation
    del facts.records[record.id]
    earlier.kind, earlier.organizer = draft.kind, draft.organizer
    refined = event_record(analysis, facts, earlier)
    for evidence in record.evidence:
        refined.add_evidence(evidence)
    refined.add_values("participant", record.properties.get("participant", []))
    position = next(i for i, (d, _) in enumerate(events) if d is earlier)
    events[position] = (earlier, refined)
    return earlier, refined


def _join_antecedent(analysis: Analysis, draft: EventDraft, antecedent: tuple[EventDraft, Record]) -> None:
    """The event named again says where it is when it was not said before ("القمة … اليوم" after
    the summit dated in the lead: "… القمة التي تعقد اليوم في موسكو"); people said to attend "the
    meeting" become its participants."""
    earlier, record = antecedent
    if earlier.place is None and draft.place is not None and draft.kind == earlier.kind:
        earlier.place = draft.place
        record.properties["location"] = draft.place.entity.id
        record.add_evidence(analysis.sentence_evidence(draft.trigger.first, "event-anaphor"))
    participation = analysis.cues("participation_cues")
    if not draft.participants or not any(same_sentence(analysis, c.first, draft.trigger.first) for c in participation):
        return
    record = antecedent[1]
    record.add_values("participant", [m.entity.id for m in draft.participants])
    record.add_evidence(analysis.sentence_evidence(draft.trigger.first, "event-anaphor"))


def _complete(draft: EventDraft, placed: bool = True) -> bool:
    """An event needs a date or a place (unless not `placed`), and what its kind requires."""
    needs = set(draft.trigger.values[0].needs)
    if draft.leaders:
        needs.discard("participants")  # "التقى رؤساء سبع جمهوريات": the leaders, named or not
    if "participants" in needs and len(draft.participants or []) < 2:
        return False
    if "requester" in needs and draft.requester is None:
        return False
    if "addressee" in needs and draft.addressee is None:
        return False
    if ("place" in needs or "cued_place" in needs or "related_place" in needs) and draft.place is None:
        return False
    if "speaker" in needs and draft.speaker is None:
        return False
    if "decider" in needs and draft.organizer is None and not (draft.at_occasion or draft.dated_before):
        return False
    if "ministers" in needs and not draft.ministers:
        return False
    if "appointee" in needs and not any(m.entity.kind == "Person" for m in draft.participants or []):
        return False
    if "leaders" in needs and not draft.leaders:
        return False
    if "help" in needs and not draft.asks_for_help:
        return False
    if "clash" in needs and not (draft.place is not None or draft.clash_context):
        return False
    if draft.kind == "Unrest" and len(draft.participants or []) == 2 and draft.participants[0].entity.kind == "State":
        return True  # clashes between two states: the states identify them
    if "troops" in needs and not draft.troops:
        return False
    if "no_troops" in needs and draft.troops:
        return False
    if draft.occasion_of_saying and draft.organizer is not None:
        return True  # "قال بوتين خلال قمة منظمة معاهدة الأمن الجماعي": a real meeting, date or none
    # A request is identified by who asked whom; clashes and arrivals need a date or a place.
    return not placed or draft.date is not None or draft.place is not None or bool(needs - CONDITIONS)


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
    elif draft.place is not None and draft.kind in ("Deployment", "ForcesWithdrawal"):
        # Forces go to (or leave) a country: two in one month are two events, and articles that
        # name its city or the country name the same one.
        key_parts.append(draft.place.entity.links.get("containedInPlace", draft.place.entity.id).rsplit("/", 1)[-1])
    undated = draft.date is None or draft.date.mention.value is None
    if undated and (draft.kind == "Statement" or draft.kind in MEETING_FAMILY and draft.place is None):
        # One undated statement per speaker and article; a meeting with neither date nor place
        # ("قال خلال قمة المنظمة") cannot be told from the organizer's other meetings in other articles.
        key_parts.append(short_hash(analysis.article.id))
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
    if draft.speaker is not None:
        properties["speaker"] = draft.speaker.entity.id
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
