"""Translations as PO files, applied through wagtail-localize.

A file holds one page or snippet: its segments (msgctxt = wagtail-localize's context path, msgid =
source text, msgstr = translation). The header names the object by its translation key and model,
never by wagtail-localize's per-database Translation id, so a file made from one site applies to any
site built from the same content (the loader derives translation keys and block ids from content
keys). A file or entry that matches nothing is an error, never silently skipped.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from wagtail.actions.copy_for_translation import ParentNotTranslatedError
from wagtail.models import Page
from wagtail_localize.models import (
    MissingRelatedObjectError,
    MissingTranslationError,
    StringTranslation,
    Translation,
    TranslationSource,
)

import polib

from cms.loading.errors import ContentError

TRANSLATION_KEY_HEADER = "X-Translation-Key"
OBJECT_TYPE_HEADER = "X-Object-Type"
SOURCE_LOCALE_HEADER = "X-Source-Locale"
SNIPPET_MODELS = ("cms.SourceDocument", "toolkit.Promise")


def translatable_objects(source_locale):
    """Every page (below the root) and translatable snippet in `source_locale`, parents before
    children."""
    pages = [
        page.specific
        for page in Page.objects.filter(locale=source_locale, depth__gt=1).order_by("path")
    ]
    snippets = [
        instance
        for label in SNIPPET_MODELS
        for instance in apps.get_model(label).objects.filter(locale=source_locale).order_by("pk")
    ]
    return snippets + pages


def file_name_for(instance):
    if isinstance(instance, Page):
        parts = [part for part in instance.url_path.strip("/").split("/")[1:] if part]
        return "page--" + ("--".join(parts) or "home") + ".po"
    label = instance._meta.label_lower.replace(".", "-")
    name = getattr(instance, "key", "") or str(instance.pk)
    return f"snippet--{label}--{slugify(name)}.po"


def export_po(instance, target_locale):
    """The PO file for `instance` (source text, with any translations already made)."""
    source, _ = TranslationSource.update_or_create_from_instance(instance)
    translation, _ = Translation.objects.get_or_create(
        source=source, target_locale=target_locale, defaults={"enabled": True}
    )
    po = translation.export_po()
    po.metadata.pop("X-WagtailLocalize-TranslationID", None)
    po.metadata.pop("POT-Creation-Date", None)
    po.metadata.update(
        {
            "Language": target_locale.language_code,
            SOURCE_LOCALE_HEADER: instance.locale.language_code,
            OBJECT_TYPE_HEADER: instance._meta.label_lower,
            TRANSLATION_KEY_HEADER: str(instance.translation_key),
        }
    )
    po.header = f"{instance._meta.verbose_name}: {instance}"
    return po


@dataclass
class ApplyResult:
    instance: object
    translated: object = None
    changed: bool = False
    stale: list = field(default_factory=list)
    untranslated: int = 0


def read_po(path: Path):
    try:
        return polib.pofile(str(path), wrapwidth=200)
    except (OSError, ValueError) as error:
        raise ContentError(f"not a valid PO file: {error}", file=path) from None


def find_source_object(po, path):
    missing = [
        h
        for h in (TRANSLATION_KEY_HEADER, OBJECT_TYPE_HEADER, SOURCE_LOCALE_HEADER)
        if not po.metadata.get(h)
    ]
    if missing:
        raise ContentError(f"the header lacks {', '.join(missing)}", file=path, line=1)
    try:
        model = apps.get_model(po.metadata[OBJECT_TYPE_HEADER])
    except (LookupError, ValueError):
        raise ContentError(
            f"unknown object type '{po.metadata[OBJECT_TYPE_HEADER]}'", file=path, line=1
        ) from None
    instance = model.objects.filter(
        translation_key=po.metadata[TRANSLATION_KEY_HEADER],
        locale__language_code=po.metadata[SOURCE_LOCALE_HEADER],
    ).first()
    if instance is None:
        raise ContentError(
            f"matches nothing on this site: no {model._meta.verbose_name} with translation key "
            f"{po.metadata[TRANSLATION_KEY_HEADER]}",
            file=path,
            line=1,
        )
    return instance.specific if isinstance(instance, Page) else instance


def _snapshot(translation):
    return set(
        StringTranslation.objects.filter(
            context__object_id=translation.source.object_id, locale=translation.target_locale
        ).values_list("context_id", "data")
    )


def apply_po(path: Path, target_locale, *, user, skip_stale=False, publish=True):
    """Import `path` into the translation of its object and save the translated object when
    anything changed. Entries whose source text no longer matches are stale: an error, or, with
    `skip_stale`, reported and skipped."""
    po = read_po(path)
    if po.metadata.get("Language") and po.metadata["Language"] != target_locale.language_code:
        raise ContentError(
            f"the file is for language '{po.metadata['Language']}', not "
            f"'{target_locale.language_code}'",
            file=path,
            line=1,
        )
    instance = find_source_object(po, path)
    result = ApplyResult(instance)
    with transaction.atomic():
        source_before = (
            TranslationSource.objects.filter(
                object_id=instance.translation_key, locale_id=instance.locale_id
            )
            .values_list("last_updated_at", flat=True)
            .first()
        )
        source, _ = TranslationSource.update_or_create_from_instance(instance)
        translation, _ = Translation.objects.get_or_create(
            source=source, target_locale=target_locale, defaults={"enabled": True}
        )
        before = _snapshot(translation)
        po.metadata.pop("X-WagtailLocalize-TranslationID", None)
        warnings = translation.import_po(po, user=user, tool_name="PO file")
        for warning in warnings:
            entry = po[warning.index]
            problem = (
                f"entry '{entry.msgctxt}' does not match the current source text "
                f"(the English changed since the file was made): {entry.msgid[:60]!r}"
            )
            if not skip_stale:
                raise ContentError(problem, file=path, line=entry.linenum)
            result.stale.append((entry.linenum, problem))
        total, translated = translation.get_progress()
        if translated < total:
            # Never fill the gaps with English: the translated object stays as it was (or
            # missing) until every segment has its translation.
            result.untranslated = total - translated
            return result
        target = instance.get_translation_or_none(target_locale)
        target_missing = target is None or (isinstance(target, Page) and not target.live)
        source_changed = source.last_updated_at != source_before
        result.changed = target_missing or source_changed or _snapshot(translation) != before
        if result.changed:
            is_page = isinstance(instance, Page)
            # Pages are saved as a draft and published here and now, through the page's own
            # publish(), rather than by wagtail-localize's on-commit hook.
            try:
                if is_page:
                    save_page_translation_as_draft(source, target_locale, user=user)
                else:
                    source.create_or_update_translation(
                        target_locale, user=user, publish=True, fallback=False
                    )
            except ParentNotTranslatedError:
                raise ContentError(
                    "its parent page has no translation yet: add the parent's file", file=path
                ) from None
            except (MissingRelatedObjectError, MissingTranslationError) as error:
                raise ContentError(f"cannot be applied yet: {error}", file=path) from None
            except ValidationError as error:
                raise ContentError(
                    f"the translated page is not valid: {error}", file=path
                ) from None
            if is_page:
                translated = instance.get_translation(target_locale)
                # Wagtail's copy for translation saves its first revision without a user; it was
                # made on this user's behalf.
                translated.revisions.filter(user__isnull=True).update(user=user)
                if publish:
                    latest = translated.get_latest_revision()
                    latest.publish(user=user, skip_permission_checks=True)
        result.translated = instance.get_translation_or_none(target_locale)
    return result


def save_page_translation_as_draft(source, locale, user=None):
    """wagtail-localize's draft of a page translation (`publish=False`) also writes the new text
    into the page's own row, which is what readers and the search index see: a live Welsh page
    would show text nobody has reviewed. Keep the row as published and the new text in the draft
    revision only, where review and publishing (cms.publishing) pick it up."""
    existing = source.get_source_instance().get_translation_or_none(locale)
    live_revision = existing.live_revision if existing is not None and existing.live else None
    source.create_or_update_translation(locale, user=user, publish=False, fallback=False)
    if live_revision is not None:
        # The published content, over the row's current tree position, draft pointers and
        # "has unpublished changes" flag.
        live_revision.as_object().save(clean=False)


def po_files(directory: Path):
    return sorted(Path(directory).glob("*.po"))


def ordered_for_application(paths, source_locale):
    """Snippets first, then pages parents-first, so each page's parent is translated before it."""
    keyed = []
    for path in paths:
        po = read_po(path)
        instance = find_source_object(po, path)
        depth = instance.depth if isinstance(instance, Page) else 0
        keyed.append((depth, getattr(instance, "path", ""), str(path), path))
    return [item[-1] for item in sorted(keyed)]


def write_po(po, path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))


__all__ = [
    "apply_po",
    "export_po",
    "file_name_for",
    "ordered_for_application",
    "po_files",
    "save_page_translation_as_draft",
    "translatable_objects",
    "write_po",
]
