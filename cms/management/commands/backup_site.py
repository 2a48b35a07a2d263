from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.backup import BackupError, create_backup, default_backup_path


class Command(BaseCommand):
    help = (
        "Back up the database (a consistent SQLite copy, or pg_dump on PostgreSQL) and the media "
        "files into a new directory, with a manifest; restore_site puts it back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Directory to create (default: backups/<UTC time>/ in the project).",
        )
        parser.add_argument("--database", default="default", help="Database alias to back up.")

    def handle(self, *args, output, database, **options):
        destination = output or default_backup_path()
        try:
            manifest = create_backup(destination, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        counts = manifest["counts"]
        self.stdout.write(
            f"Backed up the {manifest['database_vendor']} database ({counts['pages']} pages, "
            f"{counts['revisions']} revisions) and {manifest['media_files']} media files to:"
        )
        self.stdout.write(str(destination))
