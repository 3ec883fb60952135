"""SPARQL 1.1 Protocol and Graph Store Protocol conformance, limits and killable queries.

The cases follow the W3C protocol test suite (w3c/rdf-tests sparql/sparql11/protocol), written
from the specification's text: the kasei.us data graphs are loaded through the Graph Store
Protocol of a server started with an update token, then queried and updated over real HTTP.
A read-only server (no token) refuses every write with 403. Time and row limits are checked on
their own small servers: a cross join is stopped at 1 s and its worker process is replaced.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from conftest import running

from csto_kg.server.app import build_app, create_app
from csto_kg.server.settings import ServeSettings
from csto_kg.server.sparql import StoreHandle
from csto_kg.server.writes import prepare_update
from csto_kg.server.workers import QueryPool

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
KASEI = "http://kasei.us/2009/09/sparql/data/"
DATA = [KASEI + f"data{i}.rdf" for i in (1, 2, 3)]
FOAF_DOCUMENT = "http://xmlns.com/foaf/0.1/Document"
BASE = "https://w3id.org/csto-kg/"
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
BOOLEAN_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_TYPES = BOOLEAN_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {"text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"}
DIRECT_QUERY = {"Content-Type": "application/sparql-query"}
DIRECT_UPDATE = {"Content-Type": "application/sparql-update", **AUTH}


def empty_store(path: Path, quads: list[ox.Quad] = ()) -> Path:  # type: ignore[assignment]
    """A closed store holding `quads` and, as a build publishes them, their triples once in the
    default graph."""
    store = ox.Store(str(path))
    store.extend(quads)
    store.extend({ox.Quad(q.subject, q.predicate, q.object) for q in quads})
    store.flush()
    del store
    return path


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10) as http:
        yield http


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server with an update token over an initially empty store; yields its base URL."""
    path = empty_store(tmp_path_factory.mktemp("writable") / "store")
    with running(create_app(path, ServeSettings(base_iri=BASE, update_token=TOKEN, workers=2))) as url:
        yield url


@pytest.fixture(scope="module")
def readonly(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    graph = ox.NamedNode(BASE + "graph/article/a")
    quads = [
        ox.Quad(ox.NamedNode(f"{BASE}id/thing/{i}"), ox.NamedNode(BASE + "p"), ox.Literal(i), graph)
        for i in range(12)
    ]
    path = empty_store(tmp_path_factory.mktemp("readonly") / "store", quads)
    with running(create_app(path, ServeSettings(base_iri=BASE, row_limit=5, workers=2))) as url:
        yield url


def kasei_graph(index: int) -> str:
    """data{index}.nt of the suite: the document typed foaf:Document."""
    return f"<{DATA[index - 1]}> a <{FOAF_DOCUMENT}> .\n"


@pytest.fixture()
def kasei(client: httpx.Client, writable: str) -> str:
    """The suite's dataset: data1..3 loaded with Graph Store PUTs; yields the endpoint URL."""
    client.post(writable + "/sparql", content="DROP ALL", headers=DIRECT_UPDATE)
    for index in (1, 2, 3):
        response = client.put(
            writable + "/store",
            params={"graph": DATA[index - 1]},
            content=kasei_graph(index),
            headers={"Content-Type": "text/turtle", **AUTH},
        )
        assert response.status_code == 201, response.text
    return writable + "/sparql"


def boolean(response: httpx.Response) -> bool:
    assert 200 <= response.status_code < 400, response.text
    assert response.headers["content-type"].partition(";")[0] in BOOLEAN_TYPES
    return bool(response.json()["boolean"])


def media_type(response: httpx.Response) -> str:
    return response.headers["content-type"].partition(";")[0]


# --- query operation: GET and both POST forms -------------------------------------------


def test_query_get_and_both_posts(client: httpx.Client, kasei: str) -> None:
    data0 = {"default-graph-uri": KASEI + "data0.rdf"}
    assert boolean(client.get(kasei, params={"query": "ASK {}", **data0}))
    form = client.post(kasei, params=data0, content="query=ASK%20%7B%7D",
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert boolean(form)
    assert boolean(client.post(kasei, content="ASK {}", headers=DIRECT_QUERY))


ASK_BOTH_DEFAULT = f"ASK {{ <{DATA[0]}> a ?type . <{DATA[1]}> a ?type . }}"
ASK_BOTH_NAMED = (
    f"ASK {{ GRAPH ?g1 {{ <{DATA[0]}> a ?type }} GRAPH ?g2 {{ <{DATA[1]}> a ?type }} }}"
)


def test_dataset_default_graphs(client: httpx.Client, kasei: str) -> None:
    graphs = [("default-graph-uri", DATA[0]), ("default-graph-uri", DATA[1])]
    assert boolean(client.get(kasei, params=[("query", ASK_BOTH_DEFAULT), *graphs]))
    assert boolean(client.post(kasei, params=graphs, content=ASK_BOTH_DEFAULT, headers=DIRECT_QUERY))
    only_first = client.get(kasei, params={"query": ASK_BOTH_DEFAULT, "default-graph-uri": DATA[0]})
    assert not boolean(only_first)


def test_dataset_named_graphs(client: httpx.Client, kasei: str) -> None:
    graphs = [("named-graph-uri", DATA[0]), ("named-graph-uri", DATA[1])]
    assert boolean(client.get(kasei, params=[("query", ASK_BOTH_NAMED), *graphs]))
    assert boolean(client.post(kasei, params=graphs, content=ASK_BOTH_NAMED, headers=DIRECT_QUERY))
    only_third = client.get(kasei, params={"query": ASK_BOTH_NAMED, "named-graph-uri": DATA[2]})
    assert not boolean(only_third)


def test_dataset_full_and_protocol_over_from(client: httpx.Client, kasei: str) -> None:
    full = (
        f"ASK {{ <{DATA[2]}> a ?type GRAPH ?g1 {{ <{DATA[0]}> a ?type }} "
        f"GRAPH ?g2 {{ <{DATA[1]}> a ?type }} }}"
    )
    dataset = [("default-graph-uri", DATA[2]), ("named-graph-uri", DATA[0]),
               ("named-graph-uri", DATA[1])]
    assert boolean(client.post(kasei, params=dataset, content=full, headers=DIRECT_QUERY))
    # query_multiple_dataset: the protocol's named graphs replace the query's FROM
    with_from = ASK_BOTH_NAMED.replace("ASK", f"ASK FROM <{DATA[2]}>", 1)
    named = [("named-graph-uri", DATA[0]), ("named-graph-uri", DATA[1])]
    assert boolean(client.post(kasei, params=named, content=with_from, headers=DIRECT_QUERY))
    assert not boolean(client.post(kasei, content=with_from, headers=DIRECT_QUERY))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT (1 AS ?value) {}", TABULAR_TYPES),
        ("ASK {}", BOOLEAN_TYPES),
        ("DESCRIBE <http://example.org/>", RDF_TYPES),
        ("CONSTRUCT { <s> <p> 1 } WHERE {}", RDF_TYPES),
    ],
)
def test_content_type_fits_the_query_form(
    client: httpx.Client, kasei: str, query: str, expected: set[str]
) -> None:
    response = client.post(kasei, params={"default-graph-uri": KASEI + "data0.rdf"},
                           content=query, headers=DIRECT_QUERY)
    assert response.status_code == 200, response.text
    assert media_type(response) in expected
    assert response.headers["vary"] == "Accept"


# --- the error cases ----------------------------------------------------------------------


def test_bad_query_requests(client: httpx.Client, readonly: str) -> None:
    endpoint = readonly + "/sparql"
    put = client.put(endpoint, params={"query": "ASK {}"},
                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert put.status_code == 405
    two = client.get(endpoint, params=[("query", "ASK {}"), ("query", "SELECT * {}")])
    assert two.status_code == 400 and "exactly one query" in two.text
    wrong = client.post(endpoint, content="ASK {}", headers={"Content-Type": "text/plain"})
    assert wrong.status_code == 415
    for body in ("query=ASK%20%7B%7D", "ASK {}"):  # no Content-Type at all
        assert client.post(endpoint, content=body).status_code == 415
    utf16 = client.post(endpoint, content="ASK {}".encode("utf-16"),
                        headers={"Content-Type": "application/sparql-query; charset=UTF-16"})
    assert utf16.status_code == 415
    bom_only = client.post(endpoint, content="ASK {}".encode("utf-16"), headers=DIRECT_QUERY)
    assert bom_only.status_code == 400
    syntax = client.get(endpoint, params={"query": "ASK {"})
    assert syntax.status_code == 400 and "line 1, column" in syntax.text


def test_bad_update_requests(client: httpx.Client, writable: str) -> None:
    endpoint = writable + "/sparql"
    assert client.get(endpoint, params={"update": "CLEAR ALL"}, headers=AUTH).status_code == 400
    form = {"Content-Type": "application/x-www-form-urlencoded", **AUTH}
    two = client.post(endpoint, content="update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", headers=form)
    assert two.status_code == 400
    text = client.post(endpoint, content="CLEAR NAMED", headers={"Content-Type": "text/plain", **AUTH})
    assert text.status_code == 415
    assert client.post(endpoint, content="update=CLEAR%20NAMED", headers=AUTH).status_code == 415
    utf16 = client.post(endpoint, content="CLEAR NAMED".encode("utf-16"),
                        headers={**DIRECT_UPDATE, "Content-Type": "application/sparql-update; charset=UTF-16"})
    assert utf16.status_code == 415
    syntax = client.post(endpoint, content="update=CLEAR%20XYZ", headers=form)
    assert syntax.status_code == 400 and "syntax error" in syntax.text
    conflict = """PREFIX foaf: <http://xmlns.com/foaf/0.1/>
        WITH <http://example/addresses>
        DELETE { ?person foaf:givenName 'Bill' } INSERT { ?person foaf:givenName 'William' }
        WHERE { ?person foaf:givenName 'Bill' }"""
    clash = client.post(endpoint, params={"using-named-graph-uri": "http://example/people"},
                        content=conflict, headers=DIRECT_UPDATE)
    assert clash.status_code == 400 and "USING" in clash.text
    load = client.post(endpoint, content=f"LOAD <{writable}/sparql>", headers=DIRECT_UPDATE)
    assert load.status_code == 403


def test_updates_need_the_token(client: httpx.Client, writable: str, readonly: str) -> None:
    update = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> <http://example.org/p> 1 } }"
    direct = {"Content-Type": "application/sparql-update"}
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        refused = client.post(writable + "/sparql", content=update, headers={**direct, **headers})
        assert refused.status_code == 403 and "token" in refused.text
    read_only = client.post(readonly + "/sparql", content=update, headers={**direct, **AUTH})
    assert read_only.status_code == 403 and "read-only" in read_only.text
    ask = "ASK { GRAPH <http://example.org/g> { ?s ?p ?o } }"
    assert not boolean(client.get(writable + "/sparql", params={"query": ask}))


# --- update operation ---------------------------------------------------------------------

PREFIXES = "PREFIX dc: <http://purl.org/dc/terms/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
INSERT_ALL = "INSERT DATA {\n" + "".join(
    f"  GRAPH <{iri}> {{ <{iri}> a foaf:Document }}\n" for iri in DATA
) + "} ;\n"


def test_update_via_form_and_direct_post(client: httpx.Client, kasei: str) -> None:
    form = client.post(kasei, content="update=CLEAR+ALL",
                       headers={"Content-Type": "application/x-www-form-urlencoded", **AUTH})
    assert form.status_code == 204, form.text
    assert not boolean(client.get(kasei, params={"query": "ASK { ?s ?p ?o }"}))
    assert client.post(kasei, content="CLEAR ALL", headers=DIRECT_UPDATE).status_code == 204


@pytest.mark.parametrize(
    ("parameters", "where", "expected", "absent"),
    [
        ([("using-graph-uri", DATA[0])], "?s a foaf:Document", [DATA[0]], [DATA[1], DATA[2]]),
        ([("using-graph-uri", DATA[0]), ("using-graph-uri", DATA[1])], "?s a foaf:Document",
         [DATA[0], DATA[1]], [DATA[2]]),
        ([("using-named-graph-uri", DATA[0]), ("using-named-graph-uri", DATA[1])],
         "GRAPH ?g { ?s a foaf:Document }", [DATA[0], DATA[1]], [DATA[2]]),
    ],
)
def test_update_with_protocol_dataset(
    client: httpx.Client, kasei: str, parameters: list[tuple[str, str]], where: str,
    expected: list[str], absent: list[str],
) -> None:
    target = "http://example.org/protocol-update-dataset-test/"
    update = (
        PREFIXES + "DROP ALL ;\n" + INSERT_ALL
        + f"INSERT {{ GRAPH <{target}> {{ ?s a dc:BibliographicResource }} }}\nWHERE {{ {where} }}"
    )
    response = client.post(kasei, params=parameters, content=update, headers=DIRECT_UPDATE)
    assert response.status_code == 204, response.text
    query = "SELECT ?s WHERE { GRAPH <%s> { ?s a <http://purl.org/dc/terms/BibliographicResource> } }"
    rows = client.post(kasei, content=query % target, headers=DIRECT_QUERY).json()
    found = {row["s"]["value"] for row in rows["results"]["bindings"]}
    assert found == set(expected) and not found & set(absent)


def test_update_with_full_protocol_dataset(client: httpx.Client, kasei: str) -> None:
    target = "http://example.org/protocol-update-dataset-full-test/"
    update = PREFIXES + "DROP ALL ;\n" + INSERT_ALL + f"""
        INSERT {{ GRAPH <{target}> {{ ?s <http://example.org/in> ?in }} }}
        WHERE {{
            {{ GRAPH ?g {{ ?s a foaf:Document }} BIND(?g AS ?in) }}
            UNION
            {{ ?s a foaf:Document . BIND("default" AS ?in) }}
        }}"""
    parameters = [("using-graph-uri", DATA[0]), ("using-named-graph-uri", DATA[1])]
    assert client.post(kasei, params=parameters, content=update, headers=DIRECT_UPDATE).status_code == 204
    ask = f"""ASK {{
        GRAPH <{target}> {{
            <{DATA[0]}> <http://example.org/in> "default" .
            <{DATA[1]}> <http://example.org/in> <{DATA[1]}> .
        }}
        FILTER NOT EXISTS {{ GRAPH <{target}> {{ <{DATA[2]}> ?p ?o }} }}
    }}"""
    assert boolean(client.post(kasei, content=ask, headers=DIRECT_QUERY))


def test_update_resolves_relative_iris_against_the_service_base(
    client: httpx.Client, kasei: str
) -> None:
    graph = "http://example.org/protocol-base-test/"
    update = (
        f"CLEAR GRAPH <{graph}> ;\n"
        f"INSERT DATA {{ GRAPH <{graph}> {{ <http://example.org/s> <http://example.org/p> <test> }} }}"
    )
    assert client.post(kasei, content=update, headers=DIRECT_UPDATE).status_code == 204
    select = f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ <http://example.org/s> <http://example.org/p> ?o }} }}"
    rows = client.post(kasei, content=select, headers=DIRECT_QUERY).json()["results"]["bindings"]
    assert rows == [{"o": {"type": "uri", "value": BASE + "test"}}]


def test_using_clauses_are_inserted_before_every_modify_where() -> None:
    update = (
        "PREFIX ex: <http://ex/> CLEAR ALL ; INSERT DATA { ex:a ex:b 'WHERE' } ;\n"
        "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { { SELECT * WHERE { ?s ?p ?o } } } ;\n"
        "DELETE WHERE { ?s ?p ?o } ; INSERT { ?s ?p ?o } where { ?s ?p ?o }"
    )
    rewritten = prepare_update(update, ("http://g1",), ("http://g2",))
    assert rewritten.count("USING <http://g1> USING NAMED <http://g2> ") == 2
    assert "DELETE WHERE {" in rewritten and "'WHERE'" in rewritten
    assert "USING <http://g1> USING NAMED <http://g2> where {" in rewritten
    assert prepare_update(update) == update.replace("CLEAR ALL", "CLEAR SILENT ALL")
    assert prepare_update("CLEAR GRAPH <g> ; clear silent all ; INSERT DATA { <s> <p> 'CLEAR' }") == (
        "CLEAR SILENT GRAPH <g> ; clear silent all ; INSERT DATA { <s> <p> 'CLEAR' }"
    )


# --- Graph Store Protocol -----------------------------------------------------------------


def test_graph_store_put_get_post_delete(client: httpx.Client, writable: str) -> None:
    store, endpoint = writable + "/store", writable + "/sparql"
    graph = {"graph": BASE + "graph/article/gsp-test"}
    turtle = {"Content-Type": "text/turtle", **AUTH}
    body = '@prefix ex: <http://example.org/> . ex:russia ex:label "روسيا"@ar .'
    assert client.put(store, params=graph, content=body, headers=turtle).status_code == 201
    assert client.put(store, params=graph, content=body, headers=turtle).status_code == 204
    got = client.get(store, params=graph, headers={"Accept": "application/n-triples"})
    assert got.status_code == 200 and media_type(got) == "application/n-triples"
    assert got.text.strip() == '<http://example.org/russia> <http://example.org/label> "روسيا"@ar .'
    assert got.headers["csto-row-limit"] == "10000" and "csto-truncated" not in got.headers
    more = "<http://example.org/kazakhstan> <http://example.org/label> \"كازاخستان\"@ar ."
    merged = client.post(store, params=graph, content=more,
                         headers={"Content-Type": "application/n-triples", **AUTH})
    assert merged.status_code == 204
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph['graph']}> {{ ?s ?p ?o }} }}"
    rows = client.get(endpoint, params={"query": count}).json()["results"]["bindings"]
    assert rows[0]["n"]["value"] == "2"  # the query workers see the write at once
    described = rdflib.Graph().parse(data=client.get(endpoint).text, format="turtle")
    sizes = {
        str(described.value(named, SD.name)):
            described.value(described.value(named, SD.graph), VOID.triples).toPython()
        for named in described.subjects(SD.name, None)
    }
    assert sizes[graph["graph"]] == 2
    assert client.delete(store, params=graph, headers=AUTH).status_code == 204
    assert client.get(store, params=graph).status_code == 404
    assert client.delete(store, params=graph, headers=AUTH).status_code == 404


def test_graph_store_default_graph_and_errors(client: httpx.Client, writable: str) -> None:
    store = writable + "/store"
    nt = {"Content-Type": "application/n-triples", **AUTH}
    triple = "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
    assert client.put(store, params={"default": ""}, content=triple, headers=nt).status_code == 204
    got = client.get(store, params={"default": ""}, headers={"Accept": "application/n-triples"})
    assert got.text == triple
    assert client.delete(store + "?default", headers=AUTH).status_code == 204
    assert client.get(store + "?default", headers={"Accept": "application/n-triples"}).text == ""
    assert client.get(store).status_code == 400  # neither ?graph nor ?default
    assert client.get(store, params={"graph": "not an iri"}).status_code == 400
    graph = {"graph": "http://example.org/g"}
    assert client.put(store, params=graph, content=triple, headers={"Content-Type": "text/plain", **AUTH}).status_code == 415
    assert client.put(store, params=graph, content="<oops", headers=nt).status_code == 400
    assert client.put(store, params=graph, content=triple, headers={"Content-Type": "application/n-triples"}).status_code == 403
    assert client.get(store, params={"default": ""}, headers={"Accept": "text/csv"}).status_code == 406


def test_graph_store_is_read_only_without_a_token(client: httpx.Client, readonly: str) -> None:
    store = readonly + "/store"
    graph = {"graph": BASE + "graph/article/a"}
    got = client.get(store, params=graph, headers={"Accept": "application/n-triples"})
    assert got.status_code == 200
    assert got.headers["csto-truncated"] == "true" and len(got.text.splitlines()) == 5
    for method in ("PUT", "POST", "DELETE"):
        response = client.request(method, store, params=graph, content="",
                                  headers={"Content-Type": "text/turtle", **AUTH})
        assert response.status_code == 403, method


# --- service description, CORS --------------------------------------------------------------


def test_service_description_claims_update_only_with_a_token(
    client: httpx.Client, writable: str, readonly: str
) -> None:
    def languages(url: str) -> set[Any]:
        graph = rdflib.Graph().parse(data=client.get(url + "/sparql").text, format="turtle")
        return set(graph.objects(None, SD.supportedLanguage))

    assert languages(writable) == {SD.SPARQL11Query, SD.SPARQL11Update}
    assert languages(readonly) == {SD.SPARQL11Query}


def test_cors_preflight_allows_direct_posts_with_a_token(client: httpx.Client, writable: str) -> None:
    for path, method in (("/sparql", "POST"), ("/store", "PUT")):
        preflight = client.options(writable + path, headers={
            "Origin": "https://example.org", "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": "Content-Type, Authorization"})
        assert preflight.status_code == 204
        assert preflight.headers["access-control-allow-origin"] == "*"
        assert method in preflight.headers["access-control-allow-methods"]
        assert "Authorization" in preflight.headers["access-control-allow-headers"]


# --- row limit ----------------------------------------------------------------------------

ALL = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o"


@pytest.mark.parametrize(
    ("accept", "rows"),
    [
        ("application/sparql-results+json", lambda text: len(json.loads(text)["results"]["bindings"])),
        ("application/sparql-results+xml", lambda text: len(ElementTree.fromstring(text).findall(
            ".//{http://www.w3.org/2005/sparql-results#}result"))),
        ("text/csv", lambda text: len(text.splitlines()) - 1),
        ("text/tab-separated-values", lambda text: len(text.splitlines()) - 1),
    ],
)
def test_row_limit_is_signalled_in_every_results_format(
    client: httpx.Client, readonly: str, accept: str, rows: Any
) -> None:
    response = client.get(readonly + "/sparql", params={"query": ALL}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["csto-row-limit"] == "5"
    assert response.headers["csto-truncated"] == "true"
    assert rows(response.text) == 5
    if accept != "text/csv":  # our writers agree with pyoxigraph's parsers
        format = ox.QueryResultsFormat.from_media_type(accept)
        parsed = list(ox.parse_query_results(response.content, format))
        assert [row["o"].value for row in parsed] == ["0", "1", "2", "3", "4"]


def test_row_limit_on_graphs_and_no_flag_under_it(client: httpx.Client, readonly: str) -> None:
    construct = "CONSTRUCT WHERE { ?s ?p ?o }"
    response = client.get(readonly + "/sparql", params={"query": construct},
                          headers={"Accept": "application/n-triples"})
    assert response.headers["csto-truncated"] == "true" and len(response.text.splitlines()) == 5
    small = client.get(readonly + "/sparql", params={"query": ALL + " LIMIT 5"})
    assert small.headers["csto-row-limit"] == "5" and "csto-truncated" not in small.headers
    assert len(small.json()["results"]["bindings"]) == 5


# --- time limit: a runaway query is killed, others are served ------------------------------


def test_a_query_past_the_time_limit_is_killed_and_others_are_served(tmp_path: Path) -> None:
    graph = ox.NamedNode("http://example.org/big")
    quads = [
        ox.Quad(ox.NamedNode(f"http://example.org/{i}"), ox.NamedNode("http://example.org/p"),
                ox.Literal(i), graph)
        for i in range(1000)
    ]
    path = empty_store(tmp_path / "store", quads)
    pool = QueryPool(size=2, timeout=1.0)
    app = build_app(StoreHandle(path), ServeSettings(base_iri=BASE, row_limit=100), executor=pool)
    cross_join = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
    try:
        with running(app) as url, httpx.Client(timeout=10) as http:
            assert http.get(url + "/sparql", params={"query": "ASK {}"}).status_code == 200
            before = pool.pids
            slow: dict[str, Any] = {}

            def run_slow() -> None:
                started = time.monotonic()
                slow["response"] = http.get(url + "/sparql", params={"query": cross_join})
                slow["elapsed"] = time.monotonic() - started

            thread = threading.Thread(target=run_slow)
            thread.start()
            time.sleep(0.2)
            fast = http.get(url + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
            assert fast.status_code == 200
            assert "response" not in slow  # served while the cross join was still running
            assert fast.json()["results"]["bindings"][0]["n"]["value"] == "1000"
            thread.join(10)
            response = slow["response"]
            assert response.status_code == 503
            assert "time limit of 1 s" in response.text
            assert slow["elapsed"] < 3
            assert pool.killed == 1
            after = pool.pids
            # The runaway's worker was replaced (and the light worker it started on, which it
            # had to leave when it turned slow: light workers only run light jobs).
            assert len(after) == 2 and len(before - after) == 1 + pool.demoted
            assert http.get(url + "/sparql", params={"query": "ASK {}"}).status_code == 200
    finally:
        pool.close()
    assert pool.pids == set()
