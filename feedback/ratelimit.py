"""How many feedback posts one connection may send: a count per client address in Django's cache.

The address is never stored: the cache key is a keyed hash of it (salted with SECRET_KEY), it
lives only as long as the window, and nothing is written to the database or the logs.

The window starts with a connection's first post. Use a cache shared by every web process (Redis,
Memcached) in production: the default local-memory cache counts per process."""

from django.conf import settings
from django.core.cache import cache
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


def _key(request):
    digest = salted_hmac("feedback.ratelimit", client_address(request)).hexdigest()
    return f"feedback:posts:{digest}"


def over_limit(request):
    """Count this post; whether the connection has now sent more than LIMIT in the window."""
    key = _key(request)
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count > LIMIT
