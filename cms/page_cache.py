"""The full-page cache of the public pages, purged exactly when what they show changes.

Why our own: Django's cache middleware keys a page by the values of its Vary headers, so one
URL's entries cannot be found again to purge them, and wagtail-cache does not support Wagtail 8.

How it stays exact:
- A cached page is tagged with every page it *showed*: each page object built while it rendered
  (its own, its breadcrumbs, the principles a sector lists, the paragraphs of a chapter ...),
  collected through Django's `post_init` signal.
- Each tag has a generation number in the cache. A cached page is served only while every one
  of its tags still has the generation it was rendered under; the generations are read *before*
  rendering, so a change that lands while a page renders leaves that render already stale.
- A change to a page (publish, including a translation's; unpublish; move; delete) moves on
  the generations of that page and of its translations (so everything that showed them goes),
  of its ancestors (their listings gain or lose it), of the pages it links to and that link to
  it (Wagtail's reference index: a sector that starts linking a principle is new on that
  principle's page), and of the pages that list every page of its type (`SHOWN_ON`: the charter
  matrix lists every sector). It is done at once and again after the transaction commits, so a
  render that read the old rows between the two is not kept.
- Site-wide data (footer settings, source documents, the glossary, chapter versions, reviews of
  translations, images, documents, locales, view restrictions) moves on the generation every page
  carries.
- With the cache in each process's own memory (no Redis), each purge is also written to a
  journal that the other processes replay at the start of their next request
  (cms.purge_journal), so a publish through one worker purges them all.

Only anonymous GETs of Wagtail pages are cached: never the admin, previews, search results,
forms' answers, or anyone with a session (an editor sees the live site as it is)."""

import hashlib
import logging
import time
from contextvars import ContextVar
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save, pre_delete
from django.http import HttpResponse
from django.utils import translation

from modelcluster.fields import ParentalKey
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, ReferenceIndex
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.purge_journal import EVERYTHING, PurgeJournal
from cms.purge_journal import default_path as default_journal_path

logger = logging.getLogger(__name__)

SITE_TAG = "site"
PURGES_KEY = "page-cache:purges"
HEADER = "X-Page-Cache"
#: Headers of a response that belong to one reader, or that this module sets itself.
PER_RESPONSE_HEADERS = {"set-cookie", HEADER.lower()}
#: Pages that show every page of another type, not only the pages they link to.
SHOWN_ON = {
    "toolkit.SectorPage": ["toolkit.PrincipleIndexPage"],
    "toolkit.PrinciplePage": ["toolkit.PrincipleIndexPage"],
}
#: The apps whose models pages display. Their models that are neither pages nor rows of a page
#: (a sector's principle links are saved when the sector is published, which purges it) are
#: shown on pages that do not link to them (the charter's promises, the footer's sources, a
#: chapter's versions, the review state of a translation): a change to one purges every page.
CONTENT_APPS = ("cms", "home", "toolkit", "code_chapters")
#: Saved when a page is published, which purges what shows it.
PUBLISH_RECORDS = {"cms.PageChangeNote"}
SITE_WIDE_MODELS = {
    "wagtailcore.Locale",
    "wagtailcore.Site",
    # A page that gains a restriction must stop being served to anonymous readers, and so must
    # the pages below it: rare enough to drop everything.
    "wagtailcore.PageViewRestriction",
    "wagtailimages.Image",
    "wagtaildocs.Document",
}

_shown_pages = ContextVar("page_cache_shown_pages", default=None)
#: Purges this process could not make because the cache was down.
_missed_purges = []


def enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def page_cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def entry_key(request):
    address = f"{request.get_host()}{request.get_full_path()}"
    return "page-cache:entry:" + hashlib.sha256(address.encode()).hexdigest()


def generation_key(tag):
    return f"page-cache:gen:{tag}"


def page_tag(page_id):
    return f"page:{page_id}"


# Reading and writing entries


def is_cacheable_request(request):
    if request.method not in ("GET", "HEAD") or not enabled():
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # signed in (or was): editors must see the site as it is
    # Only public pages live under a language prefix (what is kept is decided on the response).
    return translation.get_language_from_path(request.path_info) is not None


def is_cacheable_response(request, response):
    match = getattr(request, "resolver_match", None)
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if match is None or match.url_name != "wagtail_serve" or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    page = (getattr(response, "context_data", None) or {}).get("page")
    # A page with view restrictions answers anonymous readers with a form: never shared.
    return isinstance(page, Page) and not page.get_view_restrictions().exists()


def current_generations(cache, tags):
    """The generation of each tag, starting the ones the cache does not hold (new, or evicted)
    at a value no earlier entry can carry."""
    keys = [generation_key(tag) for tag in tags]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, time.time_ns(), timeout=None)
    missing = [key for key in keys if key not in found]
    if missing:
        found.update(cache.get_many(missing))
    return found


def lookup(cache, key):
    entry = cache.get(key)
    if entry is None:
        return None
    generations = cache.get_many(list(entry["generations"]))
    if generations != entry["generations"]:
        return None
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    return response


def purges_so_far(cache):
    """A counter every purge moves on first (before the generations it purges)."""
    count = cache.get(PURGES_KEY)
    if count is None:
        cache.add(PURGES_KEY, time.time_ns(), timeout=None)
        count = cache.get(PURGES_KEY)
    return count


class PageCacheMiddleware:
    """Serves a cached page when it is still current; otherwise renders it, noting which pages
    it showed, and keeps it unless a purge happened meanwhile. Placed above the
    Content-Security-Policy middleware so that the cached headers include the policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        replay_other_processes_purges()
        if not is_cacheable_request(request):
            return self.get_response(request)
        try:
            return self.serve_through_cache(request)
        except CacheUnavailable:
            return self.get_response(request)

    def serve_through_cache(self, request):
        cache = GuardedCache(page_cache())
        recover_missed_purges(cache)
        key = entry_key(request)
        cached = lookup(cache, key)
        if cached is not None:
            cached[HEADER] = "hit"
            return cached
        purges_before = purges_so_far(cache)
        shown = set()
        token = _shown_pages.set(shown)
        try:
            response = self.get_response(request)
        finally:
            _shown_pages.reset(token)
        if is_cacheable_response(request, response):
            # What this render read may predate a purge that happened while it ran; then it is
            # not kept. (A purge moves the counter on before the generations, and the
            # generations are read here before the counter: no purge can slip between.)
            if purges_before is not None:
                try:
                    store_unless_purged(cache, key, response, shown, purges_before)
                except CacheUnavailable:
                    pass  # rendered already: the reader gets it, the cache does not
            response[HEADER] = "miss"
        return response


def store_unless_purged(cache, key, response, shown, purges_before):
    tags = [SITE_TAG, *(page_tag(page_id) for page_id in sorted(shown))]
    generations = current_generations(cache, tags)
    if len(generations) != len(tags) or cache.get(PURGES_KEY) != purges_before:
        return
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in PER_RESPONSE_HEADERS
    ]
    entry = {
        "status": response.status_code,
        "headers": headers,
        "content": response.content,
        "generations": generations,
    }
    cache.set(key, entry, timeout=getattr(settings, "PAGE_CACHE_SECONDS", 3600))


class CacheUnavailable(Exception):
    pass


class GuardedCache:
    """The cache, with any failure of it (a backend without cms.cache's tolerance) turned into
    CacheUnavailable: the reader then gets the page rendered, never an error."""

    def __init__(self, cache):
        self.cache = cache

    def __getattr__(self, name):
        method = getattr(self.cache, name)
        if not callable(method):
            return method

        def guarded(*args, **kwargs):
            try:
                return method(*args, **kwargs)
            except Exception as error:  # noqa: BLE001 - any cache failure means "no cache"
                logger.warning("Page cache unavailable (%s): serving uncached", error)
                raise CacheUnavailable from error

        return guarded


def note_page_shown(sender, instance, **kwargs):
    shown = _shown_pages.get()
    if shown is not None and isinstance(instance, Page) and instance.pk is not None:
        shown.add(instance.pk)


# Purging


def purge(page_ids=(), site=False):
    """Moves on the generations of `page_ids` (and of the site when `site`, forgetting the
    site-wide data too), now and again when the current transaction commits."""
    tags = [page_tag(pk) for pk in set(page_ids)] + ([SITE_TAG] if site else [])
    if not tags:
        return

    def move_on(committed):
        cache = page_cache()
        if not getattr(cache, "available", True):
            _missed_purges.append(len(tags))  # the cache is down: see recover_missed_purges
            return
        move_generations_on(cache, tags)
        if site:
            forget_cached_site_data()
        journal = purge_journal()
        if committed and journal is not None:
            journal.record(tags)  # the other processes purge once the change is readable

    move_on(committed=False)
    transaction.on_commit(lambda: move_on(committed=True))


def move_generations_on(cache, tags):
    for key in [PURGES_KEY, *(generation_key(tag) for tag in tags)]:
        try:
            cache.incr(key)
        except ValueError:
            pass  # not held: no entry can be current under it


def purge_journal():
    """The journal that carries purges between processes, when the page cache is each process's
    own memory; None with a shared cache (Redis)."""
    if not isinstance(page_cache(), LocMemCache):
        return None
    path = getattr(settings, "PAGE_CACHE_JOURNAL", "") or default_journal_path(settings)
    return _journal_at(str(path))


@lru_cache(maxsize=8)
def _journal_at(path):
    return PurgeJournal(path)


def replay_other_processes_purges():
    """Makes, in this process's memory, the purges the other processes journalled since its
    last request; all of them when the journal cannot tell (cms.purge_journal)."""
    journal = purge_journal()
    if journal is None:
        return
    news = journal.news()
    if not news:
        return
    tags = [SITE_TAG] if news is EVERYTHING else list(dict.fromkeys(news))
    move_generations_on(page_cache(), tags)
    if SITE_TAG in tags:
        forget_cached_site_data()


def forget_cached_site_data():
    """Drops the site-wide data kept beside the pages (cms.models.site_wide; Wagtail's site root
    paths), where a change to it may have been missed."""
    from wagtail.models import Site

    from cms.models import forget_site_wide

    forget_site_wide()
    Site.clear_site_root_paths_cache()


def recover_missed_purges(cache):
    """Purges made while the cache was unreachable are lost; once it answers again, entries it
    kept from before may be stale: they are all dropped (by moving the site's generation on), and
    so is the site-wide data, whose forgetting may have been lost too."""
    if _missed_purges and getattr(cache, "available", True):
        _missed_purges.clear()
        purge(site=True)


def pages_showing(page):
    """The ids of every page that may show `page`'s data (see the module's docstring)."""
    translations = list(
        Page.objects.filter(translation_key=page.translation_key).values_list("pk", "path")
    )
    if page.pk not in {pk for pk, _ in translations}:
        translations.append((page.pk, page.path))
    ids = {pk for pk, _ in translations}
    steplen = Page.steplen
    ancestor_paths = {
        path[:end] for _, path in translations for end in range(steplen, len(path), steplen)
    }
    ids.update(Page.objects.filter(path__in=ancestor_paths).values_list("pk", flat=True))
    ids.update(linked_pages(ids))
    listing_models = SHOWN_ON.get(page.specific_class._meta.label if page.specific_class else "")
    if listing_models:
        from django.apps import apps

        ids.update(
            Page.objects.type(*(apps.get_model(label) for label in listing_models)).values_list(
                "pk", flat=True
            )
        )
    return ids


def linked_pages(page_ids):
    """Pages that link to, or are linked from, any of `page_ids` (Wagtail's reference index)."""
    from django.contrib.contenttypes.models import ContentType

    page_type = ContentType.objects.get_for_model(Page)
    object_ids = [str(pk) for pk in page_ids]
    linking = ReferenceIndex.objects.filter(
        base_content_type=page_type, to_content_type=page_type, to_object_id__in=object_ids
    ).values_list("object_id", flat=True)
    linked = ReferenceIndex.objects.filter(
        base_content_type=page_type, to_content_type=page_type, object_id__in=object_ids
    ).values_list("to_object_id", flat=True)
    return {int(pk) for pk in [*linking, *linked] if str(pk).isdigit()}


def purge_page(page):
    purge(pages_showing(page))


def on_page_published(sender, instance, **kwargs):
    purge_page(instance)


def on_page_unpublished(sender, instance, **kwargs):
    purge_page(instance)


def on_page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    purge(pages_showing(instance) | pages_showing(parent_page_before))


def on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.pk is not None:
        purge(pages_showing(instance))


def on_site_wide_change(sender, instance, **kwargs):
    if is_shown_site_wide(sender):
        purge(site=True)


@lru_cache(maxsize=512)
def is_shown_site_wide(model):
    label = model._meta.label
    if label in SITE_WIDE_MODELS or issubclass(model, (BaseGenericSetting, BaseSiteSetting)):
        return True
    if model._meta.app_label not in CONTENT_APPS or label in PUBLISH_RECORDS:
        return False
    is_page_row = any(isinstance(field, ParentalKey) for field in model._meta.concrete_fields)
    return not issubclass(model, Page) and not is_page_row


def connect():
    post_init.connect(note_page_shown, dispatch_uid="page_cache_shown")
    page_published.connect(on_page_published, dispatch_uid="page_cache_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="page_cache_moved")
    pre_delete.connect(on_page_deleted, dispatch_uid="page_cache_deleted")
    post_save.connect(on_site_wide_change, dispatch_uid="page_cache_site_saved")
    post_delete.connect(on_site_wide_change, dispatch_uid="page_cache_site_deleted")
