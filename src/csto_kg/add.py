"""add: publish new articles into an existing store and its dumps, without a rebuild.

A news desk adds articles one at a time; rebuilding 10k articles for each would take a minute.
`add_articles` runs the same stages as a build on the new articles only, holding the store's
writer lock throughout (a second writer waits):

    read -> extract -> resolve (against the people already published) -> map -> validate
    -> store (a new release: a RocksDB checkpoint of the published one, hard links, plus the new
       graphs, and the default graph reconciled for what their claims can change)
    -> dumps (the published files hard-linked, one more part each, see publish.add_to_dumps)
    -> switched in whole (release.py)

An article whose graph is already published replaces it; its old triples cannot be taken out of
appended files, so the dumps are then written again in full. A fact reconciled anew (a date made
more precise) takes its old triple out of the default graph: the dumps get a changeset of it
(publish.add_to_dumps). A new person is matched against the people already published, so a new
spelling joins the existing person; a later full build may name a person after an earlier
spelling if articles arrive out of publication order. An add that publishes nothing (every
article failed) leaves the published release as it was.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

import pyoxigraph as ox

from csto_kg.batch import chunked, extract_chunks, map_and_validate_all
from csto_kg.config import Config
from csto_kg.corpus import find_article_files
from csto_kg.mapping import article_graph
from csto_kg.namespaces import CSTO, RDFS
from csto_kg.pipeline import (
    BuildReport,
    accept_checked,
    background_quads,
    read_chunks,
    timed,
)
from csto_kg.publish import Dataset, add_to_dumps, write_dumps
from csto_kg.reconcile import (
    DATE_PUBLISHED,
    RDF_TYPE,
    RDFS_LABEL,
    Policy,
    Reconciled,
    Reconciler,
    event_labels,
    in_default_graph,
    keeps,
    load_policy,
    supersedes,
)
from csto_kg.release import Draft, crash_point, drafting
from csto_kg.resolve import PERSON_PREFIX, minted_people, resolve_identities
from csto_kg.extract.gazetteer import keep_gazetteer, load_gazetteer
from csto_kg.store import StoreError, read_people, write_people
from csto_kg.void import VoidStats


def add_articles(paths: Iterable[Path], config: Config, waiting: Callable[[str], None] | None = None) -> BuildReport:
    """Add (or replace) the articles at `paths` in the published store and dumps."""
    report, clock = BuildReport(), Counter[str]()
    start = time.process_time()
    with drafting(config.store, what="csto-kg add", waiting=waiting) as draft:
        if draft.parent is None:
            raise StoreError(f"{config.store}: nothing is published yet; run `csto-kg build` first")
        published = ox.Store.read_only(str(draft.parent.path))
        files = find_article_files(paths)
        load_gazetteer(config.reference_file, kept_in=draft.parent.path)  # the one the release keeps, if current
        chunks = extract_chunks(read_chunks(files, report, clock, lambda: None), len(files), config, 1, clock, lambda: None)
        extractions = [extraction for chunk in chunks for extraction in chunk]
        known = read_people(draft.parent.path)
        known = published_people(published, config) if known is None else known
        extractions = resolve_identities(extractions, known=known)
        background = background_quads(config)
        checked = map_and_validate_all(chunked(extractions), len(extractions), config, background, 1, clock, lambda: None)
        accepted = accept_checked(checked, config, report)
        if not accepted:
            report.unchanged = "no article could be published"
            return report
        people = list(dict.fromkeys(known + minted_people(extractions)))
        stats = VoidStats.load(draft.parent, config)
        change = timed(clock, "store", lambda: _store_version(published, draft, accepted, people, background, config))
        if change.rewrites or not (draft.parent.dumps_dir / "void.ttl").exists():
            # A replaced article's graph cannot be taken out of published parts: every dump is
            # written again. (What a fact reconciled anew takes out is a changeset: add_to_dumps.)
            store = ox.Store.read_only(str(draft.path))
            report.dumps = timed(clock, "dumps", lambda: write_dumps(Dataset.of_store(store, draft.path, config), config, draft.path))
        else:
            report.dumps = timed(
                clock, "dumps", lambda: add_to_dumps(config, draft.parent, draft.path, stats, change.quads, change.added, change.sizes, change.removed)
            )
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
    written again (a published article's graph was replaced)."""

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
    old_quads: list[ox.Quad] = []
    for graph in graphs:
        if store.contains_named_graph(graph):
            old_quads += store.quads_for_pattern(None, None, None, graph)
    replaced = len(old_quads)
    policy = load_policy(config.mappings_dir, config.ontology_file)
    # Only the (resource, property) pairs the new or replaced graphs state can change. For a new
    # article, a claim that a multi-valued property's value holds, or that agrees with the value a
    # single-valued one already has, is settled here; the rest are reconciled again from all
    # their claims. A replaced article's pairs are all reconciled again (something may go out).
    superseded: dict[ox.Triple, ox.Triple] = {}  # the value a pair has -> the one a new claim makes it
    if old_quads:
        unions: list[ox.Triple] = []
        full: dict[ox.NamedNode | ox.BlankNode, set[ox.NamedNode]] = defaultdict(set)
        for quad in quads + old_quads:
            full[quad.subject].add(quad.predicate)
    else:
        unions, full, superseded = _triage(store, quads, policy, ox.NamedNode(config.graph_iri("reference")))
    for predicates in full.values():
        predicates.update(ox.NamedNode(alt) for p in list(predicates) if (alt := policy.per_language.get(p.value)))
    before = _reconciled(store, full, policy, background, config)
    for graph in graphs:
        store.remove_graph(graph)
    store.extend(quads)
    after = _reconciled(store, full, policy, background, config, quads)
    # What the default graph says of the pairs reconciled again, and of those the label rule
    # made (an event's labels change with its date, a pair not in `full`).
    pairs = {(subject, predicate) for subject, predicates in full.items() for predicate in predicates}
    pairs |= {(t.subject, t.predicate) for t in before | after}
    current = {q.triple for subject, predicate in pairs for q in store.quads_for_pattern(subject, predicate, None, ox.DefaultGraph())}
    new_graphs = {graph.value for graph in graphs}
    fresh = {t for t in unions if not _claimed_elsewhere(store, t, new_graphs, config) and in_default_graph(t) not in store}
    settled = {old for old in superseded if in_default_graph(old) in store}  # (not one an edit took out)
    added = sorted(((after - before) - current) | fresh | {superseded[old] for old in settled}, key=str)
    removed = sorted(((before - after) & current) | settled, key=str)
    store.extend(map(in_default_graph, added))
    for triple in removed:
        store.remove(in_default_graph(triple))
    store.flush()
    del store
    crash_point("after-store")
    write_people(draft.path, people)
    keep_gazetteer(config.reference_file, draft.path)
    return Change(
        quads=quads + [in_default_graph(t) for t in added],
        added=added,
        removed=removed,
        sizes={graph.value: len(graph_quads) for graph, graph_quads in graphs.items()},
        rewrites=bool(replaced),
        quad_delta=len(quads) - replaced + len(added) - len(removed),
    )


def _triage(
    store: ox.Store, quads: list[ox.Quad], policy: Policy, reference: ox.NamedNode
) -> tuple[list[ox.Triple], dict[ox.NamedNode | ox.BlankNode, set[ox.NamedNode]], dict[ox.Triple, ox.Triple]]:
    """The new graphs' claims sorted by what they need: triples of multi-valued properties (the
    union of the claims: each is a fact unless it is one already), the (resource, property)
    pairs to reconcile again from all their claims (a single-valued property given another value
    than the one it has), and the single values a claim replaces whatever the other claims say
    (`supersedes`: an earlier `csto:asOf`), the triple it has -> the one it gets. Claims that agree
    with what the knowledge graph says change nothing, and claims' machinery (evidence, mentions,
    selectors) never reaches it."""
    types: dict[ox.NamedNode | ox.BlankNode, set[str]] = defaultdict(set)
    for quad in quads:
        if quad.predicate == RDF_TYPE:
            types[quad.subject].add(quad.object.value)
    for subject in {quad.subject for quad in quads}:  # and the classes the reference data gives
        types[subject].update(q.object.value for q in store.quads_for_pattern(subject, RDF_TYPE, None, reference))
    unions: list[ox.Triple] = []
    full: dict[ox.NamedNode | ox.BlankNode, set[ox.NamedNode]] = defaultdict(set)
    superseded: dict[ox.Triple, ox.Triple] = {}
    for quad in quads:
        subject, predicate = quad.subject, quad.predicate
        if predicate.value in policy.claims_only:
            continue
        known = types[subject]
        if known & policy.claims_only_classes:
            continue
        single = predicate.value in policy.single or predicate.value in policy.per_language
        if not single:
            unions.append(quad.triple)
            continue
        if next(store.quads_for_pattern(subject, predicate, None, reference), None) is not None:
            continue  # the reference data says it
        if predicate == RDFS_LABEL and known & policy.derived_label_classes:
            continue  # the label rule makes it
        current = [q.object for q in store.quads_for_pattern(subject, predicate, None, ox.DefaultGraph())]
        if predicate.value in policy.per_language:
            language = getattr(quad.object, "language", None)
            if [v for v in current if getattr(v, "language", None) == language] != [quad.object]:
                full[subject].add(predicate)
        elif len(current) == 1 and keeps(policy.single[predicate.value], current[0], quad.object):
            continue
        elif len(current) == 1 and supersedes(policy.single[predicate.value], current[0], quad.object) and not known & policy.derived_label_classes:
            had = ox.Triple(subject, predicate, current[0])
            best = superseded.get(had)
            if best is None or supersedes(policy.single[predicate.value], best.object, quad.object):
                superseded[had] = ox.Triple(subject, predicate, quad.object)  # the earliest of the new claims
        else:
            full[subject].add(predicate)
    # A pair some claim needs reconciled from all its claims is not settled by another's.
    superseded = {had: new for had, new in superseded.items() if had.predicate not in full.get(had.subject, ())}
    return unions, full, superseded


def _claimed_elsewhere(store: ox.Store, triple: ox.Triple, graphs: set[str], config: Config) -> bool:
    """Whether an article other than the new ones, or the reference data, already states it (so
    the knowledge graph has it, unless an edit took it out, which stays)."""
    articles, reference = config.graph_iri("article/"), config.graph_iri("reference")
    return any(
        isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value not in graphs
        and (q.graph_name.value.startswith(articles) or q.graph_name.value == reference)
        for q in store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)
    )  # fmt: skip


def _reconciled(
    store: ox.Store,
    affected: dict[ox.NamedNode | ox.BlankNode, set[ox.NamedNode]],
    policy: Policy,
    background: list[ox.Quad],
    config: Config,
    new_claims: Sequence[ox.Quad] = (),
) -> set[ox.Triple]:
    """The default graph's triples for the affected (resource, property) pairs, from every
    article's claims now in `store`. A resource whose label the label rule derives (an event) has
    its label made again from its reconciled facts: the affected ones, and the rest as they are
    with the values `new_claims` add to them."""
    articles = config.graph_iri("article/")
    reference = ox.NamedNode(config.graph_iri("reference"))
    dates: dict[str, str] = {}

    def order(graph: str) -> tuple[str, str]:
        if graph not in dates:
            found = next(store.quads_for_pattern(None, DATE_PUBLISHED, None, ox.NamedNode(graph)), None)
            dates[graph] = found.object.value if found is not None else ""
        return dates[graph], graph

    def claims_of(subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode | None) -> list[ox.Quad]:
        return [
            q for q in store.quads_for_pattern(subject, predicate, None, None)
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(articles)
        ]  # fmt: skip

    reconciler = Reconciler(policy, order)
    result = Reconciled()
    single = policy.single.keys() | policy.per_language.keys()
    for subject, predicates in affected.items():
        wanted = predicates | {RDF_TYPE}
        claims = [q for p in wanted for q in claims_of(subject, p)]
        known = [q.triple for q in store.quads_for_pattern(subject, None, None, reference) if q.predicate in wanted]
        types = {q.object.value for q in claims if q.predicate == RDF_TYPE} | {t.object.value for t in known if t.predicate == RDF_TYPE}
        if types & policy.derived_label_classes:
            # The label rule reads the event's other facts: as the knowledge graph has them, with
            # the new articles' values of its multi-valued ones (reading every claim of an event
            # many articles report would cost O(corpus)); its label is the rule's to make again.
            others = [q.triple for q in store.quads_for_pattern(subject, None, None, ox.DefaultGraph())]
            others += [
                q.triple for q in new_claims
                if q.subject == subject and q.predicate.value not in single and q.predicate.value not in policy.claims_only
            ]  # fmt: skip
            known += [t for t in dict.fromkeys(others) if t.predicate not in wanted and t.predicate != RDFS_LABEL]
        reconciler.resource(subject, claims, known, result)
    return set(result.triples) | set(event_labels(result.events, result.triples, background, config))
