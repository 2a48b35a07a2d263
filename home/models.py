from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.models import RoutedPageMixin, SiteRootMixin
from cms.publishing import PublishRulesMixin
from search.indexing import NormalisedSearchMixin


class HomePage(SiteRootMixin, PublishRulesMixin, NormalisedSearchMixin, Page):
    """The root of each language's site: the way in to the toolkit, the code and the resources."""

    introduction = models.TextField(blank=True, verbose_name=_("introduction"))

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.FilterField("locale_id"),
        *NormalisedSearchMixin.normalised_search_fields,
    ]
    api_fields = [APIField("introduction")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "toolkit.ToolkitPage",
        "code_chapters.CodeOfPracticePage",
        "home.InformationPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from code_chapters.models import CodeOfPracticePage
        from toolkit.models import PrincipleIndexPage, ResourceIndexPage, SectorPage, ToolkitPage

        context = super().get_context(request, *args, **kwargs)
        toolkit = ToolkitPage.objects.child_of(self).live().first()
        context["toolkit"] = toolkit
        context["sectors"] = (
            SectorPage.objects.descendant_of(toolkit).live().order_by("path") if toolkit else []
        )
        # The index pages show only their titles and addresses: both read as plain pages, in one
        # query.
        indexes = (
            Page.objects.descendant_of(toolkit)
            .live()
            .type(PrincipleIndexPage, ResourceIndexPage)
            .order_by("path")
            if toolkit
            else []
        )
        context["resource_index"] = next(
            (page for page in indexes if page.specific_class is ResourceIndexPage), None
        )
        context["principle_index"] = next(
            (page for page in indexes if page.specific_class is PrincipleIndexPage), None
        )
        context["codes"] = CodeOfPracticePage.objects.child_of(self).live()
        return context


class InformationPage(RoutedPageMixin, PublishRulesMixin, NormalisedSearchMixin, Page):
    """A plain page of information about the site itself, such as privacy or cookies."""

    summary = models.TextField(blank=True, verbose_name=_("summary"))
    body = StreamField(BodyBlock(), verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("locale_id"),
        *NormalisedSearchMixin.normalised_search_fields,
    ]
    api_fields = [APIField("summary"), APIField("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("information page")
