"""A person with a browser: headless Chromium (Debian's, driven by Playwright) over a real server.

It opens the home page, a state's page and the query page, runs a query through the form, and
saves screenshots under tests/artifacts/ for people to look at. `make test` installs Chromium.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from conftest import Built, running

from csto_kg.server.app import create_app
from csto_kg.server.settings import ServeSettings

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# Chromium's own network chatter is refused on this machine: keep it quiet and local.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip


@pytest.fixture(scope="module")
def site(seed_build: Built) -> Iterator[str]:
    app = create_app(seed_build.config.store, ServeSettings(base_iri=seed_build.config.base, workers=1))
    with running(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "Debian's chromium is missing: `make test` installs it"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield launched
        launched.close()


def test_home_page_shows_the_figures_and_the_named_queries(browser: Browser, site: str) -> None:
    page = browser.new_page()
    page.goto(site + "/")
    assert "csto-kg" in page.title().lower() or page.locator("h1").count() >= 1
    text = page.inner_text("body")
    assert "members-as-of" in text or "Members as of" in text
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)


def test_a_state_page_shows_arabic_right_to_left_and_its_facts(browser: Browser, site: str) -> None:
    page = browser.new_page()
    page.goto(site + "/id/state/armenia")
    arabic = page.locator('[lang="ar"][dir="rtl"]').first
    assert "أرمينيا" in arabic.inner_text()
    assert page.locator("mark").count() >= 1  # an evidence span, highlighted
    page.screenshot(path=str(ARTIFACTS / "state-armenia.png"), full_page=True)


def test_the_organisation_page_draws_the_membership_timeline(browser: Browser, site: str) -> None:
    page = browser.new_page()
    page.goto(site + "/id/organization/csto")
    assert page.locator("svg").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "organization-csto.png"), full_page=True)


def test_the_query_page_runs_a_query_without_javascript(browser: Browser, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/query")
    page.fill("textarea#query", "SELECT ?s WHERE { ?s a <https://w3id.org/csto-kg/ontology#State> } LIMIT 5")
    page.click("text=Run query")
    page.wait_for_selector("table.results")
    assert page.locator("table.results tbody tr").count() == 5
    page.screenshot(path=str(ARTIFACTS / "query.png"), full_page=True)
    context.close()


@pytest.mark.parametrize(("typed", "shot"), [("لافروڤ", "search-arabic.png"), ("Lavrov", "search-english.png")])
def test_the_search_box_finds_a_person_across_spellings(browser: Browser, site: str, typed: str, shot: str) -> None:
    page = browser.new_page()
    page.goto(site + "/id/state/armenia")
    page.fill("header form.search input[name=q]", typed)
    page.press("header form.search input[name=q]", "Enter")
    page.wait_for_selector("ol.search-results")
    first = page.locator("ol.search-results li a").first
    assert first.inner_text() == "Sergey Lavrov"
    page.screenshot(path=str(ARTIFACTS / shot), full_page=True)
    first.click()
    page.wait_for_url("**/id/person/sergey-lavrov")
    assert "لافروف" in page.inner_text("body")


# Measured in the page Chromium rendered: each row's band, each open bar's arrowhead (its size
# in user units, at the bar's end), every dot, and the "now" line on top.
TIMELINE_GEOMETRY = """() => {
  const svg = document.querySelector('svg.timeline');
  const marker = svg.querySelector('marker#open-end');
  const arrow = marker.markerHeight.baseVal.value;
  const units = marker.getAttribute('markerUnits');
  const rows = [...svg.querySelectorAll('g.row')];
  const rowHeight = rows.length > 1 ? rows[1].querySelector('text').y.baseVal[0].value - rows[0].querySelector('text').y.baseVal[0].value : 30;
  const out = {arrow, units, rowHeight, escapes: [], opens: 0};
  rows.forEach((row) => {
    const middle = row.querySelector('text').y.baseVal[0].value - 4;
    const band = [middle - rowHeight / 2, middle + rowHeight / 2];
    row.querySelectorAll('line[marker-end]').forEach((line) => {
      out.opens += 1;
      const y = line.y2.baseVal.value;
      if (y - arrow / 2 < band[0] || y + arrow / 2 > band[1]) out.escapes.push(['arrow', row.dataset.state, y]);
    });
    row.querySelectorAll('circle').forEach((dot) => {
      const y = dot.cy.baseVal.value, r = dot.r.baseVal.value;
      if (y - r < band[0] || y + r > band[1]) out.escapes.push(['dot', row.dataset.state, y]);
    });
  });
  const now = svg.querySelector('line.now');
  const box = now.getBoundingClientRect();
  const x = box.left + box.width / 2;
  const opened = [...svg.querySelectorAll('g.row line[marker-end]')].map((l) => l.getBoundingClientRect());
  // a point where an open bar meets "now": what the reader sees there is the now line
  const probe = opened.length ? opened[0].top + opened[0].height / 2 : box.top + box.height / 2;
  out.nowOnTop = document.elementFromPoint(x, probe) === now;
  out.nowIsLast = [...svg.children].indexOf(now) > [...svg.children].indexOf(rows[rows.length - 1]);
  out.nowInside = box.left > svg.getBoundingClientRect().left && box.right < svg.getBoundingClientRect().right;
  return out;
}"""


def test_the_timeline_keeps_every_marker_in_its_row_and_now_visible(browser: Browser, site: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/id/organization/csto")
    geometry = page.evaluate(TIMELINE_GEOMETRY)
    assert geometry["units"] == "userSpaceOnUse" and geometry["arrow"] <= geometry["rowHeight"] / 2
    assert geometry["opens"] >= 1  # the seed has current members: bars open to now
    assert geometry["escapes"] == []
    assert geometry["nowIsLast"] and geometry["nowInside"] and geometry["nowOnTop"]
    page.locator("svg.timeline").screenshot(path=str(ARTIFACTS / "timeline-csto.png"))


def test_yasgui_runs_a_named_query_on_this_endpoint(browser: Browser, site: str) -> None:
    """The vendored editor (no CDN: every request of the page stays on this server)."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site + "/query")
    page.wait_for_selector("#yasgui .yasqe")
    page.click('button.example[data-name="current-members"]')
    page.wait_for_selector("#yasgui .yasr table tbody tr", timeout=15_000)
    cells = page.locator("#yasgui .yasr table tbody").inner_text()
    assert "armenia" in cells.lower()
    assert requested and all(url.startswith(site) for url in requested), [u for u in requested if not u.startswith(site)]
    assert any(url.startswith(site + "/sparql") for url in requested)
    page.screenshot(path=str(ARTIFACTS / "query-yasgui.png"), full_page=True)


def test_the_query_page_without_javascript_has_no_editor_but_the_form(browser: Browser, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/query?name=current-members")
    assert page.locator("#editor").is_hidden() and page.locator("textarea#query").is_visible()
    page.click("text=Run query")
    page.wait_for_selector("table.results")
    assert page.locator("table.results tbody tr").count() >= 1
    context.close()


def test_a_state_page_opens_on_its_summary(browser: Browser, site: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/id/state/armenia")
    summary = page.locator("section.summary")
    english = summary.locator("ul.summary-en").inner_text()
    assert "Collective Security Treaty Organization" in english and "Member" in english
    arabic = summary.locator('ul.summary-ar[lang="ar"][dir="rtl"]').inner_text()
    assert "منظمة معاهدة الأمن الجماعي" in arabic
    # the summary comes before the full property table
    assert page.locator("section.summary").bounding_box()["y"] < page.locator("table.properties").first.bounding_box()["y"]
    page.screenshot(path=str(ARTIFACTS / "summary-state-armenia.png"))


def test_a_person_page_says_which_posts_they_hold(browser: Browser, site: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/id/person/sergey-lavrov")
    english = page.locator("section.summary ul.summary-en").inner_text()
    assert "Minister of Foreign Affairs of Russia" in english
    assert "وزير الخارجية" in page.locator("section.summary ul.summary-ar").inner_text()
    page.screenshot(path=str(ARTIFACTS / "summary-person-lavrov.png"))


def test_an_event_page_gives_date_place_and_status_and_facts_have_human_titles(browser: Browser, site: str, seed_build: Built) -> None:
    rows = seed_build.select("SELECT ?e ?date WHERE { ?e a csto:Summit ; schema:startDate ?date ; schema:location ?place } LIMIT 1")
    assert rows, "the seed reports the Moscow summit"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + rows[0]["e"].removeprefix(seed_build.config.base.rstrip("/")))
    english = page.locator("section.summary ul.summary-en").inner_text()
    assert rows[0]["date"] in english and " in " in english
    page.screenshot(path=str(ARTIFACTS / "summary-event.png"))
    membership = seed_build.select("SELECT ?m WHERE { ?m a csto:Membership ; org:member ?s } LIMIT 1")[0]["m"]
    page.goto(site + membership.removeprefix(seed_build.config.base.rstrip("/")))
    title = page.locator("h1").inner_text()
    assert "membership/" not in title and "Collective Security Treaty Organization" in title
