import json

from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Locale

from cms.translation_status import STATUS_FILTERS, all_states, matches_status, sync_outdated


class Command(BaseCommand):
    help = "Where every translation stands: exists, % translated, out of date, review, published."

    def add_arguments(self, parser):
        parser.add_argument("--locale", default="cy")
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
        parser.add_argument("--status", choices=STATUS_FILTERS, help="Only rows in this state.")
        parser.add_argument(
            "--sync-outdated",
            action="store_true",
            help="Sync every out-of-date translation with the latest source (saved as drafts).",
        )

    def handle(self, *args, locale, status, **options):
        as_json, sync = options["json"], options["sync_outdated"]
        try:
            target = Locale.objects.get(language_code=locale)
        except Locale.DoesNotExist:
            raise CommandError(f"unknown locale: {locale}") from None
        rows = all_states(target)
        if sync:
            for instance, state in rows:
                if state.out_of_date:
                    sync_outdated(instance, target)
            rows = all_states(target)
        rows = [state for _, state in rows if matches_status(state, status)]
        if as_json:
            self.stdout.write(_json([state.as_dict() for state in rows]))
            return
        self.stdout.write(
            f"{'path':<78} {'exists':<6} {'done':>5} {'out of date':<11} {'review':<16} "
            f"{'live':<5} glossary"
        )
        for state in rows:
            out_of_date = f"yes ({len(state.changed_segments)})" if state.out_of_date else "no"
            self.stdout.write(
                f"{state.path[:78]:<78} {'yes' if state.exists else 'no':<6} {state.percent:>4}% "
                f"{out_of_date:<11} {state.review:<16} {'yes' if state.published else 'no':<5} "
                f"{len(state.glossary)}"
            )
        self.stdout.write(f"{len(rows)} object(s).")


def _json(data):
    return json.dumps(data, indent=2, ensure_ascii=False)
