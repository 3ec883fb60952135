"""Dereferenceable resources over real HTTP: content negotiation, suffix URLs, Link alternates,
ETag/304, 404s, the base mapping, the ontology, VoID, dumps and the JSON-LD context.

The server runs on the seed article's build (`seed_build`); the base mapping is checked on a
small hand-made store whose IRIs live under another base.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from conftest import ID, Built, running

from csto_kg.server.app import create_app
from csto_kg.server.settings import ServeSettings
from csto_kg.server.resources import split_suffix
from csto_kg.store import named_graph_sizes

ARMENIA = "/id/state/armenia"
UZBEKISTAN_WITHDRAWN = "/id/membership/csto--uzbekistan--withdrawn--2012"
RDF_FORMATS = {
    "text/turtle": ("ttl", "turtle"),
    "application/ld+json": ("jsonld", "json-ld"),
    "application/n-triples": ("nt", "nt"),
    "application/rdf+xml": ("rdf", "xml"),
}
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
OTHER_BASE = "http://data.example.org/kg/"


@pytest.fixture(scope="module")
def server(seed_build: Built) -> Iterator[str]:
    app = create_app(seed_build.config.store)
    with running(app) as url:
        yield url


@pytest.fixture(scope="module")
def client(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=60) as http:
        yield http


def parse(response: httpx.Response, rdflib_format: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=response.content, format=rdflib_format)
    return graph


def test_split_suffix() -> None:
    assert split_suffix("/id/state/armenia.ttl")[0] == "/id/state/armenia"
    assert split_suffix("/id/state/armenia.ttl")[1].media_type == "text/turtle"  # type: ignore[union-attr]
    assert split_suffix("/id/state/armenia") == ("/id/state/armenia", None)
    assert split_suffix("/id/x/a.b")[1] is None


@pytest.mark.parametrize("media_type", list(RDF_FORMATS))
def test_negotiates_each_rdf_format(client: httpx.Client, media_type: str) -> None:
    suffix, rdflib_format = RDF_FORMATS[media_type]
    response = client.get(ARMENIA, headers={"Accept": media_type})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert response.headers["content-location"] == f"{ARMENIA}.{suffix}"
    assert "Accept" in response.headers["vary"]
    graph = parse(response, rdflib_format)
    armenia = rdflib.URIRef(ID + "state/armenia")
    labels = {str(o) for o in graph.objects(armenia, rdflib.RDFS.label)}
    assert "Armenia" in labels and "أرمينيا" in labels


def test_html_is_the_default_and_browsers_get_it(client: httpx.Client) -> None:
    for accept in ("text/html,application/xhtml+xml,*/*;q=0.8", None):
        headers = {"Accept": accept} if accept else {}
        response = client.get(ARMENIA, headers=headers)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["content-location"] == f"{ARMENIA}.html"


def test_unacceptable_type_is_406(client: httpx.Client) -> None:
    response = client.get(ARMENIA, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.text


@pytest.mark.parametrize("suffix,media_type", [("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("nt", "application/n-triples"), ("rdf", "application/rdf+xml"), ("html", "text/html")])
def test_suffix_urls_name_one_variant(client: httpx.Client, suffix: str, media_type: str) -> None:
    response = client.get(f"{ARMENIA}.{suffix}", headers={"Accept": "image/png"})  # the suffix wins
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert response.headers["content-location"] == f"{ARMENIA}.{suffix}"
    negotiated = client.get(ARMENIA, headers={"Accept": media_type})
    assert negotiated.content == response.content


def test_link_header_lists_every_alternate(client: httpx.Client) -> None:
    response = client.get(ARMENIA, headers={"Accept": "text/turtle"})
    link = response.headers["link"]
    for suffix, media_type in [("html", "text/html"), ("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("nt", "application/n-triples"), ("rdf", "application/rdf+xml")]:
        assert f'<{ARMENIA}.{suffix}>; rel="alternate"; type="{media_type}"' in link
    assert response.headers["access-control-allow-origin"] == "*"
    exposed = response.headers["access-control-expose-headers"]
    assert "Link" in exposed and "Content-Location" in exposed


def test_etag_and_304(client: httpx.Client) -> None:
    first = client.get(ARMENIA, headers={"Accept": "text/turtle"})
    etag = first.headers["etag"]
    again = client.get(ARMENIA, headers={"Accept": "text/turtle", "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    other = client.get(ARMENIA, headers={"Accept": "application/n-triples", "If-None-Match": etag})
    assert other.status_code == 200 and other.headers["etag"] != etag
    html = client.get(f"{ARMENIA}.html")
    assert client.get(f"{ARMENIA}.html", headers={"If-None-Match": html.headers["etag"]}).status_code == 304


def test_fact_rdf_carries_evidence_and_selectors(client: httpx.Client) -> None:
    response = client.get(UZBEKISTAN_WITHDRAWN + ".ttl")
    graph = parse(response, "turtle")
    oa = rdflib.Namespace("http://www.w3.org/ns/oa#")
    csto = rdflib.Namespace("https://w3id.org/csto-kg/ontology#")
    fact = rdflib.URIRef(ID + "membership/csto--uzbekistan--withdrawn--2012")
    evidence = list(graph.objects(fact, csto.evidence))
    assert evidence
    selectors = list(graph.objects(evidence[0], oa.hasSelector))
    assert len(selectors) == 2
    assert any(graph.value(s, oa.start) is not None for s in selectors)
    assert any("أوزبكستان" in str(graph.value(s, oa.exact)) for s in selectors)
    # labels of what it links to
    assert (rdflib.URIRef(ID + "state/uzbekistan"), rdflib.RDFS.label, rdflib.Literal("Uzbekistan", lang="en")) in graph


def test_jsonld_is_compacted_with_the_context(client: httpx.Client) -> None:
    data = client.get(ARMENIA + ".jsonld").json()
    assert "@context" in data


def test_unknown_iri_is_a_helpful_404(client: httpx.Client) -> None:
    response = client.get("/id/state/atlantis", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert "https://w3id.org/csto-kg/id/state/atlantis" in response.text
    assert 'href="/id/state/' in response.text  # suggests existing states
    assert client.get("/id/state/atlantis.ttl").status_code == 404
    assert client.get("/id/state/atlantis", headers={"Accept": "text/turtle"}).status_code == 404


def test_named_graph_resolves(client: httpx.Client, seed_build: Built) -> None:
    path = "/graph/article/000_e17557396043c40c"
    response = client.get(path, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    graph = parse(response, "nt")
    graph_iri = ox.NamedNode(seed_build.config.graph_iri("article/000_e17557396043c40c"))
    assert len(graph) == sum(1 for _ in seed_build.store.quads_for_pattern(None, None, None, graph_iri))


# -- the base mapping -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def other_base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("other-base") / "store"
    store = ox.Store(str(path))
    graph = ox.NamedNode(OTHER_BASE + "graph/reference")
    state = ox.NamedNode(OTHER_BASE + "id/state/armenia")
    org = ox.NamedNode(OTHER_BASE + "id/organization/csto")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    store.extend(
        [
            ox.Quad(state, label, ox.Literal("Armenia", language="en"), graph),
            ox.Quad(state, label, ox.Literal("أرمينيا", language="ar"), graph),
            ox.Quad(state, ox.NamedNode("https://w3id.org/csto-kg/ontology#memberOf"), org, graph),
            ox.Quad(org, label, ox.Literal("CSTO", language="en"), graph),
        ]
    )
    store.flush()
    del store
    with running(create_app(path, ServeSettings(base_iri=OTHER_BASE))) as url:
        yield url


def test_paths_map_to_iris_under_a_configured_base(other_base_url: str) -> None:
    with httpx.Client(base_url=other_base_url, timeout=60) as http:
        response = http.get("/id/state/armenia", headers={"Accept": "application/n-triples"})
        assert response.status_code == 200
        assert f"<{OTHER_BASE}id/state/armenia>" in response.text
        html = http.get("/id/state/armenia", headers={"Accept": "text/html"}).text
        assert 'href="/id/organization/csto"' in html  # links stay on this server
        assert OTHER_BASE + "id/state/armenia" in html
        assert http.get("/id/state/georgia").status_code == 404
        assert http.get("/dumps/").status_code == 200  # no dist: an empty listing, not an error


# -- the ontology ------------------------------------------------------------------------------


def test_ontology_html_documents_terms(client: httpx.Client) -> None:
    response = client.get("/ontology", headers={"Accept": "text/html"})
    assert response.status_code == 200
    html = response.text
    for anchor in ("State", "Membership", "membershipStatus", "evidence", "Summit"):
        assert f'id="{anchor}"' in html
    assert True
    assert 'lang="ar"' in html and 'lang="ru"' in html
    assert re.search(r"sub-class of</dt><dd>.*schema:Country", html)  # csto:State ⊑ schema:Country
    assert 'class="tree"' in html


@pytest.mark.parametrize("media_type,rdflib_format", [("text/turtle", "turtle"), ("application/rdf+xml", "xml"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt")])
def test_ontology_by_negotiation(client: httpx.Client, media_type: str, rdflib_format: str) -> None:
    response = client.get("/ontology", headers={"Accept": media_type})
    assert response.status_code == 200
    graph = parse(response, rdflib_format)
    ontology = rdflib.URIRef("https://w3id.org/csto-kg/ontology")
    assert (ontology, rdflib.RDF.type, rdflib.OWL.Ontology) in graph
    assert (rdflib.URIRef("https://w3id.org/csto-kg/ontology#State"), rdflib.RDF.type, rdflib.OWL.Class) in graph


def test_ontology_suffix(client: httpx.Client) -> None:
    response = client.get("/ontology.ttl")
    assert response.headers["content-type"].startswith("text/turtle")
    assert client.get("/ontology.xyz").status_code == 404


# -- VoID, dumps, context -------------------------------------------------------------------------


def test_void_counts_the_store(client: httpx.Client, seed_build: Built) -> None:
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = parse(response, "turtle")
    dataset = rdflib.URIRef("https://w3id.org/csto-kg/dataset")
    triples = seed_build.select("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")  # the knowledge graph
    assert int(graph.value(dataset, VOID.triples)) == int(triples[0]["n"])
    quads = len(list(seed_build.store.quads_for_pattern(None, None, None, None)))
    assert int(graph.value(dataset, rdflib.URIRef("https://w3id.org/csto-kg/ontology#quads"))) == quads
    assert graph.value(dataset, VOID.sparqlEndpoint) == rdflib.URIRef("https://w3id.org/csto-kg/sparql")
    assert list(graph.objects(dataset, VOID.classPartition)) and list(graph.objects(dataset, VOID.propertyPartition))
    dumps = {str(d) for d in graph.objects(dataset, VOID.dataDump)}
    assert "https://w3id.org/csto-kg/dumps/csto-kg.ttl" in dumps
    # the served description holds the named graphs' subsets itself, and names the dumps' files of them
    subsets = {str(graph.value(s, rdflib.URIRef("http://www.w3.org/ns/sparql-service-description#name"))): int(graph.value(s, VOID.triples)) for s in graph.objects(dataset, VOID.subset)}
    assert subsets == {g.value: n for g, n in named_graph_sizes(seed_build.store).items() if isinstance(g, ox.NamedNode) and n}
    assert rdflib.URIRef("https://w3id.org/csto-kg/dumps/void-graphs.nt") in set(graph.objects(dataset, rdflib.RDFS.seeAlso))
    assert list(graph.objects(dataset, VOID.exampleResource))
    assert graph.value(dataset, rdflib.DCTERMS.license) is not None
    assert client.get("/dataset", headers={"Accept": "text/turtle"}).status_code == 200
    assert client.get("/.well-known/void", headers={"Accept": "text/html"}).headers["content-type"].startswith("text/html")


def test_dumps_list_sizes_and_checksums_that_match(client: httpx.Client, seed_build: Built) -> None:
    html = client.get("/dumps/").text
    dist: Path = seed_build.config.dist
    listed = re.findall(r'<tr data-name="([^"]+)">.*?class="number size">(\d+)<.*?class="sha256">([0-9a-f]{64})<', html, re.DOTALL)
    assert {name for name, _, _ in listed} >= {"csto-kg.ttl", "csto-kg.nq", "context.jsonld"}
    for name, size, digest in listed:
        data = (dist / name).read_bytes()
        assert int(size) == len(data)
        assert digest == hashlib.sha256(data).hexdigest()
    response = client.get("/dumps/csto-kg.nq")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/n-quads")
    assert hashlib.sha256(response.content).hexdigest() == {n: d for n, _, d in listed}["csto-kg.nq"]
    etag = response.headers["etag"]
    assert client.get("/dumps/csto-kg.nq", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/dumps/csto-kg.ttl").headers["content-type"].startswith("text/turtle")
    assert client.get("/dumps/ontology/csto.rdf").headers["content-type"].startswith("application/rdf+xml")
    assert client.get("/dumps/../pyproject.toml").status_code == 404
    assert client.get("/dumps/nothing.ttl").status_code == 404


def test_context_with_cors(client: httpx.Client) -> None:
    response = client.get("/context.jsonld", headers={"Origin": "https://example.org"})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["content-type"].startswith("application/ld+json")
    assert "@context" in json.loads(response.content)
