"""The public change history: change notes recorded on publish, listed on each page newest
first (minor changes hidden) in both languages, the updates page with its sector filter and its
Atom feed; redirects kept when a page's address changes; scheduled publishing and expiry."""

import datetime
import xml.etree.ElementTree as ET

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale

import pytest

from cms.models import PageChangeNote
from home.models import HomePage, InformationPage
from toolkit.models import PrinciplePage, SectorPage

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def publish_change(page, note="", minor=False, user=None, **changes):
    page = page.specific
    for field, value in changes.items():
        setattr(page, field, value)
    page.change_note = note
    page.minor_change = minor
    page.save_revision(user=user).publish(user=user)
    page.refresh_from_db()
    return page


@pytest.fixture
def reviewer():
    """Welsh is published by a Welsh reviewer (cms.publishing)."""
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("reviewer", "reviewer@example.com", "pw")
    user.groups.add(Group.objects.get(name="Welsh reviewers"))
    return user


@pytest.fixture
def stable_home():
    english = PrinciplePage.objects.get(number=8, locale__language_code="en")
    return english, english.get_translation(Locale.objects.get(language_code="cy"))


def notes_shown(client, page):
    html = client.get(page.url).content.decode()
    if 'id="updates"' not in html:
        return []
    history = html.split('id="updates"')[1].split("</details>")[0]
    return [item.split("</time> – ")[1].split("</li>")[0] for item in history.split("<li>")[1:]]


def test_change_notes_are_listed_newest_first_and_minor_changes_are_hidden(client, stable_home):
    english, _ = stable_home
    english = publish_change(english, "Added an example for housing officers.")
    english = publish_change(english, "Corrected a typo.", minor=True)
    english = publish_change(english, "Reworded the statement after consultation.")
    assert notes_shown(client, english) == [
        "Reworded the statement after consultation.",
        "Added an example for housing officers.",
    ]
    html = client.get(english.url).content.decode()
    assert "See all updates (2)" in html and "Last updated:" in html


def test_republishing_with_the_same_note_adds_nothing(stable_home):
    english, _ = stable_home
    english = publish_change(english, "Added an example.")
    publish_change(english, "Added an example.")
    assert PageChangeNote.objects.filter(page=english).count() == 1


def test_each_language_lists_its_own_notes(client, stable_home, reviewer):
    english, welsh = stable_home
    publish_change(english, "Added an example for housing officers.")
    welsh = publish_change(welsh, "Ychwanegwyd enghraifft ar gyfer swyddogion tai.", user=reviewer)
    assert notes_shown(client, welsh) == ["Ychwanegwyd enghraifft ar gyfer swyddogion tai."]
    html = client.get(welsh.url).content.decode()
    assert "Gweld pob diweddariad (1)" in html
    assert "Added an example" not in html


def test_publishing_a_significant_change_asks_for_a_change_note():
    page = HomePage.objects.get(locale__language_code="en")
    admin = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw")
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    form = {
        "title": page.title,
        "slug": page.slug,
        "introduction": page.introduction + " (changed)",
        "action-submit": "Submit",
    }
    refused = client.post(f"/admin/pages/{page.pk}/edit/", {**form, "change_note": ""})
    assert refused.status_code == 200
    assert "Describe the change for readers, or mark it as a minor change." in (
        refused.content.decode()
    )
    minor = client.post(f"/admin/pages/{page.pk}/edit/", {**form, "minor_change": "on"})
    assert minor.status_code == 302


def test_the_updates_page_lists_notes_and_filters_by_sector(client, stable_home):
    english, _ = stable_home
    publish_change(english, "Reworded the statement.")
    housing = SectorPage.objects.get(slug="housing-services", locale__language_code="en")
    police = SectorPage.objects.get(slug="police-and-criminal-justice", locale__language_code="en")
    assert "Reworded the statement." in client.get("/en/updates/").content.decode()
    # Principle 8 applies to housing (toolkit.yaml) but not to the police.
    assert (
        "Reworded the statement."
        in client.get("/en/updates/", {"sector": housing.pk}).content.decode()
    )
    assert (
        "Reworded the statement."
        not in client.get("/en/updates/", {"sector": police.pk}).content.decode()
    )
    assert client.get("/en/updates/", {"sector": "nope"}).status_code == 404
    assert client.get("/cy/diweddariadau/").status_code == 200


def test_the_feed_is_atom_newest_first_and_announced_on_every_page(client, stable_home, reviewer):
    english, welsh = stable_home
    publish_change(english, "First note.")
    publish_change(english, "Second note.")
    publish_change(welsh, "Nodyn cyntaf.", user=reviewer)
    response = client.get("/en/updates/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    # RFC 4287: a feed has an id, a title and an updated date; so has each entry, with a link.
    for element in (feed, *feed.findall(f"{ATOM}entry")):
        for required in ("id", "title", "updated"):
            assert element.find(f"{ATOM}{required}") is not None, required
            assert element.find(f"{ATOM}{required}").text
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}summary").text for entry in entries][:2] == [
        "Second note.",
        "First note.",
    ]
    assert all(entry.find(f"{ATOM}link").get("href") for entry in entries)
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    welsh_feed = ET.fromstring(client.get("/cy/diweddariadau/ffrwd/").content)
    summaries = [entry.find(f"{ATOM}summary").text for entry in welsh_feed.iter(f"{ATOM}entry")]
    assert summaries == ["Nodyn cyntaf."]
    html = client.get(english.url).content.decode()
    assert 'rel="alternate" type="application/atom+xml" href="/en/updates/feed/"' in html


def test_a_page_whose_address_changes_keeps_its_old_address_in_both_languages(
    client, stable_home, reviewer, django_capture_on_commit_callbacks
):
    english, welsh = stable_home
    old_english, old_welsh = english.url, welsh.url
    # Wagtail creates the redirects once the change is committed.
    with django_capture_on_commit_callbacks(execute=True):
        english = publish_change(english, "New address.", slug="stable-home")
    with django_capture_on_commit_callbacks(execute=True):
        welsh = publish_change(
            welsh, "Cyfeiriad newydd.", slug="cartref-sefydlog-newydd", user=reviewer
        )
    assert english.url != old_english and welsh.url != old_welsh
    assert Redirect.objects.filter(redirect_page=english).exists()
    for old, new in ((old_english, english.url), (old_welsh, welsh.url)):
        response = client.get(old)
        assert response.status_code in (301, 302), old
        assert response["Location"].endswith(new)


def test_scheduled_publishing_goes_live_and_expires():
    page = InformationPage.objects.get(slug="cookies", locale__language_code="en")
    page.title = "Cookies (scheduled)"
    page.change_note = "Scheduled update."
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.save()
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.title == "Cookies (scheduled)" and page.live
    assert PageChangeNote.objects.filter(page=page, note="Scheduled update.").exists()

    page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save()
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live and page.expired


def test_editors_see_what_was_published_when_by_whom_with_its_note(stable_home):
    english, _ = stable_home
    approver = get_user_model().objects.create_superuser("approver", "a@example.com", "pw")
    english = publish_change(english, "Reworded the statement.", user=approver)
    client = Client(HTTP_HOST="localhost")
    client.force_login(approver)
    html = client.get("/admin/reports/publications/").content.decode()
    assert "Reworded the statement." in html and english.title in html
    housing = SectorPage.objects.get(slug="housing-services", locale__language_code="en")
    police = SectorPage.objects.get(slug="police-and-criminal-justice", locale__language_code="en")
    by_sector = "/admin/reports/publications/?sector={}"
    assert "Reworded the statement." in client.get(by_sector.format(housing.pk)).content.decode()
    assert "Reworded the statement." not in client.get(by_sector.format(police.pk)).content.decode()
    today = timezone.now().date()
    future = f"?timestamp_from={today + datetime.timedelta(days=1)}"
    assert (
        "Reworded the statement."
        not in client.get("/admin/reports/publications/" + future).content.decode()
    )
    assert Client(HTTP_HOST="localhost").get("/admin/reports/publications/").status_code == 302
