"""store: put the accepted graphs into the pyoxigraph store on disk, atomically.

A build writes a complete new store in a fresh directory and then swaps it in by replacing a
symbolic link (`data/store -> .store-versions/<stamp>`) with `os.replace`, which is atomic: a
reader, or a build that fails half-way, always sees a whole store, old or new. Older versions are
removed after the swap; a server that still has one open keeps reading it until it reopens.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox


class StoreError(RuntimeError):
    """The store path cannot be used; the message names it."""


def versions_dir(store_path: Path) -> Path:
    return store_path.parent / f".{store_path.name}-versions"


def open_published(store_path: Path) -> ox.Store | None:
    """The currently published store, read-only, or None when nothing is published yet."""
    if not store_path.exists():
        return None
    try:
        return ox.Store.read_only(str(store_path))
    except OSError as error:
        raise StoreError(f"{store_path}: cannot open the published store: {error}") from error


def graph_quads(store: ox.Store, graph: ox.NamedNode) -> list[ox.Quad]:
    """All quads of one named graph (used to carry a previously published article over)."""
    return list(store.quads_for_pattern(None, None, None, graph))


def named_graphs(store: ox.Store) -> Iterator[ox.NamedNode]:
    for graph in store.named_graphs():
        if isinstance(graph, ox.NamedNode):
            yield graph


PEOPLE_INDEX = "csto-people.tsv"


def write_people(version: Path, people: Iterable[tuple[str, str]]) -> None:
    """Keep, inside a store version, the (Arabic name, person id) of every person the articles
    introduced, so that `add` resolves new names without scanning the store (RocksDB leaves
    files it does not know alone)."""
    lines = "".join(f"{name}\t{person}\n" for name, person in people)
    (version / PEOPLE_INDEX).write_text(lines, encoding="utf-8")


def read_people(store_path: Path) -> list[tuple[str, str]] | None:
    """The people index of the published version, or None when it has none (an older store)."""
    try:
        text = (store_path / PEOPLE_INDEX).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return [(name, person) for name, person in (line.split("\t", 1) for line in text.splitlines())]


def write_store(store_path: Path, quads: Iterable[ox.Quad], people: Iterable[tuple[str, str]] = ()) -> Path:
    """Write a new store version with `quads` and publish it atomically; returns the version dir."""
    versions = versions_dir(store_path)
    versions.mkdir(parents=True, exist_ok=True)
    version = versions / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
    try:
        store = ox.Store(str(version))
        store.bulk_extend(quads)
        store.flush()
        store.optimize()
        del store
        write_people(version, people)
        swap_in(store_path, version)
    except BaseException:
        # Nothing was published (the swap is the last step), so the new version is only debris.
        shutil.rmtree(version, ignore_errors=True)
        raise
    return version


def swap_in(store_path: Path, version: Path) -> None:
    """Publish the finished store directory `version` at `store_path`; drop older versions."""
    _swap(store_path, version)
    _remove_old_versions(versions_dir(store_path), keep=version)


def _swap(store_path: Path, version: Path) -> None:
    """Point `store_path` at `version` in one atomic rename."""
    legacy = None
    if store_path.exists() and not store_path.is_symlink():
        # A store written by hand (a plain directory): move it aside once, keep it as a version.
        legacy = versions_dir(store_path) / f"legacy-{time.strftime('%Y%m%dT%H%M%S')}"
        store_path.rename(legacy)
    link = store_path.parent / f".{store_path.name}.link-{os.getpid()}"
    try:
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(os.path.relpath(version, store_path.parent))
        os.replace(link, store_path)
    except BaseException:
        link.unlink(missing_ok=True)
        if legacy is not None:
            legacy.rename(store_path)  # put the hand-written store back where readers look for it
        raise


def _remove_old_versions(versions: Path, keep: Path) -> None:
    """Only the published version stays on disk (open readers keep their files until they close)."""
    for path in versions.iterdir():
        if path != keep:
            shutil.rmtree(path, ignore_errors=True)
