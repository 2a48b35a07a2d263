"""Relations are stored once, on the English pages; wagtail-localize copies them unchanged into
the Welsh translations, and they are resolved to the reader's language when rendered."""

from django.test import TestCase

from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

import pytest

from toolkit.models import PrinciplePage, SectorPage
from toolkit.relations import principles_for_sector, sectors_for_principle

pytestmark = pytest.mark.django_db


def translate(page, locale):
    """Create the Welsh version the way wagtail-localize does (source text as fallback where no
    segment is translated yet), publishing it."""
    source, _ = TranslationSource.get_or_create_from_instance(page)
    # wagtail-localize publishes on commit; the test's transaction never commits, so run it now.
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation, _ = source.create_or_update_translation(
            locale, copy_parent_pages=True, fallback=True, publish=True
        )
    translation.refresh_from_db()
    assert translation.live
    return translation


@pytest.fixture
def welsh():
    return Locale.objects.get(language_code="cy")


def test_relations_resolve_to_welsh_pages_in_both_directions(welsh):
    housing = SectorPage.objects.get(slug="housing-services", locale__language_code="en")
    stable_home = PrinciplePage.objects.get(number=8, locale__language_code="en")
    equality = PrinciplePage.objects.get(number=1, locale__language_code="en")

    welsh_housing = translate(housing, welsh)
    welsh_stable_home = translate(stable_home, welsh)

    # The copied rows still point at the English principle pages...
    assert welsh_housing.principle_links.filter(principle=stable_home).exists()
    # ...but the Welsh sector shows the Welsh principle where one exists, English otherwise.
    shown = principles_for_sector(welsh_housing)
    assert [principle.number for principle in shown] == [1, 2, 4, 8, 10]
    assert welsh_stable_home in shown
    assert equality in shown  # not translated yet: the English page, never nothing

    # And the Welsh principle lists the Welsh housing page.
    assert welsh_housing in sectors_for_principle(welsh_stable_home)
    assert housing not in sectors_for_principle(welsh_stable_home)


def test_welsh_sector_page_links_to_the_welsh_principle_page(client, welsh):
    housing = SectorPage.objects.get(slug="housing-services", locale__language_code="en")
    stable_home = PrinciplePage.objects.get(number=8, locale__language_code="en")
    welsh_housing = translate(housing, welsh)
    welsh_stable_home = translate(stable_home, welsh)

    html = client.get(welsh_housing.url).content.decode()
    assert welsh_housing.url.startswith("/cy/")
    assert f'href="{welsh_stable_home.url}"' in html
    assert '<html lang="cy">' in html
    # English pages link to their Welsh twin, labelled in Welsh.
    english = client.get(housing.url).content.decode()
    assert f'<a href="{welsh_housing.url}" hreflang="cy" lang="cy">Cymraeg</a>' in english
    assert 'hreflang="cy"' in english and 'rel="alternate"' in english
