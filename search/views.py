from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from wagtail.models import Locale

from search.models import PromotedResult, SearchQueryCount, clean_query, normalised_query
from search.querying import (
    RESULT_TYPES,
    attach_paragraph_parents,
    result_title,
    result_type,
    result_url,
    run_search,
    snippet,
)

TYPE_LABELS = {
    "principle": _("Principles"),
    "sector": _("Sectors"),
    "paragraph": _("Code paragraphs"),
    "section": _("Code sections"),
    "resource": _("Resources"),
    "page": _("Other pages"),
}
PER_PAGE = 10


# Results depend on the query and change with every publish, and each search is counted: neither
# a full-page cache nor a shared proxy may keep them.
@never_cache
def search(request):
    language = translation.get_language() or "en"
    locale = Locale.objects.filter(language_code=language).first() or Locale.get_default()
    query = clean_query(request.GET.get("q", "")).strip()[:200]
    types = [name for name in request.GET.getlist("type") if name in RESULT_TYPES]
    sector = _page_filter(request.GET.get("sector"), "toolkit.SectorPage", locale)
    principle = _page_filter(request.GET.get("principle"), "toolkit.PrinciplePage", locale)
    found = run_search(query, locale, types=types, sector=sector, principle=principle)

    results = promoted_first(found.results, query, locale)
    if query and request.GET.get("page", "1") == "1":
        SearchQueryCount.record(locale.language_code, query, len(results))
    paginator = Paginator(results, PER_PAGE)
    page_number = request.GET.get("page", "1")
    try:
        results_page = paginator.page(page_number)
    except (PageNotAnInteger, EmptyPage):
        if page_number == "1":
            results_page = paginator.page(1) if paginator.count else None
        else:
            raise Http404(_("There is no such page of results.")) from None

    shown = list(results_page.object_list) if results_page else []
    attach_paragraph_parents(shown)
    items = [
        {
            "page": page,
            "title": result_title(page),
            "url": result_url(page),
            "type": TYPE_LABELS[result_type(page)],
            "snippet": snippet(page, query, locale.language_code),
        }
        for page in shown
    ]
    from toolkit.models import PrinciplePage, SectorPage

    def link(**changes):
        return query_string(request.GET, **changes)

    return TemplateResponse(
        request,
        "search/search.html",
        {
            "query": query,
            "items": items,
            "results_page": results_page,
            "total": paginator.count,
            "type_filters": [
                (
                    TYPE_LABELS[name],
                    found.counts.get(name, 0),
                    name in types,
                    link(type=None if name in types else name, page=None),
                )
                for name in RESULT_TYPES
                if found.counts.get(name) or name in types
            ],
            "pagination": pagination_links(results_page, link),
            "sectors": SectorPage.objects.live().filter(locale=locale).order_by("path"),
            "principles": PrinciplePage.objects.live().filter(locale=locale).order_by("number"),
            "selected_sector": sector,
            "selected_principle": principle,
            "selected_types": types,
        },
    )


def query_string(params, **changes):
    """`?…` for the current search with some parameters changed (None removes one): filters and
    the query are kept in every link, so results can be shared and paged."""
    updated = params.copy()
    for name, value in changes.items():
        updated.pop(name, None)
        if value is not None:
            updated[name] = str(value)
    return "?" + updated.urlencode()


def pagination_links(results_page, link, around=2):
    """The pages of results to link to: the first, the last and those around the current one,
    with None where numbers are skipped (GOV.UK Frontend's pagination pattern)."""
    if results_page is None or not results_page.has_other_pages():
        return None
    current, last = results_page.number, results_page.paginator.num_pages
    numbers = sorted({1, last, *range(max(1, current - around), min(last, current + around) + 1)})
    items, previous_number = [], 0
    for number in numbers:
        if number - previous_number > 1:
            items.append(None)
        items.append({"number": number, "url": link(page=number), "current": number == current})
        previous_number = number
    return {
        "items": items,
        "previous": link(page=current - 1) if results_page.has_previous() else None,
        "next": link(page=current + 1) if results_page.has_next() else None,
    }


def promoted_first(results, query, locale):
    """Pages editors promoted for this query (in this language) come first. The relevance
    benchmark measures run_search, without them."""
    promoted = [
        promotion.page.specific
        for promotion in PromotedResult.objects.filter(
            language=locale.language_code, query=normalised_query(query)
        ).select_related("page")
        if promotion.page.live and promotion.page.locale_id == locale.pk
    ]
    if not promoted:
        return results
    ids = {page.pk for page in promoted}
    return promoted + [page for page in results if page.pk not in ids]


#: The largest id a database holds (a signed 64-bit integer); SQLite cannot even compare a larger
#: number with a column.
MAX_PAGE_ID = 2**63 - 1


def _page_filter(value, model_label, locale):
    from django.apps import apps

    # ASCII digits only: str.isdigit() also takes digits such as "²" that int() refuses.
    if not value or not (value.isascii() and value.isdigit()) or int(value) > MAX_PAGE_ID:
        return None
    return apps.get_model(model_label).objects.live().filter(pk=int(value), locale=locale).first()
