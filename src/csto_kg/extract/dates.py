"""Dates and durations in normalised Arabic news text, resolved to ISO values.

dateparser reads about half of the forms these articles use (not "يونيو/حزيران", not "…الماضي",
not "اليوم التالي"), so the normaliser is ours.  The words come from ``mappings/calendar.yaml``;
this module only knows the shapes of a date phrase.  It works in two passes:

1. *find*: every shape is a regex over normalised text (built from the tables); all matches are
   collected, and the longest non-overlapping ones are kept.  A phrase starts at a token start,
   optionally after a clitic (و ف ب ل ك), and ends at a token end; the boundaries are checked with
   look-arounds on letters and digits because ``\\b`` is unreliable on Arabic.
2. *resolve*: in text order, each phrase gets a value.  Absolute phrases stand alone; relative ones
   are anchored on the publication date ("16 مايو الماضي", "يوم الخميس", "أمس") or on the previous
   day-precision date of the same text ("اليوم التالي").  Without a publication date a relative
   phrase gets no value: it is never guessed.

Rules worth knowing when reading results:

* "X الماضي" is the most recent X strictly before publication, "X المقبل" the next one strictly
  after, a day and month without year or qualifier is in the publication year.  "قبل يومين" counts
  back from publication, unless من/على/عن follows ("قبل يومين من القمة": from the summit).
* "اليوم التالي/نفسه" count from the previous day-precision phrase, skipping one that starts a
  period ("اعتبارا من الأول من يناير"; the calendar's ``not_anchors_after``).
* A weekday without qualifier ("يوم الخميس", bare and set off by commas: "قال، الخميس، إن", or bare
  when it names nothing else: "انطلقت الثلاثاء", calendar `bare_weekdays`) is
  the publication day if it is that weekday, else the most recent one in the six days before: news
  reports mostly what has happened.
* "الأسبوع الماضي/المقبل/هذا الأسبوع" has a value only when the whole week (starting on the
  calendar's ``week_starts_on``) lies in one month; the value is then that month.
* A day may be an ordinal ("الأول من يناير", "الفاتح جانفي 2023", "الخامس عشر من أيار 1992")
  when a month follows; the month may be "الشهر الجاري/الماضي/المقبل" or "هذا الشهر" (counted from
  publication) or "الشهر نفسه" (the month of the previous dated phrase).
* "من العام نفسه/ذاته" after a month ("7 أكتوبر من العام ذاته") and "في العام نفسه", "في الشهر
  نفسه", "في العام التالي" alone take the year (month) of the previous dated phrase of any precision
  (not of a year range), not the publication year; "من العام الماضي" after a month counts from
  publication.
* A part of a month ("مطلع/أواخر/منتصف يونيو") gives the month, never a day.  A season ("الخريف
  المقبل", "صيف 2023", "ربيع العام المقبل") gives only its year; a winter without a written year has
  no value, since it straddles two years.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex
import yaml

from csto_kg.arabic import CLITIC_PREFIXES, Token, normalize, normalize_word
from csto_kg.config import load_yaml
from csto_kg.extract.matcher import ARTICLE
from csto_kg.namespaces import XSD

__all__ = [
    "Calendar",
    "CalendarError",
    "DateMention",
    "DateValue",
    "default_calendar_path",
    "find_dates",
    "find_durations",
    "load_calendar",
    "parse_date_line",
]

_XSD_BY_PRECISION = {"day": XSD + "date", "month": XSD + "gYearMonth", "year": XSD + "gYear"}


@dataclass(frozen=True, order=True)
class DateValue:
    """A date at the precision the text gives: ``2022-06-10`` (day), ``2022-06`` or ``2022``.

    ISO strings of mixed precision sort and compare as the data model expects.
    """

    iso: str
    precision: str

    @property
    def xsd(self) -> str:
        """The XSD datatype IRI for a literal of this value (xsd:date, xsd:gYearMonth, xsd:gYear)."""
        return _XSD_BY_PRECISION[self.precision]

    @classmethod
    def of_day(cls, day: dt.date) -> DateValue:
        return cls(day.isoformat(), "day")

    @classmethod
    def of_month(cls, year: int, month: int) -> DateValue:
        return cls(f"{year:04d}-{month:02d}", "month")

    @classmethod
    def of_year(cls, year: int) -> DateValue:
        return cls(f"{year:04d}", "year")


@dataclass(frozen=True)
class DateMention:
    """A date phrase found in normalised text and what it resolves to.

    ``relative`` marks phrases that need an anchor (the publication date or the previous date in
    the text), whether or not the anchor was available; ``value`` is None when it was not.
    """

    start: int
    end: int
    text: str
    value: DateValue | None
    period_end: DateValue | None = None
    relative: bool = False
    weekday_mismatch: bool = False

    @property
    def starts_something(self) -> bool:
        """Whether the phrase can date when something happened: one day, month or year, or a range
        of days (an event that lasts them starts on the first); not a span of years ("2022-2024",
        what a plan covers)."""
        return self.value is not None and (self.period_end is None or self.period_end.precision == "day")


class CalendarError(ValueError):
    """The calendar file is missing a table or has a malformed entry (message names file and field)."""


@dataclass(frozen=True)
class Calendar:
    """The word tables of ``mappings/calendar.yaml``, normalised, and the regexes built from them.

    Lookups map a normalised phrase (single spaces) to what it means.
    """

    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    relative: Mapping[str, str]
    relative_units: Mapping[str, str]
    day_offsets: Mapping[str, int]
    anaphoric_days: Mapping[str, int]
    duration_units: Mapping[str, str]
    numbers: Mapping[str, int]
    ordinal_days: Mapping[str, int]
    seasons: Mapping[str, int]
    anaphoric_units: Mapping[str, tuple[str, int]]
    week_starts_on: int
    bare_weekdays: frozenset[str]
    min_year: int
    max_year: int
    starters: frozenset[str] = field(repr=False, compare=False)
    opening_kinds: Mapping[str, frozenset[str]] = field(repr=False, compare=False)
    date_patterns: tuple[tuple[str, regex.Pattern[str]], ...] = field(repr=False, compare=False)
    duration_pattern: regex.Pattern[str] = field(repr=False, compare=False)
    # token -> `_opened_kinds` of it, filled as articles are read (a few thousand words)
    kinds_of_token: dict[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)
    # phrases after which a day starts a period ("اعتبارا من"): no anchor for "اليوم نفسه"
    not_anchors_after: tuple[str, ...] = field(default=(), repr=False, compare=False)
    # the word before the first day of a range ("من", "بين") and what joins the two ("إلى", "و", "-")
    range_openers: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    range_joiners: frozenset[str] = field(default=frozenset(), repr=False, compare=False)


# --------------------------------------------------------------------------- loading the tables


def default_calendar_path() -> Path:
    """``<repo>/mappings/calendar.yaml``: the package lives in ``<repo>/src/csto_kg``."""
    return Path(__file__).resolve().parents[3] / "mappings" / "calendar.yaml"


@lru_cache(maxsize=8)
def load_calendar(path: Path | None = None) -> Calendar:
    """Read, normalise and compile the calendar tables (cached: every article uses them)."""
    source = path or default_calendar_path()
    try:
        data = load_yaml(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CalendarError(f"{source}: cannot read calendar: {error}") from error
    if not isinstance(data, dict):
        raise CalendarError(f"{source}: expected a mapping at the top level")
    return _build_calendar(_Tables(source, data))


class _Tables:
    """Typed access to the raw YAML with errors that name the file and the field.

    A field is a dotted path; a table's keys may be integers (month and weekday numbers), so a
    path segment matches a key by its string form.
    """

    def __init__(self, source: Path, data: dict[Any, Any]) -> None:
        self.source = source
        self.data = data

    def node(self, dotted: str) -> Any:
        node: Any = self.data
        for segment in dotted.split("."):
            keys = {str(k): k for k in node} if isinstance(node, dict) else {}
            if segment not in keys:
                raise CalendarError(f"{self.source}: missing field {dotted!r}")
            node = node[keys[segment]]
        return node

    def words(self, dotted: str) -> list[str]:
        node = self.node(dotted)
        if not isinstance(node, list) or not node or not all(isinstance(w, str) for w in node):
            raise CalendarError(f"{self.source}: field {dotted!r} must be a non-empty list of words")
        return [normalize_word(w) for w in node]

    def integer(self, dotted: str) -> int:
        node = self.node(dotted)
        if not isinstance(node, int):
            raise CalendarError(f"{self.source}: field {dotted!r} must be an integer")
        return node

    def keyed_words(self, dotted: str) -> dict[str, Any]:
        """A table ``key: [words]`` turned into ``word -> key``."""
        node = self.node(dotted)
        if not isinstance(node, dict):
            raise CalendarError(f"{self.source}: field {dotted!r} must be a mapping")
        return {word: key for key in node for word in self.words(f"{dotted}.{key}")}


def _build_calendar(tables: _Tables) -> Calendar:
    months = tables.keyed_words("months")
    if sorted(set(months.values())) != list(range(1, 13)):
        raise CalendarError(f"{tables.source}: field 'months' must have keys 1 to 12")
    weekdays = tables.keyed_words("weekdays")
    if sorted(set(weekdays.values())) != list(range(1, 8)):
        raise CalendarError(f"{tables.source}: field 'weekdays' must have ISO keys 1 to 7")
    units = tables.node("durations.units")
    if not isinstance(units, dict):
        raise CalendarError(f"{tables.source}: field 'durations.units' must be a mapping")
    duration_forms = {
        unit: {form: tables.words(f"durations.units.{unit}.{form}") for form in _DURATION_FORMS}
        for unit in units
    }
    unknown_units = set(duration_forms) - set(_HALF_OF)
    if unknown_units:
        raise CalendarError(f"{tables.source}: unknown duration units {sorted(unknown_units)}")
    words = {name: tables.words(dotted) for name, dotted in _WORD_FIELDS.items()}
    ordinal_days = tables.keyed_words("ordinal_days")
    if sorted(set(ordinal_days.values())) != list(range(1, 32)):
        raise CalendarError(f"{tables.source}: field 'ordinal_days' must have keys 1 to 31")
    seasons = tables.keyed_words("seasons")
    if not set(seasons.values()) <= set(range(1, 13)):
        raise CalendarError(f"{tables.source}: field 'seasons' must be keyed by a first month 1 to 12")
    anaphoric_units = {
        word: (unit, offset)
        for unit in ("year", "month")
        for word, offset in tables.keyed_words(f"anaphoric_units.{unit}").items()
    }
    lookups = {
        "months": months,
        "weekdays": weekdays,
        "relative": tables.keyed_words("relative"),
        "relative_units": tables.keyed_words("relative_units"),
        "day_offsets": tables.keyed_words("day_offsets"),
        "days_ago": tables.keyed_words("days_ago"),
        "anaphoric_days": tables.keyed_words("anaphoric_days"),
        "ordinal_days": ordinal_days,
        "seasons": seasons,
        "anaphoric_units": anaphoric_units,
    }
    numbers = tables.keyed_words("durations.numbers")
    return Calendar(
        months=months,
        weekdays=weekdays,
        relative=lookups["relative"],
        relative_units=lookups["relative_units"],
        day_offsets={**lookups["day_offsets"], **lookups["days_ago"]},
        anaphoric_days=lookups["anaphoric_days"],
        duration_units={w: u for u, forms in duration_forms.items() for ws in forms.values() for w in ws},
        numbers=numbers,
        ordinal_days=ordinal_days,
        seasons=seasons,
        anaphoric_units=anaphoric_units,
        week_starts_on=tables.integer("week_starts_on"),
        bare_weekdays=frozenset(normalize_word(w) for w in tables.words("bare_weekdays")),
        min_year=tables.integer("years.min"),
        max_year=tables.integer("years.max"),
        starters=_first_words(tables),
        opening_kinds=_opening_kinds(tables),
        date_patterns=_date_patterns(lookups, words),
        duration_pattern=_duration_pattern(duration_forms, numbers, words),
        not_anchors_after=tuple(tables.words("not_anchors_after")),
        range_openers=frozenset(w.split(" ")[-1] for w in words["from"] + words["between"]),
        range_joiners=frozenset([*words["to"], *words["and"], "-", "–", "—"]),
    )


def _first_words(tables: _Tables) -> frozenset[str]:
    """The first word of every entry that can open a phrase (the union of `opening_kinds`' words,
    and a few more: ``_OPENING_FIELDS`` is the coarser, older list)."""
    words = (normalize_word(w) for dotted in _OPENING_FIELDS for w in _entries(tables.node(dotted)))
    return frozenset(w.split(" ")[0] for w in words if w)


def _opening_kinds(tables: _Tables) -> dict[str, frozenset[str]]:
    """First word -> the kinds of phrase (keys of ``_OPENERS_BY_KIND``) it can open.

    :func:`_candidates` tries at a position only the patterns its word can open, instead of all of
    them: most starters open one or two shapes, so this skips most of the regex calls.
    """
    kinds: dict[str, set[str]] = {}
    for kind, (fields, _digits) in _OPENERS_BY_KIND.items():
        for dotted in fields:
            for word in _entries(tables.node(dotted)):
                first = normalize_word(word).split(" ")[0]
                if first:
                    kinds.setdefault(first, set()).add(kind)
    return {word: frozenset(found) for word, found in kinds.items()}


def _entries(node: Any) -> Iterable[str]:
    """Every string of a table, however nested (lists, and mappings of lists)."""
    if isinstance(node, dict):
        return (w for child in node.values() for w in _entries(child))
    return (w for w in node if isinstance(w, str)) if isinstance(node, list) else ()


# For each kind of phrase (a shape of `_date_patterns`, or "duration"): the tables whose words
# can come first in it, after an optional clitic, and whether it can start with a digit. Read off
# the regexes below: a leading optional group contributes its words, and so does what follows it.
# A word found here is always a whole token (each is followed by a space or a word end), so the
# token at a position decides which shapes can match there.
_OPENERS_BY_KIND: dict[str, tuple[tuple[str, ...], bool]] = {
    "day_month": (("today.words", "nouns.day", "weekdays", "ordinal_days", "ranges.from", "ranges.between"), True),
    "numeric": (("today.words", "nouns.day", "weekdays"), True),
    "month": (("month_parts", "month_context", "nouns.month", "months"), False),
    "season": (("this", "seasons"), False),
    "anaphoric_unit": (("year_context",), False),
    "range": (("ranges.period", "ranges.from", "ranges.between", "nouns.year"), True),
    "year": (("year_context", "nouns.year"), True),
    "weekday": (("nouns.day", "weekdays"), False),
    "today": (("today.words",), False),
    "day_offset": (("day_offsets", "days_ago"), False),
    "anaphoric": (("anaphoric_days",), False),
    "relative_unit": (("this", "relative_units"), False),
    "duration": (("durations.units", "durations.numbers", "durations.half"), True),
}
_DIGIT_KINDS = frozenset(kind for kind, (_fields, digits) in _OPENERS_BY_KIND.items() if digits)

# The tables whose words can open a date or duration phrase (qualifiers and exclusions cannot).
_OPENING_FIELDS = (
    "months", "weekdays", "this", "relative_units", "nouns", "year_context", "ranges.period",
    "ranges.from", "ranges.between", "today.words", "day_offsets", "days_ago", "anaphoric_days",
    "durations.units", "durations.numbers", "durations.half", "ordinal_days", "seasons", "month_parts",
    "month_context",
)  # fmt: skip
_DURATION_FORMS = ("singular", "dual", "plural", "accusative")
_WORD_FIELDS = {
    "this": "this",
    "current_month": "current_month",
    "month_pronouns": "month_pronouns",
    "day_noun": "nouns.day",
    "month_noun": "nouns.month",
    "year_noun": "nouns.year",
    "of": "nouns.of",
    "of_year": "nouns.of_year",
    "month_parts": "month_parts",
    "month_context": "month_context",
    "year_context": "year_context",
    "period": "ranges.period",
    "from": "ranges.from",
    "between": "ranges.between",
    "to": "ranges.to",
    "today": "today.words",
    "today_not_after": "today.not_after",
    "today_not_before": "today.not_before",
    "days_ago_not_before": "days_ago_not_before",
    "half": "durations.half",
    "and": "and",
    "year_suffix": "year_suffix",
}

# ------------------------------------------------------------------------------ building regexes

_WORD_CHAR = r"[\p{L}\p{N}\p{M}]"
_END = rf"(?!{_WORD_CHAR})"
# A phrase starts at a token start, or right after a clitic at a token start.
_START = rf"(?<!{_WORD_CHAR})(?:{'|'.join(CLITIC_PREFIXES)})??"
_SP = r"[^\S\n]+"  # a date phrase never crosses a line break
_OSP = r"[^\S\n]*"
_SEP = rf"(?:{_OSP}[،,])?{_SP}"  # "اليوم، الجمعة"


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of normalised phrases, longest first, any spaces between words."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(_SP.join(regex.escape(p) for p in w.split(" ")) for w in ordered) + ")"


def _date_patterns(
    lookups: Mapping[str, Mapping[str, Any]], words: Mapping[str, list[str]]
) -> tuple[tuple[str, regex.Pattern[str]], ...]:
    """One regex per shape of date phrase; group ``m`` is the phrase, other groups its parts."""
    month = _alt(lookups["months"])
    weekday = rf"(?P<wd>{_alt(lookups['weekdays'])}){_END}"
    rel = rf"(?P<rel>{_alt(lookups['relative'])}){_END}"
    day_noun, month_noun, year_noun = (_alt(words[k]) for k in ("day_noun", "month_noun", "year_noun"))
    # A month's two names, Gregorian and Syriac, however the outlet joins them: "أيار/مايو",
    # "مايو (أيار)", "أيار مايو"; the first one gives the value.
    month_names = (
        rf"(?P<mon>{month}){_END}"
        rf"(?:{_OSP}/{_OSP}(?P<mon2>{month}){_END}|{_OSP}\({_OSP}(?P<mon2>{month}){_OSP}\)|{_SP}(?P<mon2>{month}){_END})?"
    )
    suffix = _alt(words["year_suffix"])
    y, y1, y2 = (rf"(?P<{name}>\d\d\d\d)(?:{suffix})?" for name in ("year", "y1", "y2"))
    conjunction = _alt(words["and"])
    year_part = rf"(?:{year_noun}{_SP})?{y}"
    lead = rf"(?:(?P<today>{_alt(words['today'])}){_SEP})?(?:{day_noun}{_SP})?(?:{weekday}{_SEP})?"
    # A year named relative to publication or to the previous date, after a month or a season:
    # "من العام الماضي", "من هذا العام", "من العام نفسه".  A bare "العام" is not one.
    this, rel_words, of_year = _alt(words["this"]), _alt(lookups["relative"]), _alt(words["of_year"])
    units = {u: _alt(w for w, v in lookups["relative_units"].items() if v == u) for u in ("year", "month")}
    anaphora = {u: _alt(w for w, (v, _) in lookups["anaphoric_units"].items() if v == u) for u in ("year", "month")}
    year_ref = (
        rf"(?:(?P<ythis>{this}){_SP}(?P<yunit>{units['year']}){_END}(?:{_SP}(?P<yrel>{rel_words}){_END})?"
        rf"|(?P<yunit>{units['year']}){_SP}(?P<yrel>{rel_words}){_END}"
        rf"|(?P<yana>{anaphora['year']}){_END})"
    )
    year_tail = rf"(?:{_SP}(?:{of_year}{_SP})?{year_part}|{_SP}{rel}|{_SP}{of_year}{_SP}{year_ref})?"
    # The month of a day: a name, or one counted from publication or from the previous date.
    month_ref = (
        rf"(?:(?:{month_noun}{_SP})?{month_names}{year_tail}"
        rf"|(?P<mthis>{this}){_SP}(?P<munit>{units['month']}){_END}(?:{_SP}(?P<mrel>{rel_words}){_END})?"
        rf"|(?P<munit>{units['month']}){_SP}(?P<mrel>{rel_words}){_END}"
        rf"|(?P<mana>{anaphora['month']}){_END}"
        rf"|(?P<mcur>{_alt(words['current_month'])}){_END}"
        rf"|(?P<mpron>{_alt(words['month_pronouns'])}){_END})"
    )
    # An ordinal that is a word of a month's name (كانون الثاني، تشرين الأول) is not a day.
    heads = {
        w.rsplit(" ", 1)[0] for w in lookups["months"] if " " in w and w.rsplit(" ", 1)[1] in lookups["ordinal_days"]
    }
    not_in_month = rf"(?<!{_alt(heads)}{_SP})" if heads else ""
    # "الـ21 من أكتوبر": the article may be written on the day's digits (the tatweel normalised away).
    day = rf"(?:(?:ال)?(?P<day>[0-3]?\d)|{not_in_month}(?P<ord>{_alt(lookups['ordinal_days'])}){_END})"
    season = rf"(?P<season>{_alt(lookups['seasons'])}){_END}"
    shapes = {
        # A range of days names its first day ("يومي 22-23 أكتوبر", "من 3 إلى 7 أيلول", "بين 5 و7
        # سبتمبر"): the phrase's value is the first day, its period_end the last.
        "day_month": (
            rf"{lead}(?:{day_noun}{_SP})?"
            rf"(?:(?:(?:{_alt(words['from'])}|{_alt(words['between'])}){_SP})?(?:ال)?(?P<d1>[0-3]?\d)"
            rf"(?:{_OSP}[-–—]{_OSP}|{_SP}(?:{conjunction}{_OSP})?{_alt(words['to'])}{_SP}|{_SP}{conjunction}{_OSP}))?"
            rf"{day}{_SP}(?:(?P<of>{_alt(words['of'])}){_SP})?{month_ref}"
        ),
        "numeric": (
            rf"{lead}(?:(?P<day>[0-3]?\d)(?P<sep>[-/.])(?P<mon>[01]?\d)(?P=sep)(?P<year>\d\d\d\d)"
            rf"|(?P<year>\d\d\d\d)(?P<sep>[-/.])(?P<mon>[01]?\d)(?P=sep)(?P<day>[0-3]?\d))"
        ),
        "month": rf"(?P<noun>{month_noun}{_SP})?{month_names}{year_tail}",
        "season": (
            rf"(?:(?P<this>{this}){_SP}{season}"
            rf"|{season}(?:{_SP}{rel}|{_SP}(?:{of_year}{_SP})?(?:{year_part}|{year_ref})))"
        ),
        "anaphoric_unit": rf"(?P<unit_ana>{_alt(lookups['anaphoric_units'])}){_END}",
        "range": (
            rf"(?:(?P<period>{_alt(words['period'])}){_SP})?"
            rf"(?:(?P<frm>{_alt(words['from'])})|(?P<btw>{_alt(words['between'])}))?{_OSP}"
            rf"(?:{year_noun}{_SP})?{y1}"
            rf"(?:{_OSP}[-–—/]{_OSP}|{_SP}(?:{conjunction}{_OSP})?(?P<to>{_alt(words['to'])}){_SP}"
            rf"|{_SP}(?P<and>{conjunction}){_OSP})"
            rf"(?:{year_noun}{_SP})?{y2}"
        ),
        "year": rf"(?P<noun>{year_noun}{_SP})?{y}",
        "weekday": rf"(?P<noun>{day_noun}{_SP})?{weekday}(?:{_SP}{rel})?",
        "today": (
            rf"(?P<today>{_alt(words['today'])}){_END}"
            rf"(?!{_SP}{_alt(words['today_not_before'])}{_END})(?:{_SEP}{weekday})?"
        ),
        "day_offset": (
            rf"(?:(?P<offset>{_alt(lookups['day_offsets'])}){_END}"
            rf"|(?P<offset>{_alt(lookups['days_ago'])}){_END}(?!{_SP}{_alt(words['days_ago_not_before'])}{_END}))"
            rf"(?:{_SEP}{weekday})?"
        ),
        "anaphoric": (
            rf"(?P<anaphora>{_alt(lookups['anaphoric_days'])}){_END}(?:{_SEP}(?:{day_noun}{_SP})?{weekday})?"
        ),
        "relative_unit": (
            rf"(?:(?P<this>{_alt(words['this'])}){_SP})?(?P<unit>{_alt(lookups['relative_units'])}){_END}"
            rf"(?:{_SP}{rel})?"
        ),
    }
    prefixes = {
        # A bare year needs a word before it that makes it a date ("في 2012", "منذ عام 2012").
        "year": rf"(?:(?P<context>{_alt(words['year_context'])}){_SP})?",
        # A month name alone is a date after a word naming a part of a month ("أواخر يونيو"), or
        # after a preposition of time ("في نوفمبر"), which is not part of the phrase.
        "month": rf"(?:(?P<part>{_alt(words['month_parts'])}){_SP}|(?P<context>{_alt(words['month_context'])}){_SP})?",
        # "العام نفسه" alone is a date only after a preposition ("في العام نفسه").
        "anaphoric_unit": rf"(?P<context>{_alt(words['year_context'])}){_SP}",
        # A whole word before it: "ذلك اليوم" is that day, "وذلك اليوم الأربعاء" and that, today.
        "today": rf"(?<!(?<![\p{{L}}]){_alt(words['today_not_after'])}{_SP})",
    }
    if set(shapes) | {"duration"} != set(_OPENERS_BY_KIND):
        raise AssertionError("every date shape needs its openers in _OPENERS_BY_KIND")
    compiled = []
    for kind, body in shapes.items():
        before = prefixes.get(kind, "")
        if kind == "today":
            pattern = rf"{before}{_START}(?P<m>{body}){_END}"
        else:
            pattern = rf"{_START}{before}(?P<m>{body}){_END}"
        compiled.append((kind, regex.compile(pattern, regex.VERSION0)))
    return tuple(compiled)


def _duration_pattern(
    forms: Mapping[str, Mapping[str, list[str]]], numbers: Mapping[str, int], words: Mapping[str, list[str]]
) -> regex.Pattern[str]:
    """The regex of a duration phrase: "نصف عام", "ثلاث سنوات", "10 أيام", "عامين ونصف", "عام"."""

    def of_form(*names: str) -> str:
        return _alt(w for unit in forms.values() for name in names for w in unit[name])

    half = _alt(words["half"])
    and_half = rf"(?:{_SP}(?P<and_half>{_alt(words['and'])}{_OSP}{half}){_END})?"
    one = _alt(w for w, n in numbers.items() if n == 1)
    body = (
        rf"(?P<half>{half}){_SP}(?P<unit>{of_form('singular')}){_END}"
        rf"|(?:(?P<number>{_alt(numbers)})|(?P<digits>\d\d?\d?)){_SP}"
        rf"(?P<unit>{of_form('plural', 'singular', 'accusative')}){_END}{and_half}"
        rf"|(?P<dual>{of_form('dual')}){_END}{and_half}"
        rf"|(?P<single>{of_form('singular')}){_END}(?:{_SP}{one}{_END})?{and_half}"
    )
    return regex.compile(rf"{_START}(?P<m>{body})", regex.VERSION0)


# ------------------------------------------------------------------------------- finding phrases


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    priority: int
    kind: str
    match: regex.Match[str]


def _select_longest(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep the longest candidates that do not overlap a longer one, in text order."""
    kept: list[_Candidate] = []
    for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.start, c.priority)):
        if all(cand.end <= k.start or k.end <= cand.start for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


def _phrase(match: regex.Match[str], group: str) -> str:
    """A matched phrase with its spaces folded, i.e. the key of the calendar's lookups."""
    return " ".join(match.group(group).split())


_SET_OFF_BEFORE = ("،", ",")
_SET_OFF_AFTER = ("،", ",", ".")


def _set_off(match: regex.Match[str]) -> bool:
    """ "وقال الوزير، الخميس، إن …": a bare weekday set off by commas is the day of the clause; bare
    elsewhere it may be another word ("الاثنين": the two; "الجمعة": the Friday prayer)."""
    before = match.string[: match.start()].rstrip()
    after = match.string[match.end() :].lstrip()
    return before.endswith(_SET_OFF_BEFORE) and after.startswith(_SET_OFF_AFTER)


def _is_well_formed(kind: str, match: regex.Match[str], cal: Calendar) -> bool:
    """The checks a regex cannot make: bounds of numbers, and the parts some shapes require."""
    groups = match.groupdict()
    for name in ("year", "y1", "y2"):
        if groups.get(name) and not cal.min_year <= int(groups[name]) <= cal.max_year:
            return False
    if groups.get("day") and not 1 <= int(groups["day"]) <= 31:
        return False
    if kind == "numeric" and not 1 <= int(groups["mon"]) <= 12:
        return False
    if kind == "day_month" and (groups["munit"] or groups["mana"]):
        return bool(groups["ord"] or groups["of"])  # "10 الشهر الماضي" may count people, not days
    if kind == "day_month" and groups["mpron"]:
        # "في الـ6 منه": a day with its article or an ordinal; "10 منه" counts something.
        before = match.string[: match.start()].rstrip()
        return bool(groups["ord"]) or match.group(0).startswith("ال") or before == "ال" or before.endswith(" ال")
    if kind in ("day_month", "numeric") and groups["year"]:
        month = int(groups["mon"]) if kind == "numeric" else cal.months[_phrase(match, "mon")]
        return _with_year(int(groups["year"]), month, _day_number(match, cal)) is not None  # not 31 February
    if kind == "month":
        return bool(
            groups["noun"] or groups["year"] or groups["rel"] or groups["yunit"] or groups["yana"] or groups["part"] or groups["context"]
        )
    if kind == "year":
        return bool(groups["noun"] or groups["context"])
    if kind == "range":
        if int(groups["y1"]) >= int(groups["y2"]):
            return False
        if not (groups["period"] or groups["frm"] or groups["btw"]):
            return False
        return not (groups["and"] and not groups["btw"]) and not (groups["to"] and groups["btw"])
    if kind == "weekday":
        return bool(groups["noun"] or groups["rel"]) or _set_off(match) or _phrase(match, "wd") in cal.bare_weekdays
    if kind == "relative_unit":
        return bool(groups["this"] or groups["rel"])
    return True


_TOKEN = regex.compile(r"[\p{L}\p{N}\p{M}]+")
_ONE_LETTER_CLITICS = frozenset(c for c in CLITIC_PREFIXES if len(c) == 1)
_TWO_LETTER_CLITICS = frozenset(c for c in CLITIC_PREFIXES if len(c) == 2)
_CLITIC_INITIALS = frozenset(c[0] for c in CLITIC_PREFIXES)


def _opened_kinds(word: str, cal: Calendar) -> frozenset[str]:
    """The kinds of phrase a token can open: as it is, or less a one- or two-letter clitic."""
    if word.startswith(ARTICLE) and word[2:3].isdigit():
        return _DIGIT_KINDS  # "الـ21 من أكتوبر"
    if word[:1] not in _CLITIC_INITIALS and not word[:1].isdigit():
        return cal.opening_kinds.get(word, _NO_KINDS)  # most tokens: one lookup
    kinds = _NO_KINDS
    for rest in (word, word[1:] if word[:1] in _ONE_LETTER_CLITICS else "", word[2:] if word[:2] in _TWO_LETTER_CLITICS else ""):
        if not rest:
            continue
        opened = _DIGIT_KINDS if rest[0].isdigit() else cal.opening_kinds.get(rest)
        if opened:
            kinds = kinds | opened
    return kinds


_NO_KINDS: frozenset[str] = frozenset()
_MAX_MEMO = 100_000  # distinct tokens remembered by `Calendar.kinds_of_token` before starting afresh


def _candidates(
    text: str, patterns: Iterable[tuple[str, regex.Pattern[str]]], cal: Calendar, tokens: Iterable[Token] | None = None
) -> list[_Candidate]:
    """Every well-formed match of every pattern, at most one per pattern and start position.

    A pattern is tried only at the token starts whose word (less a clitic) can open it (see
    `_OPENERS_BY_KIND`): the same matches as trying every pattern at every calendar word, in the
    same order (pattern by pattern, then in text order), at a fraction of the regex calls.
    `tokens` are those of `text` (:func:`arabic.tokenize`) when the caller already has them.
    """
    if tokens is None:
        tokens = [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    memo = cal.kinds_of_token
    if len(memo) > _MAX_MEMO:
        memo.clear()
    starts: dict[str, list[int]] = {}
    for token in tokens:
        kinds = memo.get(token.text)
        if kinds is None:
            kinds = memo[token.text] = _opened_kinds(token.text, cal)
        for kind in kinds:
            starts.setdefault(kind, []).append(token.start)
    found = []
    for priority, (kind, pattern) in enumerate(patterns):
        for start in starts.get(kind, ()):
            match = pattern.match(text, start)
            if match is not None and _is_well_formed(kind, match, cal):
                found.append(_Candidate(match.start("m"), match.end("m"), priority, kind, match))
    return found


# ------------------------------------------------------------------------------ resolving values


def _day_number(match: regex.Match[str], cal: Calendar) -> int:
    """The day of a day-and-month phrase, written in digits or as an ordinal ("الخامس عشر")."""
    digits = match.group("day")
    return int(digits) if digits else cal.ordinal_days[_phrase(match, "ord")]


def _with_year(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day_relative_to(published: dt.date, month: int, day: int, direction: str | None) -> dt.date | None:
    """Day and month without year: the last one before publication, the next one after, or this year's."""
    if direction not in ("past", "next"):
        return _with_year(published.year, month, day)
    step = -1 if direction == "past" else 1
    for years_away in range(9):  # 29 February recurs within eight years
        candidate = _with_year(published.year + step * years_away, month, day)
        if candidate is not None and (candidate - published).days * step > 0:
            return candidate
    return None


def _month_relative_to(published: dt.date, month: int, direction: str | None) -> tuple[int, int]:
    """A month without year: the last one before the publication month, the next one, or this year's."""
    if direction == "past":
        return (published.year if month < published.month else published.year - 1), month
    if direction == "next":
        return (published.year if month > published.month else published.year + 1), month
    return published.year, month


def _weekday_relative_to(published: dt.date, weekday: int, direction: str | None) -> dt.date:
    """A weekday: strictly before or after publication, or without qualifier within the last six days."""
    back = (published.isoweekday() - weekday) % 7
    if direction == "past":
        return published - dt.timedelta(days=back or 7)
    if direction == "next":
        return published + dt.timedelta(days=(weekday - published.isoweekday()) % 7 or 7)
    return published - dt.timedelta(days=back)


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


_STEP = {"past": -1, "next": 1, "current": 0}


def _relative_unit_value(published: dt.date, unit: str, step: int, week_starts_on: int) -> DateValue | None:
    if unit == "year":
        return DateValue.of_year(published.year + step)
    if unit == "month":
        return DateValue.of_month(*_shift_month(published.year, published.month, step))
    this_week = published - dt.timedelta(days=(published.isoweekday() - week_starts_on) % 7)
    first = this_week + dt.timedelta(weeks=step)
    last = first + dt.timedelta(days=6)
    if (first.year, first.month) != (last.year, last.month):
        return None
    return DateValue.of_month(first.year, first.month)


# Shapes whose value is a day: they are the anchor of a following "اليوم التالي".
_DAY_KINDS = frozenset({"day_month", "numeric", "weekday", "today", "day_offset", "anaphoric"})


@dataclass(frozen=True)
class _Resolved:
    value: DateValue | None
    relative: bool
    period_end: DateValue | None = None


def _named_year(
    m: regex.Match[str], published: dt.date | None, previous: DateValue | None, cal: Calendar
) -> int | None:
    """The year a month or season phrase names relatively: "من العام الماضي", "من العام نفسه"."""
    groups = m.groupdict()
    if groups.get("yana"):
        _, offset = cal.anaphoric_units[_phrase(m, "yana")]
        return previous and int(previous.iso[:4]) + offset
    direction = cal.relative[_phrase(m, "yrel")] if groups.get("yrel") else "current"
    return published and published.year + _STEP[direction]


def _named_month(
    m: regex.Match[str], published: dt.date | None, previous: DateValue | None, cal: Calendar
) -> tuple[int, int] | None:
    """The month of "العاشر من الشهر الجاري", "12 الجاري", "… من الشهر نفسه" or "الـ6 منه": of
    publication or of the previous date."""
    if m.group("mana") or m.group("mpron"):
        _, offset = cal.anaphoric_units[_phrase(m, "mana")] if m.group("mana") else ("month", 0)
        if previous is None or previous.precision == "year":
            return None
        return _shift_month(int(previous.iso[:4]), int(previous.iso[5:7]), offset)
    if published is None:
        return None
    direction = cal.relative[_phrase(m, "mrel")] if m.group("mrel") else "current"  # mcur: current
    return _shift_month(published.year, published.month, _STEP[direction])


def _season_year(m: regex.Match[str], published: dt.date | None, previous: DateValue | None, cal: Calendar) -> int | None:
    """The year of a season: the one written, or the one the qualifier gives (see the calendar)."""
    groups = m.groupdict()
    if groups["year"]:
        return int(groups["year"])
    if groups["yunit"] or groups["yana"]:
        return _named_year(m, published, previous, cal)
    first = cal.seasons[_phrase(m, "season")]
    last = first + 2
    if published is None or last > 12:  # winter straddles two years: which one is not said
        return None
    direction = cal.relative[_phrase(m, "rel")] if groups["rel"] else "current"
    if direction == "next":
        return published.year + (published.month >= first)
    if direction == "past":
        return published.year - (published.month <= last)
    return published.year


def _range_start(cand: _Candidate, resolved: _Resolved) -> _Resolved:
    """A range of days ("22-23 أكتوبر", "من 3 إلى 7 أيلول") is valued at its first day, the day
    the phrase resolved to being its period_end; a range that runs backwards keeps the last day."""
    first = cand.match.groupdict().get("d1")
    if first is None or resolved.value is None or resolved.value.precision != "day":
        return resolved
    last = dt.date.fromisoformat(resolved.value.iso)
    if not 1 <= int(first) < last.day:
        return resolved
    return _Resolved(DateValue.of_day(last.replace(day=int(first))), resolved.relative, period_end=resolved.value)


def _publication_period(published_in: str) -> DateValue:
    """The month or year a publication is known to ("2009-03", "2010") as a date value."""
    parts = [int(part) for part in published_in.split("-")]
    return DateValue.of_month(parts[0], parts[1]) if len(parts) > 1 else DateValue.of_year(parts[0])


def _month_anchor(published_in: str | None) -> dt.date | None:
    """A day that stands for a publication known to the month ("2021-08": its 15th) or the year
    ("2010": 1 July), to give month names their year; None without one."""
    if not published_in:
        return None
    parts = published_in.split("-")
    return dt.date(int(parts[0]), int(parts[1]), 15) if len(parts) > 1 else dt.date(int(parts[0]), 7, 1)


def _resolve(
    cand: _Candidate,
    published: dt.date | None,
    previous_day: dt.date | None,
    cal: Calendar,
    previous: DateValue | None = None,
    anchor: dt.date | None = None,
    period: DateValue | None = None,
    hint: dt.date | None = None,
) -> _Resolved:
    """The value of one phrase, given the publication date, the previous day in the text and the
    previous date of any precision (for "من العام نفسه", "في الشهر نفسه"); a range of days is
    given its first day by `_range_start`. Without a publication day, `anchor` (`_month_anchor`)
    still gives a day and month, or a month, their year, and `period` (`_publication_period`:
    the month or year the publication is known to) is what "اليوم" names. `hint` (the year a
    text points to, `text_year`) gives a day and month, or a month, a year, and nothing else."""
    yearly = published or anchor or hint
    m, kind = cand.match, cand.kind
    groups = m.groupdict()
    direction = cal.relative[_phrase(m, "rel")] if groups.get("rel") else None
    if kind == "day_month" and (groups["munit"] or groups["mana"] or groups["mcur"] or groups["mpron"]):
        # A publication known to the month still names "الشهر الجاري" ("2011-08": August 2011).
        monthly = published or (dt.date.fromisoformat(period.iso + "-01") if period and period.precision == "month" else None)
        named = _named_month(m, monthly, previous, cal)
        day = named and _with_year(*named, _day_number(m, cal))
        return _Resolved(day and DateValue.of_day(day), relative=True)
    if kind in ("day_month", "numeric"):
        month = int(groups["mon"]) if kind == "numeric" else cal.months[_phrase(m, "mon")]
        number = int(groups["day"]) if kind == "numeric" else _day_number(m, cal)
        if groups["year"]:
            day = _with_year(int(groups["year"]), month, number)
            return _Resolved(day and DateValue.of_day(day), relative=False)
        if kind == "day_month" and (groups["yunit"] or groups["yana"]):
            year = _named_year(m, published, previous, cal)
            day = year and _with_year(year, month, number)
            return _Resolved(day and DateValue.of_day(day), relative=True)
        day = yearly and _day_relative_to(yearly, month, number, direction)
        return _Resolved(day and DateValue.of_day(day), relative=True)
    if kind == "month":
        month = cal.months[_phrase(m, "mon")]
        if groups["year"]:
            return _Resolved(DateValue.of_month(int(groups["year"]), month), relative=False)
        if groups["yunit"] or groups["yana"]:
            year = _named_year(m, published, previous, cal)
            return _Resolved(year and DateValue.of_month(year, month), relative=True)
        value = yearly and DateValue.of_month(*_month_relative_to(yearly, month, direction))
        return _Resolved(value, relative=True)
    if kind == "season":
        year = _season_year(m, published, previous, cal)
        return _Resolved(year and DateValue.of_year(year), relative=not groups["year"])
    if kind == "anaphoric_unit":
        unit, offset = cal.anaphoric_units[_phrase(m, "unit_ana")]
        if previous is None or (unit == "month" and previous.precision == "year"):
            return _Resolved(None, relative=True)
        if unit == "year":
            return _Resolved(DateValue.of_year(int(previous.iso[:4]) + offset), relative=True)
        return _Resolved(DateValue.of_month(*_shift_month(int(previous.iso[:4]), int(previous.iso[5:7]), offset)), True)
    if kind == "year":
        return _Resolved(DateValue.of_year(int(groups["year"])), relative=False)
    if kind == "range":
        start, end = (DateValue.of_year(int(groups[g])) for g in ("y1", "y2"))
        return _Resolved(start, relative=False, period_end=end)
    if kind == "relative_unit":
        step = _STEP[direction] if direction else 0
        unit = cal.relative_units[_phrase(m, "unit")]
        if published is None and anchor is not None and unit == "year":
            return _Resolved(DateValue.of_year(anchor.year + step), True)  # "هذا العام" in a 2010 paper
        return _Resolved(published and _relative_unit_value(published, unit, step, cal.week_starts_on), True)
    if kind == "today" and published is None:
        return _Resolved(period, relative=True)  # "اليوم" in a March 2009 paper
    day = _resolve_day(kind, m, published, previous_day, direction, cal)
    return _Resolved(day and DateValue.of_day(day), relative=True)


def _resolve_day(
    kind: str,
    m: regex.Match[str],
    published: dt.date | None,
    previous_day: dt.date | None,
    direction: str | None,
    cal: Calendar,
) -> dt.date | None:
    """Days named relative to an anchor: weekdays, today, yesterday, the day after."""
    if kind == "anaphoric":
        offset = cal.anaphoric_days[_phrase(m, "anaphora")]
        return previous_day and previous_day + dt.timedelta(days=offset)
    if published is None:
        return None
    if kind == "weekday":
        return _weekday_relative_to(published, cal.weekdays[_phrase(m, "wd")], direction)
    if kind == "day_offset":
        return published + dt.timedelta(days=cal.day_offsets[_phrase(m, "offset")])
    return published  # today


def _starts_a_period(text: str, start: int, cal: Calendar) -> bool:
    """ "اعتبارا من الأول من يناير": a day after one of `not_anchors_after` is when something starts,
    not a day the text narrates, so "في اليوم نفسه" later does not count from it."""
    before = " ".join(text[max(0, start - 30) : start].split())
    return any(before == p or before.endswith(" " + p) for p in cal.not_anchors_after)


def find_dates(
    text: str,
    published: dt.date | None,
    calendar: Calendar | None = None,
    tokens: Iterable[Token] | None = None,
    published_in: str | None = None,
    year_hint: int | None = None,
) -> list[DateMention]:
    """Date phrases of normalised ``text`` in text order, non-overlapping, the longest winning.

    ``text`` must already be normalised (``arabic.normalize(...).text``): offsets index it.
    ``tokens``, if given, must be ``arabic.tokenize`` of it (saves tokenising the text again).
    ``published_in`` is a publication date known only to the month or year ("2021-08", "2010"),
    when ``published`` is None: it gives "22 يوليو", "أكتوبر المقبل" or "العام الماضي" their year,
    and "اليوم" that month or year, never a day to count "أمس" or "الأربعاء" from.
    ``year_hint``, with neither, is the year the text itself points to (`text_year`): it gives
    "22 يوليو" or "أكتوبر المقبل" their year, and "العام المقبل" or "اليوم" none.
    """
    cal = calendar or load_calendar()
    mentions = []
    previous_day: dt.date | None = None
    previous: DateValue | None = None  # the previous phrase's value, the anchor of "العام نفسه"
    anchor = _month_anchor(published_in)
    hint = _month_anchor(str(year_hint)) if anchor is None and published is None and year_hint is not None else None
    period = _publication_period(published_in) if published_in else None
    for cand in _select_longest(_candidates(text, cal.date_patterns, cal, tokens)):
        resolved = _range_start(cand, _resolve(cand, published, previous_day, cal, previous, anchor, period, hint))
        previous = None if resolved.period_end is not None else resolved.value  # a range names no one year
        groups = cand.match.groupdict()
        named = cal.weekdays[_phrase(cand.match, "wd")] if groups.get("wd") else None
        mismatch = (
            named is not None
            and resolved.value is not None
            and resolved.value.precision == "day"
            and dt.date.fromisoformat(resolved.value.iso).isoweekday() != named
        )
        if cand.kind in _DAY_KINDS and not _starts_a_period(text, cand.start, cal):
            previous_day = dt.date.fromisoformat(resolved.value.iso) if resolved.value and resolved.value.precision == "day" else None
        mentions.append(
            DateMention(
                start=cand.start,
                end=cand.end,
                text=text[cand.start : cand.end],
                value=resolved.value,
                period_end=resolved.period_end,
                relative=resolved.relative,
                weekday_mismatch=mismatch,
            )
        )
    return _month_spanning_ranges(text, mentions, cal)


def _month_spanning_ranges(text: str, mentions: list[DateMention], cal: Calendar) -> list[DateMention]:
    """ "من 26 سبتمبر إلى 13 أكتوبر": two days of different months joined as a range (calendar
    ranges: from/between before the first, to/and between the two) are one phrase valued at its
    first day, the second its period_end, as a range within one month is."""
    merged: list[DateMention] = []
    for mention in mentions:
        first = merged[-1] if merged else None
        if (
            first is not None and first.period_end is None and mention.period_end is None
            and first.value is not None and mention.value is not None
            and first.value.precision == mention.value.precision == "day" and first.value.iso < mention.value.iso
            and text[first.end : mention.start].strip() in cal.range_joiners
            and (text[: first.start].split() or [""])[-1] in cal.range_openers
        ):  # fmt: skip
            merged[-1] = DateMention(
                first.start, mention.end, text[first.start : mention.end], first.value, mention.value,
                first.relative or mention.relative, first.weekday_mismatch,
            )  # fmt: skip
            continue
        merged.append(mention)
    return merged


# A year inside a quoted name: «التفاعل-2018», "الأخوة القتالية 2023".
_NAMED_YEAR = regex.compile(r"[\"«“„](?:[^\"«»“”„\n]{0,40}?[^\d])?((?:19|20)\d\d)(?:[^\d\"«»“”„\n][^\"«»“”„\n]{0,20}?)?[\"»”]")


def text_year(text: str, latest: int) -> int | None:
    """The latest year of a quoted name in a text (an exercise, a forum: «التفاعل-2018»), up to
    `latest`: an undated excerpt's best guess at the year of the events it dates by day or month
    ("مناورات «التفاعل-2018» في أكتوبر القادم" were to be held in October 2018)."""
    years = [int(y) for y in _NAMED_YEAR.findall(text) if int(y) <= latest]
    return max(years, default=None)


def parse_date_line(text: str, calendar: Calendar | None = None) -> DateValue | None:
    """The date of a line that is nothing but an absolute date (an article's date line), else None.

    The line may be raw or normalised: it is normalised here, since only the value is returned.
    """
    line = normalize(text).text.strip()
    mentions = find_dates(line, None, calendar)
    if len(mentions) != 1:
        return None
    only = mentions[0]
    if (only.start, only.end) != (0, len(line)) or only.relative or only.period_end is not None:
        return None
    return only.value


# ------------------------------------------------------------------------------------- durations

# What half of a unit is, in smaller units: "عامين ونصف" is two years and six months.
_HALF_OF: dict[str, dict[str, int]] = {
    "Y": {"M": 6},
    "M": {"D": 15},
    "W": {"D": 3, "H": 12},
    "D": {"H": 12},
    "H": {"MIN": 30},
}


def _iso_duration(unit: str, whole: int, half: bool) -> str:
    """ISO 8601 duration of ``whole`` units plus an optional half; weeks are written as days."""
    parts = {"Y": 0, "M": 0, "D": 0, "H": 0, "MIN": 0}
    if unit == "W":
        parts["D"] += 7 * whole
    else:
        parts[unit] += whole
    if half:
        for smaller, amount in _HALF_OF[unit].items():
            parts[smaller] += amount
    date_part = "".join(f"{parts[k]}{k}" for k in ("Y", "M", "D") if parts[k])
    time_part = "".join(f"{parts[k]}{k[0]}" for k in ("H", "MIN") if parts[k])
    if not date_part and not time_part:
        return "P0D"
    return "P" + date_part + (f"T{time_part}" if time_part else "")


def find_durations(text: str, calendar: Calendar | None = None) -> list[tuple[int, int, str]]:
    """Duration phrases of normalised ``text`` as ``(start, end, ISO 8601 duration)``, in text order.

    A unit word that belongs to a date phrase ("يوم الأربعاء", "عام 2012") is not a duration.  A
    lone singular ("عام") counts as one unit; since "عام" also means "general" and "سنة" also
    "Sunna", callers should read durations in their context (منذ, لمدة, خلال).
    """
    cal = calendar or load_calendar()
    dates = [(d.start, d.end) for d in find_dates(text, None, cal)]
    candidates = [
        c
        for c in _candidates(text, [("duration", cal.duration_pattern)], cal)
        if all(c.end <= start or end <= c.start for start, end in dates)
    ]
    durations = []
    for cand in _select_longest(candidates):
        groups = cand.match.groupdict()
        unit_group = next(g for g in ("unit", "dual", "single") if groups.get(g))
        unit = cal.duration_units[_phrase(cand.match, unit_group)]
        if groups["half"]:
            iso = _iso_duration(unit, 0, half=True)
        else:
            if groups["number"]:
                whole = cal.numbers[_phrase(cand.match, "number")]
            elif groups["digits"]:
                whole = int(groups["digits"])
            else:
                whole = 2 if groups["dual"] else 1
            iso = _iso_duration(unit, whole, half=bool(groups["and_half"]))
        durations.append((cand.start, cand.end, iso))
    return durations
