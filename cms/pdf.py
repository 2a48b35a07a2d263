"""“Download this guidance as PDF”: a sector or chapter page printed by the server.

The PDF is the page's own public HTML, as an anonymous reader gets it in the page's language,
laid out by WeasyPrint with the print media type, so the stylesheet's `@media print` rules
(no navigation, link targets shown) decide what is printed. WeasyPrint reads the site's static
and media files from disk and fetches nothing from the network.

A PDF takes a second or more to lay out, so each one is kept in Django's cache until the content
it shows changes (see `content_version`).
"""

import mimetypes
import os
from io import BytesIO
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation
from django.core.handlers.wsgi import WSGIRequest
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils._os import safe_join
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from wagtail.models import Page

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from cms.models import TranslationReview

# Kept a day at most: source documents and the site contact shown in the footer are snippets
# with no publishing date, so an edit to them reaches the PDF within a day.
CACHE_TIMEOUT = 24 * 60 * 60
# Browsers and proxies may keep a download for five minutes; after that they ask again and get
# the cached PDF, or a new one if the page has changed.
BROWSER_MAX_AGE = 5 * 60


def pdf_page_types():
    from code_chapters.models import CodeChapterPage
    from toolkit.models import SectorPage

    return (SectorPage, CodeChapterPage)


@require_safe
def page_pdf(request, page_id):
    """The PDF of a live, public sector or chapter page, at the address in the page's own
    language (/en/… for an English page, /cy/… for a Welsh one); any other page is not found."""
    language = translation.get_language()
    page = get_object_or_404(
        Page.objects.live().public().type(*pdf_page_types()).filter(locale__language_code=language),
        pk=page_id,
    ).specific
    if page.get_url(request) is None:  # not under any site: it has no public address
        raise Http404

    # One entry per page and language, holding the version it was made from: a new version
    # replaces the old PDF instead of leaving it in the cache beside the new one until it expires.
    # The version is read before rendering, so a publish during a render is never missed.
    version = content_version(page, language)
    key = f"page-pdf:{page.pk}:{language}"
    cached = cache.get(key)
    if cached is not None and cached[0] == version:
        pdf = cached[1]
    else:
        pdf = render_pdf(page, request)
        cache.set(key, (version, pdf), CACHE_TIMEOUT)

    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{slugify(page.slug) or 'guidance'}.pdf"
    )
    response["Cache-Control"] = f"public, max-age={BROWSER_MAX_AGE}"
    return response


def content_version(page, language):
    """What the cached PDF of `page` was made from: it changes whenever anything the page shows
    may have changed, and the PDF is then made again.

    A sector page shows its principles, the code paragraphs and resources linked to it, and a
    chapter its sections and paragraphs: other pages, found through relations. Rather than
    follow each relation, the version takes all the live pages that can appear, in one
    aggregate query: the newest `last_published_at` (every publish, of any page, moves it on)
    and their number (unpublishing or deleting a page lowers it, with no publishing date to
    move). Those are the pages in the page's language and in the default language, since a page
    with no live translation yet is shown in the default language (cms.localization). A publish
    anywhere in those languages therefore makes the next download of each PDF a new one: a few
    extra renders, never a stale PDF.

    A translated page also says whether its translation has been reviewed, so the newest change
    to the language's translation reviews is part of the version too.
    """
    pages = (
        Page.objects.live()
        .filter(locale__language_code__in={language, settings.LANGUAGE_CODE})
        .aggregate(newest=Max("last_published_at"), count=Count("pk"))
    )
    version = (pages["newest"], pages["count"])
    if language != settings.LANGUAGE_CODE:
        reviews = TranslationReview.objects.filter(locale__language_code=language).aggregate(
            newest=Max("updated_at")
        )
        version += (reviews["newest"],)
    return version


def render_pdf(page, request):
    """The PDF bytes of `page`: its public HTML, laid out for print."""
    html, base_url = page_html(page, request)
    return layout(html, base_url).write_pdf()


def page_html(page, request):
    """The page's HTML as an anonymous reader gets it at its address, in its language, and that
    address in full (against which WeasyPrint resolves links and stylesheets).

    The page is rendered for a fresh anonymous GET, not the download request itself, so that
    the cached PDF, which every reader is given, holds nothing of the reader who asked first
    (their session, user, CSRF cookie)."""
    page_request = anonymous_get(request, page.get_url(request))
    with translation.override(page.locale.language_code):
        response = page.serve(page_request)
        if hasattr(response, "render"):
            response.render()
    return response.content.decode(response.charset), page_request.build_absolute_uri()


def anonymous_get(request, path):
    """A GET request for `path` on the same host and scheme as `request`, with no cookies."""
    page_request = WSGIRequest(
        {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "SCRIPT_NAME": "",
            "HTTP_HOST": request.get_host(),
            "SERVER_NAME": request.META.get("SERVER_NAME", "localhost"),
            "SERVER_PORT": str(request.get_port()),
            "wsgi.url_scheme": request.scheme,
            "wsgi.input": BytesIO(b""),
        }
    )
    page_request.user = AnonymousUser()
    return page_request


def layout(html, base_url):
    """Lay `html` out for print: a WeasyPrint document. Its metadata come from the HTML: the
    title from `<title>`, the language from `<html lang>`."""
    return HTML(
        string=html,
        base_url=base_url,
        url_fetcher=LocalFileFetcher(base_url),
        media_type="print",
    ).render()


class LocalFileFetcher(URLFetcher):
    """Gives WeasyPrint the site's own static files (from the staticfiles finders, as the
    development server serves them, or the collected files) and media files (from MEDIA_ROOT),
    and `data:` URLs. Every other URL is refused, so a PDF never waits on, or leaks a request
    to, the network; WeasyPrint logs a warning and leaves that resource out."""

    def __init__(self, base_url):
        super().__init__(allowed_protocols=("data",), allow_redirects=False)
        self.roots = [
            (urljoin(base_url, settings.STATIC_URL), static_file),
            (urljoin(base_url, settings.MEDIA_URL), media_file),
        ]

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        for prefix, find in self.roots:
            if url.startswith(prefix):
                path = find(unquote(urlsplit(url[len(prefix) :]).path))
                if path is None:
                    break
                content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
                with open(path, "rb") as file:
                    body = file.read()
                return URLFetcherResponse(url, body, {"Content-Type": content_type})
        raise ValueError(f"Not a static or media file of this site: {url}")


def static_file(name):
    """The file a static URL names, or None: from the finders, then (for the hashed names the
    manifest storage writes) from the collected files."""
    try:
        path = finders.find(name)
        if path is None and staticfiles_storage.exists(name):
            path = staticfiles_storage.path(name)
    except (SuspiciousFileOperation, NotImplementedError):
        return None
    return path if path and os.path.isfile(path) else None


def media_file(name):
    try:
        path = safe_join(settings.MEDIA_ROOT, name)
    except SuspiciousFileOperation:
        return None
    return path if os.path.isfile(path) else None
