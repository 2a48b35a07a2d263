"""Resolve pages to the reader's language.

wagtail-localize copies a link to a page unchanged into a translation, so a relation stored once
(on the source-language page) points at source-language pages. These functions turn a list of
pages into the same pages in a given locale, in one query for the whole list, falling back to the
page as stored where no live translation exists yet.
"""

from django.db.models import Q

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
    language of `page`, in site-tree order. One query.

    Rows are stored on the source-language page and copied unchanged into translations, so the
    match is on the target's translation key, never its id.
    """
    rows = row_model.objects.filter(**{f"{to_field}__translation_key": page.translation_key})
    from_model = row_model._meta.get_field(from_field).related_model
    return localized_linked_pages(from_model, rows.values(f"{from_field}_id"), page.locale_id)


def stored_rows(relation):
    """The relation's rows as a queryset of the database, or None where the page holds them in
    memory (a preview, a revision): those are not in the database to be joined in a query."""
    from modelcluster.queryset import FakeQuerySet

    rows = relation.all()
    return None if isinstance(rows, FakeQuerySet) else rows


def localized_linked_pages(model, linked_ids, locale, *, positions=None):
    """The live `model` pages whose ids the subquery `linked_ids` selects, each as it exists in
    `locale` (a Locale or its id), in one query however many there are: a relation's pages in
    the reader's language.

    As `localize_pages`: a page with no live translation in `locale` is returned as it is, and
    each page once. They are in site-tree order, or in the order of `positions`, an expression
    giving each page's position by its translation key (e.g. the editors' order of the rows)."""
    locale_id = getattr(locale, "pk", locale)
    linked_keys = model.objects.filter(pk__in=linked_ids).values("translation_key")
    candidates = model.objects.live().filter(
        Q(pk__in=linked_ids) | Q(locale_id=locale_id, translation_key__in=linked_keys)
    )
    if positions is not None:
        candidates = candidates.annotate(position=positions)
    chosen = {}
    for page in candidates:
        current = chosen.get(page.translation_key)
        if current is None or (page.locale_id == locale_id and current.locale_id != locale_id):
            chosen[page.translation_key] = page

    def order(page):
        position = getattr(page, "position", None)
        return (position is None, position or 0, page.path)

    return sorted(chosen.values(), key=order)


# The page's place in the tree, read once per request ---------------------------------------------


def furniture_rows(pages_filter, *, review_locale_id=None):
    """One query for what the page furniture needs of the tree: the pages `pages_filter` selects
    (a page and its ancestors) with every translation of each, and every translation of the
    footer's pages (cms.models.site_contact), with their locales. With `review_locale_id`, each
    row carries `review_status`: the review of its translation into that locale (cms.review)."""
    from cms.models import site_contact
    from cms.review import review_status_subquery

    wanted = Q(translation_key__in=Page.objects.filter(pages_filter).values("translation_key"))
    footer_keys = [key for _pk, key in site_contact()["pages"].values()]
    if footer_keys:
        wanted |= Q(translation_key__in=footer_keys)
    rows = Page.objects.filter(wanted).select_related("locale").order_by("path")
    if review_locale_id is not None:
        rows = rows.annotate(review_status=review_status_subquery(review_locale_id))
    return list(rows)


def page_furniture_rows(page):
    """`furniture_rows` for `page`: as its routing read them (cms.models.SiteRootMixin), or in
    one query (a preview, a page not served by Wagtail's view)."""
    rows = getattr(page, "_route_furniture_rows", None)
    if rows is None:
        ancestor_paths = [page.path[: Page.steplen * level] for level in range(1, page.depth + 1)]
        rows = furniture_rows(Q(path__in=ancestor_paths), review_locale_id=page.locale_id)
        page._route_furniture_rows = rows
    return rows


def page_ancestors(page):
    """The page's ancestors, the tree root first, from `page_furniture_rows`."""
    ancestors = getattr(page, "_route_ancestors", None)
    if ancestors is None:
        paths = {page.path[: Page.steplen * level] for level in range(1, page.depth)}
        ancestors = [row for row in page_furniture_rows(page) if row.path in paths]
        page._route_ancestors = ancestors
    return ancestors


def translation_ids(page):
    """Ids of every translation of `page` (itself included, live or not)."""
    rows = getattr(page, "_route_furniture_rows", None)
    if rows is None:
        return set(
            Page.objects.filter(translation_key=page.translation_key).values_list("pk", flat=True)
        )
    return {row.pk for row in rows if row.translation_key == page.translation_key}
