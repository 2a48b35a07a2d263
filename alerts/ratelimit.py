"""Limits on subscribing, in Django's cache like feedback.ratelimit (neither the client's address
nor the email address is stored: keys are keyed hashes). Per connection, as for feedback; and per
email address, so that nobody can flood someone else's inbox with confirmation emails."""

from django.core.cache import cache
from django.utils.crypto import salted_hmac

from feedback.ratelimit import client_address

CONNECTION_LIMIT = 10
EMAIL_LIMIT = 3
WINDOW_SECONDS = 60 * 60


def _count(kind, value):
    digest = salted_hmac(f"alerts.ratelimit.{kind}", value).hexdigest()
    key = f"alerts:{kind}:{digest}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1


def connection_over_limit(request):
    """Count this post; whether the connection has now sent more than its share."""
    return _count("posts", client_address(request)) > CONNECTION_LIMIT


def email_over_limit(email):
    """Count a confirmation email to this address; whether it would be one too many."""
    return _count("emails", email.lower()) > EMAIL_LIMIT
