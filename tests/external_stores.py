"""Real external triple stores for the tests, each on a free loopback port with a throwaway
database directory: Virtuoso Open Source 7 (Debian's `virtuoso-opensource`, `make stores`) and
the Oxigraph server (PyPI `oxigraph`, in the test extra). A store that cannot start fails the
test with what to install; nothing is skipped."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import httpx

KNOWLEDGE_GRAPH = "https://w3id.org/csto-kg/graph/default"


@dataclass(frozen=True)
class ExternalStore:
    """How csto-kg reaches one running store."""

    name: str
    query: str  # SPARQL query endpoint, anonymous reads
    update: str  # SPARQL Update endpoint (Virtuoso's asks for Digest credentials)
    graph_store: str | None  # Graph Store HTTP Protocol endpoint
    default_graph: str | None  # where the knowledge graph goes (None: the store's default graph)
    environment: dict[str, str]  # credentials, as `push` reads them
    batch: int  # triples and operations per update request the store takes


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the store exited with {process.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the store did not answer at {url} within {seconds:.0f} s: {log.read_text(errors='replace')[-2000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CaseMode = 2
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., {d}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
"""


@contextlib.contextmanager
def virtuoso(directory: Path) -> Iterator[ExternalStore]:
    """Virtuoso 7 with a fresh database in `directory`; its `dba` account has the new
    database's password, given to `push` through the environment as a deployer would."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        raise RuntimeError("Virtuoso is not installed: run `make stores` (or `apt-get install virtuoso-opensource`)")
    directory.mkdir(parents=True, exist_ok=True)
    http = free_port()
    (directory / "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=directory, sql=free_port(), http=http), encoding="utf-8")
    log = directory / "stdout.log"
    with open(log, "wb") as output:
        process = subprocess.Popen([binary, "+configfile", str(directory / "virtuoso.ini"), "+foreground"], cwd=directory, stdout=output, stderr=subprocess.STDOUT)
    try:
        root = f"http://127.0.0.1:{http}"
        _wait(f"{root}/sparql", process, directory / "virtuoso.log")
        yield ExternalStore(
            name="virtuoso",
            query=f"{root}/sparql",
            update=f"{root}/sparql-auth",
            graph_store=f"{root}/sparql-graph-crud-auth",
            default_graph=KNOWLEDGE_GRAPH,
            environment={"CSTO_KG_ENDPOINT_USER": "dba", "CSTO_KG_ENDPOINT_PASSWORD": "dba"},
            batch=500,
        )
    finally:
        _stop(process)


@contextlib.contextmanager
def oxigraph_server(directory: Path) -> Iterator[ExternalStore]:
    """The Oxigraph server (PyPI `oxigraph`) over a fresh database in `directory`."""
    binary = Path(sys.executable).with_name("oxigraph")
    if not binary.exists():
        found = shutil.which("oxigraph")
        if found is None:
            raise RuntimeError("the Oxigraph server is not installed: pip install 'csto-kg[test]' (PyPI oxigraph)")
        binary = Path(found)
    port = free_port()
    log = directory / "oxigraph.log"
    directory.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as output:
        process = subprocess.Popen([str(binary), "serve", "--location", str(directory / "db"), "--bind", f"127.0.0.1:{port}"], stdout=output, stderr=subprocess.STDOUT, env=os.environ | {"RUST_LOG": "warn"})
    try:
        root = f"http://127.0.0.1:{port}"
        _wait(f"{root}/query", process, log)
        yield ExternalStore(
            name="oxigraph",
            query=f"{root}/query",
            update=f"{root}/update",
            graph_store=None,
            default_graph=None,
            environment={},
            batch=10_000,
        )
    finally:
        _stop(process)
