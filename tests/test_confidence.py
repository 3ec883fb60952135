"""Every fact carries the rule that made it and a confidence; --min-confidence decides what is published."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SEED, SEED_GRAPH, Built, build_into

FACT_CLASSES = "csto:Membership csto:Chairmanship csto:Incumbency csto:Summit csto:MinisterialMeeting csto:BilateralTalks csto:Visit csto:Signing csto:Unrest csto:AssistanceRequest"


def classes(built: Built) -> set[str]:
    rows = built.select(
        f"SELECT DISTINCT ?class WHERE {{ GRAPH <{SEED_GRAPH}> {{ ?f a ?class ; csto:evidence ?e }} VALUES ?class {{ {FACT_CLASSES} }} }}"
    )
    return {row["class"].rsplit("#", 1)[1] for row in rows}


def test_every_fact_has_a_rule_and_a_confidence(seed_build: Built) -> None:
    rows = seed_build.select(
        f"""SELECT ?fact ?rule ?confidence WHERE {{ GRAPH <{SEED_GRAPH}> {{
              ?fact csto:evidence ?e . ?e csto:extractionRule ?rule ; csto:confidence ?confidence . }} }}"""
    )
    assert rows
    facts = seed_build.select(f"SELECT DISTINCT ?fact WHERE {{ GRAPH <{SEED_GRAPH}> {{ ?fact csto:evidence ?e }} }}")
    assert {r["fact"] for r in rows} == {r["fact"] for r in facts}
    assert all(0 < float(r["confidence"]) <= 1 for r in rows)
    assert {r["rule"] for r in rows} >= {"membership-list", "membership-exit", "post-title", "event-trigger", "treaty-signing"}


def test_min_confidence_decides_what_is_published(seed_build: Built, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    strict = build_into(tmp_path / "strict", [corpus], min_confidence=0.86)
    assert strict.report.ok
    everything = classes(seed_build)
    kept = classes(strict)
    # Membership lists (0.9) and titled posts (0.9) stay; events (0.8) and the chair (0.85) go.
    assert {"Membership", "Incumbency", "Signing"} <= kept
    assert {"Summit", "Visit", "Chairmanship"} <= everything - kept
    confidences = strict.select(f"SELECT ?c WHERE {{ GRAPH <{SEED_GRAPH}> {{ ?f csto:evidence ?e . ?e csto:confidence ?c }} }}")
    assert min(float(r["c"]) for r in confidences) >= 0.86
