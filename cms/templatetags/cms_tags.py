"""Page furniture: language of a page, links to its other-language version, breadcrumbs, and the
footer's contact, privacy and source attribution."""

from django import template
from django.conf import settings
from django.db.models import Q
from django.urls import translate_url
from django.utils import translation
from django.utils.safestring import mark_safe

from wagtail.models import Page, Site

from cms.frontend import JS_ENABLED_SCRIPT
from cms.localization import furniture_rows, page_ancestors, page_furniture_rows
from cms.models import site_contact, source_documents_in

register = template.Library()


def _language_name(language_code):
    return dict(settings.LANGUAGES).get(language_code, language_code)


class Furniture:
    """What the page furniture (language links, alternate links, breadcrumbs, the translation
    notice and the footer) reads, fetched once per request: the page's ancestors and the
    translations of the page, of its ancestors and of the footer's pages, with the review status
    of the page's translation, come in one query, with the page's routing where Wagtail's view
    served it (cms.localization.furniture_rows). The footer's contact details and source
    documents are site-wide data (cms.models.site_wide)."""

    def __init__(self, page, request, language_code):
        self.page = page
        self.request = request
        self.language_code = language_code
        self.contact = site_contact()
        if page is not None:
            self.ancestors = page_ancestors(page)
            rows = page_furniture_rows(page)
        else:
            self.ancestors = []
            rows = furniture_rows(Q(pk__in=[]))
        self.translations = {}
        self.by_id = {}
        for row in rows:
            self.translations.setdefault(row.translation_key, {})[row.locale.language_code] = row
            self.by_id[row.pk] = row

    def translation(self, page, language_code):
        return self.translations.get(page.translation_key, {}).get(language_code)


def _furniture(context):
    page = context.get("page")
    if not isinstance(page, Page) or not page.pk:
        page = None
    request = context.get("request")
    furniture = getattr(request, "_cms_furniture", None)
    if furniture is not None and furniture.page is page:
        return furniture
    furniture = Furniture(page, request, page_language(context))
    if request is not None:
        request._cms_furniture = furniture
    return furniture


@register.simple_tag(takes_context=True)
def page_language(context):
    page = context.get("page")
    if isinstance(page, Page) and page.locale_id:
        return page.locale.language_code
    return translation.get_language() or settings.LANGUAGE_CODE


@register.inclusion_tag("cms/includes/language_links.html", takes_context=True)
def language_links(context):
    """Every language, the current one marked: for the others, the same page in that language,
    or, where it has no live translation yet, its nearest translated ancestor (the link then says
    so). A view that is not a page (search) links to the same view and query in that language."""
    page = context.get("page")
    request = context.get("request")
    current = page_language(context)
    furniture = _furniture(context) if isinstance(page, Page) else None
    links = []
    for language_code, name in settings.LANGUAGES:
        link = {"language_code": language_code, "name": name, "url": None, "exact": True}
        link["current"] = language_code == current
        if link["current"]:
            links.append(link)
            continue
        if furniture is not None and furniture.page is not None:
            for candidate in [page, *reversed(furniture.ancestors)]:
                translated = furniture.translation(candidate, language_code)
                if translated is not None and translated.live:
                    link["url"] = translated.get_url(request)
                    link["exact"] = candidate.pk == page.pk
                    break
        if link["url"] is None and not isinstance(page, Page) and request is not None:
            translated_path = translate_url(request.get_full_path(), language_code)
            if translated_path != request.get_full_path():
                link["url"] = translated_path
        if link["url"] is None:
            with translation.override(language_code):
                link["url"] = f"/{language_code}/"
            link["exact"] = False
        links.append(link)
    return {"links": links}


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """(language_code, absolute URL) for every live language version of the page."""
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or not page.pk:
        return []
    versions = _furniture(context).translations.get(page.translation_key, {}).values()
    return [
        (version.locale.language_code, version.get_full_url(request))
        for version in versions
        if version.live
    ]


@register.inclusion_tag("cms/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"crumbs": []}
    site = Site.find_for_request(request) if request else None
    ancestors = [
        ancestor for ancestor in page_ancestors(page) if ancestor.depth >= 2 and ancestor.live
    ]
    return {
        "crumbs": [
            (ancestor.title, ancestor.get_url(request, current_site=site)) for ancestor in ancestors
        ],
        "current": page.title,
    }


@register.inclusion_tag("cms/includes/footer.html", takes_context=True)
def site_footer(context):
    request = context.get("request")
    furniture = _furniture(context)
    language_code = furniture.language_code

    def localized(role):
        if role not in furniture.contact["pages"]:
            return None
        pk, key = furniture.contact["pages"][role]
        stored = furniture.by_id.get(pk)
        if stored is None:
            return None
        return furniture.translations.get(key, {}).get(language_code) or stored

    return {
        "request": request,
        "contact_email": furniture.contact["contact_email"],
        "privacy_page": localized("privacy"),
        "cookies_page": localized("cookies"),
        "accessibility_page": localized("accessibility"),
        "sources": source_documents_in(language_code),
    }


@register.inclusion_tag("cms/includes/translation_notice.html", takes_context=True)
def translation_notice(context):
    """On a translated page, say whether a translator has reviewed the translation."""
    from cms.models import TranslationReview

    page = context.get("page")
    if not isinstance(page, Page) or not page.pk:
        return {"show": False}
    if page.locale.language_code == settings.LANGUAGE_CODE:
        return {"show": False}
    furniture = _furniture(context)
    source = furniture.translation(page, settings.LANGUAGE_CODE)
    if source is None:
        return {"show": False}
    own = furniture.translation(page, page.locale.language_code) or page
    status = getattr(own, "review_status", None) or TranslationReview.Status.IN_PROGRESS
    return {"show": status != TranslationReview.Status.REVIEWED}


@register.simple_tag(takes_context=True)
def default_language_url(context, alternates):
    for language_code, url in alternates:
        if language_code == settings.LANGUAGE_CODE:
            return url
    return ""


@register.simple_tag
def js_enabled_script():
    """The design system's inline script, exactly the text the Content-Security-Policy's hash
    allows (cms/frontend.py)."""
    # Not escaped: the text is our own constant, and escaping its quotes would change its hash.
    return mark_safe(f"<script>{JS_ENABLED_SCRIPT}</script>")  # noqa: S308


@register.inclusion_tag("cms/includes/last_updated.html", takes_context=True)
def last_updated(context):
    """ "Last updated" and the page's dated change notes, newest first (cms.history)."""
    from cms.history import change_notes_for

    page = context.get("page")
    if not isinstance(page, Page) or page.last_published_at is None:
        return {"updated": None}
    return {
        "updated": page.last_published_at,
        "notes": change_notes_for(page),
    }
