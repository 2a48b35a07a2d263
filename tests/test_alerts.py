"""Email alerts: double opt-in in the reader's language, one email per reader per publish listing
the change notes that concern their topic, one-click unsubscribe, the purge of unconfirmed
requests and the editors' counts."""

import datetime
import re
import time
from urllib.parse import urlparse

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail, signing
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Locale

import pytest

from alerts.models import Subscription
from alerts.sending import send_alerts
from code_chapters.models import CodeParagraphPage
from toolkit.models import PrinciplePage, SectorPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

READER = "reader@example.com"


@pytest.fixture
def housing():
    return SectorPage.objects.get(slug="housing-services", locale__language_code="en")


@pytest.fixture
def police():
    return SectorPage.objects.get(slug="police-and-criminal-justice", locale__language_code="en")


@pytest.fixture
def principle_8():
    """Applies to housing but not to the police (toolkit.yaml)."""
    return PrinciplePage.objects.get(number=8, locale__language_code="en")


@pytest.fixture
def reviewer():
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("reviewer", "reviewer@example.com", "pw")
    user.groups.add(Group.objects.get(name="Welsh reviewers"))
    return user


def publish_change(page, note="", minor=False, user=None):
    page = page.specific
    page.change_note = note
    page.minor_change = minor
    page.save_revision(user=user).publish(user=user)
    page.refresh_from_db()
    return page


def publish(capture, page, note, **kwargs):
    """Publish, run what waits for the commit, and return the emails that sent."""
    mail.outbox.clear()
    with capture(execute=True):
        publish_change(page, note, **kwargs)
    return list(mail.outbox)


def link_in(message, name):
    match = re.search(rf"https?://\S+/{name}/\S+/", message.body)
    assert match, message.body
    return urlparse(match.group(0)).path


def subscribe(client, sector=None, email=READER, language="en"):
    path = "/en/alerts/" if language == "en" else "/cy/rhybuddion/"
    return client.post(path, {"email": email, "topic": str(sector.pk) if sector else "code"})


def subscribed(client, sector=None, email=READER, language="en"):
    """A confirmed subscription, through the emails, as a reader would."""
    mail.outbox.clear()
    subscribe(client, sector, email, language)
    (message,) = mail.outbox
    confirm = link_in(message, "confirm" if language == "en" else "cadarnhau")
    assert client.post(confirm).status_code == 200
    mail.outbox.clear()
    return Subscription.objects.get(email=email, language=language, sector=sector)


def test_the_subscribe_page_sets_no_cookie_and_refuses_cross_site_posts(client, housing):
    assert not client.get("/en/alerts/").cookies
    assert not subscribe(client, housing).cookies
    forged = client.post(
        "/en/alerts/",
        {"email": "victim@example.com", "topic": "code"},
        HTTP_SEC_FETCH_SITE="cross-site",
    )
    assert forged.status_code == 403
    assert not Subscription.objects.filter(email="victim@example.com").exists()


def test_the_subscribe_page_is_a_form_that_is_never_cached(client, housing):
    response = client.get("/en/alerts/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'autocomplete="email"' in html and 'name="topic"' in html
    assert housing.title in html and "The code of practice" in html
    assert "no-cache" in response["Cache-Control"]
    welsh = client.get("/cy/rhybuddion/").content.decode()
    welsh_housing = housing.get_translation(Locale.objects.get(language_code="cy"))
    assert welsh_housing.title in welsh and 'lang="cy"' in welsh


def test_subscribing_stores_an_unconfirmed_request_and_sends_one_confirmation(client, housing):
    response = subscribe(client, housing)
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    subscription = Subscription.objects.get(email=READER)
    assert subscription.sector == housing and subscription.language == "en"
    assert subscription.confirmed_at is None
    (message,) = mail.outbox
    assert message.to == [READER]
    assert message.subject == "Confirm your email alerts"
    assert housing.title in message.body
    assert link_in(message, "confirm").startswith("/en/alerts/confirm/")


def test_the_same_page_is_shown_for_an_address_already_subscribed(client, housing):
    first = subscribe(client, housing).content.decode()
    subscribed(client, housing)
    again = subscribe(client, housing, email=READER.upper())
    assert again.content.decode() == first
    assert mail.outbox == []  # confirmed already: nothing to confirm
    assert Subscription.objects.filter(email=READER).count() == 1


def test_errors_are_shown_in_the_readers_language(client):
    english = client.post("/en/alerts/", {"email": "not an address"}).content.decode()
    assert "There is a problem" in english and "Select what you want updates about" in english
    welsh = client.post("/cy/rhybuddion/", {"email": "not an address"}).content.decode()
    assert "Mae problem wedi codi" in welsh
    assert not Subscription.objects.exists()


def test_a_tampered_or_expired_confirm_link_is_refused(client, housing):
    subscribe(client, housing)
    confirm = link_in(mail.outbox[0], "confirm")
    tampered = confirm[:-3] + ("A" if confirm[-3] != "A" else "B") + confirm[-2:]
    response = client.post(tampered)
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    welsh = client.get(tampered.replace("/en/alerts/confirm/", "/cy/rhybuddion/cadarnhau/"))
    assert "Nid yw'r ddolen hon yn gweithio" in welsh.content.decode()

    assert Subscription.objects.get(email=READER).confirmed_at is None


def test_a_confirm_link_older_than_7_days_is_refused(client, housing, monkeypatch):
    eight_days_ago = int(time.time()) - 8 * 24 * 60 * 60
    monkeypatch.setattr(
        signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(eight_days_ago)
    )
    subscribe(client, housing)
    monkeypatch.undo()
    response = client.post(link_in(mail.outbox[0], "confirm"))
    assert response.status_code == 400
    assert "more than 7 days old" in response.content.decode()
    assert Subscription.objects.get(email=READER).confirmed_at is None


def test_the_confirm_link_asks_before_it_confirms(client, housing):
    subscribe(client, housing)
    confirm = link_in(mail.outbox[0], "confirm")
    page = client.get(confirm)
    assert page.status_code == 200 and '<form method="post"' in page.content.decode()
    assert Subscription.objects.get(email=READER).confirmed_at is None
    done = client.post(confirm)
    assert "You are subscribed" in done.content.decode()
    assert Subscription.objects.get(email=READER).confirmed_at is not None


def test_a_publish_on_the_sector_sends_one_email_with_the_note_and_unsubscribe(
    client, housing, principle_8, django_capture_on_commit_callbacks
):
    subscribed(client, housing)
    (message,) = publish(
        django_capture_on_commit_callbacks, principle_8, "Added an example for housing officers."
    )
    assert message.to == [READER]
    assert message.subject == "Changes to the corporate parenting guidance"
    assert "Added an example for housing officers." in message.body
    assert principle_8.title in message.body and principle_8.full_url in message.body
    unsubscribe = link_in(message, "unsubscribe")
    assert message.extra_headers["List-Unsubscribe"] == f"<http://testserver{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    asks = client.get(unsubscribe)
    assert asks.status_code == 200 and "Unsubscribe" in asks.content.decode()
    assert Subscription.objects.filter(email=READER).exists()
    assert "You are unsubscribed" in client.post(unsubscribe).content.decode()
    assert not Subscription.objects.filter(email=READER).exists()
    assert publish(django_capture_on_commit_callbacks, principle_8, "Another change.") == []
    # The link keeps working, harmlessly.
    assert client.post(unsubscribe).status_code == 200


def test_one_click_unsubscribe_needs_no_form_token(housing, principle_8, client):
    """A mail program posts to the List-Unsubscribe address (RFC 8058), with no CSRF token."""
    from django.test import Client

    subscribed(client, housing)
    publish_change(principle_8, "A change.")
    assert send_alerts([latest_note()]) == 1
    unsubscribe = link_in(mail.outbox[-1], "unsubscribe")
    mail_program = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    response = mail_program.post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    assert mail_program.post(unsubscribe[:-4] + "xxx/").status_code == 400


def latest_note():
    from cms.models import PageChangeNote

    return PageChangeNote.objects.order_by("-pk").first()


def test_a_publish_unrelated_to_the_topic_or_minor_sends_nothing(
    client, police, principle_8, django_capture_on_commit_callbacks
):
    subscribed(client, police)
    assert publish(django_capture_on_commit_callbacks, principle_8, "Housing only.") == []
    subscribed(client, None, email="code@example.com")
    assert publish(django_capture_on_commit_callbacks, principle_8, "Not the code.") == []


def test_a_minor_change_sends_nothing(
    client, housing, principle_8, django_capture_on_commit_callbacks
):
    subscribed(client, housing)
    assert publish(django_capture_on_commit_callbacks, principle_8, "Typo.", minor=True) == []


def test_unconfirmed_readers_get_nothing(
    client, housing, principle_8, django_capture_on_commit_callbacks
):
    subscribe(client, housing)
    assert publish(django_capture_on_commit_callbacks, principle_8, "A change.") == []


def test_the_code_topic_gets_notes_of_code_pages(
    client, housing, django_capture_on_commit_callbacks
):
    subscribed(client, None)
    paragraph = CodeParagraphPage.objects.filter(locale__language_code="en").first()
    (message,) = publish(django_capture_on_commit_callbacks, paragraph, "Clarified.")
    assert "Clarified." in message.body


def test_a_reader_gets_one_email_per_publish_whatever_it_touches(
    client, housing, principle_8, django_capture_on_commit_callbacks
):
    """Two topics and two notes in one transaction: one email with both notes."""
    from django.db import transaction

    subscribed(client, housing)
    subscribed(client, None)
    paragraph = CodeParagraphPage.objects.filter(locale__language_code="en").first()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            publish_change(principle_8, "Principle changed.")
            publish_change(paragraph, "Paragraph changed.")
    (message,) = mail.outbox
    assert "Principle changed." in message.body and "Paragraph changed." in message.body
    unsubscribe = link_in(message, "unsubscribe")
    client.post(unsubscribe)
    assert not Subscription.objects.exists()


def test_a_welsh_subscriber_gets_welsh_emails_about_welsh_notes(
    client, housing, principle_8, reviewer, django_capture_on_commit_callbacks
):
    welsh_housing = housing.get_translation(Locale.objects.get(language_code="cy"))
    response = subscribe(client, housing, language="cy")
    assert "Gwiriwch eich e-bost" in response.content.decode()
    (confirmation,) = mail.outbox
    assert confirmation.subject == "Cadarnhewch eich rhybuddion e-bost"
    assert welsh_housing.title in confirmation.body
    subscribed(client, housing, email="darllenydd@example.com", language="cy")

    # An English note is not for a Welsh reader.
    assert publish(django_capture_on_commit_callbacks, principle_8, "English only.") == []
    welsh_principle = principle_8.get_translation(Locale.objects.get(language_code="cy"))
    (message,) = publish(
        django_capture_on_commit_callbacks,
        welsh_principle,
        "Ychwanegwyd enghraifft ar gyfer swyddogion tai.",
        user=reviewer,
    )
    assert message.to == ["darllenydd@example.com"]
    assert message.subject == "Newidiadau i'r canllawiau rhianta corfforaethol"
    assert "Ychwanegwyd enghraifft ar gyfer swyddogion tai." in message.body
    assert "Ychwanegwyd enghraifft" in message.body
    assert link_in(message, "dad-danysgrifio").startswith("/cy/rhybuddion/dad-danysgrifio/")


def test_alerts_purge_deletes_old_unconfirmed_requests(client, housing, police):
    subscribe(client, housing, email="old@example.com")
    subscribe(client, police, email="new@example.com")
    subscribed(client, housing, email="kept@example.com")
    eight_days_ago = timezone.now() - datetime.timedelta(days=8)
    Subscription.objects.filter(email__in=["old@example.com", "kept@example.com"]).update(
        created_at=eight_days_ago
    )
    call_command("alerts_purge", "--dry-run", stdout=None)
    assert Subscription.objects.count() == 3
    call_command("alerts_purge")
    assert set(Subscription.objects.values_list("email", flat=True)) == {
        "new@example.com",
        "kept@example.com",
    }


def test_confirmation_emails_are_limited_per_address(client, housing, police):
    for _ in range(5):
        subscribe(client, housing)
    assert len(mail.outbox) == 3


def test_editors_see_counts_but_no_addresses(client, housing):
    subscribed(client, housing)
    subscribe(client, None, email="waiting@example.com")
    admin = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw")
    client.force_login(admin)
    response = client.get("/admin/reports/email-alerts/")
    html = response.content.decode()
    assert response.status_code == 200
    assert housing.title in html and "The code of practice" in html
    assert READER not in html and "waiting@example.com" not in html
    editor = get_user_model().objects.create_user("editor", "editor@example.com", "pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get("/admin/reports/email-alerts/").status_code in (302, 403)
    editor.user_permissions.add(Permission.objects.get(codename="view_subscription"))
    editor = get_user_model().objects.get(pk=editor.pk)  # fresh permission cache
    client.force_login(editor)
    html = client.get("/admin/reports/email-alerts/").content.decode()
    assert housing.title in html and READER not in html
