"""Helpers for tests that use real processes: the CLI, and a real `csto-kg serve` on loopback."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import httpx

from csto_kg.config import PROJECT_ROOT

CLI = Path(sys.executable).with_name("csto-kg")
CORPUS = PROJECT_ROOT / "corpus"


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without CSTO_KG_* settings of the developer's shell, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CSTO_KG_")}
    env.update(extra)
    return env


def cli(*args: str | Path, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `csto-kg ARGS` to completion."""
    return subprocess.run([str(CLI), *map(str, args)], capture_output=True, text=True, env=env or clean_env(), timeout=timeout)


def start_cli(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start `csto-kg ARGS` without waiting (its own process group, so a kill takes its workers)."""
    return subprocess.Popen(
        [str(CLI), *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=env or clean_env(), start_new_session=True,
    )  # fmt: skip


def corpus_files(*names: str) -> list[Path]:
    """Articles of the bundled corpus whose file names start with one of `names`."""
    return sorted(p for p in CORPUS.glob("*.txt") if p.name.startswith(names))


def copy_articles(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in corpus_files(*names):
        shutil.copy(path, folder / path.name)
    return folder


def built_site(folder: Path, *names: str) -> Path:
    """Corpus articles (by file-name prefix) copied to folder/corpus and built by the CLI into
    folder/store and folder/dist; the build must succeed. Returns `folder`."""
    corpus = copy_articles(folder / "corpus", *names)
    result = cli("build", corpus, "--store", folder / "store", "--dist", folder / "dist")
    assert result.returncode == 0, result.stderr
    return folder


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A `csto-kg serve` process and its base URL."""

    process: subprocess.Popen[str]
    url: str

    def rss(self) -> int:
        """Resident memory of the web process, in bytes (from /proc)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def workers(self) -> set[int]:
        """Process ids of the server's worker processes (its children)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return {int(pid) for pid in children.read_text().split()} if children.exists() else set()


@contextmanager
def serving(store: Path, *options: str, token: str | None = None) -> Iterator[Server]:
    """`csto-kg serve --store STORE OPTIONS` on a free loopback port, stopped afterwards."""
    port = free_port()
    env = clean_env(**({"CSTO_KG_UPDATE_TOKEN": token} if token else {}))
    process = subprocess.Popen(
        [str(CLI), "serve", "--store", str(store), "--port", str(port), *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"csto-kg serve exited: {process.stderr.read() if process.stderr else ''}")
            try:
                if httpx.get(url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("csto-kg serve did not answer /health within 60 s")
            time.sleep(0.1)
        yield Server(process, url)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def checksums_hold(dist: Path) -> list[str]:
    """The files of `dist/SHA256SUMS` whose content no longer matches (empty: all hold)."""
    bad = []
    for line in (dist / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        path = dist / name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            bad.append(name)
    return bad
