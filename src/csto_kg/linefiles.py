"""linefiles: big line-based RDF files (N-Quads, N-Triples) read a block of whole lines at a time.

The bulk loader, the JSON-LD dump and reconciling each read a file of millions of lines that
must not be held whole; each wants its text in blocks that never cut a line.
"""

from __future__ import annotations

import os
from typing import Iterator


def line_blocks(path: str | os.PathLike[str], size: int) -> Iterator[bytes]:
    """The file at `path` in blocks of about `size` bytes, each ending at a newline; the last
    block is whatever follows the last newline when the file does not end with one."""
    with open(path, "rb") as data:
        rest = b""
        while chunk := data.read(size):
            chunk = rest + chunk
            cut = chunk.rfind(b"\n") + 1
            rest = chunk[cut:]
            if cut:
                yield chunk[:cut]
        if rest:
            yield rest


def count_lines(path: str | os.PathLike[str], size: int = 1 << 22) -> int:
    """The lines of a file: the statements of an N-Triples or N-Quads file written by
    pyoxigraph, which writes one statement per line and escapes newlines inside literals."""
    return sum(block.count(b"\n") for block in line_blocks(path, size))
