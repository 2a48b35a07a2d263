"""Where every translation stands: does it exist, how much is translated, is it out of date
(the source changed after it was last synced, and which segments), review status, published, and
glossary problems. Used by the admin report and `manage.py translation_status`."""

from dataclasses import asdict, dataclass, field

from django.db import transaction

from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.segments.types import StringSegmentValue

from cms.glossary import glossary_issues
from cms.review import MISSING, mark_in_progress, review_status
from cms.translation_files import save_page_translation_as_draft, translatable_objects


@dataclass
class TranslationState:
    object_type: str
    title: str
    path: str
    exists: bool
    published: bool
    total_segments: int
    translated_segments: int
    out_of_date: bool
    source_changed_at: str | None
    changed_segments: list = field(default_factory=list)
    review: str = MISSING
    glossary: list = field(default_factory=list)

    @property
    def percent(self):
        if not self.total_segments:
            return 100 if self.exists else 0
        return round(100 * self.translated_segments / self.total_segments)

    def as_dict(self):
        return {**asdict(self), "percent": self.percent}


def latest_source_version(instance):
    """Translators work from the latest English revision (a draft awaiting approval included)."""
    if isinstance(instance, Page) and instance.has_unpublished_changes:
        return instance.get_latest_revision_as_object()
    return instance


def _by_path(pairs):
    """Segment texts grouped by context path: a rich text field gives several segments (one per
    paragraph or list item) under one path."""
    grouped = {}
    for path, text in pairs:
        grouped.setdefault(path, []).append(text)
    return {path: sorted(texts) for path, texts in grouped.items()}


def current_strings(instance):
    return _by_path(
        (segment.path, segment.string.data)
        for segment in extract_segments(latest_source_version(instance))
        if isinstance(segment, StringSegmentValue)
    )


def synced_strings(source):
    return _by_path(
        (segment.context.path, segment.string.data)
        for segment in StringSegment.objects.filter(source=source).select_related(
            "context", "string"
        )
    )


def changed_segments(instance, source):
    """Context paths whose source text differs from what the translation was last synced from."""
    if source is None:
        return sorted(current_strings(instance))
    current, synced = current_strings(instance), synced_strings(source)
    return sorted(
        path for path in current.keys() | synced.keys() if current.get(path) != synced.get(path)
    )


def is_out_of_date(instance, locale):
    source = TranslationSource.objects.filter(
        object_id=instance.translation_key, locale_id=instance.locale_id
    ).first()
    return bool(changed_segments(instance, source))


def _glossary_problems(source, locale, terms):
    if source is None or not terms:
        return []
    translations = {
        (translation.context_id, translation.translation_of_id): translation.data
        for translation in StringTranslation.objects.filter(
            context__object_id=source.object_id, locale=locale
        )
    }
    problems = []
    for segment in StringSegment.objects.filter(source=source).select_related("context", "string"):
        translated = translations.get((segment.context_id, segment.string_id))
        for issue in glossary_issues(segment.string.data, translated or "", terms):
            problems.append(f"{segment.context.path}: “{issue.english}” needs “{issue.welsh}”")
    return problems


def translation_state(instance, locale, terms=()):
    source = TranslationSource.objects.filter(
        object_id=instance.translation_key, locale_id=instance.locale_id
    ).first()
    translated = instance.get_translation_or_none(locale)
    total = done = 0
    if source is not None:
        translation = Translation.objects.filter(source=source, target_locale=locale).first()
        if translation is not None:
            total, done = translation.get_progress()
    changed = changed_segments(instance, source) if translated is not None else []
    return TranslationState(
        object_type=str(instance._meta.verbose_name),
        title=str(instance),
        path=(
            instance.url_path
            if isinstance(instance, Page)
            else f"{instance._meta.label_lower}: {instance}"
        ),
        exists=translated is not None,
        published=bool(translated is not None and getattr(translated, "live", True)),
        total_segments=total,
        translated_segments=done,
        out_of_date=bool(changed),
        source_changed_at=(source.last_updated_at.isoformat() if source is not None else None),
        changed_segments=changed,
        review=review_status(instance, locale),
        glossary=_glossary_problems(source, locale, terms),
    )


STATUS_FILTERS = (
    "missing",
    "in_progress",
    "ready_for_review",
    "reviewed",
    "out_of_date",
    "incomplete",
    "glossary",
)


def matches_status(state, status):
    """The filter shared by the admin view and the command; an empty status matches all."""
    if not status:
        return True
    if status == "out_of_date":
        return state.out_of_date
    if status == "incomplete":
        return state.percent < 100
    if status == "glossary":
        return bool(state.glossary)
    return state.review == status


def glossary_terms():
    from cms.models import GlossaryTerm

    return list(GlossaryTerm.objects.values_list("english", "welsh"))


def all_states(target_locale, source_locale=None):
    source_locale = source_locale or Locale.get_default()
    terms = glossary_terms()
    return [
        (instance, translation_state(instance, target_locale, terms))
        for instance in translatable_objects(source_locale)
    ]


def sync_outdated(instance, locale, *, user=None):
    """Bring the translation's source up to the latest English and save the translated object
    as a draft (pages) for translators to finish and reviewers to approve. It is not published:
    publishing goes through review."""
    with transaction.atomic():
        source, _ = TranslationSource.update_or_create_from_instance(
            latest_source_version(instance)
        )
        translation, _ = Translation.objects.get_or_create(
            source=source, target_locale=locale, defaults={"enabled": True}
        )
        total, done = translation.get_progress()
        if total == done and isinstance(instance, Page):
            save_page_translation_as_draft(source, locale, user=user)
        mark_in_progress(instance, locale, user=user)
    return source
