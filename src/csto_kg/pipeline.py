"""The build, top to bottom: read -> extract -> resolve -> map -> validate -> store -> publish.

Each stage is one call into its module; this file only runs them in order over the articles,
keeps the per-article verdicts, and makes sure that a bad article costs only itself: an article
that cannot be read or does not conform is not published, and if an earlier build published it,
that earlier version is carried over instead of being lost.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, ContextManager, Iterable, Protocol

import pyoxigraph as ox

from csto_kg.config import DEFAULT_BASE, Config
from csto_kg.corpus import (
    Article,
    ArticleError,
    article_id,
    find_article_files,
    read_article,
)
from csto_kg.extract.facts import Extraction, extract
from csto_kg.extract.gazetteer import load_gazetteer
from csto_kg.lexicon import load_lexicon
from csto_kg.mapping import RulesStore, article_graph, map_extraction
from csto_kg.publish import DumpFile, publish
from csto_kg.resolve import resolve_identities
from csto_kg.store import graph_quads, open_published, write_store
from csto_kg.validate import ArticleValidator, ValidationReport


class Progress(Protocol):
    """What the build needs from a progress display (Rich's Progress fits)."""

    def stage(self, name: str, total: int) -> ContextManager[Callable[[], None]]: ...


@dataclass
class ArticleOutcome:
    """What happened to one input file."""

    path: Path
    article_id: str | None
    status: str  # "published" | "quarantined" | "failed"
    message: str = ""
    facts: int = 0
    kept_previous: bool = False
    report: ValidationReport | None = None


@dataclass
class BuildReport:
    outcomes: list[ArticleOutcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    triples: int = 0
    dumps: list[DumpFile] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every input was published."""
        return all(o.status == "published" for o in self.outcomes)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def background_quads(config: Config) -> list[ox.Quad]:
    """The ontology and the reference data, each in its named graph, rebased to `config.base`."""
    quads = []
    for name, path in (("ontology", config.ontology_file), ("reference", config.reference_file)):
        graph = ox.NamedNode(config.graph_iri(name))
        labels: dict[ox.BlankNode, ox.BlankNode] = {}
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            subject = _stable_blank(triple.subject, name, labels)
            value = _stable_blank(triple.object, name, labels)
            quads.append(ox.Quad(rebase(subject, config), triple.predicate, rebase(value, config), graph))
    return quads


def _stable_blank(
    term: ox.NamedNode | ox.BlankNode | ox.Literal, graph: str, labels: dict[ox.BlankNode, ox.BlankNode]
) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The parser labels blank nodes (OWL restrictions, lists) at random; number them in file order
    instead, so that building the same inputs twice gives byte-identical dumps and checksums."""
    if not isinstance(term, ox.BlankNode):
        return term
    if term not in labels:
        labels[term] = ox.BlankNode(f"{graph}-b{len(labels)}")
    return labels[term]


def rebase(term: ox.NamedNode | ox.BlankNode | ox.Literal, config: Config) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Reference IRIs are written under the default base; a build under another base moves them."""
    if config.base != DEFAULT_BASE and isinstance(term, ox.NamedNode) and term.value.startswith(DEFAULT_BASE + "id/"):
        return ox.NamedNode(config.base + term.value[len(DEFAULT_BASE):])
    return term


def build(paths: Iterable[Path], config: Config, progress: Progress | None = None) -> BuildReport:
    """Build the store and the dumps from article files; see the module docstring."""
    stage = progress.stage if progress else _silent_stage
    report = BuildReport()
    files = find_article_files(paths)
    articles = _read(files, report, stage)
    extractions = _extract(articles, config, stage)
    with stage("resolve", 1) as advance:
        extractions = resolve_identities(extractions)
        advance()
    background = background_quads(config)
    graphs = _map(extractions, config, background, stage)
    accepted = _validate(graphs, extractions, config, background, report, stage)
    previous = open_published(config.store)
    carried = _carry_over(previous, report, config)
    quads: list[ox.Quad] = background + [q for quads in accepted.values() for q in quads] + carried
    with stage("store", 1) as advance:
        write_store(config.store, quads)
        advance()
    published = ox.Store.read_only(str(config.store))
    with stage("publish", 1) as advance:
        report.dumps = publish(published, config)
        advance()
    report.triples = len(quads)
    return report


def _silent_stage(name: str, total: int) -> ContextManager[Callable[[], None]]:
    return nullcontext(lambda: None)


def _read(files: list[Path], report: BuildReport, stage: Callable[..., ContextManager[Callable[[], None]]]) -> list[Article]:
    articles: list[Article] = []
    seen: dict[str, Path] = {}
    lexicon = load_lexicon()
    with stage("read", len(files)) as advance:
        for path in files:
            try:
                article = read_article(path, lexicon)
                if article.id in seen:
                    raise ArticleError(path, f"duplicate article id {article.id!r} (also the id of {seen[article.id]})")
            except ArticleError as error:
                report.outcomes.append(ArticleOutcome(path, _id_or_none(path), "failed", str(error)))
            else:
                seen[article.id] = path
                articles.append(article)
                report.warnings.extend(article.warnings)
            advance()
    return articles


def _id_or_none(path: Path) -> str | None:
    try:
        return article_id(path)
    except ArticleError:
        return None


def _extract(articles: list[Article], config: Config, stage: Callable[..., ContextManager[Callable[[], None]]]) -> list[Extraction]:
    gazetteer, lexicon = load_gazetteer(config.reference_file), load_lexicon()
    results = []
    with stage("extract", len(articles)) as advance:
        for article in articles:
            results.append(extract(article, gazetteer, lexicon, config.min_confidence))
            advance()
    return results


def _map(extractions: list[Extraction], config: Config, background: list[ox.Quad], stage: Callable[..., ContextManager[Callable[[], None]]]) -> dict[str, list[ox.Quad]]:
    rules = RulesStore(background)
    graphs = {}
    with stage("map", len(extractions)) as advance:
        for extraction in extractions:
            graphs[extraction.article.id] = map_extraction(extraction, config, rules)
            advance()
    return graphs


def _validate(
    graphs: dict[str, list[ox.Quad]],
    extractions: list[Extraction],
    config: Config,
    background: list[ox.Quad],
    report: BuildReport,
    stage: Callable[..., ContextManager[Callable[[], None]]],
) -> dict[str, list[ox.Quad]]:
    """Keep the graphs that conform; the others go to quarantine with their report."""
    validator = ArticleValidator(config, background)
    accepted: dict[str, list[ox.Quad]] = {}
    with stage("validate", len(extractions)) as advance:
        for extraction in extractions:
            article = extraction.article
            quads = graphs[article.id]
            verdict = validator.validate(quads)
            if verdict.conforms:
                accepted[article.id] = quads
                report.outcomes.append(ArticleOutcome(article.path, article.id, "published", facts=len(extraction.facts()), report=verdict))
            else:
                _quarantine(config, article.id, quads, verdict)
                first = next(v for v in verdict.violations if v.severity == "Violation")
                message = f"{article.path}: does not conform to the shapes ({first.line()}); not published"
                report.outcomes.append(ArticleOutcome(article.path, article.id, "quarantined", message, report=verdict))
            advance()
    return accepted


def _quarantine(config: Config, article: str, quads: list[ox.Quad], verdict: ValidationReport) -> None:
    """Rejected graphs are kept for inspection next to the store, never published."""
    folder = config.store.parent / "quarantine"
    folder.mkdir(parents=True, exist_ok=True)
    ox.serialize(quads, str(folder / f"{article}.trig"), ox.RdfFormat.TRIG)
    (folder / f"{article}.txt").write_text(verdict.text() + "\n", encoding="utf-8")


def _carry_over(previous: ox.Store | None, report: BuildReport, config: Config) -> list[ox.Quad]:
    """The previously published graph of every article that failed this time."""
    if previous is None:
        return []
    carried: list[ox.Quad] = []
    for outcome in report.outcomes:
        if outcome.status == "published" or outcome.article_id is None:
            continue
        graph = article_graph(config, outcome.article_id)
        if previous.contains_named_graph(graph):
            carried.extend(graph_quads(previous, graph))
            outcome.kept_previous = True
            outcome.message += "; the previously published version is kept"
    return carried
