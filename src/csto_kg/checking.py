"""`csto-kg validate`: run the SHACL gate on articles, RDF files, or the published store.

Articles go through read -> extract -> map exactly as in a build (nothing is written); RDF files
and the published store are checked graph by graph, each with the reference entities it uses.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from csto_kg.config import Config
from csto_kg.corpus import (
    ARTICLE_SUFFIXES,
    ArticleError,
    find_article_files,
    read_article,
)
from csto_kg.extract.facts import extract
from csto_kg.extract.gazetteer import load_gazetteer
from csto_kg.mapping import RulesStore, map_extraction
from csto_kg.pipeline import background_quads
from csto_kg.store import named_graphs, open_published
from csto_kg.validate import ArticleValidator, ValidationReport, Violation

RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
}


def validate_inputs(paths: list[Path], config: Config) -> list[tuple[str, ValidationReport]]:
    """(name, report) for every graph found in `paths`, or in the published store if none."""
    background = background_quads(config)
    validator = ArticleValidator(config, background)
    if not paths:
        return _published(config, validator)
    results: list[tuple[str, ValidationReport]] = []
    rdf_files = [p for p in paths if p.suffix in RDF_FORMATS]
    article_inputs = [p for p in paths if p.suffix not in RDF_FORMATS]
    for path in rdf_files:
        results.extend(_rdf_file(path, validator))
    rules = RulesStore(background)
    gazetteer = load_gazetteer(config.reference_file)
    for path in find_article_files(article_inputs):
        if path.suffix not in ARTICLE_SUFFIXES and not path.is_file():
            continue
        try:
            article = read_article(path)
        except ArticleError as error:
            results.append((str(path), _unreadable(str(path), str(error))))
            continue
        quads = map_extraction(extract(article, gazetteer), config, rules)
        results.append((str(path), validator.validate(quads)))
    return results


def _published(config: Config, validator: ArticleValidator) -> list[tuple[str, ValidationReport]]:
    published = open_published(config.store)
    if published is None:
        return []
    store = published.store
    results = []
    for graph in named_graphs(store):
        if not graph.value.startswith(config.graph_iri("article/")):
            continue
        quads = list(store.quads_for_pattern(None, None, None, graph))
        results.append((graph.value, validator.validate(quads)))
    return results


def _rdf_file(path: Path, validator: ArticleValidator) -> list[tuple[str, ValidationReport]]:
    try:
        quads = list(ox.parse(path=str(path), format=RDF_FORMATS[path.suffix]))
    except (OSError, SyntaxError) as error:
        return [(str(path), _unreadable(str(path), f"cannot be parsed: {error}"))]
    by_graph: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else "default graph"
        by_graph.setdefault(name, []).append(quad)
    return [
        (f"{path} ({name})", validator.validate(graph))
        for name, graph in by_graph.items()
    ]


def _unreadable(name: str, message: str) -> ValidationReport:
    return ValidationReport(conforms=False, violations=(Violation(name, None, message, "Violation", None, None),))
