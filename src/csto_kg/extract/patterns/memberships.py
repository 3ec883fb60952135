"""Memberships (lists, exits, suspensions, accessions) and chairmanships of organizations."""

from __future__ import annotations


from csto_kg.extract.analysis import Analysis, Located
from csto_kg.extract.gazetteer import Entity, EntityMatch
from csto_kg.extract.matcher import PhraseMatch, find_gapped, longest_non_overlapping
from csto_kg.extract.records import Record
from csto_kg.extract.patterns.common import (
    Facts,
    distance,
    event_date,
    hedged,
    local_name,
    nearest_organization,
    organizations,
    published,
    same_sentence,
    span_evidence,
    state_list,
    states,
)


def extract_membership_lists(analysis: Analysis, facts: Facts) -> None:
    """ "أعضاؤها من 6 دول: أرمينيا وبيلاروسيا …": each listed state is a member, as of publication."""
    window = int(analysis.lexicon.number("membership", "list_window"))
    for cue in analysis.cues("membership", "list_cues"):
        if hedged(analysis, cue.first):
            continue
        listed = state_list(analysis, cue.last, window)
        if len(listed) < 2:
            continue
        organization = nearest_organization(analysis, cue, before_only=True) or nearest_organization(
            analysis, listed[-1]
        )
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


def extract_membership_changes(analysis: Analysis, facts: Facts) -> None:
    """Exits (انسحبت أوزبكستان من المنظمة عام 2012), suspensions and accessions, with their dates.

    Cues are found as written or split by the state they are about (verb-subject-object order:
    "علقت أرمينيا مشاركتها"). A negation or hedge before the cue (لا يستبعد أن، نفت أن تكون) cancels
    it; the cue's own negation (ليست عضوا، لم تعد عضوا) does not, as hedges are looked for before
    the cue only. "ليست عضوا" is an exit only when a منذ date says since when.
    """
    rules = {
        "withdrawn": "membership-exit",
        "not_member": "membership-exit",
        "suspended": "membership-suspended",
        "joined": "membership-joined",
    }
    state_gaps = [(m.first, m.last) for m in states(analysis)]
    for status, rule in rules.items():
        phrases = analysis.lexicon.phrases("membership", status)
        found = analysis.cues("membership", status) + [
            m
            for m in find_gapped(analysis.doc, ((p, status) for p in phrases), state_gaps)
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
                (
                    d
                    for d in analysis.dates
                    if d.first >= cue.last and same_sentence(analysis, d.first, cue.first) and d.mention.value
                ),
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
            pieces: list[Located | EntityMatch | PhraseMatch[object]] = [state, cue, organization] + (
                [date] if date else []
            )
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
    after = [
        m for m in analysis.names if cue.last <= m.first <= cue.last + 6 and same_sentence(analysis, m.first, cue.first)
    ]
    for match in after:
        if match.entity.kind == "InternationalOrganization":
            return match
        if match.entity.kind == "Treaty":
            founded = next(
                (e for e in analysis.gazetteer.entities.values() if e.links.get("foundingTreaty") == match.entity.id),
                None,
            )
            if founded is not None:
                return EntityMatch(founded, match.first, match.last, match.start, match.end, match.rule, via="treaty")
    return nearest_organization(analysis, cue)


def extract_chairmanships(analysis: Analysis, facts: Facts) -> None:
    """ "أرمينيا، التي تترأس منظمة …": a state chairs an organisation (as of publication or a date)."""
    window = int(analysis.lexicon.number("chair", "window"))
    for kind in ("present", "start"):
        for cue in analysis.cues("chair", kind):
            if hedged(analysis, cue.first):
                continue
            state = next(
                (
                    m
                    for m in reversed(states(analysis))
                    if m.last <= cue.first
                    and cue.first - m.last <= window
                    and same_sentence(analysis, m.first, cue.first)
                ),
                None,
            )
            organization = next((m for m in organizations(analysis) if cue.last <= m.first <= cue.last + 2), None)
            if state is None or organization is None:
                continue
            # A present-tense chair ("تترأس") holds as of publication; a handover has its own date.
            date = event_date(analysis, cue) if kind == "start" else None
            value = date.mention.value if date else published(analysis)
            if value is None:
                continue
            record = facts.get(
                "Chairmanship",
                f"chairmanship/{local_name(organization.entity)}--{local_name(state.entity)}--{value.iso[:4]}",
            )
            record.properties.update({"member": state.entity.id, "organization": organization.entity.id})
            record.properties["startDate" if kind == "start" and date else "asOf"] = value
            record.add_evidence(span_evidence(analysis, [state, organization], "chairmanship"))
