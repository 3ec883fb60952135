"""Read an article file into an `Article`: its text plus the metadata around it, with offsets.

Articles arrive in two shapes. Scraped pages such as the seed start with stray interface text
(`Ru En`), then the title, a date line (often in Arabic-Indic digits) and the body, and end with
footer lines for the publisher, the photo credit and the source agency. Curated articles may also
start with YAML front matter (`url`, `published`, `title`, `source`, `lang`, `publisher`), which wins
over anything guessed from the text. Every offset in this module indexes `Article.body`, the text
after the front matter, so that evidence spans can be checked against what we publish.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml

from csto_kg.arabic import has_arabic, normalize
from csto_kg.config import load_yaml
from csto_kg.extract.dates import parse_date_line
from csto_kg.lexicon import Lexicon, load_lexicon

ARTICLE_SUFFIXES = (".txt", ".md")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_SENTENCE_END = (".", "!", "?", "؟")


class ArticleError(Exception):
    """An article file that cannot be read; the message names the file, the line and the reason."""

    def __init__(self, path: Path, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Span:
    """A stretch of `Article.body` and its text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Article:
    """One news article: the body we extract from and the metadata we publish about it."""

    id: str
    path: Path
    body: str
    content: Span
    title: Span | None = None
    published: dt.date | None = None
    published_in: str | None = None  # a publication known only to the month or year ("2021-08")
    url: str | None = None
    lang: str = "ar"
    publisher: Span | None = None
    source: Span | None = None
    image_credit: Span | None = None
    front_matter: dict[str, object] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def headline(self) -> str | None:
        """The title: front matter first, then the first Arabic line."""
        value = self.front_matter.get("title")
        if isinstance(value, str) and value.strip():
            return value.strip()
        return self.title.text if self.title else None


def article_id(path: Path) -> str:
    """A stable, IRI-safe identifier from the file name (the same file always gets the same id)."""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", path.stem).strip("-").lower()
    if not slug:
        raise ArticleError(path, "the file name gives no usable article id (use Latin letters or digits)")
    return slug


def find_article_files(paths: Iterable[Path]) -> list[Path]:
    """Article files named directly, or found (recursively, sorted) under the folders given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in ARTICLE_SUFFIXES))
        else:
            found.append(path)
    return found


def read_article(path: Path, lexicon: Lexicon | None = None) -> Article:
    """Decode, check and split one article file; raises `ArticleError` for unusable input."""
    lexicon = lexicon or load_lexicon()
    raw = _read_bytes(path)
    text = _decode(path, raw)
    front, body = _split_front_matter(path, text)
    if not has_arabic(body):
        raise ArticleError(path, "no Arabic text found (is this an Arabic article?)")
    lines = list(_lines(body))
    title, after_title = _find_title(lines)
    date_line, after_date = _find_date_line(lines, after_title)
    footer_start, fields = _find_footer(lines, lexicon)
    content_start = after_date if date_line else after_title
    content_end = footer_start
    warnings: list[str] = []
    published = _front_matter_date(path, front.get("published"))
    if published is None and date_line is not None:
        published = date_line[1]
    partial = _partial_date(front.get("published"))
    if published is None and partial is not None:
        warnings.append(f"{path}: publication date known only as {partial}; dates relative to the day are left out")
    elif published is None:
        warnings.append(f"{path}: no publication date (front matter or date line); relative dates are left out")
    return Article(
        id=article_id(path),
        path=path,
        body=body,
        content=Span(content_start, content_end, body[content_start:content_end]),
        title=title,
        published=published,
        published_in=partial if published is None else None,
        url=_optional_str(front.get("url")),
        lang=_optional_str(front.get("lang")) or "ar",
        publisher=_front_or_footer(front, "publisher", fields),
        source=_front_or_footer(front, "source", fields),
        image_credit=_front_or_footer(front, "image", fields),
        front_matter=front,
        warnings=tuple(warnings),
    )


def _read_bytes(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ArticleError(path, f"cannot be read: {error.strerror}") from error
    if not raw.strip():
        raise ArticleError(path, "the file is empty")
    if b"\x00" in raw:
        raise ArticleError(path, "binary file (contains NUL bytes), not a text article")
    return raw


def _decode(path: Path, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ArticleError(path, f"not UTF-8 (invalid byte 0x{raw[error.start]:02x} at byte {error.start})", line) from error
    return text.removeprefix("\ufeff")


def _split_front_matter(path: Path, text: str) -> tuple[dict[str, object], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = load_yaml(match.group(1)) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        raise ArticleError(path, f"invalid YAML front matter: {getattr(error, 'problem', error)}", line) from error
    except ValueError as error:
        # PyYAML builds `2023-02-30` as a date and lets datetime's ValueError escape, not a YAMLError.
        raise ArticleError(path, f"invalid YAML front matter: not a real date ({error})") from error
    if not isinstance(data, dict):
        raise ArticleError(path, "front matter must be a YAML mapping (key: value lines)", 2)
    return {str(k): v for k, v in data.items()}, text[match.end():]


#: A publication date known to the month or the year only: accepted, with no day.
_PARTIAL_DATE = re.compile(r"\d{4}(?:-\d{2})?")


def _partial_date(value: object) -> str | None:
    """The front matter's date when it names only a month or a year ("2009-03", 2010), else None."""
    text = str(value).strip() if isinstance(value, (str, int)) else ""
    return text if _PARTIAL_DATE.fullmatch(text) else None


def _front_matter_date(path: Path, value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if _partial_date(value) is not None:
        return None  # a month or a year ("2009-03"): no day to resolve "اليوم" against
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError as error:
        raise ArticleError(path, f"front matter field 'published' is not an ISO date: {value!r}") from error


def _optional_str(value: object) -> str | None:
    return str(value).strip() if value is not None and str(value).strip() else None


def _lines(body: str) -> Iterable[Span]:
    """Non-blank lines with their offsets, whitespace trimmed."""
    for match in re.finditer(r"[^\n]+", body):
        line = match.group(0)
        stripped = line.strip()
        if stripped:
            start = match.start() + (len(line) - len(line.lstrip()))
            yield Span(start, start + len(stripped), stripped)


def _find_title(lines: list[Span]) -> tuple[Span | None, int]:
    """The first line with Arabic letters; lines before it (language switchers like `Ru En`) are chrome."""
    for line in lines:
        if has_arabic(line.text):
            return line, line.end
    return None, 0


def _find_date_line(lines: list[Span], after: int) -> tuple[tuple[Span, dt.date] | None, int]:
    """A line that is nothing but a full date, among the two lines after the title."""
    following = [line for line in lines if line.start >= after][:2]
    for line in following:
        value = parse_date_line(normalize(line.text).text)
        if value is not None and value.precision == "day":
            return (line, dt.date.fromisoformat(value.iso)), line.end
    return None, after


def _find_footer(lines: list[Span], lexicon: Lexicon) -> tuple[int, dict[str, Span]]:
    """Trailing `label: value` lines (source, image credit) and the publisher line just above them."""
    fields: dict[str, Span] = {}
    index = len(lines)
    while index > 0:
        line = lines[index - 1]
        field_name, value = lexicon.footer_field(line.text)
        if field_name is None or field_name in fields:
            break
        offset = line.text.index(value)
        fields[field_name] = Span(line.start + offset, line.start + offset + len(value), value)
        index -= 1
    if not fields:
        end = lines[-1].end if lines else 0
        return end, fields
    if index > 0:
        candidate = lines[index - 1]
        words = len(candidate.text.split())
        if words <= lexicon.publisher_max_words and not candidate.text.endswith(_SENTENCE_END):
            fields.setdefault("publisher", candidate)
            index -= 1
    return (lines[index].start if index < len(lines) else lines[-1].end), fields


def _front_or_footer(front: dict[str, object], key: str, fields: dict[str, Span]) -> Span | None:
    """Front matter values have no offsets in the body; they are kept as spans at -1."""
    value = _optional_str(front.get(key))
    if value is not None:
        return Span(-1, -1, value)
    return fields.get(key)
