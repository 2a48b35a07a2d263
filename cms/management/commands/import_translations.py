from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wagtail.models import Locale

from cms.loading.errors import ContentError
from cms.review import mark_in_progress, mark_ready_for_review
from cms.translation_files import apply_po, ordered_for_application


class Command(BaseCommand):
    help = (
        "Apply translated PO files (from export_translations). Entries whose source text has "
        "changed since the file was made are reported as stale and skipped; the rest apply. A "
        "broken file changes nothing and names the line. Translated pages are saved as drafts "
        "marked ready for review; publishing goes through review."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--locale", default="cy")
        parser.add_argument("--source-locale", default="en")

    def handle(self, *args, files, locale, source_locale, **options):
        try:
            target = Locale.objects.get(language_code=locale)
            source = Locale.objects.get(language_code=source_locale)
        except Locale.DoesNotExist:
            raise CommandError(f"unknown locale: {locale} or {source_locale}") from None
        applied = stale = incomplete = 0
        try:
            with transaction.atomic():
                for path in ordered_for_application(files, source):
                    result = apply_po(path, target, user=None, skip_stale=True, publish=False)
                    for line, problem in result.stale:
                        stale += 1
                        self.stdout.write(
                            self.style.WARNING(f"{path}, line {line}: stale, skipped: {problem}")
                        )
                    if result.untranslated:
                        incomplete += 1
                        mark_in_progress(result.instance, target)
                        self.stdout.write(
                            f"{path}: {result.untranslated} segment(s) still untranslated; "
                            "saved the translations, not the page"
                        )
                    elif result.changed:
                        applied += 1
                        mark_ready_for_review(result.instance, target)
        except ContentError as error:
            raise CommandError(f"Nothing imported. {error}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(files)} file(s): {applied} translation(s) updated and ready for "
                f"review, {incomplete} incomplete, {stale} stale "
                f"entr{'y' if stale == 1 else 'ies'} skipped."
            )
        )
