from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from search.quality import measure

DEFAULT_BENCHMARK = Path(settings.BASE_DIR) / "tests" / "search" / "relevance.yaml"


class Command(BaseCommand):
    help = (
        "Precision@1 and MRR of the relevance benchmark, per language, on the configured backend."
    )

    def add_arguments(self, parser):
        parser.add_argument("--benchmark", type=Path, default=DEFAULT_BENCHMARK)
        parser.add_argument("--show-misses", action="store_true")

    def handle(self, *args, benchmark, show_misses, **options):
        backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"].rsplit(".", 1)[-1]
        vendor = __import__("django.db", fromlist=["connection"]).connection.vendor
        self.stdout.write(f"{'backend':<22} {'language':<8} {'queries':>7} {'P@1':>6} {'MRR':>6}")
        for quality in measure(benchmark):
            self.stdout.write(
                f"{backend + ' (' + vendor + ')':<22} {quality.language:<8} {quality.queries:>7} "
                f"{quality.precision_at_1:>6.2f} {quality.mrr:>6.2f}"
            )
            if show_misses:
                for query, first, rank in quality.misses:
                    self.stdout.write(
                        f"    miss: {query!r}: first {first}, expected at rank {rank}"
                    )
