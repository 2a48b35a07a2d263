"""The search index moves in step with publishing, on every backend: what a reader finds after a
publish, unpublish, delete or Welsh translation publish is the site as it now is."""

from io import StringIO

from django.core.management import call_command

from wagtail.models import Locale

import polib
import pytest

from search.querying import run_search
from toolkit.models import PrinciplePage

pytestmark = pytest.mark.django_db


def found(query, language):
    locale = Locale.objects.get(language_code=language)
    return [page.pk for page in run_search(query, locale).results]


def principle(number, language="en"):
    return PrinciplePage.objects.get(number=number, locale__language_code=language)


def test_a_published_change_is_found_and_the_old_words_are_not():
    page = principle(8)
    assert page.pk not in found("wombat", "en")
    page.title = "A stable wombat"
    page.save_revision().publish()
    assert found("wombat", "en") == [page.pk]


def test_a_draft_is_not_found_until_it_is_published():
    page = principle(8)
    page.title = "A stable wombat"
    page.save_revision()
    assert page.pk not in found("wombat", "en")


def test_an_unpublished_page_leaves_and_a_republished_one_returns():
    page = principle(8)
    page.unpublish()
    assert page.pk not in found("stable home", "en")
    page.get_latest_revision().publish()
    assert found("stable home", "en")[0] == page.pk


def test_a_deleted_page_leaves_the_results():
    page = principle(8)
    pk = page.pk
    page.delete()
    assert pk not in found("stable home", "en")


def test_a_published_welsh_translation_is_found_in_welsh_only(tmp_path):
    from cms.review import mark_reviewed

    page = principle(8)
    welsh = Locale.objects.get(language_code="cy")
    page.statement = page.statement + " Wombats welcome."
    page.save_revision().publish()
    call_command("export_translations", str(tmp_path), "--outdated", stdout=StringIO())
    (path,) = tmp_path.glob("*.po")
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgctxt == "statement" and not entry.obsolete:
            entry.msgstr = "Croeso i'r gwlanogod."
    po.save(str(path))
    call_command("import_translations", str(path), stdout=StringIO())
    welsh_page = page.get_translation(welsh)
    assert welsh_page.pk not in found("gwlanogod", "cy")  # a draft until reviewed and published

    mark_reviewed(page, welsh, user=None)
    welsh_page.get_latest_revision().publish()
    assert found("gwlanogod", "cy") == [welsh_page.pk]
    assert found("gwlanogod", "en") == []
