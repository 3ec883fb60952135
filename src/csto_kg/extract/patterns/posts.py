"""Posts: a title, its holder and the person it names ("وزير الخارجية الروسي سيرغي لافروف")."""

from __future__ import annotations


from csto_kg.extract.analysis import Analysis
from csto_kg.extract.gazetteer import Entity
from csto_kg.extract.records import Record
from csto_kg.extract.patterns.common import Facts, local_name, published


def extract_posts(analysis: Analysis, facts: Facts) -> None:
    """ "وزير الخارجية الروسي سيرغي لافروف": a person holds the post role-of-holder."""
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
