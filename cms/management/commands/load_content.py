from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wagtail.models import Locale

from cms.loading.errors import ContentError
from cms.loading.site import load_site
from cms.loading.sync import Synchroniser

LOADER_USERNAME = "content-loader"
DEFAULT_CONTENT_DIR = Path(settings.BASE_DIR) / "content"


class DryRunRollback(Exception):
    pass


def loader_user():
    """The named user every loader revision is recorded against. It cannot sign in."""
    user, created = get_user_model().objects.get_or_create(
        username=LOADER_USERNAME,
        defaults={"first_name": "Content", "last_name": "loader", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


class Command(BaseCommand):
    help = (
        "Build or update the whole site from the YAML data files in content/. Idempotent: a page "
        "is saved (with a new revision) only when its data changed. Pages edited or unpublished "
        "in the CMS since they were loaded are kept as the editor left them unless "
        "--overwrite-edits is given. The run is one transaction: any error leaves the database "
        "as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--content-dir",
            type=Path,
            default=DEFAULT_CONTENT_DIR,
            help="Folder holding the data files (default: content/).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would change, then roll everything back.",
        )
        parser.add_argument(
            "--overwrite-edits",
            action="store_true",
            help="Replace changes editors made in the CMS with the data files' content.",
        )

    def handle(self, *args, content_dir, dry_run, overwrite_edits, **options):
        verbose = options["verbosity"] > 1
        try:
            with transaction.atomic():
                sync = Synchroniser(
                    loader_user(),
                    Locale.get_default(),
                    overwrite_edits=overwrite_edits,
                    log=self.stdout.write if verbose else None,
                )
                report = load_site(content_dir, sync)
                for warning in report.warnings:
                    self.stdout.write(self.style.WARNING(warning))
                for key in report.kept_edits:
                    self.stdout.write(
                        self.style.WARNING(
                            f"kept '{key}' as edited in the CMS (use --overwrite-edits to replace)"
                        )
                    )
                if dry_run:
                    raise DryRunRollback
        except DryRunRollback:
            self.stdout.write(f"Dry run, nothing saved: would have {report.summary()}.")
            return
        except ContentError as error:
            raise CommandError(f"Content not loaded, database unchanged. {error}") from None
        self.stdout.write(self.style.SUCCESS(f"Content loaded: {report.summary()}."))
