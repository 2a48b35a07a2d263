from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.api import CITATION_API_FIELDS, RelatedPagesField
from cms.blocks import BodyBlock
from cms.models import RoutedPageMixin, SourceCitationMixin
from cms.publishing import PublishRulesMixin
from search.indexing import NormalisedSearchMixin
from toolkit.blocks import ActionBlock, AimBlock, RoleBlock
from toolkit.models.index import ToolkitIndexPage
from toolkit.relations import paragraphs_for_sector, principles_for_sector, resources_for_sector


class SectorIndexPage(ToolkitIndexPage):
    """ "Corporate parenting in practice": one child page per sector."""

    subpage_types = ["toolkit.SectorPage"]
    api_fields = [APIField("intro"), *CITATION_API_FIELDS]

    class Meta:
        verbose_name = _("sector index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sectors"] = SectorPage.objects.child_of(self).live()
        return context


class SectorPage(
    RoutedPageMixin, PublishRulesMixin, NormalisedSearchMixin, SourceCitationMixin, Page
):
    """What the charter asks of one sector: the principles that apply, who its corporate parents
    are, example aims and what you can do."""

    intro = StreamField(BodyBlock(), blank=True, verbose_name=_("introduction"))
    principles_intro = models.CharField(
        max_length=255, blank=True, verbose_name=_("principles lead-in")
    )
    corporate_parents_intro = models.TextField(
        blank=True, verbose_name=_("corporate parents lead-in")
    )
    corporate_parents = StreamField(
        [("role", RoleBlock())], blank=True, verbose_name=_("who the corporate parents are")
    )
    aims_intro = models.TextField(blank=True, verbose_name=_("aims lead-in"))
    aims = StreamField([("aim", AimBlock())], blank=True, verbose_name=_("examples of aims"))
    actions_intro = models.TextField(blank=True, verbose_name=_("actions lead-in"))
    actions = StreamField(
        [("action", ActionBlock())], blank=True, verbose_name=_("examples of what you can do")
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("principles_intro"),
                InlinePanel("principle_links", label=_("Principle"), min_num=1),
            ],
            heading=_("Principles that apply"),
        ),
        MultiFieldPanel(
            [FieldPanel("corporate_parents_intro"), FieldPanel("corporate_parents")],
            heading=_("Corporate parents"),
        ),
        MultiFieldPanel([FieldPanel("aims_intro"), FieldPanel("aims")], heading=_("Aims")),
        MultiFieldPanel(
            [FieldPanel("actions_intro"), FieldPanel("actions")], heading=_("What you can do")
        ),
        *SourceCitationMixin.citation_panels,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("principles_intro"),
        index.SearchField("corporate_parents_intro"),
        index.SearchField("corporate_parents"),
        index.SearchField("aims_intro"),
        index.SearchField("aims"),
        index.SearchField("actions_intro"),
        index.SearchField("actions"),
        index.FilterField("locale_id"),
        *NormalisedSearchMixin.normalised_search_fields,
    ]
    api_fields = [
        APIField("intro"),
        APIField("principles_intro"),
        APIField(
            "principles",
            serializer=RelatedPagesField(principles_for_sector, extra_fields=("number",)),
        ),
        APIField("corporate_parents_intro"),
        APIField("corporate_parents"),
        APIField("aims_intro"),
        APIField("aims"),
        APIField("actions_intro"),
        APIField("actions"),
        APIField(
            "code_paragraphs",
            serializer=RelatedPagesField(paragraphs_for_sector, extra_fields=("number", "kind")),
        ),
        APIField("resources", serializer=RelatedPagesField(resources_for_sector)),
        *CITATION_API_FIELDS,
    ]
    parent_page_types = ["toolkit.SectorIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def get_context(self, request, *args, **kwargs):
        from toolkit.relations import (
            paragraphs_for_sector,
            principles_for_sector,
            resources_for_sector,
        )

        context = super().get_context(request, *args, **kwargs)
        context["principles"] = principles_for_sector(self)
        context["code_paragraphs"] = paragraphs_for_sector(self)
        context["resources"] = resources_for_sector(self)
        return context


class SectorPrinciple(Orderable):
    """A principle that applies to a sector. Stored once, on the sector, as an ordered row;
    both the sector page and the principle page read it."""

    sector = ParentalKey(SectorPage, on_delete=models.CASCADE, related_name="principle_links")
    principle = models.ForeignKey(
        "toolkit.PrinciplePage",
        on_delete=models.CASCADE,
        related_name="sector_links",
        verbose_name=_("principle"),
    )

    panels = [FieldPanel("principle")]

    class Meta(Orderable.Meta):
        verbose_name = _("principle that applies")
        verbose_name_plural = _("principles that apply")
        constraints = [
            models.UniqueConstraint(
                fields=["sector", "principle"], name="unique_principle_per_sector"
            )
        ]

    def __str__(self):
        return f"{self.sector} – {self.principle}"
