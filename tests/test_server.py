"""The SPARQL endpoint over real HTTP: a tiny store, uvicorn on a free local port, real clients.

Given two article graphs and a reference graph with Arabic labels, SPARQLWrapper and httpx
see what the SPARQL 1.1 Protocol promises: formats by Accept, the default graph (the knowledge
graph: every triple of the named graphs once), dataset parameters, errors with the right status,
CORS, and a service description built from the store.
"""

from __future__ import annotations

import csv
import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.dom.minidom import Document

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import RDFS
from SPARQLWrapper import CSV, JSON, JSONLD, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper

from conftest import running
from csto_kg.server.app import build_app, create_app
from csto_kg.server.settings import ServeSettings
from csto_kg.release import Release
from csto_kg.server.negotiation import MediaRange, negotiate, parse_accept
from csto_kg.server.sparql import OpenedStore, StoreHandle

BASE = "https://w3id.org/csto-kg/"
CSTO = "https://w3id.org/csto-kg/ontology#"
RDFS_LABEL = str(RDFS.label)
ARTICLE_1 = BASE + "graph/article/2022-05-16-tass-csto-summit"
ARTICLE_2 = BASE + "graph/article/2022-01-06-kazakhstan-request"
REFERENCE = BASE + "graph/reference"
RUSSIA = BASE + "id/state/russia"
KAZAKHSTAN = BASE + "id/state/kazakhstan"
CSTO_ORG = BASE + "id/organization/csto"
CSTO_AR = "منظمة معاهدة الأمن الجماعي"
WIKIDATA_RUSSIA = "http://www.wikidata.org/entity/Q159"
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")

ALL_LABELS = "SELECT ?s ?label WHERE { ?s <%s> ?label } ORDER BY ?s ?label" % RDFS_LABEL
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def quad(subject: str, predicate: str, value: ox.NamedNode | ox.Literal, graph: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(subject), ox.NamedNode(predicate), value, ox.NamedNode(graph))


def arabic(text: str) -> ox.Literal:
    return ox.Literal(text, language="ar")


def build_store(path: Path, *, extra_label: str | None = None) -> None:
    """Article graphs hold 3 and 2 triples, the reference graph 2, the default graph their 7 distinct
    triples, as a build publishes them; the store is closed after."""
    state = ox.NamedNode(CSTO + "State")
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    quads = [
        quad(RUSSIA, rdf_type, state, ARTICLE_1),
        quad(RUSSIA, RDFS_LABEL, arabic("روسيا"), ARTICLE_1),
        quad(CSTO_ORG, RDFS_LABEL, arabic(CSTO_AR), ARTICLE_1),
        quad(KAZAKHSTAN, rdf_type, state, ARTICLE_2),
        quad(KAZAKHSTAN, RDFS_LABEL, arabic("كازاخستان"), ARTICLE_2),
        quad(RUSSIA, RDFS_LABEL, ox.Literal("Russia", language="en"), REFERENCE),
        quad(RUSSIA, CSTO + "wikidata", ox.Literal(WIKIDATA_RUSSIA), REFERENCE),
    ]
    if extra_label is not None:
        english = ox.Literal(extra_label, language="en")
        quads.append(quad(KAZAKHSTAN, RDFS_LABEL, english, REFERENCE))
    knowledge_graph = {ox.Quad(q.subject, q.predicate, q.object) for q in quads}
    store = ox.Store(str(path))
    store.extend(quads)
    store.extend(knowledge_graph)
    store.flush()
    del store  # closes RocksDB, so the directory can be opened read-only


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("server") / "store"
    build_store(path)
    return path


@pytest.fixture(scope="module")
def base_url(store_path: Path) -> Iterator[str]:
    with running(create_app(store_path, ServeSettings(base_iri=BASE))) as url:
        yield url


@pytest.fixture(scope="module")
def endpoint(base_url: str) -> str:
    return base_url + "/sparql"


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as http:
        yield http


def wrapper(endpoint: str, query: str, return_format: str) -> Any:
    sparql = SPARQLWrapper(endpoint)
    sparql.setQuery(query)
    sparql.setReturnFormat(return_format)
    return sparql


def bindings(result: dict[str, Any]) -> list[dict[str, Any]]:
    return result["results"]["bindings"]


def solutions(response: httpx.Response) -> list[dict[str, Any]]:
    return bindings(response.json())


def count(client: httpx.Client, endpoint: str, query: str = COUNT, **params: Any) -> int:
    response = client.get(endpoint, params={"query": query, **params})
    assert response.status_code == 200, response.text
    return int(solutions(response)[0]["n"]["value"])


# --- SPARQLWrapper: the formats a standard client asks for -------------------------------


def test_select_json_sees_the_knowledge_graph(endpoint: str) -> None:
    result = wrapper(endpoint, ALL_LABELS, JSON).queryAndConvert()
    labels = {(row["s"]["value"], row["label"]["value"]) for row in bindings(result)}
    assert (RUSSIA, "روسيا") in labels
    assert (RUSSIA, "Russia") in labels  # from the reference graph
    assert (KAZAKHSTAN, "كازاخستان") in labels  # from the other article
    languages = {row["label"]["value"]: row["label"]["xml:lang"] for row in bindings(result)}
    assert languages["روسيا"] == "ar"


def test_select_xml(endpoint: str) -> None:
    document = wrapper(endpoint, ALL_LABELS, XML).queryAndConvert()
    assert isinstance(document, Document)
    literals = [node.firstChild.data for node in document.getElementsByTagName("literal")]
    assert "منظمة معاهدة الأمن الجماعي" in literals


def test_select_csv_and_tsv(endpoint: str) -> None:
    table = wrapper(endpoint, ALL_LABELS, CSV).queryAndConvert().decode()
    rows = list(csv.reader(io.StringIO(table)))
    assert rows[0] == ["s", "label"]
    assert [KAZAKHSTAN, "كازاخستان"] in rows
    lines = wrapper(endpoint, ALL_LABELS, TSV).queryAndConvert().decode().splitlines()
    assert lines[0] == "?s\t?label"
    assert f"<{KAZAKHSTAN}>\t\"كازاخستان\"@ar" in lines


def test_ask(endpoint: str) -> None:
    query = 'ASK { ?s ?p "روسيا"@ar }'
    assert wrapper(endpoint, query, JSON).queryAndConvert()["boolean"] is True
    absent = 'ASK { ?s ?p "بيلاروسيا"@ar }'
    assert wrapper(endpoint, absent, JSON).queryAndConvert()["boolean"] is False


CONSTRUCT_LABELS = f"CONSTRUCT {{ ?s <{RDFS_LABEL}> ?l }} WHERE {{ ?s <{RDFS_LABEL}> ?l }}"
RUSSIA_AR = (rdflib.URIRef(RUSSIA), RDFS.label, rdflib.Literal("روسيا", lang="ar"))


def test_construct_turtle(endpoint: str) -> None:
    turtle = wrapper(endpoint, CONSTRUCT_LABELS, TURTLE).queryAndConvert()
    graph = rdflib.Graph().parse(data=turtle.decode("utf-8"), format="turtle")
    assert RUSSIA_AR in graph
    assert len(graph) == 4


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_construct_json_ld(endpoint: str) -> None:
    graph = wrapper(endpoint, CONSTRUCT_LABELS, JSONLD).queryAndConvert()
    assert RUSSIA_AR in graph


@pytest.mark.parametrize("request_method", ["urlencoded", POSTDIRECTLY])
def test_post(endpoint: str, request_method: str) -> None:
    sparql = wrapper(endpoint, ALL_LABELS, JSON)
    sparql.setMethod(POST)
    sparql.setRequestMethod(request_method)
    bindings = sparql.queryAndConvert()["results"]["bindings"]
    assert "كازاخستان" in {row["label"]["value"] for row in bindings}


# --- negotiation -------------------------------------------------------------------------


def test_accept_q_values_pick_the_preferred_format(client: httpx.Client, endpoint: str) -> None:
    accept = "text/csv;q=0.5, application/sparql-results+xml;q=0.9"
    response = client.get(endpoint, params={"query": ALL_LABELS}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/sparql-results+xml"
    assert "<sparql" in response.text


def test_defaults_and_aliases(client: httpx.Client, endpoint: str) -> None:
    def media_type(query: str, accept: str | None) -> str:
        headers = {} if accept is None else {"Accept": accept}
        response = client.get(endpoint, params={"query": query}, headers=headers)
        assert response.status_code == 200, response.text
        assert response.headers["vary"] == "Accept"
        return response.headers["content-type"]

    assert media_type(ALL_LABELS, None) == "application/sparql-results+json"
    assert media_type(ALL_LABELS, "*/*") == "application/sparql-results+json"
    assert media_type(ALL_LABELS, "application/json") == "application/json"
    assert media_type(ALL_LABELS, "text/xml") == "text/xml; charset=utf-8"
    tsv = "text/tab-separated-values; charset=utf-8"
    assert media_type(ALL_LABELS, "text/*;q=0.5, text/csv;q=0") == tsv
    assert media_type(CONSTRUCT_LABELS, None) == "text/turtle; charset=utf-8"
    assert media_type(CONSTRUCT_LABELS, "application/ld+json, */*") == "application/ld+json"
    assert media_type(CONSTRUCT_LABELS, "application/n-triples") == "application/n-triples"
    assert media_type(CONSTRUCT_LABELS, "application/rdf+xml") == "application/rdf+xml"


def test_unsupported_accept_is_406_with_the_supported_types(
    client: httpx.Client, endpoint: str
) -> None:
    response = client.get(endpoint, params={"query": ALL_LABELS}, headers={"Accept": "text/turtle"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text and "text/csv" in response.text
    assert response.headers["vary"] == "Accept"
    graph = client.get(endpoint, params={"query": CONSTRUCT_LABELS}, headers={"Accept": "text/csv"})
    assert graph.status_code == 406
    assert "text/turtle" in graph.text


def test_negotiate_rules() -> None:
    assert parse_accept("text/*;q=0.5, foo, */json, application/json;q=2, */*;q=0.1") == [
        MediaRange("text", "*", 0.5),
        MediaRange("*", "*", 0.1),
    ]
    offers = ["application/sparql-results+json", "text/csv"]
    assert negotiate(None, offers) == offers[0]
    assert negotiate("nonsense", offers) == offers[0]
    assert negotiate("text/csv;q=0.2, */*;q=0.1", offers) == "text/csv"
    assert negotiate("*/*;q=0.1, text/csv;q=0", offers) == offers[0]
    assert negotiate("TEXT/CSV", offers) == "text/csv"
    assert negotiate("image/png", offers) is None
    assert negotiate("*/*;q=0", offers) is None


# --- protocol errors ---------------------------------------------------------------------


def test_malformed_query_is_400_with_the_parser_message(
    client: httpx.Client, endpoint: str
) -> None:
    response = client.get(endpoint, params={"query": "SELECT ?s WHERE { ?s ?p "})
    assert response.status_code == 400
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert "syntax error" in response.text and "line 1, column" in response.text


def test_two_query_parameters_are_400(client: httpx.Client, endpoint: str) -> None:
    response = client.get(endpoint, params=[("query", "ASK {}"), ("query", "ASK {}")])
    assert response.status_code == 400
    form = client.post(endpoint, data={"query": ["ASK {}", "ASK {}"]})
    assert form.status_code == 400
    direct = client.post(
        endpoint,
        params={"query": "ASK {}"},
        content="ASK {}",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert direct.status_code == 400


def test_post_with_another_media_type_is_415(client: httpx.Client, endpoint: str) -> None:
    response = client.post(endpoint, content="ASK {}", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert "application/sparql-query" in response.text


def test_updates_are_refused(client: httpx.Client, endpoint: str) -> None:
    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    assert client.get(endpoint, params={"update": update}).status_code == 400
    form = client.post(endpoint, data={"update": update})
    assert form.status_code == 403 and "read-only" in form.text
    direct = client.post(
        endpoint, content=update, headers={"Content-Type": "application/sparql-update"}
    )
    assert direct.status_code == 403
    assert count(client, endpoint) == 7


def test_service_is_refused(client: httpx.Client, endpoint: str, base_url: str) -> None:
    query = "SELECT * WHERE { SERVICE <%s/sparql> { ?s ?p ?o } }" % base_url
    response = client.get(endpoint, params={"query": query})
    assert response.status_code == 403
    assert "SERVICE" in response.text


# --- the dataset -------------------------------------------------------------------------


def test_default_graph_uri_restricts_the_default_graph(client: httpx.Client, endpoint: str) -> None:
    assert count(client, endpoint) == 7
    assert count(client, endpoint, **{"default-graph-uri": ARTICLE_1}) == 3
    assert count(client, endpoint, **{"default-graph-uri": [ARTICLE_1, REFERENCE]}) == 5
    form = client.post(endpoint, data={"query": COUNT, "default-graph-uri": ARTICLE_2})
    assert int(solutions(form)[0]["n"]["value"]) == 2
    direct = client.post(
        endpoint,
        params={"default-graph-uri": REFERENCE},
        content=COUNT,
        headers={"Content-Type": "application/sparql-query"},
    )
    assert int(solutions(direct)[0]["n"]["value"]) == 2


def test_named_graph_uri_limits_graph_patterns(client: httpx.Client, endpoint: str) -> None:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    everything = client.get(endpoint, params={"query": query})
    assert {row["g"]["value"] for row in solutions(everything)} == {ARTICLE_1, ARTICLE_2, REFERENCE}
    restricted = client.get(endpoint, params={"query": query, "named-graph-uri": ARTICLE_2})
    rows = [(row["g"]["value"], row["n"]["value"]) for row in solutions(restricted)]
    assert rows == [(ARTICLE_2, "2")]
    # only named graphs given: the default graph is empty (SPARQL 1.1 Query §13.2)
    assert count(client, endpoint, **{"named-graph-uri": ARTICLE_2}) == 0


def test_from_clause_replaces_the_default_graph(client: httpx.Client, endpoint: str) -> None:
    from_reference = f"SELECT (COUNT(*) AS ?n) FROM <{REFERENCE}> WHERE {{ ?s ?p ?o }}"
    assert count(client, endpoint, from_reference) == 2
    named_only = f"SELECT (COUNT(*) AS ?n) FROM NAMED <{REFERENCE}> WHERE {{ ?s ?p ?o }}"
    assert count(client, endpoint, named_only) == 0
    # the protocol's parameters win over the query's own FROM
    assert count(client, endpoint, from_reference, **{"default-graph-uri": ARTICLE_1}) == 3


def test_invalid_graph_iri_is_400(client: httpx.Client, endpoint: str) -> None:
    response = client.get(endpoint, params={"query": COUNT, "default-graph-uri": "not an iri"})
    assert response.status_code == 400


def test_relative_iris_resolve_against_the_base(client: httpx.Client, endpoint: str) -> None:
    query = f"SELECT ?l WHERE {{ <id/state/russia> <{RDFS_LABEL}> ?l FILTER(LANG(?l) = 'ar') }}"
    response = client.get(endpoint, params={"query": query})
    assert [row["l"]["value"] for row in solutions(response)] == ["روسيا"]


def test_arabic_round_trips_in_utf8(client: httpx.Client, endpoint: str) -> None:
    query = 'SELECT ?s ?label WHERE { ?s ?p ?label FILTER(CONTAINS(STR(?label), "الأمن")) }'
    response = client.post(
        endpoint,
        content=query.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert response.status_code == 200
    body = json.loads(response.content.decode("utf-8"))
    assert [row["label"]["value"] for row in body["results"]["bindings"]] == [CSTO_AR]
    assert "الأمن".encode() in response.content  # raw UTF-8, not \u escapes


# --- HTTP around the protocol ------------------------------------------------------------


def test_cors_on_every_response_and_preflight(
    client: httpx.Client, endpoint: str, base_url: str
) -> None:
    for response in (
        client.get(endpoint, params={"query": "ASK {}"}),
        client.get(endpoint, params={"query": "nonsense"}),
        client.get(base_url + "/health"),
    ):
        assert response.headers["access-control-allow-origin"] == "*"
    preflight = client.options(
        endpoint,
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "*"
    methods = set(preflight.headers["access-control-allow-methods"].split(", "))
    assert methods == {"GET", "POST", "OPTIONS"}
    assert "Content-Type" in preflight.headers["access-control-allow-headers"]
    assert "Link" in preflight.headers["access-control-expose-headers"]


def test_head_is_get_and_other_methods_are_405(client: httpx.Client, endpoint: str) -> None:
    assert client.head(endpoint, params={"query": "ASK {}"}).status_code == 200
    assert client.put(endpoint, content="ASK {}").status_code == 405


def test_service_description(client: httpx.Client, endpoint: str) -> None:
    response = client.get(endpoint)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    service = graph.value(predicate=rdflib.RDF.type, object=SD.Service)
    assert graph.value(service, SD.endpoint) == rdflib.URIRef(endpoint)
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}
    assert SD.UnionDefaultGraph not in set(graph.objects(service, SD.feature))
    formats = {str(iri) for iri in graph.objects(service, SD.resultFormat)}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats
    assert "http://www.w3.org/ns/formats/JSON-LD" in formats
    dataset = graph.value(service, SD.defaultDataset)
    sizes = {
        str(graph.value(named, SD.name)): graph.value(graph.value(named, SD.graph), VOID.triples)
        for named in graph.objects(dataset, SD.namedGraph)
    }
    sizes = {name: triples.toPython() for name, triples in sizes.items()}
    assert sizes == {ARTICLE_1: 3, ARTICLE_2: 2, REFERENCE: 2}
    default = graph.value(dataset, SD.defaultGraph)
    assert graph.value(default, VOID.triples).toPython() == 7


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_service_description_in_json_ld(client: httpx.Client, endpoint: str) -> None:
    response = client.get(endpoint, headers={"Accept": "application/ld+json"})
    assert response.headers["content-type"] == "application/ld+json"
    graph = rdflib.Graph().parse(data=response.text, format="json-ld")
    assert (None, SD.name, rdflib.URIRef(REFERENCE)) in graph
    assert client.get(endpoint, headers={"Accept": "text/csv"}).status_code == 406


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


def test_a_browser_asking_the_endpoint_for_nothing_gets_the_query_page(client: httpx.Client, endpoint: str) -> None:
    response = client.get(endpoint, headers={"Accept": BROWSER_ACCEPT}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/query"
    assert response.headers["vary"] == "Accept"
    # programs still get the service description: no Accept, any type, or RDF asked for by name
    for accept in (None, "*/*", "text/turtle, text/html;q=0.5", "application/ld+json"):
        headers = {"Accept": accept} if accept else {}
        answer = client.get(endpoint, headers=headers, follow_redirects=False)
        assert answer.status_code == 200 and "Service" in answer.text, accept


def test_health(client: httpx.Client, base_url: str) -> None:
    response = client.get(base_url + "/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "release": "store", "quads": 7}


# --- concurrency and store swaps ---------------------------------------------------------


class GatedStore:
    """A real store whose queries marked `# gate` wait until the test opens the gate."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.entered = threading.Event()
        self.gate = threading.Event()

    def query(self, query: str, **options: Any) -> Any:
        if "# gate" in query:
            self.entered.set()
            self.gate.wait(20)
        return self.store.query(query, **options)


class GatedSource:
    def __init__(self, store: GatedStore) -> None:
        self.opened = OpenedStore(store, Release(Path("gated"), "gated"))  # type: ignore[arg-type]

    def current(self) -> OpenedStore:
        return self.opened


def test_a_slow_query_does_not_block_a_fast_one(store_path: Path) -> None:
    gated = GatedStore(ox.Store.read_only(str(store_path)))
    app = build_app(GatedSource(gated), ServeSettings(base_iri=BASE))
    with running(app) as url, httpx.Client(timeout=20) as http:
        slow: dict[str, httpx.Response] = {}

        def ask_slowly() -> None:
            slow["response"] = http.get(url + "/sparql", params={"query": COUNT + " # gate"})

        slow_thread = threading.Thread(target=ask_slowly)
        slow_thread.start()
        try:
            assert gated.entered.wait(10), "the slow query never reached the store"
            fast = http.get(url + "/sparql", params={"query": COUNT}, timeout=5)
            assert fast.status_code == 200
            assert slow_thread.is_alive() and not slow
        finally:
            gated.gate.set()
            slow_thread.join(20)
        assert slow["response"].status_code == 200


def test_store_handle_reopens_when_the_directory_is_swapped(tmp_path: Path) -> None:
    live = tmp_path / "store"
    build_store(live)
    handle = StoreHandle(live)
    before = handle.current()
    assert handle.current() is before  # nothing changed: no reopen
    assert sum(before.graph_sizes.values()) == 7

    build_store(tmp_path / "store.new", extra_label="Kazakhstan")
    live.rename(tmp_path / "store.old")
    assert handle.current() is before  # mid-swap: keep serving the previous store
    (tmp_path / "store.new").rename(live)

    after = handle.current()
    assert after is not before
    assert sum(after.graph_sizes.values()) == 8
    # a request that still holds the old store can finish reading it (7 named, 7 default)
    assert len(list(before.store.quads_for_pattern(None, None, None))) == 14
