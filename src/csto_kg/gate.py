"""gate: map one article and validate it; one bad fact costs one fact, not the article.

Real articles are long and the extractor is not perfect: a membership read without the date its
shape requires should not take the article's twenty good facts down with it. When the only
violations are on fact records (a membership, an event, an incumbency …), those records are
dropped with a warning that names them and the article is mapped and validated again; an article
is quarantined whole only when what breaks a shape is not a fact (the article's own description,
a mention, an entity), or when dropping does not make it conform.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, replace

import pyoxigraph as ox

from csto_kg.config import Config
from csto_kg.extract.facts import FACT_TYPES, Extraction
from csto_kg.mapping import RulesStore, map_extraction
from csto_kg.validate import ArticleValidator, ValidationReport

#: Rounds of dropping: a dropped fact may leave another that pointed at it broken.
MAX_ROUNDS = 3


@dataclass(frozen=True)
class Gated:
    """An article's graph, the verdict on it, and the facts dropped to get there."""

    quads: list[ox.Quad]
    verdict: ValidationReport
    dropped: tuple[str, ...]  # one readable line per dropped fact: its id and why


def gate(
    extraction: Extraction, config: Config, rules: RulesStore, validator: ArticleValidator, seconds: Counter[str]
) -> Gated:
    """Map and validate `extraction`, dropping the fact records that break a shape."""
    dropped: list[str] = []
    rounds = 0
    while True:
        start = time.process_time()
        quads = map_extraction(extraction, config, rules)
        mapped = time.process_time()
        verdict = validator.validate(quads)
        seconds["map"] += mapped - start
        seconds["validate"] += time.process_time() - mapped
        failing = {} if verdict.conforms or rounds == MAX_ROUNDS else failing_facts(extraction, verdict, config)
        if not failing:  # it conforms, or something other than a fact breaks a shape: quarantined
            return Gated(quads, verdict, tuple(dropped))
        dropped += [f"{record_id}: {message}" for record_id, message in failing.items()]
        extraction = replace(extraction, records=tuple(r for r in extraction.records if r.id not in failing))
        rounds += 1


def failing_facts(extraction: Extraction, verdict: ValidationReport, config: Config) -> dict[str, str]:
    """Fact record id -> the first violation's message, when every violation is on a fact
    record (its node or a node under it, such as its evidence); else nothing."""
    prefix = config.base + "id/"
    facts = {r.id for r in extraction.records if r.type in FACT_TYPES}
    failing: dict[str, str] = {}
    for violation in verdict.violations:
        if violation.severity != "Violation":
            continue
        local = violation.focus.removeprefix(prefix).split("#", 1)[0]
        if not violation.focus.startswith(prefix) or local not in facts:
            return {}
        failing.setdefault(local, violation.message)
    return failing
