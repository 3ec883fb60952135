"""Resource summaries: what a page says first agrees with the named queries and names things."""

from __future__ import annotations

import pyoxigraph as ox

from conftest import ID, Built
from csto_kg.config import PROJECT_ROOT
from csto_kg.queries import named_queries, run_local
from csto_kg.server.summaries import Summarizer

CSTO = "https://w3id.org/csto-kg/ontology#"


def summarizer(built: Built) -> Summarizer:
    def label(iri: str, lang: str) -> str | None:
        for quad in built.store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), None, ox.DefaultGraph()):
            if isinstance(quad.object, ox.Literal) and quad.object.language == lang:
                return quad.object.value
        return None

    current = named_queries(PROJECT_ROOT / "queries")["current-members"].bound()
    return Summarizer(built.store, lambda iri: iri, label, current_members=current)


def linked(line: list[object]) -> list[str]:
    return [part["href"] for part in line if isinstance(part, dict)]


def test_the_organisations_members_now_are_the_current_members_query(seed_build: Built) -> None:
    summary = summarizer(seed_build).summary(ox.NamedNode(ID + "organization/csto"), [CSTO + "InternationalOrganization"])
    line = next(line for line in summary.en if line and line[0] == "Members now: ")
    query = named_queries(PROJECT_ROOT / "queries")["current-members"]
    rows = run_local(seed_build.store, query.bound())
    state, organization = rows.columns.index("state"), rows.columns.index("organization")
    expected = sorted({row[state] for row in rows.rows if row[organization] == ID + "organization/csto"})
    assert linked(line) == expected and len(expected) >= 5


def test_a_membership_gets_a_title_made_of_names(seed_build: Built) -> None:
    node = ox.NamedNode(ID + "membership/csto--armenia--member")
    summary = summarizer(seed_build).summary(node, [CSTO + "Membership"])
    assert summary.title == "Armenia — Collective Security Treaty Organization — member (as of 2022-06-10)"
    assert summary.ar and "أرمينيا" in [part["text"] for part in summary.ar[0] if isinstance(part, dict)]
