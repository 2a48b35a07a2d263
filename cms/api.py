"""How the read-only API (Wagtail API v2 at /api/v2/, routed in `cms.machine_urls`) shows a page
beyond its own columns: the pages it links to, in its language; its translations; the computed
parts of its blocks (a legal reference's citation); and the source document it cites.

The page models name these fields in their `api_fields`, so this module is imported while Django
is still loading models. It must import nothing that looks a model up on import, as Wagtail's API
views and serializers do, so it builds its nested page summaries itself, in the shape Wagtail
gives a nested page (`id`, `meta`, `title`).
"""

from django.utils import translation

from wagtail.api import APIField
from wagtail.api.utils import get_full_url
from wagtail.models import Locale

from rest_framework.fields import Field

from cms.localization import localize_pages


def language_code(page, context):
    """The page's language code, from one query per request for all locales."""
    if "language_codes" not in context:
        context["language_codes"] = dict(Locale.objects.values_list("pk", "language_code"))
    return context["language_codes"][page.locale_id]


def page_summary(page, context, extra_fields=()):
    """A linked page as the API nests it: id, type, both addresses, language and title, plus
    `extra_fields` read from the page (a principle's number, a paragraph's kind)."""
    request = context["request"]
    detail_path = context["router"].get_object_detail_urlpath(type(page), page.pk)
    summary = {
        "id": page.pk,
        "meta": {
            "type": page.specific_class._meta.label,
            "detail_url": get_full_url(request, detail_path) if detail_path else None,
            "html_url": page.get_full_url(request),
            "locale": language_code(page, context),
        },
        "title": page.title,
    }
    summary.update((name, getattr(page, name)) for name in extra_fields)
    return summary


def visible_pages(pages, context):
    """`pages`, in order, less any the API shows no one: not live, outside the site, or behind a
    view restriction (the view's `base_queryset` holds the pages it may show)."""
    shown = set(
        context["base_queryset"]
        .filter(pk__in=[page.pk for page in pages])
        .values_list("pk", flat=True)
    )
    return [page for page in pages if page.pk in shown]


class PageField(Field):
    """Fields whose value is read from the page itself rather than one of its attributes."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance


class RelatedPagesField(PageField):
    """The pages `resolve(page)` returns, e.g. `toolkit.relations.principles_for_sector`, in the
    order it gives them."""

    def __init__(self, resolve, *, extra_fields=(), **kwargs):
        self.resolve = resolve
        self.extra_fields = tuple(extra_fields)
        super().__init__(**kwargs)

    def to_representation(self, page):
        return [
            page_summary(linked, self.context, self.extra_fields)
            for linked in visible_pages(list(self.resolve(page)), self.context)
        ]


class LinkedPagesField(RelatedPagesField):
    """The pages a page's link rows (e.g. a resource's `sector_links`) point at, in the page's
    language, in the rows' order or sorted by `order_by`: as the page's own template lists them."""

    def __init__(self, links, target, *, order_by=None, **kwargs):
        self.links = links
        self.target = target
        self.order_by = order_by
        super().__init__(self.linked_pages, **kwargs)

    def linked_pages(self, page):
        rows = getattr(page, self.links).select_related(self.target)
        pages = localize_pages([getattr(row, self.target) for row in rows], page.locale)
        if self.order_by:
            pages.sort(key=lambda linked: getattr(linked, self.order_by))
        return pages


class RelatedPageField(Field):
    """One linked page, read from `source` (e.g. a chapter's `localized_consultation`)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, linked):
        shown = visible_pages([linked], self.context)
        return page_summary(linked, self.context) if shown else None


class TranslationsField(PageField):
    """The page's live, public versions in the other languages."""

    def to_representation(self, page):
        translations = (
            self.context["base_queryset"]
            .filter(translation_key=page.translation_key)
            .exclude(pk=page.pk)
            .order_by("locale__language_code")
        )
        return [page_summary(translation, self.context) for translation in translations]


class InPageLanguageField(PageField):
    """An attribute made of translated strings (a citation such as `issued_under`), in the page's
    language rather than the request's."""

    def to_representation(self, page):
        with translation.override(language_code(page, self.context)):
            return str(getattr(page, self.field_name))


class StreamWithPropertiesField(PageField):
    """A StreamField of struct blocks as Wagtail's API gives it, with named properties of each
    block's value added, computed in the page's language (a legal reference's `citation`)."""

    def __init__(self, *, properties, **kwargs):
        self.properties = tuple(properties)
        super().__init__(**kwargs)

    def to_representation(self, page):
        stream = getattr(page, self.field_name)
        items = stream.stream_block.get_api_representation(stream, self.context)
        with translation.override(language_code(page, self.context)):
            for item, block in zip(items, stream, strict=True):
                item["value"].update(
                    (name, str(getattr(block.value, name))) for name in self.properties
                )
        return items


class SourceDocumentField(Field):
    """The source document a page cites, in the page's language where it has been translated."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, document):
        return {
            "title": document.title,
            "publisher": document.publisher,
            "published": document.published,
            "reference": document.reference,
            "url": document.url,
            "licence": document.licence,
            "licence_url": document.licence_url,
        }


# The fields of `cms.models.SourceCitationMixin`, for the `api_fields` of the pages that use it.
CITATION_API_FIELDS = [
    APIField("source", serializer=SourceDocumentField(source="localized_source")),
    APIField("source_section"),
]
