"""The admin's translation status view, its bulk sync, and the messages beside the translation
editor."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from wagtail.models import Locale
from wagtail_localize.models import StringTranslation

import pytest

from code_chapters.models import CodeParagraphPage
from toolkit.models import PrinciplePage

pytestmark = pytest.mark.django_db


def staff(group_name):
    user = get_user_model().objects.create_user(
        group_name.lower().replace(" ", "-"), "x@example.com", "pw"
    )
    user.groups.add(Group.objects.get(name=group_name))
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def test_translators_see_every_translation_and_can_filter():
    client = staff("Translators")
    html = client.get("/admin/translation-status/").content.decode()
    assert "60 pages and snippets in" in html
    assert html.count('href="/admin/pages/') >= 55
    filtered = client.get("/admin/translation-status/?status=reviewed").content.decode()
    assert "Nothing matches this filter." in filtered


def test_readers_and_unrelated_staff_cannot_see_it():
    assert Client(HTTP_HOST="localhost").get("/admin/translation-status/").status_code == 302
    other = get_user_model().objects.create_user("other", "o@example.com", "pw")
    client = Client(HTTP_HOST="localhost")
    client.force_login(other)
    assert client.get("/admin/translation-status/").status_code != 200


def test_out_of_date_translations_are_listed_and_synced_in_bulk():
    principle = PrinciplePage.objects.get(number=2, locale__language_code="en")
    principle.statement = "A new statement."
    principle.save_revision().publish()
    client = staff("Translators")
    html = client.get("/admin/translation-status/?status=out_of_date").content.decode()
    assert "Principle 2: eradicate stigma" in html and "1 changed segment" in html
    client.post("/admin/translation-status/?status=out_of_date")
    html = client.get("/admin/translation-status/?status=out_of_date").content.decode()
    assert "Nothing matches this filter." in html


def test_glossary_problems_show_beside_the_translation_editor():
    welsh = Locale.objects.get(language_code="cy")
    paragraph = CodeParagraphPage.objects.get(paragraph_key="14", locale__language_code="en")
    translation = StringTranslation.objects.get(
        context__object_id=paragraph.translation_key, context__path="text", locale=welsh
    )
    translation.data = translation.data.replace("cynghorwyr personol", "ymgynghorwyr")
    translation.save()
    client = staff("Translators")
    html = client.get(f"/admin/pages/{paragraph.get_translation(welsh).pk}/edit/").content.decode()
    assert "Glossary: text: “personal adviser” needs" in html
