"""extract: Article -> records. The one public function of the extraction stage.

Reads the located pieces (analysis.py), runs the fact patterns (the patterns/ package: posts,
memberships and chairmanships, events, signings), names membership episodes (episodes.py), and adds
the records about the article itself, the entities it mentions and the entities it introduces.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from csto_kg.arabic import normalize_word
from csto_kg.corpus import Article, Span
from csto_kg.extract import patterns
from csto_kg.extract.analysis import Analysis
from csto_kg.extract.dates import DateValue
from csto_kg.extract.episodes import name_episodes
from csto_kg.extract.gazetteer import STATE_BODY_LINKS, Entity, Gazetteer, load_gazetteer
from csto_kg.extract.records import Record, slugify
from csto_kg.lexicon import Lexicon, load_lexicon

FACT_TYPES = frozenset(
    {"Membership", "Chairmanship", "Incumbency", "Signing", "Meeting", "Summit", "MinisterialMeeting",
     "BilateralTalks", "Visit", "Statement", "Unrest", "AssistanceRequest", "Deployment",
     "MilitaryExercise", "ForcesWithdrawal", "Decision", "Appointment"}
)  # fmt: skip


@dataclass(frozen=True)
class Extraction:
    """What one article yields: its records (article, mentions, entities, facts) and warnings."""

    article: Article
    records: tuple[Record, ...]
    warnings: tuple[str, ...]

    def facts(self) -> list[Record]:
        return [r for r in self.records if r.type in FACT_TYPES]

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.article.id,
            "path": str(self.article.path),
            "warnings": list(self.warnings),
            "records": [r.to_json() for r in self.records],
        }


def extract(article: Article, gazetteer: Gazetteer | None = None, lexicon: Lexicon | None = None, min_confidence: float = 0.0) -> Extraction:
    """All records of one article, facts below `min_confidence` left out."""
    gazetteer = gazetteer or load_gazetteer()
    lexicon = lexicon or load_lexicon()
    analysis = Analysis(article, gazetteer, lexicon)
    facts = patterns.Facts()
    patterns.extract_posts(analysis, facts)
    patterns.extract_membership_lists(analysis, facts)
    patterns.extract_membership_changes(analysis, facts)
    patterns.extract_chairmanships(analysis, facts)
    patterns.extract_events(analysis, facts)
    patterns.extract_signings(analysis, facts)
    kept = name_episodes([r for r in facts if not r.evidence or r.confidence >= min_confidence], gazetteer)
    records = [_article_record(article, gazetteer, analysis)]
    records += _mentions(analysis)
    records += _minted(analysis)
    records += kept
    return Extraction(article, tuple(records), article.warnings)


def _article_record(article: Article, gazetteer: Gazetteer, analysis: Analysis) -> Record:
    record = Record("NewsArticle", f"article/{article.id}")
    properties = record.properties
    properties["headline"] = article.headline
    properties["articleBody"] = article.body
    properties["inLanguage"] = article.lang
    if article.published:
        properties["datePublished"] = DateValue(article.published.isoformat(), "day")
    if article.url:
        properties["url"] = article.url
    if article.publisher:
        properties["publisher"] = _organization(article.publisher, gazetteer, analysis).id
    if article.source:
        properties["source"] = _organization(article.source, gazetteer, analysis).id
    if article.image_credit:
        properties["creditText"] = article.image_credit.text
        properties["imageCredit"] = _organization(article.image_credit, gazetteer, analysis).id
    return record


def _organization(span: Span, gazetteer: Gazetteer, analysis: Analysis) -> Entity:
    """A footer name (publisher, agency, photo credit): a known organisation, or a new one."""
    wanted = normalize_word(span.text)
    for entity in gazetteer.entities.values():
        if entity.is_organization and wanted in gazetteer.labels_of(entity.id):
            return entity
    return analysis.mint(Entity(f"organization/{slugify(span.text)}", "Organization", span.text))


def _mentions(analysis: Analysis) -> list[Record]:
    records = []
    for match in analysis.names:
        if match.via in ("anaphor", "body-anaphor"):  # "المنظمة"، "المجلس": read as the name before, not named
            continue
        evidence = analysis.evidence(match.start, match.end, match.rule)
        record = Record("Mention", f"mention/{analysis.article.id}/{evidence.start}-{evidence.end}", {"refersTo": match.entity.id})
        record.add_evidence(evidence)
        records.append(record)
    for title in analysis.titles:
        if title.person is not None and title.person.rule == "title-person":
            match = title.person
            evidence = analysis.evidence(match.start, match.end, match.rule)
            record = Record("Mention", f"mention/{analysis.article.id}/{evidence.start}-{evidence.end}", {"refersTo": match.entity.id})
            record.add_evidence(evidence)
            records.append(record)
    return records


def _minted(analysis: Analysis) -> list[Record]:
    """Entities the article introduces: new people, ministries and other state bodies, organisations."""
    records = []
    for entity in analysis.minted.values():
        record = Record(entity.kind, entity.id, {"labelAr": entity.label_ar})
        link = STATE_BODY_LINKS.get(entity.kind)
        if link is not None:
            state = analysis.gazetteer.by_id(entity.links[link])
            english = analysis.lexicon.state_bodies[entity.links["kind"]]["en"]
            record.properties[link] = entity.links[link]
            if state and state.label_en:
                record.properties["labelEn"] = f"{english} of {state.label_en}"
        records.append(record)
    return records
