"""One bad fact costs one fact: the gate drops a fact that breaks a shape and keeps the article."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from csto_kg.config import Config
from csto_kg.extract.facts import Extraction, extract
from csto_kg.extract.records import Record
from csto_kg.gate import gate
from csto_kg.mapping import RulesStore
from csto_kg.pipeline import background_quads, build
from csto_kg.validate import ArticleValidator
from tests.test_patterns import write_article

TEXT = "وصل وزير الخارجية الروسي سيرغي لافروف إلى يريفان يوم الخميس 9 يونيو 2022 لإجراء محادثات مع نظيره الأرميني أرارات ميرزويان."


@pytest.fixture(scope="module")
def tools() -> tuple[Config, RulesStore, ArticleValidator]:
    config = Config()
    background = background_quads(config)
    return config, RulesStore(background), ArticleValidator(config, background)


def with_bad_membership(extraction: Extraction) -> Extraction:
    """A withdrawal with no date: the shapes require one (an end date or an asOf)."""
    bad = Record("Membership", "membership/csto--armenia--withdrawn", {
        "member": "state/armenia", "organization": "organization/csto", "membershipStatus": "withdrawn",
    })  # fmt: skip
    good = [r for r in extraction.records if r.type != "Mention"]
    bad.add_evidence(next(r for r in good if r.evidence).evidence[0])
    return replace(extraction, records=extraction.records + (bad,))


def test_a_fact_that_breaks_a_shape_is_dropped_and_named(tmp_path: Path, tools) -> None:  # type: ignore[no-untyped-def]
    config, rules, validator = tools
    extraction = with_bad_membership(extract(write_article(tmp_path, TEXT)))
    gated = gate(extraction, config, rules, validator, Counter())
    assert gated.verdict.conforms
    assert len(gated.dropped) == 1 and gated.dropped[0].startswith("membership/csto--armenia--withdrawn: A withdrawn membership")
    subjects = {q.subject.value for q in gated.quads}
    assert config.base + "id/membership/csto--armenia--withdrawn" not in subjects
    assert config.base + "id/incumbency/sergey-lavrov--foreign-minister-of-russia" in subjects  # the rest is kept


def test_an_article_whose_own_description_breaks_is_quarantined(tmp_path: Path, tools) -> None:  # type: ignore[no-untyped-def]
    config, rules, validator = tools
    extraction = extract(write_article(tmp_path, TEXT))
    article = extraction.records[0]
    broken = Record(article.type, article.id, {**article.properties, "datePublished": "not a date"})
    gated = gate(replace(extraction, records=(broken,) + extraction.records[1:]), config, rules, validator, Counter())
    assert not gated.verdict.conforms and gated.dropped == ()


def test_the_undated_facts_of_an_undated_article_pass_the_shapes(tmp_path: Path, tools) -> None:  # type: ignore[no-untyped-def]
    """An article without a publication date states a chairmanship in the present and an exit
    from the treaty with no date: the shapes ask a chairmanship for a date only where the
    article has one, and an exit from the treaty needs none; neither is dropped."""
    config, rules, validator = tools
    article = write_article(
        tmp_path,
        "وبحث وزراء دفاع منظمة معاهدة الأمن الجماعي أولويات العمل خلال رئاسة كازاخستان للمنظمة.",
        "ويذكر أن أذربيجان كانت قد انسحبت من معاهدة الأمن الجماعي.",
        date="",
    )
    extraction = extract(article)
    assert extraction.article.published is None
    undated = {r.id for r in extraction.records if r.type in ("Chairmanship", "TreatyParty")}
    assert len(undated) == 2
    gated = gate(extraction, config, rules, validator, Counter())
    assert gated.verdict.conforms and gated.dropped == ()
    subjects = {q.subject.value for q in gated.quads}
    assert {config.base + "id/" + local for local in undated} <= subjects


def test_the_build_publishes_the_article_and_warns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import csto_kg.batch as batch

    real = batch.extract

    def extract_with_a_bad_fact(*args, **kwargs):  # type: ignore[no-untyped-def]
        return with_bad_membership(real(*args, **kwargs))

    monkeypatch.setattr(batch, "extract", extract_with_a_bad_fact)
    source = write_article(tmp_path, TEXT).path
    config = Config().with_(store=tmp_path / "store", dist=tmp_path / "dist")
    report = build([source], config)
    assert [o.status for o in report.outcomes] == ["published"]
    assert any("left out membership/csto--armenia--withdrawn" in w for w in report.warnings)
