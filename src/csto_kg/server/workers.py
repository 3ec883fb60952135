"""Killable worker processes for queries and writes, and a fair way to share them.

pyoxigraph cannot cancel a running query, and a thread that runs one cannot be stopped. So every
query and every write runs in a worker process. The web process hands a worker a `jobs.Job` and
waits on its pipe (on the event loop, never blocking it) for the `jobs.Outcome`; past the time
limit the worker is killed (its CPU is freed at once), a fresh one takes its place, and the
client gets 503. A worker:

* installs the network sandbox first (`sandbox.py`): no query or update can reach the network;
* runs jobs in a thread with a large stack (`STACK_BYTES`), so that the nesting the parser lets
  through (`syntax.MAX_NESTING`) is far from what pyoxigraph's recursion can take;
* reads the release each job names, holding a reader lock on it, so that every part of an answer
  comes from the version the request started with and no writer removes it meanwhile;
* keeps that release's knowledge graph in memory when it has at most `memory_triples` triples,
  and answers from it the queries that read nothing else (`memory_copy.py`).

Limits, and how a response says it met one:

* time: `timeout` seconds per request, waiting for a free worker included; 503 past it.
* memory: a worker running a slow job that holds more than `max_memory` bytes is stopped; 503.
* rows: at most `row_limit` solutions of a SELECT, or triples of a CONSTRUCT / DESCRIBE / Graph
  Store GET, are returned. Every such response carries `CSTO-Row-Limit: <N>`; one cut at N also
  carries `CSTO-Truncated: true` (never a silent cut). ASK is not limited.

Fairness: long queries must not take every worker from short ones, nor their CPU. The pool
remembers what each query (by fingerprint) cost, so a job is light (never seen, or quicker than
`light_after` seconds of CPU), heavy (costlier than that) or slow (it used `slow_after` seconds
of CPU, or ran four times that long). `reserved` workers
are light workers: they run only light jobs, at normal CPU priority, so a lookup always finds one
within about `light_after`. The others are heavy workers, at a lower priority (nice 10): they run
heavy jobs, slow ones (at most `max_slow` at once, nice 19), and light ones when idle. A job
that runs past `slow_after` on a light worker, or with every slow slot taken, is stopped and
queued again as slow; a repeated runaway query waits in the slow queue from the start. Waiting
light jobs go first, then heavy, then slow, each in order of arrival.

This module imports little besides the standard library and pyoxigraph, so a worker starts fast
(spawned, not forked: the web process has threads, and RocksDB handles must not cross a fork).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
import weakref
from collections import OrderedDict, deque
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from csto_kg.server.jobs import Job, Outcome

logger = logging.getLogger(__name__)

#: Stack of the thread that runs jobs in a worker: pyoxigraph parses and evaluates recursively.
#: Only the pages actually used are memory; the rest is address space.
STACK_BYTES = 256 * 1024 * 1024
#: How long a new worker may take to start (import, sandbox, parser tables) before the pool gives up.
STARTUP_SECONDS = 60.0
#: CPU priority of heavy workers, and of one running a slow job: light work comes first, and
#: runaways get the CPU the others leave.
HEAVY_NICENESS = 10
SLOW_NICENESS = 19
#: How often the memory of a worker running a slow job is looked at.
MEMORY_CHECK_SECONDS = 0.5
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
#: A job is slow when it has used `slow_after` seconds of CPU; on a crowded machine its wall time
#: runs ahead of that, so wall time counts only past this many times `slow_after` (a job waiting
#: on the disk uses little CPU and is slow all the same).
WALL_FACTOR = 4
#: How long a query that turned slow is remembered as slow, and how many are remembered.
SLOW_MEMORY_SECONDS = 600.0
SLOW_MEMORY_SIZE = 1024


class QueryTimeout(Exception):
    """No answer within the time limit; the worker that ran the job has been killed."""


# --- the worker process -----------------------------------------------------------------


class _Reader:
    """The release a worker reads now, opened read-only under a reader lock, and an in-memory
    copy of its knowledge graph when that has at most `memory_triples` triples (`memory_copy.py`),
    made the first time a query could use it."""

    def __init__(self, memory_triples: int = 0) -> None:
        self.path = ""
        self.store: Any = None
        self.lock: Any = None
        self.memory_triples = memory_triples
        self._copy: Any = None
        self._copied = False

    def knowledge_graph(self) -> Any:
        """The in-memory copy of the open release's knowledge graph, or None (too large, or off)."""
        if not self._copied:
            from csto_kg.server.memory_copy import knowledge_graph_copy

            self._copy = knowledge_graph_copy(Path(self.path), self.store, self.memory_triples)
            self._copied = True
        return self._copy

    def store_for(self, release: str) -> Any:
        if release != self.path or self.store is None:
            from pyoxigraph import Store

            from csto_kg.release import ReaderLock

            lock = ReaderLock(Path(release))
            if not lock.holds():
                lock.close()
                raise FileNotFoundError(f"the release {release} was removed")
            store = Store.read_only(release)
            if self.lock is not None:
                self.lock.close()
            self.path, self.store, self.lock = release, store, lock
            self._copy, self._copied = None, False
        return self.store


READY = "ready"


def worker_main(connection: Connection, memory_triples: int = 0) -> None:
    """A worker's life: sandbox itself, warm up, say it is ready, then answer jobs in a big-stack
    thread until the pipe closes. Warming up first (imports, the parser's tables) keeps start-up
    time out of the first job's time, where the pool would count it as the job's own."""
    from csto_kg.server import description, jobs, syntax  # noqa: F401 - imported now, not during a job
    from csto_kg.server.sandbox import forbid_network

    if not forbid_network():
        logger.warning("no network sandbox on this system: only the query parser refuses SERVICE and LOAD")
    syntax.warm_up()
    connection.send(READY)
    threading.stack_size(STACK_BYTES)
    runner = threading.Thread(target=_serve, args=(connection, memory_triples), name="csto-kg-jobs")
    runner.start()
    runner.join()


def _serve(connection: Connection, memory_triples: int) -> None:
    reader = _Reader(memory_triples)
    while True:
        try:
            job: Job = connection.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            outcome = _answer(reader, job)
        except Exception as error:  # noqa: BLE001 - a worker must answer, whatever happened
            logger.exception("a job failed in a worker")
            outcome = Outcome.error(500, f"Internal error while evaluating: {type(error).__name__}")
        try:
            connection.send(outcome)
        except (OSError, ValueError):
            return


def _answer(reader: _Reader, job: Job) -> Outcome:
    if job.writes:
        from csto_kg.server.writes import apply

        return apply(job)
    from csto_kg.server.jobs import execute

    try:
        store = reader.store_for(job.release)
    except OSError as error:
        return Outcome(503, f"The store changed while this request was answered ({error}); retry.\n".encode(), "text/plain", {"Retry-After": "1"})
    knowledge_graph = reader.knowledge_graph() if job.kind == "query" else None
    started = time.thread_time()  # the job's own cost, not the release's opening
    outcome = execute(store, job, knowledge_graph)
    outcome.cpu_seconds = time.thread_time() - started
    return outcome


# --- the pool ---------------------------------------------------------------------------


LIGHT, HEAVY, SLOW = "light", "heavy", "slow"


class CostMemory:
    """What the pool learned of queries' costs: seconds per fingerprint (a moving average), and
    the ones that ran past `slow_after` lately. A query never seen is expected to be light."""

    def __init__(self, light_after: float, size: int = SLOW_MEMORY_SIZE) -> None:
        self.light_after = light_after
        self.size = size
        self._seconds: OrderedDict[str, float] = OrderedDict()
        self._slow: OrderedDict[str, float] = OrderedDict()

    def expected(self, fingerprint: str) -> str:
        """LIGHT, HEAVY or SLOW, from what the query cost before."""
        seen = self._slow.get(fingerprint)
        if seen is not None:
            if time.monotonic() - seen <= SLOW_MEMORY_SECONDS:
                return SLOW
            del self._slow[fingerprint]
        seconds = self._seconds.get(fingerprint)
        return HEAVY if seconds is not None and seconds >= self.light_after else LIGHT

    def record(self, fingerprint: str, seconds: float) -> None:
        previous = self._seconds.get(fingerprint)
        self._seconds[fingerprint] = seconds if previous is None else (previous + seconds) / 2
        self._trim(self._seconds, fingerprint)

    def remember_slow(self, fingerprint: str) -> None:
        self._slow[fingerprint] = time.monotonic()
        self._trim(self._slow, fingerprint)

    def _trim(self, table: OrderedDict[str, float], fingerprint: str) -> None:
        table.move_to_end(fingerprint)
        while len(table) > self.size:
            table.popitem(last=False)


@dataclass
class _Waiter:
    """A job waiting for a worker: the future a worker is handed through, and its class."""

    future: asyncio.Future[_Worker]
    fingerprint: str
    kind: str


class _Worker:
    def __init__(self, context: Any, role: str, memory_triples: int) -> None:
        self.connection, child = context.Pipe(duplex=True)
        self.process = context.Process(target=worker_main, args=(child, memory_triples), name=f"csto-kg-{role}-worker", daemon=True)
        self.process.start()
        child.close()
        self.role = role  # LIGHT (runs light jobs only) or HEAVY (runs anything)
        self.kind: str | None = None  # the class of the job it runs; None when idle
        self.niceness = 0

    def wait_ready(self, timeout: float) -> None:
        """Block until the worker says it is ready (at the pool's start, before any loop runs)."""
        if not self.connection.poll(timeout) or self.connection.recv() != READY:
            raise RuntimeError(f"worker {self.pid} did not start within {timeout:g} s")

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def rss(self) -> int:
        """Resident memory in bytes (from /proc; 0 where there is none)."""
        try:
            with open(f"/proc/{self.pid}/statm", "rb") as statm:
                return int(statm.read().split()[1]) * PAGE_BYTES
        except (OSError, ValueError, IndexError):
            return 0

    def cpu_seconds(self) -> float:
        """CPU time the worker has used (user + system, from /proc; 0 where there is none)."""
        try:
            with open(f"/proc/{self.pid}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        except (OSError, ValueError, IndexError):
            return 0.0

    def nice(self, niceness: int) -> bool:
        """Set the worker's CPU priority; False when not allowed (lowering it back needs rights)."""
        if niceness == self.niceness:
            return True
        try:
            os.setpriority(os.PRIO_PROCESS, self.pid or 0, niceness)
        except OSError:
            return False
        self.niceness = niceness
        return True

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


class QueryPool:
    """`size` worker processes; `run()` answers one job in time, fairly (see the module docstring).

    Used from one event loop (the server's); the loop's primitives are made on first use, so the
    pool can be built before the loop runs.
    """

    def __init__(
        self,
        *,
        size: int = 2,
        timeout: float = 10.0,
        slow_after: float = 0.5,
        light_after: float = 0.01,
        reserved: int | None = None,
        max_memory: int | None = None,
        memory_triples: int = 0,
        name: str = "query",
    ) -> None:
        if size < 1:
            raise ValueError("a pool needs at least one worker")
        self.size = size
        self.timeout = timeout
        self.slow_after = slow_after
        self.reserved = (max(1, size // 2) if size > 1 else 0) if reserved is None else max(0, min(reserved, size - 1))
        heavy = size - self.reserved
        # Slow jobs leave one heavy worker to heavy ones when there are two or more.
        self.max_slow = heavy - 1 if heavy > 1 else heavy
        self.max_memory = max_memory
        self.memory_triples = memory_triples  # largest knowledge graph a worker copies into memory
        self.name = name
        self.killed = 0  # workers stopped because their job ran past a limit
        self.demoted = 0  # jobs stopped as they turned slow, queued again as slow
        self.costs = CostMemory(light_after)
        self._context = multiprocessing.get_context("spawn")
        self._idle: deque[_Worker] = deque()
        self._all: set[_Worker] = set()
        self._slow_running = 0
        self._waiting: list[_Waiter] = []
        self._closed = False
        self._finalizer = weakref.finalize(self, QueryPool._stop_all, self._all)
        started = [self._start(LIGHT if n < self.reserved else HEAVY) for n in range(size)]
        for worker in started:
            worker.wait_ready(STARTUP_SECONDS)
            self._idle.append(worker)

    # -- workers ---------------------------------------------------------------------------
    def _start(self, role: str) -> _Worker:
        worker = _Worker(self._context, role, self.memory_triples)
        if role == HEAVY and self.reserved:
            worker.nice(HEAVY_NICENESS)  # light workers and the web process come first
        self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker (its job overran or its client left) and start another in its place,
        which joins the idle ones when it says it is ready."""
        self._all.discard(worker)
        self._set_kind(worker, None)
        worker.kill()
        if self._closed:
            return
        fresh = self._start(worker.role)
        loop = asyncio.get_running_loop()
        descriptor = fresh.connection.fileno()

        def ready() -> None:
            loop.remove_reader(descriptor)
            os.set_blocking(descriptor, True)  # the loop made it non-blocking
            try:
                message = fresh.connection.recv()
            except (EOFError, OSError):
                message = None
            if message != READY or self._closed:
                logger.error("a new worker failed to start; the pool has one worker less")
                self._all.discard(fresh)
                return
            self._idle.append(fresh)
            self._dispatch()

        loop.add_reader(descriptor, ready)

    @property
    def pids(self) -> set[int]:
        """Process ids of the live workers (tests watch a killed one disappear)."""
        return {w.pid for w in self._all if w.pid is not None and w.process.is_alive()}

    # -- scheduling ------------------------------------------------------------------------
    def _set_kind(self, worker: _Worker, kind: str | None) -> None:
        self._slow_running += int(kind == SLOW) - int(worker.kind == SLOW)
        worker.kind = kind

    def _idle_worker(self, kind: str) -> _Worker | None:
        """An idle worker that may run a job of `kind`. Light jobs take light workers, and heavy
        ones too while no heavy or slow job waits for one (which would then starve)."""
        if kind == SLOW and self._slow_running >= self.max_slow:
            return None
        roles = (HEAVY,)
        if kind == LIGHT:
            waiting = any(w.kind != LIGHT and not w.future.done() for w in self._waiting)
            roles = (LIGHT,) if waiting and self._slow_fits_or_heavy_waits() else (LIGHT, HEAVY)
        for role in roles:
            for worker in self._idle:
                if worker.role == role:
                    return worker
        return None

    def _slow_fits_or_heavy_waits(self) -> bool:
        """Whether some waiting heavy or slow job could take a heavy worker now."""
        return any(
            w.kind == HEAVY or (w.kind == SLOW and self._slow_running < self.max_slow)
            for w in self._waiting
            if not w.future.done()
        )

    def _take(self, worker: _Worker, kind: str) -> _Worker:
        self._idle.remove(worker)
        self._set_kind(worker, kind)
        return worker

    def _dispatch(self) -> None:
        """Hand idle workers to waiting jobs: light ones first, then heavy, then slow."""
        for kind in (LIGHT, HEAVY, SLOW):
            for waiter in [w for w in self._waiting if w.kind == kind and not w.future.done()]:
                worker = self._idle_worker(kind)
                if worker is None:
                    break
                self._waiting.remove(waiter)
                waiter.future.set_result(self._take(worker, kind))

    def _release(self, worker: _Worker) -> None:
        self._set_kind(worker, None)
        if worker.role == HEAVY and self.reserved and not worker.nice(HEAVY_NICENESS):
            self._replace(worker)  # a slow job lowered its priority, and it cannot be raised back
            return
        if worker in self._all:
            self._idle.append(worker)
        self._dispatch()

    async def _acquire(self, job: Job, kind: str, deadline: float) -> tuple[_Worker, str]:
        """A worker for `job`, and the class it runs in (a waiting job may be moved to slow)."""
        worker = None if any(w.kind == kind for w in self._waiting) else self._idle_worker(kind)
        if worker is not None:
            return self._take(worker, kind), kind
        loop = asyncio.get_running_loop()
        waiter = _Waiter(loop.create_future(), job.fingerprint, kind)
        self._waiting.append(waiter)
        taken: _Worker | None = None
        try:
            taken = await asyncio.wait_for(asyncio.shield(waiter.future), max(0.0, deadline - loop.time()))
            return taken, waiter.kind
        except asyncio.TimeoutError:
            raise QueryTimeout(f"no worker became free within {self.timeout:g} s") from None
        finally:
            if not waiter.future.done():
                waiter.future.cancel()
                self._waiting.remove(waiter)
            elif taken is None and not waiter.future.cancelled():
                self._release(waiter.future.result())  # handed over just as this request gave up

    def _remember_slow(self, fingerprint: str) -> None:
        """Remember a job that turned slow; the same job already waiting moves to the slow queue."""
        self.costs.remember_slow(fingerprint)
        for waiter in self._waiting:
            if waiter.fingerprint == fingerprint:
                waiter.kind = SLOW

    # -- running a job -----------------------------------------------------------------------
    async def run(self, job: Job, timeout: float | None = None) -> Outcome:
        """Answer `job` within `timeout` seconds (the pool's by default) or raise QueryTimeout."""
        loop = asyncio.get_running_loop()
        limit = self.timeout if timeout is None else timeout
        deadline = loop.time() + limit
        kind = self.costs.expected(job.fingerprint)
        while True:
            worker, kind = await self._acquire(job, kind, deadline)
            outcome = await self._run_on(worker, job, deadline, limit)
            if outcome is not None:
                return outcome
            kind = SLOW  # stopped as it turned slow: queue it as slow

    async def _run_on(self, worker: _Worker, job: Job, deadline: float, limit: float) -> Outcome | None:
        """Run `job` on `worker`: its outcome, None when it was stopped to be queued as slow, or
        QueryTimeout. The worker is released or replaced before this returns."""
        loop = asyncio.get_running_loop()
        descriptor = worker.connection.fileno()
        ready: asyncio.Future[None] = loop.create_future()
        started = loop.time()
        try:
            worker.connection.send(job)
        except OSError as error:
            return self._died(worker, error)
        loop.add_reader(descriptor, lambda: ready.done() or ready.set_result(None))
        try:
            verdict = await self._watch(worker, job, ready, started, deadline)
        except asyncio.CancelledError:
            # The client left while the worker computes: its answer would reach the next job.
            self._stop_watching(loop, descriptor)
            self._replace(worker)
            raise
        # Stop watching this descriptor before a replacement's pipe can reuse its number.
        self._stop_watching(loop, descriptor)
        if verdict == "demote":
            self.demoted += 1
            self._replace(worker)
            return None
        if verdict in ("overran", "memory"):
            self.killed += 1
            why = "ran past the time limit" if verdict == "overran" else "used too much memory"
            logger.warning("%s %s; stopping worker %s", job.kind, why, worker.pid)
            self._replace(worker)
            if verdict == "memory":
                message = (f"Query stopped: it needed more than {(self.max_memory or 0) >> 20} MiB of memory. "
                           "Narrow the query (LIMIT, more specific patterns) and retry.\n")  # fmt: skip
                return Outcome(503, message.encode(), "text/plain", {"Retry-After": "1"})
            raise QueryTimeout(f"the {'update' if job.writes else 'query'} ran past the time limit of {limit:g} s")
        try:
            outcome: Outcome = worker.connection.recv()
        except (EOFError, OSError) as error:
            return self._died(worker, error)
        self.costs.record(job.fingerprint, outcome.cpu_seconds)
        self._release(worker)
        return outcome

    async def _watch(self, worker: _Worker, job: Job, ready: asyncio.Future[None], started: float, deadline: float) -> str:
        """Wait for the answer: "answered", "demote" (it turned slow where it may not run slow),
        "overran" (the time limit) or "memory" (a slow job's worker past `max_memory`)."""
        if worker.kind != SLOW and started + self.slow_after < deadline:
            cpu_at_start = worker.cpu_seconds()
            wait = started + self.slow_after - _now()
            while True:
                if await _wait(ready, min(deadline - _now(), wait)):
                    return "answered"
                used = worker.cpu_seconds() - cpu_at_start
                if used >= self.slow_after or _now() - started >= self.slow_after * WALL_FACTOR:
                    break
                if _now() >= deadline:
                    return "overran"
                wait = max(0.01, self.slow_after - used)  # at least the CPU it has left to use
            self._remember_slow(job.fingerprint)
            if worker.role == LIGHT or self._slow_running >= self.max_slow:
                return "demote"
            self._set_kind(worker, SLOW)
        if worker.kind == SLOW:
            worker.nice(SLOW_NICENESS)
        while True:
            if await _wait(ready, min(deadline, _now() + MEMORY_CHECK_SECONDS) - _now()):
                return "answered"
            if self.max_memory and worker.rss() > self.max_memory:
                return "memory"
            if _now() >= deadline:
                return "overran"

    @staticmethod
    def _stop_watching(loop: asyncio.AbstractEventLoop, descriptor: int) -> None:
        loop.remove_reader(descriptor)
        # The loop made the pipe non-blocking; a large answer arrives in several reads.
        os.set_blocking(descriptor, True)

    def _died(self, worker: _Worker, error: Exception) -> Outcome:
        logger.error("worker %s died: %s", worker.pid, error)
        self._replace(worker)
        return Outcome.error(500, "The worker died while answering this request.")

    @staticmethod
    def _stop_all(workers: set[_Worker]) -> None:
        for worker in list(workers):
            try:
                worker.kill()
            except Exception as error:  # noqa: BLE001 - best effort at exit
                logger.debug("could not stop worker: %s", error)
        workers.clear()

    def close(self) -> None:
        """Stop every worker; the pool answers nothing afterwards."""
        self._closed = True
        self._idle.clear()
        self._finalizer()


def _now() -> float:
    return asyncio.get_running_loop().time()


async def _wait(ready: asyncio.Future[None], seconds: float) -> bool:
    """Whether the worker's answer became readable within `seconds`."""
    if ready.done():
        return True
    try:
        await asyncio.wait_for(asyncio.shield(ready), max(0.0, seconds))
        return True
    except asyncio.TimeoutError:
        return False
