"""Review status of translations: in progress, ready for review, reviewed (missing when there is
no translation). A new English version resets "reviewed"."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from wagtail.models import Page

from cms.models import TranslationReview

MISSING = "missing"


def _base_content_type(instance):
    model = Page if isinstance(instance, Page) else type(instance)
    return ContentType.objects.get_for_model(model)


def review_for(instance, locale):
    return TranslationReview.objects.filter(
        translation_key=instance.translation_key,
        content_type=_base_content_type(instance),
        locale=locale,
    ).first()


def _set(instance, locale, **values):
    review, _ = TranslationReview.objects.update_or_create(
        translation_key=instance.translation_key,
        content_type=_base_content_type(instance),
        locale=locale,
        defaults=values,
    )
    return review


def mark_in_progress(instance, locale, *, user=None):
    return _set(instance, locale, status=TranslationReview.Status.IN_PROGRESS, updated_by=user)


def mark_ready_for_review(instance, locale, *, user=None):
    return _set(
        instance,
        locale,
        status=TranslationReview.Status.READY_FOR_REVIEW,
        updated_by=user,
        reviewed_at=None,
        reviewed_by=None,
    )


def mark_reviewed(instance, locale, *, user, comment=""):
    return _set(
        instance,
        locale,
        status=TranslationReview.Status.REVIEWED,
        updated_by=user,
        reviewed_by=user,
        reviewed_at=timezone.now(),
        comment=comment,
    )


def review_status(instance, locale):
    """'missing', or one of TranslationReview.Status's values."""
    if instance.get_translation_or_none(locale) is None:
        return MISSING
    review = review_for(instance, locale)
    if review is None:
        return TranslationReview.Status.IN_PROGRESS
    return review.status


def reset_reviews_of(source_instance):
    """The English changed: every reviewed translation of it is back in progress."""
    TranslationReview.objects.filter(
        translation_key=source_instance.translation_key,
        content_type=_base_content_type(source_instance),
        status=TranslationReview.Status.REVIEWED,
    ).exclude(locale_id=source_instance.locale_id).update(
        status=TranslationReview.Status.IN_PROGRESS, updated_at=timezone.now()
    )


def review_status_subquery(locale_id):
    """The review status of a page's translation into `locale_id`, as an annotation of a page
    query (reviews are keyed by translation key, so any translation of the page finds it): page
    furniture reads it with the page's translations instead of in queries of its own. None
    where there is no review yet (in progress)."""
    from django.db.models import OuterRef, Subquery

    return Subquery(
        TranslationReview.objects.filter(
            translation_key=OuterRef("translation_key"),
            content_type=ContentType.objects.get_for_model(Page),
            locale_id=locale_id,
        ).values("status")[:1]
    )
