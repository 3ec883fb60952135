"""Machine transliteration of Arabic personal names into Latin and Cyrillic letters.

Only for people the reference data does not know: their English and Russian labels are guesses
from the Arabic spelling (short vowels are not written in Arabic), published as csto:machineLabel,
never as rdfs:label. The rules are the usual ones for names of Russian and Central Asian origin
written in Arabic news: و and ي between consonants are the vowels u/o and i/e, ا is a.
"""

from __future__ import annotations

from csto_kg.arabic import normalize_word

_CONSONANTS_LATIN = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "a", "غ": "g",
    "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ء": "", "پ": "p",
    "چ": "ch", "ڤ": "v",
}  # fmt: skip
_CONSONANTS_CYRILLIC = {
    "ب": "б", "ت": "т", "ث": "с", "ج": "дж", "ح": "х", "خ": "х", "د": "д", "ذ": "з", "ر": "р",
    "ز": "з", "س": "с", "ش": "ш", "ص": "с", "ض": "д", "ط": "т", "ظ": "з", "ع": "а", "غ": "г",
    "ف": "ф", "ق": "к", "ك": "к", "ل": "л", "م": "м", "ن": "н", "ه": "х", "ء": "", "پ": "п",
    "چ": "ч", "ڤ": "в",
}  # fmt: skip
_VOWELS = {
    # letter: (Latin at the start of a word, Latin inside, Cyrillic start, Cyrillic inside)
    "ا": ("a", "a", "а", "а"),
    "و": ("v", "o", "в", "о"),
    "ي": ("y", "i", "й", "и"),
    "ه": ("h", "a", "х", "а"),
}


def transliterate_name(arabic: str, script: str) -> str:
    """`script` is "latin" or "cyrillic"; each word capitalised, hyphens kept out."""
    consonants = _CONSONANTS_LATIN if script == "latin" else _CONSONANTS_CYRILLIC
    words = []
    for word in normalize_word(arabic).split():
        letters = []
        for index, char in enumerate(word):
            if char in _VOWELS and not (char == "ه" and index < len(word) - 1):
                start_latin, inside_latin, start_cyrillic, inside_cyrillic = _VOWELS[char]
                at_start = index == 0
                if script == "latin":
                    letters.append(start_latin if at_start else inside_latin)
                else:
                    letters.append(start_cyrillic if at_start else inside_cyrillic)
            else:
                letters.append(consonants.get(char, char if char.isascii() else ""))
        text = _russian_ending("".join(letters), script)
        if text:
            words.append(text[:1].upper() + text[1:])
    return " ".join(words)


def _russian_ending(word: str, script: str) -> str:
    """Arabic writes the Russian endings -ov/-ev with ف (there is no v): Lavrov is لافروف."""
    endings = {"of": "ov", "if": "ev"} if script == "latin" else {"оф": "ов", "иф": "ев"}
    for written, spoken in endings.items():
        if word.endswith(written) and len(word) > 3:
            return word[: -len(written)] + spoken
    return word
