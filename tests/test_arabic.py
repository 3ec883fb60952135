"""Arabic normalisation: one spelling per letter, and every span maps back to the text as written."""

from pathlib import Path

import pytest

from csto_kg.arabic import CLITIC_PREFIXES, has_arabic, normalize, normalize_word, tokenize

SEED = Path(__file__).resolve().parents[1] / "corpus" / "000_e17557396043c40c.txt"


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("يُستبعد", "يستبعد"),  # damma
        ("فضلاً", "فضلا"),  # fathatan
        ("تطوّر", "تطور"),  # shadda
        ("هٰذا", "هذا"),  # superscript alef
        ("أرمينيا إلى آذار ٱلحرب", "ارمينيا الي اذار الحرب"),  # hamza forms of alef, alef maqsura
        ("منظمة", "منظمه"),  # taa marbuta
        ("مؤتمر", "موتمر"),
        ("رئيس", "رييس"),
        ("ی ک گ", "ي ك ك"),  # Persian letters
        ("الـــناتو", "الناتو"),  # tatweel
        ("روسيا\u200f\u200bاليوم\ufeff", "روسيااليوم"),  # bidi and zero-width marks
        ("١٠ يونيو ٢٠٢٢", "10 يونيو 2022"),
        ("۱۴۰۱", "1401"),  # Persian digits
        ("10\u00a0يونيو\u202f2022", "10 يونيو 2022"),  # NBSP, narrow NBSP
        ("أولاً، ثانياً؛ لماذا؟", "اولا، ثانيا؛ لماذا؟"),  # Arabic punctuation is kept
        ("TASS 2022", "TASS 2022"),
    ],
)
def test_normalize_maps_letters_digits_and_spaces(original: str, expected: str) -> None:
    assert normalize(original).text == expected


def test_offsets_point_at_the_original_characters() -> None:
    nt = normalize("هذا ولا يُستبعد أن")
    assert len(nt.offsets) == len(nt.text) + 1
    assert nt.offsets[-1] == len(nt.original)
    assert list(nt.offsets) == sorted(set(nt.offsets))
    assert all(normalize(nt.original[o]).text == c for c, o in zip(nt.text, nt.offsets))


def test_span_maps_back_to_the_diacritised_word() -> None:
    nt = normalize("هذا ولا يُستبعد أن")
    start = nt.text.index("يستبعد")
    s, e = nt.to_original(start, start + len("يستبعد"))
    assert nt.original[s:e] == "يُستبعد"


def test_span_keeps_diacritics_after_its_last_letter_but_not_invisible_marks() -> None:
    nt = normalize("\u200fقال غداً\u200f.")
    assert nt.text == "قال غدا."
    start = nt.text.index("غدا")
    s, e = nt.to_original(start, start + 3)
    assert nt.original[s:e] == "غداً"
    s, e = nt.to_original(0, 3)
    assert nt.original[s:e] == "قال"


def test_empty_span_and_span_at_text_end() -> None:
    nt = normalize("تطوّر")
    assert nt.to_original(0, 0) == (0, 0)
    assert nt.original[slice(*nt.to_original(0, len(nt.text)))] == "تطوّر"
    with pytest.raises(ValueError):
        nt.to_original(2, len(nt.text) + 1)


def test_text_without_removals_has_identity_offsets() -> None:
    nt = normalize("أرمينيا ٢٠٢٢")
    assert nt.offsets == tuple(range(len(nt.original) + 1))


def test_every_token_of_the_seed_article_round_trips() -> None:
    nt = normalize(SEED.read_text(encoding="utf-8"))
    tokens = tokenize(nt)
    assert len(tokens) > 400
    for token in tokens:
        s, e = nt.to_original(token.start, token.end)
        assert normalize(nt.original[s:e]).text == token.text == nt.text[token.start : token.end]


def test_normalize_is_idempotent() -> None:
    once = normalize(SEED.read_text(encoding="utf-8")).text
    assert normalize(once).text == once


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ('"منظمة معاهدة الأمن الجماعي"', "منظمه معاهده الامن الجماعي"),
        ("روسيا - العالم الإسلامي", "روسيا العالم الاسلامي"),
        ("  سيرغي   لافروف\n", "سيرغي لافروف"),
        ("الـ«ناتو»", "ال ناتو"),
        ("غداً", "غدا"),
    ],
)
def test_normalize_word_folds_punctuation_and_spaces(label: str, expected: str) -> None:
    assert normalize_word(label) == expected


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("وروسيا،", ["وروسيا"]),
        ("لسيرغي", ["لسيرغي"]),
        ("ولا يُستبعد", ["ولا", "يستبعد"]),
        ("بين روسيا-العالم (TASS) 2022-2024", ["بين", "روسيا", "العالم", "TASS", "2022", "2024"]),
        ('الـ "ناتو"', ["الناتو"]),  # the article written apart is joined to its word
    ],
)
def test_tokenize_splits_on_punctuation_and_spaces(text: str, tokens: list[str]) -> None:
    nt = normalize(text)
    found = tokenize(nt)
    assert [t.text for t in found] == tokens
    assert all(nt.text[t.start : t.end] == t.text for t in found)


def test_has_arabic_needs_an_arabic_letter() -> None:
    assert has_arabic("TASS تاس")
    assert not has_arabic("TASS 2022")
    assert not has_arabic("، ٢٠٢٢")


def test_clitic_prefixes_are_longest_first() -> None:
    lengths = [len(c) for c in CLITIC_PREFIXES]
    assert lengths == sorted(lengths, reverse=True)
    assert {"و", "ف", "ب", "ل", "ك", "وب", "ول"} <= set(CLITIC_PREFIXES)
    assert "ال" not in CLITIC_PREFIXES


def test_a_proclitic_written_apart_with_a_tatweel_is_joined_to_its_word() -> None:
    text = 'قال الأمين العام لـ «مجلس الأمن»، وأشاد بـ"التهديد" و لـ 15 يوما'
    normalized = normalize(text)
    assert normalized.text == 'قال الامين العام لمجلس الامن»، واشاد بالتهديد" و ل 15 يوما'
    start = normalized.text.index("لمجلس")
    assert text[slice(*normalized.to_original(start, start + len("لمجلس الامن")))] == "لـ «مجلس الأمن"
    assert len(normalized.offsets) == len(normalized.text) + 1 and normalized.offsets[-1] == len(text)


def test_the_article_written_apart_with_a_tatweel_is_joined_to_its_word_not_to_a_number() -> None:
    text = 'أفاد مجلس الـ "دوما" والـ«ناتو» في الـ 30 من الشهر'
    normalized = normalize(text)
    assert normalized.text == 'افاد مجلس الدوما" والناتو» في ال 30 من الشهر'
    start = normalized.text.index("الدوما")
    assert text[slice(*normalized.to_original(start, start + len("الدوما")))] == 'الـ "دوما'
