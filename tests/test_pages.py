"""Every page type renders for an anonymous reader as accessible, attributed HTML; drafts and the
admin are not visible to them."""

import re
from html.parser import HTMLParser

from wagtail.models import Page

import pytest

pytestmark = pytest.mark.django_db

PAGE_TYPES = [
    "home.HomePage",
    "home.InformationPage",
    "toolkit.ToolkitPage",
    "toolkit.PrincipleIndexPage",
    "toolkit.PrinciplePage",
    "toolkit.SectorIndexPage",
    "toolkit.SectorPage",
    "toolkit.ResourceIndexPage",
    "toolkit.ResourcePage",
    "code_chapters.CodeOfPracticePage",
    "code_chapters.CodeChapterPage",
    "code_chapters.CodeSectionPage",
    "code_chapters.CodeParagraphPage",
    "code_chapters.ConsultationPage",
]


class Outline(HTMLParser):
    """Collects what the accessibility checks need: html lang, headings in order, ids, links."""

    def __init__(self):
        super().__init__()
        self.lang = None
        self.headings = []
        self.ids = []
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])


def outline(html):
    parser = Outline()
    parser.feed(html)
    return parser


def one_page_of_each_type():
    from django.apps import apps

    pages = []
    for label in PAGE_TYPES:
        model = apps.get_model(label)
        page = model.objects.live().filter(locale__language_code="en").first()
        assert page is not None, f"the demo content has no {label}"
        pages.append(page)
    return pages


def test_the_demo_content_has_every_page_type():
    assert len(one_page_of_each_type()) == len(PAGE_TYPES)


@pytest.mark.parametrize("label", PAGE_TYPES)
def test_every_page_type_renders_accessible_html_for_anonymous_readers(client, label):
    from django.apps import apps

    page = apps.get_model(label).objects.live().filter(locale__language_code="en").first()
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    parsed = outline(html)
    assert parsed.lang == "en"
    assert parsed.headings.count(1) == 1, "exactly one h1"
    assert parsed.headings[0] == 1, "the h1 comes first"
    for previous, current in zip(parsed.headings, parsed.headings[1:], strict=False):
        assert current <= previous + 1, f"heading level skipped: h{previous} then h{current}"
    assert len(parsed.ids) == len(set(parsed.ids)), "ids are unique"
    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert 'id="main-content"' in html
    assert "Open Government Licence v3.0" in html
    assert "mailto:corporateparenting@gov.wales" in html
    assert "/en/privacy/" in parsed.links and "/en/cookies/" in parsed.links


def test_every_live_english_page_renders(client):
    for page in Page.objects.live().filter(depth__gt=1, locale__language_code="en"):
        assert client.get(page.url).status_code == 200, page.url


def test_pages_taken_from_a_source_cite_it_with_a_link(client):
    from toolkit.models import SectorPage

    html = client.get(SectorPage.objects.get(slug="health-services").url).content.decode()
    assert 'href="https://www.gov.wales/what-does-it-mean-become-corporate-parent"' in html
    assert "“Health services”" in html


def test_a_draft_page_is_not_visible_to_anonymous_readers(client):
    from toolkit.models import SectorIndexPage, SectorPage

    index = SectorIndexPage.objects.get(locale__language_code="en")
    draft = SectorPage(title="Draft sector", slug="draft-sector", live=False, aims_intro="x")
    index.add_child(instance=draft)
    draft.save_revision()
    assert client.get("/en/toolkit/sectors/draft-sector/").status_code == 404
    assert "Draft sector" not in client.get(index.url).content.decode()


def test_an_unpublished_page_disappears_from_lists_and_links(client):
    from toolkit.models import SectorPage

    housing = SectorPage.objects.get(slug="housing-services")
    housing.unpublish()
    assert client.get("/en/toolkit/sectors/housing-services/").status_code == 404
    principle = client.get("/en/toolkit/principles/a-stable-home/").content.decode()
    assert "housing-services" not in principle


def test_admin_is_not_visible_to_anonymous_readers(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    page = Page.objects.live().filter(depth=3).first()
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 302


def test_unknown_address_gives_a_404_page_in_the_right_language(client):
    english = client.get("/en/no-such-page/")
    assert english.status_code == 404
    assert '<html lang="en"' in english.content.decode()
    assert "Page not found" in english.content.decode()
    welsh = client.get("/cy/dim-tudalen/")
    assert welsh.status_code == 404
    assert '<html lang="cy"' in welsh.content.decode()


def test_root_redirects_to_a_language(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_chapter_marks_requirements_with_a_text_label_and_anchors_paragraphs(client):
    from code_chapters.models import CodeChapterPage

    chapter = CodeChapterPage.objects.get(locale__language_code="en")
    html = client.get(chapter.url).content.decode()
    parsed = outline(html)
    assert [f"para-{n}" for n in range(1, 19)] == [i for i in parsed.ids if i.startswith("para-")]
    requirement = html.split('id="para-6"')[1].split('id="para-7"')[0]
    assert "Requirement (must)" in requirement
    assert "Social Services and Well-being (Wales) Act 2014, s. 6" in requirement
    guideline = html.split('id="para-16"')[1].split('id="para-17"')[0]
    assert "Guideline (should)" in guideline
    assert "Consultation draft" in html
    assert "are ours" in html  # the drafting note: paragraphing and labels are ours


def test_consultation_shows_its_reference_closing_date_status_and_twelve_questions(client):
    from code_chapters.models import ConsultationPage

    consultation = ConsultationPage.objects.get(reference="WG52399", locale__language_code="en")
    html = client.get(consultation.url).content.decode()
    assert "WG52399" in html
    assert "27 October 2025" in html
    assert ">Closed<" in html
    assert len(re.findall(r'<li id="question-\d+">', html)) == 12


def test_principles_index_says_the_promises_are_not_yet_published(client):
    html = client.get("/en/toolkit/principles/").content.decode()
    assert "9 promises" in html


def test_promises_added_by_editors_are_listed(client):
    from wagtail.models import Locale

    from toolkit.models import Promise

    Promise.objects.create(number=1, text="A promise an editor added", locale=Locale.get_default())
    html = client.get("/en/toolkit/principles/").content.decode()
    assert "A promise an editor added" in html


def test_elected_members_find_their_questions(client):
    html = client.get("/en/toolkit/resources/elected-members/").content.decode()
    parsed = outline(html)
    assert "Children in care" in html and "Care leavers" in html
    assert "How many go on to University?" in html
    assert parsed.headings.count(1) == 1


@pytest.mark.parametrize("label", PAGE_TYPES)
def test_editors_can_open_every_page_type_in_the_admin(label):
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.test import Client

    admin = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    staff = Client(HTTP_HOST="localhost")
    staff.force_login(admin)
    page = apps.get_model(label).objects.filter(locale__language_code="en").first()
    assert staff.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    parent = page.get_parent()
    model = apps.get_model(label)
    if model.can_create_at(parent):
        url = f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.pk}/"
        assert staff.get(url).status_code == 200


def test_editors_can_manage_promises_and_sources_as_snippets():
    from django.contrib.auth import get_user_model
    from django.test import Client

    admin = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    staff = Client(HTTP_HOST="localhost")
    staff.force_login(admin)
    assert staff.get("/admin/snippets/toolkit/promise/").status_code == 200
    assert staff.get("/admin/snippets/toolkit/promise/add/").status_code == 200
    assert staff.get("/admin/snippets/cms/sourcedocument/").status_code == 200
