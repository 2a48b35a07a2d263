"""A reader's request for email alerts: an address, a language and a topic (a sector, or the code
of practice), and nothing else. The address is used only to send the confirmation and the alerts
(alerts.sending); an unconfirmed request is deleted after PURGE_AFTER (`alerts_purge`), and
unsubscribing deletes the row."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

#: How long a confirmation link works, and how long an unconfirmed request is kept.
PURGE_AFTER = datetime.timedelta(days=7)


class Subscription(models.Model):
    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    # The English sector page: a Welsh reader's sector is its translation (same translation_key).
    # Empty: the code of practice.
    sector = models.ForeignKey(
        "toolkit.SectorPage",
        verbose_name=_("sector"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("email alert")
        verbose_name_plural = _("email alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["email", "language", "sector"],
                condition=Q(sector__isnull=False),
                name="alerts_one_per_sector",
            ),
            models.UniqueConstraint(
                fields=["email", "language"],
                condition=Q(sector__isnull=True),
                name="alerts_one_per_code",
            ),
        ]

    def __str__(self):
        return f"{self.language}: {self.sector_id or 'code'}"

    @property
    def is_code(self):
        return self.sector_id is None

    def topic_title(self):
        """The topic's name in the subscription's language."""
        from django.utils import translation

        from wagtail.models import Locale

        with translation.override(self.language):
            if self.sector is None:
                return str(_("The code of practice"))
            locale = Locale.objects.filter(language_code=self.language).first()
            translated = self.sector.get_translation_or_none(locale) if locale else None
            return (translated or self.sector).title
