"""`csto-kg build --scheduler`: the per-article stages on the workers of a Dask cluster.

Every test that needs a cluster starts its own: a `distributed.LocalCluster` of two worker
processes (one thread each) on 127.0.0.1, no dashboard, its processes spawned (never forked: a
process that has run rudof hangs a child forked from it), and closes it. The corpus is synthetic
(bench/corpus.py) and larger than `batch.MIN_PARALLEL_ARTICLES`, so that the build leaves the
calling process, with an article that is quarantined (its front matter says it is in Russian)
and one without a date (a warning). What the cluster builds must equal what one process builds.
"""

from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import dask
import pyoxigraph as ox
import pytest
from conftest import Built, build_into
from distributed import Client, LocalCluster, Scheduler
from helpers import cli, free_port

import csto_kg.batch
import csto_kg.cluster
from csto_kg.cluster import ClusterError, worker_counts
from csto_kg.config import PROJECT_ROOT, Config
from csto_kg.pipeline import BuildReport, build

SYNTHETIC_ARTICLES = 72
#: The articles the build reads: the synthetic ones, the Russian one and the undated one.
ARTICLES = SYNTHETIC_ARTICLES + 2
RUSSIAN = "zz-russian.txt"
UNDATED = "zz-undated.txt"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cluster") / "corpus"
    generator = [sys.executable, str(PROJECT_ROOT / "bench" / "corpus.py"), str(SYNTHETIC_ARTICLES), "--seed", "5", "--out", str(folder)]
    subprocess.run(generator, check=True, capture_output=True)
    dated = (PROJECT_ROOT / "corpus" / "001_csto-summit-dushanbe-2021.txt").read_text(encoding="utf-8")
    assert dated.startswith("---\n") and "\npublished: " in dated
    (folder / RUSSIAN).write_text(dated.replace("---\n", "---\nlang: ru\n", 1), encoding="utf-8")
    undated = "\n".join(line for line in dated.splitlines() if not line.startswith("published: "))
    (folder / UNDATED).write_text(undated + "\n", encoding="utf-8")
    assert len(list(folder.glob("*.txt"))) == ARTICLES > csto_kg.batch.MIN_PARALLEL_ARTICLES
    return folder


@pytest.fixture(scope="module")
def local(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The corpus built in this process: what every build on the cluster must equal."""
    built = build_into(tmp_path_factory.mktemp("local"), [corpus], jobs=1)
    assert built.report.count("published") == ARTICLES - 1 and built.report.count("quarantined") == 1
    assert any(UNDATED in warning for warning in built.report.warnings)
    return built


@contextmanager
def dask_cluster() -> Iterator[tuple[LocalCluster, Client]]:
    """Two worker processes on loopback and a client of their scheduler, closed afterwards."""
    with dask.config.set({"distributed.worker.multiprocessing-method": "spawn"}):
        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as cluster, Client(cluster.scheduler_address) as client:
            client.wait_for_workers(2, timeout=60)
            yield cluster, client


def outcomes(built: Built) -> list[tuple[str, str, int, str, object]]:
    """Each input's fate: file name, status, facts published, message and SHACL verdict."""
    return [(o.path.name, o.status, o.facts, o.message, o.report) for o in built.report.outcomes]


def quarantine(built: Built) -> dict[str, bytes]:
    folder = built.config.store.parent / "quarantine"
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def chunks_per_stage(chunk: int) -> int:
    return math.ceil(ARTICLES / chunk)


def assert_same_build(built: Built, local: Built) -> None:
    assert set(built.store) == set(local.store) and len(local.store) > 50_000
    assert outcomes(built) == outcomes(local)
    assert [name for name, status, *_ in outcomes(built) if status != "published"] == [RUSSIAN]
    assert built.report.warnings == local.report.warnings
    assert quarantine(built) == quarantine(local) and set(quarantine(local)) == {"zz-russian.trig", "zz-russian.txt"}


def test_a_build_on_the_cluster_equals_the_local_build(corpus: Path, local: Built, tmp_path: Path) -> None:
    """Triple for triple, verdict for verdict, warning for warning; and the chunks did run on the
    workers, which sent back each stage's CPU time."""
    with dask_cluster() as (cluster, client):
        built = build_into(tmp_path, [corpus], scheduler=cluster.scheduler_address)
        counts = client.run(worker_counts)
    assert sum(c.get("chunks", 0) for c in counts.values()) == 2 * chunks_per_stage(csto_kg.batch.CHUNK)
    assert_same_build(built, local)
    assert all(built.report.stage_seconds[stage] > 0 for stage in ("extract", "map", "validate"))


def test_each_worker_sets_up_once_and_again_only_when_the_inputs_change(
    corpus: Path, local: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With four articles to a chunk (38 chunks for two workers), each worker process builds its
    gazetteer and lexicon once and its rules store and validator once; a second build with the same
    settings builds nothing; one with another setting (a confidence threshold) builds both again."""
    monkeypatch.setattr(csto_kg.batch, "CHUNK", 4)
    chunks = 2 * chunks_per_stage(4)
    with dask_cluster() as (cluster, client):
        build_into(tmp_path, [corpus], scheduler=cluster.scheduler_address)
        first = client.run(worker_counts)
        build_into(tmp_path, [corpus], scheduler=cluster.scheduler_address)  # the same store, rebuilt
        second = client.run(worker_counts)
        build_into(tmp_path, [corpus], scheduler=cluster.scheduler_address, min_confidence=0.5)
        third = client.run(worker_counts)
    assert len(first) == 2 and sum(c["chunks"] for c in first.values()) == chunks
    assert all(c["extract"] == 1 and c["check"] == 1 and c["chunks"] > 2 for c in first.values()), first
    assert sum(c["chunks"] for c in second.values()) == 2 * chunks
    assert all(c["extract"] == 1 and c["check"] == 1 for c in second.values()), second
    assert all(c["extract"] == 2 and c["check"] == 2 for c in third.values()), third


class KillAWorker:
    """A progress display that kills a worker process (SIGKILL) as an article comes back from
    mapping and validation, choosing one the scheduler sees working on a chunk at that moment (a
    worker that has just handed its chunk back holds nothing to lose, which made the test flaky)."""

    def __init__(self, scheduler: Scheduler, pids: dict[str, int]) -> None:
        self.scheduler = scheduler
        self.pids = pids
        self.victim: int | None = None
        self.killed_after: int | None = None  # articles back from map + validate at the kill

    def busy_worker(self) -> int | None:
        """The pid of a worker with a task in hand, if any (read from the scheduler's thread's
        state: a snapshot, which may be a moment old)."""
        busy = [address for address, worker in list(self.scheduler.workers.items()) if worker.processing]
        return next((self.pids[a] for a in sorted(busy) if a in self.pids), None)

    @contextmanager
    def stage(self, name: str, total: int) -> Iterator[Callable[[], None]]:
        done = 0

        def advance() -> None:
            nonlocal done
            done += 1
            if name == "map + validate" and self.killed_after is None:
                victim = self.busy_worker()
                if victim is not None:
                    self.victim, self.killed_after = victim, done
                    os.kill(victim, signal.SIGKILL)

        yield advance


def test_a_worker_killed_mid_build_only_delays_the_build(
    corpus: Path, local: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build finishes and equals the local one; the scheduler saw the worker go with chunks
    in hand (running, or done and not yet taken: they ran again), and the nanny started another
    worker process."""
    monkeypatch.setattr(csto_kg.batch, "CHUNK", 8)  # ten chunks a stage: both workers busy at the kill
    config = Config(store=tmp_path / "store", dist=tmp_path / "dist")
    with dask_cluster() as (cluster, client):
        before = client.run(os.getpid)
        killer = KillAWorker(cluster.scheduler, before)
        reports: list[BuildReport] = []
        config = config.with_(scheduler=cluster.scheduler_address)
        thread = threading.Thread(target=lambda: reports.append(build([corpus], config, killer)), daemon=True)
        thread.start()
        thread.join(180)
        assert not thread.is_alive(), "the build did not finish within 3 minutes of a worker's death"
        client.wait_for_workers(2, timeout=60)
        after = client.run(os.getpid)
        # Read in this process: the client's copy of the events fails to serialise a worker's state.
        events = [event for _, event in cluster.scheduler.get_events("all")]
    assert killer.killed_after is not None and killer.victim not in after.values()
    lost = [
        key for event in events if event.get("action") == "remove-worker"
        for key in [*event["processing-tasks"], *event["lost-computed-tasks"]]
    ]  # fmt: skip
    assert any(str(key).startswith("_on_worker-") for key in lost), events
    assert reports, "the build raised"
    assert_same_build(Built(config, reports[0], ox.Store.read_only(str(config.store))), local)


def test_the_command_builds_on_the_cluster_it_is_given(corpus: Path, local: Built, tmp_path: Path) -> None:
    """`csto-kg build --scheduler ADDRESS`: the same dump as the local build, the quarantined
    article named, exit 1 (as locally, for the quarantined article); the workers ran the chunks."""
    with dask_cluster() as (cluster, client):
        done = cli("build", corpus, "--store", tmp_path / "store", "--dist", tmp_path / "dist", "--scheduler", cluster.scheduler_address)
        counts = client.run(worker_counts)
    assert done.returncode == 1, done.stderr
    assert f"{corpus / RUSSIAN}: does not conform to the shapes" in done.stderr
    assert f"published {ARTICLES - 1} article(s), 1 quarantined, 0 failed" in done.stdout
    dump = set(ox.parse(path=str(tmp_path / "dist" / "csto-kg.nq"), format=ox.RdfFormat.N_QUADS))
    assert dump == set(ox.parse(path=str(local.config.dist / "csto-kg.nq"), format=ox.RdfFormat.N_QUADS))
    assert sum(c.get("chunks", 0) for c in counts.values()) == 2 * chunks_per_stage(csto_kg.batch.CHUNK)


def test_a_worker_whose_data_files_are_not_the_callers_stops_the_build(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The caller's digest of its data files is replaced (in this process only): every worker
    finds its own files differ and refuses to build anything from them."""
    monkeypatch.setattr(csto_kg.cluster, "data_digest", lambda config: "0" * 64)
    with dask_cluster() as (cluster, client):
        with pytest.raises(ClusterError, match="other data files under .* than the build's caller"):
            build_into(tmp_path, [corpus], scheduler=cluster.scheduler_address)
        counts = client.run(worker_counts)
    assert all(c.get("extract", 0) == 0 for c in counts.values()), counts
    assert not (tmp_path / "store").exists()


def test_without_dask_a_build_on_a_scheduler_says_how_to_install_it(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` raises ImportError
    with pytest.raises(ClusterError, match=r"pip install 'csto-kg\[cluster\]'"):
        build_into(tmp_path, [corpus], scheduler="tcp://127.0.0.1:8786")
    assert not (tmp_path / "store").exists()


def test_a_scheduler_that_cannot_be_reached_is_named(corpus: Path, tmp_path: Path) -> None:
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        with pytest.raises(ClusterError, match=f"cannot reach the Dask scheduler at {address}"):
            build_into(tmp_path, [corpus], scheduler=address)
