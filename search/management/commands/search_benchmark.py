"""Search latency at scale, per backend and language, in a throwaway database.

    manage.py search_benchmark --pages 10000

Creates a fresh test database (as the test runner does: an in-memory SQLite database, or
`test_<name>` on PostgreSQL), fills it with synthetic English and Welsh pages drawn from the demo
content's words, indexes them in every configured search backend (a search cluster gets its own
`benchmark_` indexes), times the relevance benchmark's queries plus phrases of the guidance
through the reader's search, prints p50/p95 per backend and language, and removes it all."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import override_settings

from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

from search.backends import reset_breakers
from search.benchmark import (
    benchmark_queries,
    generate_pages,
    index_pages,
    language_parents,
    measure,
)

DEFAULT_QUERIES = Path(settings.BASE_DIR) / "tests" / "search" / "relevance.yaml"


class Command(BaseCommand):
    help = "Search latency (p50/p95) per backend and language over synthetic pages."

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=10_000)
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)

    def handle(self, *args, pages, rounds, queries, **options):
        backends = self.benchmark_backends()
        old_name = connection.settings_dict["NAME"]
        self.stdout.write(f"Creating a throwaway {connection.vendor} database ...")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            with override_settings(WAGTAILSEARCH_BACKENDS=backends):
                reset_breakers()
                self.run(pages, rounds, queries, backends)
        finally:
            with override_settings(WAGTAILSEARCH_BACKENDS=backends):
                for name in backends:
                    remove_cluster_indexes(get_search_backend(name))
            connection.creation.destroy_test_db(old_name, verbosity=0)

    def benchmark_backends(self):
        backends = {name: dict(conf) for name, conf in settings.WAGTAILSEARCH_BACKENDS.items()}
        for conf in backends.values():
            if "INDEX_PREFIX" in conf:
                conf["INDEX_PREFIX"] = "benchmark_" + conf["INDEX_PREFIX"]
                conf["TIMEOUT"] = 30  # building the index; readers' searches are what is timed
        return backends

    def run(self, pages, rounds, queries, backends):
        started = time.monotonic()
        parents = language_parents()
        generate_pages(pages, parents)
        self.stdout.write(f"{pages} pages generated in {time.monotonic() - started:.0f} s")
        started = time.monotonic()
        index_pages()
        self.stdout.write(f"indexed in {time.monotonic() - started:.0f} s")

        self.stdout.write(
            f"{'backend':<26} {'language':<8} {'pages':>6} {'searches':>8} "
            f"{'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}"
        )
        for conf in backends.values():
            label = f"{conf['BACKEND'].rsplit('.', 1)[-1]} ({connection.vendor})"
            # The backend measured answers as "default", which is what the reader's search uses.
            with override_settings(WAGTAILSEARCH_BACKENDS={**backends, "default": conf}):
                results = {}
                for language in ("en", "cy"):
                    locale = Locale.objects.get(language_code=language)
                    found = measure(benchmark_queries(language, queries), locale, rounds)
                    results[language] = found
                    in_language = pages // 2 + (pages % 2 if language == "en" else 0)
                    self.stdout.write(
                        f"{label:<26} {language:<8} {in_language:>6} {found['searches']:>8} "
                        f"{found['p50']:>7.1f} {found['p95']:>7.1f} {found['max']:>7.1f}"
                    )
                ratio = results["cy"]["p95"] / results["en"]["p95"]
                self.stdout.write(f"{label:<26} Welsh p95 / English p95: {ratio:.2f}")


def remove_cluster_indexes(backend):
    """The benchmark's own indexes on a search cluster (by their concrete names: a cluster may
    refuse to delete through an alias or a wildcard). A database backend goes with its database."""
    if getattr(backend, "index_prefix", "").startswith("benchmark_"):
        for name in backend.es.indices.get(index=backend.index_prefix + "*"):
            backend.es.indices.delete(index=name)
