"""linefiles: big line-based RDF files (N-Quads, N-Triples) read a block of whole lines at a time.

The bulk loader, the JSON-LD dump and reconciling each read a file of millions of lines that
must not be held whole; each wants its text in blocks that never cut a line, and the last two want
each subject's lines together, which sort(1) gives in bounded memory.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import IO, Iterator


def line_blocks(path: str | os.PathLike[str], size: int) -> Iterator[bytes]:
    """The file at `path` in blocks of about `size` bytes, each ending at a newline; the last
    block is whatever follows the last newline when the file does not end with one."""
    with open(path, "rb") as data:
        yield from _blocks_of(data, size)


def range_blocks(path: str | os.PathLike[str], start: int, end: int, size: int = 1 << 20) -> Iterator[bytes]:
    """The bytes `start` to `end` of a file (both at line starts) in blocks of whole lines."""
    with open(path, "rb") as data:
        data.seek(start)
        yield from _blocks_of(data, size, limit=end - start)


def subject_ranges(path: Path, parts: int) -> list[tuple[int, int]]:
    """About `parts` byte ranges of a file in subject order, each starting where a subject's
    first line does (no subject is cut between two ranges); fewer when subjects are few."""
    size = path.stat().st_size
    cuts = [0]
    with open(path, "rb") as data:
        for part in range(1, parts):
            data.seek(max(size * part // parts, cuts[-1]))
            data.readline()  # to a line start
            first = data.readline()
            subject = first.split(b" ", 1)[0] + b" "
            position = data.tell() - len(first)
            while first.startswith(subject):  # past the lines of the subject cut into
                position = data.tell()
                first = data.readline()
            if first and position > cuts[-1]:
                cuts.append(position)
    cuts.append(size)
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def count_lines(path: str | os.PathLike[str], size: int = 1 << 22) -> int:
    """The lines of a file: the statements of an N-Triples or N-Quads file written by
    pyoxigraph, which writes one statement per line and escapes newlines inside literals."""
    return sum(block.count(b"\n") for block in line_blocks(path, size))


#: sort(1)'s buffer: what it holds in memory before it spills sorted runs to disk.
SORT_MEMORY = "256M"
_NO_SORT = "sort(1) is needed to reconcile a build's claims and write its JSON-LD dump; install coreutils"


def _sort_command(source: Path, spill: Path, *options: str) -> list[str]:
    """sort(1) on `source` with a bounded buffer, spilling sorted runs into `spill` (options
    before the file: BSD sort reads none after it)."""
    return ["sort", "-S", SORT_MEMORY, "-T", str(spill), *options, str(source)]


def _c_collation() -> dict[str, str]:
    """The environment with the C collation (byte-wise, as Python compares bytes), read now."""
    return {**os.environ, "LC_ALL": "C"}


def sorted_blocks(source: Path, size: int = 1 << 20) -> Iterator[bytes]:
    """The lines of `source` sorted byte-wise (as `sort_lines` sorts them), in blocks of about
    `size` bytes of whole lines, read from sort(1) through a pipe: nothing sorted is written to
    disk but sort's own spilled runs, and its last merge overlaps the reader's work."""
    with open(source, "rb") as data:
        if data.seek(0, os.SEEK_END) and (data.seek(-1, os.SEEK_END), data.read(1))[1] != b"\n":
            raise ValueError(f"{source}: the last line has no newline (the file was cut)")
    try:
        process = subprocess.Popen(_sort_command(source, source.parent), env=_c_collation(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except FileNotFoundError as error:
        raise RuntimeError(_NO_SORT) from error
    assert process.stdout is not None and process.stderr is not None
    try:
        yield from _blocks_of(process.stdout, size)
        error = process.stderr.read()
        if process.wait() != 0:
            raise RuntimeError(f"sort(1) failed on {source}: {error.decode(errors='replace').strip()}")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()


def _blocks_of(stream: IO[bytes], size: int, limit: int | None = None) -> Iterator[bytes]:
    """`stream` (at most `limit` bytes of it) in blocks of about `size` bytes of whole lines."""
    rest = b""
    left = -1 if limit is None else limit
    while left and (chunk := stream.read(size if left < 0 else min(size, left))):
        left -= len(chunk) if left > 0 else 0
        chunk = rest + chunk
        cut = chunk.rfind(b"\n") + 1
        rest = chunk[cut:]
        if cut:
            yield chunk[:cut]
    if rest:
        yield rest


def subjects_sorted(source: Path) -> bool:
    """Whether the lines of `source` come in byte order of their first field (an N-Triples
    subject), each subject's lines together: `sort -C -k1,1`, one pass in C."""
    return _sort(["sort", "-C", "-s", "-k1,1", str(source)], source, check=False) == 0


def merge_by_subject(sources: list[Path], target: Path) -> None:
    """Merge files whose lines are in byte order of their first field into `target`, in that
    order too (`sort -m -k1,1`: one pass, nothing sorted again)."""
    *before, last = sources  # options before the files; the files in the order given
    _sort(_sort_command(last, target.parent, "-m", "-s", "-k1,1", "-o", str(target), *map(str, before)), sources[0])


def sort_lines(source: Path, target: Path) -> None:
    """Sort the lines of `source` into `target` byte-wise, with GNU or BSD sort (the C collation):
    a subject's N-Triples or N-Quads lines end up together."""
    _sort(_sort_command(source, target.parent, "-o", str(target)), source)


def _sort(command: list[str], source: Path, check: bool = True) -> int:
    """Run sort(1) with the C collation; its exit status, or (with `check`) a RuntimeError
    naming `source` when it fails."""
    try:
        done = subprocess.run(command, env=_c_collation(), capture_output=True)
    except FileNotFoundError as error:
        raise RuntimeError(_NO_SORT) from error
    if check and done.returncode != 0:
        raise RuntimeError(f"sort(1) failed on {source}: {done.stderr.decode(errors='replace').strip()}")
    return done.returncode
