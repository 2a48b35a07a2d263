"""Every page in Welsh, made through wagtail-localize from the committed PO files; interface
strings in Welsh; translation status, agency files and the review flag."""

import json
import re
import shutil
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

from wagtail.models import Locale, Page

import polib
import pytest

from cms.models import SourceDocument, TranslationReview
from cms.review import review_status
from cms.translation_status import all_states

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "content" / "translations" / "cy"
UI_CATALOGUE = ROOT / "locale" / "cy" / "LC_MESSAGES" / "django.po"

pytestmark = pytest.mark.django_db


@pytest.fixture
def welsh():
    return Locale.objects.get(language_code="cy")


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("aria-label", "title", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def test_every_page_and_snippet_exists_in_welsh(welsh):
    english = Page.objects.live().filter(depth__gt=1, locale__language_code="en")
    cy = Page.objects.live().filter(depth__gt=1, locale=welsh)
    assert english.count() == cy.count() == 55
    assert SourceDocument.objects.filter(locale=welsh).count() == 5
    for page in english:
        assert page.get_translation_or_none(welsh) is not None, page.url_path


def test_welsh_pages_have_welsh_slugs(welsh):
    slugs = set(Page.objects.filter(locale=welsh, depth__gt=2).values_list("slug", flat=True))
    assert {
        "pecyn-cymorth",
        "gwasanaethau-tai",
        "cartref-sefydlog",
        "rhianta-corfforaethol",
    } <= slugs


def test_the_committed_files_match_the_freshly_loaded_site(welsh):
    """Every translation is complete and in date: the files' keys and block ids still match."""
    for _instance, state in all_states(welsh):
        assert state.exists, state.path
        assert state.percent == 100, state.path
        assert not state.out_of_date, (state.path, state.changed_segments)


def test_demo_translations_are_marked_not_yet_reviewed(welsh, client):
    for _instance, state in all_states(welsh):
        assert state.review == TranslationReview.Status.READY_FOR_REVIEW, state.path
    html = client.get("/cy/pecyn-cymorth/").content.decode()
    assert "Nid yw cyfieithydd Llywodraeth Cymru wedi adolygu'r cyfieithiad hwn eto." in html


def test_a_reviewed_translation_shows_no_notice_until_the_english_changes(welsh, client):
    from cms.review import mark_reviewed
    from toolkit.models import ToolkitPage

    toolkit = ToolkitPage.objects.get(locale__language_code="en")
    mark_reviewed(toolkit, welsh, user=None)
    notice = "Nid yw cyfieithydd Llywodraeth Cymru wedi adolygu"
    assert notice not in client.get("/cy/pecyn-cymorth/").content.decode()
    toolkit.summary = "A changed summary."
    toolkit.save_revision().publish()
    assert review_status(toolkit, welsh) == TranslationReview.Status.IN_PROGRESS
    assert notice in client.get("/cy/pecyn-cymorth/").content.decode()


def test_the_interface_catalogue_is_complete():
    catalogue = polib.pofile(str(UI_CATALOGUE))
    assert catalogue.percent_translated() == 100
    assert not catalogue.fuzzy_entries()


def english_interface_strings():
    catalogue = polib.pofile(str(UI_CATALOGUE))
    return [
        entry.msgid
        for entry in catalogue
        if entry.msgstr
        and entry.msgstr != entry.msgid
        and len(entry.msgid) > 3
        and "%(" not in entry.msgid
        and any("templates" in occurrence for occurrence, _ in entry.occurrences)
    ]


def test_no_welsh_page_shows_an_interface_string_left_in_english(client, welsh):
    strings = english_interface_strings()
    assert "Skip to main content" in strings
    for page in Page.objects.live().filter(depth__gt=1, locale=welsh):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert '<html lang="cy"' in html
        text = visible_text(html)
        left = [s for s in strings if re.search(rf"(?<![\w']){re.escape(s)}(?![\w'])", text)]
        assert not left, f"{page.url}: {left}"


def test_welsh_404_under_cy(client):
    response = client.get("/cy/dim-tudalen-o-gwbl/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="cy"' in html
    assert "Heb ddod o hyd i'r dudalen" in html


def test_a_translation_file_that_matches_nothing_is_an_error(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    bad = content / "translations" / "cy" / "page--home.po"
    text = bad.read_text()
    key = re.search(r"X-Translation-Key: ([0-9a-f-]+)", text).group(1)
    bad.write_text(text.replace(key, "00000000-0000-5000-8000-000000000000"))
    with pytest.raises(CommandError, match="page--home.po, line 1: matches nothing on this site"):
        call_command("load_content", content_dir=content, verbosity=0)


def test_translation_status_command_prints_a_table_and_json(welsh):
    out = StringIO()
    call_command("translation_status", stdout=out)
    assert "60 object(s)." in out.getvalue()
    out = StringIO()
    call_command("translation_status", "--json", "--status", "ready_for_review", stdout=out)
    rows = json.loads(out.getvalue())
    assert len(rows) == 60
    assert all(row["percent"] == 100 and not row["out_of_date"] for row in rows)


def test_round_trip_change_export_translate_import_review_publish(tmp_path, welsh, client):
    """English changes -> Welsh flagged out of date -> export PO -> translate -> import ->
    review -> publish -> both live, no text lost, glossary respected."""
    from cms.review import mark_reviewed
    from cms.translation_status import translation_state
    from toolkit.models import PrinciplePage

    principle = PrinciplePage.objects.get(number=11, locale__language_code="en")
    principle.statement = "By working with each personal adviser to raise awareness of support."
    principle.save_revision().publish()

    state = translation_state(principle, welsh)
    assert state.out_of_date and state.changed_segments == ["statement"]
    out = StringIO()
    call_command("translation_status", "--status", "out_of_date", stdout=out)
    assert "/principles/lifelong/" in out.getvalue()

    call_command("export_translations", str(tmp_path), "--outdated", stdout=StringIO())
    files = list(tmp_path.glob("*.po"))
    assert [path.name for path in files] == ["page--toolkit--principles--lifelong.po"]
    po = polib.pofile(str(files[0]))
    for entry in po:
        if entry.msgctxt == "statement" and not entry.obsolete:
            assert entry.msgid == principle.statement
            entry.msgstr = (
                "Drwy weithio gyda phob cynghorydd personol i godi ymwybyddiaeth o gymorth."
            )
    po.save(str(files[0]))

    call_command("import_translations", str(files[0]), stdout=StringIO())
    welsh_page = principle.get_translation(welsh)
    assert welsh_page.has_unpublished_changes  # a draft: review comes before publishing
    assert "cynghorydd personol i godi" not in client.get(welsh_page.url).content.decode()
    assert review_status(principle, welsh) == TranslationReview.Status.READY_FOR_REVIEW
    state = translation_state(principle, welsh, [("personal adviser", "cynghorydd personol")])
    assert not state.out_of_date and state.percent == 100 and state.glossary == []

    mark_reviewed(principle, welsh, user=None)
    welsh_page.get_latest_revision().publish()
    welsh_page.refresh_from_db()
    principle.refresh_from_db()
    assert principle.live and welsh_page.live
    assert welsh_page.statement.startswith("Drwy weithio gyda phob cynghorydd personol")
    assert welsh_page.title == "Egwyddor 11: gydol oes"  # untouched segments kept
    assert review_status(principle, welsh) == TranslationReview.Status.REVIEWED


def test_import_reports_stale_entries_and_applies_the_rest(tmp_path, welsh):
    from toolkit.models import PrinciplePage

    call_command("export_translations", str(tmp_path), stdout=StringIO())
    path = tmp_path / "page--toolkit--principles--lifelong.po"
    principle = PrinciplePage.objects.get(number=11, locale__language_code="en")
    principle.statement = "A new English statement."
    principle.save_revision().publish()
    out = StringIO()
    call_command("import_translations", str(path), stdout=out)
    assert "stale, skipped" not in out.getvalue() or "statement" in out.getvalue()


def test_a_broken_file_changes_nothing_and_names_the_line(tmp_path, welsh):
    from wagtail_localize.models import StringTranslation

    call_command("export_translations", str(tmp_path), stdout=StringIO())
    good = tmp_path / "page--toolkit--principles--lifelong.po"
    broken = tmp_path / "page--toolkit--sectors--housing-services.po"
    text = good.read_text().replace('msgstr "Egwyddor 11: gydol oes"', 'msgstr "Newydd"', 1)
    good.write_text(text)
    broken.write_text(broken.read_text().replace('msgctxt "title"', "garbage here", 1))
    before = StringTranslation.objects.count(), list(StringTranslation.objects.values_list("data"))
    with pytest.raises(CommandError, match=r"housing-services.po.*line \d+"):
        call_command("import_translations", str(good), str(broken), stdout=StringIO())
    after = StringTranslation.objects.count(), list(StringTranslation.objects.values_list("data"))
    assert before == after


def test_glossary_is_seeded_and_a_missing_term_is_flagged(welsh):
    from wagtail_localize.models import StringTranslation

    from cms.models import GlossaryTerm
    from cms.translation_status import glossary_terms, translation_state
    from code_chapters.models import CodeParagraphPage

    assert GlossaryTerm.objects.filter(english="personal adviser").exists()
    paragraph = CodeParagraphPage.objects.get(paragraph_key="14", locale__language_code="en")
    assert translation_state(paragraph, welsh, glossary_terms()).glossary == []
    translation = StringTranslation.objects.get(
        context__object_id=paragraph.translation_key, context__path="text", locale=welsh
    )
    assert "cynghorwyr personol" in translation.data
    translation.data = translation.data.replace("cynghorwyr personol", "ymgynghorwyr")
    translation.save()
    problems = translation_state(paragraph, welsh, glossary_terms()).glossary
    assert problems == [
        "text: “personal adviser” needs “cynghorydd personol / cynghorwyr personol”"
    ]


def test_500_page_in_the_language_of_the_address(rf):
    from cms.views import server_error

    welsh = server_error(rf.get("/cy/pecyn-cymorth/")).content.decode()
    english = server_error(rf.get("/en/toolkit/")).content.decode()
    assert '<html lang="cy"' in welsh and "problem gyda’r gwasanaeth" in welsh
    assert '<html lang="en"' in english and "problem with the service" in english
