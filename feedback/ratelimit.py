"""How many feedback posts one connection may send: a count per client address in Django's cache.

The address is never stored: the cache key is a keyed hash of it (salted with SECRET_KEY), it
lives only as long as the window, and nothing is written to the database or the logs.

The window starts with a connection's first post. Use a cache shared by every web process (Redis,
Memcached) in production: the default local-memory cache counts per process."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseForbidden
from django.shortcuts import render
from django.utils.crypto import salted_hmac

LIMIT = 10
WINDOW_SECONDS = 10 * 60


def client_address(request):
    """The reader's address. Behind N reverse proxies that each append to X-Forwarded-For
    (settings.FEEDBACK_TRUSTED_PROXIES = N), it is the N-th address from the right: the one the
    outermost trusted proxy saw. Addresses further left are the client's own say, and could be
    changed with every post to dodge the limit."""
    proxies = getattr(settings, "FEEDBACK_TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [
            address.strip()
            for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if address.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def count_in_window(namespace, value, window_seconds):
    """Count one more event for `value` (kept only as a keyed hash) in a window of
    `window_seconds` that starts with its first event; the count so far."""
    digest = salted_hmac(namespace, value).hexdigest()
    key = f"{namespace}:{digest}"
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=window_seconds)
        return 1


def over_limit(request):
    """Count this post; whether the connection has now sent more than LIMIT in the window."""
    return count_in_window("feedback.ratelimit", client_address(request), WINDOW_SECONDS) > LIMIT


def refused_post(request, over_limit, too_many_template, window_seconds):
    """The answer to a public form's post refused before it is read, or None: 403 when the
    browser says the post comes from another site (Sec-Fetch-Site), 429 with Retry-After when
    `over_limit(request)` says the connection has sent too many."""
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return HttpResponseForbidden()
    if over_limit(request):
        response = render(request, too_many_template, {"minutes": window_seconds // 60}, status=429)
        response["Retry-After"] = str(window_seconds)
        return response
    return None
