"""The build end to end: bad files cost only themselves, and the published store is never broken.

Given a folder of article files, `csto-kg build` publishes every article it can read and whose
graph conforms to the shapes, reports every other file by name, keeps the previously published
version of an article that fails this time, swaps the store in atomically, and writes the dumps.
These tests run the real pipeline (read -> extract -> map -> validate -> store -> publish) into
temporary folders; the few failures they need are injected with monkeypatch, never by editing
extraction code or data.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import BASE, ID, SEED, SEED_GRAPH, SEED_ID, Built, build_into

import csto_kg.batch
import csto_kg.gate
import csto_kg.mapping
import csto_kg.pipeline
import csto_kg.release
import csto_kg.store
from csto_kg.config import PROJECT_ROOT, Config
from csto_kg.corpus import read_article
from csto_kg.extract.facts import extract
from csto_kg.extract.gazetteer import load_gazetteer
from csto_kg.lexicon import load_lexicon
from csto_kg.mapping import RulesStore, article_graph, load_mappings, to_jsonld
from csto_kg.pipeline import ArticleOutcome, BuildReport, background_quads, build
from csto_kg.release import versions_dir

CLI = Path(sys.executable).with_name("csto-kg")
ONTOLOGY_NS = "https://w3id.org/csto-kg/ontology#"
OTHER_BASE = "http://example.org/kg/"
CSTO_EVIDENCE = ox.NamedNode(ONTOLOGY_NS + "evidence")
SCHEMA_HEADLINE = ox.NamedNode("https://schema.org/headline")
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

#: A short article with a date line, for builds that need a cheap article that publishes.
DATED = """مجلس وزراء خارجية منظمة معاهدة الأمن الجماعي يجتمع في يريفان

١٠ يونيو ٢٠٢٢

من المقرر أن يشارك وزير الخارجية الروسي سيرغي لافروف في اجتماع لمجلس وزراء خارجية منظمة معاهدة الأمن الجماعي في العاصمة الأرمنية يريفان.

المصدر: تاس
"""

#: No front matter and no date line: one absolute date, and relative ones nothing can anchor.
UNDATED = """وزراء خارجية منظمة معاهدة الأمن الجماعي يجتمعون في يريفان

وصل وزير الخارجية الروسي سيرغي لافروف إلى أرمينيا يوم الأربعاء الماضي، وأجرى في اليوم التالي الخميس محادثات مع نظيره الأرميني أرارات ميرزويان.

كما تم التوقيع على اتفاقية إنشاء المنظمة في 15 مايو/أيار 1992 في طشقند من قبل رؤساء أرمينيا وكازاخستان وقرغيزستان وروسيا وطاجيكستان وأوزبكستان.

وقعت أعمال شغب جماعية في كازاخستان الشهر الماضي.
"""

DATE_TYPES = ("date", "gYearMonth", "gYear")


def write_bad_files(folder: Path) -> dict[str, Path]:
    """The four kinds of unusable input a scraper produces, by kind."""
    files = {
        "empty": folder / "empty.txt",
        "binary": folder / "binary.txt",
        "cp1256": folder / "cp1256.txt",
        "english": folder / "english.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    files["cp1256"].write_bytes("وصل لافروف إلى يريفان".encode("cp1256") + b"\n")
    files["english"].write_text("Ru En\n\nLavrov arrives in Yerevan for CSTO talks.\n", encoding="utf-8")
    return files


def outcome_for(report: BuildReport, path: Path) -> ArticleOutcome:
    matches = [o for o in report.outcomes if o.path == path]
    assert len(matches) == 1, f"expected one outcome for {path}, got {report.outcomes}"
    return matches[0]


def quad_lines(store: ox.Store) -> set[str]:
    """The store as a set of N-Quads lines (the graph has no blank nodes, so lines compare)."""
    return {line for line in store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines() if line}


def assert_trig_holds_the_dataset(config: Config) -> None:
    """The TriG dump a build writes an article at a time says exactly what the N-Quads dump says,
    with the prefixes declared once, before the article graphs."""
    trig, nquads = config.dist / "csto-kg.trig", config.dist / "csto-kg.nq"
    assert set(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG)) == set(ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS))
    text = trig.read_text(encoding="utf-8")
    assert text.startswith("@prefix ")
    assert text.count("@prefix csto: ") == 1


def iris(store: ox.Store) -> set[str]:
    """Every IRI used anywhere in the store: subjects, predicates, objects and graph names."""
    found: set[str] = set()
    for quad in store:
        for term in (quad.subject, quad.predicate, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode):
                found.add(term.value)
    return found


def graph_size(store: ox.Store, graph: str) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


# ---------------------------------------------------------------- bad files cost only themselves


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, dict[str, Path]]:
    """The seed next to an empty, a binary, a cp1256 and an English-only file."""
    tmp = tmp_path_factory.mktemp("mixed")
    corpus = tmp / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    bad = write_bad_files(corpus)
    return build_into(tmp, [corpus]), bad


def test_given_bad_files_next_to_the_seed_the_seed_is_still_published(mixed: tuple[Built, dict[str, Path]]) -> None:
    built, _ = mixed
    seed = [o for o in built.report.outcomes if o.article_id == SEED_ID]
    assert [o.status for o in seed] == ["published"]
    assert seed[0].facts > 0
    assert built.store.contains_named_graph(ox.NamedNode(SEED_GRAPH))
    assert built.ask(f"ASK {{ GRAPH <{SEED_GRAPH}> {{ id:membership\\/csto--armenia--member csto:membershipStatus csto:member }} }}")


@pytest.mark.parametrize(("kind", "reason"), [("empty", "empty"), ("binary", "binary"), ("cp1256", "UTF-8"), ("english", "Arabic")])
def test_each_bad_file_fails_with_a_message_naming_it(mixed: tuple[Built, dict[str, Path]], kind: str, reason: str) -> None:
    built, bad = mixed
    outcome = outcome_for(built.report, bad[kind])
    assert outcome.status == "failed"
    assert str(bad[kind]) in outcome.message
    assert reason in outcome.message
    assert not outcome.kept_previous
    assert not built.store.contains_named_graph(ox.NamedNode(built.config.graph_iri(f"article/{bad[kind].stem}")))


def test_a_build_with_bad_files_is_not_ok(mixed: tuple[Built, dict[str, Path]]) -> None:
    built, _ = mixed
    assert built.report.ok is False
    assert built.report.count("published") == 1
    assert built.report.count("failed") == 4
    assert built.report.count("quarantined") == 0


def test_the_cli_build_exits_non_zero_and_names_each_bad_file_on_its_own_stderr_line(tmp_path: Path) -> None:
    corpus = tmp_path / "a-rather-long-folder-name-so-that-paths-exceed-eighty-columns" / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "dated.txt").write_text(DATED, encoding="utf-8")
    bad = write_bad_files(corpus)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CSTO_KG_")}
    result = subprocess.run(
        [str(CLI), "build", str(corpus), "--store", str(tmp_path / "store"), "--dist", str(tmp_path / "dist")],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
    )
    assert result.returncode != 0, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    for path in bad.values():
        naming = [line for line in lines if str(path) in line]
        assert len(naming) == 1, f"{path} should be named on exactly one stderr line:\n{result.stderr}"
        assert "error" in naming[0]
    assert not any("dated.txt" in line for line in lines if "error" in line)
    assert "published 1 article(s)" in result.stdout
    assert "4 failed" in result.stdout
    assert (tmp_path / "store").exists()


# ---------------------------------------------------------------- nothing published is lost


def test_an_article_that_turns_to_garbage_keeps_its_previously_published_graph(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    article = corpus / SEED.name
    shutil.copy(SEED, article)
    (corpus / "dated.txt").write_text(DATED, encoding="utf-8")  # so that the second build publishes something
    first = build_into(tmp_path, [corpus])
    assert first.report.ok
    before = {str(q) for q in first.store.quads_for_pattern(None, None, None, ox.NamedNode(SEED_GRAPH))}
    assert before
    del first

    article.write_bytes("Ru En\n\nلافروف في يريفان\n".encode("cp1256"))
    second = build_into(tmp_path, [corpus])

    outcome = outcome_for(second.report, article)
    assert outcome.status == "failed"
    assert outcome.kept_previous is True
    assert str(article) in outcome.message and "UTF-8" in outcome.message
    assert "previously published version is kept" in outcome.message
    assert not second.report.ok
    after = {str(q) for q in second.store.quads_for_pattern(None, None, None, ox.NamedNode(SEED_GRAPH))}
    assert graph_size(second.store, SEED_GRAPH) == len(before)
    assert after == before
    assert_trig_holds_the_dataset(second.config)


# ---------------------------------------------------------------- the store is swapped atomically


@pytest.fixture()
def published(tmp_path: Path) -> tuple[Config, list[Path], set[str]]:
    """A store published from one short article: its config, inputs and quads."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "dated.txt").write_text(DATED, encoding="utf-8")
    built = build_into(tmp_path, [corpus])
    assert built.report.ok, [o.message for o in built.report.outcomes]
    quads = quad_lines(built.store)
    del built
    # A second article makes the failing build below write something different.
    (corpus / "undated.txt").write_text(UNDATED, encoding="utf-8")
    return Config(store=tmp_path / "store", dist=tmp_path / "dist"), [corpus], quads


def assert_store_untouched(config: Config, quads: set[str]) -> None:
    """The same quads are published, and only the published version is left on disk."""
    store = ox.Store.read_only(str(config.store))
    assert quad_lines(store) == quads
    versions = versions_dir(config.store)
    assert config.store.is_symlink()
    live = config.store.resolve()
    assert sorted(versions.iterdir()) == [live], "a stray store version was left behind"
    assert not [p.name for p in config.store.parent.iterdir() if ".link-" in p.name], "a stray link was left behind"


class _DiskFullStore:
    """Stands in for pyoxigraph.Store: opens the new version, writes part of it, then fails."""

    read_only = staticmethod(ox.Store.read_only)

    def __init__(self, path: str | None = None) -> None:
        self._store = ox.Store(path)

    def bulk_load(self, data: bytes, *, format: ox.RdfFormat) -> None:
        self._store.bulk_extend(list(ox.parse(data, format=format))[:100])
        self._store.flush()
        raise OSError(28, "No space left on device")

    def bulk_extend(self, quads: object) -> None:
        raise AssertionError("the bulk load failed first")


def test_a_build_that_fails_while_writing_the_store_leaves_the_published_store_untouched(
    published: tuple[Config, list[Path], set[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, inputs, quads = published
    failing = types.SimpleNamespace(**{**vars(ox), "Store": _DiskFullStore})
    monkeypatch.setattr(csto_kg.store, "ox", failing)
    with pytest.raises(OSError, match="No space left"):
        build(inputs, config)
    monkeypatch.undo()
    assert_store_untouched(config, quads)


def test_a_build_that_fails_at_the_swap_leaves_the_published_store_untouched(
    published: tuple[Config, list[Path], set[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, inputs, quads = published

    def broken_swap(store_path: Path, version: Path) -> None:
        assert version.is_dir() and any(version.iterdir()), "the new version should be fully written by now"
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(csto_kg.release, "_swap_link", broken_swap)
    with pytest.raises(OSError, match="Input/output"):
        build(inputs, config)
    monkeypatch.undo()
    assert_store_untouched(config, quads)


# ---------------------------------------------------------------- an article without a date


@pytest.fixture(scope="module")
def undated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, Path]:
    tmp = tmp_path_factory.mktemp("undated")
    corpus = tmp / "corpus"
    corpus.mkdir()
    path = corpus / "undated.txt"
    path.write_text(UNDATED, encoding="utf-8")
    return build_into(tmp, [corpus]), path


def dates_in(built: Built, graph: str) -> set[tuple[str, str, str]]:
    """(subject, property, date) for every date-typed literal of one article graph."""
    types_ = ", ".join(f"xsd:{t}" for t in DATE_TYPES)
    rows = built.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o FILTER(DATATYPE(?o) IN ({types_})) }} }}")
    return {(row["s"], row["p"], row["o"]) for row in rows}


def test_an_article_without_a_date_is_published_with_a_warning_naming_it(undated: tuple[Built, Path]) -> None:
    built, path = undated
    assert built.report.ok
    assert outcome_for(built.report, path).status == "published"
    warnings = [w for w in built.report.warnings if str(path) in w]
    assert len(warnings) == 1 and "publication date" in warnings[0]


def test_an_undated_article_keeps_absolute_dates_and_drops_relative_ones(undated: tuple[Built, Path]) -> None:
    built, _ = undated
    graph = built.config.graph_iri("article/undated")
    signatories = ("armenia", "kazakhstan", "kyrgyzstan", "russia", "tajikistan", "uzbekistan")
    treaty_parties = {
        (ID + f"treaty-party/collective-security-treaty--{state}--founding_signatory--1992", "https://schema.org/startDate", "1992-05-15")
        for state in signatories
    }
    assert dates_in(built, graph) == {
        (ID + "event/signing-collective-security-treaty-1992", "https://schema.org/startDate", "1992-05-15"),
        *treaty_parties,
    }
    # The visit (يوم الأربعاء الماضي), the talks (اليوم التالي) and the unrest (الشهر الماضي) are there, undated.
    for kind in ("Visit", "BilateralTalks", "Unrest"):
        assert built.ask(f"ASK {{ GRAPH <{graph}> {{ ?e a csto:{kind} FILTER NOT EXISTS {{ ?e schema:startDate ?d }} }} }}"), kind
    assert not built.ask(f"ASK {{ GRAPH <{graph}> {{ ?a schema:datePublished ?d }} }}")
    assert not built.ask(f"ASK {{ GRAPH <{graph}> {{ ?f csto:asOf ?d }} }}")


# ---------------------------------------------------------------- determinism and IRIs


def test_building_the_same_corpus_twice_gives_the_same_quads_and_dumps(seed_build: Built, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    again = build_into(tmp_path, [corpus])
    first, second = quad_lines(seed_build.store), quad_lines(again.store)
    assert first == second
    # Blank nodes come only from the ontology (OWL restrictions, lists), labelled in file order.
    assert not [line for line in first if "_:" in line and "/graph/ontology>" not in line]
    for dump in ("csto-kg.nq", "csto-kg.trig", "csto-kg.ttl", "csto-kg.nt", "csto-kg.jsonld", "void.ttl", "void-graphs.nt"):
        assert (seed_build.config.dist / dump).read_bytes() == (again.config.dist / dump).read_bytes(), dump


def test_every_resource_of_an_article_graph_is_minted_under_the_base(seed_build: Built) -> None:
    subjects = {q.subject for q in seed_build.store.quads_for_pattern(None, None, None, ox.NamedNode(SEED_GRAPH))}
    assert subjects
    outside = sorted(s.value for s in subjects if not (isinstance(s, ox.NamedNode) and s.value.startswith(ID)))
    assert outside == []
    assert ox.NamedNode(f"{ID}article/{SEED_ID}") in subjects


# ---------------------------------------------------------------- another base IRI


@pytest.fixture(scope="module")
def rebased(tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp("rebased")
    corpus = tmp / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    built = build_into(tmp, [corpus], base=OTHER_BASE)
    assert built.report.ok, [o.message for o in built.report.outcomes]
    return built


def test_under_another_base_no_iri_of_the_default_base_remains(rebased: Built) -> None:
    used = iris(rebased.store)
    assert sorted(i for i in used if i.startswith(BASE + "id/")) == []
    assert sorted(i for i in used if i.startswith(BASE + "graph/")) == []
    # What stays: our vocabulary and the IRIs naming the ontology and reference documents themselves.
    stays = sorted(i for i in used if i.startswith(BASE) and not i.startswith(ONTOLOGY_NS))
    documents = (BASE + "ontology", BASE + "reference")
    assert [i for i in stays if not (i in documents or i.startswith(BASE + "ontology/"))] == []
    dump = (rebased.config.dist / "csto-kg.nq").read_text(encoding="utf-8")
    assert BASE + "id/" not in dump


def test_under_another_base_articles_facts_evidence_and_reference_entities_move(rebased: Built) -> None:
    other = OTHER_BASE + "id/"
    graph = f"{OTHER_BASE}graph/article/{SEED_ID}"
    assert rebased.store.contains_named_graph(ox.NamedNode(graph))
    assert rebased.store.contains_named_graph(ox.NamedNode(OTHER_BASE + "graph/reference"))
    assert rebased.ask(f"""ASK {{ GRAPH <{graph}> {{
        <{other}article/{SEED_ID}> a csto:NewsArticle .
        <{other}membership/csto--armenia--member> a csto:Membership ;
            org:member <{other}state/armenia> ;
            org:organization <{other}organization/csto> ;
            csto:evidence ?evidence .
        ?evidence a csto:Evidence ; oa:hasSource <{other}article/{SEED_ID}> .
        FILTER(STRSTARTS(STR(?evidence), "{other}evidence/{SEED_ID}/"))
    }} }}""")
    assert rebased.ask(f"ASK {{ GRAPH <{OTHER_BASE}graph/reference> {{ <{other}state/armenia> a csto:State }} }}")
    subjects = {q.subject.value for q in rebased.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))}
    assert subjects and all(s.startswith(other) for s in subjects)


# ---------------------------------------------------------------- quarantine


def test_an_article_whose_own_description_breaks_the_shapes_is_quarantined_and_the_others_are_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good, bad = corpus / "dated.txt", corpus / "undated.txt"
    good.write_text(DATED, encoding="utf-8")
    bad.write_text(UNDATED, encoding="utf-8")
    real_map = csto_kg.gate.map_extraction

    def map_without_headline(extraction, config, rules):  # type: ignore[no-untyped-def]
        """The mapping as usual, except that the 'undated' article loses its schema:headline."""
        quads = real_map(extraction, config, rules)
        if extraction.article.id == "undated":
            quads = [q for q in quads if q.predicate != SCHEMA_HEADLINE]
        return quads

    monkeypatch.setattr(csto_kg.gate, "map_extraction", map_without_headline)
    built = build_into(tmp_path, [corpus])

    assert outcome_for(built.report, good).status == "published"
    assert built.store.contains_named_graph(ox.NamedNode(built.config.graph_iri("article/dated")))
    outcome = outcome_for(built.report, bad)
    assert outcome.status == "quarantined"
    assert str(bad) in outcome.message
    assert "Violation" in outcome.message and SCHEMA_HEADLINE.value in outcome.message
    assert outcome.report is not None and not outcome.report.conforms
    assert not built.report.ok
    assert not built.store.contains_named_graph(ox.NamedNode(built.config.graph_iri("article/undated")))
    report_file = tmp_path / "quarantine" / "undated.txt"
    assert report_file.exists()
    assert SCHEMA_HEADLINE.value in report_file.read_text(encoding="utf-8")
    assert not (tmp_path / "quarantine" / "dated.txt").exists()


def test_facts_that_break_the_shapes_are_left_out_and_the_article_is_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One bad fact costs one fact: facts mapped without their evidence (csto:FactHasEvidence) are
    left out with a warning naming each, and the article with the rest is published."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    bad = corpus / "undated.txt"
    bad.write_text(UNDATED, encoding="utf-8")
    real_map = csto_kg.gate.map_extraction
    broken = ox.NamedNode(ID + "event/unrest-kazakhstan")

    def map_without_evidence(extraction, config, rules):  # type: ignore[no-untyped-def]
        return [q for q in real_map(extraction, config, rules) if not (q.subject == broken and q.predicate == CSTO_EVIDENCE)]

    monkeypatch.setattr(csto_kg.gate, "map_extraction", map_without_evidence)
    built = build_into(tmp_path, [corpus])
    assert outcome_for(built.report, bad).status == "published"
    assert any("left out event/unrest-kazakhstan" in w for w in built.report.warnings)
    graph = ox.NamedNode(built.config.graph_iri("article/undated"))
    assert not list(built.store.quads_for_pattern(broken, None, None, graph))
    assert list(built.store.quads_for_pattern(None, CSTO_EVIDENCE, None, graph))  # the other facts stay


# ---------------------------------------------------------------- dumps


DUMPS = (
    "csto-kg.ttl", "csto-kg.nt", "csto-kg.trig", "csto-kg.jsonld", "csto-kg.nq",
    "context.jsonld", "void.ttl", "void-graphs.nt", "SHA256SUMS", "ontology/csto.ttl", "ontology/reference.ttl",
)


@pytest.mark.parametrize("name", DUMPS)
def test_the_build_writes_every_dump_into_dist(seed_build: Built, name: str) -> None:
    path = seed_build.config.dist / name
    assert path.is_file() and path.stat().st_size > 0


def test_the_rules_derive_what_they_derive_over_the_whole_background() -> None:
    """Each article's rules run in a small store with one hop of background (the labels of the
    classes, places and organisers it names); they must derive exactly what they derive in a
    store that holds all of the ontology and reference data."""
    config = Config()
    background = background_quads(config)
    rules, mappings = RulesStore(background), load_mappings(config.mappings_dir)
    gazetteer, lexicon = load_gazetteer(config.reference_file), load_lexicon()
    derived_labels = 0
    for path in sorted((PROJECT_ROOT / "corpus").glob("*.txt")):
        extraction = extract(read_article(path, lexicon), gazetteer, lexicon)
        graph = article_graph(config, extraction.article.id)
        document = json.dumps(to_jsonld(extraction, config, mappings), ensure_ascii=False).encode("utf-8")
        mapped = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in ox.parse(document, format=ox.RdfFormat.JSON_LD)]
        whole = ox.Store()
        whole.extend(ox.Quad(q.subject, q.predicate, q.object) for q in [*mapped, *background])
        expected = {ox.Quad(t.subject, t.predicate, t.object, graph) for _, rule in mappings.rules for t in whole.query(rule)}  # type: ignore[union-attr]
        for filtered in (False, True):  # every triple in the rules' store, or only those a rule can match
            assert set(rules.derive(mapped, graph, mappings, filtered=filtered)) == expected, (path.name, filtered)
        derived_labels += sum(1 for q in expected if q.predicate.value == RDFS_LABEL)
    assert derived_labels > 20  # the event labels, which need the background, were derived


def test_worker_processes_build_what_one_process_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds of fewer than MIN_PARALLEL_ARTICLES stay in-process, so every other test runs one
    process; with the threshold lowered, two workers must publish the same quads and outcomes,
    and report each stage's CPU time gathered from the workers."""
    articles = sorted((PROJECT_ROOT / "corpus").glob("*.txt"))[:6]
    alone = build_into(tmp_path / "alone", articles, jobs=1)
    monkeypatch.setattr(csto_kg.batch, "MIN_PARALLEL_ARTICLES", 1)
    monkeypatch.setattr(csto_kg.batch, "CHUNK", 2)
    pooled = build_into(tmp_path / "pooled", articles, jobs=2)
    assert set(pooled.store) == set(alone.store)
    assert [(o.article_id, o.status, o.facts) for o in pooled.report.outcomes] == [
        (o.article_id, o.status, o.facts) for o in alone.report.outcomes
    ]
    assert all(pooled.report.stage_seconds[stage] > 0 for stage in ("extract", "map", "validate", "store", "dumps"))
    assert_trig_holds_the_dataset(pooled.config)
    assert (pooled.config.dist / "csto-kg.trig").read_bytes() == (alone.config.dist / "csto-kg.trig").read_bytes()


def test_a_worker_that_cannot_start_fails_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Broken shapes stop every worker's set-up: the build must raise that error, not wait for
    multiprocessing to restart workers for ever."""
    root = tmp_path / "project"
    for folder in ("ontology", "mappings", "shapes"):
        shutil.copytree(PROJECT_ROOT / folder, root / folder)
    (root / "shapes" / "csto.shapes.ttl").write_text("this is not Turtle", encoding="utf-8")
    monkeypatch.setattr(csto_kg.batch, "MIN_PARALLEL_ARTICLES", 1)
    articles = sorted((PROJECT_ROOT / "corpus").glob("*.txt"))[:2]
    with pytest.raises(SyntaxError):
        build_into(tmp_path, articles, jobs=2, root=root)


def test_the_pool_takes_chunks_only_as_workers_free_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build reads its extractions back from disk a chunk at a time: the pool must not take
    them all at once (multiprocessing's imap does), or they would all be in memory again."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(24):
        (folder / f"{number:03d}_dated.txt").write_text(DATED, encoding="utf-8")
    articles = [read_article(path) for path in sorted(folder.glob("*.txt"))]
    taken: list[int] = []

    def one_at_a_time():
        for number, article in enumerate(articles):
            taken.append(number)
            yield [article]

    results = csto_kg.batch._run(csto_kg.batch._extract_chunk, one_at_a_time(), Config(), None, 2, len(articles))
    next(results)
    assert len(taken) <= csto_kg.batch.AHEAD_PER_WORKER * 2 + 1 < len(articles)
    assert sum(1 for _ in results) == len(articles) - 1


def test_a_build_reads_the_articles_only_as_the_workers_ask_for_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parent does not hold every article's text: when the first extractions come back, it
    has read no more articles than the chunks the pool has taken ahead; a file that cannot be
    read is still reported, and the rest are published."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(40):
        (folder / f"{number:03d}_dated.txt").write_text(DATED.replace("يريفان", "يريفان" + " " * number), encoding="utf-8")
    (folder / "999_empty.txt").write_text("", encoding="utf-8")
    monkeypatch.setattr(csto_kg.batch, "MIN_PARALLEL_ARTICLES", 1)
    monkeypatch.setattr(csto_kg.batch, "CHUNK", 1)
    read: list[Path] = []
    at_first_spill: list[int] = []
    original_read, original_write = csto_kg.pipeline.read_article, csto_kg.pipeline.ExtractionSpill.write
    monkeypatch.setattr(csto_kg.pipeline, "read_article", lambda path, lexicon: read.append(path) or original_read(path, lexicon))

    def write(spill, chunk):  # type: ignore[no-untyped-def]
        if not at_first_spill:
            at_first_spill.append(len(read))
        return original_write(spill, chunk)

    monkeypatch.setattr(csto_kg.pipeline.ExtractionSpill, "write", write)
    built = build_into(tmp_path, [folder], jobs=2)
    assert at_first_spill[0] <= csto_kg.batch.AHEAD_PER_WORKER * 2 + 1 < 41
    assert len(read) == 41
    assert built.report.count("published") == 40
    assert [o.path.name for o in built.report.outcomes if o.status == "failed"] == ["999_empty.txt"]


def test_in_one_process_the_checks_are_set_up_once_per_config_and_background(monkeypatch: pytest.MonkeyPatch) -> None:
    """Articles added one at a time in one process (a server) share the SHACL shapes and rules'
    store built for the first; another background (a new release's reference data) builds them anew."""
    built: list[int] = []
    real = csto_kg.batch.set_up_check
    monkeypatch.setattr(csto_kg.batch, "set_up_check", lambda config, background: (built.append(1), real(config, background))[1])
    monkeypatch.setattr(csto_kg.batch, "_KEPT_CHECK", {})
    config = Config()
    background = background_quads(config)

    def validator_of_a_run(quads: list[ox.Quad]) -> object:
        work = lambda chunk: ([csto_kg.batch._WORKER["validator"]], {})  # noqa: E731 - what the run was set up with
        return next(csto_kg.batch._run(work, [[None]], config, quads, 1, 1))[0][0]

    first, second = validator_of_a_run(background), validator_of_a_run(list(background))
    assert first is second and len(built) == 1
    other = validator_of_a_run(background[:-1])
    assert other is not first and len(built) == 2
