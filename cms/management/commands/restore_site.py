from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from cms.backup import (
    BackupError,
    inspect_backup,
    restore_backup,
    site_counts,
    version_differences,
)


class Command(BaseCommand):
    help = (
        "Replace the database and the media files with a backup made by backup_site. The backup "
        "is checked first; it must come from the same database vendor. Asks before changing "
        "anything unless --no-input is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The backup directory.")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_true",
            dest="no_input",
            help="Do not ask for confirmation.",
        )
        parser.add_argument("--database", default="default", help="Database alias to restore.")

    def handle(self, *args, path, no_input, database, **options):
        try:
            manifest = inspect_backup(path, using=database)
            if not no_input and not self.confirmed(path, manifest, database):
                self.stdout.write("Restore cancelled: nothing was changed.")
                return
            restore_backup(path, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        counts, restored = manifest["counts"], site_counts(database)
        self.stdout.write(
            f"Restored {path} (made {manifest['created']}): {restored['pages']} pages and "
            f"{restored['revisions']} revisions (the backup recorded {counts['pages']} and "
            f"{counts['revisions']}), {manifest['media_files']} media files."
        )
        differences = version_differences(manifest)
        if differences:
            self.stderr.write(
                f"The backup was made with {differences}: run `manage.py migrate` if the "
                "database schema is older than the code's."
            )
        if restored["pages"] != counts["pages"] or restored["revisions"] != counts["revisions"]:
            self.stderr.write(
                "The counts differ from the manifest's: the site was being written while the "
                "backup was made, or the restore did not complete. Check the site."
            )

    def confirmed(self, path, manifest, database):
        name = connections[database].settings_dict["NAME"]
        counts = manifest["counts"]
        self.stdout.write(
            f"This replaces the database {name} and everything in {settings.MEDIA_ROOT} with the "
            f"backup {path}, made {manifest['created']} ({counts['pages']} pages, "
            f"{counts['revisions']} revisions, {manifest['media_files']} media files). Changes "
            "made since then are lost."
        )
        try:
            answer = input("Type 'yes' to continue, or 'no' to cancel: ")
        except EOFError:
            raise CommandError(
                "No answer to the confirmation (no terminal): run with --no-input to restore."
            ) from None
        return answer.strip().lower() == "yes"
