"""Search speed at scale: synthetic pages in both languages, then the latency of a reader's search
(`run_search`: normalising, the backend's query, loading the pages, ranking) per language.

The synthetic text is drawn from the demo content's own words in each language (content/*.yaml
for English, the Welsh PO files for Welsh), so that word frequencies, and the Welsh mutated
forms, are those of real guidance. It is run by `manage.py search_benchmark`, which creates a
throwaway database for it."""

import io
import random
import re
import statistics
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models.signals import post_save

from wagtail.models import Locale, Page

import polib
import yaml

from search.querying import run_search

CONTENT_DIR = Path(settings.BASE_DIR) / "content"
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def corpus_words(language):
    """The demo content's words in `language`, in reading order (so with their frequencies)."""
    if language == "cy":
        texts = [
            entry.msgstr
            for path in sorted((CONTENT_DIR / "translations" / "cy").glob("*.po"))
            for entry in polib.pofile(str(path))
            if entry.msgstr
        ]
    else:
        texts = [
            text
            for path in sorted(CONTENT_DIR.glob("*.yaml"))
            for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8")))
            if " " in text  # sentences, not keys, slugs or dates
        ]
    return [word for text in texts for word in WORD.findall(text)]


def synthetic_text(words, rng, length):
    """Runs of consecutive words from the corpus: word order and frequency as in the guidance."""
    out = []
    while len(out) < length:
        start = rng.randrange(len(words))
        out.extend(words[start : start + rng.randint(4, 12)])
    return " ".join(out[:length])


def generate_pages(count, parents, seed=1, start=0):
    """`count` information pages, half English and half their Welsh translations (one translation
    key per pair), under `parents` ({language: parent page}). Indexing happens afterwards, in bulk
    (`index_pages`), as `update_index` does."""
    from modelsearch.signal_handlers import post_save_signal_handler

    from home.models import InformationPage

    rng = random.Random(seed)
    words = {language: corpus_words(language) for language in parents}
    post_save.disconnect(post_save_signal_handler, sender=InformationPage)
    try:
        with transaction.atomic():  # one commit: PostgreSQL syncs each one to disk
            created = 0
            while created < count:
                pair = {}
                for language, parent in parents.items():
                    if created >= count:
                        break
                    title = synthetic_text(words[language], rng, rng.randint(3, 7)).capitalize()
                    page = InformationPage(
                        title=title[:250],
                        slug=f"page-{start + created}",
                        summary=synthetic_text(words[language], rng, rng.randint(60, 200)),
                        body=[],
                        locale=parent.locale,
                    )
                    if pair:
                        page.translation_key = next(iter(pair.values())).translation_key
                    parent.add_child(instance=page)
                    pair[language] = page
                    created += 1
    finally:
        post_save.connect(post_save_signal_handler, sender=InformationPage)


def index_pages():
    """Every configured backend, built as in production: `update_index` (a cluster's index gets
    its mapping and settings, then the pages in bulk). Then PostgreSQL vacuums and brings its
    statistics up to date, as its autovacuum does on a live site after a bulk load: planned with
    no statistics, a search reads every index entry."""
    call_command("update_index", stdout=io.StringIO())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def benchmark_queries(language, relevance_file, extra=30, seed=2):
    """The relevance benchmark's queries in `language`, plus `extra` phrases of the corpus."""
    cases = yaml.safe_load(Path(relevance_file).read_text(encoding="utf-8"))[language]
    rng = random.Random(seed)
    words = corpus_words(language)
    return [case["query"] for case in cases] + [
        synthetic_text(words, rng, rng.randint(1, 3)) for _ in range(extra)
    ]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(queries, locale, rounds=3):
    """Milliseconds per search, after one warm-up round."""
    for query in queries:
        run_search(query, locale)
    timings = []
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            run_search(query, locale)
            timings.append((time.perf_counter() - started) * 1000)
    return {
        "searches": len(timings),
        "p50": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "max": max(timings),
    }


def language_parents():
    """An English and a Welsh home page for the synthetic pages, in a fresh database."""
    from home.models import HomePage

    root = Page.get_first_root_node()
    parents = {}
    for language in ("en", "cy"):
        locale, _ = Locale.objects.get_or_create(language_code=language)
        home = HomePage(title=f"Benchmark {language}", slug=f"bench-{language}", locale=locale)
        if parents:
            home.translation_key = parents["en"].translation_key
        root.add_child(instance=home)
        parents[language] = home
    return parents
