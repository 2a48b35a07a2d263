"""Sitemap, robots.txt and the read-only API (machine access), outside the language prefix.

The API's router lives here rather than in `cms.api`: the page models import `cms.api` while
Django is still loading them, and Wagtail's API views cannot be imported until it has.
"""

from django.urls import path
from django.views.generic import TemplateView

from wagtail.api import APIField
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.contrib.sitemaps.views import sitemap

from rest_framework.renderers import JSONRenderer

from cms.api import TranslationsField
from cms.sitemaps import BilingualSitemap


class ReadOnlyPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint (its routes answer GET only; any other method gets 405), as JSON,
    with each page's `translations` among its `meta` fields (detail view; in listings on
    request, `?fields=translations`)."""

    renderer_classes = [JSONRenderer]
    meta_fields = [
        *PagesAPIViewSet.meta_fields,
        APIField("translations", serializer=TranslationsField()),
    ]


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
