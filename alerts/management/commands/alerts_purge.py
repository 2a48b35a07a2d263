"""Delete alert requests nobody confirmed within 7 days. Run daily from cron, e.g.
`15 3 * * * cd /srv/cms && .venv/bin/python manage.py alerts_purge`."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from alerts.models import PURGE_AFTER, Subscription


class Command(BaseCommand):
    help = "Delete email alert requests that were not confirmed within 7 days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count them, but delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        stale = Subscription.objects.filter(
            confirmed_at__isnull=True, created_at__lt=timezone.now() - PURGE_AFTER
        )
        count = stale.count()
        if not dry_run:
            stale.delete()
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {count} unconfirmed email alert request(s).")
