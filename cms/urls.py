from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import health
from cms.updates import UpdatesFeed, updates
from search import views as search_views

urlpatterns = [
    # The admin lives at WAGTAIL_ADMIN_PATH (default "admin"): a site may move it off the
    # address every scanner tries.
    path(f"{settings.WAGTAIL_ADMIN_PATH}/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", health.healthz, name="healthz"),
    # sitemap.xml, robots.txt and the read-only API at /api/v2/
    path("", include("cms.machine_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Public pages live under a language prefix: /en/ for English, /cy/ for Welsh.
urlpatterns += i18n_patterns(
    # One view; the Welsh address is the translated pattern /cy/chwilio/.
    path(_("search/"), search_views.search, name="search"),
    path(_("updates/"), updates, name="updates"),
    path(_("updates/feed/"), UpdatesFeed(), name="updates_feed"),
    path("", include("feedback.urls")),
    path("", include("alerts.urls")),
    path("", include("cms.pdf_urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler500 = "cms.views.server_error"
