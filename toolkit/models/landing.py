from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.api import CITATION_API_FIELDS
from cms.blocks import BodyBlock
from cms.models import RoutedPageMixin, SourceCitationMixin
from cms.publishing import PublishRulesMixin
from search.indexing import NormalisedSearchMixin


class ToolkitPage(
    RoutedPageMixin, PublishRulesMixin, NormalisedSearchMixin, SourceCitationMixin, Page
):
    """The corporate parenting toolkit's landing page: the introduction, what corporate parenting
    is, the charter, and the way into "corporate parenting in practice"."""

    summary = models.TextField(verbose_name=_("summary"))
    first_published = models.DateField(null=True, blank=True, verbose_name=_("first published"))
    introduction = StreamField(BodyBlock(), blank=True, verbose_name=_("introduction"))
    what_is_corporate_parenting = StreamField(
        BodyBlock(), blank=True, verbose_name=_("what is corporate parenting?")
    )
    charter_launch_date = models.DateField(
        null=True, blank=True, verbose_name=_("charter launch date")
    )
    charter_text = StreamField(BodyBlock(), blank=True, verbose_name=_("about the charter"))
    implementation_group_intro = models.CharField(
        max_length=255, blank=True, verbose_name=_("implementation group lead-in")
    )
    implementation_group = StreamField(
        [("member", blocks.CharBlock(label=_("Member"), template="toolkit/blocks/list_item.html"))],
        blank=True,
        verbose_name=_("implementation group members"),
    )
    in_practice = StreamField(
        BodyBlock(), blank=True, verbose_name=_("corporate parenting in practice")
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("first_published"),
        FieldPanel("introduction"),
        FieldPanel("what_is_corporate_parenting"),
        MultiFieldPanel(
            [
                FieldPanel("charter_launch_date"),
                FieldPanel("charter_text"),
                FieldPanel("implementation_group_intro"),
                FieldPanel("implementation_group"),
            ],
            heading=_("The charter"),
        ),
        FieldPanel("in_practice"),
        *SourceCitationMixin.citation_panels,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("introduction"),
        index.SearchField("what_is_corporate_parenting"),
        index.SearchField("charter_text"),
        index.SearchField("implementation_group_intro"),
        index.SearchField("implementation_group"),
        index.SearchField("in_practice"),
        index.FilterField("locale_id"),
        *NormalisedSearchMixin.normalised_search_fields,
    ]
    api_fields = [
        APIField("summary"),
        APIField("first_published"),
        APIField("introduction"),
        APIField("what_is_corporate_parenting"),
        APIField("charter_launch_date"),
        APIField("charter_text"),
        APIField("implementation_group_intro"),
        APIField("implementation_group"),
        APIField("in_practice"),
        *CITATION_API_FIELDS,
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "toolkit.PrincipleIndexPage",
        "toolkit.SectorIndexPage",
        "toolkit.ResourceIndexPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("toolkit landing page")

    def get_context(self, request, *args, **kwargs):
        from toolkit.models import (
            PrincipleIndexPage,
            ResourceIndexPage,
            SectorIndexPage,
            SectorPage,
        )

        context = super().get_context(request, *args, **kwargs)
        # The index pages show only their titles and addresses: read as plain pages, in one query.
        children = list(self.get_children().live().order_by("path"))
        for name, model in (
            ("principle_index", PrincipleIndexPage),
            ("sector_index", SectorIndexPage),
            ("resource_index", ResourceIndexPage),
        ):
            context[name] = next(
                (child for child in children if child.specific_class is model), None
            )
        sector_index = context["sector_index"]
        context["sectors"] = (
            SectorPage.objects.child_of(sector_index).live().order_by("path")
            if sector_index
            else []
        )
        return context
