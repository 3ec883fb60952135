"""The lexicon's typed readers: what each returns, and a malformed field named in the error."""

from __future__ import annotations

from pathlib import Path

import pytest

from csto_kg.arabic import normalize_word
from csto_kg.lexicon import Lexicon, LexiconError


def lexicon(data: dict[str, object]) -> Lexicon:
    return Lexicon(data, Path("lexicon.yaml"))


def test_inverse_reads_a_map_of_lists_backwards_and_names_a_malformed_field() -> None:
    heads = lexicon({"heads": {"state/a": ["person/x", "person/y"], "state/b": ["person/z"]}})
    assert heads.inverse("heads") == {"person/x": "state/a", "person/y": "state/a", "person/z": "state/b"}
    with pytest.raises(LexiconError, match=r"lexicon\.yaml: field 'heads' must map ids to lists of ids"):
        lexicon({"heads": {"state/a": "person/x"}}).inverse("heads")


def test_groups_of_gives_each_phrase_the_normalised_names_whose_lists_hold_it() -> None:
    openers = lexicon({"openers": {"عن": ["أعلن", "كشف"], "إلى": ["دعا", "أعلن"]}})
    groups = openers.groups_of("openers")
    assert groups[normalize_word("أعلن")] == {"عن", normalize_word("إلى")}  # phrases and names normalised
    assert groups["دعا"] == {normalize_word("إلى")}


def test_verbatim_keeps_what_normalising_would_merge() -> None:
    words = lexicon({"words": ["لازمة"]})
    assert words.verbatim("words") == {"لازمة"}
    assert "لأزمة" not in words.verbatim("words")
    assert words.phrases("words") == (normalize_word("لأزمة"),)  # normalised, it is the crisis word too


def test_an_event_kind_may_be_placed_at_its_country_and_a_misspelt_level_is_named() -> None:
    kinds = lexicon({"events": [{"kind": "Unrest", "triggers": ["اضطرابات"], "place_level": "state"}, {"kind": "Unrest", "triggers": ["احتجاج"]}]})
    assert [k.place_level for k in kinds.event_kinds] == ["state", None]
    with pytest.raises(LexiconError, match=r"lexicon\.yaml: events\[0\]\.place_level must be 'state'"):
        _ = lexicon({"events": [{"kind": "Unrest", "triggers": ["اضطرابات"], "place_level": "country"}]}).event_kinds
