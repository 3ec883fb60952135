"""Shared fixtures: the seed article built once into a temporary store through the real pipeline."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox
import pytest
import rdflib
import uvicorn
from starlette.applications import Starlette

from csto_kg.config import PROJECT_ROOT, Config
from csto_kg.pipeline import BuildReport, build
from csto_kg.validate import ShapesValidator, default_shapes_path

SEED = PROJECT_ROOT / "corpus" / "000_e17557396043c40c.txt"
SEED_ID = "000_e17557396043c40c"
BASE = "https://w3id.org/csto-kg/"
ID = BASE + "id/"
SEED_GRAPH = f"{BASE}graph/article/{SEED_ID}"
PREFIXES = """
PREFIX csto: <https://w3id.org/csto-kg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX id: <https://w3id.org/csto-kg/id/>
"""


@dataclass(frozen=True)
class Built:
    """A finished build: its config, report and the published store (read-only)."""

    config: Config
    report: BuildReport
    store: ox.Store

    def select(self, query: str) -> list[dict[str, str]]:
        """Rows of a SELECT as {variable: lexical value}, over the published default graph (the
        knowledge graph); `GRAPH ?g { ... }` reaches the articles' claims."""
        results = self.store.query(PREFIXES + query)
        names = [v.value for v in results.variables]
        return [{n: row[n].value for n in names if row[n] is not None} for row in results]

    def ask(self, query: str) -> bool:
        return bool(self.store.query(PREFIXES + query))


def build_into(tmp: Path, sources: list[Path], jobs: int | None = None, **overrides: object) -> Built:
    config = Config(store=tmp / "store", dist=tmp / "dist", **overrides)  # type: ignore[arg-type]
    report = build(sources, config, jobs=jobs)
    return Built(config, report, ox.Store.read_only(str(config.store)))


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The seed article through read -> extract -> map -> validate -> store -> publish."""
    tmp = tmp_path_factory.mktemp("seed")
    corpus = tmp / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    built = build_into(tmp, [corpus])
    assert built.report.ok, [o.message for o in built.report.outcomes]
    return built


@contextmanager
def running(app: Starlette) -> Iterator[str]:
    """Serve `app` with uvicorn on a free 127.0.0.1 port in a thread; yield the base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="module")
def validator() -> ShapesValidator:
    """pySHACL, the reference engine, with the shapes and the ontology's class hierarchy."""
    return ShapesValidator(default_shapes_path(), PROJECT_ROOT / "ontology" / "csto.ttl")


@pytest.fixture(scope="module")
def article() -> rdflib.Graph:
    """tests/data/article_graph.ttl: a hand-written article graph that conforms."""
    return rdflib.Graph().parse(PROJECT_ROOT / "tests" / "data" / "article_graph.ttl")
