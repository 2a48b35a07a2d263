from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from cms.api import CITATION_API_FIELDS, RelatedPagesField
from cms.blocks import RICH_TEXT_FEATURES
from cms.models import RoutedPageMixin, SourceCitationMixin
from cms.publishing import PublishRulesMixin
from search.indexing import NormalisedSearchMixin
from toolkit.models.index import ToolkitIndexPage
from toolkit.relations import (
    paragraphs_for_principle,
    resources_for_principle,
    sectors_for_principle,
)

PRINCIPLE_COUNT = 11


class PrincipleIndexPage(ToolkitIndexPage):
    """The charter's principles (and promises), one child page per principle."""

    subpage_types = ["toolkit.PrinciplePage"]
    api_fields = [APIField("intro"), *CITATION_API_FIELDS]

    class Meta:
        verbose_name = _("principles index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from toolkit.models import SectorPage
        from toolkit.relations import charter_matrix

        principles = list(PrinciplePage.objects.child_of(self).live().order_by("number"))
        sectors = list(SectorPage.objects.live().filter(locale_id=self.locale_id).order_by("path"))
        context["principles"] = principles
        context["sectors"] = sectors
        context["matrix"] = charter_matrix(principles, sectors)
        context["promises"] = Promise.objects.filter(locale_id=self.locale_id).order_by("number")
        return context


class PrinciplePage(
    RoutedPageMixin, PublishRulesMixin, NormalisedSearchMixin, SourceCitationMixin, Page
):
    """One of the 11 principles of the corporate parenting charter."""

    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(PRINCIPLE_COUNT)],
        verbose_name=_("number"),
        help_text=_("1 to 11, unique within a language."),
    )
    short_name = models.CharField(
        max_length=100, verbose_name=_("short name"), help_text=_("e.g. 'a stable home'")
    )
    statement = models.TextField(verbose_name=_("statement"))
    explanation = RichTextField(
        blank=True, features=RICH_TEXT_FEATURES, verbose_name=_("explanation")
    )

    content_panels = Page.content_panels + [
        FieldPanel("number"),
        FieldPanel("short_name"),
        FieldPanel("statement"),
        FieldPanel("explanation"),
        *SourceCitationMixin.citation_panels,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("short_name", boost=4),
        index.AutocompleteField("short_name"),
        index.SearchField("statement", boost=2),
        index.SearchField("explanation"),
        index.FilterField("number"),
        index.FilterField("locale_id"),
        *NormalisedSearchMixin.normalised_search_fields,
    ]
    search_title_sources = ("title", "short_name", "statement")
    api_fields = [
        APIField("number"),
        APIField("short_name"),
        APIField("statement"),
        APIField("explanation"),
        APIField("sectors", serializer=RelatedPagesField(sectors_for_principle)),
        APIField(
            "code_paragraphs",
            serializer=RelatedPagesField(paragraphs_for_principle, extra_fields=("number", "kind")),
        ),
        APIField("resources", serializer=RelatedPagesField(resources_for_principle)),
        *CITATION_API_FIELDS,
    ]
    parent_page_types = ["toolkit.PrincipleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("principle")
        verbose_name_plural = _("principles")

    def clean(self):
        super().clean()
        # A database constraint cannot reach the page's locale (it lives on the page row), so the
        # one-number-per-language rule is checked here, on every save.
        if self.number and self.locale_id:
            clash = (
                PrinciplePage.objects.filter(number=self.number, locale_id=self.locale_id)
                .exclude(translation_key=self.translation_key)
                .first()
            )
            if clash is not None:
                raise ValidationError(
                    {
                        "number": _(
                            "Principle %(number)s already exists in this language: “%(title)s”."
                        )
                        % {"number": self.number, "title": clash.title}
                    }
                )

    def get_context(self, request, *args, **kwargs):
        from toolkit.relations import (
            paragraphs_for_principle,
            resources_for_principle,
            sectors_for_principle,
            tagged_actions_for_principle,
        )

        context = super().get_context(request, *args, **kwargs)
        sectors = sectors_for_principle(self)
        context["sectors"] = sectors
        context["tagged_actions"] = tagged_actions_for_principle(self)
        context["code_paragraphs"] = paragraphs_for_principle(self)
        context["resources"] = resources_for_principle(self)
        return context


@register_snippet
class Promise(TranslatableMixin, index.Indexed, models.Model):
    """One of the charter's 9 promises. The source documents do not list them, so the demo
    content has none: editors add them."""

    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)], verbose_name=_("number")
    )
    text = models.TextField(verbose_name=_("promise"))

    panels = [FieldPanel("number"), FieldPanel("text")]
    search_fields = [index.SearchField("text"), index.FilterField("locale_id")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("promise")
        verbose_name_plural = _("promises")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "locale"], name="unique_promise_number_per_locale"
            )
        ]

    def __str__(self):
        return _("Promise %(number)s") % {"number": self.number}
