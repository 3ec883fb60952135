"""VoID: what the dumps' void.ttl says of the dataset, and the figures it is written from.

The figures (`VoidStats`) are kept beside each store version, so an add updates them by what it
adds instead of recounting millions of triples; the named graphs' subsets (one per graph: 100k at
archive scale) are in files of their own that void.ttl names with rdfs:seeAlso, so that an add
writes the new graphs' subsets as one more part and rewrites only a small void.ttl.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from csto_kg.config import ONTOLOGY_IRI, Config
from csto_kg.namespaces import CSTO, DCAT, DCTERMS, PREFIXES, RDF, RDFS, SD, VOID, XSD
from csto_kg.release import DumpFile, Release

RDF_TYPE = ox.NamedNode(RDF + "type")
VOID_STATS = "csto-void-stats.json"
#: The VoID subsets of the named graphs, apart from void.ttl (which names each such file with
#: rdfs:seeAlso); an add writes one more part.
VOID_GRAPHS = "void-graphs"
# An add's changeset of what it took out of the default graph: added/retracted+<stamp>.nt.
RETRACTED = "retracted"


@dataclass
class VoidStats:
    """What VoID says about the data: sizes, class and property partitions, named graphs.

    Kept apart from the Turtle so that adding an article updates the figures by what it adds
    (`add`) instead of recounting a store of millions of triples.
    """

    triples: int = 0  # in the default graph (the knowledge graph)
    classes: Counter[str] = field(default_factory=Counter)
    properties: Counter[str] = field(default_factory=Counter)
    graphs: dict[str, int] = field(default_factory=dict)  # triples per named graph
    quads: int = 0  # in the dataset: the default graph's triples and every named graph's

    @classmethod
    def of(cls, quads: list[ox.Quad], triples: list[ox.Triple]) -> VoidStats:
        """Counted from the published quads and the default graph's triples (a full build)."""
        stats = cls()
        stats.add(triples)
        stats.graphs = dict(Counter(q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)))
        stats.quads = len(quads)
        return stats

    @classmethod
    def read(cls, path: Path, config: Config) -> VoidStats:
        """The figures of a VoID file written by `void_description`, with the named graphs'
        sizes from the subset files it names by rdfs:seeAlso (beside it, under the same dumps
        folder) or from its own subsets (a release written before they had files of their own)."""
        about: dict[str, dict[str, str]] = {}
        seen_also: list[Path] = []
        prefix = f"{config.base}dumps/"
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            if triple.predicate.value == RDFS + "seeAlso" and triple.object.value.startswith(prefix):
                seen_also.append(path.parent / triple.object.value.removeprefix(prefix))
            elif triple.predicate.value.startswith((VOID, SD, CSTO)):
                about.setdefault(triple.subject.value, {})[triple.predicate.value] = triple.object.value
        for subsets in seen_also:
            for triple in ox.parse(path=str(subsets), format=ox.RdfFormat.N_TRIPLES):
                about.setdefault(triple.subject.value, {})[triple.predicate.value] = triple.object.value
        dataset = about.get(f"{config.base}dataset", {})
        stats = cls(triples=int(dataset.get(VOID + "triples", 0)), quads=int(dataset.get(CSTO + "quads", 0)))
        for node in about.values():
            if VOID + "class" in node:
                stats.classes[node[VOID + "class"]] = int(node[VOID + "entities"])
            elif VOID + "property" in node:
                stats.properties[node[VOID + "property"]] = int(node[VOID + "triples"])
            elif SD + "name" in node:
                stats.graphs[node[SD + "name"]] = int(node[VOID + "triples"])
        return stats

    @classmethod
    def load(cls, release: Release, config: Config) -> VoidStats:
        """The figures of a release (without the named graphs' sizes: an add needs only the new
        graphs'): its saved copy, else read off its `void.ttl`."""
        try:
            data = json.loads((release.path / VOID_STATS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return replace(cls.read(release.dumps_dir / "void.ttl", config), graphs={})
        return cls(data["triples"], Counter(data["classes"]), Counter(data["properties"]), {}, data.get("quads", 0))

    def save(self, release: Path) -> None:
        """Keep the figures next to the store they describe (RocksDB leaves files it does not
        know alone): reading 10k graph sizes back from VoID's Turtle cost 80 ms per `add`. The
        named graphs' sizes are left out (they are in the VoID subset files): at 100k graphs
        they cost an add ~0.2 s to read and write again."""
        data = {"triples": self.triples, "quads": self.quads, "classes": self.classes, "properties": self.properties}
        (release / VOID_STATS).write_text(json.dumps(data), encoding="utf-8")

    def add(self, new_triples: Iterable[ox.Triple], sign: int = 1) -> None:
        """Count triples that were not in the data before (`sign` -1: take out ones that were)."""
        for triple in new_triples:
            self.triples += sign
            self.properties[triple.predicate.value] += sign
            if triple.predicate == RDF_TYPE and isinstance(triple.object, ox.NamedNode):
                self.classes[triple.object.value] += sign
        self.properties, self.classes = +self.properties, +self.classes  # a count down to 0 is no partition

    def remove(self, old_triples: Iterable[ox.Triple]) -> None:
        """Uncount triples taken out of the data."""
        self.add(old_triples, sign=-1)


def void_description(stats: VoidStats, config: Config, dumps: list[DumpFile]) -> bytes:
    """A VoID description: sizes (void:triples: the default graph's, the knowledge graph;
    csto:quads: the dataset's, named graphs included), classes and properties (of the default
    graph), the dumps, and (rdfs:seeAlso) the files of named-graph subsets (`void_subsets`)."""
    dataset = ox.NamedNode(f"{config.base}dataset")
    out: list[ox.Triple] = [
        ox.Triple(dataset, RDF_TYPE, ox.NamedNode(VOID + "Dataset")),
        ox.Triple(dataset, ox.NamedNode("http://purl.org/dc/terms/title"), ox.Literal("csto-kg: the CSTO knowledge graph from Arabic news", language="en")),
        ox.Triple(dataset, ox.NamedNode("http://purl.org/dc/terms/license"), ox.NamedNode("https://creativecommons.org/licenses/by/4.0/")),
        ox.Triple(dataset, ox.NamedNode(VOID + "vocabulary"), ox.NamedNode(ONTOLOGY_IRI)),
        ox.Triple(dataset, ox.NamedNode(VOID + "uriSpace"), ox.Literal(config.base + "id/")),
        ox.Triple(dataset, ox.NamedNode(VOID + "triples"), _integer(stats.triples)),
        ox.Triple(dataset, ox.NamedNode(CSTO + "quads"), _integer(stats.quads)),
        ox.Triple(dataset, ox.NamedNode(VOID + "sparqlEndpoint"), ox.NamedNode(config.base + "sparql")),
    ]
    for dump in dumps:  # named by where the server has them: dumps/<name>, dumps/added/<name>
        where = f"{config.base}dumps/{dump.published_name}"
        if dump.is_data:
            out.append(ox.Triple(dataset, ox.NamedNode(VOID + "dataDump"), ox.NamedNode(where)))
        elif dump.path.name.startswith(VOID_GRAPHS):
            out.append(ox.Triple(dataset, ox.NamedNode(RDFS + "seeAlso"), ox.NamedNode(where)))
        elif dump.path.name.startswith(RETRACTED + "+"):
            changeset = ox.NamedNode(where)
            out += [
                ox.Triple(dataset, ox.NamedNode(DCTERMS + "relation"), changeset),
                ox.Triple(changeset, RDF_TYPE, ox.NamedNode(DCAT + "Distribution")),
                ox.Triple(changeset, ox.NamedNode(DCAT + "mediaType"), ox.Literal("application/n-triples")),
                ox.Triple(changeset, ox.NamedNode(DCTERMS + "description"), ox.Literal(RETRACTION_NOTE, language="en")),
            ]
    for kind, counts, count_property in (("class", stats.classes, "entities"), ("property", stats.properties, "triples")):
        for iri, count in sorted(counts.items()):
            partition = ox.NamedNode(f"{config.base}dataset/{kind}/{hashlib.sha256(iri.encode()).hexdigest()[:12]}")
            out += [
                ox.Triple(dataset, ox.NamedNode(VOID + f"{kind}Partition"), partition),
                ox.Triple(partition, ox.NamedNode(VOID + kind), ox.NamedNode(iri)),
                ox.Triple(partition, ox.NamedNode(VOID + count_property), _integer(count)),
            ]
    return ox.serialize(out, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


RETRACTION_NOTE = (
    "Triples an add took out of the default graph (a fact reconciled anew). The data is the dumps"
    " with, in the order of the stamps in their names, each add's retracted triples taken out and its"
    " csto-kg+<stamp> part put in."
)


def void_subsets(graphs: dict[str, int], config: Config) -> bytes:
    """One VoID subset of the dataset per named graph, with its size, as N-Triples.

    Written as text: made as Python triples they cost 0.13 s at 10k articles (1.3 s at 100k).
    The graph names are IRIs a store holds, which Oxigraph validated when they were stored, so
    none holds a character that would end an <IRI>; the size is an integer."""
    dataset = f"<{config.base}dataset>"
    integer = f"^^<{XSD}integer>"
    return "".join(
        f"{dataset} <{VOID}subset> {subset} .\n"
        f"{subset} <{RDF_TYPE.value}> <{VOID}Dataset> .\n"
        f"{subset} <{SD}name> <{graph}> .\n"
        f'{subset} <{VOID}triples> "{int(size)}"{integer} .\n'
        for graph, size in sorted(graphs.items())
        for subset in (_subset(graph, config),)
    ).encode("utf-8")


def _subset(graph: str, config: Config) -> str:
    """The VoID subset of a named graph: `<graph#void>`, or for a graph name that has a
    fragment already (a Graph Store client may choose any IRI) one under the dataset."""
    if "#" not in graph:
        return f"<{graph}#void>"
    return f"<{config.base}dataset/graph/{hashlib.sha256(graph.encode()).hexdigest()[:16]}>"


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
