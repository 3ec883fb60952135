"""Real-text sets: the manifest check that makes scores on re-created texts comparable."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csto_kg.cli import app
from csto_kg.evaluate import agreement
from csto_kg.realtext import ManifestError, check, excerpt_of, read_manifest

EXCERPT = "نص كتبناه للاختبار عن اجتماع في موسكو.\nسطر ثان.\n"


def write_set(root: Path, text: str | None, digest: str | None = None) -> None:
    (root / "dev").mkdir(parents=True)
    sha = digest or hashlib.sha256(EXCERPT.encode("utf-8")).hexdigest()
    (root / "dev" / "manifest.yaml").write_text(
        f'- {{id: r001_test, url: "https://example.org/1", query: "منظمة", rank: 1, outlet: Test, published: null, sha256: {sha}}}\n',
        encoding="utf-8",
    )
    if text is not None:
        (root / "texts" / "dev").mkdir(parents=True)
        (root / "texts" / "dev" / "r001_test.txt").write_text(text, encoding="utf-8")


def test_the_hash_is_of_the_excerpt_after_the_front_matter(tmp_path: Path) -> None:
    text = "---\nurl: https://example.org/1\nsource: Test\n---\n" + EXCERPT
    assert excerpt_of(text) == EXCERPT
    write_set(tmp_path, text)
    entries, problems = check(tmp_path / "dev" / "manifest.yaml", tmp_path / "texts" / "dev")
    assert [e.id for e in entries] == ["r001_test"] and problems == []


def test_a_missing_or_changed_text_is_named(tmp_path: Path) -> None:
    write_set(tmp_path / "a", None)
    _, problems = check(tmp_path / "a" / "dev" / "manifest.yaml", tmp_path / "a" / "texts" / "dev")
    assert [p.reason.split(":")[0] for p in problems] == ["missing"]
    write_set(tmp_path / "b", "---\nurl: x\n---\n" + EXCERPT + "تعديل")
    _, problems = check(tmp_path / "b" / "dev" / "manifest.yaml", tmp_path / "b" / "texts" / "dev")
    assert len(problems) == 1 and "differs" in problems[0].reason


def test_a_manifest_entry_without_its_address_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "manifest.yaml"
    path.write_text("- {id: r1, query: q, rank: 1, outlet: o, sha256: ab}\n", encoding="utf-8")
    with pytest.raises(ManifestError, match=r"manifest\.yaml: entry 0 \(r1\) lacks url"):
        read_manifest(path)


def test_the_command_exits_1_on_a_mismatch(tmp_path: Path) -> None:
    write_set(tmp_path, "---\nurl: x\n---\n" + EXCERPT, digest="0" * 64)
    result = CliRunner().invoke(app, ["realtext", "check", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "r001_test.txt" in result.output and "0 of 1" in result.output
    write_set(tmp_path / "ok", "---\nurl: x\n---\n" + EXCERPT)
    result = CliRunner().invoke(app, ["realtext", "check", "--root", str(tmp_path / "ok")])
    assert result.exit_code == 0 and "dev: 1 of 1 text(s) match" in result.output


def test_the_committed_manifests_are_well_formed() -> None:
    """Every committed set names each excerpt's address, search and hash; the dev set has at
    least 60 excerpts from at least 8 outlets, the held-out set at least 20."""
    root = Path(__file__).resolve().parents[1] / "realtext"
    dev = read_manifest(root / "dev" / "manifest.yaml")
    heldout = read_manifest(root / "heldout" / "manifest.yaml")
    assert len(dev) >= 60 and len({e.outlet for e in dev}) >= 8
    assert len(heldout) >= 20
    assert not {e.url for e in dev} & {e.url for e in heldout}
    for name, entries in (("dev", dev), ("heldout", heldout)):
        gold = {p.stem for p in (root / name / "gold").glob("*.yaml")}
        assert gold == {e.id for e in entries}, name


def test_two_readers_are_scored_one_against_the_other_on_what_both_list(tmp_path: Path) -> None:
    """The second reader against the first: an event only one wrote is a miss or an invention, a
    speaker is compared by id, and a fact type only one of them annotated is not scored."""
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "r1.yaml").write_text(
        "article: r1\n"
        "entities: [state/armenia]\n"
        "events:\n"
        "  - {kind: Summit, date: '2022-05-16', place: city/moscow, status: held}\n"
        "  - {kind: Unrest, date: null, place: state/kazakhstan, status: held}\n"
        "statements:\n"
        "  - {speaker: 'new:سيرغي شويغو', date: null, place: null}\n",
        encoding="utf-8",
    )
    (second / "r1.yaml").write_text(
        "article: r1\n"
        "events:\n"
        "  - {kind: Summit, date: '2022-05-16', place: city/moscow, status: held}\n"
        "  - {kind: Meeting, date: null, place: null, status: held}\n"
        "statements:\n"
        "  - {speaker: 'new:سيرغي شويغو', date: null, place: null}\n",
        encoding="utf-8",
    )
    (second / "r2.yaml").write_text("article: r2\nevents: []\n", encoding="utf-8")  # only one reader: not counted
    report = agreement(first, second)
    assert report.articles == ["r1"]
    events, statements, entities = report.scores["events"], report.scores["statements"], report.scores["entities"]
    assert (events.true_positives, events.false_positives, events.false_negatives) == (1, 1, 1)
    assert (statements.true_positives, statements.false_positives, statements.false_negatives) == (1, 0, 0)
    assert (entities.true_positives, entities.false_positives, entities.false_negatives) == (0, 0, 0)
    result = CliRunner().invoke(app, ["realtext", "agree", str(first), str(second)])
    assert result.exit_code == 0, result.output
    assert "events" in result.output and "entities" not in result.output
