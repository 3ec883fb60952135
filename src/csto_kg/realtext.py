"""Real-text evaluation sets: manifests of real Arabic news excerpts whose texts stay out of git.

A set (`realtext/<set>/manifest.yaml`) lists each excerpt's address, the search that found it and
the SHA-256 of its text; the texts are re-created locally into `realtext/texts/<set>/<id>.txt`
(front matter, then the excerpt exactly as found). Scores on a set are only comparable with
someone else's when the texts are the same, so `csto-kg realtext check` compares every text with
its manifest before anyone evaluates on it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from csto_kg.config import load_yaml

REQUIRED = ("id", "url", "query", "rank", "outlet", "sha256")


class ManifestError(ValueError):
    """A manifest that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Entry:
    """One excerpt of a manifest."""

    id: str
    url: str
    query: str
    rank: int
    outlet: str
    published: str | None
    sha256: str


@dataclass(frozen=True)
class Problem:
    """A text that is missing or differs from its manifest entry."""

    entry: Entry
    path: Path
    reason: str


def read_manifest(path: Path) -> list[Entry]:
    """The entries of a manifest, each checked for the fields a reader needs to find it again."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ManifestError(f"{path}: cannot read ({error.strerror})") from error
    if not isinstance(data, list):
        raise ManifestError(f"{path}: a manifest is a list of entries")
    entries, seen = [], set()
    for position, item in enumerate(data):
        if not isinstance(item, dict):
            raise ManifestError(f"{path}: entry {position} is not a mapping")
        missing = [key for key in REQUIRED if item.get(key) in (None, "")]
        if missing:
            raise ManifestError(f"{path}: entry {position} ({item.get('id', '?')}) lacks {', '.join(missing)}")
        if item["id"] in seen:
            raise ManifestError(f"{path}: entry {position}: id {item['id']!r} appears twice")
        seen.add(item["id"])
        entries.append(_entry(item))
    return entries


def _entry(item: dict[str, Any]) -> Entry:
    published = item.get("published")
    return Entry(
        str(item["id"]), str(item["url"]), str(item["query"]), int(item["rank"]), str(item["outlet"]),
        None if published is None else str(published), str(item["sha256"]).lower(),
    )  # fmt: skip


def excerpt_of(text: str) -> str:
    """What follows the front matter (`---` … `---` and one newline): the excerpt as found."""
    if not text.startswith("---\n"):
        return text
    end = text.find("\n---\n", 4)
    return text if end < 0 else text[end + len("\n---\n") :]


def check(manifest: Path, texts: Path) -> tuple[list[Entry], list[Problem]]:
    """Every entry of `manifest` against `texts/<id>.txt`: missing, or another SHA-256."""
    entries = read_manifest(manifest)
    problems = []
    for entry in entries:
        path = texts / f"{entry.id}.txt"
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            problems.append(Problem(entry, path, "missing: re-create it from the manifest's url, query and rank"))
            continue
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(entry, path, f"unreadable ({error})"))
            continue
        digest = hashlib.sha256(excerpt_of(text).encode("utf-8")).hexdigest()
        if digest != entry.sha256:
            problems.append(Problem(entry, path, f"sha256 {digest[:12]}… differs from the manifest's {entry.sha256[:12]}…"))
    return entries, problems
