from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import TranslatableMixin

from cms.blocks import RICH_TEXT_FEATURES

from .chapters import ChapterStatus, ParagraphKind


class VersionParagraphBlock(blocks.StructBlock):
    """A paragraph as it stood in a version. `key` is the paragraph's stable anchor
    (`#para-<key>`), the same across versions, by which versions are compared."""

    key = blocks.CharBlock(max_length=20, label=_("anchor key"))
    number = blocks.CharBlock(max_length=10, label=_("number"))
    section = blocks.CharBlock(max_length=255, required=False, label=_("section"))
    kind = blocks.ChoiceBlock(choices=ParagraphKind.choices, label=_("kind"))
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("text"))

    class Meta:
        icon = "doc-full"
        label = _("paragraph")
        template = "code_chapters/blocks/version_paragraph.html"
        preview_value = {
            "key": "1",
            "number": "1",
            "section": "What is corporate parenting?",
            "kind": "explanatory",
            "text": "<p>The text of the paragraph in this version.</p>",
        }


class ChapterVersion(TranslatableMixin, models.Model):
    """A version of a chapter with its own status and dates: the text readers see for a date
    (`?date=YYYY-MM-DD`) and compare (`?compare=<id>,<id>`). Explicit content, translated like any
    other (a Welsh version shares its English version's translation key); not a Wagtail revision.
    The chapter page itself shows the current text."""

    chapter = models.ForeignKey(
        "code_chapters.CodeChapterPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("chapter"),
    )
    status = models.CharField(
        max_length=30, choices=ChapterStatus.choices, verbose_name=_("status")
    )
    in_force_from = models.DateField(null=True, blank=True, verbose_name=_("in force from"))
    in_force_until = models.DateField(
        null=True,
        blank=True,
        verbose_name=_("in force until"),
        help_text=_("The last day this version was in force; set once it is superseded."),
    )
    summary = models.TextField(blank=True, verbose_name=_("what this version changed"))
    paragraphs = StreamField([("paragraph", VersionParagraphBlock())], verbose_name=_("paragraphs"))

    panels = [
        FieldPanel("chapter"),
        FieldPanel("status"),
        FieldPanel("in_force_from"),
        FieldPanel("in_force_until"),
        FieldPanel("summary"),
        FieldPanel("paragraphs"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("chapter version")
        ordering = ["in_force_from", "pk"]

    def __str__(self):
        return f"{self.chapter.title}: {self.get_status_display()} {self.in_force_from or ''}"

    def clean(self):
        if self.status != ChapterStatus.CONSULTATION_DRAFT and self.in_force_from is None:
            raise ValidationError({"in_force_from": _("A version in force needs a start date.")})
        if self.status == ChapterStatus.SUPERSEDED and self.in_force_until is None:
            raise ValidationError({"in_force_until": _("A superseded version needs an end date.")})
        if self.in_force_from and self.in_force_until and self.in_force_until < self.in_force_from:
            raise ValidationError({"in_force_until": _("The end date is before the start date.")})
