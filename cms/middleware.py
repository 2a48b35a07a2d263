import logging

from django.conf import settings
from django.http.request import split_domain_port
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

#: Paths outside the language prefix whose "not found" is an answer, not a wrong address.
UNPREFIXED_PATHS = ("/api/",)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that a 404 from the API stays a 404. Django redirects any unprefixed
    path that 404s to the same path under /en/ in case a page lives there (and Wagtail's
    catch-all makes that always look possible): an API client asking for an unpublished page
    would get an HTML page instead of the API's JSON 404."""

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED_PATHS):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", get_language())
            return response
        return super().process_response(request, response)


class PermissionsPolicyMiddleware:
    """Sends `Permissions-Policy` (settings.PERMISSIONS_POLICY): Django's SecurityMiddleware
    sends the other security headers but not this one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response


class SiteMiddleware:
    """Finds the request's Wagtail Site among the sites kept in the cache (cms.models.sites) and
    hands it to Wagtail, which reads it from `request._wagtail_site` before querying for it: its
    own lookup is a query (about 2 ms) on every page request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from cms.models import site_for_hostname

        if not hasattr(request, "_wagtail_site"):
            # As Wagtail's Site.find_for_request: the raw host, before the ALLOWED_HOSTS check.
            hostname = split_domain_port(request._get_raw_host())[0]
            try:
                request._wagtail_site = site_for_hostname(hostname, request.get_port())
            except Exception:  # noqa: BLE001 - Wagtail then looks the site up itself
                logger.warning("Cached site lookup failed; Wagtail looks it up", exc_info=True)
        return self.get_response(request)
