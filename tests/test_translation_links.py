"""Relations are stored once, on the English pages; wagtail-localize copies them unchanged into
the Welsh translations, and they are resolved to the reader's language when rendered."""

from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

import pytest

from toolkit.models import PrinciplePage, SectorPage
from toolkit.relations import principles_for_sector, sectors_for_principle

pytestmark = pytest.mark.django_db


@pytest.fixture
def welsh():
    return Locale.objects.get(language_code="cy")


def english_and_welsh(model, welsh, **lookup):
    english = model.objects.get(locale__language_code="en", **lookup)
    return english, english.get_translation(welsh)


def test_welsh_pages_were_made_through_wagtail_localize(welsh):
    housing, welsh_housing = english_and_welsh(SectorPage, welsh, slug="housing-services")
    assert TranslationSource.objects.filter(object_id=housing.translation_key).exists()
    assert welsh_housing.slug == "gwasanaethau-tai"
    assert welsh_housing.title == "Gwasanaethau tai"


def test_relations_resolve_to_welsh_pages_in_both_directions(welsh):
    housing, welsh_housing = english_and_welsh(SectorPage, welsh, slug="housing-services")
    stable_home, welsh_stable_home = english_and_welsh(PrinciplePage, welsh, number=8)

    # The copied rows still point at the English principle pages...
    assert welsh_housing.principle_links.filter(principle=stable_home).exists()
    # ...but the Welsh sector shows the Welsh principles.
    shown = principles_for_sector(welsh_housing)
    assert [principle.number for principle in shown] == [1, 2, 4, 8, 10]
    assert all(principle.locale == welsh for principle in shown)
    assert welsh_stable_home in shown
    # And the Welsh principle lists the Welsh housing page.
    assert welsh_housing in sectors_for_principle(welsh_stable_home)
    assert housing not in sectors_for_principle(welsh_stable_home)


def test_a_page_without_a_live_translation_falls_back_to_english_never_to_nothing(welsh):
    _, welsh_housing = english_and_welsh(SectorPage, welsh, slug="housing-services")
    equality, welsh_equality = english_and_welsh(PrinciplePage, welsh, number=1)
    welsh_equality.unpublish()
    shown = principles_for_sector(welsh_housing)
    assert equality in shown
    assert [principle.number for principle in shown] == [1, 2, 4, 8, 10]


def test_welsh_sector_page_links_to_the_welsh_principle_page(client, welsh):
    housing, welsh_housing = english_and_welsh(SectorPage, welsh, slug="housing-services")
    _, welsh_stable_home = english_and_welsh(PrinciplePage, welsh, number=8)

    html = client.get(welsh_housing.url).content.decode()
    assert welsh_housing.url == "/cy/pecyn-cymorth/sectorau/gwasanaethau-tai/"
    assert f'href="{welsh_stable_home.url}"' in html
    assert '<html lang="cy"' in html
    # English pages link to their Welsh twin, labelled in Welsh, and list both as alternates.
    english = client.get(housing.url).content.decode()
    toggle = f'href="{welsh_housing.url}" rel="alternate" hreflang="cy" lang="cy">Cymraeg</a>'
    assert toggle in english
    assert f'hreflang="cy" href="http://localhost{welsh_housing.url}"' in english
    assert f'hreflang="x-default" href="http://localhost{housing.url}"' in english
    # And the Welsh page links back, labelled "English".
    assert f'href="{housing.url}" rel="alternate" hreflang="en" lang="en">English</a>' in html


def test_language_link_goes_to_the_nearest_translated_ancestor_and_says_so(client, welsh):
    _, welsh_housing = english_and_welsh(SectorPage, welsh, slug="housing-services")
    welsh_housing.unpublish()
    html = client.get("/en/toolkit/sectors/housing-services/").content.decode()
    toggle = 'href="/cy/pecyn-cymorth/sectorau/" rel="alternate" hreflang="cy" lang="cy">Cymraeg'
    assert toggle in html
    assert "nid yw'r dudalen hon wedi'i chyfieithu eto" in html
