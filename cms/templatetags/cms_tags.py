"""Page furniture: language of a page, links to its other-language version, breadcrumbs, and the
footer's contact, privacy and source attribution."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.safestring import mark_safe

from wagtail.models import Locale, Page, Site

from cms.frontend import JS_ENABLED_SCRIPT
from cms.models import SiteContact, SourceDocument

register = template.Library()


def _language_name(language_code):
    return dict(settings.LANGUAGES).get(language_code, language_code)


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
    links = []
    for language_code, name in settings.LANGUAGES:
        link = {"language_code": language_code, "name": name, "url": None, "exact": True}
        link["current"] = language_code == current
        if link["current"]:
            links.append(link)
            continue
        locale = Locale.objects.filter(language_code=language_code).first()
        if isinstance(page, Page) and locale is not None:
            for candidate in [page, *page.get_ancestors(inclusive=False).reverse()]:
                translated = candidate.get_translation_or_none(locale)
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
    if not isinstance(page, Page):
        return []
    versions = page.get_translations(inclusive=True).live().select_related("locale")
    return [(version.locale.language_code, version.get_full_url(request)) for version in versions]


@register.inclusion_tag("cms/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    request = context.get("request")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"crumbs": []}
    site = Site.find_for_request(request) if request else None
    ancestors = page.get_ancestors().filter(depth__gte=2).live()
    return {
        "crumbs": [
            (ancestor.title, ancestor.get_url(request, current_site=site)) for ancestor in ancestors
        ],
        "current": page.title,
    }


@register.inclusion_tag("cms/includes/footer.html", takes_context=True)
def site_footer(context):
    request = context.get("request")
    language_code = page_language(context)
    contact = SiteContact.load(request_or_site=request)
    locale = Locale.objects.filter(language_code=language_code).first()

    def localized(page):
        if page is None or locale is None:
            return page
        return page.get_translation_or_none(locale) or page

    sources = SourceDocument.objects.filter(locale__language_code=language_code)
    if not sources.exists():
        sources = SourceDocument.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    return {
        "request": request,
        "contact_email": contact.contact_email,
        "privacy_page": localized(contact.privacy_page),
        "cookies_page": localized(contact.cookies_page),
        "accessibility_page": localized(contact.accessibility_page),
        "sources": sources,
    }


@register.inclusion_tag("cms/includes/translation_notice.html", takes_context=True)
def translation_notice(context):
    """On a translated page, say whether a translator has reviewed the translation."""
    from cms.models import TranslationReview
    from cms.review import review_status

    page = context.get("page")
    if not isinstance(page, Page) or page.locale.language_code == settings.LANGUAGE_CODE:
        return {"show": False}
    source = page.get_translation_or_none(Locale.get_default())
    if source is None:
        return {"show": False}
    return {"show": review_status(source, page.locale) != TranslationReview.Status.REVIEWED}


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
