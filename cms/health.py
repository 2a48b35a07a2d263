"""`/healthz`: whether the site's backing services answer, for a load balancer or a monitor.

JSON with the database, the cache and the search backend, each `ok` and how long its check took;
no addresses, names or credentials. 200 while the database answers (the site can serve pages:
a missing cache or search cluster degrades it, and search falls back to the database); 503 when
the database does not."""

import time

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from wagtail.search.backends import get_search_backend

HEALTH_KEY = "healthz:probe"


def timed(check):
    started = time.perf_counter()
    try:
        result = check()
        ok, detail = result if isinstance(result, tuple) else (bool(result), {})
    except Exception:  # noqa: BLE001 - any failure of a backing service is "not ok"
        ok, detail = False, {}
    return {"ok": ok, "ms": round((time.perf_counter() - started) * 1000, 1), **detail}


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def check_cache():
    cache.set(HEALTH_KEY, "1", 10)
    return cache.get(HEALTH_KEY) == "1"


def check_search():
    """A cluster backend is pinged (bounded by its own timeout) and reports its circuit
    breaker; the database backend is as healthy as the database."""
    backend = get_search_backend()
    kind = type(backend).__module__.rsplit(".", 1)[-1]
    breaker = getattr(backend, "breaker", None)
    if breaker is None:
        return True, {"backend": kind}
    detail = {"backend": kind, "breaker_open": breaker.is_open, "fallback": "database"}
    return bool(backend.es.ping()), detail


@never_cache
def healthz(request):
    checks = {
        "database": timed(check_database),
        "cache": timed(check_cache),
        "search": timed(check_search),
    }
    if not checks["database"]["ok"]:
        status = "down"
    elif all(check["ok"] for check in checks.values()):
        status = "ok"
    else:
        status = "degraded"
    return JsonResponse(
        {"status": status, "checks": checks}, status=503 if status == "down" else 200
    )
