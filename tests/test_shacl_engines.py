"""The build's SHACL engine (rudof) gives exactly pySHACL's results on our shapes.

pySHACL is the reference; the build validates with rudof because it is ~8x faster. Before any
article is published with it, this file holds the two to the same verdict and the same results
(severity, focus node, path, constraint component, source shape, message, value) on:
- every shape test of tests/test_validate.py (each breaks one rule of the fixture);
- every article graph of the bundled corpus and of a synthetic one (bench/corpus.py), as mapped
  and also with one triple taken out at several places each (what an extractor bug would do);
- a whole build of the bundled corpus: the same quads and the same per-article verdicts.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

import csto_kg.batch
import csto_kg.gate
from conftest import build_into
from csto_kg.config import PROJECT_ROOT, Config
from csto_kg.corpus import read_article
from csto_kg.extract.facts import extract
from csto_kg.extract.gazetteer import load_gazetteer
from csto_kg.lexicon import load_lexicon
from csto_kg.mapping import RulesStore, map_extraction
from csto_kg.pipeline import background_quads
from csto_kg.shacl_rudof import RudofValidator
from csto_kg.validate import ReferenceContext, ShapesValidator, ValidationReport, default_shapes_path
from test_gate import with_bad_membership
from test_validate import (
    CASES,
    DATE_PAIRS,
    ONTOLOGY,
    SCHEMA,
    UNDATED_CHAIR_IN_UNDATED_ARTICLE,
    mutated,
    split_reference_context,
    with_dates,
)

#: Each article graph is also validated with one triple removed, at this many evenly spaced places.
DELETIONS_PER_ARTICLE = 6
SYNTHETIC_ARTICLES = 24


def outcome(report: ValidationReport) -> tuple[bool, set[tuple[str | None, ...]]]:
    """What must be identical: the verdict and every result."""
    return report.conforms, {(v.severity, v.focus, v.path, v.component, v.shape, v.message, v.value) for v in report.violations}


@pytest.fixture(scope="module")
def rudof_engine() -> RudofValidator:
    return RudofValidator(default_shapes_path(), ONTOLOGY)


@pytest.mark.parametrize(("update", "expected"), CASES)
def test_every_shape_test_gets_the_same_results(
    validator: ShapesValidator, rudof_engine: RudofValidator, article: rdflib.Graph, update: str, expected: object
) -> None:
    graph = mutated(article, update)
    reference = validator.validate(graph)
    assert reference.violations, "each shape test breaks a rule"
    assert outcome(rudof_engine.validate(graph)) == outcome(reference)


def test_a_conforming_change_conforms_in_both(validator: ShapesValidator, rudof_engine: RudofValidator, article: rdflib.Graph) -> None:
    graph = mutated(article, UNDATED_CHAIR_IN_UNDATED_ARTICLE)
    reference = validator.validate(graph)
    assert reference.conforms
    assert outcome(rudof_engine.validate(graph)) == outcome(reference)


@pytest.mark.parametrize(("start", "end", "before"), DATE_PAIRS)
def test_dates_of_different_precision_compare_the_same(
    validator: ShapesValidator, rudof_engine: RudofValidator, article: rdflib.Graph, start: str, end: str, before: bool
) -> None:
    graph = with_dates(article, start, end)
    reference = validator.validate(graph)
    assert reference.conforms != before
    assert outcome(rudof_engine.validate(graph)) == outcome(reference)


def test_the_fixture_with_and_without_its_context(validator: ShapesValidator, rudof_engine: RudofValidator, article: rdflib.Graph) -> None:
    data, context = split_reference_context(article)
    for graph, extra in ((article, None), (data, None), (data, context)):
        assert outcome(rudof_engine.validate(graph, extra)) == outcome(validator.validate(graph, extra))
    assert not rudof_engine.validate(data).conforms and rudof_engine.validate(data, context).conforms


def test_one_graph_does_not_leak_into_the_next(rudof_engine: RudofValidator, article: rdflib.Graph) -> None:
    """rudof keeps one session: each graph is validated in a frame that is rolled back."""
    broken = mutated(article, 'INSERT DATA { article:test-1 schema:datePublished "2022"^^xsd:gYear }')
    assert not rudof_engine.validate(broken).conforms
    assert rudof_engine.validate(article).conforms


# --- article graphs as the build makes them --------------------------------------------------


def article_graphs(paths: list[Path]) -> list[tuple[str, list[ox.Triple]]]:
    """(name, triples) of each article's mapped graph with the reference entities it uses."""
    config = Config()
    background = background_quads(config)
    rules, reference = RulesStore(background), ReferenceContext(background, config)
    gazetteer, lexicon = load_gazetteer(config.reference_file), load_lexicon()
    graphs = []
    for path in paths:
        quads = map_extraction(extract(read_article(path, lexicon), gazetteer, lexicon), config, rules)
        graphs.append((path.name, [q.triple for q in quads] + reference.about(quads)))
    return graphs


def variants(triples: list[ox.Triple]) -> list[tuple[str, list[ox.Triple]]]:
    """The graph, and the graph without one triple at each of a few evenly spaced places."""
    step = max(1, len(triples) // DELETIONS_PER_ARTICLE)
    cut = [(f"without triple {i}", triples[:i] + triples[i + 1 :]) for i in range(step // 2, len(triples), step)]
    return [("as mapped", triples), *cut[:DELETIONS_PER_ARTICLE]]


def assert_engines_agree(graphs: list[tuple[str, list[ox.Triple]]], validator: ShapesValidator, rudof_engine: RudofValidator) -> int:
    """Compare the engines on every variant of every graph; the number of variants with results."""
    with_results = 0
    for name, triples in graphs:
        for variant, statements in variants(triples):
            reference = validator.validate_triples(statements)
            assert outcome(rudof_engine.validate_triples(statements)) == outcome(reference), f"{name}, {variant}"
            with_results += bool(reference.violations)
    return with_results


def test_the_bundled_corpus_gets_the_same_results(validator: ShapesValidator, rudof_engine: RudofValidator) -> None:
    graphs = article_graphs(sorted((PROJECT_ROOT / "corpus").glob("*.txt")))
    assert len(graphs) >= 17
    assert assert_engines_agree(graphs, validator, rudof_engine) >= len(graphs)  # deletions do break rules


def test_a_synthetic_corpus_gets_the_same_results(
    validator: ShapesValidator, rudof_engine: RudofValidator, tmp_path: Path
) -> None:
    generator = [sys.executable, str(PROJECT_ROOT / "bench" / "corpus.py"), str(SYNTHETIC_ARTICLES), "--seed", "11", "--out", str(tmp_path)]
    subprocess.run(generator, check=True, capture_output=True)
    graphs = article_graphs(sorted(tmp_path.glob("*.txt")))
    assert len(graphs) == SYNTHETIC_ARTICLES
    assert assert_engines_agree(graphs, validator, rudof_engine) >= SYNTHETIC_ARTICLES


def test_a_build_is_the_same_with_either_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled corpus plus an article whose one fact breaks a shape (the gate drops it) and
    one whose own description does (quarantined): identical stores, verdicts and warnings."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted((PROJECT_ROOT / "corpus").glob("*.txt")):
        (corpus / path.name).write_bytes(path.read_bytes())
    seed = sorted(corpus.glob("*.txt"))[0].read_bytes()
    (corpus / "zz-one-bad-fact.txt").write_bytes(seed)
    (corpus / "zz-no-headline.txt").write_bytes(seed)
    real_extract, real_map = csto_kg.batch.extract, csto_kg.gate.map_extraction

    def extract_with_a_bad_fact(article, *args, **kwargs):  # type: ignore[no-untyped-def]
        extraction = real_extract(article, *args, **kwargs)
        return with_bad_membership(extraction) if article.id == "zz-one-bad-fact" else extraction

    def map_without_headline(extraction, config, rules):  # type: ignore[no-untyped-def]
        quads = real_map(extraction, config, rules)
        return [q for q in quads if q.predicate.value != SCHEMA + "headline"] if extraction.article.id == "zz-no-headline" else quads

    monkeypatch.setattr(csto_kg.batch, "extract", extract_with_a_bad_fact)
    monkeypatch.setattr(csto_kg.gate, "map_extraction", map_without_headline)
    builds = {engine: build_into(tmp_path / engine, [corpus], jobs=1, engine=engine) for engine in ("pyshacl", "rudof")}

    stores = {engine: set(built.store.quads_for_pattern(None, None, None, None)) for engine, built in builds.items()}
    assert stores["pyshacl"] == stores["rudof"] and len(stores["rudof"]) > 10_000
    verdicts = {
        engine: [(o.path.name, o.status, o.facts, outcome(o.report) if o.report else None) for o in built.report.outcomes]
        for engine, built in builds.items()
    }
    assert verdicts["pyshacl"] == verdicts["rudof"]
    assert [name for name, status, *_ in verdicts["rudof"] if status != "published"] == ["zz-no-headline.txt"]
    warnings = builds["rudof"].report.warnings
    assert warnings == builds["pyshacl"].report.warnings
    assert any("zz-one-bad-fact" in w and "left out membership/csto--armenia--withdrawn" in w for w in warnings)


# --- the reference context: what a shape can read of the entities an article names ------------


def test_the_reference_context_gives_the_results_the_whole_reference_data_gives(rudof_engine: RudofValidator) -> None:
    """The gate adds to an article graph only the reference triples a shape can read (types and
    the properties the shapes have paths for): every verdict and result is the one the whole of
    the reference data about those entities gives, on each bundled article graph and on each
    with a triple removed or an entity's Arabic label taken away."""
    config = Config()
    background = background_quads(config)
    reference_graph = ox.NamedNode(config.graph_iri("reference"))
    whole: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]] = {}
    for quad in background:
        if quad.graph_name == reference_graph:
            whole.setdefault(quad.subject, []).append(quad.triple)
    lean, rules = ReferenceContext(background, config), RulesStore(background)
    gazetteer, lexicon = load_gazetteer(config.reference_file), load_lexicon()
    compared = dropped = 0
    for path in sorted((PROJECT_ROOT / "corpus").glob("*.txt")):
        quads = map_extraction(extract(read_article(path, lexicon), gazetteer, lexicon), config, rules)
        article = [q.triple for q in quads]
        named = {q.object for q in quads if isinstance(q.object, ox.NamedNode)} | {q.subject for q in quads}
        full = [t for node in named for t in whole.get(node, ())]
        context = lean.about(quads)
        assert len(context) < len(full) / 2
        dropped += len(full) - len(context)
        label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
        arabic = next(t for t in context if t.predicate == label and getattr(t.object, "language", None) == "ar")
        for variant, triples in variants(article):
            for change, (mine, theirs) in (
                ("as is", (context, full)),
                ("an Arabic label taken away", ([t for t in context if t != arabic], [t for t in full if t != arabic])),
            ):
                expected = rudof_engine.validate_triples(triples + theirs)
                assert outcome(rudof_engine.validate_triples(triples + mine)) == outcome(expected), f"{path.name}, {variant}, {change}"
                compared += 1
    assert compared >= 17 * 2 and dropped > 0
