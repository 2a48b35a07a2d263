from django.db import IntegrityError, transaction
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from alerts import ratelimit, tokens
from alerts.forms import SubscribeForm
from alerts.models import Subscription
from alerts.sending import send_confirmation
from feedback.ratelimit import refused_post


def language():
    return translation.get_language() or "en"


def _render(request, template, context=None, status=200):
    response = render(request, template, context or {}, status=status)
    response["Content-Language"] = language()
    return response


# csrf_exempt, like the feedback form: public pages set no cookies (the cookies page says so), and
# a CSRF token needs one. A forged post can do no more than anyone can do on this page (ask for a
# confirmation email, which does nothing until its link is followed), and it is counted by the
# same limits: per connection, and per email address. Browsers that say a post comes from
# another site (Sec-Fetch-Site) are refused outright.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    form = SubscribeForm(request.POST if request.method == "POST" else None, language=language())
    if request.method == "POST":
        refused = refused_post(
            request,
            ratelimit.connection_over_limit,
            "alerts/too_many.html",
            ratelimit.WINDOW_SECONDS,
        )
        if refused is not None:
            return refused
        if form.is_valid():
            request_alerts(form.cleaned_data["email"], form.sector_id())
            # The same page whether the address was new, waiting or subscribed already.
            return _render(request, "alerts/check_email.html")
    return _render(
        request,
        "alerts/subscribe.html",
        {"form": form, "errors": form.error_list() if form.is_bound else []},
    )


def request_alerts(email, sector_id):
    """Keep an unconfirmed request and send its confirmation; a confirmed subscription is left
    as it is and its owner gets no email (they have their alerts already)."""
    try:
        with transaction.atomic():
            subscription, created = Subscription.objects.get_or_create(
                email=email, language=language(), sector_id=sector_id
            )
    except IntegrityError:  # the same request at the same moment
        return
    if subscription.confirmed_at is None and not ratelimit.email_over_limit(email):
        send_confirmation(subscription)


# The link shows a button and the post confirms: mail scanners that open links in emails to
# check them must not confirm a request the address's owner never made. csrf_exempt for the same
# reason as unsubscribe: the signed token authorises the post.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    subscriptions = tokens.read_confirm_token(token)
    if not subscriptions:  # tampered with, expired, or purged
        return _render(request, "alerts/link_invalid.html", status=400)
    subscription = subscriptions[0]
    if request.method == "GET" and subscription.confirmed_at is None:
        return _render(request, "alerts/confirm.html", {"topic": subscription.topic_title()})
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return _render(request, "alerts/confirmed.html", {"topic": subscription.topic_title()})


# csrf_exempt: mail programs post here without a form (RFC 8058 one-click unsubscribe); the
# signed token is what authorises the post, and it can do nothing but unsubscribe.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscriptions = tokens.read_unsubscribe_token(token)
    if subscriptions is None:
        return _render(request, "alerts/link_invalid.html", status=400)
    if request.method == "POST":
        Subscription.objects.filter(pk__in=[s.pk for s in subscriptions]).delete()
    if request.method == "POST" or not subscriptions:
        # Unsubscribing twice is no error: the reader gets no more emails either way.
        return _render(request, "alerts/unsubscribed.html")
    return _render(
        request,
        "alerts/unsubscribe.html",
        {"topics": [s.topic_title() for s in subscriptions]},
    )
