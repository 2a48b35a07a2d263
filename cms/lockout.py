"""The answer to an admin sign-in that django-axes has locked out (settings.AXES_LOCKOUT_CALLABLE).

django-axes' own answer is a line of English text; this one is a page in the admin's sign-in
style, in the reader's language, that says for how long the lock lasts (AXES_COOLOFF_TIME).
The status stays django-axes' AXES_HTTP_RESPONSE_CODE (429, Too Many Requests)."""

from math import ceil

from django.conf import settings
from django.shortcuts import render

from axes.helpers import get_cool_off


def lockout_response(request, original_response=None, credentials=None):
    """django-axes calls this with the request, the view's own answer and the credentials."""
    cool_off = get_cool_off(request)  # a timedelta, or None when a lock never ends by itself
    minutes = ceil(cool_off.total_seconds() / 60) if cool_off else None
    return render(
        request,
        "cms/admin/lockout.html",
        {"cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
