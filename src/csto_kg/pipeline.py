"""The build, top to bottom: read -> extract -> resolve -> map -> validate -> store -> publish.

Each stage is one call into its module; this file only runs them in order over the articles,
keeps the per-article verdicts, and makes sure that a bad article costs only itself: an article
that cannot be read or does not conform is not published, and if an earlier build published it,
that earlier version is carried over instead of being lost. A build that publishes no article at
all (nothing readable, nothing conforming, no input) changes nothing: the published release stays.

The store and the dumps are written as one new release under the store's writer lock and
switched in whole (`release.py`); edits made through the server since the last build are
replayed on the rebuilt store, so that no acknowledged write is lost.

Article graphs do not stay in memory: each is written to spool files as soon as it is
validated, as the workers send it: N-Quads (the release's N-Quads dump; the store is bulk-loaded
from it), TriG blocks (the TriG dump), and the fifth of it that reconciling reads (sorted by
resource and reconciled a resource at a time); the extractions wait on disk between extraction
and map + validate (`spill.py`). The default graph is written as N-Triples a few thousand
triples at a time as it is reconciled, bulk-loaded into the store, where the event labels are
made, and the union dumps are written from that file. Articles are read a chunk at a time as
the workers ask for them (`read_chunks`).
"""

from __future__ import annotations

import os
import shutil
import time
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, ContextManager, Iterable, Iterator, Protocol, TypeVar

import pyoxigraph as ox

from csto_kg.batch import (
    Checked,
    chunked,
    default_jobs,
    extract_chunks,
    map_and_validate_all,
    spooled,
)
from csto_kg.config import DEFAULT_BASE, Config
from csto_kg.corpus import (
    Article,
    ArticleError,
    article_id,
    find_article_files,
    read_article,
)
from csto_kg.extract.facts import Extraction
from csto_kg.extract.gazetteer import keep_gazetteer
from csto_kg.lexicon import Lexicon, load_lexicon
from csto_kg.mapping import article_graph
from csto_kg.linefiles import count_lines, line_blocks, merge_by_subject, sort_lines
from csto_kg.publish import TRIG_HEADER, Dataset, dataset_file, default_graph_file, trig_block, write_dumps
from csto_kg.reconcile import event_labels_in, load_policy, reconcile_file
from csto_kg.release import Draft, DumpFile, Spool, drafting, spooling
from csto_kg.resolve import resolve
from csto_kg.spill import ExtractionSpill
from csto_kg.store import LOAD_BLOCK, graph_quads, write_people, write_store
from csto_kg.validate import ValidationReport

T = TypeVar("T")


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
    triples: int = 0  # in the published default graph (the knowledge graph)
    quads: int = 0  # in the published dataset: the default graph's triples and the named graphs'
    dumps: list[DumpFile] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)  # CPU seconds, all processes
    #: Why nothing was published (no input, no article that conforms); None when a release was.
    unchanged: str | None = None

    @property
    def ok(self) -> bool:
        """True when a release was published and every input is in it."""
        return self.unchanged is None and all(o.status == "published" for o in self.outcomes)

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


def build(
    paths: Iterable[Path],
    config: Config,
    progress: Progress | None = None,
    jobs: int | None = None,
    waiting: Callable[[str], None] | None = None,
) -> BuildReport:
    """Build the store and the dumps from article files; see the module docstring.

    `jobs` worker processes run the per-article stages (default: one per core); the CPU time of
    each stage, summed over them, is in `report.stage_seconds`. `waiting` hears, once, that
    another writer holds the store and this build waits for it.
    """
    stage = progress.stage if progress else silent_stage
    jobs = default_jobs() if jobs is None else jobs
    report = BuildReport()
    clock: Counter[str] = Counter()  # CPU seconds per stage, summed over the processes
    paths = list(paths)
    files = find_article_files(paths)
    if not files:
        report.unchanged = "no article files in " + ", ".join(str(p) for p in paths)
        return report
    background = background_quads(config)
    with spooling(config.store) as spool:
        # Articles are read a chunk at a time as the workers ask for them, and their extractions
        # wait on disk (spill.py); identity resolution needs only the people.
        spill = ExtractionSpill(spool.extractions)
        with stage("read + extract", len(files)) as advance:
            for chunk in extract_chunks(read_chunks(files, report, clock, advance), len(files), config, jobs, clock, advance):
                spill.write(chunk)
        with stage("resolve", 1) as advance:
            identities = timed(clock, "resolve", lambda: resolve(spill.minted))
            advance()
        with stage("map + validate", len(spill)) as advance:
            renamed = ([identities.apply(extraction) for extraction in chunk] for chunk in spill.chunks())
            checked = map_and_validate_all(renamed, len(spill), config, background, jobs, clock, advance)
            dates, sizes = _spool_accepted(checked, config, report, spool)
        spill.path.unlink()  # read back whole: its disk is the store's now
        if not sizes:
            report.unchanged = "no article could be published"
            return report
        people = identities.people()
        with drafting(config.store, what="csto-kg build", waiting=waiting) as draft:
            dates.update(_carry_over(draft, report, config, spool, sizes))
            default = default_graph_file(draft.path)
            default.parent.mkdir(parents=True)
            with stage("reconcile", 1) as advance:
                triples = timed(clock, "reconcile", lambda: knowledge_graph(spool.claims, dates, background, config, default))
                advance()
            spool.claims.unlink()  # the default graph is made: nothing reads the claims again
            with stage("store", 1) as advance:
                dataset = timed(clock, "store", lambda: _store(draft, spool, background, triples, sizes, people, config))
                advance()
            with stage("publish", 1) as advance:
                report.dumps = timed(clock, "dumps", lambda: write_dumps(dataset, config, draft.path))
                figures = {"triples": dataset.triples, "quads": dataset.quads, "articles": report.count("published")}
                draft.publish(report.dumps, figures=figures, edits=len(draft.parent_edits()), dist_link=config.dist)
                advance()
    report.triples, report.quads = figures["triples"], figures["quads"]
    report.stage_seconds = dict(clock)
    return report


def _spool_accepted(
    checked: Iterable[tuple[Extraction, Checked]], config: Config, report: BuildReport, spool: Spool
) -> tuple[dict[str, str], dict[str, int]]:
    """Write each conforming article's graph to the spool as it comes (N-Quads, TriG, what
    reconciling reads); keep each graph's publication date and size. The others go to quarantine."""
    dates: dict[str, str] = {}
    sizes: dict[str, int] = {}
    with open(spool.nquads, "wb") as nquads, open(spool.trig, "wb") as trig, open(spool.claims, "wb") as claims:
        trig.write(TRIG_HEADER)
        for extraction, result in checked:
            if accept(result, extraction, config, report):
                nquads.write(result.nquads)
                trig.write(result.trig)
                claims.write(result.claims)
                dates.update(result.dates)
                sizes[article_graph(config, result.article_id).value] = result.size
    return dates, sizes


def _store(
    draft: Draft, spool: Spool, background: list[ox.Quad], triples: int, sizes: dict[str, int], people: list[tuple[str, str]], config: Config
) -> Dataset:
    """The draft's store, bulk-loaded from the spooled article graphs, the ontology and reference
    data (`background`) and the default graph's N-Triples file (`triples` lines, in the dumps
    folder already), then the event labels the label rule makes in the store; the published
    edits replayed on it (every dump is then the store's), or else the dataset file (the N-Quads
    dump) and the TriG dump completed with the same. Returns the dataset the dumps are written
    from. The default graph is never held whole here: at 100k articles it is ~5M triples."""
    path = dataset_file(draft.path)
    default = default_graph_file(draft.path)
    trig = path.with_suffix(".trig")
    os.replace(spool.nquads, path)
    os.replace(spool.trig, trig)
    store = write_store(draft.path, path, background, default)
    triples += _add_event_labels(store, default, config)
    write_people(draft.path, people)
    keep_gazetteer(config.reference_file, draft.path)
    edits = draft.parent_edits()
    if edits:  # every dump is then written again from the store
        for edit in edits:
            store.update(edit)
        store.flush()
        draft.keep_edits(edits)
        return Dataset.of_store(store, draft.path, config)
    del store
    with open(path, "ab") as out:
        ox.serialize(background, out, ox.RdfFormat.N_QUADS)
        with open(default, "rb") as knowledge:
            shutil.copyfileobj(knowledge, out)  # an N-Triples line is an N-Quads line of the default graph
    with open(trig, "ab") as out:
        out.write(trig_block(background))
        for lines in line_blocks(default, LOAD_BLOCK):
            out.write(trig_block(list(ox.parse(lines, format=ox.RdfFormat.N_TRIPLES))))  # quads of the default graph
    sizes = dict(sizes)
    for quad in background:
        sizes[quad.graph_name.value] = sizes.get(quad.graph_name.value, 0) + 1  # type: ignore[union-attr]
    return Dataset(
        nquads=path, default=default, triples=triples, trig=trig, background=background, graph_sizes=sizes, quads=sum(sizes.values()) + triples
    )


def _add_event_labels(store: ox.Store, default: Path, config: Config) -> int:
    """The event labels, made in the store from the whole default graph, loaded and merged
    into its N-Triples file in subject order (the file stays as `reconcile` wrote it: in the
    order its JSON-LD dump reads); returns how many."""
    labels = default.with_name(default.name + ".labels")
    unsorted = labels.with_name(labels.name + ".unsorted")
    merged = default.with_name(default.name + ".merged")
    try:
        with open(unsorted, "wb") as out:
            ox.serialize(event_labels_in(store, config), out, ox.RdfFormat.N_TRIPLES)
        store.bulk_load(path=str(unsorted), format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        sort_lines(unsorted, labels)
        merge_by_subject([default, labels], merged)
        os.replace(merged, default)
        return count_lines(labels)
    finally:
        for path in (unsorted, labels, merged):
            path.unlink(missing_ok=True)


def knowledge_graph(claims: Path, dates: dict[str, str], background: list[ox.Quad], config: Config, target: Path) -> int:
    """The default graph, every fact once, reconciled from the articles' claims (an N-Quads file;
    `reconcile.py`, with each article graph's publication date) and the reference data, written
    to `target` as N-Triples; returns its size. The event labels need the whole graph: they are
    made once it is stored (`_add_event_labels`)."""
    reference_graph = ox.NamedNode(config.graph_iri("reference"))
    reference = [q for q in background if q.graph_name == reference_graph]
    with open(target, "wb") as out:
        return reconcile_file(claims, reference, config, dates, out)


def timed(clock: Counter[str], name: str, work: Callable[[], T]) -> T:
    """Run `work` in this process and add its CPU time to the stage `name`."""
    start = time.process_time()
    try:
        return work()
    finally:
        clock[name] += time.process_time() - start


def silent_stage(name: str, total: int) -> ContextManager[Callable[[], None]]:
    return nullcontext(lambda: None)


def read_chunks(files: list[Path], report: BuildReport, clock: Counter[str], advance: Callable[[], None]) -> Iterator[list[Article]]:
    """The articles of `files` that can be read, a chunk at a time, read only when asked for:
    a build's parent never holds more texts than the chunks its workers have not taken yet
    (100k articles are ~0.5 GB of text). The others are reported as they come."""
    lexicon = load_lexicon()
    seen: dict[str, Path] = {}
    for paths in chunked(files):
        start = time.process_time()
        chunk = [article for article in (_read_one(path, lexicon, seen, report) for path in paths) if article is not None]
        clock["read"] += time.process_time() - start
        for _ in range(len(paths) - len(chunk)):
            advance()  # what failed counts as done
        if chunk:
            yield chunk


def _read_one(path: Path, lexicon: Lexicon, seen: dict[str, Path], report: BuildReport) -> Article | None:
    """The article at `path`, or None with its failure reported (unreadable, or an id an
    earlier file of the build has: `seen`)."""
    try:
        article = read_article(path, lexicon)
        if article.id in seen:
            raise ArticleError(path, f"duplicate article id {article.id!r} (also the id of {seen[article.id]})")
    except ArticleError as error:
        report.outcomes.append(ArticleOutcome(path, _id_or_none(path), "failed", str(error)))
        return None
    seen[article.id] = path
    report.warnings.extend(article.warnings)
    return article


def _id_or_none(path: Path) -> str | None:
    try:
        return article_id(path)
    except ArticleError:
        return None


def accept(result: Checked, extraction: Extraction, config: Config, report: BuildReport) -> bool:
    """Publish the article if its graph conforms (the facts the gate left out are warnings);
    else quarantine it with its report."""
    article, verdict = extraction.article, result.verdict
    if verdict.conforms:
        report.warnings.extend(f"{article.path}: left out {line}" for line in result.dropped)
        facts = len(extraction.facts()) - len(result.dropped)
        report.outcomes.append(ArticleOutcome(article.path, article.id, "published", facts=facts, report=verdict))
        return True
    _quarantine(config, article.id, result.quads, verdict)
    first = next(v for v in verdict.violations if v.severity == "Violation")
    message = f"{article.path}: does not conform to the shapes ({first.line()}); not published"
    report.outcomes.append(ArticleOutcome(article.path, article.id, "quarantined", message, report=verdict))
    return False


def accept_checked(checked: Iterable[tuple[Extraction, Checked]], config: Config, report: BuildReport) -> dict[str, list[ox.Quad]]:
    """The graphs of the articles `accept` publishes, by article id (a few articles: `add`)."""
    return {result.article_id: result.quads for extraction, result in checked if accept(result, extraction, config, report)}


def _quarantine(config: Config, article: str, quads: list[ox.Quad], verdict: ValidationReport) -> None:
    """Rejected graphs are kept for inspection next to the store, never published."""
    folder = config.store.parent / "quarantine"
    folder.mkdir(parents=True, exist_ok=True)
    ox.serialize(quads, str(folder / f"{article}.trig"), ox.RdfFormat.TRIG)
    (folder / f"{article}.txt").write_text(verdict.text() + "\n", encoding="utf-8")


def _carry_over(draft: Draft, report: BuildReport, config: Config, spool: Spool, sizes: dict[str, int]) -> dict[str, str]:
    """The previously published graph of every article that failed this time, appended to the
    spools (what reconciling reads of it to the claims spool, its size to `sizes`); returns
    their publication dates."""
    if draft.parent is None:
        return {}
    previous = ox.Store.read_only(str(draft.parent.path))
    policy = load_policy(config.mappings_dir, config.ontology_file)
    dates: dict[str, str] = {}
    with open(spool.nquads, "ab") as nquads, open(spool.trig, "ab") as trig, open(spool.claims, "ab") as claims:
        for outcome in report.outcomes:
            if outcome.status == "published" or outcome.article_id is None:
                continue
            graph = article_graph(config, outcome.article_id)
            if previous.contains_named_graph(graph):
                quads = graph_quads(previous, graph)
                graph_nquads, graph_trig, graph_claims, graph_dates = spooled(quads, policy)
                nquads.write(graph_nquads)
                trig.write(graph_trig)
                claims.write(graph_claims)
                dates.update(graph_dates)
                sizes[graph.value] = len(quads)
                outcome.kept_previous = True
                outcome.message += "; the previously published version is kept"
    return dates
