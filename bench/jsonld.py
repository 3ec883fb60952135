"""The JSON-LD dump at archive scale, without building the archive: rate and peak memory.

A 100k-article build takes over an hour; its default graph (~5.5M triples) is what the JSON-LD
dump reads. This takes the default graph of an existing build (its dumps/csto-kg.nt), writes
`--copies` copies of it with every minted and reference IRI moved under a copy's own path (the
subjects of each copy are distinct, the predicates and classes the same, as in a bigger
archive), and times `JsonLdDump.write_ntriples` on the original and on the copies, each in a
child process (the dump alone is timed; the peak RSS sampled covers the child and sort(1)). It
prints; it does not assert.

    python bench/jsonld.py /tmp/csto-bench/build-10000/dist/csto-kg.nt --copies 10 [--work DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from processes import RssSampler

from csto_kg.linefiles import count_lines, merge_by_subject, subjects_sorted

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.7e6  # triples per second, issue 12
CHILD = r"""
import sys, time
from pathlib import Path
from csto_kg.config import Config
from csto_kg.publish import JsonLdDump
dump = JsonLdDump(Config())
start = time.perf_counter()
with open(sys.argv[2], "wb") as out:
    dump.write_ntriples(Path(sys.argv[1]), out)
print(time.perf_counter() - start)
"""
ID = b"https://w3id.org/csto-kg/id/"


def scaled(source: Path, copies: int, work: Path) -> Path:
    """The default graph `copies` times over, each copy's IRIs under `id/kN/`; in subject order
    when the source is (as a build writes it), so that it reads as a bigger build's file would."""
    target = work / f"{source.stem}-x{copies}.nt"
    if not target.exists():
        text = source.read_bytes()
        parts = [work / f"{source.stem}-copy{copy}.nt" for copy in range(copies)]
        for copy, part in enumerate(parts):
            part.write_bytes(text.replace(ID, ID + b"k%d/" % copy))
        if subjects_sorted(source):
            merge_by_subject(parts, target)  # each copy is in order; together they are merged so
        else:
            with open(target, "wb") as out:
                for part in parts:
                    out.write(part.read_bytes())
        for part in parts:
            part.unlink()
    return target


def measure(path: Path, work: Path) -> None:
    triples = count_lines(path)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(work / "out.jsonld")], cwd=ROOT, stdout=subprocess.PIPE)
    sampler = RssSampler(child.pid)
    sampler.start()
    output, _ = child.communicate()
    if child.returncode != 0:
        raise SystemExit(f"the dump failed on {path}")
    seconds = float(output)  # the dump alone, timed in the child
    sampler.stop()
    rate = triples / seconds
    verdict = "met" if rate >= TARGET else "missed"
    print(f"{path.name}: {triples} triples in {seconds:.2f} s -> {rate / 1e6:.2f}M/s ({verdict}: >= 0.7M/s); "
          f"peak RSS {sampler.peak / 2**20:.0f} MiB (the child, its imports and sort(1) included)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("default_graph", type=Path, help="a build's dist/csto-kg.nt")
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--work", type=Path, default=Path("/tmp/csto-bench/jsonld"))
    options = parser.parse_args()
    options.work.mkdir(parents=True, exist_ok=True)
    measure(options.default_graph, options.work)
    measure(scaled(options.default_graph, options.copies, options.work), options.work)


if __name__ == "__main__":
    main()
