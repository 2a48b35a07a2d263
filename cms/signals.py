from django.conf import settings
from django.dispatch import receiver

from wagtail.signals import page_published


@receiver(page_published)
def reset_reviews_when_the_source_changes(sender, instance, **kwargs):
    from cms.review import reset_reviews_of

    if instance.locale.language_code == settings.LANGUAGE_CODE:
        reset_reviews_of(instance)
