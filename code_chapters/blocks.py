"""Blocks of the code of practice: legal references and consultation questions."""

from django.core.validators import RegexValidator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from code_chapters.legislation import INSTRUMENT_CHOICES, INSTRUMENTS, cite

PROVISION_PATTERN = r"^\d+[A-Z]?(-\d+[A-Z]?)?$"


class LegalReferenceValue(blocks.StructValue):
    @cached_property
    def instrument(self):
        return INSTRUMENTS.get(self.get("instrument"))

    @cached_property
    def citation(self):
        if self.instrument is None:
            return self.get("instrument")
        return cite(self.get("instrument"), self.get("provision"))

    @property
    def url(self):
        return self.instrument.url if self.instrument else ""


class IdentifierBlock(blocks.CharBlock):
    """Text that is an identifier (a section number), the same in every language: wagtail-localize
    copies it into translations instead of asking translators for it."""

    def get_translatable_segments(self, value):
        return []

    def restore_translated_segments(self, value, segments):
        return value


class LegalReferenceBlock(blocks.StructBlock):
    instrument = blocks.ChoiceBlock(choices=INSTRUMENT_CHOICES, label=_("Act or regulations"))
    provision = IdentifierBlock(
        required=False,
        label=_("Section or regulation"),
        help_text=_("A number such as 6 or 78, or a range such as 104-118."),
        validators=[
            RegexValidator(
                PROVISION_PATTERN, _("Give a number such as 6, or a range such as 104-118.")
            )
        ],
    )

    class Meta:
        icon = "doc-full"
        template = "code_chapters/blocks/legal_reference.html"
        label = _("Legal reference")
        value_class = LegalReferenceValue
        preview_value = {"instrument": "sswba-2014", "provision": "6"}


class ConsultationQuestionBlock(blocks.StructBlock):
    number = blocks.IntegerBlock(min_value=1, label=_("Number"))
    topic = blocks.CharBlock(required=False, label=_("What it asks about"))
    text = blocks.TextBlock(label=_("Question"))

    class Meta:
        icon = "help"
        template = "code_chapters/blocks/consultation_question.html"
        label = _("Consultation question")
        preview_value = {
            "number": 2,
            "topic": "what is corporate parenting?",
            "text": "What are your views on the term “community parenting”?",
        }
