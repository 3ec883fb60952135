"""`csto-kg eval`: the whole pipeline measured against hand-written gold facts.

The corpus is built into a temporary store by the real build, then the five public queries are
asked of each article's graph (with the reference data and the ontology as the rest of the
dataset, as a SPARQL client would with `default-graph-uri`), and their answers are compared with
`tests/gold/<article>.yaml`. A regression anywhere — extraction, mapping, shapes, queries — shows
as a drop in a number. Scores are micro-averaged over articles.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import pyoxigraph as ox
import yaml

from csto_kg.arabic import normalize_word
from csto_kg.config import Config, load_yaml
from csto_kg.pipeline import BuildReport, build
from csto_kg.queries import NamedQuery, named_queries

FACT_TYPES = ("entities", "posts", "events", "event status", "statements", "memberships", "signatories", "dates")
# The gold file's section each fact type is read from.
SECTIONS = {
    "entities": "entities", "posts": "posts", "events": "events", "event status": "events", "statements": "statements",
    "memberships": "memberships", "signatories": "signings", "dates": "dates",
}  # fmt: skip
NEW = "new:"


class GoldError(ValueError):
    """A gold file that cannot be used; the message names the file and the field."""


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Finding:
    """A gold fact the build missed, or a fact it published that the gold does not have."""

    article: str
    fact_type: str
    kind: str  # "miss" | "invention"
    fact: str


@dataclass
class EvalReport:
    scores: dict[str, Score] = field(default_factory=lambda: {name: Score() for name in FACT_TYPES})
    findings: list[Finding] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    build: BuildReport | None = None

    def inventions(self, fact_type: str) -> list[Finding]:
        return [f for f in self.findings if f.fact_type == fact_type and f.kind == "invention"]


@dataclass(frozen=True)
class Facts:
    """One article's facts as comparable keys, by fact type. A gold file that does not list a
    type (no key at all, as opposed to an empty list) has not been annotated for it: that type is
    not scored for the article."""

    by_type: dict[str, set[tuple[Any, ...]]]
    annotated: frozenset[str] = frozenset(FACT_TYPES)
    listed: frozenset[str] = frozenset(FACT_TYPES)  # the types whose section the file has


def load_gold(directory: Path) -> dict[str, Facts]:
    """Every `*.yaml` gold file of a folder, keyed by article id."""
    golds: dict[str, Facts] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            data = load_yaml(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise GoldError(f"{path}: invalid YAML: {error}") from error
        if not isinstance(data, dict) or "article" not in data:
            raise GoldError(f"{path}: needs an 'article' field")
        golds[str(data["article"])] = _gold_facts(path, data)
    return golds


def _gold_facts(path: Path, data: dict[str, Any]) -> Facts:
    def items(name: str) -> list[Any]:
        value = data.get(name) or []
        if not isinstance(value, list):
            raise GoldError(f"{path}: field {name!r} must be a list")
        return value

    def need(item: Any, key: str, section: str) -> Any:
        if not isinstance(item, dict) or key not in item:
            raise GoldError(f"{path}: every item of {section!r} needs {key!r}: {item!r}")
        return item[key]

    by_type: dict[str, set[tuple[Any, ...]]] = {name: set() for name in FACT_TYPES}
    by_type["entities"] = {(_entity_key(e),) for e in items("entities")}
    for post in items("posts"):
        by_type["posts"].add((_entity_key(need(post, "person", "posts")), need(post, "role", "posts"), need(post, "holder", "posts")))
    for event in items("events"):
        key = (need(event, "kind", "events"), _date(event.get("date")), event.get("place"))
        by_type["events"].add(key)
        by_type["event status"].add(key + (event.get("status"),))
    for membership in items("memberships"):
        by_type["memberships"].add(
            (
                need(membership, "state", "memberships"),
                need(membership, "organization", "memberships"),
                need(membership, "status", "memberships"),
                _date(membership.get("start")),
                _date(membership.get("end")),
            )
        )
    for signing in items("signings"):
        for state in signing.get("signatories") or []:
            by_type["signatories"].add((_date(signing.get("date")), state))
    for statement in items("statements"):
        by_type["statements"].add((_entity_key(need(statement, "speaker", "statements")), _date(statement.get("date"))))
    by_type["dates"] = {(_date(d),) for d in items("dates")}
    annotated = frozenset(t for t in FACT_TYPES if t != "statements" or "statements" in data)
    return Facts(by_type, annotated, frozenset(t for t in FACT_TYPES if SECTIONS[t] in data))


def _entity_key(value: str) -> str:
    value = str(value)
    return NEW + normalize_word(value[len(NEW):]) if value.startswith(NEW) else value


def _date(value: Any) -> str | None:
    return None if value is None else str(value)


def evaluate(paths: Iterable[Path], gold_dir: Path, config: Config) -> EvalReport:
    """Build `paths` into a temporary store and score the public queries against the gold."""
    golds = load_gold(gold_dir)
    report = EvalReport()
    with tempfile.TemporaryDirectory(prefix="csto-kg-eval-") as tmp:
        settings = config.with_(store=Path(tmp) / "store", dist=Path(tmp) / "dist")
        report.build = build(list(paths), settings)
        store = ox.Store.read_only(str(settings.store))
        published = {o.article_id for o in report.build.outcomes if o.status == "published"}
        built = {o.article_id for o in report.build.outcomes}
        queries = named_queries(settings.queries_dir)  # read once, asked of every article
        reference_graph = ox.NamedNode(settings.graph_iri("reference"))
        reference = {q.subject.value for q in store.quads_for_pattern(None, None, None, reference_graph)}
        for article_id in sorted(golds):
            if article_id not in built:
                continue
            report.articles.append(article_id)
            if article_id in published:
                predicted = _predicted(store, settings, article_id, queries, reference)
            else:
                predicted = Facts({t: set() for t in FACT_TYPES})
            _compare(report, article_id, golds[article_id], predicted)
    return report


def _predicted(
    store: ox.Store, config: Config, article_id: str, queries: dict[str, NamedQuery], reference: set[str]
) -> Facts:
    """The public queries' answers over one article's graph (plus reference data and ontology)."""
    dataset = [ox.NamedNode(config.graph_iri(name)) for name in (f"article/{article_id}", "reference", "ontology")]
    base = config.base + "id/"

    def rows(name: str) -> list[dict[str, str]]:
        results = store.query(queries[name].text, default_graph=dataset, named_graphs=dataset[:1])
        names = [v.value for v in results.variables]
        return [{n: row[n].value for n in names if row[n] is not None} for row in results]

    def local(iri: str | None) -> str | None:
        return None if iri is None else iri.removeprefix(base)

    entities = rows("entities")
    new_names: dict[str, set[str]] = {}
    for row in entities:
        if "mention" in row and row["entity"] not in reference:
            # A person the reference data does not know is named as written (gold: new:<Arabic
            # name>); any other entity is minted under the reference scheme's id, which the gold
            # gives it too ("organization/kyrgyzstan-ministry-of-defence").
            entity = local(row["entity"])
            name = NEW + normalize_word(row["mention"]) if entity.startswith("person/") else entity  # type: ignore[union-attr]
            new_names.setdefault(row["entity"], set()).add(name)
    by_type: dict[str, set[tuple[Any, ...]]] = {name: set() for name in FACT_TYPES}
    for row in entities:
        if "mention" in row:
            if row["entity"] in reference:
                by_type["entities"].add((local(row["entity"]),))
            else:
                by_type["entities"].add((min(new_names[row["entity"]]),) + tuple(sorted(new_names[row["entity"]])))
    for row in rows("posts"):
        person = local(row["person"]) if row["person"] in reference else NEW + normalize_word(row.get("person_label_ar", ""))
        by_type["posts"].add((person, local(row.get("role")), local(row["holder_of"])))
    for row in rows("events"):
        key = (row["kind"], row.get("date"), local(row.get("place")))
        if row["kind"] == "Statement":
            # A statement is scored by speaker and date (the statements list), not as an event.
            speaker = row.get("participant")
            if speaker is not None:
                spellings = (local(speaker),) if speaker in reference else tuple(sorted(new_names.get(speaker, {local(speaker)})))
                by_type["statements"].add((spellings, row.get("date")))
            continue
        by_type["events"].add(key)
        by_type["event status"].add(key + (row["status"],))
        if row["kind"] == "Signing" and local(row.get("participant") or "").startswith("state/"):
            by_type["signatories"].add((row.get("date"), local(row["participant"])))
        if row.get("date"):
            by_type["dates"].add((row["date"],))
    for row in rows("memberships"):
        by_type["memberships"].add(
            (local(row["state"]), local(row["organization"]), row["status"], row.get("start"), row.get("end"))
        )
        for key in ("start", "end"):
            if row.get(key):
                by_type["dates"].add((row[key],))
    return Facts(by_type)


def agreement(first: Path, second: Path) -> EvalReport:
    """Two readers' gold for the same articles, the second scored against the first: how far
    people reading the same text agree is what an extractor can be asked to reach, and where they
    part the guideline must say more. Only the articles and fact types both folders list count."""
    golds, others = load_gold(first), load_gold(second)
    report = EvalReport()
    for article_id in sorted(golds.keys() & others.keys()):
        gold, other = golds[article_id], others[article_id]
        both = gold.annotated & other.annotated & gold.listed & other.listed
        _compare(report, article_id, Facts(gold.by_type, both), other, read=True)
        report.articles.append(article_id)
    return report


def _compare(report: EvalReport, article_id: str, gold: Facts, predicted: Facts, read: bool = False) -> None:
    """Score `predicted` against `gold`; `read` when it is a reader's gold too (its speakers are
    ids, not the spellings a build gives a new person)."""
    for fact_type in FACT_TYPES:
        if fact_type not in gold.annotated:
            continue
        expected = gold.by_type[fact_type]
        found = predicted.by_type[fact_type]
        if fact_type == "statements" and not read:
            found = _name_speakers(expected, found)
        if fact_type == "entities":
            matched_gold, matched_found = _match_entities(expected, found)
        else:
            matched_gold = matched_found = expected & found
        score = report.scores[fact_type]
        score.true_positives += len(matched_gold)
        score.false_negatives += len(expected - matched_gold)
        score.false_positives += len(found - matched_found)
        report.findings += [Finding(article_id, fact_type, "miss", _show(f)) for f in sorted(expected - matched_gold, key=str)]
        report.findings += [Finding(article_id, fact_type, "invention", _show(f)) for f in sorted(found - matched_found, key=str)]


def _name_speakers(expected: set[tuple[Any, ...]], found: set[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
    """Predicted statements keyed like the gold's: a new person is the gold's spelling of them
    when the gold has one of theirs, else their first spelling."""
    gold_speakers = {speaker for speaker, _ in expected}
    named = set()
    for spellings, date in found:
        speaker = next((s for s in spellings if s in gold_speakers), spellings[0])
        named.add((speaker, date))
    return named


def _match_entities(expected: set[tuple[Any, ...]], found: set[tuple[Any, ...]]) -> tuple[set[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """Reference entities match by id; a new person matches when any of its spellings is the gold's."""
    matched_gold: set[tuple[Any, ...]] = set()
    matched_found: set[tuple[Any, ...]] = set()
    for gold in expected:
        for candidate in found:
            if candidate not in matched_found and gold[0] in candidate:
                matched_gold.add(gold)
                matched_found.add(candidate)
                break
    return matched_gold, matched_found


def _show(fact: tuple[Any, ...]) -> str:
    return " | ".join("-" if part is None else str(part) for part in fact)
