"""Limits on subscribing, in Django's cache like feedback.ratelimit (neither the client's address
nor the email address is stored: keys are keyed hashes). Per connection, as for feedback; and per
email address, so that nobody can flood someone else's inbox with confirmation emails."""

from feedback.ratelimit import client_address, count_in_window

CONNECTION_LIMIT = 10
EMAIL_LIMIT = 3
WINDOW_SECONDS = 60 * 60


def _count(kind, value):
    return count_in_window(f"alerts.ratelimit.{kind}", value, WINDOW_SECONDS)


def connection_over_limit(request):
    """Count this post; whether the connection has now sent more than its share."""
    return _count("posts", client_address(request)) > CONNECTION_LIMIT


def email_over_limit(email):
    """Count a confirmation email to this address; whether it would be one too many."""
    return _count("emails", email.lower()) > EMAIL_LIMIT
