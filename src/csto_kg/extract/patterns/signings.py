"""Signings of treaties and documents: what, when, where, by which states."""

from __future__ import annotations

from csto_kg.extract.analysis import DOCUMENT_KINDS, Analysis, Located
from csto_kg.extract.dates import DateValue
from csto_kg.extract.gazetteer import EntityMatch
from csto_kg.extract.matcher import PhraseMatch, longest_non_overlapping
from csto_kg.extract.patterns.common import (
    Facts,
    event_date,
    founded_by,
    hedged,
    listed_states,
    organizations,
    referred_list,
    salient_organization,
    same_sentence,
    signing_record,
    span_evidence,
    states,
    subject_end,
    treaty_named_before,
)
from csto_kg.extract.patterns.events import event_status
from csto_kg.extract.patterns.memberships import membership_record
from csto_kg.extract.records import short_hash, slugify



def extract_signings(analysis: Analysis, facts: Facts) -> None:
    """Signing of a treaty or document: what, when, where, by which states."""
    for cue in longest_non_overlapping(analysis.cues("signing_cues") + analysis.cues("signing_participles")):
        if hedged(analysis, cue.first) or _refused(analysis, cue):
            continue
        document = _signed_document(analysis, facts, cue)
        if document is None:
            continue
        doc_id, doc_piece, rule = document
        date = None if _anniversary(analysis, cue) else event_date(analysis, cue)
        if date is not None and event_status(analysis, cue) == "held" and _after_publication(analysis, date.mention.value):
            date = None  # a signing that took place cannot postdate the article
        # A city after مع or بين is a party ("الموقعة مع موسكو عام 1997"), not where it was signed.
        cities = [
            m for m in analysis.names
            if m.entity.kind == "City" and same_sentence(analysis, m.first, cue.first)
            and not (m.first > 0 and analysis.doc.tokens[m.first - 1].text.removeprefix("و") in ("مع", "بين"))
        ]  # fmt: skip
        # The city after the verb ("وقعت … في طشقند"), else one just before it ("في طشقند، وقع …");
        # an anniversary's city is where it is marked ("بمناسبة الذكرى لتوقيع …" in Washington).
        before = [m for m in cities if m.last <= cue.first and analysis.words_between(m.last, cue.first) <= SUBJECT_WINDOW]
        place = next((m for m in cities if m.first >= cue.first), None) or (before[-1] if before else None)
        if _anniversary(analysis, cue):
            place = None
        signatories = _signatories(analysis, cue, doc_piece)
        if date is None and place is None and not signatories and event_status(analysis, cue) == "held":
            # "تم توقيع الاتفاقية"، "الذكرى الـ15 لتوقيع المعاهدة": a past signing with no when,
            # where or who is background; one announced ("سيتم التوقيع على وثائق") is news.
            continue
        record = signing_record(facts, doc_id, date.mention.value if date is not None else None)
        record.properties["eventStatus"] = event_status(analysis, cue)
        if date is not None:
            record.properties["startDate"] = date.mention.value
        if place is not None:
            record.properties["location"] = place.entity.id
        record.add_values("signatory", [m.entity.id for m in signatories])
        record.add_evidence(analysis.sentence_evidence(cue.first, rule))
        if date is not None and date.mention.value is not None:
            _excepted_from_renewal(analysis, facts, cue, doc_id, date.mention.value)


def _excepted_from_renewal(analysis: Analysis, facts: Facts, cue: PhraseMatch[str], doc_id: str, when: DateValue) -> None:
    """ "تم التوقيع على بروتوكول تمديد المعاهدة من قبل ستة منهم (باستثناء أذربيجان وجورجيا …)":
    the states a dated signing of a document that changes a founding treaty (its extension,
    schema:legislationChanges) leaves out (signing_exception_cues) did not renew the treaty: they
    left it on that date, as not renewing it is leaving it."""
    document = analysis.gazetteer.by_id(doc_id)
    changed = document.links.get("legislationChanges") if document is not None else None
    organization = founded_by(analysis, changed) if changed else None
    if organization is None:
        return
    for exception in analysis.cues("signing_exception_cues"):
        if exception.first <= cue.first or not same_sentence(analysis, exception.first, cue.first):
            continue
        excepted = listed_states(analysis, exception.last, 0)
        for state in excepted:
            membership = membership_record(facts, organization, state.entity, "withdrawn", when)
            membership.properties["endDate"] = when
            membership.add_evidence(span_evidence(analysis, [cue, exception, state], "membership-exit"))


def _refused(analysis: Analysis, cue: PhraseMatch[str]) -> bool:
    """ "رفض التوقيع على", "امتنعت … عن التوقيع": a signing that did not happen."""
    negations = analysis.words("signing_negations")
    sentence_first = analysis.sentence_span(cue.first)[0]
    tokens = analysis.doc.tokens

    def negation(i: int) -> bool:
        text = tokens[i].text
        return text in negations or (text[:1] in "وفب" and text[1:] in negations)

    if any(negation(i) for i in range(max(cue.first - 3, sentence_first), cue.first)):
        return True
    governed = cue.first > 0 and tokens[cue.first - 1].text in ("عن", "وعن")
    return governed and any(negation(i) for i in range(sentence_first, cue.first))


def _anniversary(analysis: Analysis, cue: PhraseMatch[str]) -> bool:
    """ "الذكرى العشرون لتوقيع …": the date of that sentence is the anniversary's."""
    words = analysis.words("signing_anniversary")
    first = max(cue.first - 3, analysis.sentence_span(cue.first)[0])
    return any(analysis.doc.tokens[i].text.removeprefix("و") in words for i in range(first, cue.first))


def _after_publication(analysis: Analysis, value: DateValue | None) -> bool:
    day = analysis.article.published
    if value is None or day is None:
        return False
    iso = day.isoformat()
    return value.iso[: len(iso)] > iso[: len(value.iso)]


def _signed_document(analysis: Analysis, facts: Facts, cue: PhraseMatch[str]) -> tuple[str, Located, str] | None:
    """The document right after a signing cue, else after the cue's "على" later in its sentence.

    "وقع رؤساء روسيا وبيلاروسيا وكازاخستان على ميثاق …": the signatories (the verb's subject)
    stand between the verb and "على" and its object.
    """
    tokens = analysis.doc.tokens
    participle = cue.phrase in analysis.lexicon.phrases("signing_participles")
    if participle and cue.last < len(tokens) and tokens[cue.last].text == "علي":
        # "الدول الموقعة على معاهدة الأمن الجماعي": the participle's object follows على.
        return _document_at(analysis, facts, cue.last + 1, slack=0)
    if participle or cue.phrase in analysis.lexicon.phrases("signing_pronoun_verbs"):
        # The participle qualifies the document named right before it, and only that one; so does
        # the pronoun of "التي وقعتها".
        relatives = analysis.words("relative_pronouns")
        first = cue.first - 1 if cue.first > 0 and tokens[cue.first - 1].text in relatives and not participle else cue.first
        named = next(
            (m for m in analysis.names if m.last == first and m.entity.kind in DOCUMENT_KINDS),
            None,
        )
        if named is None:
            return None
        return named.entity.id, Located(named.first, named.last, named.start, named.end), "treaty-signing"
    found = _document_at(analysis, facts, cue.last)
    if found is not None:
        return found
    # "وكانت معاهدة الأمن الجماعي قد وقعت في طشقند … من قبل …": the document as the verb's subject.
    start = subject_end(analysis, cue.first)
    subject = next((m for m in analysis.names if m.last == start and m.entity.kind in DOCUMENT_KINDS), None)
    if subject is not None and any(
        c.first > cue.first and same_sentence(analysis, c.first, cue.first) for c in analysis.cues("signatory_cues")
    ):
        return subject.entity.id, Located(subject.first, subject.last, subject.start, subject.end), "treaty-signing"
    if cue.last < len(analysis.doc.tokens) and analysis.doc.tokens[cue.last].text in ("عليها", "عليه"):
        # "التوقيع عليها": the document named last before it in the sentence.
        named = [
            m for m in analysis.names
            if m.entity.kind in DOCUMENT_KINDS and m.last <= cue.first
            and same_sentence(analysis, m.first, cue.first)
        ]  # fmt: skip
        if named:
            m = named[-1]
            return m.entity.id, Located(m.first, m.last, m.start, m.end), "treaty-signing"
    sentence_end = analysis.sentence_span(cue.first)[1]
    # Counted in words, a title one word each; the states the subject lists and the date of the
    # signing do not count ("وقعت ست دول …، وهي روسيا، وأرمينيا، …، في 15 مايو 1992 على …").
    inside = [
        (m.first, m.last) for m in analysis.names if m.entity.kind == "State" and cue.last <= m.first < sentence_end
    ] + [(d.first, d.last) for d in analysis.dates if cue.last <= d.first < sentence_end]
    ending_at: dict[int, int] = {}  # token -> the words of the pieces ending right before it
    for first, last in inside:
        ending_at[last] = ending_at.get(last, 0) + analysis.words_between(first, last)
    skipped = 0
    for index in range(cue.last, sentence_end):
        skipped += ending_at.get(index, 0)
        if analysis.words_between(cue.last, index) - skipped > SIGNING_OBJECT_WINDOW:
            break
        if analysis.doc.tokens[index].text == "علي":  # على, normalised
            # Exactly after "على": "وقعت اشتباكات على خلفية اتفاق …" signs nothing.
            return _document_at(analysis, facts, index + 1, slack=0)
    return _direct_object(analysis, cue, sentence_end)


def _direct_object(analysis: Analysis, cue: PhraseMatch[str], sentence_end: int) -> tuple[str, Located, str] | None:
    """ "ووقع رؤساء روسيا وأرمينيا …، في 15 أيار 1992، معاهدة الأمن الجماعي": a known treaty or
    document as the verb's object, with no "على", after the states that sign it, who follow the
    verb as its subject (so that "وقعت اشتباكات بين أرمينيا وأذربيجان …" signs nothing), and not
    after a preposition."""
    prepositions = analysis.words("event_clause_prepositions")
    signers = [m for m in states(analysis) if cue.last <= m.first < sentence_end]
    # The states are the verb's subject: right after it, or after who they are ("رؤساء كل من"), or
    # before a plural verb ("وكان رؤساء كل من روسيا و… وقعوا في 15 أيار 1992 معاهدة الأمن الجماعي").
    leading = analysis.words("signatory_heads") | {w for p in analysis.lexicon.phrases("signatory_list_openers") for w in p.split()}
    fronted = cue.phrase in analysis.lexicon.phrases("signing_plural_verbs") and bool(_subject_before(analysis, cue))
    if fronted:
        signers = []
    elif not signers or any(analysis.doc.tokens[i].text not in leading for i in range(cue.last, signers[0].first)):
        return None
    for m in analysis.names:
        if m.entity.kind not in DOCUMENT_KINDS or not cue.last < m.first < sentence_end:
            continue
        if analysis.words_between(cue.last, m.first) > SIGNING_OBJECT_WINDOW:
            break
        before = analysis.doc.tokens[m.first - 1].text
        if (fronted or any(s.last <= m.first for s in signers)) and before not in prepositions:
            return m.entity.id, Located(m.first, m.last, m.start, m.end), "treaty-signing"
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
            if m.first in positions and m.entity.kind in DOCUMENT_KINDS
        ),
        None,
    )
    if known is not None:
        return known.entity.id, Located(known.first, known.last, known.start, known.end), "treaty-signing"
    anaphors = analysis.words("membership", "treaty_anaphors")
    for index in positions:
        if index < len(analysis.doc.tokens) and analysis.doc.tokens[index].text in anaphors:
            # "وقعت على المعاهدة ست دول": the treaty named before.
            treaty = treaty_named_before(analysis, index)
            if treaty is not None:
                token = analysis.doc.tokens[index]
                return treaty.entity.id, Located(index, index + 1, token.start, token.end), "treaty-signing"
    for relation in ("foundingTreaty", "charter"):
        for phrase in analysis.cues("organization_documents", relation) + _with_pronoun(analysis, relation, positions):
            if phrase.first not in positions:
                continue
            if phrase.values == ("pronoun",):
                # "ميثاقها": the document of the organization the text is about.
                organization = _pronoun_organization(analysis, phrase)
            else:
                organization = next(
                    (m for m in analysis.names if m.first == phrase.last and m.entity.is_organization), None
                )
            if organization is not None:
                organization = salient_organization(analysis, organization)
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


def _with_pronoun(analysis: Analysis, relation: str, positions: range) -> list[PhraseMatch[str]]:
    """A relation word with a possessive pronoun ("توقيع ميثاقها") at one of `positions`."""
    words = analysis.lexicon.phrases("organization_documents", relation)
    found = []
    for index in positions:
        if index >= len(analysis.doc.tokens):
            continue
        token = analysis.doc.tokens[index]
        for word in words:
            if " " not in word and token.text in (word + "ها", "و" + word + "ها", "ب" + word + "ها", "ل" + word + "ها"):
                start = token.start + token.text.index(word)
                found.append(PhraseMatch(index, index + 1, start, token.end, word, ("pronoun",)))
    return found


def _pronoun_organization(analysis: Analysis, phrase: PhraseMatch[str]) -> EntityMatch | None:
    """The organization a possessive pronoun stands for: the nearest international organization named
    before it in its sentence, else the one the article is about."""
    before = [m for m in organizations(analysis) if m.last <= phrase.first]
    if not before:
        return None
    in_sentence = [m for m in before if same_sentence(analysis, m.first, phrase.first)]
    if in_sentence:
        return in_sentence[-1]
    token = analysis.doc.tokens[phrase.first]
    fake = EntityMatch(before[-1].entity, phrase.first, phrase.last, token.start, token.end, "anaphor", via="anaphor")
    return salient_organization(analysis, fake)


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
    """The states that signed, read from the shapes Arabic news uses:

    after a signatory cue ("من قبل ست جمهوريات سوفيتية سابقة هي أرمينيا …", "من جانب أرمينيا …");
    else the verb's subject between it and the document ("وقعت روسيا وبيلاروسيا على …", "وقعت كل
    من أرمينيا و… على", "وقع رؤساء روسيا و… على"), or, for a verb with its object after "على" and
    no subject after it, or for a plural verb, the states just before it ("وتعد أوزبكستان …، إذ وقعت
    على …", "الدول الست … وقعت على …", "وكان رؤساء كل من … وقعوا … معاهدة"). A list after the
    document opened by "هي" or "إلى جانب" adds co-signatories.
    """
    tokens = analysis.doc.tokens
    for signatory_cue in analysis.cues("signatory_cues"):
        if signatory_cue.first > cue.first and same_sentence(analysis, signatory_cue.first, cue.first):
            listed = listed_states(analysis, signatory_cue.last, SIGNATORY_WINDOW)
            if listed:
                return listed
    found = [m for m in listed_states(analysis, cue.last, 3) if m.last <= document.first]
    participle = cue.phrase in analysis.lexicon.phrases("signing_participles")
    if not found and document.last <= cue.first and not participle:
        # "المعاهدة التي وقعتها في طشقند في 15 مايو 1992 كل من أرمينيا …": the subject after the verb,
        # past its place and date. A participle has none ("المعاهدة الموقعة في عام 1992، وتضم المنظمة
        # كلا من …" lists today's members, not who signed).
        found = listed_states(analysis, cue.last, SIGNATORY_WINDOW + 2)
    verb = cue.phrase in analysis.lexicon.phrases("signing_verbs")
    if not found and verb and document.first > cue.last:
        # "وقعت ست دول من دول ما بعد الاتحاد السوفيتي، وهي روسيا، وأرمينيا، …، في 15 مايو 1992 على
        # المعاهدة": a subject that names its states in apposition, between the verb and the object.
        found = _listed_after_opener(analysis, cue.last, document.first)
    object_after_ala = document.first > cue.last and tokens[document.first - 1].text in ("علي", "وعلي")
    plural = cue.phrase in analysis.lexicon.phrases("signing_plural_verbs") and document.first > cue.last
    if not found and verb and (object_after_ala or plural):
        found = _subject_before(analysis, cue)
    if participle and any(c.last <= cue.first and same_sentence(analysis, c.first, cue.first) for c in analysis.cues("membership", "list_cues")):
        # "وتضم المنظمة التي قامت على المعاهدة الموقعة عام 1992 كلا من …": the list is what the
        # organization has now, the participle only says when the treaty was signed.
        return found
    ids = {m.entity.id for m in found}
    return found + [m for m in _list_after(analysis, document) if m.entity.id not in ids]


SIGNATORY_WINDOW = 6  # words between "من قبل" and the first signatory ("ست جمهوريات سوفيتية سابقة هي")
SUBJECT_WINDOW = 10  # words between a subject before the verb and the verb


def _subject_before(analysis: Analysis, cue: PhraseMatch[str]) -> list[EntityMatch]:
    """The list of states (or "الدول الست" for a list named before) nearest before a verb."""
    candidates: list[list[EntityMatch]] = []
    for run_start in states(analysis):
        if run_start.last <= cue.first and same_sentence(analysis, run_start.first, cue.first):
            candidates.append(listed_states(analysis, run_start.first, 0))
    for index in range(analysis.sentence_span(cue.first)[0], cue.first):
        referred = referred_list(analysis, index)
        if referred:
            token = analysis.doc.tokens[index]
            candidates.append([EntityMatch(m.entity, index, index + 2, token.start, token.end, "anaphor", via="list") for m in referred])
    candidates = [c for c in candidates if c and max(m.last for m in c) <= cue.first]
    # A plural verb ("قرر قادة الدول الست، خلال قمة …، تحويل المعاهدة …، قبل أن يوقعوا على …")
    # agrees with a plural subject only: the nearest list of states before it in the sentence,
    # however far, and never a single state ("رؤساء المنظمة التي تأسست بعد انهيار الاتحاد السوفيتي
    # وقعوا": the union is no signatory).
    plural = cue.phrase in analysis.lexicon.phrases("signing_plural_verbs")
    if plural:
        candidates = [c for c in candidates if len({m.entity.id for m in c}) >= 2]
    if not candidates:
        return []
    nearest = max(candidates, key=lambda c: max(m.last for m in c))
    if plural or analysis.words_between(max(m.last for m in nearest), cue.first) <= SUBJECT_WINDOW:
        return nearest
    return []


def _list_after(analysis: Analysis, document: Located) -> list[EntityMatch]:
    """Co-signatories after the document: "…، إلى جانب روسيا وأرمينيا", "…، هي أرمينيا و…"."""
    end = analysis.sentence_span(document.first)[1]
    # "المعاهدة الموقعة في عام 1992، وتضم المنظمة حاليا كلا من …": a member list begins another
    # statement, of who belongs now, not who signed.
    members = [c.first for c in analysis.cues("membership", "list_cues") if document.last <= c.first < end]
    if members:
        end = min(members)
    return _listed_after_opener(analysis, document.last, end)


def _listed_after_opener(analysis: Analysis, start: int, end: int) -> list[EntityMatch]:
    """The states listed right after a list opener (lexicon signatory_list_openers: "هي", "إلى
    جانب" …) found within SUBJECT_WINDOW words of `start` and before `end`."""
    openers = [tuple(p.split()) for p in analysis.lexicon.phrases("signatory_list_openers")]
    tokens = analysis.doc.tokens
    for index in range(start, end):
        if analysis.words_between(start, index) > SUBJECT_WINDOW:
            break
        for words in openers:
            if index + len(words) <= end and all(tokens[index + i].text == words[i] for i in range(len(words))):
                listed = listed_states(analysis, index + len(words), 0)
                if listed:
                    return listed
    return []
