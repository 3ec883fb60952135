"""Extraction speed: articles per second for the extractor alone, on one core.

Reads the articles once (reading is not extraction), warms the gazetteer and lexicon, then runs
`extract` over them for several passes and prints the rate and the per-article cost. It prints;
it does not assert (CI does not run benchmarks; `make bench` does).

    python bench/extract.py [CORPUS ...] [--passes N]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

from csto_kg.config import PROJECT_ROOT
from csto_kg.corpus import find_article_files, read_article
from csto_kg.extract.facts import extract
from csto_kg.extract.gazetteer import load_gazetteer
from csto_kg.lexicon import load_lexicon

TARGET = 200.0  # articles per second, issue 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path, default=[PROJECT_ROOT / "corpus"])
    parser.add_argument("--passes", type=int, default=20)
    options = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    articles = [read_article(path) for path in find_article_files(options.paths)]
    gazetteer, lexicon = load_gazetteer(), load_lexicon()
    extract(articles[0], gazetteer, lexicon)  # warm caches (indexes are built lazily)
    rates = []
    for _ in range(options.passes):
        start = time.perf_counter()
        for article in articles:
            extract(article, gazetteer, lexicon)
        rates.append(len(articles) / (time.perf_counter() - start))
    words = sum(len(a.body.split()) for a in articles)
    median = statistics.median(rates)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores (pinned to one), Python {platform.python_version()}")
    print(f"corpus: {len(articles)} articles, {words / len(articles):.0f} words each on average; {options.passes} passes")
    print(f"extractor: {median:.0f} articles/s median (min {min(rates):.0f}, max {max(rates):.0f}); {1000 / median:.2f} ms per article")
    print(f"target: {TARGET:.0f} articles/s -> {median / TARGET:.1f}x the target")


if __name__ == "__main__":
    main()
