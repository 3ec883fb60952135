"""The extractor measured end to end on the development corpus against hand-written gold facts."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from csto_kg.cli import app
from csto_kg.config import PROJECT_ROOT, Config
from csto_kg.evaluate import EvalReport, GoldError, Score, evaluate, load_gold

GOLD = PROJECT_ROOT / "tests" / "gold"
CORPUS = PROJECT_ROOT / "corpus"
THRESHOLDS = {"entities": 0.95, "posts": 0.90, "events": 0.85, "memberships": 0.90, "statements": 0.80}


@pytest.fixture(scope="module")
def report() -> EvalReport:
    return evaluate([CORPUS], GOLD, Config())


def test_every_article_of_the_corpus_has_gold_and_is_published(report: EvalReport) -> None:
    articles = sorted(p.stem for p in CORPUS.glob("*.txt"))
    assert len(articles) >= 16
    assert sorted(report.articles) == articles
    assert report.build is not None and report.build.ok


@pytest.mark.parametrize(("fact_type", "threshold"), sorted(THRESHOLDS.items()))
def test_f1_meets_the_bar(report: EvalReport, fact_type: str, threshold: float) -> None:
    score = report.scores[fact_type]
    misses = [f"{f.article}: {f.kind} {f.fact}" for f in report.findings if f.fact_type == fact_type]
    assert score.f1 >= threshold, "\n".join([f"F1 {score.f1:.3f} < {threshold}"] + misses)


@pytest.mark.parametrize("fact_type", ["memberships", "signatories"])
def test_not_one_invented_membership_or_signatory(report: EvalReport, fact_type: str) -> None:
    assert report.inventions(fact_type) == []


def test_scores_are_micro_averaged_counts() -> None:
    score = Score(true_positives=8, false_positives=2, false_negatives=0)
    assert (score.precision, score.recall) == (0.8, 1.0)
    assert round(score.f1, 4) == round(2 * 0.8 / 1.8, 4)
    assert Score().f1 == 1.0  # nothing expected, nothing found


def test_statements_are_scored_only_where_the_gold_lists_them(tmp_path: Path) -> None:
    """A gold file without a `statements` key was not annotated for them: nothing is scored, so
    an article read before statements existed neither gains nor loses; `statements: []` says
    there are none, and every statement found is then an invention."""
    (tmp_path / "a.yaml").write_text("article: a\nentities: [state/russia]\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("article: b\nstatements: []\n", encoding="utf-8")
    golds = load_gold(tmp_path)
    assert "statements" not in golds["a"].annotated
    assert "statements" in golds["b"].annotated and golds["b"].by_type["statements"] == set()


def test_statements_are_annotated_somewhere_in_the_corpus(report: EvalReport) -> None:
    score = report.scores["statements"]
    assert score.true_positives + score.false_negatives >= 5


def test_a_broken_gold_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("article: x\nposts: [{role: role/president}]\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"x\.yaml.*'person'"):
        load_gold(tmp_path)


def test_the_eval_command_prints_the_table_and_findings(tmp_path: Path) -> None:
    seed = CORPUS / "000_e17557396043c40c.txt"
    result = CliRunner().invoke(app, ["eval", str(seed), "--gold", str(GOLD)])
    assert result.exit_code == 0, result.output
    for name in ("entities", "posts", "events", "memberships", "signatories", "dates", "precision", "recall", "F1"):
        assert name in result.output


def test_a_minted_person_is_scored_by_name_and_any_other_minted_entity_by_its_id(tmp_path: Path) -> None:
    """A ministry the reference data lacks is minted under the reference scheme's id, which is the
    id the gold gives it; a person it lacks has no such id and is matched by the name written."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "ألماتي - 10 يونيو 2022\n\nوقال وزير الدفاع القرغيزي بولات إبراييف إن وزارة الدفاع القرغيزية تستعد للتدريبات.\n"
    (corpus / "k.txt").write_text(text, encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "k.yaml").write_text(
        "article: k\nentities: [state/kyrgyzstan, organization/kyrgyzstan-ministry-of-defence, 'new:بولات إبراييف']\n",
        encoding="utf-8",
    )
    report = evaluate([corpus], gold, Config(store=tmp_path / "store", dist=tmp_path / "dist"))
    assert report.scores["entities"].false_negatives == 0, [f.fact for f in report.findings]
