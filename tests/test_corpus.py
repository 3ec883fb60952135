"""Reading an article file: the seed's title, date and footer, front matter, and bad input.

Every offset the reader returns indexes `Article.body`, the text we publish as schema:articleBody,
so these tests check spans by slicing the body: a span is only useful if `body[start:end]` is its
text. Bad files must each stop with an `ArticleError` that names the file and says why, because
that message is all an editor sees in the build report.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from csto_kg.corpus import Article, ArticleError, Span, read_article

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "000_e17557396043c40c.txt"
SHARED_SEED = Path("/work/shared/seeds/000_e17557396043c40c.txt")

TITLE = 'لافروف يبحث مع زملائه في "منظمة معاهدة الأمن الجماعي" آليات التعاون في ظل الظروف الحديثة'
PUBLISHER = 'مجموعة الرؤية الاستراتيجية "روسيا - العالم الإسلامي"'
ARABIC_BODY = "وصل وزير الخارجية الروسي سيرغي لافروف إلى يريفان للمشاركة في اجتماع منظمة معاهدة الأمن الجماعي."


@pytest.fixture(scope="module")
def seed() -> Article:
    return read_article(SEED)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    """An article file with exactly these bytes (str is written as UTF-8)."""
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def assert_indexes_body(article: Article, span: Span | None) -> None:
    assert span is not None
    assert 0 <= span.start < span.end <= len(article.body)
    assert article.body[span.start:span.end] == span.text


def line_around(body: str, span: Span) -> str:
    """The whole line of the body a span sits on (footer values sit after a `label:`)."""
    start = body.rfind("\n", 0, span.start) + 1
    end = body.find("\n", span.end)
    return body[start:end if end != -1 else len(body)].strip()


# ---------------------------------------------------------------- the seed article


def test_the_seed_in_the_corpus_is_byte_identical_to_the_shared_seed() -> None:
    assert SHARED_SEED.exists(), f"the shared seed is missing: {SHARED_SEED}"
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_the_seed_gets_its_id_from_the_file_name(seed: Article) -> None:
    assert seed.id == "000_e17557396043c40c"
    assert seed.lang == "ar"
    assert seed.warnings == ()


def test_the_language_switcher_is_skipped_and_the_first_arabic_line_is_the_title(seed: Article) -> None:
    assert seed.body.startswith("Ru En\n")
    assert seed.title is not None and seed.title.text == TITLE
    assert seed.headline == TITLE
    assert seed.title.start > seed.body.index("Ru En")
    assert_indexes_body(seed, seed.title)


def test_the_date_line_in_arabic_indic_digits_is_the_publication_date(seed: Article) -> None:
    assert "١٠ يونيو ٢٠٢٢" in seed.body
    assert seed.published == dt.date(2022, 6, 10)


def test_the_footer_gives_publisher_image_credit_and_source(seed: Article) -> None:
    assert seed.publisher is not None and seed.publisher.text == PUBLISHER
    assert seed.image_credit is not None and seed.image_credit.text == "وزارة الخارجية الروسية"
    assert line_around(seed.body, seed.image_credit) == "الصورة: وزارة الخارجية الروسية"
    assert seed.source is not None and seed.source.text == "تاس"
    assert line_around(seed.body, seed.source) == "المصدر: تاس"
    for span in (seed.publisher, seed.image_credit, seed.source):
        assert_indexes_body(seed, span)


def test_the_content_is_the_body_between_the_date_line_and_the_footer(seed: Article) -> None:
    content = seed.content
    assert_indexes_body(seed, content)
    assert content.text.strip().startswith("من المقرر أن يشارك وزير الخارجية الروسي سيرغي لافروف")
    assert content.text.rstrip().endswith("(ليست عضوا في منظمة معاهدة الأمن الجماعي منذ عام 2012).")
    for outside in ("Ru En", TITLE, "١٠ يونيو ٢٠٢٢", PUBLISHER, "الصورة:", "المصدر:"):
        assert outside not in content.text
    assert seed.title is not None and seed.title.end <= content.start
    assert seed.publisher is not None and content.end <= seed.publisher.start


def test_the_body_is_the_file_text_so_offsets_index_the_file(seed: Article) -> None:
    assert seed.body == SEED.read_text(encoding="utf-8")


# ---------------------------------------------------------------- front matter


FRONT_MATTER_ARTICLE = f"""---
url: https://example.org/news/front-matter
published: 2023-01-05
title: عنوان من الترويسة
source: وكالة سبوتنيك
lang: ar
---
Ru En

{TITLE}

١٠ يونيو ٢٠٢٢

{ARABIC_BODY}

الصورة: وزارة الخارجية الروسية

المصدر: تاس
"""


def test_front_matter_wins_over_what_is_guessed_from_the_text(tmp_path: Path) -> None:
    article = read_article(write(tmp_path, "front.txt", FRONT_MATTER_ARTICLE))
    assert article.published == dt.date(2023, 1, 5)  # not the date line's 2022-06-10
    assert article.headline == "عنوان من الترويسة"  # not the first Arabic line
    assert article.url == "https://example.org/news/front-matter"
    assert article.lang == "ar"
    assert article.source is not None and article.source.text == "وكالة سبوتنيك"  # not the footer's تاس
    assert article.front_matter["url"] == "https://example.org/news/front-matter"
    assert article.warnings == ()


def test_offsets_index_the_text_after_the_front_matter(tmp_path: Path) -> None:
    article = read_article(write(tmp_path, "front.txt", FRONT_MATTER_ARTICLE))
    assert article.body == FRONT_MATTER_ARTICLE.split("---\n", 2)[2]
    assert not article.body.startswith("---")
    assert article.title is not None and article.title.text == TITLE
    assert_indexes_body(article, article.title)
    assert_indexes_body(article, article.content)
    assert article.content.text.strip() == ARABIC_BODY
    assert article.image_credit is not None and article.image_credit.text == "وزارة الخارجية الروسية"
    assert_indexes_body(article, article.image_credit)


def test_front_matter_fields_that_are_missing_fall_back_to_the_text(tmp_path: Path) -> None:
    text = FRONT_MATTER_ARTICLE.replace("published: 2023-01-05\n", "").replace("source: وكالة سبوتنيك\n", "")
    article = read_article(write(tmp_path, "partial.txt", text))
    assert article.published == dt.date(2022, 6, 10)
    assert article.source is not None and article.source.text == "تاس"
    assert_indexes_body(article, article.source)


# ---------------------------------------------------------------- bad input


def read_error(path: Path) -> ArticleError:
    with pytest.raises(ArticleError) as caught:
        read_article(path)
    error = caught.value
    assert str(path) in str(error), f"the message does not name the file: {error}"
    assert error.path == path
    return error


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    error = read_error(write(tmp_path, "empty.txt", b""))
    assert "empty" in error.reason


def test_a_whitespace_only_file_is_refused(tmp_path: Path) -> None:
    error = read_error(write(tmp_path, "blank.txt", " \n\t\n   \r\n"))
    assert "empty" in error.reason


def test_a_binary_file_is_refused(tmp_path: Path) -> None:
    error = read_error(write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"))
    assert "binary" in error.reason


def test_a_cp1256_file_is_refused_naming_the_line(tmp_path: Path) -> None:
    content = "Ru En\n\n".encode("ascii") + ARABIC_BODY.encode("cp1256") + b"\n"
    path = write(tmp_path, "windows-arabic.txt", content)
    error = read_error(path)
    assert "UTF-8" in error.reason
    assert error.line == 3
    assert f"{path}:3:" in str(error)


def test_a_file_without_arabic_is_refused(tmp_path: Path) -> None:
    error = read_error(write(tmp_path, "english.txt", "Ru En\n\nLavrov meets CSTO colleagues in Yerevan.\n"))
    assert "Arabic" in error.reason


def test_invalid_yaml_front_matter_is_refused_naming_the_line(tmp_path: Path) -> None:
    text = f"---\nurl: https://example.org/a\ntitle: [unclosed\n---\n{ARABIC_BODY}\n"
    path = write(tmp_path, "bad-yaml.txt", text)
    error = read_error(path)
    assert "front matter" in error.reason
    assert error.line is not None and 2 <= error.line <= 4
    assert f"{path}:{error.line}:" in str(error)


@pytest.mark.parametrize("value", ["yesterday", "2023-02-30", "10/06/2022"])
def test_a_front_matter_published_that_is_not_a_date_is_refused(tmp_path: Path, value: str) -> None:
    path = write(tmp_path, "bad-date.txt", f"---\npublished: {value}\n---\n{ARABIC_BODY}\n")
    error = read_error(path)
    assert "published" in error.reason or "date" in error.reason


@pytest.mark.parametrize("value", ["2009-03", "2010", '"2009-10"'])
def test_a_publication_date_known_to_the_month_or_year_is_read_without_a_day(tmp_path: Path, value: str) -> None:
    """An archive page may say only "March 2009": the article is read, with no day to resolve
    relative dates against, and the warning says so (it is not refused as a bad date)."""
    path = write(tmp_path, "partial.txt", f"---\npublished: {value}\n---\n{ARABIC_BODY}\n")
    article = read_article(path)
    assert article.published is None
    assert any(f"known only as {value.strip(chr(34))}" in w for w in article.warnings)
