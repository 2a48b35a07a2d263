"""“Download this guidance as PDF”: sector and chapter pages as PDFs, in the page's language, made
from the page's own HTML with no network fetches, and made again only when the content changes.

A real PDF takes a second or more, so only the three content tests lay one out; the tests of
which requests make a PDF replace the renderer with a stand-in."""

import re
from html import unescape

from django.urls import reverse
from django.utils import translation

from wagtail.models import Locale, Page, PageViewRestriction

import pytest
from weasyprint.formatting_structure import boxes

from cms import pdf
from cms.review import mark_reviewed
from code_chapters.models import CodeChapterPage, CodeParagraphPage
from code_chapters.models.chapters import ParagraphKind
from toolkit.relations import principles_for_sector

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]


@pytest.fixture
def welsh():
    return Locale.objects.get(language_code="cy")


@pytest.fixture
def sector(sectors):
    return sectors[sorted(sectors)[0]]


@pytest.fixture
def chapter(db):
    return CodeChapterPage.objects.live().filter(locale__language_code="en").first()


def pdf_url(page, language=None):
    with translation.override(language or page.locale.language_code):
        return reverse("page_pdf", args=[page.pk])


@pytest.fixture
def laid_out(monkeypatch):
    """The documents WeasyPrint lays out, and the URLs it asks for with what each gave."""
    record = {"documents": [], "fetched": {}}
    real_layout, real_fetch = pdf.layout, pdf.LocalFileFetcher.fetch

    def recording_layout(html, base_url):
        document = real_layout(html, base_url)
        record["documents"].append(document)
        return document

    def recording_fetch(fetcher, url, headers=None):
        try:
            response = real_fetch(fetcher, url, headers)
        except ValueError:
            record["fetched"][url] = None
            raise
        record["fetched"][url] = response.content_type
        return response

    monkeypatch.setattr(pdf, "layout", recording_layout)
    monkeypatch.setattr(pdf.LocalFileFetcher, "fetch", recording_fetch)
    return record


def printed_text(document):
    """The text on the PDF's pages, line by line, with runs of white space made single. (Reads
    WeasyPrint's laid-out boxes: the PDF's own text is compressed and in subset fonts.)"""
    lines = []
    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.LineBox):
                lines.append(
                    "".join(
                        text_box.text
                        for text_box in box.descendants()
                        if isinstance(text_box, boxes.TextBox)
                    )
                )
    return " ".join(" ".join(lines).split())


def plain(rich_text):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", rich_text)).split())


@pytest.fixture
def renders(monkeypatch):
    """A stand-in renderer that counts its calls: each PDF it makes is different."""
    calls = []

    def stand_in(page, request):
        calls.append(page.pk)
        return b"%PDF-1.7 stand-in " + str(len(calls)).encode()

    monkeypatch.setattr(pdf, "render_pdf", stand_in)
    return calls


# What the PDF holds


def test_an_english_sector_pdf_is_the_sector_page_in_english_with_its_principles(
    client, sector, welsh, laid_out
):
    response = client.get(pdf_url(sector))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{sector.slug}.pdf"'
    assert response["Cache-Control"].startswith("public, max-age=")
    assert response.content.startswith(b"%PDF-")
    [document] = laid_out["documents"]
    text = printed_text(document)
    assert sector.title in text
    assert principles_for_sector(sector)[0].title in text
    assert sector.get_translation(welsh).title not in text
    assert document.metadata.lang == "en"
    assert document.metadata.title.startswith(sector.title)
    # The site's stylesheet was read from disk, and only the site's own files were served.
    served = {url: type_ for url, type_ in laid_out["fetched"].items() if type_ is not None}
    assert any(
        url.startswith("http://localhost/static/") and type_ == "text/css"
        for url, type_ in served.items()
    )
    assert all(
        url.startswith(("http://localhost/static/", "http://localhost/media/", "data:"))
        for url in served
    )


def test_a_welsh_sector_pdf_is_in_welsh(client, sector, welsh, laid_out):
    cymraeg = sector.get_translation(welsh)

    response = client.get(pdf_url(cymraeg))

    assert response.status_code == 200
    assert pdf_url(cymraeg).startswith("/cy/")
    [document] = laid_out["documents"]
    text = printed_text(document)
    assert cymraeg.title in text
    assert principles_for_sector(cymraeg)[0].title in text
    assert sector.title not in text
    assert document.metadata.lang == "cy"


def test_a_chapter_pdf_holds_its_paragraphs_and_their_labels(client, chapter, laid_out):
    requirements = (
        CodeParagraphPage.objects.descendant_of(chapter)
        .live()
        .filter(kind=ParagraphKind.REQUIREMENT)
        .order_by("path")
    )
    paragraph = next((p for p in requirements if "<a" not in p.text), requirements.first())

    response = client.get(pdf_url(chapter))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    text = printed_text(laid_out["documents"][0])
    assert chapter.title in text
    assert " ".join(plain(paragraph.text).split()[:8]) in text
    with translation.override("en"):
        assert str(ParagraphKind.REQUIREMENT.label) in text


def test_the_fetcher_serves_static_and_media_files_and_nothing_else(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "crest.png").write_bytes(b"\x89PNG")
    fetcher = pdf.LocalFileFetcher("https://guidance.example/en/sectors/health/")

    stylesheet = fetcher.fetch("https://guidance.example/static/site/site.css")
    image = fetcher.fetch("https://guidance.example/media/images/crest.png?v=2")

    assert stylesheet.content_type == "text/css"
    assert b"@media print" in stylesheet.read()
    assert (image.content_type, image.read()) == ("image/png", b"\x89PNG")
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    for refused in [
        "https://elsewhere.example/static/site/site.css",
        "http://guidance.example/static/site/site.css",  # another origin
        "https://guidance.example/en/sectors/",
        "https://guidance.example/static/../cms/settings/base.py",
        "https://guidance.example/static/%2e%2e/%2e%2e/cms/settings/base.py",
        "https://guidance.example/media/../db.sqlite3",
        "https://guidance.example/static/site/missing.css",
        "https://guidance.example/static/",
        "file:///etc/passwd",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(refused)


# Which pages have a PDF


def test_only_get_and_head_make_a_pdf(client, sector, renders):
    assert client.post(pdf_url(sector)).status_code == 405
    assert renders == []


def test_a_principle_page_has_no_pdf(client, principles, renders):
    response = client.get(pdf_url(principles[1]))

    assert response.status_code == 404
    assert renders == []


def test_an_unknown_page_has_no_pdf(client, renders):
    unknown = Page.objects.order_by("-pk").first().pk + 1000
    with translation.override("en"):
        assert client.get(reverse("page_pdf", args=[unknown])).status_code == 404


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_pdf_is_only_at_the_address_in_the_pages_language(
    client, sector, welsh, renders, language
):
    page = sector if language == "cy" else sector.get_translation(welsh)

    response = client.get(pdf_url(page, language))

    assert response.status_code == 404
    assert f'lang="{language}"' in response.content.decode()
    assert renders == []


def test_an_unpublished_sector_has_no_pdf(client, sector, renders):
    sector.unpublish()

    assert client.get(pdf_url(sector)).status_code == 404


def test_a_private_sector_has_no_pdf(client, sector, renders):
    PageViewRestriction.objects.create(
        page=sector, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    assert client.get(pdf_url(sector)).status_code == 404
    assert renders == []


# Kept until the content changes


def test_a_second_download_comes_from_the_cache(client, sector, renders):
    first = client.get(pdf_url(sector))
    second = client.get(pdf_url(sector))

    assert renders == [sector.pk]
    assert second.content == first.content


def test_each_language_has_its_own_pdf(client, sector, welsh, renders):
    cymraeg = sector.get_translation(welsh)

    english_pdf = client.get(pdf_url(sector)).content
    welsh_pdf = client.get(pdf_url(cymraeg)).content

    assert renders == [sector.pk, cymraeg.pk]
    assert english_pdf != welsh_pdf


def test_publishing_a_principle_makes_the_sector_pdf_again(client, sector, renders):
    principle = principles_for_sector(sector)[0]
    before = client.get(pdf_url(sector)).content

    principle.statement += " Updated."
    principle.save_revision().publish()
    after = client.get(pdf_url(sector)).content

    assert renders == [sector.pk, sector.pk]
    assert after != before
    assert client.get(pdf_url(sector)).content == after  # and that one is kept in turn
    assert len(renders) == 2


def test_unpublishing_a_paragraph_makes_the_chapter_pdf_again(client, chapter, renders):
    client.get(pdf_url(chapter))

    CodeParagraphPage.objects.descendant_of(chapter).live().first().unpublish()
    client.get(pdf_url(chapter))

    assert renders == [chapter.pk, chapter.pk]


def test_reviewing_a_translation_makes_the_welsh_pdf_again(client, sector, welsh, renders):
    cymraeg = sector.get_translation(welsh)
    client.get(pdf_url(cymraeg))
    client.get(pdf_url(sector))

    mark_reviewed(sector, welsh, user=None)  # the Welsh page's notice goes
    client.get(pdf_url(cymraeg))
    client.get(pdf_url(sector))  # the English page has no notice: still cached

    assert renders == [cymraeg.pk, sector.pk, cymraeg.pk]
