from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import PromotedResult, SearchSynonym


class SearchSynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    icon = "search"
    list_display = ["phrases", "language"]
    list_filter = ["language"]


register_snippet(SearchSynonymViewSet)


class PromotedResultViewSet(SnippetViewSet):
    model = PromotedResult
    icon = "pick"
    list_display = ["query", "page", "language"]
    list_filter = ["language"]


register_snippet(PromotedResultViewSet)


@hooks.register("register_admin_urls")
def search_report_urls():
    from django.urls import path

    from search.reports import search_queries_report

    return [path("reports/search-queries/", search_queries_report, name="search_queries_report")]


@hooks.register("register_reports_menu_item")
def search_queries_menu_item():
    return MenuItem(
        _("Search queries"), reverse_lazy("search_queries_report"), icon_name="search", order=900
    )
