"""Editors' report: popular and zero-result queries per language over the last days."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.template.response import TemplateResponse
from django.utils import timezone

from search.models import SearchQueryCount


def popular_and_zero_result_queries(language, days=30, limit=20):
    since = timezone.localdate() - datetime.timedelta(days=days)
    rows = SearchQueryCount.objects.filter(language=language, date__gte=since)
    popular = list(
        rows.values("query").annotate(total=Sum("hits")).order_by("-total", "query")[:limit]
    )
    zero = list(
        rows.filter(result_count=0)
        .values("query")
        .annotate(total=Sum("hits"))
        .order_by("-total", "query")[:limit]
    )
    return popular, zero


def search_queries_report(request):
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
    languages = []
    for code, name in settings.LANGUAGES:
        popular, zero = popular_and_zero_result_queries(code)
        languages.append({"code": code, "name": name, "popular": popular, "zero": zero})
    return TemplateResponse(request, "search/admin/search_queries.html", {"languages": languages})
