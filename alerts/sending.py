"""The emails: one confirmation per request, and after each publish one alert per reader listing
the change notes of that publish that concern what they asked about. Everything goes through
Django's email backend (SMTP in production, the console in development)."""

import logging
import threading

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from alerts import tokens
from alerts.models import Subscription
from cms.models import PageChangeNote

logger = logging.getLogger(__name__)


def base_url():
    return getattr(settings, "ALERTS_BASE_URL", settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def absolute(language, name, token):
    with translation.override(language):
        return base_url() + reverse(name, kwargs={"token": token})


def send_confirmation(subscription):
    link = absolute(subscription.language, "alerts:confirm", tokens.confirm_token(subscription))
    with translation.override(subscription.language):
        subject = _("Confirm your email alerts")
        body = "\n\n".join(
            [
                _("You asked for email alerts about changes to:")
                + " "
                + subscription.topic_title(),
                _("To start getting them, open this link within 7 days:"),
                link,
                _(
                    "If you did not ask for alerts, ignore this email: you will get nothing "
                    "more, and your address will be deleted after 7 days."
                ),
            ]
        )
    EmailMessage(subject, body, to=[subscription.email]).send()


# Which notes concern which topic.


def _code_paths():
    from code_chapters.models import CodeOfPracticePage

    return [code.path for code in CodeOfPracticePage.objects.all()]


def _sector_keys(sector):
    from cms.history import pages_shown_on_sector

    return {page.translation_key for page in pages_shown_on_sector(sector)}


def notes_by_subscription(notes):
    """{subscription: [notes]} for the confirmed subscriptions that `notes` touch, each note in
    the subscriber's language."""
    notes = [
        note
        for note in PageChangeNote.objects.filter(pk__in=[n.pk for n in notes])
        .select_related("page", "locale")
        .order_by("published_at", "pk")
    ]
    if not notes:
        return {}
    code_paths = _code_paths()
    touched = {}
    subscriptions = Subscription.objects.filter(
        confirmed_at__isnull=False,
        language__in={note.locale.language_code for note in notes},
    ).select_related("sector")
    keys_of = {}
    for subscription in subscriptions:
        if subscription.is_code:

            def concerns(note):
                return any(note.page.path.startswith(path) for path in code_paths)

        else:
            if subscription.sector_id not in keys_of:
                keys_of[subscription.sector_id] = _sector_keys(subscription.sector)
            keys = keys_of[subscription.sector_id]

            def concerns(note, keys=keys):
                return note.page.translation_key in keys

        relevant = [
            note
            for note in notes
            if note.locale.language_code == subscription.language and concerns(note)
        ]
        if relevant:
            touched[subscription] = relevant
    return touched


def alert_message(email, language, subscriptions_and_notes):
    """One email to one reader: each topic of theirs that changed, with its notes."""
    subscriptions = [subscription for subscription, _notes in subscriptions_and_notes]
    unsubscribe = absolute(language, "alerts:unsubscribe", tokens.unsubscribe_token(subscriptions))
    with translation.override(language):
        subject = _("Changes to the corporate parenting guidance")
        parts = [_("These pages of the corporate parenting guidance have changed.")]
        seen = set()
        for subscription, notes in subscriptions_and_notes:
            lines = [_("Changes to:") + " " + subscription.topic_title()]
            for note in notes:
                if note.pk in seen:
                    continue
                seen.add(note.pk)
                page = note.page.specific
                lines.append(
                    f"{page.title} ({formats.date_format(note.published_at, 'j F Y')})\n"
                    f"{note.note}\n{page.full_url or ''}"
                )
            parts.append("\n\n".join(lines))
        parts.append(
            _("To stop getting these emails, open this link and confirm:") + "\n" + unsubscribe
        )
    return EmailMessage(
        subject,
        "\n\n".join(parts),
        to=[email],
        headers={
            # RFC 8058: mail programs offer "unsubscribe", which posts to this link.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_alerts(notes):
    """Send the alerts for one publish: at most one email per address and language, listing the
    notes that concern its topics. Returns the number of emails sent."""
    readers = {}
    for subscription, relevant in notes_by_subscription(notes).items():
        readers.setdefault((subscription.email, subscription.language), []).append(
            (subscription, relevant)
        )
    messages = [
        alert_message(email, language, items) for (email, language), items in readers.items()
    ]
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0


# One batch per transaction: a publish is one transaction (cms.publishing), so every note it
# records is sent together once it is committed; nothing is sent if it is rolled back.


class _Batch:
    def __init__(self, using):
        self.using = using
        self.note_ids = []
        self.sent = False

    def send(self):
        self.sent = True
        try:
            send_alerts(PageChangeNote.objects.filter(pk__in=self.note_ids))
        except Exception:
            # The publish is committed: a mail server that is down must not turn it into an
            # error page for the editor. The failure is logged for the site's administrators.
            logger.exception("Email alerts for change notes %s were not sent", self.note_ids)

    def is_waiting(self):
        connection = transaction.get_connection(self.using)
        return not self.sent and any(
            callback == self.send for _sids, callback, *_rest in connection.run_on_commit
        )


_batches = threading.local()


@receiver(post_save, sender=PageChangeNote, dispatch_uid="alerts.collect_change_note")
def collect_change_note(sender, instance, created, raw=False, using="default", **kwargs):
    if not created or raw:
        return
    batch = getattr(_batches, using, None)
    if batch is None or not batch.is_waiting():
        batch = _Batch(using)
        setattr(_batches, using, batch)
        batch.note_ids.append(instance.pk)
        transaction.on_commit(batch.send, using=using)
    else:
        batch.note_ids.append(instance.pk)
