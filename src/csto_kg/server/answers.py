"""Answers to queries, kept while their release is the published one, and validators for them.

A release never changes once published, so the answer to a query (its text, dataset, base IRI,
negotiated format and row limit) over one release is always the same: the first request pays
for evaluating it, the next ones get the bytes (public named queries are asked again and again;
the evidence query at 1,000 articles is 13 MB and seconds of work). Each answer carries an ETag
made of that same key, so a client that has it already gets 304 Not Modified without any work.

Bounded: by bytes (LRU, `cachetools`), an answer larger than an eighth of the budget is never
kept, and only answers that cost a worker some CPU are worth a place. Publishing a release
empties the cache (the key names the release, so a stale answer could never be served anyway).
"""

from __future__ import annotations

import hashlib
from cachetools import LRUCache
from starlette.requests import Request

from csto_kg.server.jobs import Job, Outcome

#: Answers cheaper than this (CPU seconds of the worker) are evaluated again rather than kept.
WORTH_KEEPING = 0.005


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
        self.hits = 0

    def get(self, release: str, tag: str) -> Outcome | None:
        """The kept answer for `tag`, if `release` is still the one the cache holds answers of."""
        if not self.budget:
            return None
        self._switch(release)
        kept = self._answers.get(tag)
        if kept is not None:
            self.hits += 1
        return kept

    def keep(self, release: str, tag: str, outcome: Outcome) -> None:
        """Keep a successful, costly enough answer that fits."""
        if not self.budget or outcome.status != 200 or _size(outcome) > self.budget // 8 or outcome.cpu_seconds < WORTH_KEEPING:
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
