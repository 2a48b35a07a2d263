"""Apply the translation files in content/translations/<language>/ through wagtail-localize, after
the source-language content is built."""

from pathlib import Path

from wagtail.models import Locale, Page

from cms.loading.errors import ContentError
from cms.publishing import publishing_unreviewed_demo_translations
from cms.translation_files import (
    apply_po,
    find_source_object,
    ordered_for_application,
    po_files,
    read_po,
)


def load_translations(translations_dir: Path, sync):
    if not translations_dir.exists():
        return
    for language_dir in sorted(path for path in translations_dir.iterdir() if path.is_dir()):
        locale = Locale.objects.filter(language_code=language_dir.name).first()
        if locale is None:
            raise ContentError(
                f"'{language_dir.name}' is not a language of this site", file=language_dir
            )
        paths = ordered_for_application(po_files(language_dir), sync.locale)
        with publishing_unreviewed_demo_translations():
            for path in paths:
                _apply(path, locale, sync)


def _apply(path, locale, sync):
    from cms.review import mark_ready_for_review

    key = f"{path.parent.name}/{path.name}"
    instance = find_source_object(read_po(path), path)
    existing = instance.get_translation_or_none(locale)
    if (
        isinstance(existing, Page)
        and not sync.overwrite_edits
        and (
            (existing.latest_revision_id and existing.latest_revision.user_id != sync.user.pk)
            or not existing.live
        )
    ):
        sync.report.kept_edits.append(key)
        return
    result = apply_po(path, locale, user=sync.user, skip_stale=True)
    for line, problem in result.stale:
        sync.report.warnings.append(f"{path}, line {line}: {problem}")
    if result.untranslated:
        sync.report.warnings.append(
            f"{path}: {result.untranslated} segment(s) have no translation, so the "
            f"{locale.language_code} version was not updated"
        )
        return
    if existing is None:
        sync.report.created.append(key)
    elif result.changed:
        sync.report.updated.append(key)
    else:
        sync.report.unchanged.append(key)
    if result.changed:
        mark_ready_for_review(instance, locale, user=sync.user)
