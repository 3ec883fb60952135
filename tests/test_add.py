"""`csto-kg add`: articles added to a published store give what a full build of all would give."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import Built, build_into
from typer.testing import CliRunner

import csto_kg.add
import csto_kg.gate
from csto_kg.add import add_articles
from csto_kg.cli import app
from csto_kg.config import PROJECT_ROOT, Config
from csto_kg.void import VOID_STATS, VoidStats, void_description, void_subsets
from csto_kg.release import MANIFEST, current
from csto_kg.server.memory_copy import knowledge_graph_copy
from csto_kg.store import PEOPLE_INDEX, StoreError

CORPUS = PROJECT_ROOT / "corpus"
FIRST = ["000_e17557396043c40c.txt", "004_csto-defence-ministers-minsk-2023.txt", "010_kazakhstan-january-2022-withdrawal.txt"]
LATER = "016_lavrov-kulubaev-cholpon-ata.txt"
DUMPS = {
    "csto-kg.nq": ox.RdfFormat.N_QUADS,
    "csto-kg.trig": ox.RdfFormat.TRIG,
    "csto-kg.ttl": ox.RdfFormat.TURTLE,
    "csto-kg.nt": ox.RdfFormat.N_TRIPLES,
    "csto-kg.jsonld": ox.RdfFormat.JSON_LD,
}


def folder(tmp: Path, name: str, files: list[str]) -> Path:
    target = tmp / name
    target.mkdir()
    for file in files:
        shutil.copy(CORPUS / file, target / file)
    return target


def statements(dist: Path, name: str) -> set[ox.Quad]:
    """What a dump says, as a set: the file, then in the order of their stamps each add's
    changeset (`dist/added/retracted+<stamp>.nt`, triples taken out of the default graph) and
    part (`dist/added/csto-kg+<stamp>.<format>`), as void.ttl tells consumers to apply them."""
    suffix = name.rsplit(".", 1)[1]
    said = set(ox.parse(path=str(dist / name), format=DUMPS[name]))
    stamps = sorted(p.name.split("+", 1)[1].rsplit(".", 1)[0] for p in (dist / "added").glob(f"csto-kg+*.{suffix}"))
    for stamp in stamps:  # stamps sort in time order (%Y%m%dT%H%M%S-…)
        retracted = dist / "added" / f"retracted+{stamp}.nt"
        if retracted.exists():
            said -= {ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in ox.parse(path=str(retracted), format=ox.RdfFormat.N_TRIPLES)}
            said -= set(ox.parse(path=str(retracted), format=ox.RdfFormat.N_TRIPLES))
        said |= set(ox.parse(path=str(dist / "added" / f"csto-kg+{stamp}.{suffix}"), format=DUMPS[name]))
    return said


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """All four articles built at once: what adding the fourth must reproduce."""
    tmp = tmp_path_factory.mktemp("full")
    return build_into(tmp, [folder(tmp, "corpus", [*FIRST, LATER])])


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Three articles built, the fourth added."""
    tmp = tmp_path_factory.mktemp("added")
    built = build_into(tmp, [folder(tmp, "corpus", FIRST)])
    report = add_articles([folder(tmp, "new", [LATER])], built.config)
    assert report.ok, [o.message for o in report.outcomes]
    return Built(built.config, report, ox.Store.read_only(str(built.config.store)))


def test_the_store_equals_a_full_build(full: Built, added: Built) -> None:
    assert set(added.store) == set(full.store)


@pytest.mark.parametrize("name", DUMPS)
def test_every_dump_says_what_a_full_build_says(full: Built, added: Built, name: str) -> None:
    assert statements(added.config.dist, name) == statements(full.config.dist, name)
    assert list((added.config.dist / "added").glob(f"*.{name.rsplit('.', 1)[1]}")), "no part was added"


def test_void_figures_are_updated_not_recounted(full: Built, added: Built) -> None:
    assert VoidStats.read(added.config.dist / "void.ttl", added.config) == VoidStats.read(full.config.dist / "void.ttl", full.config)
    # the copy kept next to the store version (what the next add starts from) says the same
    assert (added.config.store / VOID_STATS).exists()
    # (but for the named graphs' sizes, which are in the VoID subset files, not in the copy)
    assert VoidStats.load(current(added.config.store), added.config) == replace(VoidStats.read(full.config.dist / "void.ttl", full.config), graphs={})


def test_checksums_match_the_files(added: Built) -> None:
    dist = added.config.dist
    for line in (dist / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((dist / name).read_bytes()).hexdigest() == digest, name
    parts = sorted(p.relative_to(dist).as_posix() for p in (dist / "added").iterdir())
    assert len(parts) == len(DUMPS) + 1  # and the new graphs' VoID subsets
    listed = (dist / "SHA256SUMS").read_text(encoding="utf-8")
    void = (dist / "void.ttl").read_text(encoding="utf-8")
    for part in parts:
        assert f"  {part}\n" in listed, part
        assert f"dumps/{part}>" in void, part  # where the server has it: /dumps/added/<name>


@pytest.mark.parametrize("index", [True, False], ids=["people-index", "store-without-index"])
def test_a_new_spelling_joins_the_published_person(tmp_path: Path, index: bool) -> None:
    """آني باداليان is no reference person: the first article mints her, the second spells her
    name with one letter less and must name the same IRI, with its spelling as an alias; from
    the store version's people index, or by asking the store when the version has none."""
    source = "005_armenia-freezes-csto-participation.txt"
    built = build_into(tmp_path, [folder(tmp_path, "corpus", [source])])
    people = built.config.store / PEOPLE_INDEX
    assert "آني باداليان\tperson/" in people.read_text(encoding="utf-8")
    if not index:
        people.unlink()
    text = (CORPUS / source).read_text(encoding="utf-8")
    assert "آني باداليان" in text
    new = tmp_path / "new"
    new.mkdir()
    (new / "105_spelling.txt").write_text(text.replace("آني باداليان", "آني بادليان"), encoding="utf-8")
    assert add_articles([new], built.config).ok
    store = ox.Store.read_only(str(built.config.store))
    rows = list(store.query(
        'SELECT DISTINCT ?p WHERE { GRAPH ?g { ?p <http://www.w3.org/2000/01/rdf-schema#label> "آني باداليان"@ar } }'
    ))
    assert len(rows) == 1
    person = rows[0]["p"]
    graph = ox.NamedNode(built.config.graph_iri("article/105_spelling"))
    alt = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
    assert ox.Quad(person, alt, ox.Literal("آني بادليان", language="ar"), graph) in store
    assert "آني باداليان\tperson/" in (built.config.store / PEOPLE_INDEX).read_text(encoding="utf-8")


def test_a_violating_article_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    built = build_into(tmp_path, [folder(tmp_path, "corpus", FIRST[:1])])
    before = {p.name: p.read_bytes() for p in built.config.dist.iterdir() if p.is_file()}
    quads_before = set(ox.Store.read_only(str(built.config.store)))
    real_map = csto_kg.gate.map_extraction
    headline = ox.NamedNode("https://schema.org/headline")  # the article's own description breaks
    monkeypatch.setattr(csto_kg.gate, "map_extraction", lambda *a: [q for q in real_map(*a) if q.predicate != headline])
    report = add_articles([folder(tmp_path, "new", [LATER])], built.config)
    assert not report.ok and report.outcomes[0].status == "quarantined"
    assert set(ox.Store.read_only(str(built.config.store))) == quads_before
    assert {p.name: p.read_bytes() for p in built.config.dist.iterdir() if p.is_file()} == before


def test_replacing_a_published_article_rewrites_the_dumps(tmp_path: Path, full: Built) -> None:
    built = build_into(tmp_path, [folder(tmp_path, "corpus", [*FIRST, LATER])])
    assert add_articles([CORPUS / LATER], built.config).ok
    store = ox.Store.read_only(str(built.config.store))
    assert set(store) == set(full.store)
    for name in DUMPS:
        assert statements(built.config.dist, name) == statements(full.config.dist, name), name
    assert not (built.config.dist / "added").exists()


def published_then_added(tmp_path: Path, published: str, added: str) -> tuple[Built, Built, Path]:
    """A full build of two articles, a build of the first alone, and the second's folder: what
    an add of the second must bring the partial build to."""
    first, second = tmp_path / "first", tmp_path / "second"
    for where, text in ((first, published), (second, added)):
        where.mkdir()
        (where / f"{where.name}.txt").write_text(text, encoding="utf-8")
    both = tmp_path / "both"
    both.mkdir()
    for source in (first, second):
        shutil.copy(next(source.iterdir()), both)
    return build_into(tmp_path / "full", [both]), build_into(tmp_path / "added", [first]), second


def test_a_fact_reconciled_anew_is_a_changeset_not_a_rewrite(tmp_path: Path) -> None:
    """An add whose article makes a month a day ("في مايو 2022" then "يوم 16 مايو 2022") takes a
    triple out of the default graph: the published files stay as they were (hard links to the
    parent's), the triple goes to a retracted+<stamp>.nt changeset VoID names, and the files with
    their parts applied in order say what a full build of both articles says."""
    summit = "عقدت قمة منظمة معاهدة الأمن الجماعي في موسكو {} بحضور قادة الدول الأعضاء."
    full, built, later = published_then_added(
        tmp_path,
        f"قمة في موسكو\n\n20 مايو 2022\n\n{summit.format('في مايو 2022')}\n",
        f"قمة في موسكو\n\n21 مايو 2022\n\n{summit.format('يوم 16 مايو 2022')}\n",
    )
    before = {name: (built.config.dist / name).resolve().stat().st_ino for name in DUMPS}
    assert add_articles([later], built.config).ok
    # (the event's labels, which say its date, are made again: none is left saying "2022-05")
    assert set(ox.Store.read_only(str(built.config.store))) == set(full.store)
    dist = built.config.dist
    changesets = list((dist / "added").glob("retracted+*.nt"))
    assert len(changesets) == 1
    retracted = {(t.predicate.value.rsplit("/", 1)[-1], t.object.value) for t in ox.parse(path=str(changesets[0]), format=ox.RdfFormat.N_TRIPLES)}
    assert {value for _, value in retracted if not value.endswith("2022-05")} == set(), retracted  # the month, and the labels saying it
    assert ("startDate", "2022-05") in retracted and ("rdf-schema#label", "قمة — منظمة معاهدة الأمن الجماعي — موسكو — 2022-05") in retracted
    assert {name: (dist / name).resolve().stat().st_ino for name in DUMPS} == before, "a published file was written again"
    for name in DUMPS:
        assert statements(dist, name) == statements(full.config.dist, name), name
    assert f"dumps/added/{changesets[0].name}>" in (dist / "void.ttl").read_text(encoding="utf-8")
    assert VoidStats.read(dist / "void.ttl", built.config) == VoidStats.read(full.config.dist / "void.ttl", full.config)
    # The query workers' in-memory knowledge graph, loaded from the N-Triples files, applies it too.
    store = ox.Store.read_only(str(built.config.store))
    copy = knowledge_graph_copy(built.config.store.resolve(), store, 10**6)
    assert copy is not None
    assert {q.triple for q in copy} == {q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def test_an_earlier_as_of_date_is_settled_without_reading_every_claim(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A membership's csto:asOf is the earliest date any article states it (tens of thousands of
    claims at 100k articles): an added article published earlier makes its own date the value,
    whatever the other claims say, so the add settles it without reconciling that pair from all
    its claims, and still ends where a full build of both articles ends."""
    members = "وتضم منظمة معاهدة الأمن الجماعي في عضويتها كلا من أرمينيا وروسيا وبيلاروسيا."
    full, built, earlier = published_then_added(
        tmp_path, f"أعضاء المنظمة\n\n10 يونيو 2022\n\n{members}\n", f"أعضاء المنظمة\n\n1 يونيو 2022\n\n{members}\n"
    )
    asked: list[str] = []
    reconciled = csto_kg.add._reconciled

    def spy(store, affected, *rest, **named):  # type: ignore[no-untyped-def]
        asked.extend(p.value for predicates in affected.values() for p in predicates)
        return reconciled(store, affected, *rest, **named)

    monkeypatch.setattr(csto_kg.add, "_reconciled", spy)
    assert add_articles([earlier], built.config).ok
    assert not any(p.endswith("#asOf") for p in asked), "asOf was reconciled from every claim"
    assert set(ox.Store.read_only(str(built.config.store))) == set(full.store)
    changeset = next((built.config.dist / "added").glob("retracted+*.nt"))
    retracted = {(t.predicate.value.rsplit("#", 1)[-1], t.object.value) for t in ox.parse(path=str(changeset), format=ox.RdfFormat.N_TRIPLES)}
    assert ("asOf", "2022-06-10") in retracted
    for name in DUMPS:
        assert statements(built.config.dist, name) == statements(full.config.dist, name), name


def test_nothing_published_is_a_clear_error(tmp_path: Path) -> None:
    config = Config(store=tmp_path / "store", dist=tmp_path / "dist")
    with pytest.raises(StoreError, match="nothing is published yet"):
        add_articles([CORPUS / LATER], config)
    result = CliRunner().invoke(app, ["add", str(CORPUS / LATER), "--store", str(tmp_path / "store"), "--dist", str(tmp_path / "dist")])
    assert result.exit_code == 1
    assert "nothing is published yet" in result.output


def test_a_running_server_serves_the_added_article(tmp_path: Path) -> None:
    """The server reopens the store when `add` swaps a new version in: no restart needed."""
    import httpx

    from csto_kg.server.app import create_app

    from conftest import running

    built = build_into(tmp_path, [folder(tmp_path, "corpus", FIRST[:1])])
    app = create_app(built.config.store)
    added = LATER.removesuffix(".txt")
    with running(app) as url, httpx.Client(base_url=url, timeout=60) as http:
        assert http.get(f"/id/article/{added}", headers={"Accept": "text/turtle"}).status_code == 404
        assert add_articles([folder(tmp_path, "new", [LATER])], built.config).ok
        answer = http.get(f"/id/article/{added}", headers={"Accept": "text/turtle"})
        assert answer.status_code == 200
        assert f"article/{added}" in answer.text


def test_an_unreadable_article_is_named_and_changes_nothing(tmp_path: Path) -> None:
    built = build_into(tmp_path, [folder(tmp_path, "corpus", FIRST[:1])])
    quads_before = set(ox.Store.read_only(str(built.config.store)))
    bad = tmp_path / "new" / "bad.txt"
    bad.parent.mkdir()
    bad.write_bytes(b"\xff\xfe not utf-8 \x00")
    result = CliRunner().invoke(app, ["add", str(bad), "--store", str(built.config.store), "--dist", str(built.config.dist)])
    assert result.exit_code == 1
    assert str(bad) in result.output
    assert set(ox.Store.read_only(str(built.config.store))) == quads_before
    assert not (built.config.dist / "added").exists()


def test_add_reads_the_gazetteer_its_release_keeps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build keeps its gazetteer in the release; `add` in a fresh process reads it there
    instead of building it (~0.2 s of an add), and links it into the release it publishes."""
    from csto_kg.extract import gazetteer

    built = build_into(tmp_path, [folder(tmp_path, "corpus", FIRST[:1])])
    first = current(built.config.store)
    assert first is not None and (first.path / gazetteer.CACHE_NAME).is_file()
    kept = (first.path / gazetteer.CACHE_NAME).stat().st_ino
    monkeypatch.setattr(gazetteer, "_LOADED", {})  # as in a new process
    monkeypatch.setattr(gazetteer, "_KEPT_FILE", {})

    def not_built(self: object, graph: object) -> None:
        raise AssertionError("the gazetteer was built again")

    monkeypatch.setattr(gazetteer.Gazetteer, "__init__", not_built)
    assert add_articles([folder(tmp_path, "new", [LATER])], built.config).ok
    second = current(built.config.store)
    assert second is not None and second.path != first.path and (second.path / gazetteer.CACHE_NAME).is_file()
    assert (second.path / gazetteer.CACHE_NAME).stat().st_ino == kept  # the same file, linked (not pickled again)


def test_a_kept_gazetteer_of_other_data_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reference data (or the code that reads it) changed since the release was built: its
    gazetteer is stale and is built again."""
    from csto_kg.extract import gazetteer

    reference = tmp_path / "reference.ttl"
    shutil.copy(PROJECT_ROOT / "ontology" / "reference.ttl", reference)
    gazetteer.keep_gazetteer(reference, tmp_path)
    monkeypatch.setattr(gazetteer, "_LOADED", {})
    assert gazetteer._kept(reference, tmp_path) is not None
    reference.write_text(reference.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert gazetteer._kept(reference, tmp_path) is None
    (tmp_path / gazetteer.CACHE_NAME).write_bytes(b"not a pickle")
    assert gazetteer._kept(reference, tmp_path) is None


def test_an_add_to_a_release_whose_void_ttl_holds_the_subsets_moves_them_to_their_file(tmp_path: Path, full: Built) -> None:
    """A release written before the named graphs' VoID subsets had a file of their own (its
    void.ttl held them): the add writes them into void-graphs.nt, and adds its part as usual."""
    built = build_into(tmp_path, [folder(tmp_path, "corpus", FIRST)])
    first = current(built.config.store)
    assert first is not None
    stats = VoidStats.read(first.dumps_dir / "void.ttl", built.config)
    # as such a release was written: no subsets file in its manifest or folder, the subsets in void.ttl
    manifest = json.loads((first.path / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"] = [f for f in manifest["files"] if f["name"] != "void-graphs.nt"]
    (first.path / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    (first.dumps_dir / "void-graphs.nt").unlink()
    (first.dumps_dir / "void.ttl").unlink()
    (first.dumps_dir / "void.ttl").write_bytes(void_description(stats, built.config, []) + void_subsets(stats.graphs, built.config))
    assert VoidStats.read(first.dumps_dir / "void.ttl", built.config) == stats
    assert add_articles([folder(tmp_path, "new", [LATER])], built.config).ok
    dist = built.config.dist
    assert (dist / "void-graphs.nt").is_file() and list((dist / "added").glob("void-graphs+*.nt"))
    assert VoidStats.read(dist / "void.ttl", built.config) == VoidStats.read(full.config.dist / "void.ttl", full.config)
