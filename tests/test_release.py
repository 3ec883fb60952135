"""Nothing published is ever lost or half-written: real processes, real kill -9, real concurrency.

Each test starts `csto-kg` as a separate process, as an operator would, and checks what a reader
sees afterwards: the store link names one whole release, the dumps match their checksums, and the
articles are exactly those of the old version or of the new one.
"""

from __future__ import annotations

import json
import os
import random
import signal
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from csto_kg.release import MANIFEST, current, versions_dir
from helpers import built_site, checksums_hold, cli, copy_articles, corpus_files, start_cli

ARTICLE_GRAPHS = "https://w3id.org/csto-kg/graph/article/"


def article_graphs(store: Path) -> set[str]:
    opened = ox.Store.read_only(str(store))
    return {g.value.removeprefix(ARTICLE_GRAPHS) for g in opened.named_graphs() if g.value.startswith(ARTICLE_GRAPHS)}


def manifest(store: Path) -> dict:
    return json.loads((store / MANIFEST).read_text(encoding="utf-8"))


def published_state(tmp: Path) -> tuple[str, set[str], dict[str, str]]:
    """(release id, article graphs, {dump file: sha256}) as a reader finds them now."""
    store, dist = tmp / "store", tmp / "dist"
    release = current(store)
    assert release is not None and (release.path / MANIFEST).is_file(), "the store link names no finished release"
    assert not checksums_hold(dist), f"dumps that fail SHA256SUMS: {checksums_hold(dist)}"
    files = {name: sha for name, _, sha in release.files}
    assert set(files) >= {"csto-kg.trig", "csto-kg.nq", "csto-kg.ttl", "SHA256SUMS", "void.ttl"}
    for name, size, sha in release.files:
        assert (dist / name).stat().st_size == size, name
    return release.id, article_graphs(store), files


def assert_tidy(tmp: Path) -> None:
    """One release on disk, no drafts, no stray links or temporary files."""
    store = tmp / "store"
    versions = sorted(versions_dir(store).iterdir())
    assert versions == [store.resolve()], f"left behind: {[v.name for v in versions]}"
    assert not [p.name for p in tmp.iterdir() if ".link-" in p.name or ".tmp-" in p.name]
    assert not list(store.resolve().rglob("*.tmp-*"))


@pytest.fixture()
def published(tmp_path: Path) -> Path:
    """Three corpus articles built into tmp/store and tmp/dist by the CLI."""
    return built_site(tmp_path, "000_", "001_", "002_")


# --- a build or an add that publishes nothing changes nothing --------------------------------


@pytest.mark.parametrize("input_kind", ["empty file", "mistyped path", "empty folder", "binary file"])
def test_a_build_that_publishes_no_article_changes_nothing_and_exits_1(published: Path, input_kind: str) -> None:
    before = published_state(published)
    bad = published / "bad"
    if input_kind == "empty file":
        bad = published / "empty.txt"
        bad.write_text("")
    elif input_kind == "empty folder":
        bad.mkdir()
    elif input_kind == "binary file":
        bad = published / "binary.txt"
        bad.write_bytes(bytes(range(256)) * 40)
    result = cli("build", bad, "--store", published / "store", "--dist", published / "dist")
    assert result.returncode == 1
    assert "nothing was published" in result.stderr and "unchanged" in result.stderr
    assert published_state(published) == before
    assert_tidy(published)


def test_an_add_whose_article_fails_changes_nothing(published: Path) -> None:
    before = published_state(published)
    bad = published / "broken.txt"
    bad.write_bytes("Ru En\n\nلافروف\n".encode("cp1256"))
    result = cli("add", bad, "--store", published / "store", "--dist", published / "dist")
    assert result.returncode == 1 and str(bad) in result.stderr
    assert published_state(published) == before
    assert_tidy(published)


# --- two writers at once -----------------------------------------------------------------------


def test_two_adds_at_once_both_publish_one_after_the_other(published: Path) -> None:
    pairs = [("003_", "004_"), ("005_", "006_"), ("007_", "008_")]
    expected = set(published_state(published)[1])
    saw_waiting = False
    for first, second in pairs:
        a, b = corpus_files(first)[0], corpus_files(second)[0]
        processes = [start_cli("add", path, "--store", published / "store", "--dist", published / "dist") for path in (a, b)]
        outputs = [process.communicate(timeout=300) for process in processes]
        for process, (out, err) in zip(processes, outputs):
            assert process.returncode == 0, err
        saw_waiting |= any("waiting for the store lock held by" in err for _, err in outputs)
        expected |= {a.stem, b.stem}
        assert published_state(published)[1] == expected
        assert_tidy(published)
    assert saw_waiting, "one add of each pair should have waited for the other's lock"


def test_an_add_during_a_build_waits_and_leaves_one_whole_release(published: Path) -> None:
    corpus = copy_articles(published / "more", "00", "01")
    build = start_cli("build", corpus, "--store", published / "store", "--dist", published / "dist", "--jobs", "1")
    time.sleep(0.5)
    add = start_cli("add", corpus_files("016_")[0], "--store", published / "store", "--dist", published / "dist")
    build_out, build_err = build.communicate(timeout=300)
    add_out, add_err = add.communicate(timeout=300)
    assert build.returncode == 0, build_err
    assert add.returncode == 0, add_err
    assert "Traceback" not in build_err + add_err
    _, graphs, _ = published_state(published)
    assert {p.stem for p in corpus_files("00", "01")} <= graphs
    assert_tidy(published)


# --- kill -9 at any point ----------------------------------------------------------------------

POINTS = ["after-store", "mid-dumps", "before-manifest", "before-swap", "after-swap"]


@pytest.mark.parametrize("point", POINTS)
def test_kill_9_of_an_add_at_each_step_leaves_the_old_or_the_new_release(published: Path, point: str) -> None:
    old = published_state(published)
    # Replacing a published article makes `add` write every dump again: the longest path.
    replacement = corpus_files("001_")[0]
    env = {**os.environ, "CSTO_KG_CRASH_AT": point}
    env = {k: v for k, v in env.items() if not k.startswith("CSTO_KG_") or k == "CSTO_KG_CRASH_AT"}
    result = cli("add", replacement, "--store", published / "store", "--dist", published / "dist", env=env)
    assert result.returncode == -signal.SIGKILL
    state = published_state(published)
    if point == "after-swap":
        assert state[0] != old[0] and state[1] == old[1]  # the new release is whole and published
    else:
        assert state == old
    # The next writer cleans up what the dead one left, and works.
    result = cli("add", corpus_files("003_")[0], "--store", published / "store", "--dist", published / "dist")
    assert result.returncode == 0, result.stderr
    assert published_state(published)[1] == old[1] | {corpus_files("003_")[0].stem}
    assert_tidy(published)


def test_kill_9_of_adds_and_builds_at_random_moments_never_leaves_a_mix(published: Path) -> None:
    rng = random.Random(20261206)
    store, dist = published / "store", published / "dist"
    started = time.monotonic()
    result = cli("add", corpus_files("001_")[0], "--store", store, "--dist", dist)
    assert result.returncode == 0
    duration = time.monotonic() - started
    corpus = copy_articles(published / "again", "000_", "001_", "002_", "004_")
    for round_ in range(12):
        before = published_state(published)
        if round_ % 3 == 2:
            command = ["build", corpus, "--store", store, "--dist", dist, "--jobs", "1"]
            new = {p.stem for p in corpus.iterdir()}
        else:
            article = corpus_files("001_", "004_")[round_ % 2]
            command = ["add", article, "--store", store, "--dist", dist]
            new = before[1] | {article.stem}
        process = start_cli(*command)
        time.sleep(rng.uniform(0.05, duration * 1.2))
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=30)
        after = published_state(published)  # a whole release whose dumps match their checksums
        assert after == before or after[1] == new, f"round {round_}: neither the old nor the new articles"
    result = cli("add", corpus_files("005_")[0], "--store", store, "--dist", dist)
    assert result.returncode == 0, result.stderr
    assert_tidy(published)


def test_the_next_writer_removes_a_killed_builds_spool_and_keeps_a_running_ones(tmp_path: Path) -> None:
    """A build spools its article graphs (and what it derives from them) beside the store before
    it takes the writer lock; one killed meanwhile leaves the files, which the next writer
    removes (not a running build's), and a build removes its own when it ends."""
    from csto_kg.release import remove_unused, spooling

    store = tmp_path / "store"
    child = os.fork()
    if child == 0:
        os._exit(0)
    os.waitpid(child, 0)  # a pid that no longer runs
    dead = [tmp_path / f".store.spool-{child}-abcdef.{kind}" for kind in ("nq", "trig", "claims", "claims.sorted", "extractions")]
    for path in dead:
        path.write_bytes(b"")
    with spooling(store) as live:
        files = [live.nquads, live.trig, live.claims, live.claims.with_name(live.claims.name + ".sorted"), live.extractions]
        for path in files:
            path.write_bytes(b"")
        remove_unused(store)
        assert all(path.exists() for path in files) and not any(path.exists() for path in dead)
    assert not any(path.exists() for path in files)  # every kind of file a build spools
