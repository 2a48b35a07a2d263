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

    items = [
        {
            "page": page,
            "title": result_title(page),
            "url": result_url(page),
            "type": TYPE_LABELS[result_type(page)],
            "snippet": snippet(page, query, locale.language_code),
        }
        for page in (results_page.object_list if results_page else [])
    ]
    from toolkit.models import PrinciplePage, SectorPage

    return TemplateResponse(
        request,
        "search/search.html",
        {
            "query": query,
            "items": items,
            "results_page": results_page,
            "total": paginator.count,
            "type_filters": [
                (name, TYPE_LABELS[name], found.counts.get(name, 0), name in types)
                for name in RESULT_TYPES
                if found.counts.get(name) or name in types
            ],
            "sectors": SectorPage.objects.live().filter(locale=locale).order_by("path"),
            "principles": PrinciplePage.objects.live().filter(locale=locale).order_by("number"),
            "selected_sector": sector,
            "selected_principle": principle,
            "selected_types": types,
        },
    )


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


def _page_filter(value, model_label, locale):
    from django.apps import apps

    if not value or not value.isdigit():
        return None
    return apps.get_model(model_label).objects.live().filter(pk=int(value), locale=locale).first()
