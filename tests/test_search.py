"""Search: a reader finds a page by any way its name is written, in Arabic, English or Russian."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from conftest import ID, Built, running
from csto_kg.search import MAX_QUERY, SearchIndex, fold, fold_word
from csto_kg.server.app import create_app
from csto_kg.server.settings import ServeSettings


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("لافروڤ", "لافروف"),  # a borrowed letter for v
        ("لَافْرُوف", "لافروف"),  # diacritics
        ("لافـــروف", "لافروف"),  # tatweel
        ("أوزبكستان", "اوزبكستان"),  # hamza on alef
        ("الجمهورية", "الجمهوريه"),  # taa marbuta
        ("Лавров", "лавров"),
        ("Émomali", "emomali"),
    ],
)
def test_a_word_folds_as_the_extractor_folds_it(written: str, folded: str) -> None:
    assert fold_word(written)[0] == folded


def test_an_arabic_word_is_also_indexed_without_its_article_and_proclitics() -> None:
    assert fold_word("والروسية") == ("والروسيه", "روسيه")
    assert "روسيه" in fold("قالت الخارجية الروسية")


@pytest.fixture(scope="module")
def index(seed_build: Built) -> SearchIndex:
    return SearchIndex(seed_build.store)


@pytest.mark.parametrize("typed", ["لافروف", "لافروڤ", "لاڤروف", "Lavrov", "lavrov", "Лавров", "سيرغي لاف", "Sergey Lav"])
def test_lavrov_is_found_however_he_is_written(index: SearchIndex, typed: str) -> None:
    hits = index.search(typed)
    assert hits and hits[0].iri == ID + "person/sergey-lavrov", [h.iri for h in hits]
    assert hits[0].kind == "Person" and hits[0].label_en == "Sergey Lavrov"


def test_a_resource_called_exactly_what_was_typed_comes_first(index: SearchIndex) -> None:
    for typed, iri in (("روسيا", "state/russia"), ("Armenia", "state/armenia"), ("يريفان", "city/yerevan")):
        hits = index.search(typed)
        assert hits[0].iri == ID + iri, (typed, [h.iri for h in hits[:5]])
        assert len(hits) > 1  # longer names that hold the word come after it


def test_query_syntax_is_only_text(index: SearchIndex) -> None:
    for typed in ('"', "NEAR(a b)", "lavrov OR", "*", "a AND", "-- ;", "x" * (MAX_QUERY + 50)):
        index.search(typed)  # no FTS5 syntax error reaches the reader
    assert index.search("") == [] and index.search("  ،  ") == []


@pytest.fixture(scope="module")
def site(seed_build: Built) -> Iterator[str]:
    with running(create_app(seed_build.config.store, ServeSettings(base_iri=seed_build.config.base, workers=1))) as url:
        yield url


def test_programs_get_json_and_browsers_a_page(site: str) -> None:
    answer = httpx.get(site + "/search", params={"q": "لافروڤ"}, headers={"Accept": "application/json"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/json")
    first = answer.json()["results"][0]
    assert first["iri"] == ID + "person/sergey-lavrov" and first["href"] == "/id/person/sergey-lavrov"
    assert httpx.get(site + "/search", params={"q": "Lavrov", "format": "json"}).json()["results"][0]["kind"] == "Person"
    page = httpx.get(site + "/search", params={"q": "Lavrov"}, headers={"Accept": "text/html"})
    assert page.status_code == 200 and 'href="/id/person/sergey-lavrov"' in page.text


def test_every_page_has_the_search_box(site: str) -> None:
    for path in ("/", "/id/state/armenia", "/query", "/search"):
        assert 'action="/search"' in httpx.get(site + path, headers={"Accept": "text/html"}).text, path


def test_a_search_longer_than_a_name_is_refused(site: str) -> None:
    answer = httpx.get(site + "/search", params={"q": "ا" * (MAX_QUERY + 1), "format": "json"})
    assert answer.status_code == 400 and "at most" in answer.json()["error"]


def test_an_answer_asked_again_is_not_computed_again(seed_build: Built) -> None:
    index = SearchIndex(seed_build.store)
    first = index.search("لافروڤ")
    index._db.close()  # a second look into SQLite would fail now
    assert index.search("لافروڤ") == first and first[0].iri == ID + "person/sergey-lavrov"
