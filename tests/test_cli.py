"""The `csto-kg` command as a user runs it: extract, validate, list and the help text.

Commands run in-process through Typer's CliRunner (stdout and stderr kept apart) on the real
seed article; the published store comes from the shared `seed_build` fixture. Error messages are
checked to be one line naming the file, because that is what an editor greps a build log for.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from csto_kg.cli import app

from conftest import SEED, SEED_GRAPH, SEED_ID, Built

ROOT = Path(__file__).resolve().parents[1]
ARTICLE_GRAPH = ROOT / "tests" / "data" / "article_graph.ttl"
#: Keep the environment from pointing commands at someone's real store or base.
CLEAN_ENV = {"CSTO_KG_STORE": None, "CSTO_KG_DIST": None, "CSTO_KG_BASE": None}


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env=CLEAN_ENV, catch_exceptions=False)


@pytest.fixture(scope="module")
def extracted() -> dict[str, object]:
    result = run("extract", str(SEED))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# ---------------------------------------------------------------- extract


def test_extract_prints_the_records_of_the_seed_as_json(extracted: dict[str, object]) -> None:
    assert extracted["article"] == SEED_ID
    records = extracted["records"]
    assert isinstance(records, list) and records
    article = next(r for r in records if r["type"] == "NewsArticle")
    assert article["datePublished"] == {"date": "2022-06-10", "precision": "day"}
    assert "articleBody" not in article  # only with --body


def test_extract_finds_armenia_a_member_of_the_csto(extracted: dict[str, object]) -> None:
    memberships = [r for r in extracted["records"] if r["type"] == "Membership" and r["member"] == "state/armenia"]  # type: ignore[union-attr]
    assert len(memberships) == 1
    armenia = memberships[0]
    assert armenia["organization"] == "organization/csto"
    assert armenia["membershipStatus"] == "member"
    assert armenia["evidence"]


def test_every_evidence_span_is_the_file_text_at_its_offsets(extracted: dict[str, object]) -> None:
    text = SEED.read_text(encoding="utf-8")
    spans = [e for r in extracted["records"] for e in r.get("evidence", [])]  # type: ignore[union-attr]
    assert len(spans) > 10
    for span in spans:
        assert {"start", "end", "exact"} <= span.keys()
        assert 0 <= span["start"] < span["end"] <= len(text)
        assert text[span["start"]:span["end"]] == span["exact"], span


def test_extract_on_a_bad_file_exits_1_with_one_line_naming_it(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder-name-long-enough-that-the-message-would-not-fit-in-eighty-columns"
    folder.mkdir()
    bad = folder / "[draft] windows-1256.txt"
    bad.write_bytes("وصل لافروف إلى يريفان".encode("cp1256"))
    result = run("extract", str(bad))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert str(bad) in lines[0] and "UTF-8" in lines[0]


# ---------------------------------------------------------------- validate


def test_validate_an_article_conforms() -> None:
    result = run("validate", str(SEED))
    assert result.exit_code == 0, result.stdout
    assert f"conforms: {SEED}" in result.stdout
    assert "violations" not in result.stdout


def test_validate_a_graph_without_its_headline_exits_1_and_prints_the_violation(tmp_path: Path) -> None:
    text = ARTICLE_GRAPH.read_text(encoding="utf-8")
    headline = next(line for line in text.splitlines() if line.strip().startswith("schema:headline"))
    broken = tmp_path / "broken.ttl"
    broken.write_text(text.replace(headline + "\n", ""), encoding="utf-8")
    assert "schema:headline" not in broken.read_text(encoding="utf-8")

    result = run("validate", str(broken))
    assert result.exit_code == 1
    assert f"violations: {broken}" in result.stdout
    violation = [line for line in result.stdout.splitlines() if "Violation" in line]
    assert violation and "https://schema.org/headline" in violation[0]


def test_the_unbroken_graph_conforms(tmp_path: Path) -> None:
    """The control for the test above: only the removed headline made it fail."""
    result = run("validate", str(ARTICLE_GRAPH))
    assert result.exit_code == 0, result.stdout


def test_validate_the_published_store_of_the_seed(seed_build: Built) -> None:
    result = run("validate", "--store", str(seed_build.config.store))
    assert result.exit_code == 0, result.stdout
    assert f"conforms: {SEED_GRAPH}" in result.stdout


def test_validate_without_inputs_or_store_says_so(tmp_path: Path) -> None:
    result = run("validate", "--store", str(tmp_path / "no-store"))
    assert result.exit_code == 1
    assert "nothing to validate" in result.stderr


# ---------------------------------------------------------------- list and help


def test_list_shows_the_seed_with_its_date() -> None:
    result = run("list", str(ROOT / "corpus"))
    assert result.exit_code == 0
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [SEED_ID, "2022-06-10", str(SEED)] in rows


def test_list_marks_an_unreadable_file_and_names_it(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("list", str(tmp_path))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [f"unreadable\t-\t{tmp_path / 'empty.txt'}: the file is empty"]


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("build", "extract", "validate", "serve", "query"):
        assert command in result.stdout


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("extract", "Usage: csto-kg extract [OPTIONS] FILE"),
        ("build", "Usage: csto-kg build [OPTIONS] [PATH]..."),
        ("query", "Usage: csto-kg query [OPTIONS] NAME"),
    ],
)
def test_help_reads_as_people_copy_it(command: str, usage: str) -> None:
    """No `{file}` in the usage line, no `--help <bool>`, and a default written in brackets in
    a help text is shown, not eaten as markup."""
    result = run(command, "--help")
    assert result.exit_code == 0
    rest = usage.removeprefix("Usage: ").partition(" ")[2]  # the runner calls the program "root"
    assert result.stdout.splitlines()[0].split(" ", 2)[2] == rest
    assert "{" not in result.stdout.splitlines()[0] and "<bool>" not in result.stdout
    assert "--help" in result.stdout and "Show this message and exit." in result.stdout
    if command == "build":
        assert "[default: corpus/]" in result.stdout


def test_validate_runs_either_engine_and_refuses_an_unknown_one() -> None:
    for engine in ("rudof", "pyshacl"):
        result = run("validate", str(ARTICLE_GRAPH), "--engine", engine)
        assert result.exit_code == 0 and "conforms" in result.stdout, (engine, result.stdout)
    refused = run("validate", str(ARTICLE_GRAPH), "--engine", "jena")
    assert refused.exit_code == 2 and "rudof, pyshacl" in refused.stderr
