"""Sitemap, robots.txt and the read-only API (machine access), outside the language prefix.

The API's router lives here rather than in `cms.api`: the page models import `cms.api` while
Django is still loading them, and Wagtail's API views cannot be imported until it has.
"""

from django.conf import settings
from django.http import Http404
from django.urls import path
from django.views.generic import TemplateView

from wagtail.api import APIField
from wagtail.api.v2 import filters
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from rest_framework.renderers import JSONRenderer

from cms.api import TranslationsField
from cms.sitemaps import BilingualSitemap
from search.models import clean_query

SEARCH_OPERATORS = ("and", "or")


class LocaleFilter(filters.LocaleFilter):
    """Wagtail's `?locale=` filter, except that a value holding NUL is not found (404, as any
    unknown language is) before it reaches PostgreSQL, which refuses NUL in text (a 500)."""

    def filter_queryset(self, request, queryset, view):
        if "\x00" in request.GET.get("locale", ""):
            raise Http404("no such locale")
        return super().filter_queryset(request, queryset, view)


class SearchFilter(filters.SearchFilter):
    """Wagtail's `?search=` filter, made safe for any query string: an unknown `search_operator`
    is a 400 (the backend raised ValueError, a 500), and the query loses what the backends cannot
    take: control characters (PostgreSQL refuses NUL) and double quotes (the SQLite backend puts
    each word in double quotes for FTS5 unescaped, so one quote was a syntax error, a 500).
    Neither is part of a word, so no search finds less for it. A query with no words left finds
    nothing, as an empty one does."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise BadRequestError("search is disabled")
        # Searching and filtering by tag at the same time is not supported (as Wagtail's).
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError("filtering by tag with a search query is not supported")
        operator = request.GET.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        # No words left (only spaces or quotes) is no search, as an empty one is: the SQLite
        # backend took a query of spaces for words and failed to build its expression.
        query = " ".join(clean_query(request.GET["search"]).replace('"', " ").split())
        try:
            return get_search_backend().search(
                query,
                queryset,
                operator=operator,
                order_by_relevance="order" not in request.GET,
            )
        except FilterFieldError as error:
            raise BadRequestError(
                f"cannot filter by '{error.field_name}' while searching (field is not indexed)"
            ) from error
        except OrderByFieldError as error:
            raise BadRequestError(
                f"cannot order by '{error.field_name}' while searching (field is not indexed)"
            ) from error


class ReadOnlyPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint (its routes answer GET only; any other method gets 405), as JSON,
    with each page's `translations` among its `meta` fields (detail view; in listings on
    request, `?fields=translations`)."""

    renderer_classes = [JSONRenderer]
    filter_backends = [
        {filters.SearchFilter: SearchFilter, filters.LocaleFilter: LocaleFilter}.get(
            backend, backend
        )
        for backend in PagesAPIViewSet.filter_backends
    ]
    meta_fields = [
        *PagesAPIViewSet.meta_fields,
        APIField("translations", serializer=TranslationsField()),
    ]

    def find_object(self, queryset, request):
        """Wagtail's `find/` (by `html_path`, else by `id`), except that an `id` that is no
        number is not found (404): Wagtail looked it up as it came, and the lookup's ValueError
        (or SQLite's OverflowError, for a number beyond 64 bits) was a 500."""
        try:
            return super().find_object(queryset, request)
        except (ValueError, OverflowError):
            return None


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", ReadOnlyPagesAPIViewSet)

urlpatterns = [
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": BilingualSitemap}}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
    path("api/v2/", api_router.urls),
]
