import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.api import CITATION_API_FIELDS
from cms.blocks import BodyBlock
from cms.models import RoutedPageMixin, SourceCitationMixin
from cms.publishing import PublishRulesMixin
from code_chapters.blocks import ConsultationQuestionBlock
from search.indexing import NormalisedSearchMixin


class ConsultationStatus(models.TextChoices):
    NOT_YET_OPEN = "not_yet_open", _("Not yet open")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


def consultation_status(opens_on, closes_on, today):
    """A consultation is open from its opening date (if known) up to and including its closing
    date, and closed after it."""
    if opens_on and today < opens_on:
        return ConsultationStatus.NOT_YET_OPEN
    if today > closes_on:
        return ConsultationStatus.CLOSED
    return ConsultationStatus.OPEN


class ConsultationPage(
    RoutedPageMixin, PublishRulesMixin, NormalisedSearchMixin, SourceCitationMixin, Page
):
    """A public consultation on changes to the code, with its questions."""

    reference = models.CharField(max_length=40, verbose_name=_("reference number"))
    opens_on = models.DateField(
        null=True,
        blank=True,
        verbose_name=_("opening date"),
        help_text=_("Leave blank when the published documents do not give it."),
    )
    closes_on = models.DateField(verbose_name=_("closing date"))
    summary = models.TextField(verbose_name=_("summary"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("proposals"))
    questions = StreamField(
        [("question", ConsultationQuestionBlock())], blank=True, verbose_name=_("questions")
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("reference"), FieldPanel("opens_on"), FieldPanel("closes_on")],
            heading=_("Consultation"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("questions"),
        *SourceCitationMixin.citation_panels,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("reference", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("questions"),
        index.FilterField("locale_id"),
        *NormalisedSearchMixin.normalised_search_fields,
    ]
    override_translatable_fields = [SynchronizedField("reference")]
    api_fields = [
        APIField("reference"),
        APIField("opens_on"),
        APIField("closes_on"),
        # "not_yet_open", "open" or "closed" on the day of the request
        APIField("status"),
        APIField("summary"),
        APIField("body"),
        APIField("questions"),
        *CITATION_API_FIELDS,
    ]
    parent_page_types = ["code_chapters.CodeOfPracticePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("consultation")

    def status(self, today: datetime.date | None = None):
        return consultation_status(self.opens_on, self.closes_on, today or timezone.localdate())

    @property
    def status_label(self):
        return ConsultationStatus(self.status()).label

    @property
    def is_closed(self):
        return self.status() == ConsultationStatus.CLOSED
