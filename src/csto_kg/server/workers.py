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
  comes from the version the request started with and no writer removes it meanwhile.

Limits, and how a response says it met one:

* time: `timeout` seconds per request, waiting for a free worker included; 503 past it.
* rows: at most `row_limit` solutions of a SELECT, or triples of a CONSTRUCT / DESCRIBE / Graph
  Store GET, are returned. Every such response carries `CSTO-Row-Limit: <N>`; one cut at N also
  carries `CSTO-Truncated: true` (never a silent cut). ASK is not limited.

Fairness: long queries must not take every worker from short ones. A job starts as "fast"; one
still running after `slow_after` seconds becomes "slow", and at most `max_slow` workers (all but
`reserved`) run slow jobs at once. A fast job that turns slow when that many already run is
stopped and queued again as slow (its fingerprint is remembered, so a repeated runaway query goes
straight to the slow queue next time). So `reserved` workers only ever run jobs younger than
`slow_after`, and a trivial query waits at most that long for one, whatever runs beside it.

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
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from csto_kg.server.jobs import Job, Outcome

logger = logging.getLogger(__name__)

#: Stack of the thread that runs jobs in a worker: pyoxigraph parses and evaluates recursively.
#: Only the pages actually used are memory; the rest is address space.
STACK_BYTES = 256 * 1024 * 1024
#: How long a query that turned slow is remembered as slow, and how many are remembered.
SLOW_MEMORY_SECONDS = 600.0
SLOW_MEMORY_SIZE = 1024


class QueryTimeout(Exception):
    """No answer within the time limit; the worker that ran the job has been killed."""


# --- the worker process -----------------------------------------------------------------


class _Reader:
    """The release a worker reads now, opened read-only under a reader lock."""

    def __init__(self) -> None:
        self.path = ""
        self.store: Any = None
        self.lock: Any = None

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
        return self.store


def worker_main(connection: Connection) -> None:
    """A worker's life: sandbox itself, then answer jobs in a big-stack thread until the pipe closes."""
    from csto_kg.server.sandbox import forbid_network

    if not forbid_network():
        logger.warning("no network sandbox on this system: only the query parser refuses SERVICE and LOAD")
    threading.stack_size(STACK_BYTES)
    runner = threading.Thread(target=_serve, args=(connection,), name="csto-kg-jobs")
    runner.start()
    runner.join()


def _serve(connection: Connection) -> None:
    reader = _Reader()
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
    return execute(store, job)


# --- the pool ---------------------------------------------------------------------------


class _Worker:
    def __init__(self, context: Any) -> None:
        self.connection, child = context.Pipe(duplex=True)
        self.process = context.Process(target=worker_main, args=(child,), name="csto-kg-worker", daemon=True)
        self.process.start()
        child.close()
        self.slow = False

    @property
    def pid(self) -> int | None:
        return self.process.pid

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
        reserved: int | None = None,
        name: str = "query",
    ) -> None:
        if size < 1:
            raise ValueError("a pool needs at least one worker")
        self.size = size
        self.timeout = timeout
        self.slow_after = slow_after
        self.reserved = (size // 2 if size > 1 else 0) if reserved is None else max(0, min(reserved, size - 1))
        self.max_slow = size - self.reserved
        self.name = name
        self.killed = 0  # workers stopped because their job ran past the limit (or turned slow)
        self.demoted = 0  # fast jobs stopped and queued again as slow
        self._context = multiprocessing.get_context("spawn")
        self._idle: deque[_Worker] = deque()
        self._all: set[_Worker] = set()
        self._slow_running = 0
        self._waiting: dict[bool, deque[asyncio.Future[_Worker]]] = {False: deque(), True: deque()}
        self._slow_jobs: OrderedDict[str, float] = OrderedDict()
        self._closed = False
        for _ in range(size):
            self._idle.append(self._start())
        self._finalizer = weakref.finalize(self, QueryPool._stop_all, self._all)

    # -- workers ---------------------------------------------------------------------------
    def _start(self) -> _Worker:
        worker = _Worker(self._context)
        self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker (its job overran or its client left) and start another in its place."""
        self._all.discard(worker)
        if worker.slow:
            worker.slow = False
            self._slow_running -= 1
        worker.kill()
        if not self._closed:
            self._idle.append(self._start())
            self._dispatch()

    @property
    def pids(self) -> set[int]:
        """Process ids of the live workers (tests watch a killed one disappear)."""
        return {w.pid for w in self._all if w.pid is not None and w.process.is_alive()}

    # -- scheduling ------------------------------------------------------------------------
    def _known_slow(self, fingerprint: str) -> bool:
        seen = self._slow_jobs.get(fingerprint)
        if seen is None:
            return False
        if time.monotonic() - seen > SLOW_MEMORY_SECONDS:
            del self._slow_jobs[fingerprint]
            return False
        return True

    def _remember_slow(self, fingerprint: str) -> None:
        self._slow_jobs[fingerprint] = time.monotonic()
        self._slow_jobs.move_to_end(fingerprint)
        while len(self._slow_jobs) > SLOW_MEMORY_SIZE:
            self._slow_jobs.popitem(last=False)

    def _may_take(self, slow: bool) -> bool:
        return bool(self._idle) and (not slow or self._slow_running < self.max_slow)

    def _take(self, slow: bool) -> _Worker:
        worker = self._idle.popleft()
        worker.slow = slow
        if slow:
            self._slow_running += 1
        return worker

    def _dispatch(self) -> None:
        """Hand idle workers to waiting jobs: fast ones first, slow ones while slots are free."""
        for slow in (False, True):
            queue = self._waiting[slow]
            while queue and self._may_take(slow):
                future = queue.popleft()
                if not future.done():
                    future.set_result(self._take(slow))

    def _release(self, worker: _Worker) -> None:
        if worker.slow:
            worker.slow = False
            self._slow_running -= 1
        if worker in self._all:
            self._idle.append(worker)
        self._dispatch()

    async def _acquire(self, slow: bool, deadline: float) -> _Worker:
        if not self._waiting[slow] and self._may_take(slow):
            return self._take(slow)
        loop = asyncio.get_running_loop()
        future: asyncio.Future[_Worker] = loop.create_future()
        self._waiting[slow].append(future)
        taken: _Worker | None = None
        try:
            taken = await asyncio.wait_for(asyncio.shield(future), max(0.0, deadline - loop.time()))
            return taken
        except asyncio.TimeoutError:
            raise QueryTimeout(f"no worker became free within {self.timeout:g} s") from None
        finally:
            if not future.done():
                future.cancel()
                self._waiting[slow].remove(future)
            elif taken is None and not future.cancelled():
                self._release(future.result())  # handed over just as this request gave up

    # -- running a job -----------------------------------------------------------------------
    async def run(self, job: Job, timeout: float | None = None) -> Outcome:
        """Answer `job` within `timeout` seconds (the pool's by default) or raise QueryTimeout."""
        loop = asyncio.get_running_loop()
        limit = self.timeout if timeout is None else timeout
        deadline = loop.time() + limit
        slow = self._known_slow(job.fingerprint)
        while True:
            worker = await self._acquire(slow, deadline)
            outcome = await self._run_on(worker, job, deadline, limit)
            if outcome is not None:
                return outcome
            slow = True  # stopped as it turned slow with every slow slot taken: queue it as slow

    async def _run_on(self, worker: _Worker, job: Job, deadline: float, limit: float) -> Outcome | None:
        loop = asyncio.get_running_loop()
        descriptor = worker.connection.fileno()
        ready: asyncio.Future[None] = loop.create_future()
        held: _Worker | None = worker
        try:
            worker.connection.send(job)
            loop.add_reader(descriptor, lambda: ready.done() or ready.set_result(None))
            try:
                if not worker.slow and self.slow_after < limit:
                    if not await _wait(ready, min(deadline, loop.time() + self.slow_after) - loop.time()):
                        if not self._turn_slow(worker, job):
                            held = None
                            self.demoted += 1
                            self._replace(worker)
                            return None
                if not await _wait(ready, deadline - loop.time()):
                    held = None
                    self.killed += 1
                    logger.warning("%s ran past %g s; killing worker %s", job.kind, limit, worker.pid)
                    self._replace(worker)
                    raise QueryTimeout(f"the {'update' if job.writes else 'query'} ran past the time limit of {limit:g} s")
            finally:
                loop.remove_reader(descriptor)
                # The loop made the pipe non-blocking; a large answer arrives in several reads.
                os.set_blocking(descriptor, True)
            outcome: Outcome = worker.connection.recv()
            return outcome
        except (EOFError, OSError) as error:
            held = None
            logger.error("worker %s died: %s", worker.pid, error)
            self._replace(worker)
            return Outcome.error(500, "The worker died while answering this request.")
        except asyncio.CancelledError:
            # The client left while the worker computes: its answer would reach the next job.
            if held is not None:
                held = None
                self._replace(worker)
            raise
        finally:
            if held is not None:
                self._release(held)

    def _turn_slow(self, worker: _Worker, job: Job) -> bool:
        """A fast job passed `slow_after`: count it as slow if a slot is free (True), else False."""
        self._remember_slow(job.fingerprint)
        if self._slow_running >= self.max_slow:
            return False
        worker.slow = True
        self._slow_running += 1
        return True

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


async def _wait(ready: asyncio.Future[None], seconds: float) -> bool:
    """Whether the worker's answer became readable within `seconds`."""
    if ready.done():
        return True
    try:
        await asyncio.wait_for(asyncio.shield(ready), max(0.0, seconds))
        return True
    except asyncio.TimeoutError:
        return False
