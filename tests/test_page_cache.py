"""The full-page cache (cms.page_cache), on Django's local-memory cache as in `make run`: pages
come from the cache, and no reader sees a stale page after any change an editor can make."""

from django.test import Client

from wagtail.models import Locale, Page

import pytest

from cms.page_cache import HEADER

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def fresh_render(settings, url):
    settings.PAGE_CACHE_ENABLED = False
    try:
        return Client(HTTP_HOST="localhost").get(url).content.decode()
    finally:
        settings.PAGE_CACHE_ENABLED = True


def pages_to_watch():
    """Every live page but the code's paragraphs, and four paragraphs per language: each type
    and every page that lists or links others, at a test's cost."""
    from code_chapters.models import CodeParagraphPage

    pages = [
        page
        for page in Page.objects.live().filter(depth__gt=1).specific()
        if not isinstance(page, CodeParagraphPage)
    ]
    for language in ("en", "cy"):
        pages += list(CodeParagraphPage.objects.live().filter(locale__language_code=language)[:4])
    return pages


def assert_no_stale_page(client, settings, urls):
    """Every page a reader gets from the cache is the page as it would render now."""
    stale = []
    for url in urls:
        response = client.get(url)
        if response.get(HEADER) == "hit" and response.content.decode() != fresh_render(
            settings, url
        ):
            stale.append(url)
    assert stale == []


@pytest.fixture
def warm_site(client):
    """Every watched page read once, so it is in the cache."""
    urls = sorted({page.url for page in pages_to_watch()})
    for url in urls:
        get(client, url)
    assert get(client, urls[0])[HEADER] == "hit"
    return urls


def welsh():
    return Locale.objects.get(language_code="cy")


# What is cached


def test_a_page_is_served_from_the_cache_the_second_time(client):
    first = get(client, "/en/toolkit/sectors/housing-services/")
    second = get(client, "/en/toolkit/sectors/housing-services/")
    assert (first[HEADER], second[HEADER]) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Language"] == "en"
    assert "Content-Security-Policy" in second


def test_each_language_and_query_is_its_own_entry(client):
    get(client, "/en/toolkit/sectors/housing-services/")
    assert get(client, "/cy/pecyn-cymorth/sectorau/gwasanaethau-tai/")[HEADER] == "miss"
    assert get(client, "/en/toolkit/sectors/housing-services/?utm=1")[HEADER] == "miss"


@pytest.mark.parametrize(
    "url",
    ["/en/search/?q=housing", "/cy/chwilio/?q=tai", "/en/updates/", "/en/no-such-page/"],
)
def test_search_results_lists_and_missing_pages_are_not_cached(client, url):
    client.get(url)
    assert client.get(url).get(HEADER) is None


def test_signed_in_editors_never_get_or_fill_the_cache(client, django_user_model):
    get(client, "/en/toolkit/")
    editor = django_user_model.objects.create_superuser("editor", "e@example.com", "pw")
    client.force_login(editor)
    response = get(client, "/en/toolkit/")
    assert response.get(HEADER) is None
    assert client.get("/admin/").get(HEADER) is None


def test_a_draft_never_reaches_the_cache(client, sectors):
    housing = sectors["housing-services"]
    get(client, housing.url)
    housing.title = "Draft title nobody has approved"
    housing.save_revision()
    response = get(client, housing.url)
    assert "Draft title nobody has approved" not in response.content.decode()


def test_switched_off_by_a_setting(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    get(client, "/en/toolkit/")
    assert get(client, "/en/toolkit/").get(HEADER) is None


# No stale page after any change


def test_a_principle_published_purges_its_page_the_sectors_and_the_matrix(
    client, settings, warm_site, principles
):
    principle = principles[1]
    principle.title = "Principle one, renamed"
    principle.save_revision().publish()
    assert "Principle one, renamed" in get(client, principle.url).content.decode()
    assert "Principle one, renamed" in get(client, "/en/toolkit/principles/").content.decode()
    assert_no_stale_page(client, settings, warm_site)


def test_a_sector_dropping_a_principle_purges_that_principle_page(
    client, settings, warm_site, sectors
):
    housing = sectors["housing-services"]
    housing.principle_links.remove(housing.principle_links.first())
    housing.title = "Housing, revised"
    housing.save_revision().publish()
    assert_no_stale_page(client, settings, warm_site)


def test_a_welsh_translation_published_purges_the_welsh_pages_and_the_english_links(
    client, settings, warm_site, sectors
):
    from cms.publishing import publishing_unreviewed_demo_translations

    tai = sectors["housing-services"].get_translation(welsh())
    tai.title = "Tai, wedi ei ddiwygio"
    with publishing_unreviewed_demo_translations():  # as a reviewer's approval would
        tai.save_revision().publish()
    assert "Tai, wedi ei ddiwygio" in get(client, tai.url).content.decode()
    assert_no_stale_page(client, settings, warm_site)


def test_an_unpublished_page_leaves_every_cached_page(client, settings, warm_site):
    from toolkit.models import ResourcePage

    resource = ResourcePage.objects.live().filter(locale__language_code="en").first()
    resource.unpublish()
    assert client.get(resource.url if resource.url else "/en/").status_code in (200, 404)
    assert_no_stale_page(client, settings, warm_site)


def test_a_moved_page_leaves_its_old_listing_and_joins_its_new_one(client, settings, warm_site):
    from home.models import InformationPage
    from toolkit.models import ToolkitPage

    page = InformationPage.objects.live().filter(locale__language_code="en").first()
    new_parent = ToolkitPage.objects.get(locale__language_code="en")
    page.move(new_parent, pos="last-child")
    assert_no_stale_page(client, settings, [url for url in warm_site if "accessibility" not in url])


def test_a_deleted_paragraph_leaves_its_chapter_and_section(client, settings, warm_site):
    from code_chapters.models import CodeParagraphPage

    paragraph = CodeParagraphPage.objects.live().filter(locale__language_code="en").first()
    paragraph.delete()
    assert_no_stale_page(client, settings, warm_site)


def test_a_new_sector_appears_on_the_lists_and_the_matrix(client, settings, warm_site, sectors):
    from toolkit.models import SectorPage

    parent = sectors["housing-services"].get_parent()
    parent.add_child(instance=SectorPage(title="Transport", slug="transport", live=False))
    SectorPage.objects.get(slug="transport").save_revision().publish()
    assert "Transport" in get(client, "/en/toolkit/principles/").content.decode()
    assert_no_stale_page(client, settings, warm_site)


def test_site_wide_data_purges_every_page(client, settings, warm_site):
    from toolkit.models import Promise

    Promise.objects.create(number=1, text="A promise an editor added", locale=Locale.get_default())
    assert "A promise an editor added" in get(client, "/en/toolkit/principles/").content.decode()
    assert_no_stale_page(client, settings, warm_site)


def test_a_render_that_overlaps_a_purge_is_not_kept(client, sectors):
    """A reader's render that read the old page while an editor published is not cached."""
    from cms import page_cache

    housing = sectors["housing-services"]
    original = page_cache.note_page_shown

    def publish_while_rendering(sender, instance, **kwargs):
        original(sender, instance, **kwargs)
        if isinstance(instance, Page) and instance.pk == housing.pk and not published:
            published.append(True)
            page_cache.purge_page(housing)

    published = []
    from django.db.models.signals import post_init

    post_init.disconnect(dispatch_uid="page_cache_shown")
    post_init.connect(publish_while_rendering, dispatch_uid="page_cache_shown")
    try:
        assert get(client, housing.url)[HEADER] == "miss"
    finally:
        post_init.disconnect(dispatch_uid="page_cache_shown")
        post_init.connect(original, dispatch_uid="page_cache_shown")
    assert published
    assert get(client, housing.url)[HEADER] == "miss"
    assert get(client, housing.url)[HEADER] == "hit"


def test_a_page_given_a_view_restriction_is_no_longer_served_to_readers(client, sectors):
    """A restriction on a page (here the sector index) also covers the pages below it."""
    from wagtail.models import PageViewRestriction

    from toolkit.models import SectorIndexPage

    housing = sectors["housing-services"]
    get(client, housing.url)
    assert get(client, housing.url)[HEADER] == "hit"
    index = SectorIndexPage.objects.get(locale__language_code="en")
    PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    response = get(client, housing.url)  # Wagtail's password form, answered with 200
    assert response.get(HEADER) != "hit"
    assert 'name="password"' in response.content.decode()
    assert get(client, housing.url).get(HEADER) != "hit"  # and never kept


# Several processes, each with the cache in its own memory (gunicorn workers without Redis)


@pytest.fixture
def journal_path(settings, tmp_path):
    settings.PAGE_CACHE_JOURNAL = str(tmp_path / "purges")
    return tmp_path / "purges"


def another_process(journal_path):
    """The purge journal as another worker process writes it."""
    from cms.purge_journal import PurgeJournal

    return PurgeJournal(journal_path, pid=999_999_999)


def test_a_purge_made_by_another_process_reaches_this_one(client, journal_path, sectors):
    from cms.page_cache import page_tag

    housing = sectors["housing-services"]
    get(client, housing.url)
    assert get(client, housing.url)[HEADER] == "hit"
    # Another worker publishes: the database changes, this process's memory does not.
    Page.objects.filter(pk=housing.pk).update(title="Housing, renamed in another worker")
    stale = get(client, housing.url)
    assert stale[HEADER] == "hit" and "renamed in another worker" not in stale.content.decode()

    another_process(journal_path).record([page_tag(housing.pk)])
    response = get(client, housing.url)
    assert response[HEADER] == "miss"
    assert "Housing, renamed in another worker" in response.content.decode()


def test_site_wide_data_changed_by_another_process_reaches_this_one(client, journal_path):
    from cms.models import SiteContact
    from cms.page_cache import SITE_TAG

    assert "corporate-parenting-changed@example.com" not in get(client, "/en/").content.decode()
    SiteContact.objects.update(contact_email="corporate-parenting-changed@example.com")
    another_process(journal_path).record([SITE_TAG])
    assert "corporate-parenting-changed@example.com" in get(client, "/en/").content.decode()


def test_a_purge_made_here_is_journalled_for_the_others_once_committed(
    client, journal_path, sectors, django_capture_on_commit_callbacks
):
    from cms.page_cache import page_tag

    housing = sectors["housing-services"]
    get(client, housing.url)  # this process starts reading the journal
    other = another_process(journal_path)
    other.news()
    with django_capture_on_commit_callbacks(execute=True):
        housing.save_revision().publish()
        assert other.news() == []  # not before the change is committed
    assert page_tag(housing.pk) in other.news()
