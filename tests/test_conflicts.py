"""Two articles that disagree about one summit: the knowledge graph keeps the version most articles
state, each article's graph keeps its own, and `conflicts` lists them."""

from __future__ import annotations

from pathlib import Path

from conftest import ID, build_into
from typer.testing import CliRunner

from csto_kg.cli import app
from csto_kg.conflicts import find_conflicts

ARTICLE = """---
published: {published}
title: "قمة المنظمة"
---
قمة المنظمة

عقدت قمة منظمة معاهدة الأمن الجماعي في {city} يوم {day} مايو/أيار 2022 بحضور قادة الدول الأعضاء.
"""


def corpus(folder: Path, versions: dict[str, tuple[str, str]]) -> Path:
    folder.mkdir(parents=True)
    for name, (city, day) in versions.items():
        (folder / f"{name}.txt").write_text(ARTICLE.format(published="2022-05-20", city=city, day=day), encoding="utf-8")
    return folder


def test_another_date_and_another_city_for_the_same_summit_are_kept_and_listed(tmp_path: Path) -> None:
    built = build_into(tmp_path / "b", [corpus(tmp_path / "c", {"one": ("موسكو", "16"), "two": ("مينسك", "17"), "three": ("موسكو", "16")})])
    assert built.report.ok
    summits = built.select("SELECT DISTINCT ?s WHERE { ?s a csto:Summit }")
    assert summits == [{"s": ID + "event/summit-csto-2022-05"}]
    values = built.select("SELECT ?d ?p WHERE { ?s a csto:Summit ; schema:startDate ?d ; schema:location ?p }")
    assert [(v["d"], v["p"]) for v in values] == [("2022-05-16", ID + "city/moscow")]  # two articles of three
    claims = built.select("SELECT DISTINCT ?d ?p WHERE { GRAPH ?g { ?s a csto:Summit ; schema:startDate ?d ; schema:location ?p } }")
    assert {(v["d"], v["p"]) for v in claims} == {("2022-05-16", ID + "city/moscow"), ("2022-05-17", ID + "city/minsk")}
    found = {(c.property, claim.value, claim.article.rsplit("/", 1)[1]) for c in find_conflicts(built.store, built.config) for claim in c.claims}
    assert found == {
        ("startDate", "2022-05-16", "one"),
        ("startDate", "2022-05-16", "three"),
        ("startDate", "2022-05-17", "two"),
        ("location", ID + "city/moscow", "one"),
        ("location", ID + "city/moscow", "three"),
        ("location", ID + "city/minsk", "two"),
    }
    result = CliRunner().invoke(app, ["conflicts", "--store", str(built.config.store)])
    assert result.exit_code == 0
    assert "2022-05-17" in result.output and "مينسك" in result.output


def test_agreeing_articles_are_no_conflict(tmp_path: Path) -> None:
    built = build_into(tmp_path / "b", [corpus(tmp_path / "c", {"one": ("موسكو", "16"), "two": ("موسكو", "16")})])
    assert find_conflicts(built.store, built.config) == []
    result = CliRunner().invoke(app, ["conflicts", "--store", str(built.config.store)])
    assert "no conflicts" in result.output
