from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Locale

from cms.translation_files import export_po, file_name_for, translatable_objects, write_po


class Command(BaseCommand):
    help = (
        "Write one PO file per page and translatable snippet for translators (e.g. an agency), "
        "with the translations made so far. Apply them with import_translations."
    )

    def add_arguments(self, parser):
        parser.add_argument("outdir", type=Path)
        parser.add_argument("--locale", default="cy", help="Target language (default: cy).")
        parser.add_argument("--source-locale", default="en", help="Source language (default: en).")
        parser.add_argument(
            "--outdated",
            action="store_true",
            help="Only objects whose translation is missing, incomplete or out of date.",
        )

    def handle(self, *args, outdir, locale, source_locale, outdated, **options):
        try:
            target = Locale.objects.get(language_code=locale)
            source = Locale.objects.get(language_code=source_locale)
        except Locale.DoesNotExist:
            raise CommandError(f"unknown locale: {locale} or {source_locale}") from None
        written = 0
        for instance in translatable_objects(source):
            po = export_po(instance, target)
            if outdated and not _needs_work(instance, target, po):
                continue
            write_po(po, outdir / file_name_for(instance))
            written += 1
        self.stdout.write(f"Wrote {written} PO file(s) to {outdir}.")


def _needs_work(instance, target, po):
    translated = instance.get_translation_or_none(target)
    if translated is None:
        return True
    if any(not entry.msgstr for entry in po):
        return True
    from cms.translation_status import is_out_of_date

    return is_out_of_date(instance, target)
