"""Identity across articles: a person the reference data does not know is one IRI everywhere."""

from __future__ import annotations

from pathlib import Path

from conftest import ID, build_into

from csto_kg.resolve import same_name
from csto_kg.transliterate import transliterate_name

FIRST = """---
published: 2023-05-10
title: "لقاء وزيري الدفاع"
---
لقاء وزيري الدفاع

التقى وزير الدفاع الأرميني آرام توماسيان، أمس، في موسكو عددا من المسؤولين.
"""
SECOND = """---
published: 2023-06-10
title: "زيارة إلى مينسك"
---
زيارة إلى مينسك

وصل وزير الدفاع الأرميني آرام توماسان إلى مينسك يوم الخميس الماضي.
"""


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_two_spellings_in_two_articles_are_one_person_with_an_alias(tmp_path: Path) -> None:
    built = build_into(tmp_path / "b", [write(tmp_path / "corpus", {"z-first.txt": FIRST, "a-second.txt": SECOND})])
    assert built.report.ok
    rows = built.select(
        """SELECT DISTINCT ?person ?label ?alias ?en ?ru WHERE {
             ?person a csto:Person ; rdfs:label ?label ; skos:altLabel ?alias ;
                     csto:machineLabel ?en, ?ru . FILTER(LANG(?en) = "en" && LANG(?ru) = "ru") }"""
    )
    assert len(rows) == 1
    row = rows[0]
    # The earlier article names the person (whatever the file order), the later spelling is an alias.
    assert row["label"] == "آرام توماسيان" and row["alias"] == "آرام توماسان"
    assert row["person"] == ID + "person/aram-twmasyan"
    assert row["en"] == "Aram Tomasian" and row["ru"] == "Арам Томасиан"
    # Machine labels are not rdfs:label: a client reading rdfs:label gets the Arabic name only.
    assert built.select(f'SELECT DISTINCT ?l WHERE {{ <{row["person"]}> rdfs:label ?l }}') == [{"l": "آرام توماسيان"}]
    holders = built.select("SELECT DISTINCT ?p WHERE { ?post org:heldBy ?p }")
    assert holders == [{"p": ID + "person/aram-twmasyan"}]
    visit = built.select("SELECT ?who WHERE { ?e a csto:Visit ; csto:participant ?who }")
    assert visit == [{"who": ID + "person/aram-twmasyan"}]


def test_identities_are_the_same_in_every_build(tmp_path: Path) -> None:
    corpus = write(tmp_path / "corpus", {"one.txt": FIRST, "two.txt": SECOND})
    people = [
        {r["p"] for r in build_into(tmp_path / name, [corpus]).select("SELECT ?p WHERE { ?p a csto:Person }")}
        for name in ("x", "y")
    ]
    assert people[0] == people[1]


def test_name_matching_is_tolerant_but_not_loose() -> None:
    assert same_name("آرام توماسيان", "آرام توماسان")
    assert same_name("أندريه سيرديوكوف", "اندريه سيرديوكوف")
    assert not same_name("آرام توماسيان", "آرام")
    assert not same_name("سيرغي شويغو", "سيرغي لافروف")


def test_transliteration_reads_russian_endings() -> None:
    assert transliterate_name("أكيلبيك جاباروف", "latin") == "Akilbik Jabarov"
    assert transliterate_name("أكيلبيك جاباروف", "cyrillic") == "Акилбик Джабаров"


def test_a_build_resolves_from_what_it_keeps_of_each_article_and_reads_the_rest_back_from_disk(tmp_path: Path) -> None:
    """A build keeps only the people each article minted (`MintedIn`) while the extractions wait
    on disk: the identities are those resolving the extractions held in memory gives, the people
    index is the same, and the spilled chunks come back whole and in order."""
    from csto_kg.corpus import read_article
    from csto_kg.extract.facts import extract
    from csto_kg.resolve import MintedIn, minted_people, resolve, resolve_identities
    from csto_kg.spill import ExtractionSpill

    folder = write(tmp_path / "corpus", {"z-first.txt": FIRST, "a-second.txt": SECOND})
    extractions = [extract(read_article(path)) for path in sorted(folder.glob("*.txt"))]
    spill = ExtractionSpill(tmp_path / "spill")
    spill.write(extractions[:1])
    spill.write(extractions[1:])
    assert len(spill) == 2 and [m.article_id for m in spill.minted] == [e.article.id for e in extractions]
    back = list(spill.chunks())
    assert [[e.article.id for e in chunk] for chunk in back] == [[extractions[0].article.id], [extractions[1].article.id]]
    assert back[0][0].records == extractions[0].records

    identities = resolve(spill.minted)
    in_memory = resolve_identities(extractions)
    by_id = {e.article.id: e for e in in_memory}
    for extraction in (e for chunk in back for e in chunk):
        assert identities.apply(extraction).records == by_id[extraction.article.id].records
    assert identities.people() == minted_people(in_memory)
    assert len(identities.people()) == 1  # two spellings, one person (the older article's spelling)
    assert MintedIn.of(extractions[0]).people
