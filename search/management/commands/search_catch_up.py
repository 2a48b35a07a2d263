"""Re-send to the search cluster the index updates it missed while it was down or slow. Safe to
run at any time (from cron, say every 5 minutes): it does nothing when nothing was missed, and
stops at once if the node is still failing."""

from django.core.management.base import BaseCommand, CommandError

from wagtail.search.backends import get_search_backends_with_name

from search.backends import ResilientBackendMixin, catch_up


class Command(BaseCommand):
    help = "Send the search cluster the index updates it missed while it was unavailable."

    def handle(self, *args, **options):
        clusters = [
            (name, backend)
            for name, backend in get_search_backends_with_name()
            if isinstance(backend, ResilientBackendMixin)
        ]
        if not clusters:
            self.stdout.write("No search cluster is configured: nothing to catch up.")
        still_missed = 0
        for name, backend in clusters:
            sent, remaining = catch_up(backend)
            still_missed += remaining
            self.stdout.write(f"{name}: {sent} missed index updates sent, {remaining} still missed")
        if still_missed:
            raise CommandError(f"{still_missed} index updates could not be sent: is the node up?")
