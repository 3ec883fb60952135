"""reconcile: the knowledge graph (the default graph) from the claims of every article.

Each article's named graph keeps what that article says, with its evidence: its claims. Two
articles may say the same fact differently (a summit on 16 May 2022, or "in May"), or report a
planned summit that a later one reports as held. The default graph states each fact once, the
way the rules in `mappings/reconcile.yaml` settle it, so that a consumer who ignores named graphs
gets one answer per fact, and one that reasons with OWL never sees a functional property with two
values. Resources are reconciled one at a time, from their claims and their reference data
(which wins where it speaks): a build does every resource, `add` only those its articles touch.

The rules are the small functions below (`choose_*`), each tested in tests/test_reconcile.py; a
disagreement they settle (two different days, two cities) stays visible as the articles' claims,
which `csto-kg conflicts` lists with each side and the value kept.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator, Sequence

import pyoxigraph as ox

from csto_kg.config import Config, load_yaml
from csto_kg.linefiles import line_blocks, sort_lines
from csto_kg.namespaces import CSTO, RDF, RDFS, SCHEMA

RDF_TYPE = ox.NamedNode(RDF + "type")
RDFS_LABEL = ox.NamedNode(RDFS + "label")
SUBCLASS_OF = ox.NamedNode(RDFS + "subClassOf")
DATE_PUBLISHED = ox.NamedNode(SCHEMA + "datePublished")
HELD, PLANNED = ox.NamedNode(CSTO + "held"), ox.NamedNode(CSTO + "planned")

Term = ox.NamedNode | ox.BlankNode | ox.Literal


def in_default_graph(triple: ox.Triple) -> ox.Quad:
    """A reconciled fact as the quad the store keeps it as: in the default graph."""
    return ox.Quad(triple.subject, triple.predicate, triple.object, ox.DefaultGraph())


@dataclass(frozen=True)
class Claim:
    """One article's value for a property of a resource; `order` sorts articles oldest first."""

    value: Term
    graph: str
    order: tuple[str, str]


@dataclass(frozen=True)
class Policy:
    """`mappings/reconcile.yaml`, with prefixes expanded and event classes closed under subclass."""

    claims_only: frozenset[str]
    claims_only_classes: frozenset[str]
    single: dict[str, str]
    per_language: dict[str, str | None]
    derived_label_classes: frozenset[str]
    label_rule: str


@lru_cache(maxsize=4)
def load_policy(mappings_dir: Path, ontology_file: Path) -> Policy:
    data = load_yaml((mappings_dir / "reconcile.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    prefixes: dict[str, str] = data["prefixes"]

    def iri(name: str) -> str:
        prefix, _, local = name.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else name

    for rule in data["single"].values():
        if rule not in RULES:
            raise ValueError(f"{mappings_dir / 'reconcile.yaml'}: unknown rule {rule!r} (known: {', '.join(RULES)})")
    derived = data["derived_labels"]
    return Policy(
        claims_only=frozenset(iri(p) for p in data["claims_only"]),
        claims_only_classes=frozenset(iri(c) for c in data["claims_only_classes"]),
        single={iri(p): rule for p, rule in data["single"].items()},
        per_language={iri(p): (iri(alt) if alt else None) for p, alt in data["per_language"].items()},
        derived_label_classes=_subclasses(ontology_file, {iri(c) for c in derived["classes"]}),
        label_rule=(mappings_dir / derived["rule"]).read_text(encoding="utf-8"),
    )


def what_reconcile_reads(quads: Iterable[ox.Quad], policy: Policy) -> list[ox.Quad]:
    """The quads of one article's graph that reconciling can use: not the claims-only machinery
    (evidence, mentions, selectors, their properties). About a fifth of an article graph, which
    is all a build keeps in memory per article; the rest goes to the store and the dumps as is."""
    quads = list(quads)
    machinery = {
        q.subject for q in quads if q.predicate == RDF_TYPE and q.object.value in policy.claims_only_classes  # type: ignore[union-attr]
    }
    return [q for q in quads if q.subject not in machinery and q.predicate.value not in policy.claims_only]


def _subclasses(ontology_file: Path, roots: set[str]) -> frozenset[str]:
    """The classes and every subclass of them the ontology declares."""
    children: dict[str, set[str]] = defaultdict(set)
    for triple in ox.parse(path=str(ontology_file), format=ox.RdfFormat.TURTLE):
        if triple.predicate == SUBCLASS_OF and isinstance(triple.object, ox.NamedNode) and isinstance(triple.subject, ox.NamedNode):
            children[triple.object.value].add(triple.subject.value)
    found, frontier = set(roots), list(roots)
    while frontier:
        for child in children.get(frontier.pop(), ()):
            if child not in found:
                found.add(child)
                frontier.append(child)
    return frozenset(found)


# --- the rules ---------------------------------------------------------------------------


def _latest(claims: Sequence[Claim]) -> Claim:
    """The latest article's claim (its greatest value, should one article say two)."""
    return max(claims, key=lambda c: (c.order, c.value.value))


def _compatible(a: str, b: str) -> bool:
    """Two ISO dates of any precision that may name the same day ("2022" and "2022-05-16")."""
    return a.startswith(b) or b.startswith(a)


def choose_dates(claims: Sequence[Claim]) -> Term:
    """The most precise date the others agree with; between disagreeing dates, the one most
    articles support (a less precise date it fits counts for it), then the most precise, then the
    latest article's."""
    values = {c.value.value: c.value for c in claims}
    if all(_compatible(a, b) for a in values for b in values):
        return values[max(values, key=len)]
    # the candidates: dates no other claimed date makes more precise ("2022" is no candidate
    # next to "2022-05-16"; it counts as support for every day of 2022)
    candidates = [text for text in values if not any(other != text and other.startswith(text) for other in values)]

    def rank(text: str) -> tuple[int, int, tuple[str, str], str]:
        support = len({c.graph for c in claims if _compatible(c.value.value, text)})
        latest = max(c.order for c in claims if c.value.value == text)
        return support, len(text), latest, text

    return values[max(candidates, key=rank)]


def choose_earliest(claims: Sequence[Claim]) -> Term:
    """The earliest date stated (a fact holds at least since it was first stated as holding)."""
    return min(claims, key=lambda c: (c.value.value, c.order)).value


def choose_event_status(claims: Sequence[Claim]) -> Term:
    """The latest article's status; a "held" once reported is never undone by a later "planned"."""
    latest = _latest(claims).value
    if latest == PLANNED and any(c.value == HELD for c in claims):
        return HELD
    return latest


def choose_most_articles(claims: Sequence[Claim]) -> Term:
    """The value the most articles state; between as many, the latest article's."""
    graphs: dict[Term, set[str]] = defaultdict(set)
    latest: dict[Term, tuple[str, str]] = {}
    for claim in claims:
        graphs[claim.value].add(claim.graph)
        latest[claim.value] = max(latest.get(claim.value, ("", "")), claim.order)
    return max(graphs, key=lambda value: (len(graphs[value]), latest[value], value.value))


RESTORED = ox.NamedNode(CSTO + "restored")


def choose_membership_status(claims: Sequence[Claim]) -> Term:
    """"restored" where any article says so (a return is a membership to an article that does not
    mention the earlier exit), else the value most articles state."""
    if any(c.value == RESTORED for c in claims):
        return RESTORED
    return choose_most_articles(claims)


def choose_earliest_article(claims: Sequence[Claim]) -> Term:
    """The value of the earliest article (an article's own headline, in practice)."""
    return min(claims, key=lambda c: (c.order, c.value.value)).value


RULES: dict[str, Callable[[Sequence[Claim]], Term]] = {
    "dates": choose_dates,
    "earliest": choose_earliest,
    "event_status": choose_event_status,
    "most_articles": choose_most_articles,
    "membership_status": choose_membership_status,
    "earliest_article": choose_earliest_article,
}


def keeps(rule: str, chosen: Term, claimed: Term) -> bool:
    """Whether one more claim of `claimed` leaves the value `rule` chose as it is, so that adding
    an article need not read every claim again: a claim of the chosen value itself (each rule
    prefers a value for its support, its article's date or its precision, never against one more
    claim of it), a later date under `earliest`, under `dates` a less precise date that agrees (it
    counts for every candidate it fits alike), or a "planned" where an event is held."""
    if claimed == chosen:
        return True
    if rule == "event_status":
        return chosen == HELD and claimed == PLANNED  # a reported "held" is never undone by "planned"
    if rule == "earliest":
        return claimed.value >= chosen.value
    if rule == "dates":
        return chosen.value.startswith(claimed.value)
    return False


def supersedes(rule: str, chosen: Term, claimed: Term) -> bool:
    """Whether one more claim of `claimed` makes it the value `rule` chooses, whatever the other
    claims say, so that adding an article need not read them (a post's or a membership's
    `csto:asOf` is claimed by tens of thousands of articles at 100k): under `earliest`, a date
    before the chosen one, which is the earliest of all the claims so far."""
    return rule == "earliest" and claimed.value < chosen.value


# --- one resource ----------------------------------------------------------------------------


@dataclass
class Reconciled:
    """The default graph's triples for some resources."""

    triples: list[ox.Triple] = field(default_factory=list)
    events: list[ox.NamedNode] = field(default_factory=list)  # whose labels the label rule makes


class Reconciler:
    """Reconciles resources under a `Policy`; `article_order(graph)` sorts articles oldest first."""

    def __init__(self, policy: Policy, article_order: Callable[[str], tuple[str, str]]) -> None:
        self.policy = policy
        self.article_order = article_order

    def resource(
        self, subject: ox.NamedNode | ox.BlankNode, claims: Iterable[ox.Quad], reference: Iterable[ox.Triple], into: Reconciled
    ) -> None:
        """Add the default graph's triples for `subject` (from its claims and reference triples)."""
        policy = self.policy
        by_predicate: dict[ox.NamedNode, list[Claim]] = defaultdict(list)
        for quad in claims:
            if quad.predicate.value not in policy.claims_only:
                graph = quad.graph_name.value  # type: ignore[union-attr]
                by_predicate[quad.predicate].append(Claim(quad.object, graph, self.article_order(graph)))  # type: ignore[arg-type]
        known = list(reference)
        types = {c.value.value for c in by_predicate.get(RDF_TYPE, ())} | {t.object.value for t in known if t.predicate == RDF_TYPE}
        if types & policy.claims_only_classes:
            return
        into.triples.extend(known)
        given = {t.predicate for t in known}
        derived_labels = bool(types & policy.derived_label_classes)
        if derived_labels:
            into.events.append(subject)  # type: ignore[arg-type]
        for predicate, found in by_predicate.items():
            iri = predicate.value
            if iri in policy.single or iri in policy.per_language:
                if predicate in given or (derived_labels and predicate == RDFS_LABEL):
                    continue  # the reference data says it, or the label rule will
            if iri in policy.single:
                into.triples.append(ox.Triple(subject, predicate, RULES[policy.single[iri]](found)))
            elif iri in policy.per_language:
                into.triples.extend(self._per_language(subject, predicate, found))
            else:
                for value in dict.fromkeys(c.value for c in found):
                    if ox.Triple(subject, predicate, value) not in known:
                        into.triples.append(ox.Triple(subject, predicate, value))

    def _per_language(self, subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode, claims: list[Claim]) -> Iterator[ox.Triple]:
        """One value per language, the earliest article's; the others under the alternative property."""
        alternative = self.policy.per_language[predicate.value]
        by_language: dict[str, list[Claim]] = defaultdict(list)
        for claim in claims:
            by_language[getattr(claim.value, "language", None) or ""].append(claim)
        for found in by_language.values():
            first = min(found, key=lambda c: (c.order, c.value.value))
            yield ox.Triple(subject, predicate, first.value)
            if alternative is not None:
                for value in dict.fromkeys(c.value for c in found if c.value != first.value):
                    yield ox.Triple(subject, ox.NamedNode(alternative), value)


# --- a whole knowledge graph -----------------------------------------------------------------


def article_dates(quads: Iterable[ox.Quad]) -> dict[str, str]:
    """Each article graph's publication date (ISO), from its NewsArticle's schema:datePublished."""
    return {q.graph_name.value: q.object.value for q in quads if q.predicate == DATE_PUBLISHED and isinstance(q.graph_name, ox.NamedNode)}  # type: ignore[union-attr]


def order_by_date(dates: dict[str, str]) -> Callable[[str], tuple[str, str]]:
    """Articles oldest first: by publication date (an undated one before every dated one), then graph."""
    return lambda graph: (dates.get(graph, ""), graph)


def reconcile(
    claims: Iterable[ox.Quad], reference: Iterable[ox.Quad], config: Config, dates: dict[str, str] | None = None
) -> Reconciled:
    """The default graph for every resource the claims and the reference data speak of (a build)."""
    claims = list(claims)
    by_subject: dict[ox.NamedNode | ox.BlankNode, list[ox.Quad]] = defaultdict(list)
    for quad in claims:
        by_subject[quad.subject].append(quad)
    return _reconcile_all(by_subject.items(), reference, config, article_dates(claims) if dates is None else dates)


def reconcile_file(claims: Path, reference: Iterable[ox.Quad], config: Config, dates: dict[str, str], out: BinaryIO) -> int:
    """`reconcile` of the claims in an N-Quads file, written to `out` as N-Triples (without the
    event labels, which need the whole graph: `event_labels_in`), in memory that does not grow
    with the file: sort(1) puts each resource's claims together (C collation, a bounded buffer,
    spilling to disk beside the file), then they are read and written a resource at a time.
    Returns the number of triples written. A build's claims are a fifth of its quads (~1.8M at
    10k articles, ~1 GB as Python objects), its default graph ~55 triples per article."""
    ordered = claims.with_name(claims.name + ".sorted")
    written = 0
    try:
        sort_lines(claims, ordered)
        for part in _reconciled_parts(claims_by_subject(ordered), reference, config, dates):
            ox.serialize(part.triples, out, ox.RdfFormat.N_TRIPLES)
            written += len(part.triples)
    finally:
        ordered.unlink(missing_ok=True)
    return written


def claims_by_subject(path: Path, block: int = 1 << 22) -> Iterator[tuple[ox.NamedNode | ox.BlankNode, list[ox.Quad]]]:
    """Each subject's quads from an N-Quads file sorted by line (a subject's lines are then
    next to each other), read `block` bytes at a time."""
    subject: ox.NamedNode | ox.BlankNode | None = None
    group: list[ox.Quad] = []
    for lines in line_blocks(path, block):
        for quad in ox.parse(lines, format=ox.RdfFormat.N_QUADS):
            if quad.subject != subject:
                if group:
                    yield subject, group  # type: ignore[misc]
                subject, group = quad.subject, []  # type: ignore[assignment]
            group.append(quad)
    if group:
        yield subject, group  # type: ignore[misc]


def _reconcile_all(
    claimed: Iterable[tuple[ox.NamedNode | ox.BlankNode, list[ox.Quad]]], reference: Iterable[ox.Quad], config: Config, dates: dict[str, str]
) -> Reconciled:
    """Every claimed resource, then every reference resource no article claims anything of."""
    whole = Reconciled()
    for part in _reconciled_parts(claimed, reference, config, dates):
        whole.triples += part.triples
        whole.events += part.events
    return whole


#: Triples of the default graph handed on at a time by `_reconciled_parts`.
PART_SIZE = 8192


def _reconciled_parts(
    claimed: Iterable[tuple[ox.NamedNode | ox.BlankNode, list[ox.Quad]]], reference: Iterable[ox.Quad], config: Config, dates: dict[str, str]
) -> Iterator[Reconciled]:
    """`_reconcile_all` a few thousand triples at a time, whole resources in each part.

    Claimed subjects come in the byte order of their N-Triples form when the claims are sorted
    (`reconcile_file`); the reference resources no article claims are put among them in that
    order, so that the default graph's file is in subject order and its JSON-LD dump needs no
    sort (`JsonLdDump.write_ntriples` checks, and sorts what is not)."""
    policy = load_policy(config.mappings_dir, config.ontology_file)
    reconciler = Reconciler(policy, order_by_date(dates))
    known: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]] = defaultdict(list)
    for quad in reference:
        known[quad.subject].append(quad.triple)
    unclaimed = sorted((str(subject), subject) for subject in known)  # in N-Triples order
    waiting = 0  # the first of them not yet reached
    part = Reconciled()
    for subject, claims in claimed:
        key = str(subject)
        while waiting < len(unclaimed) and unclaimed[waiting][0] < key:
            _reference_only(reconciler, unclaimed[waiting][1], known, part)
            waiting += 1
        reconciler.resource(subject, claims, known.pop(subject, ()), part)
        if len(part.triples) >= PART_SIZE:
            yield part
            part = Reconciled()
    for _, subject in unclaimed[waiting:]:
        _reference_only(reconciler, subject, known, part)
    yield part


def _reference_only(
    reconciler: Reconciler, subject: ox.NamedNode | ox.BlankNode, known: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]], part: Reconciled
) -> None:
    """A reference resource's triples, unless an article claimed it (then it was reconciled with them)."""
    if subject in known:
        reconciler.resource(subject, (), known.pop(subject), part)


def event_labels(
    events: Sequence[ox.NamedNode] | None, default: Iterable[ox.Triple], background: Iterable[ox.Quad], config: Config
) -> list[ox.Triple]:
    """The labels the label rule makes from the reconciled facts (`default`, which holds at least
    the events' own triples) and the ontology and reference data (`background`): for `events`,
    or for every event when None."""
    if events is not None and not events:
        return []
    policy = load_policy(config.mappings_dir, config.ontology_file)
    query = policy.label_rule
    if events is not None:
        values = " ".join(str(event) for event in events)
        query = query.rstrip().removesuffix("}") + f"\n  VALUES ?event {{ {values} }}\n}}"
    background = list(background)
    with _LABELS_LOCK:
        store = _background_store(background)
        store.extend(ox.Quad(t.subject, t.predicate, t.object, _FACTS) for t in default)
        try:
            return list(store.query(query, default_graph=[ox.DefaultGraph(), _FACTS]))  # type: ignore[arg-type]
        finally:
            store.remove_graph(_FACTS)


#: The label rule's store: the background in its default graph, kept for the next call with the
#: same background (an add builds it once per process, not twice per article: ~0.1 s each);
#: the facts to label go into a graph of their own for one query and out again.
_LABELS: dict[str, object] = {}
_LABELS_LOCK = threading.Lock()
_FACTS = ox.NamedNode("urn:x-csto-kg:labelled-facts")


def _background_store(background: list[ox.Quad]) -> ox.Store:
    key = hash(tuple(background))
    if _LABELS.get("key") != key:
        store = ox.Store()
        store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in background)
        _LABELS.update(key=key, store=store)
    return _LABELS["store"]  # type: ignore[return-value]


def event_labels_in(store: ox.Store, config: Config) -> Iterator[ox.Triple]:
    """The labels the label rule makes for every event of a store's default graph, read with
    the ontology and reference data (their named graphs) as a build stores them: the default
    graph of a large build is only ever whole in the store."""
    policy = load_policy(config.mappings_dir, config.ontology_file)
    graphs = [ox.DefaultGraph(), *(ox.NamedNode(config.graph_iri(name)) for name in ("ontology", "reference"))]
    return store.query(policy.label_rule, default_graph=graphs)  # type: ignore[return-value]
