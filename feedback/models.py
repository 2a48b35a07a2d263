"""Answers to "Is this page useful?": what the reader said about which page, and nothing about the
reader (no IP address, no browser, no account)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

COMMENT_MAX_LENGTH = 1200

# Welsh answers agree with the question's verb ("Ydy'r dudalen hon yn ddefnyddiol?" - "Ydy" /
# "Nac ydy"), so the answers carry the question as their translation context.
ANSWERS = [
    (True, pgettext_lazy("answer to: is this page useful?", "Yes")),
    (False, pgettext_lazy("answer to: is this page useful?", "No")),
]


class PageFeedback(models.Model):
    # Feedback outlives its page: an editor who deletes a page keeps what readers said about it,
    # under the title the readers saw.
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    page_title = models.CharField(_("page title"), max_length=255)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    useful = models.BooleanField(_("useful"), choices=ANSWERS)
    comment = models.TextField(_("comment"), blank=True, max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")

    def __str__(self):
        return self.page_title
