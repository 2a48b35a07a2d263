"""Query budget: every public page type renders, uncached, in at most QUERY_BUDGET SQL queries,
however much content the site has. The counts are taken with the demo content, then again after
synthetic content about ten times the demo's size is added in both languages, and must not move.

Each page is fetched once first: process-wide caches (content types, Wagtail's site root paths,
the site-wide furniture of cms.models.site_wide) fill on first use, as they do once per process
in production."""

import datetime
import itertools
import os

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 12

#: (page type, language) -> the demo page measured (slug path under the language's site root).
PAGES = {
    "home": ("", ""),
    "toolkit": ("toolkit/", "pecyn-cymorth/"),
    "principle index (charter matrix)": ("toolkit/principles/", "pecyn-cymorth/egwyddorion/"),
    "principle": ("toolkit/principles/equality/", "pecyn-cymorth/egwyddorion/cydraddoldeb/"),
    "sector index": ("toolkit/sectors/", "pecyn-cymorth/sectorau/"),
    "sector": (
        "toolkit/sectors/social-services/",
        "pecyn-cymorth/sectorau/gwasanaethau-cymdeithasol/",
    ),
    "resource index": ("toolkit/resources/", "pecyn-cymorth/adnoddau/"),
    "resource": (
        "toolkit/resources/elected-members/",
        "pecyn-cymorth/adnoddau/aelodau-etholedig/",
    ),
    "code of practice": ("part-6-code/", "cod-rhan-6/"),
    "code chapter": ("part-6-code/corporate-parenting/", "cod-rhan-6/rhianta-corfforaethol/"),
    "code section": (
        "part-6-code/corporate-parenting/what-is-corporate-parenting/",
        "cod-rhan-6/rhianta-corfforaethol/beth-yw-rhianta-corfforaethol/",
    ),
    "code paragraph": (
        "part-6-code/corporate-parenting/what-is-corporate-parenting/para-1/",
        "cod-rhan-6/rhianta-corfforaethol/beth-yw-rhianta-corfforaethol/paragraff-1/",
    ),
    "consultation": ("part-6-code/consultation-wg52399/", "cod-rhan-6/ymgynghoriad-wg52399/"),
    "information page": ("privacy/", "preifatrwydd/"),
}
#: Views that are not pages (not ours to bring within the budget): counted and reported only.
REPORTED_ONLY = {
    "updates": ("/en/updates/", "/cy/diweddariadau/"),
    "search": ("/en/search/?q=housing", "/cy/chwilio/?q=tai"),
}


def page_urls():
    for name, (english, welsh) in PAGES.items():
        yield name, "en", f"/en/{english}"
        yield name, "cy", f"/cy/{welsh}"


def count_queries(client, url):
    client.get(url)  # warm-up: process-wide caches fill
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    if os.environ.get("SHOW_QUERIES") and os.environ["SHOW_QUERIES"] in url:
        print(url, *(query["sql"][:200] for query in queries), sep="\n")
    return len(queries)


def measure(client, reported=True):
    """Queries per page type and language; with `reported`, of the views only reported too."""
    counts = {(name, language): count_queries(client, url) for name, language, url in page_urls()}
    for name, (english, welsh) in REPORTED_ONLY.items() if reported else ():
        counts[(name, "en")] = count_queries(client, english)
        counts[(name, "cy")] = count_queries(client, welsh)
    return counts


def table(*columns):
    """One line per page type and language: its count in each column."""
    return "\n".join(
        f"{name:34} {language}  "
        + " -> ".join(f"{column[(name, language)]:2}" for column in columns)
        for name, language in columns[0]
    )


@pytest.fixture
def uncached(settings, empty_cache):
    """No full-page cache: every request renders."""
    settings.PAGE_CACHE_ENABLED = False


def over_budget(counts):
    return {key: count for key, count in counts.items() if key[0] in PAGES and count > QUERY_BUDGET}


def test_every_public_page_type_renders_within_the_query_budget(client, uncached):
    counts = measure(client)
    print(f"\nQueries per uncached page (budget {QUERY_BUDGET}):\n{table(counts)}")
    assert not over_budget(counts), table(counts)


def test_query_counts_do_not_grow_with_the_content(
    client, uncached, settings, django_capture_on_commit_callbacks
):
    before = measure(client, reported=False)
    # Creating the content as a test: the search index and the reference index are not kept
    # up to date (their tasks are only queued), and the commit callbacks are run as a commit
    # would run them (the site-wide cache is forgotten).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        added = add_synthetic_content(times=10)
    shown = {
        url: client.get(url).content.decode()
        for url in ("/en/toolkit/sectors/", "/cy/cod-rhan-6/rhianta-corfforaethol/")
    }
    assert shown["/en/toolkit/sectors/"].count("Synthetic ") >= 72
    assert shown["/cy/cod-rhan-6/rhianta-corfforaethol/"].count('class="code-paragraph ') >= 180
    after = measure(client, reported=False)
    print(f"\nAdded {added}.\nQueries before and after:\n{table(before, after)}")
    assert after == before, table(before, after)
    assert not over_budget(after), table(before, after)


# Synthetic content --------------------------------------------------------------------------------


def add_synthetic_content(times):
    """Add (times - 1) times the demo's sectors, resources, code sections and paragraphs,
    chapters, consultations and information pages, in English and Welsh, linked to one another
    as the demo's are (rows stored on the English page and copied unchanged into the Welsh), plus
    change notes and chapter versions on the measured pages and source documents. Principles stay
    at the charter's 11 (the model allows no more); promises, none in the demo, get `times`.
    Pages are created live, as a publish leaves them."""
    from wagtail.models import Locale, Page

    from cms.models import PageChangeNote, SourceDocument
    from code_chapters.models import (
        ChapterVersion,
        CodeChapterPage,
        CodeOfPracticePage,
        CodeParagraphPage,
        CodeSectionPage,
        ConsultationPage,
        ParagraphPrinciple,
        ParagraphSector,
    )
    from home.models import HomePage, InformationPage
    from toolkit.models import (
        PrinciplePage,
        Promise,
        ResourceIndexPage,
        ResourcePage,
        ResourcePrinciple,
        ResourceSector,
        SectorIndexPage,
        SectorPage,
        SectorPrinciple,
    )

    english, welsh = Locale.objects.get(language_code="en"), Locale.objects.get(language_code="cy")
    more = times - 1

    def in_both(model, english_parent, index, **fields):
        """A live page under `english_parent` and its Welsh translation under the parent's."""
        welsh_parent = english_parent.get_translation(welsh)
        page = english_parent.add_child(
            instance=model(
                title=f"Synthetic {index}", slug=f"synthetic-{index}", live=True, **fields
            )
        )
        translation = welsh_parent.add_child(
            instance=model(
                title=f"Synthetig {index}",
                slug=f"synthetig-{index}",
                live=True,
                locale=welsh,
                translation_key=page.translation_key,
                **fields,
            )
        )
        return page, translation

    def live(model, locale):
        return list(model.objects.live().filter(locale=locale).order_by("path"))

    equality = PrinciplePage.objects.get(locale=english, slug="equality")
    principles = [principle for principle in live(PrinciplePage, english) if principle != equality]
    social_services = SectorPage.objects.get(locale=english, slug="social-services")
    counter = itertools.count(1)

    sector_index = SectorIndexPage.objects.get(locale=english)
    demo_sectors = live(SectorPage, english)
    new_sectors = []
    for _ in range(len(demo_sectors) * more):
        index = next(counter)
        sector, translation = in_both(
            SectorPage,
            sector_index,
            index,
            corporate_parents=[("role", "directors")],
            aims=[("aim", "An aim")],
            actions=[("action", {"text": "An action", "principles": []})],
        )
        new_sectors.append(sector)
        chosen = [equality, *principles[index % 5 : index % 5 + 5]]
        SectorPrinciple.objects.bulk_create(
            SectorPrinciple(sector=page, principle=principle, sort_order=order)
            for page in (sector, translation)
            for order, principle in enumerate(dict.fromkeys(chosen))
        )

    resource_index = ResourceIndexPage.objects.get(locale=english)
    for _ in range(ResourcePage.objects.filter(locale=english).count() * more):
        index = next(counter)
        resource, translation = in_both(
            ResourcePage, resource_index, index, kind="guidance", summary="A summary"
        )
        for page in (resource, translation):
            ResourceSector.objects.create(resource=page, sector=social_services, sort_order=0)
            ResourceSector.objects.create(
                resource=page, sector=new_sectors[index % 9], sort_order=1
            )
            ResourcePrinciple.objects.create(resource=page, principle=equality, sort_order=0)

    chapter = CodeChapterPage.objects.get(locale=english, slug="corporate-parenting")
    section = CodeSectionPage.objects.get(locale=english, slug="what-is-corporate-parenting")
    paragraphs_per_section = -(-CodeParagraphPage.objects.filter(locale=english).count() // 4)
    sections = [section]
    for _ in range(CodeSectionPage.objects.filter(locale=english).count() * more):
        sections.append(in_both(CodeSectionPage, chapter, next(counter))[0])
    number = itertools.count(1000)
    for parent in sections:
        for _ in range(paragraphs_per_section):
            index, paragraph_number = next(counter), next(number)
            paragraph, translation = in_both(
                CodeParagraphPage,
                parent,
                index,
                paragraph_key=str(paragraph_number),
                number=str(paragraph_number),
                kind="requirement",
                text="<p>A local authority must do this.</p>",
                legal_references=[("reference", {"instrument": "sswba-2014", "provision": "6"})],
            )
            for page in (paragraph, translation):
                ParagraphPrinciple.objects.create(paragraph=page, principle=equality, sort_order=0)
                ParagraphPrinciple.objects.create(
                    paragraph=page, principle=principles[index % len(principles)], sort_order=1
                )
                ParagraphSector.objects.create(paragraph=page, sector=social_services, sort_order=0)
                ParagraphSector.objects.create(
                    paragraph=page, sector=new_sectors[index % 9], sort_order=1
                )
    first_paragraph = CodeParagraphPage.objects.filter(slug="para-1")
    ParagraphSector.objects.bulk_create(
        ParagraphSector(paragraph=page, sector=sector, sort_order=10 + order)
        for page in first_paragraph
        for order, sector in enumerate(new_sectors)
    )

    code = CodeOfPracticePage.objects.get(locale=english)
    consultation = ConsultationPage.objects.get(locale=english)
    for _ in range(more):
        in_both(CodeChapterPage, code, next(counter), consultation=consultation)
        in_both(
            ConsultationPage,
            code,
            next(counter),
            reference="WG00000",
            closes_on=datetime.date(2024, 1, 1),
            summary="A summary",
        )
    home = HomePage.objects.get(locale=english)
    for _ in range(InformationPage.objects.filter(locale=english).count() * more):
        in_both(InformationPage, home, next(counter), body=[("paragraph", "<p>Text</p>")])

    measured = Page.objects.filter(
        url_path__in=[
            f"{root.url_path}{path}"
            for root in Page.objects.filter(depth=2)
            for path in itertools.chain.from_iterable(PAGES.values())
        ]
    )
    PageChangeNote.objects.bulk_create(
        PageChangeNote(
            page=page,
            locale_id=page.locale_id,
            published_at=datetime.datetime(2024, 1, day, tzinfo=datetime.UTC),
            note=f"Change {day}",
        )
        for page in measured
        for day in range(1, times + 1)
    )
    for number in range(1, times + 1):
        version = ChapterVersion.objects.create(
            chapter=chapter,
            locale=english,
            status="superseded",
            in_force_from=datetime.date(2000 + number, 1, 1),
            in_force_until=datetime.date(2000 + number, 12, 31),
            paragraphs=[
                (
                    "paragraph",
                    {"key": "1", "number": "1", "kind": "requirement", "text": "<p>Text</p>"},
                )
            ],
        )
        ChapterVersion.objects.create(
            chapter=chapter.get_translation(welsh).specific,
            locale=welsh,
            translation_key=version.translation_key,
            status="superseded",
            in_force_from=version.in_force_from,
            in_force_until=version.in_force_until,
            paragraphs=version.paragraphs.raw_data,
        )
        Promise.objects.create(number=number, text="A promise", locale=english)
        Promise.objects.create(number=number, text="Addewid", locale=welsh)
    for number in range(SourceDocument.objects.filter(locale=english).count() * more):
        document = SourceDocument.objects.create(
            key=f"synthetic-{number}",
            title=f"Synthetic source {number}",
            publisher="Welsh Government",
            published="2024",
            locale=english,
        )
        SourceDocument.objects.create(
            key=document.key,
            title=f"Ffynhonnell {number}",
            publisher="Llywodraeth Cymru",
            published="2024",
            locale=welsh,
            translation_key=document.translation_key,
        )
    return (
        f"{len(new_sectors)} sectors, {len(sections) - 1} code sections and their paragraphs, "
        "resources, chapters, consultations and information pages in each language"
    )
