"""Signings of treaties and documents: what, when, where, by which states."""

from __future__ import annotations


from csto_kg.extract.analysis import Analysis, Located
from csto_kg.extract.gazetteer import EntityMatch
from csto_kg.extract.matcher import PhraseMatch
from csto_kg.extract.records import short_hash, slugify
from csto_kg.extract.patterns.common import Facts, event_date, hedged, same_sentence, state_list
from csto_kg.extract.patterns.events import event_status


def extract_signings(analysis: Analysis, facts: Facts) -> None:
    """Signing of a treaty or document: what, when, where, by which states."""
    for cue in analysis.cues("signing_cues"):
        if hedged(analysis, cue.first):
            continue
        document = _signed_document(analysis, facts, cue)
        if document is None:
            continue
        doc_id, doc_piece, rule = document
        date = event_date(analysis, cue)
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
        (
            m
            for m in analysis.names
            if m.first in positions and m.entity.kind in ("Treaty", "Charter", "Document", "Plan")
        ),
        None,
    )
    if known is not None:
        return known.entity.id, Located(known.first, known.last, known.start, known.end), "treaty-signing"
    for relation in ("foundingTreaty", "charter"):
        for phrase in analysis.cues("organization_documents", relation):
            if phrase.first not in positions:
                continue
            organization = next(
                (m for m in analysis.names if m.first == phrase.last and m.entity.is_organization), None
            )
            target = organization.entity.links.get(relation) if organization else None
            if target:
                return (
                    target,
                    Located(phrase.first, organization.last, phrase.start, organization.end),
                    "treaty-signing",
                )
    head = next((h for h in analysis.lexicon.document_heads.find(analysis.doc) if h.first in positions), None)
    if head is None:
        return None
    return (
        _new_document(analysis, facts, head),
        Located(head.first, head.last, head.start, head.end),
        "document-signing",
    )


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
