"""Resolve pages to the reader's language.

wagtail-localize copies a link to a page unchanged into a translation, so a relation stored once
(on the source-language page) points at source-language pages. These functions turn a list of
pages into the same pages in a given locale, in one query for the whole list, falling back to the
page as stored where no live translation exists yet.
"""

from wagtail.models import Page


def localize_pages(pages, locale, *, live_only=True):
    """Return `pages` (in order, without duplicates) as they exist in `locale`.

    A page with no live translation in `locale` is returned as it is, so a reader is never shown
    less than the source language has.
    """
    pages = [page for page in pages if page is not None]
    keys = []
    for page in pages:
        if page.translation_key not in keys:
            keys.append(page.translation_key)
    translations = Page.objects.filter(translation_key__in=keys, locale=locale)
    if live_only:
        translations = translations.live()
    by_key = {page.translation_key: page for page in translations.specific()}

    localized, seen = [], set()
    for page in pages:
        if page.translation_key in seen:
            continue
        seen.add(page.translation_key)
        if page.locale_id == locale.pk and (page.live or not live_only):
            localized.append(page.specific)
        elif page.translation_key in by_key:
            localized.append(by_key[page.translation_key])
        elif page.live or not live_only:
            localized.append(page.specific)
    return localized


def translation_keys(pages):
    return {page.translation_key for page in pages if page is not None}


def pages_linking_to(page, row_model, *, to_field, from_field):
    """The pages whose relation rows (`row_model`) point at `page` in any language, in the
    language of `page`, in site-tree order.

    Rows are stored on the source-language page and copied unchanged into translations, so the
    match is on the target's translation key, never its id.
    """
    rows = row_model.objects.filter(
        **{f"{to_field}__translation_key": page.translation_key}
    ).select_related(from_field)
    linking = localize_pages([getattr(row, from_field) for row in rows], page.locale)
    return sorted(linking, key=lambda linked: linked.path)
