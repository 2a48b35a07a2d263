from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.models import RoutedPageMixin, SourceCitationMixin
from cms.publishing import PublishRulesMixin
from search.indexing import NormalisedSearchMixin


class ToolkitIndexPage(
    RoutedPageMixin, PublishRulesMixin, NormalisedSearchMixin, SourceCitationMixin, Page
):
    """A list page directly under the toolkit landing page (principles, sectors, resources): an
    introduction, then its children. One of each kind per toolkit."""

    intro = StreamField(BodyBlock(), blank=True, verbose_name=_("introduction"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        *SourceCitationMixin.citation_panels,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.FilterField("locale_id"),
        *NormalisedSearchMixin.normalised_search_fields,
    ]
    parent_page_types = ["toolkit.ToolkitPage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True
