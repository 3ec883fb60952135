"""Posts: a title, its holder and the person it names ("وزير الخارجية الروسي سيرغي لافروف")."""

from __future__ import annotations

from csto_kg.extract.analysis import Analysis, Title
from csto_kg.extract.gazetteer import Entity, EntityMatch
from csto_kg.extract.patterns.common import Facts, local_name, published, same_sentence
from csto_kg.extract.records import Record


def extract_posts(analysis: Analysis, facts: Facts) -> None:
    """ "وزير الخارجية الروسي سيرغي لافروف": a person holds the post role-of-holder."""
    as_of = published(analysis)
    known_posts: list[tuple[int, Entity]] = []  # (token, role) of titles naming someone, for نظيره
    held: list[tuple[EntityMatch, Title, Entity, Entity]] = []  # (person, title, role, holder) in text order
    for title in analysis.titles:
        if title.holder is None or title.rank:
            continue
        person_match, former, rule = title.person, title.former, "post-title"
        if person_match is None and title.role is not None:
            found = _person_before(analysis, title)
            if found is None:
                continue
            person_match, past, rule = found
            former = former or past
        if person_match is None:
            continue
        role = title.role
        if role is None:
            earlier = [r for token, r in known_posts if token < title.first] or _head_counterpart(analysis, title)
            if not earlier:
                continue
            if former:
                continue
            role, rule = earlier[-1], "post-counterpart"
        else:
            known_posts.append((title.first, role))
        holder = title.holder.entity
        role = _role_for_holder(analysis, role, holder)
        holder = _holder_for_role(analysis, role, holder)
        post = post_record(facts, role, holder)
        person = person_match.entity
        tenure = facts.get("Incumbency", f"incumbency/{local_name(person)}--{post.id.split('/', 1)[1]}")
        tenure.properties.update({"holder": person.id, "post": post.id})
        if not former:  # a past post ("السابق"): held, but not as of publication
            tenure.properties["asOf"] = as_of
        start, end = min(title.start, person_match.start), max(title.end, person_match.end)
        tenure.add_evidence(analysis.evidence(start, end, rule))
        held.append((person_match, title, role, holder))
    _predecessors(analysis, facts, held)


def _head_counterpart(analysis: Analysis, title: Title) -> list[Entity]:
    """ "خلال لقائه نظيره الكازاخي …" after "بوتين" with no title: the counterpart of a known head of
    state (lexicon `heads_of_state`) named before in the sentence is a president too."""
    heads = analysis.lexicon.inverse("heads_of_state")
    sentence = analysis.doc.sentence_of[title.first]
    named = [
        m for m in analysis.names
        if m.entity.kind == "Person" and m.last <= title.first and analysis.doc.sentence_of[m.first] == sentence
    ]  # fmt: skip
    president = analysis.gazetteer.by_id("role/president")
    if not named or named[-1].entity.id not in heads or president is None:
        return []
    return [president]


def _role_for_holder(analysis: Analysis, role: Entity, holder: Entity) -> Entity:
    """ "رئيس مجلس الدوما": a generic role whose holder has a head of its own kind is that head
    (lexicon `role_by_holder`: the president of a parliament is its speaker)."""
    lexicon = analysis.lexicon
    if role.id not in lexicon.keys("role_by_holder"):
        return role
    for specific in lexicon.keys("role_by_holder", role.id):
        if holder.id in lexicon.identifiers("role_by_holder", role.id, specific):
            return analysis.gazetteer.by_id(specific) or role
    return role


def _holder_for_role(analysis: Analysis, role: Entity, holder: Entity) -> Entity:
    """ "رئيس البرلمان الأرميني": a role held in a state's own body is that body's (lexicon
    `holder_by_role`: the speaker of a parliament holds the post in the parliament, not the state)."""
    lexicon = analysis.lexicon
    if role.id not in lexicon.keys("holder_by_role") or holder.id not in lexicon.keys("holder_by_role", role.id):
        return holder
    body = lexicon.identifiers("holder_by_role", role.id, holder.id)
    return analysis.gazetteer.by_id(next(iter(body))) or holder if len(body) == 1 else holder


def _predecessors(
    analysis: Analysis, facts: Facts, held: list[tuple[EntityMatch, Title, Entity, Entity]]
) -> None:
    """ "X … خلفا للبيلاروسي ستانيسلاف زاس", "عين X خلفا لوزير الخارجية الراحل فلاديمير ماكي": the
    person right after a successor word (lexicon `successor_words`) held, before, the post of the
    latest person given a post before it in the sentence, unless a title names a post of its own
    (a different role, or a holder: then the title itself made the post)."""
    if not held:
        return
    people_at = {p.head: p for p in analysis.people}
    for cue in analysis.cues("successor_words"):
        predecessor = people_at.get(cue.last)
        if predecessor is None:
            continue
        own = predecessor.title
        if own is not None and own.holder is not None:
            continue  # the title names its own post
        successor = next(
            (
                h for h in reversed(held)
                if h[0].last <= cue.first and same_sentence(analysis, h[0].first, cue.first)
                and h[0].entity.id != predecessor.match.entity.id
            ),
            None,
        )  # fmt: skip
        if successor is None:
            continue
        _, _, role, holder = successor
        if own is not None and own.role is not None and own.role.id != role.id:
            continue
        post = post_record(facts, role, holder)
        person = predecessor.match.entity
        tenure = facts.get("Incumbency", f"incumbency/{local_name(person)}--{post.id.split('/', 1)[1]}")
        tenure.properties.update({"holder": person.id, "post": post.id})  # a past post: no asOf
        tenure.add_evidence(analysis.evidence(cue.start, predecessor.match.end, "post-predecessor"))


def _person_before(analysis: Analysis, title: Title) -> tuple[EntityMatch, bool, str] | None:
    """The person a title after the name belongs to, with whether the post is a past one.

    "تعيين X أمينا عاما للمنظمة" (a title in the accusative, lexicon `predicative_titles`, right
    after the name or one word later: "X مهامه أمينا عاما"); "X … شغل منصب رئيس الحكومة" and
    "يتسلم X … منصب الأمين العام" (lexicon `post_nouns` before the title, `post_verbs` right before
    "منصب" or before the person; a past verb makes a past post).
    """
    doc = analysis.doc
    people = [p for p in analysis.people if p.match.last <= title.first and same_sentence(analysis, p.match.first, title.first)]
    if any(c.first == title.first for c in analysis.cues("predicative_titles")):
        person = next((p for p in reversed(people) if title.first - p.match.last <= 1), None)
        if person is not None and not doc.barrier_between(person.match.last - 1, title.first):
            return person.match, False, "post-predicative"
        return None
    ordinal = analysis.words("post_ordinals")
    noun = next(
        (
            c for c in analysis.cues("post_nouns")
            if c.last == title.first or (c.last == title.first - 1 and doc.tokens[c.last].text in ordinal)
        ),
        None,
    )  # fmt: skip
    if noun is None:
        return None
    people = [p for p in people if p.match.last <= noun.first]
    if not people:
        return None
    person = people[-1]
    for tense in ("current", "past"):
        for verb in analysis.cues("post_verbs", tense):
            if noun.first - 2 <= verb.last <= noun.first or _leads(analysis, verb.last, person.head):
                return person.match, tense == "past", "post-after-name"
    return None


def _leads(analysis: Analysis, verb_end: int, head: int) -> bool:
    """A verb right before a person, or one word (a pronoun, an adverb) before, with no comma
    between: "تسلم فيه الكازاخستاني إيمانغالي تاسماغامبيتوف منصب الأمين العام"."""
    return head - 1 <= verb_end <= head and not analysis.doc.barrier_between(max(verb_end - 1, 0), head)


def post_record(facts: Facts, role: Entity, holder: Entity) -> Record:
    post = facts.get("Post", f"post/{local_name(role)}-of-{local_name(holder)}")
    post.properties.update({"role": role.id, "postIn": holder.id})
    if role.label_en and holder.label_en:
        post.properties["labelEn"] = f"{role.label_en} of {holder.label_en}"
    post.properties["labelAr"] = f"{role.label_ar} ({holder.label_ar})"
    return post
