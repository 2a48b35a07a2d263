"""Signed links, so that nothing secret is stored: a confirmation link (which expires) and an
unsubscribe link (which does not) name subscription ids and a keyed hash of the address, so a
link cannot be altered, nor reused for a later subscription that happens to get the same id."""

from django.core import signing
from django.utils.crypto import salted_hmac

from alerts.models import PURGE_AFTER

CONFIRM_SALT = "alerts.confirm"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"


def _address_hash(email):
    return salted_hmac("alerts.address", email.lower()).hexdigest()[:20]


def _make(subscriptions, salt):
    subscriptions = list(subscriptions)
    return signing.dumps(
        {"ids": [s.pk for s in subscriptions], "a": _address_hash(subscriptions[0].email)},
        salt=salt,
        compress=True,
    )


def _read(token, salt, max_age=None):
    """The subscriptions a valid token names that still exist (perhaps none); None when the
    token is tampered with or expired."""
    from alerts.models import Subscription

    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
        ids = [int(pk) for pk in data["ids"]]
        address = str(data["a"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    subscriptions = [
        s for s in Subscription.objects.filter(pk__in=ids) if _address_hash(s.email) == address
    ]
    return subscriptions


def confirm_token(subscription):
    return _make([subscription], CONFIRM_SALT)


def read_confirm_token(token):
    return _read(token, CONFIRM_SALT, max_age=PURGE_AFTER)


def unsubscribe_token(subscriptions):
    return _make(subscriptions, UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    return _read(token, UNSUBSCRIBE_SALT)
