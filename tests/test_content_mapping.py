"""After load_content, the principle-to-sector mapping is the one in the toolkit (PRODUCT.md), and
every principle and sector page shows the other side of it."""

import re

import pytest

from toolkit.relations import principles_for_sector, sectors_for_principle

# The table in shared/PRODUCT.md, from seed 001 "corporate parenting in practice".
EXPECTED_MAPPING = {
    "social-services": list(range(1, 12)),
    "education-services": [1, 2, 3, 4, 5, 6, 9, 10],
    "health-services": [1, 2, 4, 7, 10, 11],
    "housing-services": [1, 2, 4, 8, 10],
    "third-sector": [1, 3, 4, 5, 10, 11],
    "police-and-criminal-justice": [1, 2, 3, 4],
    "culture-leisure-play-and-youth-work": [1, 2, 3, 4, 5, 10],
    "private-sector": [1, 2, 5, 6, 10, 11],
}

PRINCIPLE_NAMES = {
    1: "equality",
    2: "eradicate stigma",
    3: "togetherness",
    4: "support",
    5: "ambition",
    6: "nurture",
    7: "good health",
    8: "a stable home",
    9: "a good education",
    10: "thrive",
    11: "lifelong",
}

pytestmark = pytest.mark.django_db


def test_the_eleven_principles_are_loaded_with_their_names(principles):
    assert {number: page.short_name for number, page in principles.items()} == PRINCIPLE_NAMES


def test_mapping_in_the_database_equals_the_toolkit_table(sectors):
    assert set(sectors) == set(EXPECTED_MAPPING)
    for slug, sector in sectors.items():
        assert [principle.number for principle in principles_for_sector(sector)] == (
            EXPECTED_MAPPING[slug]
        ), slug


def test_all_principles_is_stored_as_eleven_links(sectors):
    assert sectors["social-services"].principle_links.count() == 11


def test_every_principle_lists_exactly_the_sectors_it_applies_to(principles, sectors):
    for number, principle in principles.items():
        expected = {slug for slug, numbers in EXPECTED_MAPPING.items() if number in numbers}
        assert {sector.slug for sector in sectors_for_principle(principle)} == expected, number


def test_sector_page_lists_its_principles_by_number_and_name_linking_to_each(client, sectors):
    html = client.get(sectors["housing-services"].url).content.decode()
    section = html.split('id="principles-heading"')[1].split("</section>")[0]
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', section)
    assert links == [
        ("/en/toolkit/principles/equality/", "Principle 1: equality"),
        ("/en/toolkit/principles/eradicate-stigma/", "Principle 2: eradicate stigma"),
        ("/en/toolkit/principles/support/", "Principle 4: support"),
        ("/en/toolkit/principles/a-stable-home/", "Principle 8: a stable home"),
        ("/en/toolkit/principles/thrive/", "Principle 10: thrive"),
    ]


def test_every_principle_page_links_to_its_sectors(client, principles, sectors):
    for number, principle in principles.items():
        html = client.get(principle.url).content.decode()
        section = html.split('id="sectors-heading"')[1].split("</section>")[0]
        linked = set(re.findall(r'href="/en/toolkit/sectors/([^/"]+)/"', section))
        expected = {slug for slug, numbers in EXPECTED_MAPPING.items() if number in numbers}
        assert linked == expected, number


def test_every_sector_page_lists_the_right_principles(client, sectors):
    for slug, sector in sectors.items():
        html = client.get(sector.url).content.decode()
        section = html.split('id="principles-heading"')[1].split("</section>")[0]
        numbers = [int(n) for n in re.findall(r">Principle (\d+):", section)]
        assert numbers == EXPECTED_MAPPING[slug], slug


def test_editing_the_mapping_is_data_not_template_logic(client, principles, sectors):
    from toolkit.models import SectorPrinciple

    housing = sectors["housing-services"]
    SectorPrinciple.objects.create(sector=housing, principle=principles[7], sort_order=99)
    html = client.get(principles[7].url).content.decode()
    assert 'href="/en/toolkit/sectors/housing-services/"' in html


def test_actions_tagged_with_a_principle_show_on_its_page(client, principles, sectors):
    health = sectors["health-services"]
    raw = list(health.actions.raw_data)
    raw[0]["value"]["principles"] = [{"type": "item", "value": principles[7].pk, "id": "tag-1"}]
    health.actions = raw
    health.save()
    html = client.get(principles[7].url).content.decode()
    assert "What sectors can do for this principle" in html
    assert "At local health board level, actively seek to promote the rights" in html
    untagged = client.get(principles[8].url).content.decode()
    assert "What sectors can do for this principle" not in untagged


def test_code_paragraphs_that_concern_housing_are_on_the_housing_page(client, sectors):
    html = client.get(sectors["housing-services"].url).content.decode()
    assert 'href="/en/part-6-code/corporate-parenting/#para-9"' in html


def test_principle_page_links_the_code_paragraphs_that_serve_it(client, principles):
    html = client.get(principles[3].url).content.decode()
    assert 'href="/en/part-6-code/corporate-parenting/#para-6"' in html


def test_council_strategy_is_linked_to_social_services_and_its_principles(client, sectors):
    from toolkit.models import ResourcePage

    strategy = ResourcePage.objects.get(slug="council-strategy-priorities")
    html = client.get(strategy.url).content.decode()
    assert 'href="/en/toolkit/sectors/social-services/"' in html
    for slug in ("nurture", "good-health", "a-stable-home", "a-good-education"):
        assert f'href="/en/toolkit/principles/{slug}/"' in html
    social = client.get(sectors["social-services"].url).content.decode()
    assert strategy.url in social
