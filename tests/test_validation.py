"""Rules the database cannot hold alone: one principle per number per language, one paragraph per
key and number per chapter, paragraph number format; and the small domain functions."""

import datetime

from django.core.exceptions import ValidationError

from wagtail.models import Locale

import pytest

from code_chapters.legislation import cite
from code_chapters.models import CodeParagraphPage, CodeSectionPage
from code_chapters.models.consultations import ConsultationStatus, consultation_status
from toolkit.models import PrincipleIndexPage, PrinciplePage

pytestmark = pytest.mark.django_db


def test_a_second_principle_with_the_same_number_in_a_language_is_refused():
    index = PrincipleIndexPage.objects.get(locale__language_code="en")
    duplicate = PrinciplePage(
        title="Another eight", slug="another-eight", number=8, short_name="x", statement="y"
    )
    with pytest.raises(ValidationError) as error:
        index.add_child(instance=duplicate)
    assert "Principle 8 already exists in this language" in str(error.value)


def test_the_same_number_in_another_language_is_allowed():
    welsh = PrinciplePage.objects.get(number=8, locale=Locale.objects.get(language_code="cy"))
    welsh.full_clean()  # no clash: the same principle (translation key) in another language
    assert welsh.number == 8


def test_principle_numbers_are_one_to_eleven():
    index = PrincipleIndexPage.objects.get(locale__language_code="en")
    with pytest.raises(ValidationError, match="less than or equal to 11"):
        index.add_child(
            instance=PrinciplePage(
                title="Twelve", slug="twelve", number=12, short_name="x", statement="y"
            )
        )


def _section():
    return CodeSectionPage.objects.get(slug="reporting", locale__language_code="en")


def test_an_inserted_paragraph_takes_a_lettered_number():
    paragraph = CodeParagraphPage(
        title="Paragraph 16A",
        slug="para-16a",
        paragraph_key="16a",
        number="16A",
        kind="guideline",
        text="<p>Inserted.</p>",
    )
    _section().add_child(instance=paragraph)
    assert paragraph.anchor == "para-16a"


@pytest.mark.parametrize("number", ["0", "12a", "A12", "12AB", "1.2", ""])
def test_malformed_paragraph_numbers_are_refused(number):
    paragraph = CodeParagraphPage(
        title="Bad",
        slug="bad",
        paragraph_key="bad",
        number=number,
        kind="guideline",
        text="<p>x</p>",
    )
    with pytest.raises(ValidationError):
        _section().add_child(instance=paragraph)


def test_paragraph_keys_and_numbers_are_unique_within_the_chapter():
    other_section = CodeSectionPage.objects.get(slug="what-is-corporate-parenting")
    clash = CodeParagraphPage(
        title="Clash",
        slug="clash",
        paragraph_key="16",
        number="16",
        kind="guideline",
        text="<p>x</p>",
    )
    with pytest.raises(ValidationError) as error:
        other_section.add_child(instance=clash)
    assert "paragraph_key" in error.value.message_dict
    assert "number" in error.value.message_dict


def test_renumbering_keeps_the_anchor():
    paragraph = CodeParagraphPage.objects.get(paragraph_key="16", locale__language_code="en")
    paragraph.number = "19"
    paragraph.save()
    assert paragraph.anchor == "para-16"


def test_consultation_status_by_date():
    closes = datetime.date(2025, 10, 27)
    assert consultation_status(None, closes, datetime.date(2025, 10, 27)) == ConsultationStatus.OPEN
    assert consultation_status(None, closes, datetime.date(2025, 10, 28)) == (
        ConsultationStatus.CLOSED
    )
    assert consultation_status(datetime.date(2025, 8, 1), closes, datetime.date(2025, 7, 1)) == (
        ConsultationStatus.NOT_YET_OPEN
    )


def test_legal_citations():
    assert cite("sswba-2014", "6") == "Social Services and Well-being (Wales) Act 2014, s. 6"
    assert cite("sswba-2014", "104-118") == (
        "Social Services and Well-being (Wales) Act 2014, ss. 104-118"
    )
    assert cite("care-leavers-regs-2015", "") == "Care Leavers (Wales) Regulations 2015"
