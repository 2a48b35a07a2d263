"""Furniture every page shares: the source documents content is drawn from, the citation mixin that
points a page at its source, and the site's contact settings."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

OPEN_GOVERNMENT_LICENCE = "OGL-3.0"
OPEN_GOVERNMENT_LICENCE_URL = (
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
)


class SourceDocument(TranslatableMixin, index.Indexed, models.Model):
    """A published document that the site's content is taken from, cited on every page drawn
    from it."""

    LICENCE_CHOICES = [(OPEN_GOVERNMENT_LICENCE, _("Open Government Licence v3.0"))]

    key = models.SlugField(
        max_length=80,
        help_text=_("Stable identifier used by the content data files, e.g. 'toolkit'."),
    )
    title = models.CharField(max_length=255)
    publisher = models.CharField(max_length=255)
    published = models.CharField(
        max_length=80, help_text=_("As the document gives it, e.g. '1 October 2024'.")
    )
    reference = models.CharField(
        max_length=40, blank=True, help_text=_("The publisher's reference number, if any.")
    )
    url = models.URLField(blank=True, help_text=_("Where the published document can be read."))
    licence = models.CharField(
        max_length=20, choices=LICENCE_CHOICES, default=OPEN_GOVERNMENT_LICENCE
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("publisher"),
        FieldPanel("published"),
        FieldPanel("reference"),
        FieldPanel("url"),
        FieldPanel("licence"),
        FieldPanel("key"),
    ]
    override_translatable_fields = [
        SynchronizedField("key"),
        SynchronizedField("reference"),
        SynchronizedField("url"),
    ]
    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("publisher"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["key", "locale"], name="unique_source_key_per_locale")
        ]

    def __str__(self):
        return self.title

    @property
    def licence_url(self):
        return OPEN_GOVERNMENT_LICENCE_URL


class SourceCitationMixin(models.Model):
    """A page whose content is taken from a source document says which, and which part."""

    source_document = models.ForeignKey(
        SourceDocument,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("source document"),
    )
    source_section = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("part of the source"),
        help_text=_("The heading or part of the source document this page is taken from."),
    )

    citation_panels = [
        MultiFieldPanel(
            [FieldPanel("source_document"), FieldPanel("source_section")],
            heading=_("Source"),
        )
    ]

    class Meta:
        abstract = True

    @property
    def localized_source(self):
        """The source document in the page's own language, where it has been translated."""
        if self.source_document_id is None:
            return None
        return self.source_document.get_translation_or_none(self.locale) or self.source_document


@register_setting(icon="mail")
class SiteContact(BaseGenericSetting):
    """How readers contact the team behind the guidance (the address the toolkit gives)."""

    contact_email = models.EmailField(
        default="corporateparenting@gov.wales", verbose_name=_("contact email address")
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("privacy page"),
    )
    cookies_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cookies page"),
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accessibility statement page"),
    )

    panels = [
        FieldPanel("contact_email"),
        FieldPanel("privacy_page"),
        FieldPanel("cookies_page"),
        FieldPanel("accessibility_page"),
    ]

    class Meta:
        verbose_name = _("site contact")


class TranslationReview(models.Model):
    """Where a translation of one page or snippet stands in review. "Missing" is not stored: it is
    the absence of a translation."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        READY_FOR_REVIEW = "ready_for_review", _("Ready for review (not yet reviewed)")
        REVIEWED = "reviewed", _("Reviewed")

    translation_key = models.UUIDField(db_index=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.IN_PROGRESS,
        verbose_name=_("review status"),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("translation review")
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "content_type", "locale"],
                name="one_review_per_translation",
            )
        ]

    def __str__(self):
        return f"{self.translation_key} ({self.locale}): {self.get_status_display()}"


class GlossaryTerm(index.Indexed, models.Model):
    """A term translators must render consistently: the English term and the Welsh term required
    for it. A Welsh segment whose English contains the term but whose Welsh lacks the Welsh term
    (in any mutated form) is flagged."""

    english = models.CharField(max_length=120, unique=True, verbose_name=_("English term"))
    welsh = models.CharField(max_length=120, verbose_name=_("Welsh term"))
    note = models.CharField(max_length=255, blank=True, verbose_name=_("note"))

    panels = [FieldPanel("english"), FieldPanel("welsh"), FieldPanel("note")]
    search_fields = [index.SearchField("english"), index.SearchField("welsh")]

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["english"]

    def __str__(self):
        return f"{self.english} → {self.welsh}"


class PageChangeNote(models.Model):
    """A dated note of a significant change to a page, for readers: listed under "See all
    updates" on the page, on the updates page and in the updates feed of its language. Recorded
    when a page is published with a change note not marked minor (cms.history)."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(verbose_name=_("published at"))
    note = models.TextField(verbose_name=_("change note"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("change note")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["locale", "-published_at"], name="change_note_by_date")]

    def __str__(self):
        return f"{self.published_at:%Y-%m-%d} {self.note[:60]}"
