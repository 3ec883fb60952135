"""Checks that hold on the whole published dataset, not on one article.

Two builds: the bundled corpus (17 articles) and a synthetic corpus of 1,000 articles
(bench/corpus.py, seed 7; CSTO_KG_SYNTHETIC_ARTICLES sets another size for a quick local run).
On each: the default graph (the knowledge graph) conforms to the published shapes with the
ontology mixed in (pySHACL), ontology + reference data + default graph are consistent under
HermiT, the Turtle dump is exactly the default graph and the TriG dump exactly the dataset, every
named query gives the same rows from the store, from the SPARQL endpoint over HTTP and from the
dumps loaded into rdflib, and DESCRIBE gives each triple once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pyshacl
import pytest
import rdflib
from typer.testing import CliRunner

from conftest import ID, Built, build_into, running
from csto_kg.cli import app
from csto_kg.config import PROJECT_ROOT
from csto_kg.queries import NamedQuery, Rows, _rows, named_queries, run_local, run_remote
from csto_kg.reasoning import check_consistency
from csto_kg.server.app import create_app
from csto_kg.server.settings import ServeSettings

# rdflib's parsers use their own deprecated ConjunctiveGraph / default_context internally
pytestmark = [
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:Dataset.contexts is deprecated:DeprecationWarning"),
]
QUERIES = named_queries(PROJECT_ROOT / "queries")
SYNTHETIC_ARTICLES = int(os.environ.get("CSTO_KG_SYNTHETIC_ARTICLES", "1000"))


@pytest.fixture(scope="module", params=["bundled", "synthetic"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp(request.param)
    if request.param == "bundled":
        corpus = PROJECT_ROOT / "corpus"
    else:
        corpus = tmp / "corpus"
        generator = [sys.executable, str(PROJECT_ROOT / "bench" / "corpus.py"), str(SYNTHETIC_ARTICLES), "--seed", "7", "--out", str(corpus)]
        subprocess.run(generator, check=True, capture_output=True)
    result = build_into(tmp, [corpus])
    assert result.report.ok, [o.message for o in result.report.outcomes if o.status != "published"]
    return result


def default_graph(built: Built) -> list[ox.Triple]:
    return [q.triple for q in built.store.quads_for_pattern(None, None, None, ox.DefaultGraph())]


def as_rdflib(triples: list[ox.Triple]) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return graph


# --- valid and consistent --------------------------------------------------------------------


def test_the_default_graph_conforms_to_the_shapes(built: Built) -> None:
    """pySHACL itself, the published shapes and the ontology (for sh:class over subclasses)."""
    data = as_rdflib(default_graph(built))
    shapes = rdflib.Graph().parse(built.config.shapes_file)
    ontology = rdflib.Graph().parse(built.config.ontology_file)
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
    assert conforms, text[:3000]


def test_hermit_finds_the_default_graph_consistent(built: Built) -> None:
    report = check_consistency([built.config.ontology_file, built.config.reference_file], as_rdflib(default_graph(built)))
    assert report.consistent, report.message
    result = CliRunner().invoke(app, ["reason", "--store", str(built.config.store)])
    assert result.exit_code == 0, result.output


def test_each_functional_property_has_one_value(built: Built) -> None:
    functional = [str(p) for p in rdflib.Graph().parse(built.config.ontology_file).subjects(rdflib.RDF.type, rdflib.OWL.FunctionalProperty)]
    values = "VALUES ?p { %s }" % " ".join(f"<{p}>" for p in functional)
    rows = built.store.query(f"SELECT ?s ?p WHERE {{ {values} ?s ?p ?o }} GROUP BY ?s ?p HAVING (COUNT(?o) > 1)")
    assert list(rows) == []  # type: ignore[arg-type]


# --- the dumps are the dataset -----------------------------------------------------------------


def test_the_turtle_dump_is_the_default_graph_and_trig_the_dataset(built: Built) -> None:
    dist = built.config.dist
    assert {q.triple for q in ox.parse(path=str(dist / "csto-kg.ttl"), format=ox.RdfFormat.TURTLE)} == set(default_graph(built))
    stored = set(built.store.quads_for_pattern(None, None, None, None))
    assert set(ox.parse(path=str(dist / "csto-kg.trig"), format=ox.RdfFormat.TRIG)) == stored
    # and rdflib reads the Turtle dump as the same graph (no blank nodes in the default graph)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        turtle = rdflib.Graph().parse(dist / "csto-kg.ttl", format="turtle")
    assert len(turtle) == len(stored_default := default_graph(built)) and len(set(stored_default)) == len(stored_default)


# --- every query, three ways -----------------------------------------------------------------


@pytest.fixture(scope="module")
def endpoint(built: Built) -> Iterator[str]:
    settings = ServeSettings(row_limit=10_000_000, timeout=120)
    with running(create_app(built.config.store, settings)) as url:
        yield url + "/sparql"


@dataclass(frozen=True)
class Loaded:
    """The dumps in rdflib: the Turtle dump as the default graph, and the named graphs of the
    N-Quads dump, all of them for the bundled corpus, every twentieth article's for the synthetic one
    (rdflib's engine needs seconds per graph for the evidence join over 0.9M quads; graph by graph
    it is quick). `articles` names the articles loaded, None for all."""

    dataset: rdflib.Dataset
    articles: frozenset[str] | None


@pytest.fixture(scope="module")
def dumps_in_rdflib(built: Built) -> Loaded:
    dist = built.config.dist
    dataset = rdflib.Dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        named = [q for q in ox.parse(path=str(dist / "csto-kg.nq"), format=ox.RdfFormat.N_QUADS) if isinstance(q.graph_name, ox.NamedNode)]
        articles = sorted({q.graph_name.value for q in named if "/graph/article/" in q.graph_name.value})
        chosen = set(articles[::20]) if len(articles) > 100 else set(articles)
        kept = [q for q in named if q.graph_name.value in chosen or "/graph/article/" not in q.graph_name.value]
        dataset.parse(data=ox.serialize(kept, format=ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
        # after the N-Quads: rdflib's N-Quads parser gives the dataset a new default graph
        for triple in rdflib.Graph().parse(dist / "csto-kg.ttl", format="turtle"):
            dataset.add(triple)
    loaded = None if len(chosen) == len(articles) else frozenset(g.rsplit("/", 1)[1] for g in chosen)
    return Loaded(dataset, loaded)


def rdflib_rows(dataset: rdflib.Dataset, query: str) -> Rows:
    return _rows(json.loads(dataset.query(query).serialize(format="json")))


def bag(rows: Rows) -> Counter[tuple[str | None, ...]]:
    return Counter(rows.rows)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_gives_the_same_rows_from_store_endpoint_and_dumps(
    built: Built, endpoint: str, dumps_in_rdflib: Loaded, name: str
) -> None:
    query = QUERIES[name].bound(_article_parameter(built, QUERIES[name]))
    local = run_local(built.store, query)
    assert local.columns == tuple(QUERIES[name].columns) or QUERIES[name].columns == [], name
    remote = run_remote(endpoint, query)
    assert remote.columns == local.columns
    assert bag(remote) == bag(local)
    expected = bag(local)
    if dumps_in_rdflib.articles is not None and "article" in local.columns:  # the graphs loaded
        column = local.columns.index("article")
        expected = Counter({row: n for row, n in expected.items() if (row[column] or "").rsplit("/", 1)[-1] in dumps_in_rdflib.articles})
    assert bag(rdflib_rows(dumps_in_rdflib.dataset, query)) == expected
    if name in ("memberships", "events", "posts", "current-members", "treaty-signing", "evidence"):
        assert local.rows, f"{name} answers nothing"


def _article_parameter(built: Built, query: NamedQuery) -> dict[str, str]:
    """An `article` parameter bound to the build's first article (whose graph the rdflib
    dataset always loads), where the query takes one; the others keep their defaults."""
    if not any(parameter.name == "article" for parameter in query.parameters):
        return {}
    first = min(g.value for g in built.store.named_graphs() if isinstance(g, ox.NamedNode) and "/graph/article/" in g.value)
    return {"article": first.replace("/graph/article/", "/id/article/")}


def test_describe_gives_each_triple_of_a_resource_once(built: Built, endpoint: str) -> None:
    for resource in (ID + "organization/csto", ID + "state/russia", ID + "treaty/collective-security-treaty"):
        response = httpx.get(endpoint, params={"query": f"DESCRIBE <{resource}>"}, headers={"Accept": "application/n-triples"}, timeout=60)
        assert response.status_code == 200
        lines = [line for line in response.text.splitlines() if line.strip()]
        assert len(lines) == len(set(lines))
        stored = list(built.store.quads_for_pattern(ox.NamedNode(resource), None, None, ox.DefaultGraph()))
        assert len(lines) == len(stored) > 3, resource


# --- an inconsistent graph is explained ---------------------------------------------------------


def test_reason_names_the_facts_that_clash(tmp_path: Path) -> None:
    from csto_kg.server.jobs import Job
    from csto_kg.server.writes import apply

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "seed.txt").write_bytes((PROJECT_ROOT / "corpus" / "000_e17557396043c40c.txt").read_bytes())
    built = build_into(tmp_path, [corpus])
    membership = f"{ID}membership/csto--armenia--member"
    clash = f"INSERT DATA {{ <{membership}> <https://w3id.org/csto-kg/ontology#membershipStatus> <https://w3id.org/csto-kg/ontology#withdrawn> }}"
    del built
    assert apply(Job(kind="update", query=clash, store_link=str(tmp_path / "store"))).status == 204
    result = CliRunner().invoke(app, ["reason", "--store", str(tmp_path / "store")])
    assert result.exit_code == 1
    assert "inconsistent" in result.output
    clashes = [line for line in result.output.splitlines() if line.startswith("clashes:")]
    assert len(clashes) == 1 and membership in clashes[0], result.output
    assert f"{ID}article/seed" in clashes[0]  # the article that states it
    assert "#withdrawn" in result.output and "#member" in result.output
