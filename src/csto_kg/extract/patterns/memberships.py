"""Memberships (lists, exits, suspensions, accessions) and chairmanships of organizations."""

from __future__ import annotations

from csto_kg.arabic import CLITIC_PREFIXES
from csto_kg.extract.analysis import Analysis, DateAt, Located
from csto_kg.extract.dates import DateValue
from csto_kg.extract.gazetteer import Entity, EntityMatch
from csto_kg.extract.matcher import LAM_ARTICLE, PhraseMatch, longest_non_overlapping
from csto_kg.extract.patterns.common import (
    Facts,
    clause_breaks,
    connector_at,
    distance,
    hedged,
    listed_states,
    local_name,
    nearest_organization,
    organizations,
    published,
    referred_list,
    salient_organization,
    same_sentence,
    signing_record,
    span_evidence,
    founded_by,
    state_references,
    treaty_named_before,
    state_runs,
    states,
)
from csto_kg.extract.patterns.events import MEETING_FAMILY
from csto_kg.extract.records import Evidence, Record
from csto_kg.lexicon import Lexicon


def extract_membership_lists(analysis: Analysis, facts: Facts) -> None:
    """ "أعضاؤها من 6 دول: أرمينيا وبيلاروسيا …": each listed state is a member, as of publication.

    The list is read by `listed_states` (names, counting words and a relative clause may stand
    between cue and list; connectors such as "إلى جانب … كلا من" join its parts). The organization
    is the cue's subject: named right after it ("وتضم المنظمة"), or right before it ("المنظمة التي
    تضم"), else the nearest before it in the sentence; "المنظمة" is the organization the article is
    about (`salient_organization`), not merely the last one named.
    """
    window = int(analysis.lexicon.number("membership", "list_window"))
    organization_first = {m.first for m in organizations(analysis)}
    # "وتشارك في منظمة معاهدة الأمن الجماعي … أرمينيا وبيلاروسيا …": taking part in the
    # organization itself (its name right after the cue), never in one of its events.
    taking_part = [c for c in analysis.cues("membership", "participation_list_cues") if c.last in organization_first]
    for cue in analysis.cues("membership", "list_cues") + taking_part + _founders(analysis):
        if hedged(analysis, cue.first) or _unreal(analysis, cue):
            continue
        listed = listed_states(analysis, cue.last, window)
        if not listed:
            continue
        # "تضم -إلى جانب البلدين المتحاربين- كلا من روسيا …": a reference back to a list named
        # before, between the cue and the names, is part of the list.
        for index in range(cue.last, listed[0].first):
            listed = listed + [m for m in referred_list(analysis, index) if m.entity.id not in {s.entity.id for s in listed}]
        # "المنظمة، التي تضم أيضا روسيا …": the state the sentence is about is a member too.
        also = _also_member(analysis, cue, listed) + _fronted(analysis, cue, listed)
        if len(listed) + len(also) < 2:
            continue
        organization = _list_organization(analysis, cue) or _implicit_list_organization(analysis, cue, listed) or _founded(analysis, cue)
        if organization is None:
            continue
        organization = salient_organization(analysis, organization)
        if not in_scope(analysis, organization.entity):
            continue
        founded = _founding_date(analysis, cue)
        pieces = [cue, listed[-1]] + ([organization] if organization.last <= cue.first else []) + also + ([founded] if founded else [])
        evidence = span_evidence(analysis, pieces, "membership-list")
        if founded is not None and _founding_signing(analysis, facts, organization.entity, listed + also, founded, evidence):
            continue  # they signed its founding treaty (episodes make them its founding signatories)
        _listed_members(analysis, facts, organization.entity, listed + also, evidence, founded.mention.value if founded else None)
    _apposed_lists(analysis, facts)
    _listed_subjects(analysis, facts)
    _bulleted_lists(analysis, facts)
    extract_member_statements(analysis, facts)


def _bulleted_lists(analysis: Analysis, facts: Facts) -> None:
    """ "الدول الأعضاء في المنظمة:" then one state per line ("- أرمينيا."): lines that hold a state's
    name and nothing else, two or more in a row, right after a line naming the organization with a
    word about its members (membership.bullet_leads), are its members."""
    doc, low, high = analysis.doc, analysis.region[0], analysis.region[1]
    state_at = {m.first: m for m in states(analysis) if m.via == "name"}
    leads = analysis.words("membership", "bullet_leads")
    alone: list[EntityMatch | None] = []
    for sentence in doc.sentences:
        match = state_at.get(sentence.first)
        alone.append(match if match is not None and match.last == sentence.last else None)
    index = 0
    while index < len(alone):
        if alone[index] is None:
            index += 1
            continue
        end = index
        while end < len(alone) and alone[end] is not None:
            end += 1
        block = [m for m in alone[index:end] if m is not None]
        lead = doc.sentences[index - 1] if index > 0 else None
        index = end
        if len(block) < 2 or lead is None or not low <= lead.first < high:
            continue
        if not any(doc.tokens[i].text.removeprefix("و") in leads for i in range(lead.first, lead.last)):
            continue
        named = [m for m in organizations(analysis) if lead.first <= m.first < lead.last]
        if not named or hedged(analysis, named[0].first):
            continue
        organization = salient_organization(analysis, named[-1])
        if not in_scope(analysis, organization.entity):
            continue
        for state in block:
            _listed_members(analysis, facts, organization.entity, [state], span_evidence(analysis, [named[-1], state], "membership-list"))


def _listed_subjects(analysis: Analysis, facts: Facts) -> None:
    """ "روسيا وبيلاروسيا وأرمينيا أعضاء في المنظمة": a list of states right before a plural member
    predicate (membership.plural_member_predicates) and the organization after it."""
    runs = {run[-1].last: run for run in state_runs(analysis)}
    for cue in analysis.cues("membership", "plural_member_predicates"):
        run = runs.get(cue.first)
        if run is None or hedged(analysis, run[0].first) or _unreal(analysis, cue):
            continue
        organization = next((m for m in organizations(analysis) if cue.last <= m.first <= cue.last + 1), None)
        if organization is None:
            continue
        organization = salient_organization(analysis, organization)
        if not in_scope(analysis, organization.entity):
            continue
        _listed_members(analysis, facts, organization.entity, run, span_evidence(analysis, [run[0], cue, organization], "membership-list"))


def _listed_members(
    analysis: Analysis, facts: Facts, organization: Entity, listed: list[EntityMatch], evidence: Evidence, since: DateValue | None = None
) -> None:
    """Each listed state is a member of the organization, as of publication (or since its
    founding, for a list of founders), on this evidence."""
    for state in listed:
        membership = membership_record(facts, organization, state.entity, "member")
        if since is None:
            membership.properties.setdefault("asOf", published(analysis))
        _set_start(membership, since)
        membership.add_evidence(evidence)


def _founders(analysis: Analysis) -> list[PhraseMatch[str]]:
    """ "تأسست المنظمة في مايو 1992 من جانب رؤساء أرمينيا و…": who founded it (founder_cues after
    a founding word of its sentence) is a list of its founders, dated like a founding list."""
    founding = analysis.cues("membership", "founding_cues")
    return [
        c for c in analysis.cues("membership", "founder_cues")
        if any(f.last <= c.first and same_sentence(analysis, f.first, c.first) for f in founding)
    ]  # fmt: skip


def _founding_signing(
    analysis: Analysis, facts: Facts, organization: Entity, founders: list[EntityMatch], founded: DateAt, evidence: Evidence
) -> bool:
    """ "تأسست المنظمة في 15 مايو 1992 في طشقند من جانب رؤساء …": founders of an organization in
    the year its founding treaty was first signed (schema:legislationDate) signed that treaty,
    then and in the city the sentence names after في. Whether they did: they are not members of
    the organization since then (it did not exist yet), and the ones it has now, listed
    elsewhere, stay members as of publication."""
    treaty = analysis.gazetteer.by_id(organization.links.get("foundingTreaty", ""))
    first_signed = treaty.links.get("legislationDate") if treaty is not None else None
    value = founded.mention.value
    if treaty is None or first_signed is None or value is None or value.iso[:4] != first_signed[:4]:
        return False
    record = signing_record(facts, treaty.id, value)
    record.properties.setdefault("eventStatus", "held")
    record.properties.setdefault("startDate", value)
    tokens, capitals = analysis.doc.tokens, analysis.words("capital_words")

    def cue_before(first: int) -> str:  # "في طشقند", "في العاصمة طشقند"
        before = first - 2 if first > 1 and tokens[first - 1].text in capitals else first - 1
        return tokens[before].text if before >= 0 else ""

    city = next(
        (
            m for m in analysis.names
            if m.entity.kind == "City" and same_sentence(analysis, m.first, founded.first)
            and cue_before(m.first) in analysis.words("event_place_cues")
        ),
        None,
    )  # fmt: skip
    if city is not None:
        record.properties.setdefault("location", city.entity.id)
    record.add_values("signatory", [m.entity.id for m in founders])
    record.add_evidence(evidence)
    return True


def _founded(analysis: Analysis, cue: PhraseMatch[str]) -> EntityMatch | None:
    """The organization a founder cue's sentence founds: named right after its founding word
    ("تأسست المنظمة …"), else right before it ("المنظمة التي أنشئت …")."""
    if cue.phrase not in analysis.lexicon.phrases("membership", "founder_cues"):
        return None
    founding = [f for f in analysis.cues("membership", "founding_cues") if f.last <= cue.first and same_sentence(analysis, f.first, cue.first)]
    named = [m for m in organizations(analysis) if same_sentence(analysis, m.first, cue.first) and m.last <= cue.first]
    for word in reversed(founding):
        found = next((m for m in named if word.last <= m.first <= word.last + 1), None)
        found = found or next((m for m in reversed(named) if m.last <= word.first and analysis.words_between(m.last, word.first) <= 2), None)
        if found is not None:
            return found
    return None


def _founding_date(analysis: Analysis, cue: PhraseMatch[str]) -> DateAt | None:
    """ "في 14 مايو 2002، تم إنشاء المنظمة التي ضمت أرمينيا و…": a list cue in the past tense
    (membership.founding_list_cues) or a founder cue (founder_cues) in a sentence that founds the
    organization (founding_cues) lists its founders; the sentence's date (nearest the founding word) is when they became
    members. A present list ("تأسست عام 2002 وتضم …") says who belongs now, not since when."""
    past_list = analysis.doc.tokens[cue.first].text.removeprefix("و") in analysis.words("membership", "founding_list_cues")
    if not past_list and cue.phrase not in analysis.lexicon.phrases("membership", "founder_cues"):
        return None
    founding = [c for c in analysis.cues("membership", "founding_cues") if same_sentence(analysis, c.first, cue.first) and c.first < cue.first]
    if not founding:
        return None
    dates = [
        d for d in analysis.dates
        if d.mention.value is not None and d.mention.period_end is None and not d.after_since
        and same_sentence(analysis, d.first, cue.first) and d.first < cue.first
    ]  # fmt: skip
    return min(dates, key=lambda d: distance(d, founding[-1]), default=None)


def _apposed_lists(analysis: Analysis, facts: Facts) -> None:
    """ "لبلدان منظمة معاهدة الأمن الجماعي - أرمينيا، بيلاروس، …": the states set off after "the
    countries of" an organization (membership.apposed_list_heads) by a dash, a colon or a bracket
    are its members, and so are those in a bracket right after its name ("منظمة معاهدة الأمن
    الجماعي (روسيا وبيلاروسيا …)")."""
    tokens = analysis.doc.tokens
    heads = analysis.words("membership", "apposed_list_heads")
    marks = analysis.lexicon.characters("membership", "apposition_openers")
    for organization in organizations(analysis):
        head = organization.first - 1
        if head < 0 or organization.via != "name" or not in_scope(analysis, organization.entity):
            continue
        if organization.last >= len(tokens) or hedged(analysis, organization.first):
            continue
        gap = analysis.doc.text[tokens[organization.last - 1].end : tokens[organization.last].start].strip()
        headed = any(tokens[head].text == clitic + word for clitic in ("", "و", "ل", "ب") for word in heads)
        # Behind the countries of it, any opener; behind its bare name, a bracket ("المنظمة (روسيا …)").
        if not gap or gap[0] not in marks or not (headed or gap[0] == "("):
            continue
        listed = listed_states(analysis, organization.last, 0)
        if len(listed) < 2:
            continue
        _listed_members(analysis, facts, organization.entity, listed, span_evidence(analysis, [organization, listed[-1]], "membership-list"))


def _list_organization(analysis: Analysis, cue: PhraseMatch[str]) -> EntityMatch | None:
    candidates = [m for m in organizations(analysis) if same_sentence(analysis, m.first, cue.first)]
    after = [m for m in candidates if cue.last <= m.first <= cue.last + 2]
    if after:
        return after[0]
    before = [m for m in candidates if m.last <= cue.first]
    if not before:
        return None
    # The subject just before ("المنظمة، التي تضم"), or the antecedent of a pronoun (أعضاؤها).
    if analysis.words_between(before[-1].last, cue.first) <= 2 or cue.phrase.endswith(("ها", "ه")):
        return before[-1]
    tokens = analysis.doc.tokens
    # "المنظمة تأسست في مايو 1992، وتضم …": a coordinated verb shares the sentence's subject.
    word = tokens[cue.first].text
    if word.startswith("و") and not word.startswith("وال") and analysis.words_between(before[0].last, cue.first) <= 20:
        return before[0]
    # "المنظمة تشكل تحالفا عسكريا يضم …", "المنظمة هي تحالف عسكري سياسي يضم …": what the
    # organization is said to be (membership.organization_subjects) is the cue's subject; so is the
    # organization before a relative clause set off by commas ("المنظمة، التي تأسست في 2002، تضم").
    between = range(before[-1].last, cue.first)
    subjects = analysis.words("membership", "organization_subjects")
    if any(tokens[i].text.removeprefix("و") in subjects for i in between) and len(between) <= 6:
        return before[-1]
    relatives = analysis.words("relative_pronouns")
    if (
        len(between) > 0 and analysis.doc.barrier_before[before[-1].last] and tokens[before[-1].last].text in relatives
        and analysis.doc.barrier_before[cue.first]
    ):  # fmt: skip
        return before[-1]
    # "المنظمة التي تأسست عام 2002 تضم …": a short relative clause with no commas.
    if len(between) > 0 and tokens[before[-1].last].text in relatives and len(between) <= RELATIVE_WINDOW and not analysis.doc.barrier_between(before[-1].last, cue.first):
        return before[-1]
    return None


RELATIVE_WINDOW = 5  # tokens of a relative clause between an organization and its list cue


def _unreal(analysis: Analysis, cue: PhraseMatch[str]) -> bool:
    """A condition or an intention governs the cue: a conditional word (membership.conditionals:
    إذا، لو، في حال …) or a wish or plan (membership.intentions: تسعى، تنوي …) earlier in its
    clause ("لو كانت المنظمة تضم …", "تسعى المنظمة إلى أن تضم …")."""
    tokens = analysis.doc.tokens
    conditionals = analysis.words("membership", "conditionals")
    intentions = analysis.words("membership", "intentions")
    index = cue.first
    while index > 0 and not analysis.doc.barrier_before[index]:
        index -= 1
        word = tokens[index].text
        if word.removeprefix("و").removeprefix("ف") in conditionals or _is_one_of(word, intentions):
            return True
    return False


def _also_member(analysis: Analysis, cue: PhraseMatch[str], listed: list[EntityMatch]) -> list[EntityMatch]:
    """With "أيضا" right after the cue (membership.list_also), the list leaves out a member the
    sentence already names: the state (or its capital, or بلاده) named latest before the cue in
    its sentence, when not listed."""
    tokens = analysis.doc.tokens
    if cue.last >= len(tokens) or tokens[cue.last].text.removeprefix("و") not in analysis.words("membership", "list_also"):
        return []
    listed_ids = {m.entity.id for m in listed}
    before = [
        m for m in state_references(analysis)
        if m.last <= cue.first and same_sentence(analysis, m.first, cue.first)
    ]  # fmt: skip
    if not before or before[-1].entity.id in listed_ids:
        return []
    return [before[-1]]


def _fronted(analysis: Analysis, cue: PhraseMatch[str], listed: list[EntityMatch]) -> list[EntityMatch]:
    """ "وإلى جانب كازاخستان وروسيا، تضم المنظمة كلا من …": states fronted before the cue by a
    list connector (membership.list_connectors), with or without a comma, are in the list too."""
    tokens = analysis.doc.tokens
    runs = [run for run in state_runs(analysis) if run[-1].last <= cue.first] + [
        [m] for m in states(analysis) if m.last <= cue.first
    ]
    # The comma may be left out: "وإلى جانب روسيا تشمل المنظمة في عضويتها …" (the connector opens it).
    fronted = [
        run for run in runs
        if analysis.doc.barrier_before[run[-1].last] and run[-1].last == cue.first - (tokens[cue.first - 1].text == "و")
        or run[-1].last == cue.first
    ]  # fmt: skip
    if not fronted:
        return []
    run = max(fronted, key=len)
    connectors = [tuple(p.split()) for p in analysis.lexicon.phrases("membership", "list_connectors")]
    opened = any(
        run[0].first - len(words) >= 0 and connector_at(analysis, run[0].first - len(words), [words]) == len(words)
        for words in connectors if len(words) > 1
    )
    listed_ids = {m.entity.id for m in listed}
    return [m for m in run if m.entity.id not in listed_ids] if opened else []


def _implicit_list_organization(analysis: Analysis, cue: PhraseMatch[str], listed: list[EntityMatch]) -> EntityMatch | None:
    """The organization of a list cue with none named in its sentence: the organization the
    article is about, when a generic noun for it is the cue's subject ("لمنظمة تضم …", "تحالف
    يضم …", "التكتل الذي يضم …": membership.organization_subjects, at most two words before, or
    right after the cue: "ويضم التحالف …"), or
    when the cue opens its sentence and only a count stands before the states ("- يضم 6 دول هي:
    روسيا …", a list under a heading about the organization: membership.count_words)."""
    tokens = analysis.doc.tokens
    sentence_first = analysis.sentence_span(cue.first)[0]
    subjects = analysis.words("membership", "organization_subjects")
    relatives = analysis.words("relative_pronouns")
    found = False
    for index in range(cue.first - 1, max(cue.first - 3, sentence_first - 1), -1):
        word = tokens[index].text
        if word in relatives:
            continue
        found = any(word == c + s for c in ("", "و", "ل", "ب") for s in subjects)
        break
    # "ويضم التحالف العسكري، الذي تقوده موسكو، أرمينيا …": the generic noun right after the cue.
    found = found or (cue.last < len(tokens) and tokens[cue.last].text in subjects)
    if not found and cue.first == sentence_first:
        counts = analysis.words("membership", "count_words")
        between = [tokens[i].text for i in range(cue.last, listed[0].first)]
        found = bool(between) and all(w.isdigit() or w.removeprefix("و") in counts for w in between)
    if not found:
        return None
    token = tokens[cue.first]
    fake = EntityMatch(Entity("", "InternationalOrganization", ""), cue.first, cue.last, token.start, token.end, "anaphor", via="anaphor")
    resolved = salient_organization(analysis, fake)
    return resolved if resolved.entity.id else None


def extract_member_statements(analysis: Analysis, facts: Facts) -> None:
    """ "أرمينيا لا تزال رسميا عضوا كامل العضوية في المنظمة": a state stated to be a member.

    The state is the nearest before the word (its subject, or the antecedent of "تعتبرها"); "لا"
    of "لا تزال" is no negation, but any other negation or hedge (ليست عضوا، لم تعد عضوا) cancels
    it, and so does an observer or partner status (عضوا مراقبا).
    """
    continuation = analysis.cues("membership", "continuation")
    ignore = frozenset(i for c in continuation for i in range(c.first, c.last))
    lesser = analysis.words("membership", "not_full_member")
    references = state_references(analysis)
    _member_appositions(analysis, facts, references)
    for cue in analysis.cues("membership", "member_statements"):
        if hedged(analysis, cue.first, ignore=ignore) or _unreal(analysis, cue):
            continue
        tokens = analysis.doc.tokens
        if cue.last < len(tokens) and tokens[cue.last].text in lesser:
            continue
        if (
            cue.last < analysis.sentence_span(cue.first)[1]
            and not analysis.doc.barrier_before[cue.last]
            and tokens[cue.last].text not in ("في", "فيها", "فيه", "بها")
        ):
            continue  # "عضوا غير دائم في مجلس الأمن": a statement about something else
        state = next(
            (
                m for m in reversed(references)
                if m.last <= cue.first and same_sentence(analysis, m.first, cue.first)
                and not any(p.match.first >= m.last and p.match.last <= cue.first for p in analysis.people)
                and analysis.words_between(m.last, cue.first) <= 15
            ),
            None,
        )  # fmt: skip
        organization = _membership_organization(analysis, cue) or _body_organization(analysis, cue)
        if state is None or organization is None:
            continue
        _stated_member(analysis, facts, state, cue, organization)


def in_scope(analysis: Analysis, organization: Entity | None) -> bool:
    """Whether memberships of `organization` are what this knowledge graph is about
    (membership.organizations): "the six CIS member states" in a CSTO history paragraph is
    background, read wrongly more often than not, and no one queries it here."""
    return organization is not None and organization.id in analysis.lexicon.identifiers("membership", "organizations")


def membership_record(facts: Facts, organization: Entity, state: Entity, status: str, date: DateValue | None = None) -> Record:
    """A state's membership with one status: a suspension or an exit is a membership of its own,
    so that articles from different years never give one membership two statuses; and changes
    of one status in different years (exits in 1999 and 2012) are episodes of their own
    (`episodes.py` names them for good)."""
    year = f"--{date.iso[:4]}" if date is not None else ""
    record = facts.get("Membership", f"membership/{local_name(organization)}--{local_name(state)}--{status}{year}")
    record.properties.update({"member": state.id, "organization": organization.id, "membershipStatus": status})
    return record


def extract_membership_changes(analysis: Analysis, facts: Facts) -> None:
    """Exits (انسحبت أوزبكستان من المنظمة عام 2012), suspensions and accessions, with their dates.

    Cues are found as written or split by the state they are about (verb-subject-object order:
    "علقت أرمينيا مشاركتها"), by a date ("انتهت عام 1999 مشاركة …") or by quotation marks ("جمدت»
    مشاركتها"). A negation or hedge before the cue (لا يستبعد أن، نفت أن تكون) cancels it; the cue's
    own negation (ليست عضوا، لم تعد عضوا) does not, as hedges are looked for before the cue only.
    "ليست عضوا" is an exit only when a منذ date says since when.

    A verbal noun (انسحاب، تجميد …) states a fact only with its state right after it ("انسحاب
    أوزبكستان", "تجميد مشاركة بلاده") or a possessive pronoun ("تعليق عضويتها"), and only when no
    demand or intention stands before it ("طالبوا بخروج أرمينيا", "بطلب رسمي للانسحاب"). The
    subject may be a list ("مشاركة أذربيجان وجورجيا وأوزبكستان") or refer back to one ("الدول الثلاث").
    The date is the nearest one in the cue's clause, before or after it.
    """
    rules = {
        "withdrawn": "membership-exit",
        "not_renewed": "membership-exit",
        "not_member": "membership-exit",
        "suspended": "membership-suspended",
        "joined": "membership-joined",
        "returned": "membership-returned",
    }
    references = state_references(analysis)
    gaps: list[tuple[int, int] | tuple[int, int, bool]] = [(m.first, m.last) for m in references] + [(d.first, d.last) for d in analysis.dates]
    gaps += [(m.first, m.last) for m in analysis.grouped_cues("membership", "list_references")]
    # "خرجت أذربيجان وجورجيا من", "انسحبت كل من أذربيجان وجورجيا من": a list and its opener
    openers = [tuple(p.split()) for p in analysis.lexicon.phrases("membership", "subject_list_openers")]
    tokens = analysis.doc.tokens
    for run in state_runs(analysis) + [[m] for m in states(analysis)]:
        first = run[0].first
        for words in openers:
            if first >= len(words) and tuple(t.text for t in tokens[first - len(words) : first]) == words:
                first -= len(words)
                break
        gaps.append((first, run[-1].last, True))  # commas between the listed states
    nouns = analysis.words("membership", "verbal_nouns")
    accessions: list[tuple[Entity, Entity, DateValue | None, Evidence]] = []
    for status, rule in rules.items():
        phrases = analysis.lexicon.phrases("membership", status)
        found = analysis.cues("membership", status) + [
            m
            for m in analysis.lexicon.gapped("membership", status).find(analysis.doc, gaps) + _quoted_cues(analysis, phrases, status)
            if analysis.region[0] <= m.first < analysis.region[1]
        ]
        for cue in longest_non_overlapping(found):
            if hedged(analysis, cue.first) or _purpose(analysis, cue):
                continue
            nominal = _is_one_of(analysis.doc.tokens[cue.first].text, nouns)
            if nominal and _irrealis_before(analysis, cue):
                continue
            subjects = _membership_subjects(analysis, cue, references, nominal)
            organization = _membership_organization(analysis, cue)
            if not subjects or organization is None:
                continue
            if status == "not_renewed" and not _renews_a_treaty(analysis, cue, organization):
                continue
            organization = salient_organization(analysis, organization)
            if not in_scope(analysis, organization.entity):
                continue
            date = _change_date(analysis, cue)
            if status == "not_member" and (date is None or not date.after_since):
                continue
            value = date.mention.value if date else None
            if value is not None and status in ("joined", "returned") and _after_publication(analysis, value):
                value = None  # a past accession cannot start after the article was written
            dated = [(state, date, value) for state in subjects]
            if date is not None and date.first > cue.first:
                dated += _coordinated(analysis, date, status)
            for state, date, value in dated:
                treaty = organization.entity.links.get("foundingTreaty") if organization.via == "treaty" else None
                if status in ("withdrawn", "not_renewed") and value is None and treaty:
                    # "وسبق لأوزبكستان أن انسحبت من معاهدة الأمن الجماعي": undated, the treaty named
                    # is what it left (a dated exit is placed by its date: `episodes`).
                    membership = facts.get("TreatyParty", f"treaty-party/{local_name(state.entity)}--{treaty}--withdrawn")
                    membership.properties.update({"party": state.entity.id, "treaty": treaty, "membershipStatus": "withdrawn"})
                elif status in ("withdrawn", "not_renewed", "not_member"):
                    membership = membership_record(facts, organization.entity, state.entity, "withdrawn", value)
                    if value is not None:
                        membership.properties["endDate"] = value
                    else:
                        membership.properties.setdefault("asOf", published(analysis))
                elif status == "suspended":
                    membership = membership_record(facts, organization.entity, state.entity, "suspended", value)
                    _set_start(membership, value)
                    if value is None:
                        membership.properties["asOf"] = published(analysis)
                pieces: list[Located | EntityMatch | PhraseMatch[object]] = [state, cue, organization] + (
                    [date] if date else []
                )
                evidence = span_evidence(analysis, pieces, rule)
                if status in ("joined", "returned"):
                    accessions.append((organization.entity, state.entity, value, evidence, "restored" if status == "returned" else "member"))
                    continue
                membership.add_evidence(evidence)
    _add_accessions(analysis, facts, accessions)


def _renews_a_treaty(analysis: Analysis, cue: PhraseMatch[str], organization: EntityMatch) -> bool:
    """Whether what a non-renewal cue does not renew is a founding treaty: one named (or
    "المعاهدة") right after a cue of renewing ("رفضت تمديد"), a document that changes one right
    after a cue of not signing ("لم توقع على بروتوكول تمديد المعاهدة"), or, for a pronoun
    ("رفضت تمديدها"), a treaty named before it in its sentence. What is renewed may be the
    membership in it (membership.renewed_objects: "رفضت تجديد عضويتها في المعاهدة")."""
    tokens = analysis.doc.tokens
    start = cue.last
    # "لم تجدد أذربيجان وجورجيا عضويتها في المعاهدة": past the subjects after the cue.
    run = next((r for r in state_runs(analysis) + [[m] for m in states(analysis)] if r[0].first == start), None)
    if run is not None:
        start = run[-1].last
    start += connector_at(analysis, start, [tuple(p.split()) for p in analysis.lexicon.phrases("membership", "renewed_objects")])
    if organization.via == "treaty" and start <= organization.first <= start + 1:
        named = next((m for m in analysis.names if m.first == organization.first and m.entity.kind == "Treaty"), None)
        renewing = any(word in cue.phrase for word in ("تمديد", "تجديد", "تجدد", "تمدد"))
        return renewing or (named is not None and "legislationChanges" in named.entity.links)
    return tokens[cue.last - 1].text.endswith("ها") and any(
        m.entity.kind == "Treaty" and m.via == "name" and m.last <= cue.first and same_sentence(analysis, m.first, cue.first)
        for m in analysis.names
    )


def _purpose(analysis: Analysis, cue: PhraseMatch[object]) -> bool:
    """ "طلبا رسميا للانسحاب من المنظمة", "آليات للخروج من الأزمة": a verbal noun with ل and the
    article (لل) is what something is for, not a change that happened."""
    return analysis.doc.tokens[cue.first].text.startswith(LAM_ARTICLE) and not cue.phrase.startswith("ل")


def _after_publication(analysis: Analysis, value: DateValue) -> bool:
    day = published(analysis)
    return day is not None and value.iso[:len(day.iso)] > day.iso[:len(value.iso)]


def _coordinated(analysis: Analysis, date: DateAt, status: str) -> list[tuple[EntityMatch, DateAt, DateValue | None]]:
    """Elliptical coordination after a dated change: "انضمت إليها أذربيجان في …، ثم جورجيا في …،
    وأخيرا بيلاروس في …": each further state with its own date, same verb and organization."""
    tokens = analysis.doc.tokens
    words = analysis.words("membership", "coordination")
    state_at = {m.first: m for m in states(analysis)}
    date_at = {d.first: d for d in analysis.dates if d.mention.value is not None}
    sentence_end = analysis.sentence_span(date.first)[1]
    found: list[tuple[EntityMatch, DateAt, DateValue | None]] = []
    index = date.last
    while index < sentence_end:
        if tokens[index].text in words:
            index += 1
        if index not in state_at:
            break
        state = state_at[index]
        following = next((date_at[i] for i in (state.last, state.last + 1) if i in date_at), None)
        if following is None:
            break
        value = following.mention.value
        if status in ("joined", "returned") and value is not None and _after_publication(analysis, value):
            value = None
        found.append((state, following, value))
        index = following.last
    return found


def _set_start(membership: Record, value: DateValue | None) -> None:
    current = membership.properties.get("startDate")
    if value is not None and (current is None or _better_start(value, current)):
        membership.properties["startDate"] = value


def _add_accessions(
    analysis: Analysis, facts: Facts, accessions: list[tuple[Entity, Entity, DateValue | None, Evidence, str]]
) -> None:
    """Each accession or return starts a membership episode of its own (انضمت أذربيجان عام 1993,
    عادت أوزبكستان إليها عام 2006); an exit is another (خرجت عام 1999)."""
    for organization, state, value, evidence, status in accessions:
        membership = membership_record(facts, organization, state, status, value)
        _set_start(membership, value)
        if value is None:
            membership.properties.setdefault("asOf", published(analysis))
        membership.add_evidence(evidence)


def _is_one_of(word: str, words: frozenset[str]) -> bool:
    """Whether a token is one of `words`, possibly behind proclitics and the article (بالانسحاب)."""
    for clitic in ("",) + CLITIC_PREFIXES:
        if not word.startswith(clitic):
            continue
        rest = word[len(clitic):]
        if rest in words or (rest.startswith("ال") and rest[2:] in words):
            return True
    return False


def _irrealis_before(analysis: Analysis, cue: PhraseMatch[str]) -> bool:
    """A demand, request or intention (a word beginning as one of membership.irrealis, behind
    proclitics) within three words before a verbal noun."""
    stems = analysis.lexicon.phrases("membership", "irrealis")
    first = max(cue.first - 3, analysis.sentence_span(cue.first)[0])
    for i in range(first, cue.first):
        word = analysis.doc.tokens[i].text
        forms = {word} | {word[len(c):] for c in CLITIC_PREFIXES if word.startswith(c)}
        forms |= {f[2:] for f in forms if f.startswith("ال")}
        if any(f.startswith(stem) for f in forms for stem in stems):
            return True
    return False


def _quoted_cues(analysis: Analysis, phrases: tuple[str, ...], status: str) -> list[PhraseMatch[str]]:
    """Multi-word cues whose words are separated only by quotation marks: "«جمدت» مشاركتها"."""
    tokens = analysis.doc.tokens
    text = analysis.doc.text
    quoted = _quoted_gaps(analysis)
    if not quoted:
        return []
    by_first: dict[str, list[list[str]]] = {}
    for phrase in phrases:
        words = phrase.split()
        if len(words) >= 2:
            by_first.setdefault(words[0], []).append(words)
    longest = max((len(w) for group in by_first.values() for w in group), default=0)
    starts = sorted({i - k for i in quoted for k in range(1, longest) if i - k >= 0})
    found: list[PhraseMatch[str]] = []
    for index in starts:
        token = tokens[index]
        lead = token.text
        for clitic in ("", "و", "ف"):
            if clitic and not lead.startswith(clitic):
                continue
            for words in by_first.get(lead[len(clitic):], ()):
                last = index + len(words)
                if last > len(tokens) or any(tokens[index + i].text != words[i] for i in range(1, len(words))):
                    continue
                gaps = [text[tokens[index + i - 1].end:tokens[index + i].start] for i in range(1, len(words))]
                if not any(g.strip() for g in gaps) or not all(ch in " " + _QUOTES for g in gaps for ch in g):
                    continue  # plain spaces are found by the phrase index already
                start = token.start + len(clitic)
                found.append(PhraseMatch(index, last, start, tokens[last - 1].end, " ".join(words), (status,)))
    return found


_QUOTES = "\"'«»“”"
_QUOTE_SET = frozenset(_QUOTES)


def _quoted_gaps(analysis: Analysis) -> list[int]:
    """Tokens with a quotation mark between them and the previous token (found once per article)."""
    cache: dict[str, list[int]] = analysis.__dict__.setdefault("_quoted_gaps", {})
    if "gaps" not in cache:
        tokens, text = analysis.doc.tokens, analysis.doc.text
        cache["gaps"] = [
            i for i in range(1, len(tokens)) if not _QUOTE_SET.isdisjoint(text[tokens[i - 1].end:tokens[i].start])
        ]
    return cache["gaps"]


def _membership_subjects(
    analysis: Analysis, cue: PhraseMatch[str], references: list[EntityMatch], nominal: bool
) -> list[EntityMatch]:
    """The states a membership cue is about.

    Inside the cue (a verb split by its subject) or, for a verbal noun, right after it (its
    genitive, possibly a list: "مشاركة أذربيجان وجورجيا وأوزبكستان", or "الدول الثلاث" for a list
    named before); a possessive pronoun on the noun (عضويتها) and a verb take the nearest state
    before (their subject), else, for a verb, a state after it outside any relative clause: in
    "جمدت عضويتها في المنظمة التي تقودها روسيا" Russia leads the organization, it froze nothing.
    """
    inside = [m for m in references if cue.first < m.first and m.last < cue.last]
    if inside:
        return _with_list(analysis, inside[0])
    for index in range(cue.first + 1, cue.last):
        referred = referred_list(analysis, index)
        if referred:
            return referred
    reference_at = {m.first: m for m in references}
    following = reference_at.get(cue.last)
    if following is not None:
        return _with_list(analysis, following)
    referred = referred_list(analysis, cue.last)
    if referred:
        return referred
    last_word = analysis.doc.tokens[cue.last - 1].text
    if nominal and not last_word.endswith(("ها", "ه")):
        return []
    candidates = [m for m in references if same_sentence(analysis, m.first, cue.first)]
    before = [m for m in candidates if m.last <= cue.first]
    # "أعلنت أوزبكستان اعتذارها عن حضور اجتماعات تبدأ في كازاخستان، بعد إعلانها تجميد عضويتها":
    # a state after في is where something is, not whom the pronoun stands for.
    place_cues = analysis.words("event_place_cues")
    subjects = [m for m in before if m.first == 0 or analysis.doc.tokens[m.first - 1].text.removeprefix("و") not in place_cues]
    if subjects or before:
        return [max(subjects or before, key=lambda m: m.last)]
    if nominal:
        return []
    relatives = analysis.words("relative_pronouns")
    after = [
        m for m in candidates
        if not any(analysis.doc.tokens[i].text in relatives for i in range(cue.last, m.first))
        and analysis.words_between(cue.last, m.first) <= 2
    ]  # fmt: skip
    return [min(after, key=lambda m: distance(m, cue))] if after else []


def _with_list(analysis: Analysis, first: EntityMatch) -> list[EntityMatch]:
    """A state and the states listed right after it."""
    if first.via != "name":
        return [first]
    return listed_states(analysis, first.first, 0) or [first]


def _change_date(analysis: Analysis, cue: PhraseMatch[str]) -> DateAt | None:
    """The nearest date of the cue's clause (before or after it, inside a split cue too)."""
    candidates = [
        d for d in analysis.dates
        if d.mention.value is not None and d.mention.period_end is None
        and same_sentence(analysis, d.first, cue.first)
        and not clause_breaks(analysis, min(d.last, cue.first), max(d.first, cue.last))
    ]  # fmt: skip
    # "تأسست المنظمة عام 2002، وانضمت إليها أوزبكستان عام 2006": a date past a comma before the cue
    # is another clause's when the cue's own clause has one after it.
    after = [d for d in candidates if d.first >= cue.last and not analysis.doc.barrier_between(cue.last - 1, d.first)]
    if after:
        candidates = [d for d in candidates if d.first >= cue.first or not analysis.doc.barrier_between(d.last - 1, cue.first)]
    return min(candidates, key=lambda d: (distance(d, cue), d.first < cue.first), default=None)


def _stated_member(analysis: Analysis, facts: Facts, state: EntityMatch, cue: PhraseMatch[str], organization: EntityMatch) -> None:
    """A state stated to be a member of `organization` (or the organization it stands for), as of
    publication, when the knowledge graph is about that organization."""
    organization = salient_organization(analysis, organization)
    if not in_scope(analysis, organization.entity):
        return
    membership = membership_record(facts, organization.entity, state.entity, "member")
    membership.properties.setdefault("asOf", published(analysis))
    membership.add_evidence(span_evidence(analysis, [state, cue, organization], "membership-statement"))


def _member_appositions(analysis: Analysis, facts: Facts, references: list[EntityMatch]) -> None:
    """ "أرمينيا، العضو في منظمة معاهدة الأمن الجماعي،", "وأرمينيا عضو مؤسس في المنظمة": the
    noun in the nominative (lexicon membership.member_appositions, ending in في) between a state
    and the organization, each right next to it. Tighter than `member_statements`, since "عضو"
    also heads constructs ("عضو البرلمان") and "الدولة العضو" phrases about another state."""
    tokens = analysis.doc.tokens
    lesser = analysis.words("membership", "not_full_member")
    state_ending_at = {m.last: m for m in references}
    organization_at = {m.first: m for m in organizations(analysis)}
    for cue in analysis.cues("membership", "member_appositions"):
        state = state_ending_at.get(cue.first)
        organization = organization_at.get(cue.last)
        if state is None or organization is None or hedged(analysis, cue.first) or _unreal(analysis, cue):
            continue
        if any(tokens[i].text in lesser for i in range(cue.first, cue.last)):
            continue
        _stated_member(analysis, facts, state, cue, organization)


def _unknown_organization_after(analysis: Analysis, cue: PhraseMatch[str], end: int) -> bool:
    """ "تجميد عضويتها في منظمة «أوراسيا»": right after the cue (past one preposition) an
    organization's head noun (membership.organization_heads) that begins no known name: the
    membership is in an organization the reference data does not know, not in one named elsewhere."""
    tokens = analysis.doc.tokens
    at = cue.last
    if at < end and tokens[at].text in analysis.words("membership", "organization_prepositions"):
        at += 1
    if at >= end or tokens[at].text.removeprefix("ل") not in analysis.words("membership", "organization_heads"):
        return False
    return not any(m.first == at and m.entity.is_organization for m in analysis.names)


def _pronoun_for_a_document(analysis: Analysis, cue: PhraseMatch[str], sentence_first: int) -> bool:
    """ "وقعت الدول على اتفاقية تأسيس القوات، وأحجمت بيلاروسيا عن توقيعها ثم انضمت إليها": a cue
    ending in a pronoun whose nearest possible antecedent before it is a document (an agreement,
    a protocol: membership.document_nouns), not an organization, is about that document."""
    tokens = analysis.doc.tokens
    if not tokens[cue.last - 1].text.endswith(("ها", "ه")):
        return False
    documents = analysis.words("membership", "document_nouns")
    nouns = [i for i in range(sentence_first, cue.first) if tokens[i].text.removeprefix("و").removeprefix("ب").removeprefix("ل") in documents]
    if not nouns:
        return False
    inside = [m for m in organizations(analysis) if m.first > nouns[-1] and m.last <= cue.first]
    # The document's own complement ("اتفاقية تأسيس قوات الرد السريع") does not stand between.
    return not inside or all(m.first - nouns[-1] <= 3 for m in inside)


def _membership_organization(analysis: Analysis, cue: PhraseMatch[str]) -> EntityMatch | None:
    """The organization a membership cue is about: one named just after it, else the nearest in
    its sentence; a pronoun (مشاركتها فيها، انضمت إليها) with none named in the sentence stands for
    the organization the article is about.

    Joining the founding treaty of an organization ("انضمت أذربيجان إلى معاهدة الأمن الجماعي")
    is joining that organization (csto:foundingTreaty in the reference data says which), and so is
    joining "المعاهدة" when the latest treaty named before is such a treaty.
    """
    sentence = analysis.sentence_span(cue.first)
    if _unknown_organization_after(analysis, cue, sentence[1]) or _pronoun_for_a_document(analysis, cue, sentence[0]):
        return None
    after = [m for m in analysis.names if cue.last <= m.first <= cue.last + 6 and m.first < sentence[1]]
    treaty_words = analysis.words("membership", "treaty_anaphors")
    window = range(cue.first, min(cue.last + 7, sentence[1]))
    anaphors = [i for i in window if _is_one_of(analysis.doc.tokens[i].text, treaty_words)]
    pieces: list[tuple[int, EntityMatch | int]] = [(m.first, m) for m in after] + [(i, i) for i in anaphors if i >= cue.last]
    for _, piece in sorted(pieces, key=lambda p: p[0]):
        if isinstance(piece, int):
            found = _treaty_anaphor(analysis, piece)
            if found is not None:
                return found
            continue
        if piece.entity.kind == "InternationalOrganization":
            return piece
        if piece.entity.kind == "Treaty":
            # A protocol that changes a founding treaty stands for it ("بروتوكول تمديد المعاهدة").
            founded = founded_by(analysis, piece.entity.links.get("legislationChanges") or piece.entity.id)
            if founded is not None:
                return EntityMatch(founded, piece.first, piece.last, piece.start, piece.end, piece.rule, via="treaty")
    before = [m for m in organizations(analysis) if m.last <= cue.first and m.first >= sentence[0]]
    treaty_before = [i for i in range(sentence[0], cue.first) if _is_one_of(analysis.doc.tokens[i].text, treaty_words)]
    if treaty_before and (not before or treaty_before[-1] > before[-1].first):
        found = _treaty_anaphor(analysis, treaty_before[-1])
        if found is not None:
            return found
    nearest = nearest_organization(analysis, cue)
    if nearest is not None:
        return nearest
    pronoun = any(
        analysis.doc.tokens[i].text.endswith(("ها", "ه")) for i in range(max(cue.last - 1, 0), min(cue.last + 1, sentence[1]))
    )
    if pronoun:
        token = analysis.doc.tokens[cue.last - 1]
        fake = EntityMatch(Entity("", "InternationalOrganization", ""), cue.last - 1, cue.last, token.start, token.end, "anaphor", via="anaphor")
        resolved = salient_organization(analysis, fake)
        return resolved if resolved.entity.id else None
    return None


def _body_organization(analysis: Analysis, cue: PhraseMatch[str]) -> EntityMatch | None:
    """The organization of the nearest body named in the cue's sentence ("الأمانة العامة للمنظمة
    … تعتبرها عضوا": a member of the organization the secretariat belongs to)."""
    bodies = [
        m for m in analysis.names
        if m.entity.kind == "OrganizationBody" and m.entity.links.get("unitOf") and same_sentence(analysis, m.first, cue.first)
    ]  # fmt: skip
    body = min(bodies, key=lambda m: distance(m, cue), default=None)
    organization = analysis.gazetteer.by_id(body.entity.links["unitOf"]) if body else None
    if body is None or organization is None:
        return None
    return EntityMatch(organization, body.first, body.last, body.start, body.end, body.rule, via="body")


def _treaty_anaphor(analysis: Analysis, index: int) -> EntityMatch | None:
    """ "المعاهدة" at `index`: the latest treaty named before whose name starts with that noun, as
    the organization it founded."""
    match = treaty_named_before(analysis, index)
    founded = founded_by(analysis, match.entity.id) if match is not None else None
    if founded is None:
        return None
    token = analysis.doc.tokens[index]
    return EntityMatch(founded, index, index + 1, token.start, token.end, "anaphor", via="treaty")


def extract_chairmanships(analysis: Analysis, facts: Facts) -> None:
    """A state chairs an organization: verb (or verbal noun) + subject + presidency + organization.

    The words are data (mappings/lexicon.yaml `chair`); the shapes are: the subject right after the
    verb ("تتولى بيلاروسيا الرئاسة الدورية للمنظمة", "تولي بلاده …") or just before it ("كازاخستان
    التي تتولى …"); a transfer names its state after إلى ("تنتقل الرئاسة إلى بيلاروس"); verbs of
    presiding take the organization as object ("ترأست مينسك المنظمة عام 2023"), and a pronoun object
    in the next clause is the same organization ("… وتولتها أرمينيا عام 2022"). The start is the
    date of the clause; a present tense with none holds as of publication; past and future without a
    date say nothing datable and are left out.
    """
    lexicon = analysis.lexicon
    tokens = analysis.doc.tokens
    span = int(lexicon.number("chair", "span"))
    tenses, words = _chair_tables(lexicon)
    references = state_references(analysis)
    reference_at = {m.first: m for m in references}
    presidency = analysis.cues("chair", "presidency")
    direct = lexicon.word_set("chair", "direct_object_verbs")
    organization_nouns = lexicon.word_set("chair", "organization_nouns")
    prepositions = lexicon.word_set("chair", "transfer_prepositions")
    organization_at = {m.first: m for m in organizations(analysis)}
    chaired: dict[int, EntityMatch] = {}  # sentence -> organization of its latest chairmanship
    low, high = analysis.region
    noun_ends = {p.first: p.last for p in presidency}  # "رئاسة", "الرئاسة الدورية": where each ends
    demonym_at = {m.first: m for m in analysis.names if m.via == "demonym" and m.entity.kind == "State"}
    modifiers = lexicon.word_set("chair", "presidency_modifiers")
    possessives = lexicon.word_set("chair", "possessive_presidency")
    future_modifiers = lexicon.word_set("chair", "future_modifiers")
    for verb in range(low, high):
        text = tokens[verb].text
        if text not in words:
            words[text] = _chair_word(text, tenses)
        word, kind, pronoun = words[text]
        single_noun = kind is None and verb in noun_ends
        if kind is None and not single_noun:
            continue
        if hedged(analysis, verb):
            continue
        sentence = analysis.doc.sentence_of[verb]
        piece = Located(verb, verb + 1, tokens[verb].start, tokens[verb].end)
        state = reference_at.get(verb + 1)
        organization: EntityMatch | None = None
        noun = None
        if single_noun:
            # "رئاسة طاجكستان للمنظمة", "رئاسة روسيا الدورية للمنظمة", "الرئاسة الروسية للمنظمة":
            # noun + state (or its nisba) + the organization with ل; "ما حققته قرغيزستان خلال
            # رئاستها للمنظمة": a possessive noun, the state named just before it.
            # "الرئاسة القادمة لطاجيكستان في المنظمة خلال عام 2023": modifiers before the state
            # (one of future_modifiers makes it a coming presidency) and في before the organization.
            after = noun_ends[verb]
            kind = "verbs_present"
            while after < len(tokens) and tokens[after].text in modifiers | future_modifiers:
                kind = "verbs_future" if tokens[after].text in future_modifiers else kind
                after += 1
            if text.removeprefix("و").removeprefix("ب").removeprefix("ل") in possessives and state is None:
                state = _state_before(analysis, verb, references, words=4)
            else:
                state = reference_at.get(after) or demonym_at.get(after)
                after = state.last if state is not None else after
            if state is None:
                continue
            while after < len(tokens) and tokens[after].text in modifiers:
                after += 1
            if after < len(tokens) and tokens[after].text == "في":
                after += 1
            organization = organization_at.get(after)
            if organization is None or organization.entity.kind != "InternationalOrganization":
                continue
        elif pronoun and word.removesuffix("ا").removesuffix("ه") in direct and (
            relative := _relative_object(analysis, verb, organization_at)
        ) is not None:
            # "مجلس الأمن الجماعي، الذي تترأسه بلاده لعام 2022": the pronoun is the organization (or
            # the organization of the body) the relative pronoun follows; the subject comes after.
            organization = relative
            if state is None:
                continue
        elif pronoun and word not in lexicon.phrases("chair", "verbs_present"):
            # A verb with an object pronoun: the organization of the previous chairmanship.
            organization = chaired.get(sentence)
            if organization is None or state is None:
                continue
        else:
            noun = next(
                (p for p in presidency if verb < p.first <= verb + span and analysis.doc.sentence_of[p.first] == sentence),
                None,
            )
            if noun is not None:
                organization = _chair_organization(analysis, noun, organization_at, organization_nouns)
                if organization is False:
                    continue
            elif word in direct:
                organization = organization_at.get(state.last if state is not None else verb + 1)
            if organization is None:
                continue
            if kind == "verbs_transfer":
                state = _transfer_state(analysis, organization, noun, verb, references, reference_at, prepositions)
            elif state is None or (noun is not None and state.first > noun.first):
                state = _state_before(analysis, verb, references)
        if state is None or organization is None or organization.entity.kind != "InternationalOrganization":
            continue
        organization = salient_organization(analysis, organization)
        pieces: list[Located | EntityMatch | PhraseMatch[object]] = [piece, state, organization]
        last = max(p.last for p in pieces)
        date = next(
            (
                d for d in analysis.dates
                if d.mention.value is not None and d.mention.period_end is None
                and verb < d.first <= last + span and analysis.doc.sentence_of[d.first] == sentence
                and (d.first < last or not analysis.doc.barrier_between(last - 1, d.first))
                and not clause_breaks(analysis, last, d.first)
            ),
            None,
        )  # fmt: skip
        if date is None and kind in ("verbs_transfer", "verbs_future"):
            # "في العام المقبل، كما تعلمون، تنتقل رئاسة المنظمة إلى روسيا": the clause's date before it.
            date = next(
                (
                    d for d in reversed(analysis.dates)
                    if d.mention.value is not None and d.mention.period_end is None and d.last <= verb
                    and analysis.doc.sentence_of[d.first] == sentence
                    and not clause_breaks(analysis, d.last, _past_aside(analysis, d.last, verb))
                    and analysis.words_between(d.last, verb) <= span
                ),
                None,
            )  # fmt: skip
        if date is None and kind != "verbs_present":
            continue
        value = date.mention.value if date is not None else published(analysis)
        record = _chairmanship(facts, organization, state, value)
        if date is not None:
            current = record.properties.get("startDate")
            if current is None or _better_start(date.mention.value, current):
                record.properties["startDate"] = date.mention.value
        if kind == "verbs_present" and published(analysis) is not None:
            record.properties.setdefault("asOf", published(analysis))
        chaired[sentence] = organization
        record.add_evidence(span_evidence(analysis, pieces + ([date] if date else []), "chairmanship"))
        _predecessor_chair(analysis, facts, verb, state, organization, reference_at)
        origin = _transfer_origin(analysis, verb, state, reference_at) if kind == "verbs_transfer" else None
        if origin is not None and date is not None and origin.entity.id != state.entity.id:
            # The state it passed from chaired until that date.
            before = facts.get(
                "Chairmanship",
                f"chairmanship/{local_name(organization.entity)}--{local_name(origin.entity)}--until-{value.iso[:4]}",
            )
            before.properties.update({"member": origin.entity.id, "organization": organization.entity.id, "endDate": value})
            before.add_evidence(span_evidence(analysis, [piece, origin, state, organization, date], "chairmanship"))
    _chair_appositions(analysis, facts, organization_at, organization_nouns)
    _merge_undated_chairmanships(facts)


def _chairmanship(facts: Facts, organization: EntityMatch, state: EntityMatch, when: DateValue | None) -> Record:
    """The record of a state's chairmanship, one per year it is dated by. A present tense in an
    article without a publication date dates nothing: the fact stands undated (the shapes allow
    that only there), as a membership stated in the present does."""
    year = when.iso[:4] if when is not None else "undated"
    record = facts.get("Chairmanship", f"chairmanship/{local_name(organization.entity)}--{local_name(state.entity)}--{year}")
    record.properties.update({"member": state.entity.id, "organization": organization.entity.id})
    return record


def _predecessor_chair(
    analysis: Analysis,
    facts: Facts,
    verb: int,
    successor: EntityMatch,
    organization: EntityMatch,
    reference_at: dict[int, EntityMatch],
) -> None:
    """ "تسلمت روسيا الرئاسة …، خلفا لقرغيزستان التي تولت المهمة طوال عام 2025": the state after a
    successor word (lexicon `successor_words`) in a chairmanship's sentence chaired the same
    organization before, from the date of its own relative clause. With no date of its own it is
    left out: a chairmanship needs a date to say when it held."""
    sentence = analysis.doc.sentence_of[verb]
    relatives = analysis.words("relative_pronouns")
    tokens = analysis.doc.tokens
    for cue in analysis.cues("successor_words"):
        if cue.first <= verb or analysis.doc.sentence_of[cue.first] != sentence:
            continue
        state = reference_at.get(cue.last)
        if state is None or state.entity.id == successor.entity.id or state.via == "pronoun":
            continue
        if state.last >= len(tokens) or tokens[state.last].text.removeprefix("و") not in relatives:
            continue
        clause_end = state.last + 1
        while clause_end < len(tokens) and not analysis.doc.barrier_before[clause_end]:
            clause_end += 1
        date = next(
            (
                d for d in analysis.dates
                if state.last < d.first < clause_end and d.mention.value is not None
                and d.mention.period_end is None and not d.after_since
            ),
            None,
        )  # fmt: skip
        if date is None or hedged(analysis, state.last + 1):
            continue
        value = date.mention.value
        record = facts.get(
            "Chairmanship", f"chairmanship/{local_name(organization.entity)}--{local_name(state.entity)}--{value.iso[:4]}"
        )
        record.properties.update({"member": state.entity.id, "organization": organization.entity.id})
        current = record.properties.get("startDate")
        if current is None or _better_start(value, current):
            record.properties["startDate"] = value
        record.add_evidence(span_evidence(analysis, [cue, state, date], "chairmanship-predecessor"))


def _chair_appositions(
    analysis: Analysis, facts: Facts, organization_at: dict[int, EntityMatch], organization_nouns: frozenset[str]
) -> None:
    """ "برئاسة أرمينيا، الرئيسة الحالية للتكتل": a state with a chair noun in apposition (lexicon
    chair.holder_nouns, after a comma or right after the state) chairs the organization named
    after the noun, as of publication."""
    as_of = published(analysis)
    references = [m for m in state_references(analysis) if m.via in ("name", "metonym")]
    for noun in analysis.cues("chair", "holder_nouns"):
        state = next((m for m in reversed(references) if m.last == noun.first), None)
        if state is None or hedged(analysis, state.first):
            continue
        organization = _chair_organization(analysis, noun, organization_at, organization_nouns)
        if not isinstance(organization, EntityMatch) or organization.entity.kind != "InternationalOrganization":
            continue
        if organization.first < noun.last:
            continue  # the organization must follow the noun ("الرئيسة الحالية للتكتل")
        organization = salient_organization(analysis, organization)
        record = _chairmanship(facts, organization, state, as_of)
        if as_of is not None:
            record.properties.setdefault("asOf", as_of)
        record.add_evidence(span_evidence(analysis, [state, noun, organization], "chairmanship"))


def _merge_undated_chairmanships(facts: Facts) -> None:
    """ "انتقلت الرئاسة إلى قيرغيزستان في 1 يناير 2025 … خلال رئاسته للمنظمة": an undated mention of
    a chairmanship the article dates elsewhere is that chairmanship (an open one before an ended
    one, the latest year first), not a second one; its evidence moves there."""
    undated = [r for r in facts if r.type == "Chairmanship" and r.id.endswith("--undated")]
    for record in undated:
        key = record.id.removesuffix("--undated") + "--"
        dated = sorted(
            (r for r in facts if r.type == "Chairmanship" and r is not record and r.id.startswith(key)),
            key=lambda r: ("endDate" not in r.properties, r.id),
        )
        if dated:
            for evidence in record.evidence:
                dated[-1].add_evidence(evidence)
            del facts.records[record.id]


def _chair_tables(lexicon: Lexicon) -> tuple[dict[str, str], dict[str, tuple[str, str | None, bool]]]:
    """Chair verbs by tense, and a per-process memo of how each word reads (words recur a lot)."""
    cache = lexicon.__dict__.setdefault("_chair_tables", {})
    if not cache:
        tenses: dict[str, str] = {}
        for kind in ("verbs_present", "verbs_past", "verbs_future", "verbs_transfer"):
            for word in lexicon.phrases("chair", kind):
                tenses.setdefault(word, kind)
        cache["tables"] = (tenses, {})
    return cache["tables"]


def _relative_object(analysis: Analysis, verb: int, organization_at: dict[int, EntityMatch]) -> EntityMatch | None:
    """The organization a relative pronoun right before `verb` refers to: named just before it
    ("المنظمة، التي تترأسها"), or the organization of a body named there ("المجلس، الذي تترأسه"),
    unless a meeting word governs the name (then the relative is about the meeting)."""
    tokens = analysis.doc.tokens
    if verb == 0 or tokens[verb - 1].text.removeprefix("و") not in analysis.words("relative_pronouns"):
        return None
    named = next((m for m in analysis.names if m.last == verb - 1 and (m.entity.is_organization or m.first in organization_at)), None)
    meetings = {t for k in analysis.lexicon.event_kinds if k.kind in MEETING_FAMILY for t in k.triggers}
    if named is None or (named.first > 0 and tokens[named.first - 1].text.removeprefix("و") in meetings):
        return None  # "اجتماع الاتحاد الأوروبي، الذي تترأسه فرنسا": the meeting is chaired
    if named.entity.kind == "OrganizationBody" and named.entity.links.get("unitOf"):
        parent = analysis.gazetteer.by_id(named.entity.links["unitOf"])
        if parent is None:
            return None
        return EntityMatch(parent, named.first, named.last, named.start, named.end, named.rule, via="body")
    return named if named.entity.kind == "InternationalOrganization" else None


def _chair_word(text: str, tenses: dict[str, str]) -> tuple[str, str | None, bool]:
    """(word, tense group, has a pronoun suffix) of a token, proclitics (و ف ب ل) stripped."""
    for clitic in ("",) + CLITIC_PREFIXES:
        if clitic and not text.startswith(clitic):
            continue
        word = text[len(clitic):]
        if word in tenses:  # listed with its pronoun (توليها): a possessor, the subject
            return word, tenses[word], any(word.endswith(x) and word[: -len(x)] in tenses for x in ("ها", "ه"))
        for suffix in ("ها", "ه"):
            if word.endswith(suffix) and word[: -len(suffix)] in tenses:
                return word, tenses[word[: -len(suffix)]], True
    return text, None, False


def _chair_organization(
    analysis: Analysis, noun: PhraseMatch[str], organization_at: dict[int, EntityMatch], nouns: frozenset[str]
) -> EntityMatch | None | bool:
    """The organization of a presidency noun: named right after it, a generic noun (التكتل), or
    (رئاستها، الرئاسة alone) the nearest one before it in the sentence. False: another name follows
    (رئاسة مجلس الأمن الدولي, رئاسة روسيا): not an organization's chair."""
    for index in (noun.last, noun.last + 1):
        match = organization_at.get(index)
        if match is not None:
            return match
        if index < len(analysis.doc.tokens):
            text = analysis.doc.tokens[index].text
            spelled = {c + n for c in ("", "ل", "و", "ب") for n in nouns} | {"لل" + n[2:] for n in nouns if n.startswith("ال")}
            if text in spelled:
                before = [m for m in organizations(analysis) if m.last <= index]
                if before:
                    m = before[-1]
                    token = analysis.doc.tokens[index]
                    return EntityMatch(m.entity, index, index + 1, token.start, token.end, "anaphor", via="anaphor")
    if any(m.first in (noun.last, noun.last + 1) for m in analysis.names):
        return False
    tokens = analysis.doc.tokens
    if (
        noun.last < len(tokens)
        and same_sentence(analysis, noun.first, noun.last)
        and not analysis.doc.barrier_before[noun.last]
        and not any(d.first == noun.last for d in analysis.dates)
        and tokens[noun.last].text.removeprefix("و") not in analysis.words("chair", "presidency_followers")
    ):
        return False  # "رئاسة الوفد": the presidency of something else
    before = [
        m for m in organizations(analysis)
        if m.last <= noun.first and same_sentence(analysis, m.first, noun.first)
    ]  # fmt: skip
    return before[-1] if before else None


def _transfer_state(
    analysis: Analysis,
    organization: EntityMatch,
    noun: PhraseMatch[str] | None,
    verb: int,
    references: list[EntityMatch],
    reference_at: dict[int, EntityMatch],
    prepositions: frozenset[str],
) -> EntityMatch | None:
    """The receiving state of a transfer: after إلى (after the organization or right after the verb);
    "إليها" stands for the state just before the verb (أرمينيا، التي تنتقل إليها الرئاسة)."""
    tokens = analysis.doc.tokens
    last = max(organization.last, noun.last if noun else 0)
    for index in (verb + 1, *_after_adverbs(analysis, last, reference_at)):
        if index >= len(tokens) or tokens[index].text not in prepositions:
            continue
        if tokens[index].text.endswith(("ها", "ه")):
            return _state_before(analysis, verb, references, words=4)
        return reference_at.get(index + 1)
    return None


def _after_adverbs(analysis: Analysis, last: int, reference_at: dict[int, EntityMatch]) -> list[int]:
    """The tokens from `last` on where a transfer's إلى may stand: past an adverb or two and the
    state it passes from ("انتقلت رئاسة المنظمة رسميا من كازاخستان إلى قرغيزستان"), in one clause."""
    tokens, found, index = analysis.doc.tokens, [], last

    def joined(i: int) -> bool:  # no punctuation before token i but brackets ("(CSTO) رسميا")
        gap = analysis.doc.text[tokens[i - 1].end : tokens[i].start].strip()
        return not analysis.doc.barrier_before[i] or set(gap) <= {"(", ")"}

    while index < min(last + 8, len(tokens)) and (index == last or joined(index)):
        found.append(index)
        state = reference_at.get(index + 1) if tokens[index].text == "من" else None
        index = state.last if state is not None else index + 1
    return found


def _transfer_origin(analysis: Analysis, verb: int, receiver: EntityMatch, reference_at: dict[int, EntityMatch]) -> EntityMatch | None:
    """ "من كازاخستان إلى قرغيزستان": the state the presidency passes from, right before إلى."""
    tokens = analysis.doc.tokens
    preposition = receiver.first - 1
    for index in range(max(verb, preposition - 4), preposition):
        if tokens[index].text == "من" and index + 1 in reference_at and reference_at[index + 1].last == preposition:
            return reference_at[index + 1]
    return None


def _past_aside(analysis: Analysis, first: int, last: int) -> int:
    """Where the words from `first` to `last` stop being an aside: "في العام المقبل، كما تعلمون،
    تنتقل …" puts a short remark between commas (كما تعلمون), which opens no clause of its own."""
    barriers = [i for i in range(first, last + 1) if i < len(analysis.doc.tokens) and analysis.doc.barrier_before[i]]
    if len(barriers) == 2 and barriers[1] - barriers[0] <= 3 and barriers[1] == last:
        return barriers[0]
    return last


def _state_before(analysis: Analysis, token: int, references: list[EntityMatch], words: int = 3) -> EntityMatch | None:
    """The state just before `token` in its sentence (a name counts as one word)."""
    before = [
        m for m in references
        if m.last <= token and same_sentence(analysis, m.first, token) and analysis.words_between(m.last, token) <= words
    ]  # fmt: skip
    return max(before, key=lambda m: m.last, default=None)


def _better_start(new: DateValue, current: DateValue) -> bool:
    """Two statements of one start: the more precise of the same period ("2025-01" over "2025"),
    else the earlier."""
    if new.iso.startswith(current.iso) or current.iso.startswith(new.iso):
        return len(new.iso) > len(current.iso)
    return new.iso < current.iso
