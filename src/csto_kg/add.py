"""add: publish new articles into an existing store and its dumps, without a rebuild.

A news desk adds articles one at a time; rebuilding 10k articles for each would take a minute.
`add_articles` runs the same stages as a build on the new articles only, holding the store's
writer lock throughout (a second writer waits):

    read -> extract -> resolve (against the people already published) -> map -> validate
    -> store (a new release: a RocksDB checkpoint of the published one, hard links, plus the new
       graphs) -> dumps (the published files hard-linked, one more part each, see
       publish.add_to_dumps) -> switched in whole (release.py)

An article whose graph is already published replaces it; its old triples cannot be taken out of
appended files, so the dumps are then written again in full. A new person is matched against the
people already published, so a new spelling joins the existing person; a later full build may
name a person after an earlier spelling if articles arrive out of publication order. An add that
publishes nothing (every article failed) leaves the published release as it was.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox

from csto_kg.batch import extract_all, map_and_validate_all
from csto_kg.config import Config
from csto_kg.corpus import find_article_files
from csto_kg.mapping import article_graph
from csto_kg.namespaces import CSTO, RDFS
from csto_kg.pipeline import (
    BuildReport,
    accept_checked,
    background_quads,
    read_articles,
    silent_stage,
    timed,
)
from csto_kg.publish import VoidStats, add_to_dumps, write_dumps
from csto_kg.reconcile import DATE_PUBLISHED, Reconciled, Reconciler, event_labels, load_policy
from csto_kg.release import Draft, crash_point, drafting
from csto_kg.resolve import PERSON_PREFIX, minted_people, resolve_identities
from csto_kg.store import StoreError, read_people, write_people


def add_articles(paths: Iterable[Path], config: Config, waiting: Callable[[str], None] | None = None) -> BuildReport:
    """Add (or replace) the articles at `paths` in the published store and dumps."""
    report, clock = BuildReport(), Counter[str]()
    start = time.process_time()
    with drafting(config.store, what="csto-kg add", waiting=waiting) as draft:
        if draft.parent is None:
            raise StoreError(f"{config.store}: nothing is published yet; run `csto-kg build` first")
        published = ox.Store.read_only(str(draft.parent.path))
        articles = read_articles(find_article_files(paths), report, silent_stage)
        extractions = extract_all(articles, config, 1, clock, lambda: None)
        known = read_people(draft.parent.path)
        known = published_people(published, config) if known is None else known
        extractions = resolve_identities(extractions, known=known)
        background = background_quads(config)
        checked = map_and_validate_all(extractions, config, background, 1, clock, lambda: None)
        accepted = accept_checked(checked, extractions, config, report)
        if not accepted:
            report.unchanged = "no article could be published"
            return report
        people = list(dict.fromkeys(known + minted_people(extractions)))
        stats = VoidStats.load(draft.parent, config)
        change = timed(clock, "store", lambda: _store_version(published, draft, accepted, people, background, config))
        if change.rewrites or not (draft.parent.dumps_dir / "void.ttl").exists():
            # Triples taken out (a replaced article, a fact reconciled anew) cannot be taken out
            # of published parts: every dump is written again.
            store = ox.Store.read_only(str(draft.path))
            report.dumps = timed(clock, "dumps", lambda: write_dumps(list(store.quads_for_pattern(None, None, None, None)), config, draft.path))
        else:
            report.dumps = timed(clock, "dumps", lambda: add_to_dumps(config, draft.parent, draft.path, stats, change.quads, change.added, change.sizes))
        figures = dict(draft.parent.figures)
        figures["articles"] = figures.get("articles", 0) + sum(1 for o in report.outcomes if o.status == "published")
        figures["triples"] = figures.get("triples", 0) + len(change.added) - len(change.removed)
        figures["quads"] = figures.get("quads", 0) + change.quad_delta
        draft.keep_edits(draft.parent_edits())
        draft.publish(report.dumps, figures=figures, edits=draft.parent.edits, dist_link=config.dist)
    report.triples, report.quads = figures["triples"], figures["quads"]
    report.stage_seconds = dict(clock) | {"total": time.process_time() - start}
    return report


def published_people(store: ox.Store, config: Config) -> list[tuple[str, str]]:
    """(Arabic name, person id) of the people the articles introduced (not reference people),
    asked of the store: for a store written before releases kept their people index."""
    prefix = config.base + "id/" + PERSON_PREFIX
    articles = config.graph_iri("article/")
    query = f"""
        SELECT DISTINCT ?person ?name WHERE {{
          GRAPH ?g {{ ?person a <{CSTO}Person> ; <{RDFS}label> ?name }}
          FILTER(STRSTARTS(STR(?g), "{articles}") && STRSTARTS(STR(?person), "{prefix}") && LANG(?name) = "ar")
        }} ORDER BY ?person"""
    people = {}
    for row in store.query(query):  # type: ignore[union-attr]
        people.setdefault(row["person"].value.removeprefix(config.base + "id/"), row["name"].value)
    return [(name, person) for person, name in people.items()]


@dataclass
class Change:
    """What an add changed: the quads it put in (new graphs, default graph triples), the default
    graph's triples added and removed, each new graph's size, and whether the dumps must be
    written again (something was taken out)."""

    quads: list[ox.Quad]
    added: list[ox.Triple]
    removed: list[ox.Triple]
    sizes: dict[str, int]
    rewrites: bool
    quad_delta: int


def _store_version(
    published: ox.Store,
    draft: Draft,
    accepted: dict[str, list[ox.Quad]],
    people: list[tuple[str, str]],
    background: list[ox.Quad],
    config: Config,
) -> Change:
    """Write the draft's store: a checkpoint of the published one, the new graphs, and the
    default graph reconciled again for every resource the new (or replaced) graphs speak of.

    Only what the change to the claims changes in the reconciled facts is written: a triple an
    edit put in the default graph (through the server) stays, and one an edit took out stays out.
    """
    graphs = {article_graph(config, article): graph_quads for article, graph_quads in accepted.items()}
    quads = [q for graph_quads in accepted.values() for q in graph_quads]
    published.backup(str(draft.path))
    store = ox.Store(str(draft.path))
    affected = {q.subject for q in quads}
    replaced = 0
    for graph in graphs:
        if store.contains_named_graph(graph):
            old = list(store.quads_for_pattern(None, None, None, graph))
            affected.update(q.subject for q in old)
            replaced += len(old)
    before = _reconciled(store, affected, background, config)
    for graph in graphs:
        store.remove_graph(graph)
    store.extend(quads)
    after = _reconciled(store, affected, background, config)
    current = {q.triple for subject in affected for q in store.quads_for_pattern(subject, None, None, ox.DefaultGraph())}
    added = sorted((after - before) - current, key=str)
    removed = sorted((before - after) & current, key=str)
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in added)
    for triple in removed:
        store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, ox.DefaultGraph()))
    store.flush()
    del store
    crash_point("after-store")
    write_people(draft.path, people)
    default_quads = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in added]
    return Change(
        quads=quads + default_quads,
        added=added,
        removed=removed,
        sizes={graph.value: len(graph_quads) for graph, graph_quads in graphs.items()},
        rewrites=bool(replaced or removed),
        quad_delta=len(quads) - replaced + len(added) - len(removed),
    )


def _reconciled(store: ox.Store, subjects: set, background: list[ox.Quad], config: Config) -> set[ox.Triple]:
    """The default graph's triples for `subjects` from every article's claims now in `store`."""
    articles = config.graph_iri("article/")
    reference = ox.NamedNode(config.graph_iri("reference"))
    dates: dict[str, str] = {}

    def order(graph: str) -> tuple[str, str]:
        if graph not in dates:
            found = next(store.quads_for_pattern(None, DATE_PUBLISHED, None, ox.NamedNode(graph)), None)
            dates[graph] = found.object.value if found is not None else ""
        return dates[graph], graph

    reconciler = Reconciler(load_policy(config.mappings_dir, config.ontology_file), order)
    result = Reconciled()
    for subject in subjects:
        claims = [q for q in store.quads_for_pattern(subject, None, None, None) if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(articles)]
        known = [q.triple for q in store.quads_for_pattern(subject, None, None, reference)]
        reconciler.resource(subject, claims, known, result)
    return set(result.triples) | set(event_labels(result.events, result.triples, background, config))
