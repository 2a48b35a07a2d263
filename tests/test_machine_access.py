"""Machine access: the sitemap with its hreflang alternates, robots.txt, and the read-only
Wagtail API v2 at /api/v2/ with the principles, sectors and paragraphs and their links."""

from xml.etree import ElementTree

from django.utils import translation

from wagtail.models import Locale, Page, PageViewRestriction

import pytest

from code_chapters.legislation import cite
from code_chapters.models import CodeOfPracticePage, CodeParagraphPage
from toolkit.models import PrinciplePage, SectorIndexPage, SectorPage

pytestmark = pytest.mark.django_db

SITEMAP_NAMESPACES = {
    "sitemap": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
BASE = "http://localhost"


@pytest.fixture
def welsh():
    return Locale.objects.get(language_code="cy")


@pytest.fixture
def housing(welsh):
    """The housing sector page in English and in Welsh."""
    english = SectorPage.objects.get(locale__language_code="en", slug="housing-services")
    return english, english.get_translation(welsh)


def sitemap(client):
    """The sitemap's entries: {address: {"lastmod": ..., "alternates": {hreflang: address}}}."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return {
        url.findtext("sitemap:loc", namespaces=SITEMAP_NAMESPACES): {
            "lastmod": url.findtext("sitemap:lastmod", namespaces=SITEMAP_NAMESPACES),
            "alternates": {
                link.get("hreflang"): link.get("href")
                for link in url.findall("xhtml:link", SITEMAP_NAMESPACES)
                if link.get("rel") == "alternate"
            },
        }
        for url in root.findall("sitemap:url", SITEMAP_NAMESPACES)
    }


def api(client, path, **params):
    response = client.get(f"/api/v2/pages/{path}", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def api_ids(client, **params):
    return {item["id"] for item in api(client, "", limit=20, **params)["items"]}


# The sitemap


def test_sitemap_lists_both_languages_with_alternates_pointing_at_each_other(client, housing):
    english, welsh = housing
    entries = sitemap(client)

    english_url, welsh_url = BASE + english.url, BASE + welsh.url
    assert welsh_url == f"{BASE}/cy/pecyn-cymorth/sectorau/gwasanaethau-tai/"
    expected = {"en": english_url, "cy": welsh_url, "x-default": english_url}
    assert entries[english_url]["alternates"] == expected
    assert entries[welsh_url]["alternates"] == expected
    assert entries[english_url]["lastmod"] == english.last_published_at.strftime("%Y-%m-%d")
    # Every live page of both languages, from each language's home page down.
    live = Page.objects.live().public().filter(depth__gte=2)
    assert {BASE + page.url for page in live} == entries.keys()
    assert {f"{BASE}/en/", f"{BASE}/cy/"} <= entries.keys()


def test_an_unpublished_page_leaves_the_sitemap_and_its_twins_alternates(client, housing):
    english, welsh = housing
    welsh.unpublish()
    entries = sitemap(client)

    assert BASE + welsh.url not in entries
    assert entries[BASE + english.url]["alternates"] == {
        "en": BASE + english.url,
        "x-default": BASE + english.url,
    }


def test_pages_behind_a_view_restriction_are_not_in_the_sitemap(client, housing):
    english, _ = housing
    index = english.get_parent()
    PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.PASSWORD, password="not-public"
    )
    entries = sitemap(client)

    assert BASE + index.url not in entries
    assert BASE + english.url not in entries
    assert BASE + english.get_parent().get_parent().url in entries  # the toolkit page


# robots.txt


def test_robots_txt_allows_the_site_names_the_sitemap_and_does_not_reveal_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    # The admin's address is configurable (WAGTAIL_ADMIN_PATH) so that it need not be public;
    # its pages tell crawlers "noindex" themselves.
    assert not any("admin" in line for line in lines)
    assert "Disallow: /" not in lines
    assert f"Sitemap: {BASE}/sitemap.xml" in lines


# The API


def test_api_lists_the_eleven_welsh_principles_with_their_fields(client, welsh):
    data = api(
        client,
        "",
        type="toolkit.PrinciplePage",
        locale="cy",
        fields="number,short_name,statement,explanation,sectors",
        order="number",
    )

    assert data["meta"]["total_count"] == 11
    principles = data["items"]
    assert [item["number"] for item in principles] == list(range(1, 12))
    assert {item["meta"]["locale"] for item in principles} == {"cy"}
    stable_home = PrinciplePage.objects.get(locale=welsh, number=8)
    item = principles[7]
    assert item["id"] == stable_home.pk
    assert item["title"] == stable_home.title
    assert item["statement"] == stable_home.statement
    assert item["explanation"] == stable_home.explanation
    assert item["meta"]["html_url"] == BASE + stable_home.url
    # The sectors it applies to, in Welsh.
    housing = SectorPage.objects.get(locale=welsh, slug="gwasanaethau-tai")
    assert housing.pk in [sector["id"] for sector in item["sectors"]]
    assert {sector["meta"]["locale"] for sector in item["sectors"]} == {"cy"}


def test_api_sector_detail_shows_its_principles_and_translations(client, housing):
    english, welsh = housing
    data = api(client, f"{welsh.pk}/")

    assert data["meta"]["type"] == "toolkit.SectorPage"
    assert data["meta"]["locale"] == "cy"
    assert [principle["number"] for principle in data["principles"]] == [1, 2, 4, 8, 10]
    for principle in data["principles"]:
        page = PrinciplePage.objects.get(pk=principle["id"])
        assert page.locale.language_code == "cy"
        assert principle["meta"]["html_url"] == BASE + page.url
        assert principle["meta"]["detail_url"] == f"{BASE}/api/v2/pages/{page.pk}/"
    assert [block["type"] for block in data["corporate_parents"]] == ["role"] * len(
        welsh.corporate_parents
    )
    assert len(data["actions"]) == len(welsh.actions)
    assert {"intro", "aims", "code_paragraphs", "resources", "source"} <= data.keys()
    # Its English version, and back.
    assert [(link["id"], link["meta"]["locale"]) for link in data["meta"]["translations"]] == [
        (english.pk, "en")
    ]
    assert data["meta"]["translations"][0]["meta"]["html_url"] == BASE + english.url
    english_data = api(client, f"{english.pk}/")
    assert [link["id"] for link in english_data["meta"]["translations"]] == [welsh.pk]


def test_api_paragraph_detail_shows_its_kind_references_and_links(client, welsh):
    english = CodeParagraphPage.objects.get(locale__language_code="en", paragraph_key="2")
    paragraph = english.get_translation(welsh)
    data = api(client, f"{paragraph.pk}/")

    assert data["kind"] == "requirement"
    assert data["number"] == "2"
    assert data["text"] == paragraph.text
    with translation.override("cy"):
        welsh_citation = cite("sswba-2014", "78")
    assert [reference["value"]["citation"] for reference in data["legal_references"]] == [
        welsh_citation
    ]
    assert data["legal_references"][0]["value"]["instrument"] == "sswba-2014"
    assert data["legal_references"][0]["value"]["url"].startswith("https://")
    assert [principle["number"] for principle in data["principles"]] == [1, 6]
    assert {principle["meta"]["locale"] for principle in data["principles"]} == {"cy"}
    social_services = SectorPage.objects.get(
        locale__language_code="en", slug="social-services"
    ).get_translation(welsh)
    assert [sector["id"] for sector in data["sectors"]] == [social_services.pk]
    # The English paragraph cites in English.
    english_data = api(client, f"{english.pk}/", fields="legal_references")
    assert english_data["legal_references"][0]["value"]["citation"] == (
        "Social Services and Well-being (Wales) Act 2014, s. 78"
    )


def test_api_gives_citations_in_the_pages_language(client, welsh):
    code = CodeOfPracticePage.objects.get(locale=welsh)
    with translation.override("cy"):
        expected = code.issued_under
    assert expected != code.get_translation(Locale.get_default()).issued_under
    assert api(client, f"{code.pk}/", fields="issued_under")["issued_under"] == expected


def test_api_shows_every_page_type_with_its_fields(client):
    shown = {}
    for page in Page.objects.live().filter(depth__gte=2).order_by("path"):
        if page.specific_class not in shown:
            shown[page.specific_class] = api(client, f"{page.pk}/")
    assert len(shown) == 14
    for model, data in shown.items():
        fields = {field if isinstance(field, str) else field.name for field in model.api_fields}
        assert fields <= data.keys(), model


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_is_read_only(client, housing, method):
    english, _ = housing
    for path in ["/api/v2/pages/", f"/api/v2/pages/{english.pk}/"]:
        response = getattr(client, method)(path, data={}, content_type="application/json")
        assert response.status_code == 405, (method, path)
    assert SectorPage.objects.filter(pk=english.pk, live=True).exists()


def test_drafts_and_unpublished_pages_are_not_in_the_api(client, housing):
    english, welsh = housing
    index = SectorIndexPage.objects.get(locale__language_code="en")
    draft = SectorPage(title="Draft sector", slug="draft-sector", live=False, aims_intro="x")
    index.add_child(instance=draft)
    draft.save_revision()
    welsh.unpublish()

    sectors = api_ids(client, type="toolkit.SectorPage")
    assert english.pk in sectors
    assert draft.pk not in sectors
    assert welsh.pk not in sectors
    for page in (draft, welsh):
        # follow: see test_api_answers_a_page_it_does_not_show_with_a_json_404
        response = client.get(f"/api/v2/pages/{page.pk}/", follow=True)
        assert response.status_code == 404
        assert page.title.encode() not in response.content
    # Nor is the unpublished Welsh page named as a translation.
    assert api(client, f"{english.pk}/")["meta"]["translations"] == []


def test_pages_behind_a_view_restriction_are_not_in_the_api(client, housing):
    english, _ = housing
    PageViewRestriction.objects.create(
        page=english, restriction_type=PageViewRestriction.PASSWORD, password="not-public"
    )
    response = client.get(f"/api/v2/pages/{english.pk}/", follow=True)
    assert response.status_code == 404
    assert english.pk not in api_ids(client, type="toolkit.SectorPage")
    stable_home = PrinciplePage.objects.get(locale__language_code="en", number=8)
    sectors = api(client, f"{stable_home.pk}/")["sectors"]
    assert english.pk not in [sector["id"] for sector in sectors]


def test_api_answers_a_page_it_does_not_show_with_a_json_404(client, housing):
    _, welsh = housing
    welsh.unpublish()
    response = client.get(f"/api/v2/pages/{welsh.pk}/")
    assert response.status_code == 404
    assert response.json() == {"message": "No Page matches the given query."}
