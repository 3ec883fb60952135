"""Soak: `csto-kg serve` under a crowd of clients while runaway queries run beside them.

Why: a deployment must keep answering lookups and the public queries quickly while somebody
sends queries that would run for ever, and must not grow in memory over time. This prints
figures beside the targets of the safety issue; it never asserts.

    .venv/bin/python bench/soak.py [--store PATH] [--clients 64] [--duration 60] [--runaways 4]
                                   [--workers N] [--answer-cache MIB] [--markdown FILE]

Two runs against one server (its own process group, loopback, a free port):

* starvation: 8 clients loop on a runaway cross join (each answered 503 at the time limit) while
  one client asks a trivial `ASK` for `--starvation` seconds: its latencies, p50 / p99 / max.
* soak: `--clients` clients for `--duration` seconds, three quarters of them on lookups
  (`GET /id/...` with Accept: text/turtle, and `DESCRIBE <iri>` at /sparql, drawn from the
  store's subject IRIs) and a quarter on the five public queries, with `--runaways` clients
  looping on runaway queries in the background. Errors are non-2xx answers, timeouts and
  connection errors of the lookups and public queries (the runaways' 503s are what they should
  get and are counted apart). The server's RSS (process tree) is sampled every second: start,
  end, peak, and the slope over the second half (MiB per minute; flat is ~0).

The store defaults to the bundled corpus built into a temporary folder; `--store` takes any
built store (bench/build.py leaves one per size under /tmp/csto-bench/).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from processes import RssSampler
from serve import (
    BIN,
    DEFAULT_BASE,
    JSON_RESULTS,
    PUBLIC_QUERIES,
    ROOT,
    TURTLE,
    ManagedServer,
    Tally,
    closed_loop,
    free_port,
    local_path,
    markdown_table,
    raw_get,
    read_store,
    sparql_target,
    text_table,
)

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TRIVIAL = "ASK { ?s ?p ?o }"
TARGETS = {"errors": 0, "lookup p99 ms": 50.0}


class Memory(threading.Thread):
    """The server's process-tree RSS once a second: (seconds since start, bytes)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.sampler = RssSampler(pid)
        self.samples: list[tuple[float, int]] = []
        self._halt = threading.Event()

    def run(self) -> None:
        start = time.monotonic()
        while not self._halt.is_set():
            self.samples.append((time.monotonic() - start, self.sampler.sample()))
            self._halt.wait(1.0)

    def stop(self) -> None:
        self._halt.set()

    def slope_mib_per_minute(self) -> float:
        """Least-squares slope of RSS over the second half of the samples."""
        half = self.samples[len(self.samples) // 2 :]
        if len(half) < 2:
            return 0.0
        xs = [t for t, _ in half]
        ys = [b / 2**20 for _, b in half]
        mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
        denominator = sum((x - mean_x) ** 2 for x in xs)
        return 60 * sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / denominator if denominator else 0.0


def build_default_store(folder: Path) -> Path:
    subprocess.run([str(BIN / "csto-kg"), "build", str(ROOT / "corpus"), "--store", str(folder / "store"), "--dist", str(folder / "dist")],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return folder / "store"


def percentile(tally: Tally, fraction: float) -> float:
    value = tally.percentile(fraction)
    return value if value is not None else float("nan")


async def starvation(port: int, seconds: float, timeout: float) -> tuple[Tally, Tally]:
    runaway = raw_get(port, sparql_target("/sparql", RUNAWAY), JSON_RESULTS)
    trivial = raw_get(port, sparql_target("/sparql", TRIVIAL), JSON_RESULTS)

    async def pause_then_trivial() -> Tally:
        await asyncio.sleep(1.0)  # the runaways hold their workers first
        return await closed_loop(port, lambda c: trivial, clients=1, duration=seconds, timeout=timeout, seed="trivial")

    runaways, trivials = await asyncio.gather(
        closed_loop(port, lambda c: runaway, clients=8, duration=seconds + 1.0, timeout=timeout + 5, seed="runaway"),
        pause_then_trivial(),
    )
    return trivials, runaways


async def soak(port: int, options: argparse.Namespace, pools: dict[str, list[bytes]]) -> dict[str, Tally]:
    lookups = pools["deref"] + pools["describe"]
    public = pools["public"]
    runaway = raw_get(port, sparql_target("/sparql", RUNAWAY), JSON_RESULTS)
    lookup_clients = max(1, options.clients * 3 // 4)
    results = await asyncio.gather(
        closed_loop(port, lambda c: c.choice(lookups), clients=lookup_clients, duration=options.duration, timeout=options.timeout, seed="lookups"),
        closed_loop(port, lambda c: c.choice(public), clients=options.clients - lookup_clients, duration=options.duration, timeout=options.timeout, seed="public"),
        closed_loop(port, lambda c: runaway, clients=options.runaways, duration=options.duration, timeout=options.timeout + 5, seed="runaways"),
    )
    return dict(zip(("lookups", "public queries", "runaways"), results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, help="a built store [default: the bundled corpus, built now]")
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--runaways", type=int, default=4)
    parser.add_argument("--starvation", type=float, default=20.0, help="seconds of the trivial-query-beside-8-runaways run")
    parser.add_argument("--workers", type=int, default=0, help="csto-kg serve --workers [default: its own]")
    parser.add_argument(
        "--answer-cache", type=int, help="csto-kg serve --answer-cache MIB [default: its own]; 0: every answer computed, as a first request is"
    )
    parser.add_argument("--timeout", type=float, default=10.0, help="csto-kg serve --timeout, and the clients' [default: 10]")
    parser.add_argument("--pool", type=int, default=2000)
    parser.add_argument("--markdown", type=Path)
    options = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="csto-soak-"))
    store = options.store or build_default_store(scratch)
    facts = read_store(store, DEFAULT_BASE, options.pool, 1)
    port = free_port()
    argv = [str(BIN / "csto-kg"), "serve", "--store", str(store), "--port", str(port), "--timeout", str(options.timeout)]
    if options.workers:
        argv += ["--workers", str(options.workers)]
    if options.answer_cache is not None:
        argv += ["--answer-cache", str(options.answer_cache)]
    server = ManagedServer("csto", argv, port, "/health", scratch)
    server.start()
    try:
        pools = {
            "deref": [raw_get(port, local_path(iri, DEFAULT_BASE), TURTLE) for iri in facts.lookup_pool],
            "describe": [raw_get(port, sparql_target("/sparql", f"DESCRIBE <{iri}>"), TURTLE) for iri in facts.lookup_pool],
            "public": [raw_get(port, sparql_target("/sparql", (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")), JSON_RESULTS) for name in PUBLIC_QUERIES],
        }
        print(f"store {store}: {facts.quads} quads; server pid {server.pid}; scratch {scratch}", file=sys.stderr)
        trivial, runaways = asyncio.run(starvation(port, options.starvation, options.timeout))
        memory = Memory(server.pid)
        memory.start()
        tallies = asyncio.run(soak(port, options, pools))
        memory.stop()
        memory.join(2)
    finally:
        server.stop()
    report(options, trivial, runaways, tallies, memory, facts.quads)
    if options.store is None:
        shutil.rmtree(scratch, ignore_errors=True)


def report(options: argparse.Namespace, trivial: Tally, runaways: Tally, tallies: dict[str, Tally], memory: Memory, quads: int) -> None:
    columns = ("run", "requests", "2xx", "errors", "req/s", "p50 ms", "p99 ms", "max ms", "statuses")
    rows = [["trivial ASK beside 8 runaways", str(trivial.requests), str(trivial.ok), str(trivial.errors), f"{trivial.rate:.0f}",
             f"{percentile(trivial, 0.5):.1f}", f"{percentile(trivial, 0.99):.1f}", f"{max(trivial.latencies, default=0) * 1000:.1f}",
             dict(trivial.statuses).__repr__()],
            ["  the 8 runaways", str(runaways.requests), str(runaways.ok), str(runaways.errors), "", "", "", "", dict(runaways.statuses).__repr__()]]  # fmt: skip
    for name, tally in tallies.items():
        rows.append([f"soak: {name}", str(tally.requests), str(tally.ok), str(tally.errors), f"{tally.rate:.0f}",
                     f"{percentile(tally, 0.5):.1f}", f"{percentile(tally, 0.99):.1f}", f"{max(tally.latencies, default=0) * 1000:.1f}",
                     dict(tally.statuses).__repr__()])  # fmt: skip
    rss = [b for _, b in memory.samples]
    errors = tallies["lookups"].errors + tallies["public queries"].errors
    lookup_p99 = percentile(tallies["lookups"], 0.99)
    lines = [
        f"soak of csto-kg serve: {quads} quads, {options.clients} clients x {options.duration:g} s, {options.runaways} runaway clients",
        "",
        (markdown_table if options.markdown else text_table)(columns, rows),
        "",
        f"server RSS (process tree): start {rss[0] / 2**20:.0f} MiB, end {rss[-1] / 2**20:.0f} MiB, peak {max(rss) / 2**20:.0f} MiB, "
        f"slope over the second half {memory.slope_mib_per_minute():+.1f} MiB/min" if rss else "server RSS: no samples",
        f"targets: errors {errors} (target {TARGETS['errors']}), lookup p99 {lookup_p99:.1f} ms (target <= {TARGETS['lookup p99 ms']:g} ms)",
    ]
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if options.markdown:
        options.markdown.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
