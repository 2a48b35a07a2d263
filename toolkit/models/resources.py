from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.api import CITATION_API_FIELDS, LinkedPagesField
from cms.models import RoutedPageMixin, SourceCitationMixin
from cms.publishing import PublishRulesMixin
from search.indexing import NormalisedSearchMixin
from toolkit.blocks import ResourceBodyBlock
from toolkit.models.index import ToolkitIndexPage


class ResourceIndexPage(ToolkitIndexPage):
    subpage_types = ["toolkit.ResourcePage"]
    api_fields = [APIField("intro"), *CITATION_API_FIELDS]

    class Meta:
        verbose_name = _("resource index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["resources"] = ResourcePage.objects.child_of(self).live()
        return context


class ResourcePage(
    RoutedPageMixin, PublishRulesMixin, NormalisedSearchMixin, SourceCitationMixin, Page
):
    """Guidance, a good-practice example or context that helps corporate parents, linked to the
    sectors and principles it serves."""

    class Kind(models.TextChoices):
        GUIDANCE = "guidance", _("Guidance")
        GOOD_PRACTICE = "good_practice", _("Good practice example")
        CONTEXT = "context", _("Context and figures")

    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    summary = models.TextField(verbose_name=_("summary"))
    published = models.CharField(
        max_length=80, blank=True, verbose_name=_("when the source was published")
    )
    body = StreamField(ResourceBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("published"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                InlinePanel("sector_links", label=_("Sector")),
                InlinePanel("principle_links", label=_("Principle")),
            ],
            heading=_("Who this resource is for"),
        ),
        *SourceCitationMixin.citation_panels,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("locale_id"),
        *NormalisedSearchMixin.normalised_search_fields,
    ]
    search_title_sources = ("title", "summary")
    api_fields = [
        APIField("kind"),
        APIField("summary"),
        APIField("published"),
        APIField("body"),
        APIField("sectors", serializer=LinkedPagesField("sector_links", "sector")),
        APIField(
            "principles",
            serializer=LinkedPagesField(
                "principle_links", "principle", order_by="number", extra_fields=("number",)
            ),
        ),
        *CITATION_API_FIELDS,
    ]
    parent_page_types = ["toolkit.ResourceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    def get_context(self, request, *args, **kwargs):
        from toolkit.relations import principles_for_resource, sectors_for_resource

        context = super().get_context(request, *args, **kwargs)
        context["sectors"] = sectors_for_resource(self)
        context["principles"] = sorted(
            principles_for_resource(self), key=lambda principle: principle.number
        )
        return context


class ResourceSector(Orderable):
    resource = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="sector_links")
    sector = models.ForeignKey(
        "toolkit.SectorPage",
        on_delete=models.CASCADE,
        related_name="resource_links",
        verbose_name=_("sector"),
    )
    panels = [FieldPanel("sector")]

    class Meta(Orderable.Meta):
        verbose_name = _("sector")
        constraints = [
            models.UniqueConstraint(fields=["resource", "sector"], name="unique_resource_sector")
        ]


class ResourcePrinciple(Orderable):
    resource = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="principle_links")
    principle = models.ForeignKey(
        "toolkit.PrinciplePage",
        on_delete=models.CASCADE,
        related_name="resource_links",
        verbose_name=_("principle"),
    )
    panels = [FieldPanel("principle")]

    class Meta(Orderable.Meta):
        verbose_name = _("principle")
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "principle"], name="unique_resource_principle"
            )
        ]
