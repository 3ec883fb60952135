"""release: one published version of the dataset, the store and every dump together.

A release is a directory `.store-versions/<id>/` that holds the pyoxigraph (RocksDB) store, its
`dumps/` (every dump file, VoID, SHA256SUMS), the people index and VoID figures that `add` reuses,
and last of all `release.json`, the manifest that names the release, its parent and every dump
file with its size and SHA-256. The store path the user names (`data/store`) is a symbolic link to
the published release, and the dumps folder (`dist`) a link to `data/store/dumps`, so that one
atomic rename publishes the store and its dumps at once: a reader sees the old version or the new
one, never a mix. A release is never changed once published; the next one is made beside it
(`add` starts from a checkpoint of it: hard links, milliseconds) and swapped in.

Writers (`build`, `add`, the server's SPARQL Update and Graph Store writes) take one exclusive lock
on the store (`.<store>.lock`, an advisory `flock` that the kernel drops when its holder dies), so
they never interleave: a second writer waits, saying who holds the lock. Only a lock holder removes
anything: releases that are neither published nor held open by a reader (readers keep a shared lock
on the release they read), and drafts left by a writer that was killed (they have no manifest).
After `kill -9` at any point the published link names a whole release, and the next writer cleans
up what the dead one left.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

MANIFEST = "release.json"
DUMPS = "dumps"  # a release's dumps folder: the dumps, and their parts after adds in ADDED_DIR
DUMP_NAME = "csto-kg"  # csto-kg.nq, csto-kg.trig, …; an add's parts are added/csto-kg+<stamp>.<format>
ADDED_DIR = "added"
EDITS = "edits.ru"


class ReleaseError(RuntimeError):
    """A store path that holds no usable release, or a lock that could not be taken in time."""


@dataclass(frozen=True)
class DumpFile:
    """One published file: its path (inside a release's dumps/ while it is being written),
    size and SHA-256."""

    path: Path
    size: int
    sha256: str

    @property
    def published_name(self) -> str:
        """Its name under the dumps folder, as the server publishes it, for a file at the top of
        the folder or an add's part: "csto-kg.nt", "added/csto-kg+<stamp>.nt"."""
        return f"{ADDED_DIR}/{self.path.name}" if self.path.parent.name == ADDED_DIR else self.path.name

    @property
    def is_data(self) -> bool:
        """A dump of the data (csto-kg.<format> or an add's part of one), not VoID, the checksums,
        the context or the ontology copies."""
        return self.path.name.startswith(DUMP_NAME)


@dataclass(frozen=True)
class Release:
    """A published (or just finished) release, read from its manifest."""

    path: Path
    id: str
    parent: str | None = None
    created: str = ""
    files: tuple[tuple[str, int, str], ...] = ()  # (name under dumps/, size, sha256)
    figures: dict[str, int] = field(default_factory=dict)
    edits: int = 0

    @property
    def dumps_dir(self) -> Path:
        return self.path / DUMPS

    def dump_files(self) -> list[DumpFile]:
        """The dump files the manifest lists, with their sizes and checksums."""
        return [DumpFile(self.dumps_dir / name, size, sha256) for name, size, sha256 in self.files]

    @classmethod
    def read(cls, path: Path) -> Release:
        """The release at `path` (a release directory); ReleaseError when it has no manifest."""
        try:
            data = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
            files = tuple((f["name"], int(f["size"]), f["sha256"]) for f in data.get("files", ()))
            return cls(path, data["id"], data.get("parent"), data.get("created", ""), files,
                       {k: int(v) for k, v in data.get("figures", {}).items()}, int(data.get("edits", 0)))  # fmt: skip
        except FileNotFoundError as error:
            raise ReleaseError(f"{path}: not a finished release (no {MANIFEST})") from error
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise ReleaseError(f"{path / MANIFEST}: unreadable manifest: {error}") from error


def versions_dir(store_link: Path) -> Path:
    return store_link.parent / f".{store_link.name}-versions"


def lock_path(store_link: Path) -> Path:
    return store_link.parent / f".{store_link.name}.lock"


def published_path(store_link: Path) -> Path | None:
    """The directory the store link names now (None when nothing is published)."""
    if store_link.is_symlink():
        return store_link.parent / os.readlink(store_link)
    return store_link if store_link.is_dir() else None


def current(store_link: Path) -> Release | None:
    """The published release, or None when nothing is published. A store directory written
    before releases existed (no manifest) is a release with no dumps."""
    path = published_path(store_link)
    if path is None:
        return None
    try:
        return Release.read(path)
    except ReleaseError:
        if (path / "CURRENT").is_file():  # a RocksDB store without a manifest
            return Release(path, path.name)
        raise


# -- readers -------------------------------------------------------------------------------


class ReaderLock:
    """A shared lock on one release, held while it is read, so that no writer removes it.

    Released by `close()` or when the object is collected; the kernel drops it when the process
    dies. A writer removing a release holds an exclusive lock on it while it deletes, so a reader
    that locks it then finds its manifest unlinked: `holds()` is False and it must read the
    published link again.
    """

    def __init__(self, release_path: Path) -> None:
        self.path = release_path
        self._fd: int | None = None
        self._legacy = False
        try:
            fd = os.open(release_path / MANIFEST, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            self._legacy = (release_path / "CURRENT").is_file()  # a store older than releases
            return
        fcntl.flock(fd, fcntl.LOCK_SH)
        self._fd = fd

    def holds(self) -> bool:
        """Whether the release is still there and locked (False: it was removed meanwhile)."""
        if self._fd is None:
            return self._legacy
        return os.fstat(self._fd).st_nlink > 0

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __del__(self) -> None:
        self.close()


# -- writers -------------------------------------------------------------------------------


@contextmanager
def writer_lock(
    store_link: Path, *, what: str, wait: float | None = None, waiting: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the store's writer lock for the block. A second writer waits (calling `waiting` once
    with who holds it) up to `wait` seconds (None: for ever), then raises ReleaseError."""
    path = lock_path(store_link)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        _acquire(fd, path, wait, waiting)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {what}\n".encode())
        yield
    finally:
        os.close(fd)  # drops the lock


def _acquire(fd: int, path: Path, wait: float | None, waiting: Callable[[str], None] | None) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    holder = _holder(path)
    if waiting is not None:
        waiting(f"waiting for the store lock held by {holder}")
    deadline = None if wait is None else time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if deadline is not None and time.monotonic() >= deadline:
                raise ReleaseError(f"the store is being written by {holder}; nothing was changed") from None
            time.sleep(0.05)


def _holder(path: Path) -> str:
    try:
        pid, _, what = path.read_text(encoding="utf-8").strip().partition(" ")
        return f"process {pid} ({what})" if pid else "another process"
    except OSError:
        return "another process"


@dataclass
class Draft:
    """A release being made by the writer that holds the lock: `path` (created by the store's
    writer or a checkpoint), the release it replaces (`parent`), and the edits journal."""

    store_link: Path
    path: Path
    parent: Release | None
    published: Release | None = None

    @property
    def dumps_dir(self) -> Path:
        return self.path / DUMPS

    def parent_edits(self) -> list[str]:
        """The SPARQL updates applied to the published data through the server, oldest first
        (a build replays them on the rebuilt store, so that no acknowledged write is lost)."""
        if self.parent is None:
            return []
        try:
            text = (self.parent.path / EDITS).read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        return [json.loads(line) for line in text.splitlines() if line.strip()]

    def keep_edits(self, edits: list[str]) -> None:
        """Write the journal of this release: one JSON string (an update) per line."""
        if edits:
            lines = "".join(json.dumps(edit, ensure_ascii=False) + "\n" for edit in edits)
            write_durably(self.path / EDITS, lines.encode("utf-8"))

    def publish(self, dumps: Iterable[DumpFile], *, figures: dict[str, int], edits: int, dist_link: Path | None) -> Release:
        """Finish the draft (its manifest), make it the published release (one atomic rename),
        point `dist_link` at its dumps and remove the releases nobody reads any more."""
        crash_point("before-manifest")
        release = finish(self.path, dumps, parent=self.parent, figures=figures, edits=edits)
        crash_point("before-swap")
        _swap_link(self.store_link, release.path)
        self.published = release
        crash_point("after-swap")
        if dist_link is not None:
            link_dumps(dist_link, self.store_link)
        remove_unused(self.store_link)
        return release


@contextmanager
def drafting(store_link: Path, *, what: str, wait: float | None = None,
             waiting: Callable[[str], None] | None = None) -> Iterator[Draft]:  # fmt: skip
    """Hold the writer lock, clear what killed writers left, and hand out a draft of the next
    release; a draft the block did not publish (an error, nothing to publish) is removed."""
    with writer_lock(store_link, what=what, wait=wait, waiting=waiting):
        remove_unused(store_link)
        draft = Draft(store_link, new_draft(store_link), current(store_link))
        try:
            yield draft
        finally:
            if draft.published is None:
                shutil.rmtree(draft.path, ignore_errors=True)


@dataclass(frozen=True)
class Spool:
    """The files a build writes beside the store before it holds the writer lock, all named
    `.{store}.spool-{pid}-{token}.{kind}`: the article graphs as N-Quads (`nquads`: the new
    release's N-Quads dump), as TriG blocks (`trig`: its TriG dump), what reconciling reads of
    them (`claims`, and its sorted copy beside it), and the extractions between extraction and
    map + validate (`extractions`)."""

    nquads: Path

    @property
    def trig(self) -> Path:
        return self.nquads.with_suffix(".trig")

    @property
    def claims(self) -> Path:
        return self.nquads.with_suffix(".claims")

    @property
    def extractions(self) -> Path:
        return self.nquads.with_suffix(".extractions")

    def remove(self) -> None:
        """Every file of the spool, whatever its kind."""
        for path in self.nquads.parent.glob(self.nquads.stem + ".*"):
            path.unlink(missing_ok=True)


@contextmanager
def spooling(store_link: Path) -> Iterator[Spool]:
    """A build's spool beside the store, removed when the block ends; one a killed build left
    is removed by the next writer."""
    store_link.parent.mkdir(parents=True, exist_ok=True)
    spool = Spool(store_link.parent / f".{store_link.name}.spool-{os.getpid()}-{secrets.token_hex(3)}.nq")
    try:
        yield spool
    finally:
        spool.remove()


def _remove_stale_spools(store_link: Path) -> None:
    """Spool files of builds that are no longer running (killed before they could remove them)."""
    for spool in store_link.parent.glob(f".{store_link.name}.spool-*"):
        pid = spool.name.split(".spool-", 1)[1].split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            spool.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def new_draft(store_link: Path) -> Path:
    """A fresh, unpublished release directory name (not created: a store or a checkpoint makes it)."""
    versions = versions_dir(store_link)
    versions.mkdir(parents=True, exist_ok=True)
    return versions / f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{os.getpid()}-{secrets.token_hex(3)}"


def finish(
    draft: Path,
    dumps: Iterable[DumpFile],
    *,
    parent: Release | None,
    figures: dict[str, int],
    edits: int,
) -> Release:
    """Write the manifest of a draft whose store and dumps are complete; it is then a release."""
    dumps_dir = draft / DUMPS
    files = [
        {"name": dump.path.relative_to(dumps_dir).as_posix(), "size": dump.size, "sha256": dump.sha256}
        for dump in dumps
    ]
    manifest = {
        "id": draft.name,
        "parent": parent.id if parent else None,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "files": files,
        "figures": figures,
        "edits": edits,
    }
    write_durably(draft / MANIFEST, json.dumps(manifest, indent=1).encode("utf-8"))
    _fsync_dir(draft)
    return Release.read(draft)


def _swap_link(store_link: Path, target: Path) -> None:
    """Point `store_link` at `target` in one atomic rename."""
    if store_link.exists() and not store_link.is_symlink():
        # A store directory written by hand or by an older version: keep it as a version.
        store_link.rename(versions_dir(store_link) / f"legacy-{time.strftime('%Y%m%dT%H%M%S')}")
    link = store_link.parent / f".{store_link.name}.link-{os.getpid()}"
    link.unlink(missing_ok=True)
    link.symlink_to(os.path.relpath(target, store_link.parent))
    os.replace(link, store_link)
    _fsync_dir(store_link.parent)


def link_dumps(dist_link: Path, store_link: Path) -> None:
    """`dist_link` -> `<store_link>/dumps`, through the store link, so it follows every release.

    A dumps folder written by an earlier version of csto-kg (it has a SHA256SUMS) is replaced;
    any other existing folder is left alone and refused.
    """
    target = os.path.relpath(os.path.abspath(store_link / DUMPS), os.path.abspath(dist_link.parent))
    if dist_link.is_symlink() and os.readlink(dist_link) == target:
        return
    if dist_link.exists() and not dist_link.is_symlink():
        if not (dist_link / "SHA256SUMS").is_file():
            raise ReleaseError(f"{dist_link}: an existing folder that csto-kg did not write; choose another --dist")
        shutil.rmtree(dist_link)
    dist_link.parent.mkdir(parents=True, exist_ok=True)
    temporary = dist_link.parent / f".{dist_link.name}.link-{os.getpid()}"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(target)
    os.replace(temporary, dist_link)


def remove_unused(store_link: Path) -> list[Path]:
    """Remove every version that is not published and not read by anyone (writer lock held):
    older releases, and drafts a killed writer left (no manifest). Returns what was removed."""
    _remove_stale_spools(store_link)
    versions = versions_dir(store_link)
    if not versions.is_dir():
        return []
    published = published_path(store_link)
    keep = published.resolve() if published is not None else None
    removed = []
    for path in versions.iterdir():
        if path.resolve() == keep or path.name.startswith("legacy-"):
            continue  # a legacy store has no lock to tell whether a server still reads it
        if _remove_unless_read(path):
            removed.append(path)
    for stray in store_link.parent.glob(f".{store_link.name}.link-*"):
        stray.unlink(missing_ok=True)
    return removed


def _remove_unless_read(path: Path) -> bool:
    """Delete a release (or a draft) unless a reader holds it; a draft has no manifest to lock."""
    try:
        fd = os.open(path / MANIFEST, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        shutil.rmtree(path, ignore_errors=True)
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return False
    try:
        (path / MANIFEST).unlink()  # first, so that a reader who locks it next knows it is gone
        shutil.rmtree(path, ignore_errors=True)
    finally:
        os.close(fd)
    return True


def write_durably(path: Path, data: bytes) -> None:
    """Write a small file and flush it to disk before returning."""
    with open(path, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    except OSError as error:  # some file systems cannot sync a directory
        if error.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise
    finally:
        os.close(fd)


def checksum(path: Path) -> DumpFile:
    """Size and SHA-256 of a file as it is on disk now."""
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        for block in iter(lambda: data.read(1 << 22), b""):
            digest.update(block)
    return DumpFile(path, path.stat().st_size, digest.hexdigest())


def crash_point(point: str) -> None:
    """Crash-test hook: `CSTO_KG_CRASH_AT=<point>` kills this process with SIGKILL at `point`,
    so that tests can prove what a crash there leaves behind (see tests/test_release.py)."""
    if os.environ.get("CSTO_KG_CRASH_AT") == point:
        os.kill(os.getpid(), 9)

