"""Fuzzing: random and mutated queries, updates, IRIs and article files.

Against a real `csto-kg serve` the only answers allowed are 2xx, 4xx and 503 (a time limit), never
a 500, a dead worker or a traceback; the pipeline turns any article file into a result or an
`ArticleError` naming it. `make test` runs a short round (CSTO_KG_FUZZ_EXAMPLES, default 40 per
property); `bench/fuzz.py` runs long ones.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csto_kg.config import PROJECT_ROOT, Config
from csto_kg.corpus import ArticleError, read_article
from helpers import Server, built_site, serving

EXAMPLES = int(os.environ.get("CSTO_KG_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=not os.environ.get("CSTO_KG_FUZZ_RANDOM"))
TOKEN = "fuzz-token"
ALLOWED = {200, 201, 204, 400, 403, 404, 405, 406, 409, 413, 414, 415, 503}

SEEDS = [path.read_text(encoding="utf-8") for path in sorted((PROJECT_ROOT / "queries").glob("*.rq"))] + [
    "SELECT * WHERE { FILTER(1<2)SERVICE#>\n<http://127.0.0.1:9/x>{ ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?a<?b&&?c>?d) } ORDER BY ?s LIMIT 3",
    "SELECT * WHERE { " + "OPTIONAL { " * 300 + "?s ?p ?o" + "}" * 300 + "}",
    "ASK { ?s ?p '''x''' , \"\"\"y\"\"\" ; <p>/<q>* [ <r> ( 1 2 ) ] }",
    "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 2",
    "DESCRIBE <https://w3id.org/csto-kg/id/state/armenia>",
]
UPDATE_SEEDS = [
    "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> <http://example.org/p> 'o' } }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 'x' } WHERE { GRAPH <http://example.org/g> { ?s ?p ?o } }",
    "CLEAR GRAPH <http://example.org/g> ; DROP SILENT GRAPH <http://example.org/h>",
    "LOAD <http://127.0.0.1:9/x>",
]
PIECES = list("<>{}()[]#\"'\\?$:;.,|^!=&*/+- \n\t\r") + [
    "SERVICE", "LOAD", "FROM", "GRAPH", "OPTIONAL", "FILTER", "SELECT", "\\u0053", "<http://127.0.0.1:9/>",
    "'''", '"""', "^^", "@ar", "_:b", "a", "\u0627\u0644", "\u200f", "\x00", "\ud7ff",
]


def mutated(seeds: list[str]) -> st.SearchStrategy[str]:
    """A seed with random pieces inserted, deleted or replaced; or arbitrary text."""

    @st.composite
    def mutate(draw: st.DrawFn) -> str:
        text = draw(st.sampled_from(seeds))
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(0, len(text)))
            choice = draw(st.integers(0, 2))
            piece = draw(st.sampled_from(PIECES) | st.text(max_size=4))
            if choice == 0:
                text = text[:at] + piece + text[at:]
            elif choice == 1:
                text = text[:at] + text[at + draw(st.integers(1, 20)):]
            else:
                text = text[:at] + piece + text[at + len(piece):]
        return text

    return mutate() | st.text(max_size=300)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = built_site(tmp_path_factory.mktemp("fuzz"), "000_")
    with serving(tmp / "store", "--timeout", "3", "--max-query", "20000", token=TOKEN) as running:
        yield running


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as client:
        yield client


def assert_answered(response: httpx.Response, what: str) -> None:
    assert response.status_code in ALLOWED, (what, response.status_code, response.text[:300])
    assert "Traceback" not in response.text


@FUZZ
@given(query=mutated(SEEDS), method=st.sampled_from(["get", "form", "direct", "page"]))
def test_fuzzed_queries_get_2xx_4xx_or_503(server: Server, http: httpx.Client, query: str, method: str) -> None:
    query = query.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    if method == "get":
        response = http.get(server.url + "/sparql", params={"query": query})
    elif method == "form":
        response = http.post(server.url + "/sparql", data={"query": query})
    elif method == "direct":
        response = http.post(server.url + "/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"})
    else:
        response = http.get(server.url + "/query", params={"query": query})
    assert_answered(response, query)


@FUZZ
@given(update=mutated(UPDATE_SEEDS))
def test_fuzzed_updates_get_2xx_4xx_or_503(server: Server, http: httpx.Client, update: str) -> None:
    update = update.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    response = http.post(
        server.url + "/sparql", content=update.encode(),
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
    )  # fmt: skip
    assert_answered(response, update)


@FUZZ
@given(
    prefix=st.sampled_from(["/id/", "/id/state/", "/graph/", "/graph/article/", "/dumps/", "/class/", "/store?graph="]),
    raw=st.binary(max_size=40),
)
def test_fuzzed_paths_get_2xx_4xx(server: Server, http: httpx.Client, prefix: str, raw: bytes) -> None:
    from urllib.parse import quote_from_bytes

    response = http.get(server.url + prefix + quote_from_bytes(raw, safe="/"))
    assert_answered(response, prefix + repr(raw))


def test_the_server_survived_the_fuzzing(server: Server, http: httpx.Client) -> None:
    """Runs after the properties above (pytest keeps file order)."""
    assert http.get(server.url + "/health").status_code == 200
    assert server.process.poll() is None
    log = server.process.stderr.read1(1 << 20).decode() if hasattr(server.process.stderr, "read1") else ""  # type: ignore[union-attr]
    assert "Traceback" not in log


ARTICLE = (PROJECT_ROOT / "corpus" / "000_e17557396043c40c.txt").read_bytes()


@pytest.fixture(scope="module")
def pipeline() -> object:
    from csto_kg.extract.facts import extract
    from csto_kg.extract.gazetteer import load_gazetteer
    from csto_kg.mapping import RulesStore, map_extraction
    from csto_kg.pipeline import background_quads
    from csto_kg.validate import ArticleValidator

    config = Config()
    background = background_quads(config)
    gazetteer, rules, validator = load_gazetteer(config.reference_file), RulesStore(background), ArticleValidator(config, background)

    def run(path: Path) -> None:
        article = read_article(path)
        quads = map_extraction(extract(article, gazetteer), config, rules)
        validator.validate(quads)

    return run


@FUZZ
@given(data=st.binary(max_size=2000) | st.builds(lambda cut, junk: ARTICLE[:cut] + junk + ARTICLE[cut:], st.integers(0, len(ARTICLE)), st.binary(max_size=30)))
def test_any_article_file_is_read_or_refused_with_its_name(pipeline: object, tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("article") / "fuzzed.txt"
    path.write_bytes(data)
    try:
        pipeline(path)  # type: ignore[operator]
    except ArticleError as error:
        assert str(path) in str(error)
