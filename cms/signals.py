"""Keep translation review status in step with what happens to pages."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.models import Locale, Page, Revision
from wagtail.signals import page_published, workflow_submitted


def _source_of(page):
    if page.locale.language_code == settings.LANGUAGE_CODE:
        return None
    return page.get_translation_or_none(Locale.get_default())


@receiver(page_published)
def reset_reviews_when_the_source_changes(sender, instance, **kwargs):
    from cms.review import reset_reviews_of

    if instance.locale.language_code == settings.LANGUAGE_CODE:
        reset_reviews_of(instance)


@receiver(post_save, sender=Revision)
def translation_edited_means_in_progress(sender, instance, created, **kwargs):
    """A translator's new draft of a translated page is work in progress until submitted."""
    from cms.publishing import WELSH_REVIEWERS, in_group
    from cms.review import mark_in_progress

    page = instance.content_object
    if not created or not isinstance(page, Page) or instance.user is None:
        return
    if in_group(instance.user, WELSH_REVIEWERS):
        return
    source = _source_of(page)
    if source is not None:
        mark_in_progress(source, page.locale, user=instance.user)


@receiver(workflow_submitted)
def submitted_translation_is_ready_for_review(sender, instance, user=None, **kwargs):
    from cms.review import mark_ready_for_review

    page = instance.content_object
    if isinstance(page, Page):
        source = _source_of(page.specific)
        if source is not None:
            mark_ready_for_review(source, page.locale, user=user)
