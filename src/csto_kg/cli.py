"""The `csto-kg` command: thin wrappers that parse arguments and call one stage each."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Optional

import typer
from typer.core import TyperCommand
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from csto_kg import config as configuration
from csto_kg.corpus import ArticleError, find_article_files, read_article

if TYPE_CHECKING:
    from csto_kg.evaluate import EvalReport
    from csto_kg.pipeline import BuildReport
    from csto_kg.server.settings import ServeSettings
    from csto_kg.store import PublishedStore

class PlainUsage(TyperCommand):
    """Usage lines as click writes them (`csto-kg extract [OPTIONS] FILE`), not as Typer 0.29
    does (`{file}`, read as a literal brace by people who copy it)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = param.metavar or (param.name or "").upper()
                pieces.append((name if param.required else f"[{name}]") + ("..." if param.nargs != 1 else ""))
        return pieces


# Help in plain text: Rich's help shows every option's type (`--help <bool>`) and reads
# "[default: corpus/]" in a help text as markup and drops it.
app = typer.Typer(
    help="Build, validate, query and publish the CSTO knowledge graph from Arabic news articles.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
# Messages are one line per file, read by people and by grep: they are printed with soft_wrap (no
# wrapping at the terminal width) and with `escape` around text we did not write (file names,
# reasons), or a file named `[draft].txt` would lose its name to Rich markup.
out = Console()
err = Console(stderr=True, soft_wrap=True)

StoreOption = typer.Option(None, "--store", help="pyoxigraph store directory [default: data/store]")
BaseOption = typer.Option(None, "--base", help="base IRI of minted resources [default: https://w3id.org/csto-kg/]")
DefaultGraphOption = typer.Option(
    None,
    "--default-graph",
    help="the named graph that holds the knowledge graph in the external store, for stores whose default graph is the union of all graphs (Virtuoso) [default: the store's default graph]",
)
EngineOption = typer.Option(
    "rudof", "--engine", help="SHACL engine: rudof (fast; held to pySHACL's results by the tests) or pyshacl (the reference)"
)


class RichStages:
    """One progress bar per pipeline stage."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress

    @contextmanager
    def stage(self, name: str, total: int) -> Iterator[Callable[[], None]]:
        task = self._progress.add_task(name, total=max(total, 1))
        yield lambda: self._progress.advance(task)
        self._progress.update(task, completed=max(total, 1))


@app.command(cls=PlainUsage)
def build(
    paths: list[Path] = typer.Argument(None, metavar="PATH", help="article files or folders [default: corpus/]"),
    store: Optional[Path] = StoreOption,
    dist: Optional[Path] = typer.Option(None, "--dist", help="folder for the dumps [default: dist]"),
    base: Optional[str] = BaseOption,
    min_confidence: float = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0, help="publish only facts at least this confident"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="worker processes for extraction and validation [default: one per core; with --scheduler, the cluster's workers instead]"),
    engine: str = EngineOption,
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", metavar="ADDRESS",
        help="extract, map and validate on the workers of the Dask cluster at ADDRESS (tcp://host:8786) instead of this machine's cores (needs pip install 'csto-kg[cluster]'; see docs/scaling-dask.md)",
    ),
) -> None:
    """Read, extract, map, validate, store and publish articles: a new release replaces the
    published one (exit 1 if any article failed; nothing changes if none could be published)."""
    from csto_kg.cluster import ClusterError
    from csto_kg.pipeline import build as run_build
    from csto_kg.release import ReleaseError

    settings = _settings(store=store, dist=dist, base=base, min_confidence=min_confidence, engine=engine, scheduler=scheduler)
    inputs = paths or [settings.corpus_dir]
    columns = (TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with Progress(*columns, console=err, transient=False) as progress:
            report = run_build(inputs, settings, RichStages(progress), jobs=jobs, waiting=_say_waiting)
    except (ReleaseError, ClusterError) as error:
        err.print(f"[red]error[/]: {escape(str(error))}", highlight=False)
        raise typer.Exit(1) from error
    _print_outcome(report, settings)


@app.command(cls=PlainUsage)
def add(
    paths: list[Path] = typer.Argument(..., help="article files or folders to add to the published graph"),
    store: Optional[Path] = StoreOption,
    dist: Optional[Path] = typer.Option(None, "--dist", help="folder of the dumps to extend [default: dist]"),
    base: Optional[str] = BaseOption,
    min_confidence: float = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0, help="publish only facts at least this confident"),
    engine: str = EngineOption,
) -> None:
    """Add (or replace) articles in the published store and dumps without a rebuild (exit 1 if any failed)."""
    from csto_kg.add import add_articles
    from csto_kg.release import ReleaseError
    from csto_kg.store import StoreError

    settings = _settings(store=store, dist=dist, base=base, min_confidence=min_confidence, engine=engine)
    try:
        report = add_articles(paths, settings, waiting=_say_waiting)
    except (StoreError, ReleaseError) as error:
        err.print(f"[red]error[/]: {escape(str(error))}", highlight=False)
        raise typer.Exit(1) from error
    _print_outcome(report, settings)


def _settings(**options: object) -> configuration.Config:
    """The configuration from the environment and the options; a bad option value is a usage error."""
    try:
        return configuration.from_env(**options)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error


def _say_waiting(message: str) -> None:
    err.print(escape(message) + " ...", highlight=False)


def _print_outcome(report: "BuildReport", settings: configuration.Config) -> None:
    """Warnings and errors on stderr, one line each; the summary on stdout; exit 1 on a failure."""
    for warning in report.warnings:
        err.print(f"[yellow]warning[/]: {escape(warning)}", highlight=False)
    for outcome in report.outcomes:
        if outcome.status != "published":
            err.print(f"[red]error[/]: {escape(outcome.message)}", highlight=False)
    if report.unchanged is not None:
        err.print(
            f"[red]error[/]: {escape(report.unchanged)}; nothing was published and "
            f"{escape(str(settings.store))} is unchanged",
            highlight=False,
        )
        raise typer.Exit(1)
    published = report.count("published")
    out.print(
        f"published {published} article(s), {report.count('quarantined')} quarantined, {report.count('failed')} failed; "
        f"{escape(str(settings.store))} holds {report.triples} triples in the knowledge graph (default graph), "
        f"{report.quads} quads in the dataset; dumps in {escape(str(settings.dist))}/",
        highlight=False,
        soft_wrap=True,
    )
    if not report.ok:
        raise typer.Exit(1)


@app.command(cls=PlainUsage)
def extract(
    file: Path = typer.Argument(..., help="an article file"),
    min_confidence: float = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0),
    body: bool = typer.Option(False, "--body/--no-body", help="include the article text in the output"),
) -> None:
    """Print the facts extracted from one article as JSON."""
    from csto_kg.extract.facts import extract as run_extract

    try:
        article = read_article(file)
    except ArticleError as error:
        err.print(f"[red]error[/]: {escape(str(error))}", highlight=False)
        raise typer.Exit(1) from error
    data = run_extract(article, min_confidence=min_confidence).to_json()
    if not body:
        for record in data["records"]:
            record.pop("articleBody", None)
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@app.command(cls=PlainUsage)
def validate(
    paths: list[Path] = typer.Argument(None, help="article files/folders, or RDF files (.ttl .nt .trig .nq .jsonld); default: the published store"),
    store: Optional[Path] = StoreOption,
    base: Optional[str] = BaseOption,
    engine: str = EngineOption,
) -> None:
    """Check graphs against the SHACL shapes; print a readable report; exit 1 on a violation."""
    from csto_kg.checking import validate_inputs

    settings = _settings(store=store, base=base, engine=engine)
    results = validate_inputs(paths or [], settings)
    failed = False
    for name, report in results:
        if report.conforms:
            out.print(f"[green]conforms[/]: {escape(name)}" + (f" ({len(report.violations)} warning(s))" if report.violations else ""), highlight=False, soft_wrap=True)
        else:
            failed = True
            out.print(f"[red]violations[/]: {escape(name)}", highlight=False, soft_wrap=True)
        for violation in report.violations:
            out.print("  " + escape(violation.line()), highlight=False, soft_wrap=True)
    if not results:
        err.print("nothing to validate (no articles given and no published store)")
        raise typer.Exit(1)
    if failed:
        raise typer.Exit(1)


@app.command(cls=PlainUsage)
def serve(
    store: Optional[Path] = StoreOption,
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port"),
    base: Optional[str] = BaseOption,
    timeout: float = typer.Option(10.0, "--timeout", min=0.1, help="seconds a query may run before it is stopped (503)"),
    write_timeout: Optional[float] = typer.Option(None, "--write-timeout", min=0.1, help="seconds a write may take, publishing included [default: --timeout]"),
    row_limit: int = typer.Option(10_000, "--row-limit", min=1, help="most solutions or triples returned (CSTO-Truncated: true when cut)"),
    workers: int = typer.Option(0, "--workers", min=0, help="query worker processes [default: 4, or one per core up to 8]"),
    worker_memory: int = typer.Option(2048, "--worker-memory", min=64, help="MiB a worker running a long query may hold before it is stopped (503)"),
    max_body: int = typer.Option(16 * 1024 * 1024, "--max-body", min=1024, help="largest request body in bytes (413 beyond)"),
    max_query: int = typer.Option(128 * 1024, "--max-query", min=256, help="longest query or update in characters (413/414 beyond)"),
    update_token: Optional[str] = typer.Option(
        None, "--update-token", envvar="CSTO_KG_UPDATE_TOKEN", show_default=False, show_envvar=True,
        help="accept SPARQL Update and Graph Store writes from requests with 'Authorization: Bearer TOKEN' (set it in the environment: a command line shows in ps)",
    ),
    answer_cache: int = typer.Option(128, "--answer-cache", min=0, help="MiB of answers (queries and lookups) kept for the published release (0: none)"),
    memory_graph: int = typer.Option(
        150_000, "--memory-graph", min=0, metavar="TRIPLES",
        help="each query worker keeps the knowledge graph in memory when it has at most this many triples, and answers queries that read only the default graph from it (~5x faster; ~800 bytes a triple a worker; 0: never)",
    ),
    access_log: bool = typer.Option(False, "--access-log/--no-access-log", help="log every request on stderr"),
    endpoint: Optional[str] = typer.Option(None, "--endpoint", help="serve what `csto-kg push` put into this external SPARQL endpoint instead of the local store (read-only)"),
    default_graph: Optional[str] = DefaultGraphOption,
    dumps: Optional[Path] = typer.Option(None, "--dumps", help="with --endpoint: the dist/ folder of the build that was pushed, served at /dumps/"),
) -> None:
    """Serve the published release: SPARQL 1.1 Protocol at /sparql, Graph Store Protocol at /store, linked data and HTML pages (read-only without an update token)."""
    from csto_kg.server.app import serve as run_server
    from csto_kg.server.settings import TOKEN_VARIABLE, ServeSettings
    from csto_kg.store import StoreError, open_published

    settings = configuration.from_env(store=store, base=base)
    if endpoint:
        _serve_endpoint(endpoint, default_graph, dumps, host, port, access_log,
                        ServeSettings(base_iri=settings.base, timeout=timeout, row_limit=row_limit, max_body=max_body, max_query=max_query, answer_cache=0))  # fmt: skip
        return
    if update_token and "--update-token" in " ".join(sys.argv):
        err.print(f"[yellow]warning[/]: a token on the command line is visible to every user in `ps`; set {TOKEN_VARIABLE} instead", highlight=False)
    try:
        published = open_published(settings.store)
    except StoreError as error:
        err.print(f"[red]error[/]: {escape(str(error))}", highlight=False)
        raise typer.Exit(1) from error
    if published is None:
        err.print(f"[red]error[/]: no store at {escape(str(settings.store))}; run `csto-kg build` first")
        raise typer.Exit(1)
    published.close()
    serve_settings = ServeSettings(
        base_iri=settings.base, timeout=timeout, write_timeout=write_timeout, row_limit=row_limit,
        workers=workers, worker_memory=worker_memory * 2**20, max_body=max_body, max_query=max_query,
        update_token=update_token or None, answer_cache=answer_cache * 2**20, memory_graph=memory_graph,
    )  # fmt: skip
    mode = "read-write with the update token" if update_token else "read-only"
    err.print(f"serving {settings.store} on http://{host}:{port}/ ({mode}, {serve_settings.query_workers} query workers)", highlight=False)
    run_server(settings.store, host, port, serve_settings, access_log=access_log)


def _serve_endpoint(endpoint: str, default_graph: str | None, dumps: Path | None, host: str, port: int, access_log: bool, settings: "ServeSettings") -> None:
    """`serve --endpoint`: the site over an external store (read-only, its credentials as `push` reads them)."""
    import tempfile

    from csto_kg.remote import Endpoint, EndpointError, http_auth
    from csto_kg.server.app import create_endpoint_app, serve as run_server

    try:
        target = Endpoint(endpoint, default_graph=default_graph, auth=http_auth(endpoint))
        with tempfile.TemporaryDirectory(prefix="csto-kg-endpoint-") as scratch:
            app = create_endpoint_app(target, settings, dumps=dumps, scratch=Path(scratch))
            err.print(f"serving {escape(endpoint)} on http://{host}:{port}/ (read-only)", highlight=False)
            run_server(Path(scratch), host, port, settings, access_log=access_log, app=app)
    except EndpointError as error:
        err.print(f"[red]error[/]: {escape(str(error))}", highlight=False)
        raise typer.Exit(1) from error


@app.command(cls=PlainUsage)
def push(
    endpoint: str = typer.Option(..., "--endpoint", help="the store's SPARQL 1.1 query endpoint"),
    update_endpoint: Optional[str] = typer.Option(None, "--update-endpoint", help="its SPARQL 1.1 Update endpoint [default: --endpoint]"),
    graph_store: Optional[str] = typer.Option(None, "--graph-store", help="its SPARQL 1.1 Graph Store endpoint: graphs are uploaded with PUT instead of INSERT DATA"),
    default_graph: Optional[str] = DefaultGraphOption,
    auth: str = typer.Option("auto", "--auth", help="auto, basic, digest, bearer or none; credentials come from CSTO_KG_ENDPOINT_USER / CSTO_KG_ENDPOINT_PASSWORD, CSTO_KG_ENDPOINT_TOKEN or a netrc file, never from the command line"),
    netrc_file: Optional[Path] = typer.Option(None, "--netrc", help="netrc file with the endpoint host's credentials [default: $NETRC or ~/.netrc]"),
    batch: int = typer.Option(10_000, "--batch", min=1, help="most triples in one upload request"),
    timeout: float = typer.Option(3600.0, "--timeout", min=1.0, help="seconds one request may take (the switch moves every changed graph in one)"),
    store: Optional[Path] = StoreOption,
    base: Optional[str] = BaseOption,
) -> None:
    """Push the published dataset into an external triple store: changed graphs only, staged,
    then switched in one request (readers never see half a release); safe to repeat or resume."""
    from csto_kg.push import PushError, Pusher
    from csto_kg.remote import Endpoint, EndpointError, http_auth

    settings = _settings(store=store, base=base)
    try:
        target = Endpoint(endpoint, update_endpoint, default_graph, http_auth(update_endpoint or endpoint, auth, netrc_file), timeout)
    except EndpointError as error:
        err.print(f"[red]error[/]: {escape(str(error))}", highlight=False)
        raise typer.Exit(2) from error
    pusher = Pusher(target, settings.base, graph_store=graph_store, batch=batch, progress=lambda m: err.print(escape(m), highlight=False))
    try:
        report = pusher.push(settings.store)
    except PushError as error:
        err.print(f"[red]error[/]: {escape(str(error))}", highlight=False)
        raise typer.Exit(1) from error
    finally:
        target.close()
    out.print(
        f"release {report.release}: {report.switched} graph(s) switched ({report.staged} staged now, "
        f"{report.resumed} staged before), {report.unchanged} unchanged, {report.removed} removed; "
        f"default graph {report.default_graph}; {report.requests} request(s), {report.triples_sent:,} triples sent",
        highlight=False,
        soft_wrap=True,
    )


@app.command(cls=PlainUsage)
def query(
    name: str = typer.Argument(..., help="a named query in queries/ (e.g. posts) or a .rq file"),
    store: Optional[Path] = StoreOption,
    endpoint: Optional[str] = typer.Option(None, "--endpoint", help="query this SPARQL endpoint instead of the local store"),
    default_graph: Optional[str] = DefaultGraphOption,
    output_format: str = typer.Option("table", "--format", help="table, csv or json"),
    param: list[str] = typer.Option(None, "--param", help="NAME=VALUE for a parameterised query"),
) -> None:
    """Run a named query and print a table, CSV, or SPARQL 1.1 Query Results JSON."""
    from csto_kg.queries import QueryError, resolve_query, run_local, run_remote, to_csv

    settings = configuration.from_env(store=store)
    if output_format not in ("table", "csv", "json"):
        err.print(f"[red]error[/]: --format must be table, csv or json, not {output_format!r}")
        raise typer.Exit(2)
    try:
        named = resolve_query(name, settings.queries_dir)
        values = dict(_parse_param(p) for p in param or [])
        text = named.bound(values)
        if endpoint:
            rows = run_remote(endpoint, text, default_graph)
        else:
            published = _published(settings)
            rows = run_local(published.store, text)
    except QueryError as error:
        err.print(f"[red]error[/]: {error}", highlight=False)
        raise typer.Exit(1) from error
    if output_format == "json":
        sys.stdout.write(json.dumps(rows.json, ensure_ascii=False, indent=2) + "\n")
    elif output_format == "csv":
        sys.stdout.write(to_csv(rows))
    else:
        table = Table(title=named.title)
        for column in rows.columns:
            table.add_column(column, overflow="fold")
        for row in rows.rows:
            table.add_row(*("" if v is None else v for v in row))
        out.print(table)


def _published(settings: configuration.Config) -> "PublishedStore":
    """The published release, read-only (held open until the command ends); exit 1 if none."""
    from csto_kg.store import StoreError, open_published

    try:
        published = open_published(settings.store)
    except StoreError as error:
        err.print(f"[red]error[/]: {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from error
    if published is None:
        err.print(f"[red]error[/]: no store at {escape(str(settings.store))}; run `csto-kg build` first", soft_wrap=True)
        raise typer.Exit(1)
    return published


def _parse_param(text: str) -> tuple[str, str]:
    from csto_kg.queries import QueryError

    name, sep, value = text.partition("=")
    if not sep or not name:
        raise QueryError(f"--param must be NAME=VALUE, got {text!r}")
    return name.strip(), value.strip()


@app.command(cls=PlainUsage)
def reason(
    store: Optional[Path] = StoreOption,
    explain: bool = typer.Option(True, "--explain/--no-explain", help="when inconsistent, narrow down to the resources that clash"),
) -> None:
    """Check the ontology, reference data and knowledge graph (the default graph) for consistency with HermiT."""
    import pyoxigraph as ox
    import rdflib

    from csto_kg.reasoning import ReasoningError, check_consistency, explain_inconsistency

    settings = configuration.from_env(store=store)
    facts = None
    if settings.store.exists():
        default = _published(settings).store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        facts = rdflib.Graph().parse(data=default, format="nt")
    sources = [settings.ontology_file, settings.reference_file]
    try:
        report = check_consistency(sources, facts)
    except ReasoningError as error:
        err.print(f"[red]error[/]: {error}", highlight=False)
        raise typer.Exit(1) from error
    out.print(("[green]consistent[/]" if report.consistent else "[red]inconsistent[/]") + f": {report.message}", highlight=False)
    for individual, classes in sorted(report.inferred_types.items()):
        out.print(f"  {individual}: {', '.join(classes)}", highlight=False, soft_wrap=True)
    if report.consistent:
        return
    if explain and facts is not None:
        out.print("narrowing down (each step is a HermiT run) ...", highlight=False)
        for group in explain_inconsistency(sources, facts):
            subject = next(iter(group))[0]
            articles = sorted(str(o) for o in group.objects(subject, rdflib.URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")))
            out.print(f"[red]clashes[/]: {escape(str(subject))}" + (f"  (stated by {', '.join(escape(a) for a in articles)})" if articles else ""), highlight=False, soft_wrap=True)
            for _, predicate, value in sorted(group):
                out.print(f"    {escape(str(predicate))} {escape(str(value))}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


@app.command("eval", cls=PlainUsage)
def evaluate_command(
    paths: list[Path] = typer.Argument(None, metavar="PATH", help="article files or folders [default: corpus/]"),
    gold: Optional[Path] = typer.Option(None, "--gold", help="folder of gold YAML files [default: tests/gold]"),
    min_confidence: float = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0),
    findings: bool = typer.Option(True, "--findings/--no-findings", help="list every miss and invention"),
) -> None:
    """Build into a temporary store and score the public queries against gold facts (P/R/F1)."""
    from csto_kg.evaluate import GoldError, evaluate

    settings = configuration.from_env(min_confidence=min_confidence)
    try:
        report = evaluate(paths or [settings.corpus_dir], gold or settings.root / "tests" / "gold", settings)
    except GoldError as error:
        err.print(f"[red]error[/]: {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from error
    _print_scores(report, f"{len(report.articles)} article(s) with gold", findings)


def _print_scores(report: EvalReport, title: str, findings: bool, scored_only: bool = False) -> None:
    """The P/R/F1 table of every fact type (`scored_only`: those with facts on either side), then
    (with `findings`) each miss and invention."""
    table = Table(title=title)
    for column in ("facts", "TP", "FP", "FN", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column == "facts" else "right")
    for name, score in report.scores.items():
        if scored_only and not (score.true_positives or score.false_positives or score.false_negatives):
            continue
        table.add_row(
            name, str(score.true_positives), str(score.false_positives), str(score.false_negatives),
            f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}",
        )  # fmt: skip
    out.print(table)
    if findings:
        for finding in report.findings:
            colour = "yellow" if finding.kind == "miss" else "red"
            out.print(
                f"[{colour}]{finding.kind:<9}[/] {escape(finding.article)}  {finding.fact_type}: {escape(finding.fact)}",
                highlight=False,
                soft_wrap=True,
            )


@app.command(cls=PlainUsage)
def conflicts(store: Optional[Path] = StoreOption) -> None:
    """List facts that articles disagree about (another date, another place), with each side's text."""
    from csto_kg.conflicts import find_conflicts

    settings = configuration.from_env(store=store)
    found = find_conflicts(_published(settings).store, settings)
    if not found:
        out.print("no conflicts")
        return
    table = Table(title=f"{len(found)} fact(s) with conflicting values (the knowledge graph keeps the one marked *)")
    for column in ("fact", "property", "value", "article", "evidence"):
        table.add_column(column, overflow="fold")
    for conflict in found:
        for claim in conflict.claims:
            mark = " *" if claim.value == conflict.kept else ""
            table.add_row(conflict.fact, conflict.property, claim.value + mark, claim.article, claim.quote)
    out.print(table)


@app.command("list", cls=PlainUsage)
def list_articles(paths: list[Path] = typer.Argument(None, help="folders or files [default: corpus/]")) -> None:
    """List the article files a build would read, with their ids and publication dates."""
    settings = configuration.from_env()
    # Plain tab-separated lines for `cut -f`: Rich would expand the tabs into spaces.
    for path in find_article_files(paths or [settings.corpus_dir]):
        try:
            article = read_article(path)
            sys.stdout.write(f"{article.id}\t{article.published or '-'}\t{path}\n")
        except ArticleError as error:
            sys.stdout.write(f"unreadable\t-\t{error}\n")


realtext_app = typer.Typer(help="Real-text evaluation sets: manifests in realtext/, texts kept out of git.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(realtext_app, name="realtext")


@realtext_app.command("check", cls=PlainUsage)
def realtext_check(
    sets: list[str] = typer.Argument(None, help="set names under realtext/ [default: every set with a manifest]"),
    root: Optional[Path] = typer.Option(None, "--root", help="the realtext folder [default: realtext/ of the project]"),
) -> None:
    """Check every re-created text against its manifest's SHA-256 (exit 1 if one is missing or differs)."""
    from csto_kg.realtext import ManifestError, check

    folder = root or configuration.from_env().root / "realtext"
    names = sets or sorted(p.parent.name for p in folder.glob("*/manifest.yaml"))
    if not names:
        err.print(f"[red]error[/]: no realtext/<set>/manifest.yaml under {escape(str(folder))}", highlight=False)
        raise typer.Exit(1)
    failed = False
    for name in names:
        try:
            entries, problems = check(folder / name / "manifest.yaml", folder / "texts" / name)
        except ManifestError as error:
            err.print(f"[red]error[/]: {escape(str(error))}", highlight=False)
            failed = True
            continue
        for problem in problems:
            err.print(f"[red]{escape(str(problem.path))}[/]: {escape(problem.reason)}", highlight=False)
        outlets = len({e.outlet for e in entries})
        out.print(f"{name}: {len(entries) - len(problems)} of {len(entries)} text(s) match the manifest ({outlets} outlets)", highlight=False)
        failed = failed or bool(problems)
    if failed:
        raise typer.Exit(1)


@realtext_app.command("agree", cls=PlainUsage)
def realtext_agree(
    first: Path = typer.Argument(..., help="one reader's folder of gold YAML files (the reference)"),
    second: Path = typer.Argument(..., help="another reader's gold for the same articles"),
    findings: bool = typer.Option(False, "--findings/--no-findings", help="list every fact only one reader wrote"),
) -> None:
    """Score one reader's gold against another's (P/R/F1 per fact type both list)."""
    from csto_kg.evaluate import GoldError, agreement

    try:
        report = agreement(first, second)
    except GoldError as error:
        err.print(f"[red]error[/]: {escape(str(error))}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from error
    _print_scores(report, f"{len(report.articles)} article(s) both readers wrote", findings, scored_only=True)


if __name__ == "__main__":
    app()
