"""publish: the store as files for linked-data consumers.

A release's `dumps/` folder (published as `dist/`, see `release.py`) gets the whole graph as TriG
(named graphs kept), N-Quads, Turtle, N-Triples and JSON-LD (compacted with the published context
`context.jsonld`), the ontology and reference data (Turtle and RDF/XML for Protégé), a VoID
description and SHA-256 checksums. The folder belongs to a release that is not published yet, so
files are written in place: nobody sees them before the release is switched in whole.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterable

import pyoxigraph as ox

from csto_kg.config import Config
from csto_kg.jsonld_compact import Compactor
from csto_kg.linefiles import count_lines, line_blocks, range_blocks, sorted_blocks, subject_ranges, subjects_sorted
from csto_kg.mapping import load_mappings
from csto_kg.namespaces import PREFIXES, RDF
from csto_kg.release import ADDED_DIR, DUMP_NAME, DUMPS, DumpFile, Release, checksum, crash_point
from csto_kg.void import RETRACTED, VOID_GRAPHS, VoidStats, void_description, void_subsets
from csto_kg.store import named_graph_sizes

RDF_TYPE = ox.NamedNode(RDF + "type")


def _trig_header() -> bytes:
    probe = ox.NamedNode("urn:csto-kg:probe")
    written = ox.serialize([ox.Quad(probe, probe, probe, probe)], format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    return b"".join(line + b"\n" for line in written.split(b"\n") if line.startswith(b"@prefix "))


#: What pyoxigraph's TriG writer puts before the first statement: the prefixes, in its order.
TRIG_HEADER = _trig_header()


def trig_block(quads: list[ox.Quad]) -> bytes:
    """One article's graph as a TriG block to append to a file that starts with `TRIG_HEADER`.

    A build's workers write each article graph as it is validated, from the quads they already
    hold (~3M quads/s); the parent appends the blocks. Parsing the N-Quads dump again to write
    TriG ran at ~0.5M quads/s, most of it making Python objects of every quad. A block that
    does not start with the usual prefixes keeps its own (TriG allows a prefix to be declared
    again anywhere)."""
    block = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    return block[len(TRIG_HEADER) :] if block.startswith(TRIG_HEADER) else block


def default_graph(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The triples of the default graph (the knowledge graph), in order."""
    return [quad.triple for quad in quads if isinstance(quad.graph_name, ox.DefaultGraph)]


@dataclass
class Dataset:
    """What the dumps are written from, without the dataset in memory: the whole dataset as one
    N-Quads file (every quad once, grouped by graph; it is the N-Quads dump itself, in the
    release's dumps folder), the default graph (the knowledge graph) as an N-Triples file beside
    it (the N-Triples dump itself) with its size, the ontology and reference data, and every
    named graph's size. A build also hands over the TriG dump it wrote as it went (`trig`);
    without one, TriG is written from the N-Quads file."""

    nquads: Path
    default: Path
    triples: int
    background: list[ox.Quad]
    graph_sizes: dict[str, int]
    quads: int
    trig: Path | None = None

    @classmethod
    def of_store(cls, store: ox.Store, release: Path, config: Config) -> Dataset:
        """The dataset a store holds, its N-Quads and N-Triples written into `release`'s dumps
        folder (a store changed in place: `add` rewriting every dump, edits from the server)."""
        path = dataset_file(release)
        path.parent.mkdir(parents=True, exist_ok=True)
        store.dump(str(path), format=ox.RdfFormat.N_QUADS)
        default = default_graph_file(release)
        store.dump(str(default), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        background = [
            quad for name in ("ontology", "reference") for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(config.graph_iri(name)))
        ]
        sizes = named_graph_sizes(store)
        return cls(
            nquads=path,
            default=default,
            triples=count_lines(default),
            background=background,
            graph_sizes={graph.value: size for graph, size in sizes.items() if isinstance(graph, ox.NamedNode) and size},
            quads=len(store),
        )


def dataset_file(release: Path) -> Path:
    """Where a release's N-Quads dump is: the dataset file a build writes first."""
    return release / DUMPS / f"{DUMP_NAME}.nq"


def default_graph_file(release: Path) -> Path:
    """Where a release's N-Triples dump (the default graph) is."""
    return release / DUMPS / f"{DUMP_NAME}.nt"


def write_dumps(dataset: Dataset, config: Config, release: Path) -> list[DumpFile]:
    """Write every dump, the ontology copies, VoID and checksums into the draft `release`'s
    dumps folder (where the dataset's N-Quads file already is), and VoID's figures next to its
    store.

    TriG is the build's (written an article at a time) or the N-Quads file parsed and written
    again as it streams, so memory stays flat whatever the size of the dataset; the union
    formats are written from the default graph.
    """
    dist = release / DUMPS
    dist.mkdir(parents=True, exist_ok=True)
    expected = ((dataset.nquads, dataset_file(release)), (dataset.default, default_graph_file(release)), (dataset.trig, dist / f"{DUMP_NAME}.trig"))
    for path, place in expected:
        if path not in (None, place):
            raise ValueError(f"{path}: the dump must be {place}")
    written = [checksum(dataset.nquads)]
    crash_point("mid-dumps")
    writers = file_writers(dataset.default, config)
    if dataset.trig is None:
        streamed = ox.parse(path=str(dataset.nquads), format=ox.RdfFormat.N_QUADS)
        writers = {"trig": lambda path: ox.serialize(streamed, path, ox.RdfFormat.TRIG, prefixes=PREFIXES)} | writers
    else:
        written.append(checksum(dataset.trig))
    written.append(checksum(dataset.default))
    written += [_write(dist / f"{DUMP_NAME}.{suffix}", writer) for suffix, writer in writers.items()]
    written.append(_write(dist / "context.jsonld", lambda path: shutil.copyfile(config.mappings_dir / "context.jsonld", path)))
    written += _ontology_copies(dataset.background, config, dist)
    stats = VoidStats(quads=dataset.quads, graphs=dict(dataset.graph_sizes))
    stats.add(ox.parse(path=str(dataset.default), format=ox.RdfFormat.N_TRIPLES))  # type: ignore[arg-type]
    written.append(_write_bytes(dist / f"{VOID_GRAPHS}.nt", void_subsets(stats.graphs, config)))
    written.append(_write_bytes(dist / "void.ttl", void_description(stats, config, written)))
    written.append(_write_checksums(dist, written))
    stats.save(release)
    return written


def dump_writers(quads: list[ox.Quad], triples: list[ox.Triple], config: Config) -> dict[str, Callable[[str], object]]:
    """One writer per dump format (by file suffix), each writing to the path it is given: the
    dataset, default graph and named graphs (TriG, N-Quads), or the knowledge graph, which is
    the default graph (`triple_writers`)."""
    return {
        "trig": lambda path: ox.serialize(quads, path, ox.RdfFormat.TRIG, prefixes=PREFIXES),
        "nq": lambda path: ox.serialize(quads, path, ox.RdfFormat.N_QUADS),
    } | triple_writers(triples, config)


def triple_writers(triples: list[ox.Triple], config: Config) -> dict[str, Callable[[str], object]]:
    """The writers of the knowledge graph's dumps (Turtle, N-Triples, JSON-LD), in the order they
    must run: JSON-LD is compacted from the N-Triples file written beside it just before."""
    return {
        "ttl": lambda path: ox.serialize(triples, path, ox.RdfFormat.TURTLE, prefixes=PREFIXES),
        "nt": lambda path: ox.serialize(triples, path, ox.RdfFormat.N_TRIPLES),
        "jsonld": lambda path: _to_file(path, lambda out: JsonLdDump(config).write_ntriples(Path(path).with_suffix(".nt"), out)),
    }


def file_writers(default: Path, config: Config) -> dict[str, Callable[[str], object]]:
    """The writers of the knowledge graph's other dumps (Turtle, JSON-LD) from its N-Triples
    file, each reading it as a stream: the default graph of 100k articles is ~5M triples."""
    return {
        "ttl": lambda path: ox.serialize(ox.parse(path=str(default), format=ox.RdfFormat.N_TRIPLES), path, ox.RdfFormat.TURTLE, prefixes=PREFIXES),
        "jsonld": lambda path: _to_file(path, lambda out: JsonLdDump(config).write_ntriples(default, out)),
    }


#: A default graph smaller than this is compacted in this process: starting workers (~0.3 s
#: each) costs more than they save.
PARALLEL_JSONLD_BYTES = 256 << 20


class JsonLdDump:
    """The JSON-LD dump: triples compacted with the published context, which is embedded so
    the file stands alone. `Compactor` does it in one streaming pass (PyLD's from_rdf + compact
    took seconds per ten thousand triples); a big file in subject order is cut at subject
    boundaries and its parts compacted by worker processes, their nodes joined in order."""

    def __init__(self, config: Config, workers: int | None = None) -> None:
        self._context = load_mappings(config.mappings_dir).context
        self._compactor = Compactor(self._context)
        self._workers = workers or min(os.cpu_count() or 1, 4)

    def write_ntriples(self, path: Path, out: BinaryIO) -> None:
        """The document for the triples of the N-Triples file at `path` (written by pyoxigraph),
        read as it is when its subjects are in order already (a build writes its default graph
        so), else sorted by sort(1) on the way in: the compactor holds one subject at a time."""
        if not subjects_sorted(path):
            self._compactor.write_sorted_ntriples(sorted_blocks(path), out)
            return
        ranges = subject_ranges(path, self._workers) if path.stat().st_size >= PARALLEL_JSONLD_BYTES else []
        if len(ranges) < 2:
            self._compactor.write_sorted_ntriples(line_blocks(path, 1 << 20), out)
            return
        parts = [path.with_name(f"{path.name}.jsonld-part{index}") for index in range(len(ranges))]
        try:
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(len(ranges), mp_context=context) as pool:
                jobs = [pool.submit(_compact_part, self._context, path, start, end, part) for (start, end), part in zip(ranges, parts)]
                for job in jobs:
                    job.result()
            self._compactor.write_head(out)
            separator = b""
            for part in parts:
                if part.stat().st_size:
                    out.write(separator)
                    with open(part, "rb") as nodes:
                        shutil.copyfileobj(nodes, out, 1 << 20)
                    separator = b",\n"
            self._compactor.write_tail(out)
        finally:
            for part in parts:
                part.unlink(missing_ok=True)


def _compact_part(context: dict[str, object], path: Path, start: int, end: int, target: Path) -> int:
    """A worker's share of a JSON-LD dump: the nodes of bytes `start` to `end` of a file in
    subject order, written to `target`; returns how many triples they hold."""
    with open(target, "wb") as out:
        return Compactor(context).write_nodes(range_blocks(path, start, end), out)


def _ontology_copies(quads: list[ox.Quad], config: Config, dist: Path) -> list[DumpFile]:
    """The ontology and reference data as edited (Turtle), and as published (RDF/XML from their
    graphs: rebased to the build's base, blank nodes labelled the same in every build)."""
    target = dist / "ontology"
    target.mkdir(exist_ok=True)
    copies = []
    for name, source in (("ontology", config.ontology_file), ("reference", config.reference_file)):
        copies.append(_write(target / source.name, lambda path, s=source: shutil.copyfile(s, path)))
        graph = ox.NamedNode(config.graph_iri(name))
        triples = [q.triple for q in quads if q.graph_name == graph]
        xml_path = target / f"{source.stem}.rdf"
        copies.append(_write(xml_path, lambda path, t=triples: ox.serialize(t, path, ox.RdfFormat.RDF_XML, prefixes=PREFIXES)))
    return copies


def _write(path: Path, writer: Callable[[str], object]) -> DumpFile:
    """Have `writer` write the file at `path` (a path inside an unpublished release: nobody reads
    it yet); returns its size and checksum. pyoxigraph writes to a path three times faster than
    to a Python file."""
    writer(str(path))
    crash_point("mid-dumps")
    return checksum(path)


def _write_bytes(path: Path, data: bytes) -> DumpFile:
    """`_write` of a file whose whole content is at hand."""
    return _write(path, lambda target: Path(target).write_bytes(data))


def _to_file(path: str, write: Callable[[BinaryIO], object]) -> None:
    with open(path, "wb") as out:
        write(out)


CHECKSUMS = "SHA256SUMS"


def add_to_dumps(
    config: Config,
    parent: Release,
    release: Path,
    stats: VoidStats,
    quads: list[ox.Quad],
    new_triples: list[ox.Triple],
    graph_sizes: dict[str, int],
    retracted: list[ox.Triple] = [],  # noqa: B006 (never mutated)
) -> list[DumpFile]:
    """Publish what `add` put in the store as one more part of every dump, leaving the rest be.

    The dump of a dataset may come in several files (VoID lists each as a void:dataDump):
    `added/csto-kg+<stamp>.<format>` holds the added named graphs and default graph triples
    (N-Quads, TriG) or the triples the default graph gained (Turtle, N-Triples, JSON-LD), and
    `added/void-graphs+<stamp>.nt` the VoID subsets of the new graphs. What the add took out of
    the default graph (`retracted`: a fact reconciled anew, "2022-05" made "2022-05-16") goes to
    `added/retracted+<stamp>.nt`, a changeset as DBpedia Live publishes them: the data is the
    full dumps with each add's retractions taken out and its part put in, in the order of the
    stamps (void.ttl says so; the SPARQL endpoint and the pages always show the result). The
    parent release's files are hard-linked into the new release, never rewritten or hashed
    again, so adding costs the same at any store size; VoID's figures (`stats`, those of the
    parent) are updated by what was added and taken out (void.ttl itself holds no per-graph
    subsets: it stays small), and the next full build folds the parts back in.
    """
    dist = release / DUMPS
    kept = [f for f in parent.dump_files() if f.path.name not in ("void.ttl", CHECKSUMS)]
    subsets_kept = any(f.path.name == f"{VOID_GRAPHS}.nt" for f in kept)
    for dump in kept:
        target = dist / dump.path.relative_to(parent.dumps_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(dump.path, target)
    kept = [DumpFile(dist / f.path.relative_to(parent.dumps_dir), f.size, f.sha256) for f in kept]
    if not subsets_kept:
        # A release written before the named graphs' subsets had a file of their own: its
        # void.ttl holds them (read once, ~1 s at 100k graphs), and they go to that file now.
        earlier = VoidStats.read(parent.dumps_dir / "void.ttl", config).graphs
        kept.append(_write_bytes(dist / f"{VOID_GRAPHS}.nt", void_subsets(earlier, config)))
    stats.add(new_triples)
    stats.remove(retracted)
    stats.quads += len(quads) - len(retracted)
    folder = dist / ADDED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    stamp = f"{time.strftime('%Y%m%dT%H%M%S')}-{time.monotonic_ns() % 10**9:09d}"
    writers = dump_writers(quads, new_triples, config)
    added = [_write(folder / f"{DUMP_NAME}+{stamp}.{suffix}", writer) for suffix, writer in writers.items()]
    if retracted:
        added.append(_write(folder / f"{RETRACTED}+{stamp}.nt", lambda path: ox.serialize(retracted, path, ox.RdfFormat.N_TRIPLES)))
    added.append(_write_bytes(folder / f"{VOID_GRAPHS}+{stamp}.nt", void_subsets(graph_sizes, config)))
    dumps = kept + added
    dumps.append(_write_bytes(dist / "void.ttl", void_description(stats, config, dumps)))
    dumps.append(_write_checksums(dist, dumps))
    stats.save(release)
    return dumps


def _write_checksums(dist: Path, files: list[DumpFile]) -> DumpFile:
    """`SHA256SUMS` in the format `sha256sum -c` reads, listing every other file."""
    lines = "".join(f"{f.sha256}  {f.path.relative_to(dist).as_posix()}\n" for f in files)
    return _write_bytes(dist / CHECKSUMS, lines.encode("utf-8"))
