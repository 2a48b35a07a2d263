"""Furniture every page shares: the source documents content is drawn from, the citation mixin that
points a page at its source, and the site's contact settings."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

OPEN_GOVERNMENT_LICENCE = "OGL-3.0"
OPEN_GOVERNMENT_LICENCE_URL = (
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
)


class SourceDocument(TranslatableMixin, index.Indexed, models.Model):
    """A published document that the site's content is taken from, cited on every page drawn
    from it."""

    LICENCE_CHOICES = [(OPEN_GOVERNMENT_LICENCE, _("Open Government Licence v3.0"))]

    key = models.SlugField(
        max_length=80,
        help_text=_("Stable identifier used by the content data files, e.g. 'toolkit'."),
    )
    title = models.CharField(max_length=255)
    publisher = models.CharField(max_length=255)
    published = models.CharField(
        max_length=80, help_text=_("As the document gives it, e.g. '1 October 2024'.")
    )
    reference = models.CharField(
        max_length=40, blank=True, help_text=_("The publisher's reference number, if any.")
    )
    url = models.URLField(blank=True, help_text=_("Where the published document can be read."))
    licence = models.CharField(
        max_length=20, choices=LICENCE_CHOICES, default=OPEN_GOVERNMENT_LICENCE
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("publisher"),
        FieldPanel("published"),
        FieldPanel("reference"),
        FieldPanel("url"),
        FieldPanel("licence"),
        FieldPanel("key"),
    ]
    override_translatable_fields = [
        SynchronizedField("key"),
        SynchronizedField("reference"),
        SynchronizedField("url"),
    ]
    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("publisher"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["key", "locale"], name="unique_source_key_per_locale")
        ]

    def __str__(self):
        return self.title

    @property
    def licence_url(self):
        return OPEN_GOVERNMENT_LICENCE_URL


class SourceCitationMixin(models.Model):
    """A page whose content is taken from a source document says which, and which part."""

    source_document = models.ForeignKey(
        SourceDocument,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("source document"),
    )
    source_section = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("part of the source"),
        help_text=_("The heading or part of the source document this page is taken from."),
    )

    citation_panels = [
        MultiFieldPanel(
            [FieldPanel("source_document"), FieldPanel("source_section")],
            heading=_("Source"),
        )
    ]

    class Meta:
        abstract = True

    @property
    def localized_source(self):
        """The source document in the page's own language, where it has been translated."""
        if self.source_document_id is None:
            return None
        # From the site-wide cache of source documents: every page cites one, so reading it
        # (and its translation) from the database would cost two queries per page.
        documents = source_documents()
        stored = next((doc for doc in documents if doc.pk == self.source_document_id), None)
        if stored is None:
            return self.source_document.get_translation_or_none(self.locale) or self.source_document
        translated = next(
            (
                doc
                for doc in documents
                if doc.translation_key == stored.translation_key and doc.locale_id == self.locale_id
            ),
            None,
        )
        return translated or stored


@register_setting(icon="mail")
class SiteContact(BaseGenericSetting):
    """How readers contact the team behind the guidance (the address the toolkit gives)."""

    contact_email = models.EmailField(
        default="corporateparenting@gov.wales", verbose_name=_("contact email address")
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("privacy page"),
    )
    cookies_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cookies page"),
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accessibility statement page"),
    )

    panels = [
        FieldPanel("contact_email"),
        FieldPanel("privacy_page"),
        FieldPanel("cookies_page"),
        FieldPanel("accessibility_page"),
    ]

    class Meta:
        verbose_name = _("site contact")


class TranslationReview(models.Model):
    """Where a translation of one page or snippet stands in review. "Missing" is not stored: it is
    the absence of a translation."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        READY_FOR_REVIEW = "ready_for_review", _("Ready for review (not yet reviewed)")
        REVIEWED = "reviewed", _("Reviewed")

    translation_key = models.UUIDField(db_index=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.IN_PROGRESS,
        verbose_name=_("review status"),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("translation review")
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "content_type", "locale"],
                name="one_review_per_translation",
            )
        ]

    def __str__(self):
        return f"{self.translation_key} ({self.locale}): {self.get_status_display()}"


class GlossaryTerm(index.Indexed, models.Model):
    """A term translators must render consistently: the English term and the Welsh term required
    for it. A Welsh segment whose English contains the term but whose Welsh lacks the Welsh term
    (in any mutated form) is flagged."""

    english = models.CharField(max_length=120, unique=True, verbose_name=_("English term"))
    welsh = models.CharField(max_length=120, verbose_name=_("Welsh term"))
    note = models.CharField(max_length=255, blank=True, verbose_name=_("note"))

    panels = [FieldPanel("english"), FieldPanel("welsh"), FieldPanel("note")]
    search_fields = [index.SearchField("english"), index.SearchField("welsh")]

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["english"]

    def __str__(self):
        return f"{self.english} → {self.welsh}"


class PageChangeNote(models.Model):
    """A dated note of a significant change to a page, for readers: listed under "See all
    updates" on the page, on the updates page and in the updates feed of its language. Recorded
    when a page is published with a change note not marked minor (cms.history)."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(verbose_name=_("published at"))
    note = models.TextField(verbose_name=_("change note"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("change note")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["locale", "-published_at"], name="change_note_by_date")]

    def __str__(self):
        return f"{self.published_at:%Y-%m-%d} {self.note[:60]}"


# Site-wide furniture, kept across requests --------------------------------------------------------
#
# Every request is answered by a Wagtail Site; every page shows the footer's contact details and
# source documents, cites a source document and has its view restrictions checked. They change
# rarely and are the same for every page, so they are kept in Django's cache (the `default` cache:
# Redis, shared by every process, or each process's memory, where the other processes forget them
# through the page cache's purge journal, cms.purge_journal) and forgotten whenever a row they are
# built from is saved or deleted.
# Page content is never kept here: it is read per request (the full-page cache, cms.page_cache, is
# the only cache of pages).

SITE_WIDE_CACHE_KEYS = {
    "contact": "cms:site-wide:contact",
    "sources": "cms:site-wide:source-documents",
    "restricted": "cms:site-wide:restricted-pages",
    "sites": "cms:site-wide:sites",
}
SITE_WIDE_CACHE_SECONDS = 60 * 60


def forget_site_wide():
    from django.core.cache import cache

    cache.delete_many(list(SITE_WIDE_CACHE_KEYS.values()))


class _ForgetSiteWideOnCommit:
    """The commit callback of one change: forgets the site-wide cache once the change is
    committed, and marks the change as pending until then (`_changes_pending`)."""

    def __init__(self):
        self.done = False

    def __call__(self):
        forget_site_wide()
        self.done = True


def _changes_pending():
    """True while the current transaction has changed a row the site-wide cache is built from and
    not yet committed. Reading then goes to the database and nothing is cached: a value cached
    from uncommitted rows would outlive a rollback. The changes are marked by their commit
    callbacks; Django drops those from `run_on_commit` when the transaction (or the savepoint
    they were registered in) rolls back."""
    from django.db import connection

    return any(
        isinstance(callback, _ForgetSiteWideOnCommit) and not callback.done
        for _savepoints, callback, *_rest in connection.run_on_commit
    )


def site_wide(name, compute):
    """The cached value `name`, computed by `compute()` when it is not cached."""
    from django.core.cache import cache

    if _changes_pending():
        return compute()
    key = SITE_WIDE_CACHE_KEYS[name]
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, SITE_WIDE_CACHE_SECONDS)
    return value


def site_wide_changed(**kwargs):
    """A row the site-wide cache is built from changed: forget it now, and again once the change
    is committed (a request may have cached the old rows in between)."""
    from django.db import transaction

    forget_site_wide()
    transaction.on_commit(_ForgetSiteWideOnCommit())


def source_documents():
    """Every source document, in both languages, ordered by title."""
    return site_wide(
        "sources", lambda: list(SourceDocument.objects.select_related("locale").order_by("title"))
    )


def source_documents_in(language_code):
    """The source documents in `language_code`; the default language's where none is translated
    (the footer lists them)."""
    documents = source_documents()
    for code in (language_code, settings.LANGUAGE_CODE):
        found = [document for document in documents if document.locale.language_code == code]
        if found:
            return found
    return []


def site_contact():
    """The site contact settings as plain data: the email address, and for each of the footer's
    pages its id and translation key (to find it in the reader's language)."""

    def compute():
        from wagtail.models import Page

        contact = SiteContact.load()
        ids = {
            role: getattr(contact, f"{role}_page_id")
            for role in ("privacy", "cookies", "accessibility")
        }
        keys = dict(Page.objects.filter(id__in=ids.values()).values_list("id", "translation_key"))
        return {
            "contact_email": contact.contact_email,
            "pages": {role: (pk, keys.get(pk)) for role, pk in ids.items() if pk in keys},
        }

    return site_wide("contact", compute)


def restricted_page_ids():
    """Ids of the pages that carry a view restriction (their descendants are restricted too)."""
    from wagtail.models import PageViewRestriction

    return site_wide(
        "restricted", lambda: set(PageViewRestriction.objects.values_list("page_id", flat=True))
    )


def sites():
    """Every Wagtail Site (without its root page: that is read when routing asks for it)."""
    from wagtail.models import Site

    return site_wide("sites", lambda: list(Site.objects.all()))


def site_for_hostname(hostname, port):
    """Wagtail's `get_site_for_hostname` over the cached `sites()`, instead of its query per
    request: the site with this hostname and port, else this hostname's default site, else the
    default site, unless exactly one other site has this hostname. None when none matches."""
    exact, hostname_default, default, hostname_only = 0, 1, 2, 3
    try:
        port = int(port)  # request.get_port() is a string
    except (TypeError, ValueError):
        port = None

    def match(site):
        if site.hostname == hostname and site.port == port:
            return exact
        if site.hostname == hostname and site.is_default_site:
            return hostname_default
        return default if site.is_default_site else hostname_only

    candidates = sorted(
        (site for site in sites() if site.hostname == hostname or site.is_default_site),
        key=match,
    )
    if not candidates:
        return None
    best = match(candidates[0])
    if len(candidates) == 1 or best in (exact, hostname_default):
        return candidates[0]
    if best == default:
        # As Wagtail: the one other site with this hostname if there is exactly one.
        return candidates[len(candidates) == 2]
    return None


def _connect_site_wide_signals():
    from django.db.models.signals import post_delete, post_save

    from wagtail.models import Locale, PageViewRestriction, Site

    for model in (SiteContact, SourceDocument, PageViewRestriction, Locale, Site):
        post_save.connect(site_wide_changed, sender=model, dispatch_uid=f"site-wide-{model}")
        post_delete.connect(site_wide_changed, sender=model, dispatch_uid=f"site-wide-{model}-del")


_connect_site_wide_signals()


# Routing in a fixed number of queries -------------------------------------------------------------


class RoutedPageMixin:
    """Mixed into every page type. A page routed by `SiteRootMixin.route` carries its ancestors
    (`_route_ancestors`, the tree root first) and their translations (`_route_furniture_rows`):
    the view-restriction check, the breadcrumbs, the language links and the footer read them
    instead of querying the tree again. The view-restriction check asks the database only when
    the page or an ancestor carries a restriction (`restricted_page_ids`, cached site-wide)."""

    def get_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        ancestors = getattr(self, "_route_ancestors", None)
        if ancestors is None:
            return super().get_view_restrictions()
        # As Wagtail's: the page and its ancestors, an alias standing for the page it copies.
        page_ids = {page.alias_of_id or page.pk for page in [*ancestors, self]}
        if not page_ids & restricted_page_ids():
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(page_id__in=page_ids)


def _has_own_route(model):
    from wagtail.models import Page

    return getattr(model, "route", Page.route) is not Page.route


class SiteRootMixin(RoutedPageMixin):
    """Mixed into the page type at the root of each language's site (Wagtail routes every URL
    through the localized site root's `route`).

    Wagtail's own routing walks the URL one level at a time, two queries a level (the child by
    its slug, then its specific row): a code paragraph, six levels down, would cost twelve. A
    page's `url_path` is its parent's plus its slug, so here the page and every ancestor are read
    in one query by their `url_path` (and the tree root's ancestors by their tree path), then the
    page's specific row in one more: two queries at any depth.

    Wagtail's behaviour is kept: ancestors need not be live, the page must be (its own `route`
    decides, as Wagtail's does), and a page type on the way that routes its own sub-URLs (none
    does today) gets the rest of the path, as it would from Wagtail."""

    def route(self, request, path_components):
        from django.db.models import Q
        from django.http import Http404

        from wagtail.models import Page
        from wagtail.url_routing import RouteResult

        from cms.localization import furniture_rows

        steplen = Page.steplen
        above_root = [self.path[: steplen * level] for level in range(1, self.depth + 1)]
        url_paths, url_path = [], self.url_path
        for component in path_components:
            url_path += f"{component}/"
            url_paths.append(url_path)
        url_path_set = set(url_paths)
        chain_filter = Q(path__in=above_root) | Q(
            path__startswith=self.path,
            depth__gt=self.depth,
            depth__lte=self.depth + len(url_paths),
            url_path__in=url_paths,
        )
        # The chain's pages come with their translations (and the footer's pages'), which the
        # page furniture reads: one query for all of it (cms.localization.furniture_rows).
        rows = furniture_rows(chain_filter, review_locale_id=self.locale_id)
        ancestors = [row for row in rows if row.depth < self.depth and row.path in above_root]
        for row in rows:
            if row.pk == self.pk:
                self.locale = row.locale  # read with the rows, not in a query of its own
        below = {
            row.url_path: row
            for row in rows
            if row.depth > self.depth
            and row.path.startswith(self.path)
            and row.url_path in url_path_set
        }
        chain = [self]
        for level, url_path in enumerate(url_paths, start=1):
            page = below.get(url_path)
            if (
                page is None
                or page.depth != self.depth + level
                or not page.path.startswith(chain[-1].path)
            ):
                raise Http404
            page._cached_parent_obj = chain[-1]
            chain.append(page)
            if level < len(url_paths) and _has_own_route(page.specific_class):
                # This page type routes its own sub-URLs: Wagtail's routing from here on.
                return page.specific.route(request, path_components[level:])
        target = chain[-1]
        if target is not self:
            model = target.specific_class or Page
            specific = model.objects.select_related("locale").get(pk=target.pk)
            specific._cached_parent_obj = target._cached_parent_obj
            target = specific
        target._route_ancestors = [*ancestors, *chain[:-1]]
        target._route_furniture_rows = rows
        if target is not self and _has_own_route(type(target)):
            return target.route(request, [])
        if not target.live:
            raise Http404
        return RouteResult(target)
