"""The HTML pages over real HTTP: home figures, class paging, the query form, a resource page with
its Arabic evidence highlighted, escaping of article text, and the CSTO membership timeline."""

from __future__ import annotations

import datetime as dt
import re
import xml.dom.minidom
from collections.abc import Iterator

import httpx
import pytest
from conftest import SEED, Built, build_into, running

from csto_kg.server.app import create_app
from csto_kg.server.settings import ServeSettings
from csto_kg.server.timeline import Period, Row, render_svg, year_of

UZBEKISTAN_WITHDRAWN = "/id/membership/csto--uzbekistan--withdrawn--2012"
SCRIPT = "<script>alert('x')</script>"
OTHER_BASE = "http://kg.example.net/csto/"


@pytest.fixture(scope="module")
def client(seed_build: Built) -> Iterator[httpx.Client]:
    app = create_app(seed_build.config.store)
    with running(app) as url, httpx.Client(base_url=url, timeout=120) as http:
        yield http


def test_home_page_figures_and_named_queries(client: httpx.Client, seed_build: Built) -> None:
    html = client.get("/").text
    triples = seed_build.select("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")[0]["n"]
    quads = len(list(seed_build.store.quads_for_pattern(None, None, None, None)))
    assert f'<dd id="triples">{triples}</dd>' in html
    assert f'<dd id="quads">{quads}</dd>' in html
    assert '<dd id="articles">1</dd>' in html
    states = seed_build.select("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a csto:State }")[0]["n"]
    assert re.search(rf'<tr data-class="State">.*?<td class="number">{states}</td>', html, re.DOTALL)
    assert 'href="/query?name=memberships"' in html
    assert "Current members" in html  # a named query's title


def test_class_page_pages(client: httpx.Client, seed_build: Built) -> None:
    total = int(seed_build.select("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a csto:State }")[0]["n"])
    assert total > 5
    first = client.get("/class/State", params={"size": 5})
    assert first.status_code == 200
    assert f'<span id="total">{total}</span>' in first.text
    items = lambda html: re.findall(r'<ol class="instances".*?</ol>', html, re.DOTALL)[0].count("<li>")
    assert items(first.text) == 5
    assert 'rel="next" href="/class/State?page=2&amp;size=5"' in first.text
    last_page = (total + 4) // 5
    last = client.get("/class/State", params={"size": 5, "page": last_page})
    assert items(last.text) == total - 5 * (last_page - 1)
    assert 'rel="next"' not in last.text and 'rel="prev"' in last.text
    # a superclass lists its sub-classes' instances
    events = client.get("/class/Event")
    assert events.status_code == 200 and int(re.search(r'id="total">(\d+)<', events.text).group(1)) > 0
    assert client.get("/class/NoSuchClass").status_code == 404


def test_query_form_runs_a_named_query(client: httpx.Client) -> None:
    response = client.get("/query", params={"name": "current-members"})
    assert response.status_code == 200
    html = response.text
    assert '<form method="get" action="/query">' in html
    assert "<th>state</th>" in html
    assert 'href="/id/state/russia"' in html
    free = client.get("/query", params={"query": "ASK { ?s ?p ?o }"})
    assert '<p class="boolean">yes</p>' in free.text
    bad = client.get("/query", params={"query": "SELEKT nothing"})
    assert bad.status_code == 400 and 'class="error"' in bad.text
    service = client.get("/query", params={"query": "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"})
    assert service.status_code == 400


def test_resource_page_shows_arabic_and_the_highlighted_span(client: httpx.Client) -> None:
    html = client.get(UZBEKISTAN_WITHDRAWN, headers={"Accept": "text/html"}).text
    quote = re.search(r'<blockquote class="evidence" lang="ar" dir="rtl">(.*?)</blockquote>', html, re.DOTALL)
    assert quote is not None
    marked = re.search(r"<mark>(.*?)</mark>", quote.group(1)).group(1)
    assert marked.startswith("أوزبكستان") and "2012" in marked
    assert 'href="/id/article/000_e17557396043c40c?mark=' in html
    assert 'href="/id/state/uzbekistan"' in html
    state = client.get("/id/state/armenia", headers={"Accept": "text/html"}).text
    assert re.search(r'<p class="label-ar" lang="ar" dir="rtl">أرمينيا</p>', state)
    assert "Linked from" in state  # inverse links
    article = client.get("/id/article/000_e17557396043c40c", params={"mark": "3223-3286"}).text
    assert re.search(r'<div class="article-body" lang="ar" dir="rtl">.*<mark id="mark">أوزبكستان', article, re.DOTALL)


def test_csto_page_has_a_timeline_row_per_member_state(client: httpx.Client, seed_build: Built) -> None:
    html = client.get("/id/organization/csto", headers={"Accept": "text/html"}).text
    svg = re.search(r"<svg.*?</svg>", html, re.DOTALL)
    assert svg is not None
    xml.dom.minidom.parseString(svg.group(0))  # well-formed
    rows = set(re.findall(r'<g class="row" data-state="([^"]+)"', svg.group(0)))
    states = {
        row["s"]
        for row in seed_build.select(
            "SELECT DISTINCT ?s WHERE { ?m org:organization id:organization\\/csto ; org:member ?s . }"
        )
    }
    assert rows == states and len(rows) >= 6
    assert "class=\"period chair\"" in svg.group(0)  # Armenia chaired in 2022


def test_timeline_draws_kinds_of_periods_and_escapes() -> None:
    rows = [
        Row("https://x/id/state/a", "A <b>&", [Period("https://x/m1", "member", starts=["1992-05-15"])]),
        Row("https://x/id/state/b", "B", [Period("https://x/m2", "withdrawn", starts=["1993"], ends=["1999"]), Period("https://x/c", "chair", starts=["1995"])]),
        Row("https://x/id/state/c", "C", [Period("https://x/m3", "member", as_of=["2022-06-10"])]),
    ]
    svg = str(render_svg(rows, link=lambda iri: "/" + iri.rsplit("/", 1)[-1], title="T <x>", today=dt.date(2026, 1, 1)))
    xml.dom.minidom.parseString(svg)
    assert "A &lt;b&gt;&amp;" in svg and "<b>" not in svg
    assert 'marker-end="url(#open-end)"' in svg  # open bar to now
    assert 'stroke-dasharray="6,4"' in svg  # only an as-of date
    assert "<circle" in svg
    assert year_of("2022-01") == 2022.0 and year_of("nonsense") is None
    # Periods of one kind are drawn in one order whatever order the store listed them in (an
    # undated chairmanship has no date to order it by).
    chairs = [Period("https://x/c2", "chair"), Period("https://x/c1", "chair", starts=["2020"])]
    drawn = [render_svg([Row("https://x/id/state/d", "D", order)], link=str, title="T", today=dt.date(2026, 1, 1)) for order in (chairs, chairs[::-1])]
    assert drawn[0] == drawn[1]


# -- escaping, on a build of an article that contains markup, under another base ----------------


@pytest.fixture(scope="module")
def script_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp("script")
    corpus = tmp / "corpus"
    corpus.mkdir()
    text = SEED.read_text(encoding="utf-8")
    title = "لافروف يبحث مع زملائه"
    assert title in text
    text = text.replace(title, f"{title} {SCRIPT}", 1)
    text = text.replace("من المقرر أن يشارك", f"{SCRIPT} من المقرر أن يشارك", 1)
    (corpus / "001_script-test.txt").write_text(text, encoding="utf-8")
    built = build_into(tmp, [corpus], base=OTHER_BASE)
    assert built.report.ok, [o.message for o in built.report.outcomes]
    return built


def test_article_text_with_markup_is_escaped(script_build: Built) -> None:
    app = create_app(script_build.config.store, ServeSettings(base_iri=OTHER_BASE))
    with running(app) as url, httpx.Client(base_url=url, timeout=120) as http:
        article = http.get("/id/article/001_script-test", headers={"Accept": "text/html"})
        assert article.status_code == 200
        assert SCRIPT not in article.text
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in article.text
        assert "<script" not in article.text
        for path in ("/", "/id/organization/csto", "/class/NewsArticle", "/query?name=entities", "/graph/article/001_script-test"):
            page = http.get(path, headers={"Accept": "text/html"})
            assert page.status_code == 200, path
            assert SCRIPT not in page.text, path
            # the query page's only scripts are its own: the editor, its examples (JSON), its start
            ours = ('<script src="/static/yasgui/yasgui.min.js">', '<script type="application/json" id="examples">', "<script>\n(function () {")
            assert page.text.count("<script") == (len(ours) if path.startswith("/query") else 0), path
            assert all(tag in page.text for tag in ours) or not path.startswith("/query"), path
        turtle = http.get("/id/article/001_script-test.ttl").text
        assert f"<{OTHER_BASE}id/article/001_script-test>" in turtle or "id:article" in turtle


def test_the_query_page_runs_under_the_servers_time_limit(seed_build: Built) -> None:
    """The HTML form is another way in to the same workers: a runaway query is stopped there too."""
    import time

    app = create_app(seed_build.config.store, ServeSettings(base_iri=seed_build.config.base, timeout=1, workers=1))
    endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with running(app) as url:
        started = time.monotonic()
        page = httpx.get(url + "/query", params={"query": endless}, timeout=30)
        assert time.monotonic() - started < 5
        assert page.status_code == 503
        assert "time limit" in page.text
        quick = httpx.get(url + "/query", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
        assert quick.status_code == 200
