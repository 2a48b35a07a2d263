"""Versions of the code chapter: the chapter as it stood on a date (before, inside and after each
version's range and on the boundary days), the banner and links between versions, the compare view,
both languages, and the demo chapter, which has no version in force."""

import datetime

from wagtail.models import Locale

import pytest

from code_chapters.models import ChapterVersion, CodeChapterPage
from code_chapters.models.chapters import ChapterStatus
from code_chapters.versions import compare_versions, in_force_on, versions_of

pytestmark = pytest.mark.django_db

D = datetime.date


def paragraphs(*items):
    return [
        ("paragraph", {"key": key, "number": key, "section": "", "kind": kind, "text": text})
        for key, kind, text in items
    ]


@pytest.fixture
def chapter():
    return CodeChapterPage.objects.get(locale__language_code="en")


@pytest.fixture
def versions(chapter):
    first = ChapterVersion.objects.create(
        chapter=chapter,
        locale=chapter.locale,
        status=ChapterStatus.SUPERSEDED,
        in_force_from=D(2020, 1, 1),
        in_force_until=D(2022, 12, 31),
        paragraphs=paragraphs(
            ("1", "explanatory", "<p>The first rule of the old code.</p>"),
            ("2", "requirement", "<p>A local authority must meet every six months.</p>"),
            ("3", "guideline", "<p>A paragraph later removed.</p>"),
        ),
    )
    second = ChapterVersion.objects.create(
        chapter=chapter,
        locale=chapter.locale,
        status=ChapterStatus.IN_FORCE,
        in_force_from=D(2023, 1, 1),
        paragraphs=paragraphs(
            ("1", "explanatory", "<p>The first rule of the old code.</p>"),
            ("2", "requirement", "<p>A local authority must meet every three months.</p>"),
            ("4", "guideline", "<p>A paragraph added in 2023.</p>"),
        ),
    )
    return first, second


@pytest.mark.parametrize(
    "day, expected",
    [
        (D(2019, 12, 31), None),  # before the first version
        (D(2020, 1, 1), 0),  # its first day
        (D(2021, 6, 15), 0),  # inside
        (D(2022, 12, 31), 0),  # its last day
        (D(2023, 1, 1), 1),  # the next version's first day
        (D(2030, 1, 1), 1),  # no end: still in force
    ],
)
def test_the_dated_view_picks_the_version_in_force(chapter, versions, day, expected):
    found = in_force_on(versions_of(chapter), day)
    assert found == (versions[expected] if expected is not None else None)


def test_compare_reports_added_removed_and_changed_paragraphs(versions):
    comparison = compare_versions(*versions)
    assert [item.key for item in comparison.of("added")] == ["4"]
    assert [item.key for item in comparison.of("removed")] == ["3"]
    (changed,) = comparison.of("changed")
    assert changed.key == "2"
    assert "<del>" in changed.words and "six" in changed.words.split("<del>")[1]
    assert "<ins>" in changed.words and "three" in changed.words.split("<ins>")[1]
    assert "removed:" in changed.words and "added:" in changed.words  # not colour alone


def test_an_old_version_says_it_is_not_current_and_links_to_its_neighbours(
    client, chapter, versions
):
    first, second = versions
    html = client.get(chapter.url, {"date": "2021-06-15"}).content.decode()
    assert "The chapter as it stood on 15 June 2021" in html
    assert "This is not the current version." in html
    assert f'href="?version={second.pk}" rel="next"' in html
    assert "A local authority must meet every six months." in html
    assert 'id="para-2"' in html  # anchors are the same in every version
    current = client.get(chapter.url, {"date": "2023-01-01"}).content.decode()
    assert "This is not the current version." not in current
    assert f'href="?version={first.pk}" rel="prev"' in current


def test_a_date_with_no_version_in_force_says_so_and_links_to_what_exists(client, chapter):
    html = client.get(chapter.url, {"date": "2019-01-01"}).content.decode()
    assert "No version of this chapter was in force on 1 January 2019." in html
    assert f'href="{chapter.url}"' in html and "Consultation draft" in html


def test_the_compare_view_lists_changes_by_paragraph_number(client, chapter, versions):
    first, second = versions
    html = client.get(chapter.url, {"compare": f"{first.pk},{second.pk}"}).content.decode()
    assert "Changes from the version of 1 January 2020 to the version of 1 January 2023" in html
    assert "3 paragraphs changed." in html
    assert 'id="change-4"' in html and 'id="change-3"' in html and 'id="change-2"' in html
    assert client.get(chapter.url, {"compare": f"{first.pk},999999"}).status_code == 404


@pytest.mark.parametrize("params", [{"date": "2021-13-01"}, {"date": "nope"}, {"version": "x"}])
def test_bad_dates_and_versions_are_404_in_the_readers_language(client, chapter, params):
    welsh = chapter.get_translation(Locale.objects.get(language_code="cy"))
    response = client.get(welsh.url, params)
    assert response.status_code == 404
    assert '<html lang="cy"' in response.content.decode()


def test_welsh_versions_are_tied_to_the_english_and_work_in_welsh(client, chapter, versions):
    first, second = versions
    welsh_locale = Locale.objects.get(language_code="cy")
    welsh_chapter = chapter.get_translation(welsh_locale)
    for version, text in ((first, "bob chwe mis"), (second, "bob tri mis")):
        welsh = version.copy_for_translation(welsh_locale)
        welsh.paragraphs = paragraphs(("2", "requirement", f"<p>Rhaid cyfarfod {text}.</p>"))
        welsh.save()
    welsh_first, welsh_second = versions_of(welsh_chapter)
    assert welsh_first.translation_key == first.translation_key
    html = client.get(welsh_chapter.url, {"date": "2021-06-15"}).content.decode()
    assert "Rhaid cyfarfod bob chwe mis." in html
    assert "Nid hon yw'r fersiwn bresennol." in html
    compared = client.get(
        welsh_chapter.url, {"compare": f"{welsh_first.pk},{welsh_second.pk}"}
    ).content.decode()
    assert "<del>" in compared and "chwe" in compared
