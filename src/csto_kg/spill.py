"""spill: a build's extractions wait on disk between extraction and map + validate.

Identity resolution is the only step between the two that looks at every article, and it needs
only the people each article minted (`resolve.MintedIn`); the extractions themselves were ~0.5 GB
of a 10k-article build's parent held for minutes. They are pickled to a file beside the store a
chunk at a time, as the workers hand them over, and read back a chunk at a time, in the same
order, for map + validate. The file is the build's own (written and read by this process, inside
its spool: `release.spooling` removes it); nothing else ever reads it.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Iterator

from csto_kg.extract.facts import Extraction
from csto_kg.resolve import MintedIn


class ExtractionSpill:
    """Chunks of extractions written to `path`; what identity resolution needs kept in `minted`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.minted: list[MintedIn] = []
        self._out = open(path, "wb")

    def __len__(self) -> int:
        return len(self.minted)

    def write(self, chunk: list[Extraction]) -> None:
        pickle.dump(chunk, self._out, protocol=pickle.HIGHEST_PROTOCOL)
        self.minted += [MintedIn.of(extraction) for extraction in chunk]

    def chunks(self) -> Iterator[list[Extraction]]:
        """The chunks in the order they were written (the file is closed for writing first)."""
        self._out.close()
        with open(self.path, "rb") as data:
            while True:
                try:
                    yield pickle.load(data)
                except EOFError:
                    return
