"""What a deployer sets about the server, with one default for each, in one frozen object.

`csto-kg serve` builds it from its options; `app.create_app` hands it to every part that needs a
limit, so that a default lives here and nowhere else.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from csto_kg.config import DEFAULT_BASE

#: The environment variable the update token is read from (a token on a command line shows in `ps`).
TOKEN_VARIABLE = "CSTO_KG_UPDATE_TOKEN"


def default_workers() -> int:
    """Four query workers (two for short queries, one for longer ones, one for a runaway), or one
    per core up to eight: measured on two cores, three left lookups 2x slower under load."""
    return max(4, min(8, os.cpu_count() or 2))


@dataclass(frozen=True)
class ServeSettings:
    """Limits and switches of one server.

    timeout        seconds a query may take, waiting for a worker included (then 503)
    write_timeout  the same for SPARQL Update and Graph Store writes (None: `timeout`); a write
                   publishes a new release with its dumps, which takes longer on a large store
    row_limit      most solutions or triples in one answer (CSTO-Truncated: true when cut)
    workers        query worker processes; `reserved` of them (default half) only run light
                   queries, at full CPU priority, so long queries cannot take them all
    worker_memory  bytes a worker running a long query may hold before it is stopped (503)
    max_body       bytes of a request body (413 beyond)
    max_query      characters of a query or update (413 in a body, 414 in a URL)
    update_token   accept writes from requests with `Authorization: Bearer <token>` (None: read-only)
    answer_cache   bytes of query answers kept for the published release (0: none), see answers.py
    memory_graph   largest knowledge graph (triples) each query worker keeps in memory, to answer
                   queries that read only the default graph from it (0: none), see memory_copy.py
    """

    base_iri: str = DEFAULT_BASE
    timeout: float = 10.0
    write_timeout: float | None = None
    row_limit: int | None = 10_000
    workers: int = 0
    reserved: int | None = None
    slow_after: float = 0.5
    worker_memory: int | None = 2 * 1024**3
    max_body: int = 16 * 1024 * 1024
    max_query: int = 128 * 1024
    update_token: str | None = None
    answer_cache: int = 128 * 1024 * 1024
    memory_graph: int = 150_000  # ~0.35 s to copy (under `slow_after`), ~120 MiB a worker

    @property
    def query_workers(self) -> int:
        return self.workers or default_workers()

    @property
    def write_limit(self) -> float:
        return self.write_timeout if self.write_timeout is not None else self.timeout
