"""Dates and durations in Arabic news text, resolved against a publication date (Friday 2022-06-10)."""

import datetime as dt
from pathlib import Path

import pytest

from csto_kg.arabic import normalize
from csto_kg.extract.dates import (
    XSD,
    CalendarError,
    DateMention,
    DateValue,
    default_calendar_path,
    find_dates,
    find_durations,
    load_calendar,
    parse_date_line,
    text_year,
)

PUBLISHED = dt.date(2022, 6, 10)  # a Friday
SEED = Path(__file__).resolve().parents[1] / "corpus" / "000_e17557396043c40c.txt"


def dates_in(text: str, published: dt.date | None = PUBLISHED) -> list[DateMention]:
    normalised = normalize(text).text
    mentions = find_dates(normalised, published)
    for m in mentions:
        assert normalised[m.start : m.end] == m.text
    return mentions


def only_date(text: str, published: dt.date | None = PUBLISHED) -> DateMention:
    mentions = dates_in(text, published)
    assert len(mentions) == 1, mentions
    return mentions[0]


ABSOLUTE = [
    ("10 يونيو 2022", "2022-06-10", "day"),
    ("١٠ يونيو ٢٠٢٢", "2022-06-10", "day"),
    ("10 يونيو/حزيران 2022", "2022-06-10", "day"),
    ("10 حزيران/يونيو 2022", "2022-06-10", "day"),
    ("10 حزيران 2022", "2022-06-10", "day"),
    ("10 جوان 2022", "2022-06-10", "day"),
    ("10 يونيه 2022م", "2022-06-10", "day"),
    ("15 مايو/أيار 1992", "1992-05-15", "day"),
    ("15 ماي 1992", "1992-05-15", "day"),
    ("2 ديسمبر/كانون الأول 2002", "2002-12-02", "day"),
    ("7 أكتوبر/تشرين الأول 2002", "2002-10-07", "day"),
    ("3 إبريل 2021", "2021-04-03", "day"),
    ("3 أفريل 2021", "2021-04-03", "day"),
    ("20 آب 2021", "2021-08-20", "day"),
    ("20 أغسطس (آب) 2021", "2021-08-20", "day"),
    ("10-06-2022", "2022-06-10", "day"),
    ("2022-06-10", "2022-06-10", "day"),
    ("10/6/2022", "2022-06-10", "day"),
    ("10.06.2022", "2022-06-10", "day"),
    ("في 10 من يونيو 2022", "2022-06-10", "day"),
    ("الجمعة 10 يونيو 2022", "2022-06-10", "day"),
    ("اليوم الجمعة 10 يونيو/حزيران 2022", "2022-06-10", "day"),
    ("يناير/كانون الثاني 2022", "2022-01", "month"),
    ("كانون الثاني/يناير 2022", "2022-01", "month"),
    ("يناير 2022", "2022-01", "month"),
    ("في شهر يناير 2022", "2022-01", "month"),
    ("جانفي 2022", "2022-01", "month"),
    ("تموز عام 2021", "2021-07", "month"),
    ("عام 2012", "2012", "year"),
    ("العام 2012", "2012", "year"),
    ("سنة 2012", "2012", "year"),
    ("في 2012", "2012", "year"),
    ("منذ 2012", "2012", "year"),
    ("عام ٢٠١٢", "2012", "year"),
    ("وفي 2012", "2012", "year"),
    ("لعام 2012", "2012", "year"),
]


@pytest.mark.parametrize(("text", "iso", "precision"), ABSOLUTE)
def test_absolute_dates(text: str, iso: str, precision: str) -> None:
    for published in (PUBLISHED, None):
        mention = only_date(text, published)
        assert mention.value == DateValue(iso, precision)
        assert not mention.relative
        assert not mention.weekday_mismatch


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("في 10 من يونيو 2022", "10 من يونيو 2022"),
        ("في شهر يناير 2022", "شهر يناير 2022"),
        ("منذ عام 2012", "عام 2012"),
        ("وفي 2012", "2012"),
        ("بعام 2012", "عام 2012"),
        ("للفترة 2022-2024.", "للفتره 2022-2024"),
        ("وصل يوم الأربعاء الماضي، وأجرى", "يوم الاربعاء الماضي"),
    ],
)
def test_span_is_the_date_phrase(text: str, phrase: str) -> None:
    assert only_date(text).text == phrase


def test_impossible_day_falls_back_to_its_month() -> None:
    assert only_date("31 فبراير 2022").value == DateValue("2022-02", "month")


def test_named_weekday_is_checked_against_the_date() -> None:
    assert not only_date("الجمعة 10 يونيو 2022").weekday_mismatch
    assert only_date("الخميس 10 يونيو 2022").weekday_mismatch
    assert only_date("الخميس 10 يونيو 2022").value == DateValue("2022-06-10", "day")


@pytest.mark.parametrize(
    "text",
    [
        "نشرت روسيا 2012 جنديا",  # a bare number is not a year
        "في 1800",  # outside 1900-2100
        "في 2150",
        "الأمين العام للمنظمة",
        "مارس الضغط على الحكومة",  # مارس is also a verb
        "قناة روسيا اليوم",
        "صلاة الجمعة",
        "أعضاؤها من 6 دول",
        "2022-2024",  # a bare range needs فترة/من/بين
        "32/13/2022",
        "وصل قبل يومين من القمة",  # counted from the summit, not from publication
    ],
)
def test_not_dates(text: str) -> None:
    assert dates_in(text) == []


RANGES = [
    ("للفترة 2022-2024", "2022", "2024"),
    ("الفترة 2022 - 2024", "2022", "2024"),
    ("من 2022 إلى 2024", "2022", "2024"),
    ("من عام 2022 وحتى عام 2024", "2022", "2024"),
    ("للأعوام 2022-2024", "2022", "2024"),
    ("للسنوات 2022–2024", "2022", "2024"),
    ("بين عامي 2022 و2024", "2022", "2024"),
]


@pytest.mark.parametrize(("text", "start", "end"), RANGES)
def test_year_ranges(text: str, start: str, end: str) -> None:
    mention = only_date(text, None)
    assert mention.value == DateValue(start, "year")
    assert mention.period_end == DateValue(end, "year")
    assert not mention.relative
    assert not mention.starts_something  # a span of years dates no event


DAY_RANGES = [
    ("يومي 22-23 تشرين الأول/أكتوبر 2021", "2021-10-22", "2021-10-23"),
    ("من 3 إلى 7 أيلول 2020", "2020-09-03", "2020-09-07"),
    ("بين 5 و7 سبتمبر 2023", "2023-09-05", "2023-09-07"),
    ("في الفترة من 2 حتى 6 سبتمبر 2024", "2024-09-02", "2024-09-06"),
    ("1 – 5 مايو 2019", "2019-05-01", "2019-05-05"),
]


@pytest.mark.parametrize(("text", "start", "end"), DAY_RANGES)
def test_a_range_of_days_is_dated_by_its_first_day(text: str, start: str, end: str) -> None:
    """An exercise "from the 2nd to the 6th" started on the 2nd: the phrase's value is its first
    day, and it can date an event (starts_something), unlike a span of years."""
    mention = only_date(text, None)
    assert mention.value == DateValue(start, "day")
    assert mention.period_end == DateValue(end, "day")
    assert mention.starts_something


RELATIVE = [
    ("16 مايو/أيار الماضي", "2022-05-16", "day"),
    ("يوم 16 مايو/أيار الماضي", "2022-05-16", "day"),
    ("10 يونيو الماضي", "2021-06-10", "day"),  # strictly before publication
    ("20 يونيو المقبل", "2022-06-20", "day"),
    ("5 يونيو المقبل", "2023-06-05", "day"),
    ("يوم 16 مايو", "2022-05-16", "day"),
    ("16 مايو", "2022-05-16", "day"),
    ("يناير/كانون الثاني الماضي", "2022-01", "month"),
    ("ديسمبر الماضي", "2021-12", "month"),
    ("يونيو الماضي", "2021-06", "month"),
    ("مايو المقبل", "2023-05", "month"),
    ("مايو القادم", "2023-05", "month"),
    ("أغسطس القادم", "2022-08", "month"),
    ("يونيو الجاري", "2022-06", "month"),
    ("في شهر مايو", "2022-05", "month"),
    ("يوم الأربعاء الماضي", "2022-06-08", "day"),
    ("الأربعاء الماضي", "2022-06-08", "day"),
    ("الجمعة الماضية", "2022-06-03", "day"),
    ("الجمعة المقبلة", "2022-06-17", "day"),
    ("الجمعة القادمة", "2022-06-17", "day"),
    ("السبت المقبل", "2022-06-11", "day"),
    ("يوم الخميس", "2022-06-09", "day"),
    ("يوم السبت", "2022-06-04", "day"),
    ("يوم الجمعة", "2022-06-10", "day"),
    ("اليوم الجمعة", "2022-06-10", "day"),
    ("قال اليوم إن", "2022-06-10", "day"),
    ("حتى اليوم", "2022-06-10", "day"),
    ("أمس", "2022-06-09", "day"),
    ("الأمس", "2022-06-09", "day"),
    ("يوم أمس", "2022-06-09", "day"),
    ("وأمس", "2022-06-09", "day"),
    ("أول أمس", "2022-06-08", "day"),
    ("أول من أمس", "2022-06-08", "day"),
    ("أمس الأول", "2022-06-08", "day"),
    ("وصل قبل يومين", "2022-06-08", "day"),
    ("اندلعت أمس على الحدود", "2022-06-09", "day"),  # only days counted back need no من/على after them
    ("منذ ثلاثة أيام", "2022-06-07", "day"),
    ("غدا", "2022-06-11", "day"),
    ("غداً", "2022-06-11", "day"),
    ("يوم غد", "2022-06-11", "day"),
    ("الشهر الماضي", "2022-05", "month"),
    ("الشهر المقبل", "2022-07", "month"),
    ("هذا الشهر", "2022-06", "month"),
    ("هذا العام", "2022", "year"),
    ("العام الحالي", "2022", "year"),
    ("العام الجاري", "2022", "year"),
    ("هذه السنة", "2022", "year"),
    ("العام الماضي", "2021", "year"),
    ("السنة الماضية", "2021", "year"),
    ("العام المقبل", "2023", "year"),
    ("الأسبوع المقبل", "2022-06", "month"),  # 13-19 June: one month
    ("هذا الأسبوع", "2022-06", "month"),
]


@pytest.mark.parametrize(("text", "iso", "precision"), RELATIVE)
def test_relative_dates_resolve_against_publication(text: str, iso: str, precision: str) -> None:
    mention = only_date(text)
    assert mention.value == DateValue(iso, precision)
    assert mention.relative


@pytest.mark.parametrize(("text", "iso", "precision"), RELATIVE)
def test_relative_dates_without_publication_date_are_not_guessed(text: str, iso: str, precision: str) -> None:
    mention = only_date(text, None)
    assert mention.value is None
    assert mention.relative


def test_week_spanning_two_months_has_no_value() -> None:
    mention = only_date("الأسبوع الماضي")  # 30 May - 5 June
    assert mention.value is None
    assert mention.relative


def test_today_is_not_part_of_a_following_date() -> None:
    mention = only_date("اليوم 10 يونيو 2022")
    assert mention.text == "اليوم 10 يونيو 2022"
    assert not mention.relative


def test_today_weekday_mismatch() -> None:
    assert only_date("اليوم الخميس").weekday_mismatch


def test_yesterday_with_its_weekday() -> None:
    mention = only_date("في اتصال هاتفي أمس الخميس")
    assert (mention.text, mention.value) == ("امس الخميس", DateValue("2022-06-09", "day"))
    assert not mention.weekday_mismatch
    assert only_date("أمس الأربعاء").weekday_mismatch


def test_day_after_the_previous_date() -> None:
    text = "وصل يوم الأربعاء الماضي، وأجرى في اليوم التالي الخميس محادثات"
    first, second = dates_in(text)
    assert first.value == DateValue("2022-06-08", "day")
    assert second.text == "اليوم التالي الخميس"
    assert second.value == DateValue("2022-06-09", "day")
    assert second.relative and not second.weekday_mismatch


def test_day_after_with_wrong_weekday_is_flagged() -> None:
    _, second = dates_in("وصل يوم الأربعاء الماضي، وأجرى في اليوم التالي الجمعة محادثات")
    assert second.value == DateValue("2022-06-09", "day")
    assert second.weekday_mismatch


def test_anaphoric_days_chain_and_need_no_publication_date() -> None:
    text = "وقعت في 15 مايو 1992، وفي اليوم السابق وصل، وفي اليوم التالي غادر، وفي اليوم نفسه عاد"
    first, before, after, same = dates_in(text, None)
    assert first.value == DateValue("1992-05-15", "day")
    assert before.value == DateValue("1992-05-14", "day")
    assert after.value == DateValue("1992-05-15", "day")  # the day after the previous one
    assert same.value == after.value


def test_day_after_without_a_previous_day_has_no_value() -> None:
    year, mention = dates_in("عقد عام 2012 وفي اليوم التالي")
    assert year.value == DateValue("2012", "year")
    assert mention.text == "اليوم التالي"
    assert mention.value is None


def test_day_after_an_unresolved_relative_day_has_no_value() -> None:
    text = "10 يونيو 2022 ثم وصل يوم الأربعاء الماضي وفي اليوم التالي تحدث"
    dated, wednesday, next_day = dates_in(text, None)
    assert dated.value == DateValue("2022-06-10", "day")
    assert wednesday.value is None and next_day.value is None


def test_seed_article() -> None:
    text = normalize(SEED.read_text(encoding="utf-8")).text
    found = [(m.value, m.period_end) for m in find_dates(text, PUBLISHED)]

    def day(iso: str) -> DateValue:
        return DateValue(iso, "day")

    def month(iso: str) -> DateValue:
        return DateValue(iso, "month")

    def year(iso: str) -> DateValue:
        return DateValue(iso, "year")

    assert found == [
        (day("2022-06-10"), None),  # date line
        (day("2022-06-10"), None),  # اليوم الجمعة 10 يونيو/حزيران 2022
        (day("2022-06-08"), None),  # يوم الأربعاء الماضي
        (day("2022-06-09"), None),  # في اليوم التالي الخميس
        (year("2022"), year("2024")),  # للفترة 2022-2024
        (day("2022-05-16"), None),  # يوم 16 مايو/أيار الماضي
        (month("2022-01"), None),  # يناير/كانون الثاني الماضي
        (day("1992-05-15"), None),  # في 15 مايو/أيار 1992
        (year("2012"), None),  # منذ عام 2012
    ]
    assert not any(m.weekday_mismatch for m in find_dates(text, PUBLISHED))


def test_seed_article_without_publication_date_keeps_only_absolute_values() -> None:
    text = normalize(SEED.read_text(encoding="utf-8")).text
    values = [m.value.iso if m.value else None for m in find_dates(text, None)]
    assert values == ["2022-06-10", "2022-06-10", None, None, "2022", None, None, "1992-05-15", "2012"]


@pytest.mark.parametrize(
    ("line", "iso", "precision"),
    [
        ("١٠ يونيو ٢٠٢٢", "2022-06-10", "day"),
        ("10 يونيو 2022", "2022-06-10", "day"),
        ("  10 يونيو 2022 ", "2022-06-10", "day"),
        ("2022-06-10", "2022-06-10", "day"),
        ("10/06/2022", "2022-06-10", "day"),
        ("10.06.2022", "2022-06-10", "day"),
        ("الجمعة 10 يونيو 2022", "2022-06-10", "day"),
        ("يونيو 2022", "2022-06", "month"),
    ],
)
def test_date_line(line: str, iso: str, precision: str) -> None:
    assert parse_date_line(line) == DateValue(iso, precision)


@pytest.mark.parametrize(
    "line", ["", "قال في 10 يونيو 2022", "أمس", "16 مايو", "10 يونيو 2022 و11 يونيو 2022", "Ru En"]
)
def test_not_a_date_line(line: str) -> None:
    assert parse_date_line(line) is None


@pytest.mark.parametrize(
    ("precision", "datatype"), [("day", "date"), ("month", "gYearMonth"), ("year", "gYear")]
)
def test_xsd_datatype(precision: str, datatype: str) -> None:
    assert DateValue("2022", precision).xsd == XSD + datatype
    assert XSD == "http://www.w3.org/2001/XMLSchema#"


def test_values_of_mixed_precision_sort_as_iso_strings() -> None:
    values = [DateValue("2022-06-10", "day"), DateValue("2021", "year"), DateValue("2022-01", "month")]
    assert [v.iso for v in sorted(values)] == ["2021", "2022-01", "2022-06-10"]


@pytest.mark.parametrize(
    ("text", "phrase", "iso"),
    [
        ("عامين ونصف", "عامين ونصف", "P2Y6M"),
        ("لأول مرة منذ عامين ونصف.", "عامين ونصف", "P2Y6M"),
        ("ثلاث سنوات", "ثلاث سنوات", "P3Y"),
        ("عام", "عام", "P1Y"),
        ("شهرين", "شهرين", "P2M"),
        ("10 أيام", "10 ايام", "P10D"),
        ("أسبوعين", "اسبوعين", "P14D"),
        ("عامين", "عامين", "P2Y"),
        ("لعامين", "عامين", "P2Y"),
        ("سنة ونصف", "سنه ونصف", "P1Y6M"),
        ("نصف عام", "نصف عام", "P6M"),
        ("15 عاماً", "15 عاما", "P15Y"),
        ("لمدة يوم واحد", "يوم واحد", "P1D"),
        ("خمسة أشهر", "خمسه اشهر", "P5M"),
        ("ثلاثة أسابيع", "ثلاثه اسابيع", "P21D"),
        ("يومين ونصف", "يومين ونصف", "P2DT12H"),
        ("ساعتين", "ساعتين", "PT2H"),
    ],
)
def test_durations(text: str, phrase: str, iso: str) -> None:
    normalised = normalize(text).text
    [(start, end, value)] = find_durations(normalised)
    assert (normalised[start:end], value) == (phrase, iso)


@pytest.mark.parametrize(
    "text", ["يوم الأربعاء", "منذ عام 2012", "في شهر يناير 2022", "الأمين العام", "سنوات"]
)
def test_unit_words_in_dates_or_alone_in_plural_are_not_durations(text: str) -> None:
    assert find_durations(normalize(text).text) == []


def test_seed_article_durations() -> None:
    text = normalize(SEED.read_text(encoding="utf-8")).text
    assert [(text[s:e], iso) for s, e, iso in find_durations(text)] == [("عامين ونصف", "P2Y6M")]


def test_calendar_words_are_normalised_and_cached() -> None:
    calendar = load_calendar()
    assert calendar is load_calendar()
    assert calendar.months["ابريل"] == calendar.months["نيسان"] == 4
    assert calendar.months["كانون الثاني"] == 1
    assert calendar.weekdays["الجمعه"] == 5
    assert calendar.day_offsets["غدا"] == 1
    assert default_calendar_path().is_file()


def test_calendar_errors_name_the_file_and_field(tmp_path: Path) -> None:
    broken = tmp_path / "calendar.yaml"
    broken.write_text("months:\n  1: [يناير]\n", encoding="utf-8")
    with pytest.raises(CalendarError, match=r"calendar\.yaml.*months"):
        load_calendar(broken)


ORDINAL_DAYS = [
    ("الأول من كانون الثاني/يناير ٢٠٢٤", "2024-01-01", False),
    ("الأول من يناير/كانون الثاني 2021", "2021-01-01", False),
    ("الفاتح جانفي 2023", "2023-01-01", False),
    ("الفاتح من نوفمبر 2019", "2019-11-01", False),
    ("الأولى من آذار 2020", "2020-03-01", False),
    ("الخامس عشر من أيار 1992", "1992-05-15", False),
    ("الثاني والعشرين من شباط/فبراير 2021", "2021-02-22", False),
    ("الحادي والعشرون من أيلول 2001", "2001-09-21", False),
    ("العشرين من تموز 1999", "1999-07-20", False),
    ("يوم الثالث من أغسطس 2015", "2015-08-03", False),
    ("الثاني من مايو", "2022-05-02", True),  # no year: the publication year
    ("الحادي والثلاثين من ديسمبر", "2022-12-31", True),
    ("التاسع من أبريل الماضي", "2022-04-09", True),
    ("الرابع من يوليو المقبل", "2022-07-04", True),
    ("العاشر من الشهر الجاري", "2022-06-10", True),
    ("السابع من هذا الشهر", "2022-06-07", True),
    ("الخامس من الشهر الماضي", "2022-05-05", True),
    ("الثالث من الشهر المقبل", "2022-07-03", True),
    ("12 من الشهر المقبل", "2022-07-12", True),
    ("العاشر من الجاري", "2022-06-10", True),  # "الجاري" alone: the current month
    ("يوم 23 الجاري", "2022-06-23", True),
    ("الـ12 من الجاري", "2022-06-12", True),
]


def test_the_month_of_the_previous_date_as_a_pronoun_after_a_day_with_its_article() -> None:
    text = normalize("غادرت القوات في 13 يناير 2022 بعد أن أرسلت في الـ 6 منه، وأخذت 10 منه فقط").text
    assert [(m.text, m.value) for m in find_dates(text, dt.date(2022, 1, 14))] == [
        ("13 يناير 2022", DateValue("2022-01-13", "day")),
        ("6 منه", DateValue("2022-01-06", "day")),  # "10 منه" (ten of them) is no date
    ]
    (_, ordinal) = find_dates(normalize("وصل في 3 مايو 2022 وغادر في السادس منه").text, dt.date(2022, 5, 9))
    assert ordinal.value == DateValue("2022-05-06", "day")


def test_a_range_of_days_across_two_months_is_valued_at_its_first_day() -> None:
    found = find_dates(normalize("من 26 سبتمبر إلى 13 أكتوبر تجري التدريبات، بين 30 نوفمبر و2 ديسمبر 2022").text, dt.date(2022, 10, 3))
    assert [(m.value, m.period_end) for m in found] == [
        (DateValue("2022-09-26", "day"), DateValue("2022-10-13", "day")),
        (DateValue("2022-11-30", "day"), DateValue("2022-12-02", "day")),
    ]
    # Two dates that only follow each other are two dates.
    assert len(find_dates(normalize("في 26 سبتمبر ثم في 13 أكتوبر").text, dt.date(2022, 10, 3))) == 2


def test_the_current_month_of_a_publication_known_to_the_month() -> None:
    text = normalize("القمة المقررة في الـ12 من الجاري في العاصمة").text
    (by_month,) = find_dates(text, None, published_in="2011-08")
    assert by_month.value == DateValue("2011-08-12", "day")
    (by_year,) = find_dates(text, None, published_in="2011")  # which month is not known
    assert by_year.value is None


@pytest.mark.parametrize(("text", "iso", "relative"), ORDINAL_DAYS)
def test_ordinal_days(text: str, iso: str, relative: bool) -> None:
    mention = only_date("وقال إنه في " + text + " سيصل")
    assert mention.value == DateValue(iso, "day")
    assert mention.relative is relative


@pytest.mark.parametrize(
    "text",
    [
        "اجتماع هو الأول من نوعه",
        "المؤتمر الثاني من حيث الأهمية",
        "الأمين العام نفسه",  # العام is "general" here, not the year
        "المدعي العام ذاته",
        "قتل 10 الشهر",
        "في الشهر",
        "الربيع العربي",
        "في الصيف",
        "ربيع العام",
    ],
)
def test_ordinals_seasons_and_anaphora_that_are_not_dates(text: str) -> None:
    assert dates_in(text) == []


def test_ordinal_in_a_month_name_is_not_a_day() -> None:
    mention = only_date("انعقد في تشرين الأول من العام 2014 اجتماع")
    assert mention.value == DateValue("2014-10", "month")
    mention = only_date("ويبدأ في كانون الثاني المقبل")
    assert mention.value == DateValue("2023-01", "month")


def test_same_year_as_the_previous_date() -> None:
    text = "زار المدينة في 3 آذار 2011، ثم عاد إليها في 28 تشرين الثاني/نوفمبر من العام نفسه"
    first, second = dates_in(text)
    assert first.value == DateValue("2011-03-03", "day")
    assert second.text == "28 تشرين الثاني/نوفمبر من العام نفسه"
    assert second.value == DateValue("2011-11-28", "day") and second.relative


@pytest.mark.parametrize(
    ("tail", "iso"),
    [
        ("في 9 أغسطس من العام ذاته", "2016-08-09"),
        ("في التاسع من أغسطس من نفس العام", "2016-08-09"),
        ("في أغسطس في السنة نفسها", "2016-08"),
        ("في العام نفسه", "2016"),
        ("وفي العام التالي", "2017"),
        ("في الشهر نفسه", "2016-02"),
        ("في الشهر التالي", "2016-03"),
        ("في العشرين من الشهر نفسه", "2016-02-20"),
    ],
)
def test_year_and_month_of_the_previous_date(tail: str, iso: str) -> None:
    for published in (PUBLISHED, None):
        first, second = dates_in("أعلن في 4 شباط 2016 قراره، ثم " + tail + " نفذه", published)
        assert first.value == DateValue("2016-02-04", "day")
        assert second.value is not None and second.value.iso == iso and second.relative


def test_same_year_without_a_previous_date_or_after_a_range_has_no_value() -> None:
    assert only_date("وقع في 7 أيار من العام نفسه", None).value is None
    _, mention = dates_in("للفترة 2019-2021 وفي العام نفسه وقع")
    assert mention.value is None


def test_same_month_after_a_year_has_no_value() -> None:
    _, mention = dates_in("في عام 2010، وفي الشهر نفسه")
    assert mention.value is None


def test_month_of_a_relative_year() -> None:
    assert only_date("في آذار من العام الماضي").value == DateValue("2021-03", "month")
    assert only_date("في 12 آذار من هذا العام").value == DateValue("2022-03-12", "day")
    assert only_date("في أيلول من العام المقبل").value == DateValue("2023-09", "month")


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("مطلع يونيو", "2022-06"),
        ("أواخر آذار", "2022-03"),
        ("منتصف يناير المقبل", "2023-01"),
        ("بداية الشهر الجاري", "2022-06"),
        ("نهاية الشهر الماضي", "2022-05"),
        ("في الشهر الجاري", "2022-06"),
        ("أوائل كانون الأول 2020", "2020-12"),
    ],
)
def test_parts_of_a_month_give_the_month_not_a_day(text: str, iso: str) -> None:
    mention = only_date("وسيجري ذلك " + text + " كما قال")
    assert mention.value == DateValue(iso, "month")


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("في الخريف المقبل", "2022"),  # published in June: this year's autumn is still to come
        ("في الربيع المقبل", "2023"),
        ("الصيف الماضي", "2021"),  # published in summer: the last one is a year ago
        ("الربيع الماضي", "2022"),
        ("هذا الصيف", "2022"),
        ("الخريف الحالي", "2022"),
        ("ربيع العام المقبل", "2023"),
        ("خريف العام الماضي", "2021"),
        ("صيف 2023", "2023"),
        ("شتاء عام 2019", "2019"),
        ("في ربيع هذا العام", "2022"),
    ],
)
def test_seasons_give_only_a_year(text: str, iso: str) -> None:
    mention = only_date("ومن المنتظر " + text + " أن يبدأ")
    assert mention.value == DateValue(iso, "year")


def test_winter_without_a_year_has_no_value() -> None:
    mention = only_date("خلال الشتاء المقبل")
    assert mention.value is None and mention.relative


def test_autumn_after_it_has_begun_is_next_year() -> None:
    assert only_date("الخريف المقبل", dt.date(2022, 10, 3)).value == DateValue("2023", "year")
    assert only_date("الخريف الماضي", dt.date(2022, 10, 3)).value == DateValue("2021", "year")


def test_newspaper_named_seventh_day_is_not_today() -> None:
    assert dates_in("نقلت صحيفة اليوم السابع") == []


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("بلغت الحصيلة 12 قتيلا يوم 3 مارس 2021. وفي الساعات الأولى من الصباح، أعلن الجيش", "2021-03-03"),
        ("اندلع القتال مساء أمس. وخلال ساعات الصباح الأولى وصل الوفد", "2022-06-09"),
        ("انعقد المجلس في 7 أيار/ مايو 2019، ومساء اليوم نفسه صدر البيان", "2019-05-07"),
    ],
)
def test_a_part_of_the_day_with_no_day_named_continues_the_previous_day(text: str, iso: str) -> None:
    *_, last = dates_in(text)
    assert last.value == DateValue(iso, "day")


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("في 9 أغسطس/ آب 2020", "2020-08-09"),  # a space after the slash
        ("خلال أبريل (نيسان) 2019", "2019-04"),  # the other name in parentheses
        ("فجر أمس الخميس", "2022-06-09"),
    ],
)
def test_double_month_names_with_spaces_or_parentheses_and_a_time_of_day(text: str, iso: str) -> None:
    assert only_date(text).value.iso == iso


def test_a_day_that_starts_a_period_is_no_anchor_for_the_same_day() -> None:
    text = "اجتمع الوزراء يوم 4 مارس 2020، وتقرر تعيينه اعتبارا من 1 أبريل 2020. وفي اليوم نفسه صدر بيان"
    first, start, same = dates_in(text)
    assert start.value == DateValue("2020-04-01", "day")
    assert same.value == first.value == DateValue("2020-03-04", "day")


def test_a_publication_known_to_the_month_gives_month_names_their_year_but_no_day() -> None:
    """A page dated "2021-08" (its url) still dates "22 يوليو" and "أكتوبر المقبل"; "أمس" and a
    weekday need the day of publication and stay unresolved."""
    text = normalize("جرى التمرين في 22 يوليو، وبدأت المناورات أمس، وتعقد القمة في أكتوبر المقبل يوم الأربعاء.").text
    found = {m.text: m.value.iso if m.value else None for m in find_dates(text, None, published_in="2021-08")}
    assert found["22 يوليو"] == "2021-07-22"
    assert found["امس"] is None
    assert found["اكتوبر المقبل"] == "2021-10"
    assert find_dates(normalize("في 22 يوليو").text, None)[0].value is None  # no publication at all



def test_today_in_a_paper_known_to_the_month_or_year_is_that_month_or_year() -> None:
    """A page known to be from March 2009 saying "اليوم" speaks of March 2009; what counts from a
    day ("اليوم التالي") still needs the day."""
    found = find_dates(normalize("وقال الوزير اليوم إن الاجتماع انتهى، وفي اليوم التالي غادر.").text, None, published_in="2009-03")
    assert [(m.text, m.value.iso if m.value else None) for m in found] == [("اليوم", "2009-03"), ("اليوم التالي", None)]
    assert find_dates(normalize("وقال الوزير اليوم إن").text, None, published_in="2009")[0].value.iso == "2009"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text, found",
    [
        ("وقال الوزير، الخميس، إن القوات ستنسحب.", ["2022-06-09"]),
        ("وأكد الوزير، الجمعة.", ["2022-06-10"]),
        ("وقال الوزير الخميس إن القوات ستنسحب.", ["2022-06-09"]),  # bare: a weekday that names nothing else
        ("وانطلقت المناورات الثلاثاء في طاجيكستان.", ["2022-06-07"]),
        ("واتفق البلدان الاثنين على الخطة.", []),  # "the two"
        ("وبعد صلاة الجمعة، خرج المصلون.", []),
    ],
)
def test_a_bare_weekday_is_a_date_set_off_by_commas_or_when_it_names_nothing_else(text: str, found: list[str]) -> None:
    dates = find_dates(normalize(text).text, dt.date(2022, 6, 10))
    assert [m.value.iso for m in dates if m.value] == found


@pytest.mark.parametrize(
    "text, found",
    [
        ("اندلعت المواجهات مساء الثلاثاء على الحدود.", ["2022-06-07"]),
        ("سقطت قذائف فجر الأحد قرب القرية.", ["2022-06-05"]),
        ("وصل الوفد ليلة 14 مايو إلى العاصمة.", ["2022-05-14"]),
        ("وعاد الوزير صباح اليوم إلى بلاده.", ["2022-06-10"]),
    ],
)
def test_a_part_of_the_day_heads_a_date_as_the_word_day_does(text: str, found: list[str]) -> None:
    dates = find_dates(normalize(text).text, dt.date(2022, 6, 10))
    assert [m.value.iso for m in dates if m.value] == found


@pytest.mark.parametrize(
    "text, found",
    [
        ("ويعقد الوزراء اجتماعهم المقبل في نوفمبر.", [("نوفمبر", "2022-11")]),
        ("وتتولى طاجيكستان الرئاسة منذ يناير.", [("يناير", "2022-01")]),
        ("وأكد الوزير في تموز أن العمل مستمر.", [("تموز", "2022-07")]),
        ("زار الوفد مدينة مارس في الصيف.", []),  # a month's name without a word of time before it
    ],
)
def test_a_month_alone_after_a_preposition_of_time_is_in_the_publication_year(text: str, found: list[tuple[str, str]]) -> None:
    dates = find_dates(normalize(text).text, dt.date(2022, 6, 10))
    assert [(m.text, m.value.iso) for m in dates if m.value] == found


@pytest.mark.parametrize(
    "text, found",
    [
        ("وقعت الوثيقة في أيار مايو 2021.", [("ايار مايو 2021", "2021-05")]),
        ("وصل الوفد في 15 أيار مايو 2021.", [("15 ايار مايو 2021", "2021-05-15")]),
        ("عقدت القمة في تشرين الأول أكتوبر 2007.", [("تشرين الاول اكتوبر 2007", "2007-10")]),
        ("عقدت القمة في أكتوبر (تشرين الأول) 2007.", [("اكتوبر (تشرين الاول) 2007", "2007-10")]),
    ],
)
def test_a_month_s_two_names_side_by_side_are_one_month(text: str, found: list[tuple[str, str]]) -> None:
    dates = find_dates(normalize(text).text, dt.date(2022, 6, 10))
    assert [(m.text, m.value.iso) for m in dates if m.value] == found


def test_the_year_of_a_quoted_name_dates_days_and_months_of_an_undated_text_and_nothing_else() -> None:
    """ "مناورات «الحصن-2024» … في 3 إلى 7 سبتمبر": the year in a name the undated text quotes
    gives its days and months their year; "العام المقبل" and "اليوم" stay unknown."""
    text = normalize("تبدأ مناورات «الحصن-2024» في 3 سبتمبر، وتليها تدريبات في نوفمبر المقبل، وقمة العام المقبل، وقال اليوم.").text
    hint = text_year(text, 2030)
    assert hint == 2024
    values = {m.text: m.value.iso if m.value else None for m in find_dates(text, None, year_hint=hint)}
    assert values["3 سبتمبر"] == "2024-09-03" and values["نوفمبر المقبل"] == "2024-11"
    assert values["العام المقبل"] is None and values["اليوم"] is None
    # A year that is not a quoted name, or one later than the bound, is no hint.
    assert text_year(normalize("وقعت المعاهدة عام 1992 في طشقند.").text, 2030) is None
    assert text_year(normalize("أقر القادة «خطة 2035» للتعاون.").text, 2030) is None


def test_this_year_in_a_paper_known_to_the_month_or_year_is_that_year() -> None:
    text = normalize("وقعت الاضطرابات هذا العام بعد أزمة العام الماضي.").text
    assert [m.value.iso for m in find_dates(text, None, published_in="2010-12") if m.value] == ["2010", "2009"]
    assert [m.value.iso for m in find_dates(text, None, published_in="2010") if m.value] == ["2010", "2009"]


def test_today_after_a_demonstrative_is_that_day_but_after_wa_dhalika_is_today() -> None:
    found = lambda text: [m.value.iso for m in find_dates(normalize(text).text, dt.date(2022, 6, 10)) if m.value]  # noqa: E731
    assert found("وتعهد الوزير بذلك في ذلك اليوم.") == []
    assert found("وأعلن الوزير خطته، وذلك اليوم الجمعة.") == ["2022-06-10"]


@pytest.mark.parametrize(
    "text, iso",
    [
        ("في الـ21 من أكتوبر", "2022-10-21"),
        ("في الفترة من الـ17 وحتى الـ21 من أكتوبر الجاري", "2022-10-17"),  # a range: its first day
        ("بين الـ5 والـ9 من مايو", "2022-05-05"),
        ("في الـ30 من تشرين الثاني", "2022-11-30"),
    ],
)
def test_a_day_written_with_the_article_on_its_digits(text: str, iso: str) -> None:
    found = find_dates(normalize(text).text, dt.date(2022, 10, 10))
    assert [m.value.iso for m in found if m.value] == [iso]
