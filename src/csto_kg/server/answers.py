"""Answers to queries, kept while their release is the published one, and validators for them.

A release never changes once published, so the answer to a query (its text, dataset, base IRI,
negotiated format and row limit) over one release is always the same: the first request pays
for evaluating it, the next ones get the bytes (public named queries are asked again and again;
the evidence query at 1,000 articles is 13 MB and seconds of work). Each answer carries an ETag
made of that same key, so a client that has it already gets 304 Not Modified without any work.

Every read job goes through it (`CachingExecutor`, in front of the worker pool): SPARQL answers,
and the RDF of `/id/...` lookups too. A kept answer costs the web process a dictionary lookup,
where a computed one costs a worker round trip: under load, cheap lookups that are never kept
would wait for the CPU that the kept answers leave, so even the cheapest answer is kept.

Bounded: by bytes (LRU, `cachetools`), an answer larger than an eighth of the budget is never
kept. Publishing a release empties the cache (the key names the release, so a stale answer
could never be served anyway).
"""

from __future__ import annotations

import hashlib
from typing import Protocol

from cachetools import LRUCache
from starlette.requests import Request

from csto_kg.server.jobs import Job, Outcome


class Executor(Protocol):
    """Answers jobs: `workers.QueryPool` (killable processes) or `sparql.ThreadExecutor`."""

    async def run(self, job: Job, timeout: float | None = None) -> Outcome: ...


def not_modified(request: Request, etag: str) -> bool:
    """Whether If-None-Match names this ETag (weak comparison, `*` matches anything)."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    tags = [tag.strip() for tag in header.split(",")]
    return "*" in tags or any(tag.removeprefix("W/") == etag for tag in tags)


def answer_tag(release: str, job: Job) -> str:
    """The strong ETag of the answer to `job` over `release` (quoted, as HTTP writes it)."""
    parts = (
        release,
        job.kind,
        job.query,
        job.graph or "",
        job.base_iri or "",
        "\x1f".join(job.default_graphs) if job.default_graphs is not None else "\x1e",
        "\x1f".join(job.named_graphs) if job.named_graphs is not None else "\x1e",
        job.results_media_type or "",
        job.graph_media_type or "",
        str(job.row_limit),
    )
    digest = hashlib.blake2b("\x1d".join(parts).encode("utf-8"), digest_size=16).hexdigest()
    return f'"q-{digest}"'


class AnswerCache:
    """Answers by ETag, at most `budget` bytes of bodies, for the release last seen."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._answers: LRUCache[str, Outcome] = LRUCache(maxsize=max(budget, 1), getsizeof=_size)
        self._release = ""

    def get(self, release: str, tag: str) -> Outcome | None:
        """The kept answer for `tag`, if `release` is still the one the cache holds answers of."""
        if not self.budget:
            return None
        self._switch(release)
        return self._answers.get(tag)

    def keep(self, release: str, tag: str, outcome: Outcome) -> None:
        """Keep a successful answer that fits."""
        if not self.budget or outcome.status != 200 or _size(outcome) > self.budget // 8:
            return
        self._switch(release)
        self._answers[tag] = outcome

    def _switch(self, release: str) -> None:
        if release != self._release:
            self._answers.clear()
            self._release = release

    @property
    def size(self) -> int:
        """Bytes held (bodies and a fixed allowance per entry)."""
        return int(self._answers.currsize)


def _size(outcome: Outcome) -> int:
    """What an answer costs the cache: its body and an allowance for the rest."""
    return len(outcome.body) + 512


class CachingExecutor:
    """An executor in front of another: a read job answered before over the same release is
    answered from the cache; the others are run and their answers kept."""

    def __init__(self, executor: Executor, answers: AnswerCache) -> None:
        self.executor = executor
        self.answers = answers

    async def run(self, job: Job, timeout: float | None = None) -> Outcome:
        tag = answer_tag(job.release, job)
        kept = self.answers.get(job.release, tag)
        if kept is not None:
            return kept
        outcome = await self.executor.run(job, timeout)
        self.answers.keep(job.release, tag, outcome)
        return outcome
