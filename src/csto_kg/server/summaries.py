"""The first thing on a resource's page: what a reader wants to know, in English and Arabic.

A state's page used to open on a property table (eight demonym spellings, one membership link per
article); a reader had to dig to learn "member since 1992, participation frozen since 2024,
chaired in 2022". Here each kind of resource gets a few lines made from the knowledge graph (the
default graph, each fact once): a state its memberships and chairmanships with their dates and
its latest events; an organisation its members now, who holds its posts and its latest
events; a person the posts held and the events and statements; a post who held it;
an event its date,
place, status, participants and documents; a membership, chairmanship or incumbency a human
title; an article the facts it contributed. Each line is a list of parts, text or links, so the
template escapes every text and links every resource.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from csto_kg.namespaces import CSTO, ORG, PROV, RDF, SCHEMA

RDF_TYPE = RDF + "type"

PREFIXES = f"PREFIX csto: <{CSTO}> PREFIX org: <{ORG}> PREFIX schema: <{SCHEMA}> PREFIX prov: <{PROV}>\n"
RECENT = 5  # events listed on a state's or a person's summary

#: How a membership status reads in a sentence about the member (English, Arabic).
STATUS_WORDS = {
    "member": ("member of", "عضو في"),
    "restored": ("member again of", "عادت إلى عضوية"),
    "suspended": ("suspended its participation in", "علّقت مشاركتها في"),
    "withdrawn": ("withdrew from", "انسحبت من"),
}
EVENT_STATUS = {"held": ("held", "عُقد"), "planned": ("planned", "مقرر"), "cancelled": ("cancelled", "أُلغي")}

Part = str | dict[str, str]  # plain text, or {"text": ..., "href": ...}


@dataclass
class Summary:
    """Lines in English and in Arabic (parallel), and a title for a resource without a label."""

    en: list[list[Part]] = field(default_factory=list)
    ar: list[list[Part]] = field(default_factory=list)
    title: str | None = None

    def add(self, en: list[Part], ar: list[Part]) -> None:
        self.en.append(en)
        self.ar.append(ar)


class Summarizer:
    """Summaries over one store; `link(iri)` is where a resource's page is, `label(iri, lang)`
    its label in a language (or None)."""

    def __init__(
        self, store: ox.Store, link: Callable[[str], str], label: Callable[[str, str], str | None], current_members: str | None = None
    ) -> None:
        self.store = store
        self.link = link
        self.label = label
        #: queries/current-members.rq (bound): who an organisation's members are now.
        self.current_members = current_members

    def summary(self, node: ox.NamedNode, types: list[str]) -> Summary:
        kinds = {t.removeprefix(CSTO) for t in types if t.startswith(CSTO)}
        summary = Summary()
        if "State" in kinds:
            self._state(node, summary)
        if "Person" in kinds:
            self._person(node, summary)
        if kinds & {"Membership", "Chairmanship"}:
            self._membership(node, summary, chair="Chairmanship" in kinds)
        if "Incumbency" in kinds:
            self._incumbency(node, summary)
        if "Post" in kinds:
            self._post(node, summary)
        if kinds & {"Organization", "InternationalOrganization"}:
            self._organization(node, summary)
        if "NewsArticle" in kinds:
            self._article(node, summary)
        if self._is_event(node):
            self._event(node, summary)
        return summary

    # -- kinds ----------------------------------------------------------------------------------
    def _state(self, node: ox.NamedNode, summary: Summary) -> None:
        rows = self._rows(f"""SELECT ?m ?org ?status ?start ?end ?asOf ?chair WHERE {{
            ?m org:member {node} ; org:organization ?org .
            OPTIONAL {{ ?m csto:membershipStatus ?status }} {_dates("?m")}
            BIND(EXISTS {{ ?m a csto:Chairmanship }} AS ?chair)
        }}""")
        rows.sort(key=lambda r: (r.get("start") or r.get("asOf") or "", r.get("m", "")))
        for row in rows:
            organization = self._ref(row["org"], "en"), self._ref(row["org"], "ar")
            chair = row.get("chair") in ("true", "1")  # both are xsd:boolean's true (Virtuoso writes 1)
            when_en, when_ar = _period(row, chair=chair)
            if chair:
                summary.add(["Chaired ", organization[0], when_en], ["ترأست ", organization[1], when_ar])
                continue
            status = (row.get("status") or CSTO + "member").removeprefix(CSTO)
            words = STATUS_WORDS.get(status, (status, status))
            summary.add([words[0].capitalize() + " ", organization[0], when_en], [words[1] + " ", organization[1], when_ar])
        self._events(f"{{ ?e csto:participant {node} }} UNION {{ ?e schema:location {node} }} UNION {{ ?e csto:requester {node} }}", summary)

    def _person(self, node: ox.NamedNode, summary: Summary) -> None:
        for row in self._incumbencies(f"VALUES ?holder {{ {node} }}"):
            when_en, when_ar = _period(row)
            summary.add([self._ref(row["post"], "en"), when_en], [self._ref(row["post"], "ar"), when_ar])
        statements = self._rows(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s csto:speaker {node} }}")
        count = int(statements[0].get("n", "0")) if statements else 0
        if count:
            summary.add([f"{count} statement(s) reported"], [f"{count} تصريح منقول"])
        self._events(f"{{ ?e csto:participant {node} }}", summary)

    def _membership(self, node: ox.NamedNode, summary: Summary, *, chair: bool) -> None:
        rows = self._rows(f"""SELECT ?member ?org ?status ?start ?end ?asOf WHERE {{
            {node} org:member ?member ; org:organization ?org .
            OPTIONAL {{ {node} csto:membershipStatus ?status }} {_dates(str(node))}
        }} LIMIT 1""")
        if not rows:
            return
        row = rows[0]
        status = "chair" if chair else (row.get("status") or CSTO + "member").removeprefix(CSTO)
        when_en, when_ar = _period(row, chair=chair)
        member, organization = self.name(row["member"], "en"), self.name(row["org"], "en")
        summary.title = f"{member} — {organization} — {status}{when_en}"
        words = ("chair of", "رئاسة") if chair else STATUS_WORDS.get(status, (status, status))
        summary.add(
            [self._ref(row["member"], "en"), f" {words[0]} ", self._ref(row["org"], "en"), when_en],
            [self._ref(row["member"], "ar"), f" {words[1]} ", self._ref(row["org"], "ar"), when_ar],
        )

    def _incumbency(self, node: ox.NamedNode, summary: Summary) -> None:
        rows = self._incumbencies(f"VALUES ?i {{ {node} }}")
        if not rows:
            return
        row = rows[0]
        when_en, when_ar = _period(row)
        summary.title = f"{self.name(row['holder'], 'en')} — {self.name(row['post'], 'en')}{when_en}"
        summary.add(
            [self._ref(row["holder"], "en"), ", ", self._ref(row["post"], "en"), when_en],
            [self._ref(row["holder"], "ar"), "، ", self._ref(row["post"], "ar"), when_ar],
        )

    def _organization(self, node: ox.NamedNode, summary: Summary) -> None:
        members: list[str] = []
        if self.current_members is not None:  # the named query's answer, so that page and query agree
            members = sorted({r["state"] for r in self._rows(self.current_members, prefixed=False) if r.get("organization") == node.value})
        if members:
            summary.add(["Members now: ", *self._refs(members, "en")], ["الأعضاء حاليًا: ", *self._refs(members, "ar")])
        # by post, each post's holders oldest first (the sort is stable)
        for row in sorted(self._incumbencies(f"?post org:postIn {node} ."), key=lambda r: r["post"]):
            when_en, when_ar = _period(row)
            summary.add([self._ref(row["post"], "en"), ": ", self._ref(row["holder"], "en"), when_en],
                        [self._ref(row["post"], "ar"), ": ", self._ref(row["holder"], "ar"), when_ar])  # fmt: skip
        self._events(f"{{ ?e schema:organizer {node} }}", summary)

    def _post(self, node: ox.NamedNode, summary: Summary) -> None:
        for row in self._incumbencies(f"VALUES ?post {{ {node} }}"):
            when_en, when_ar = _period(row)
            summary.add(["Held by ", self._ref(row["holder"], "en"), when_en], ["يشغله ", self._ref(row["holder"], "ar"), when_ar])

    def _event(self, node: ox.NamedNode, summary: Summary) -> None:
        rows = self._rows(f"""SELECT ?date ?place ?status WHERE {{
            OPTIONAL {{ {node} schema:startDate ?date }} OPTIONAL {{ {node} schema:location ?place }}
            OPTIONAL {{ {node} csto:eventStatus ?status }}
        }} LIMIT 1""")
        row = rows[0] if rows else {}
        status = (row.get("status") or "").removeprefix(CSTO)
        words = EVENT_STATUS.get(status, (status, status))
        en: list[Part] = [words[0].capitalize() if status else "Date"]
        ar: list[Part] = [words[1] if status else "التاريخ"]
        if row.get("date"):
            en.append(f" {'on' if len(row['date']) == 10 else 'in'} {row['date']}")
            ar.append(f" في {row['date']}")
        if row.get("place"):
            en += [" in ", self._ref(row["place"], "en")]
            ar += [" في ", self._ref(row["place"], "ar")]
        summary.add(en, ar)
        for prop, english, arabic in (
            ("csto:participant", "Participants: ", "المشاركون: "),
            ("csto:signedDocument", "Documents: ", "الوثائق: "),
        ):
            found = [r["x"] for r in self._rows(f"SELECT DISTINCT ?x WHERE {{ {node} {prop} ?x }} ORDER BY ?x")]
            if found:
                summary.add([english, *self._refs(found, "en")], [arabic, *self._refs(found, "ar")])

    def _article(self, node: ox.NamedNode, summary: Summary) -> None:
        facts = [r["f"] for r in self._rows(f"SELECT DISTINCT ?f WHERE {{ ?f prov:wasDerivedFrom {node} }} ORDER BY ?f")]
        if facts:
            summary.add([f"{len(facts)} fact(s) taken from this article: ", *self._refs(facts, "en")],
                        [f"{len(facts)} واقعة مأخوذة من هذا المقال: ", *self._refs(facts, "ar")])  # fmt: skip

    def _events(self, pattern: str, summary: Summary) -> None:
        rows = self._rows(f"""SELECT DISTINCT ?e ?date WHERE {{ {pattern} ?e csto:eventStatus ?status .
            OPTIONAL {{ ?e schema:startDate ?date }} }} ORDER BY DESC(?date) ?e LIMIT {RECENT}""")
        if rows:
            events = [r["e"] for r in rows]
            summary.add(["Latest events: ", *self._refs(events, "en")], ["آخر الأحداث: ", *self._refs(events, "ar")])

    # -- helpers --------------------------------------------------------------------------------
    def _incumbencies(self, where: str) -> list[dict[str, str]]:
        """Incumbencies (?i: ?holder holds ?post) that `where` selects, with their dates, oldest
        first: what a person's, a post's, an organisation's and an incumbency's summary list."""
        rows = self._rows(f"""SELECT ?i ?holder ?post ?start ?end ?asOf WHERE {{
            ?i csto:holder ?holder ; csto:post ?post . {where} {_dates("?i")} }}""")
        return sorted(rows, key=lambda r: (r.get("start") or r.get("asOf") or "", r["post"], r["holder"]))

    def _is_event(self, node: ox.NamedNode) -> bool:
        return bool(self.store.query(f"ASK {{ {node} <{CSTO}eventStatus> ?status }}"))

    def _rows(self, query: str, *, prefixed: bool = True) -> list[dict[str, str]]:
        solutions: Any = self.store.query(PREFIXES + query if prefixed else query)
        names = [v.value for v in solutions.variables]
        return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]

    def name(self, iri: str, lang: str = "en") -> str:
        """A label, else the title a membership or incumbency is given here, else the IRI's end."""
        found = self.label(iri, lang) or self.label(iri, "en") or self.label(iri, "ar")
        if found:
            return found
        node = ox.NamedNode(iri)
        types = [q.object.value for q in self.store.quads_for_pattern(node, ox.NamedNode(RDF_TYPE), None, ox.DefaultGraph())]
        if {CSTO + "Membership", CSTO + "Chairmanship", CSTO + "Incumbency"} & set(types):
            title = self.summary(node, types).title
            if title:
                return title
        return iri.rsplit("/", 1)[-1]

    def _ref(self, iri: str, lang: str) -> dict[str, str]:
        return {"text": self.name(iri, lang), "href": self.link(iri)}

    def _refs(self, iris: list[str], lang: str) -> list[Part]:
        parts: list[Part] = []
        for index, iri in enumerate(iris):
            if index:
                parts.append("، " if lang == "ar" else ", ")
            parts.append(self._ref(iri, lang))
        return parts


def _dates(node: str) -> str:
    """The optional start, end and as-of dates of `node` (a variable or an IRI) as SPARQL."""
    return (
        f"OPTIONAL {{ {node} schema:startDate ?start }} OPTIONAL {{ {node} schema:endDate ?end }} "
        f"OPTIONAL {{ {node} csto:asOf ?asOf }}"
    )


def _period(row: dict[str, str], *, chair: bool = False) -> tuple[str, str]:
    """' since 1992-05-15 until 2012' and its Arabic, from a row's start, end and as-of dates
    (a chair's term, a year, reads ' in 2022')."""
    if chair and row.get("start") and not row.get("end"):
        return f" in {row['start'][:4]}", f" في {row['start'][:4]}"
    if row.get("status", "").endswith("withdrawn") and row.get("end") and not row.get("start"):
        return f" in {row['end']}", f" في {row['end']}"  # the end of a withdrawal is the exit
    en, ar = "", ""
    if row.get("start"):
        en += f" from {row['start']}" if row.get("end") else f" since {row['start']}"
        ar += f" من {row['start']}" if row.get("end") else f" منذ {row['start']}"
    if row.get("end"):
        en += f" until {row['end']}"
        ar += f" حتى {row['end']}"
    if row.get("asOf") and not row.get("start"):
        en += f" (as of {row['asOf']})"
        ar += f" (بتاريخ {row['asOf']})"
    return en, ar
