"""Relevance measurement: precision at 1 and mean reciprocal rank of a benchmark file."""

from dataclasses import dataclass
from pathlib import Path

from wagtail.models import Locale

import yaml

from search.querying import result_url, run_search


@dataclass
class Quality:
    language: str
    queries: int
    precision_at_1: float
    mrr: float
    misses: list


def measure(benchmark: Path):
    data = yaml.safe_load(Path(benchmark).read_text(encoding="utf-8"))
    qualities = []
    for language, cases in data.items():
        locale = Locale.objects.get(language_code=language)
        hits, reciprocal, misses = 0, 0.0, []
        for case in cases:
            urls = [result_url(page) for page in run_search(case["query"], locale).results]
            rank = urls.index(case["expected"]) + 1 if case["expected"] in urls else None
            hits += rank == 1
            reciprocal += 1 / rank if rank else 0
            if rank != 1:
                misses.append((case["query"], urls[0] if urls else None, rank))
        qualities.append(
            Quality(language, len(cases), hits / len(cases), reciprocal / len(cases), misses)
        )
    return qualities
