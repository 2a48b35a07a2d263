from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from cms.api import (
    CITATION_API_FIELDS,
    InPageLanguageField,
    RelatedPageField,
    RelatedPagesField,
    StreamWithPropertiesField,
)
from cms.blocks import RICH_TEXT_FEATURES, BodyBlock
from cms.history import ChangeNoteForm
from cms.models import RoutedPageMixin, SourceCitationMixin
from cms.publishing import PublishRulesMixin
from code_chapters.blocks import LegalReferenceBlock
from code_chapters.legislation import INSTRUMENT_CHOICES, cite
from code_chapters.relations import annotate_paragraphs, section_contents
from search.indexing import NormalisedSearchMixin

PARAGRAPH_NUMBER_PATTERN = r"^[1-9]\d*[A-Z]?$"


class CodeOfPracticePage(
    RoutedPageMixin, PublishRulesMixin, NormalisedSearchMixin, SourceCitationMixin, Page
):
    """A code of practice issued under the act, e.g. the Part 6 code."""

    summary = models.TextField(verbose_name=_("summary"))
    issued_under_instrument = models.CharField(
        max_length=40, choices=INSTRUMENT_CHOICES, verbose_name=_("issued under (legislation)")
    )
    issued_under_provision = models.CharField(
        max_length=20, blank=True, verbose_name=_("issued under (section)")
    )
    last_reissued = models.CharField(
        max_length=80, blank=True, verbose_name=_("last reissued"), help_text=_("e.g. April 2018")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("issued_under_instrument"),
                FieldPanel("issued_under_provision"),
                FieldPanel("last_reissued"),
            ],
            heading=_("Legal status"),
        ),
        FieldPanel("body"),
        *SourceCitationMixin.citation_panels,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.FilterField("locale_id"),
        *NormalisedSearchMixin.normalised_search_fields,
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["code_chapters.CodeChapterPage", "code_chapters.ConsultationPage"]
    override_translatable_fields = [SynchronizedField("issued_under_provision")]
    api_fields = [
        APIField("summary"),
        APIField("issued_under_instrument"),
        APIField("issued_under_provision"),
        APIField("issued_under", serializer=InPageLanguageField()),
        APIField("last_reissued"),
        APIField("body"),
        *CITATION_API_FIELDS,
    ]

    class Meta:
        verbose_name = _("code of practice")

    @property
    def issued_under(self):
        return cite(self.issued_under_instrument, self.issued_under_provision)

    def get_context(self, request, *args, **kwargs):
        from code_chapters.models import ConsultationPage

        context = super().get_context(request, *args, **kwargs)
        context["chapters"] = CodeChapterPage.objects.child_of(self).live()
        context["consultations"] = ConsultationPage.objects.child_of(self).live()
        return context


class ChapterStatus(models.TextChoices):
    CONSULTATION_DRAFT = "consultation_draft", _("Consultation draft")
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", _("Superseded")


class CodeChapterPage(
    RoutedPageMixin, PublishRulesMixin, NormalisedSearchMixin, SourceCitationMixin, Page
):
    """A chapter of a code: sections of numbered paragraphs."""

    status = models.CharField(
        max_length=30,
        choices=ChapterStatus.choices,
        default=ChapterStatus.CONSULTATION_DRAFT,
        verbose_name=_("status"),
    )
    consultation = models.ForeignKey(
        "code_chapters.ConsultationPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("consultation"),
        help_text=_("The consultation that proposed this chapter, if any."),
    )
    drafting_note = models.TextField(
        blank=True,
        verbose_name=_("drafting note"),
        help_text=_("Shown to readers above the chapter, e.g. how this text was prepared."),
    )
    intro = StreamField(BodyBlock(), blank=True, verbose_name=_("introduction"))

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("consultation"), FieldPanel("drafting_note")],
            heading=_("Status"),
        ),
        FieldPanel("intro"),
        *SourceCitationMixin.citation_panels,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.FilterField("status"),
        index.FilterField("locale_id"),
        *NormalisedSearchMixin.normalised_search_fields,
    ]
    api_fields = [
        APIField("status"),
        APIField("consultation", serializer=RelatedPageField(source="localized_consultation")),
        APIField("drafting_note"),
        APIField("intro"),
        *CITATION_API_FIELDS,
    ]
    parent_page_types = ["code_chapters.CodeOfPracticePage"]
    subpage_types = ["code_chapters.CodeSectionPage"]

    class Meta:
        verbose_name = _("code chapter")

    @cached_property
    def localized_consultation(self):
        """The consultation in the chapter's language, or as stored where it has no translation.
        One query for both (the link is stored on the English chapter and copied unchanged)."""
        from code_chapters.models import ConsultationPage

        if self.consultation_id is None:
            return None
        stored_key = ConsultationPage.objects.filter(pk=self.consultation_id).values(
            "translation_key"
        )
        candidates = list(
            ConsultationPage.objects.filter(
                Q(pk=self.consultation_id)
                | Q(locale_id=self.locale_id, translation_key__in=stored_key)
            )
        )
        translated = next((page for page in candidates if page.locale_id == self.locale_id), None)
        stored = next((page for page in candidates if page.pk == self.consultation_id), None)
        return translated or stored

    def get_context(self, request, *args, **kwargs):
        from code_chapters.relations import chapter_contents
        from code_chapters.versions import version_context

        context = super().get_context(request, *args, **kwargs)
        context["consultation_page"] = self.localized_consultation
        context.update(version_context(self, request.GET))
        if not context.get("version_view"):
            context["sections"] = chapter_contents(self)
        return context


class CodeSectionPage(RoutedPageMixin, PublishRulesMixin, NormalisedSearchMixin, Page):
    """A section of a chapter: a heading and its numbered paragraphs."""

    intro = StreamField(BodyBlock(), blank=True, verbose_name=_("introduction"))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.FilterField("locale_id"),
        *NormalisedSearchMixin.normalised_search_fields,
    ]
    api_fields = [
        APIField("intro"),
        APIField(
            "paragraphs",
            serializer=RelatedPagesField(section_contents, extra_fields=("number", "kind")),
        ),
    ]
    parent_page_types = ["code_chapters.CodeChapterPage"]
    subpage_types = ["code_chapters.CodeParagraphPage"]

    class Meta:
        verbose_name = _("code section")

    def get_context(self, request, *args, **kwargs):
        from code_chapters.relations import section_contents

        context = super().get_context(request, *args, **kwargs)
        # The parent as routing read it (cms.models.SiteRootMixin); its own columns in one query.
        chapter = self.get_parent().specific
        context["chapter"] = chapter
        context["paragraphs"] = section_contents(self)
        return context


class ParagraphKind(models.TextChoices):
    REQUIREMENT = "requirement", _("Requirement")
    GUIDELINE = "guideline", _("Guideline")
    EXPLANATORY = "explanatory", _("Explanatory text")


def paragraph_clashes(paragraph, section):
    """Other paragraphs of the same chapter and language that share `paragraph`'s key or number:
    a {field: message} dict, empty when there is no clash."""
    chapter = section.get_parent()
    siblings = CodeParagraphPage.objects.descendant_of(chapter).filter(locale_id=section.locale_id)
    if paragraph.translation_key:
        siblings = siblings.exclude(translation_key=paragraph.translation_key)
    errors = {}
    if paragraph.paragraph_key and siblings.filter(paragraph_key=paragraph.paragraph_key).exists():
        errors["paragraph_key"] = _("Another paragraph of this chapter already has this key.")
    if paragraph.number and siblings.filter(number=paragraph.number).exists():
        errors["number"] = _("Another paragraph of this chapter already has this number.")
    return errors


class CodeParagraphForm(ChangeNoteForm):
    def clean(self):
        cleaned_data = super().clean()
        section = self.parent_page if self.instance.pk is None else self.instance.get_parent()
        if section is not None:
            self.instance.paragraph_key = cleaned_data.get("paragraph_key")
            self.instance.number = cleaned_data.get("number")
            for field, message in paragraph_clashes(self.instance, section).items():
                self.add_error(field, message)
        return cleaned_data


class CodeParagraphPage(RoutedPageMixin, PublishRulesMixin, NormalisedSearchMixin, Page):
    """One numbered paragraph of a code chapter.

    `paragraph_key` is its stable anchor (`#para-<key>`): it is set once and survives
    renumbering, so links into the chapter keep working. `number` is what readers see and may
    carry a letter for inserted paragraphs (12A).
    """

    paragraph_key = models.SlugField(
        max_length=40,
        verbose_name=_("anchor key"),
        help_text=_(
            "Stable identifier used in links (#para-<key>). Set once; keep it when renumbering."
        ),
    )
    number = models.CharField(
        max_length=10,
        validators=[
            RegexValidator(
                PARAGRAPH_NUMBER_PATTERN,
                _(
                    "A paragraph number is a whole number, optionally followed by one capital "
                    "letter for an inserted paragraph, e.g. 12 or 12A."
                ),
            )
        ],
        verbose_name=_("number"),
    )
    kind = models.CharField(
        max_length=20,
        choices=ParagraphKind.choices,
        verbose_name=_("kind"),
        help_text=_(
            "Requirement: what a local authority must do. Guideline: what it should or "
            "may do. Explanatory text: neither."
        ),
    )
    text = RichTextField(features=RICH_TEXT_FEATURES, verbose_name=_("text"))
    legal_references = StreamField(
        [("reference", LegalReferenceBlock())], blank=True, verbose_name=_("legal references")
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("number"), FieldPanel("paragraph_key"), FieldPanel("kind")],
            heading=_("Paragraph"),
        ),
        FieldPanel("text"),
        FieldPanel("legal_references"),
        InlinePanel("principle_links", label=_("Principle it serves")),
        InlinePanel("sector_links", label=_("Sector it concerns")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("text", boost=1),
        index.FilterField("kind"),
        index.FilterField("locale_id"),
        *NormalisedSearchMixin.normalised_search_fields,
    ]
    # The anchor key and the number are identifiers: the Welsh paragraph keeps the English ones.
    override_translatable_fields = [SynchronizedField("paragraph_key"), SynchronizedField("number")]
    api_fields = [
        APIField("paragraph_key"),
        APIField("number"),
        APIField("kind"),
        APIField("text"),
        APIField(
            "legal_references",
            serializer=StreamWithPropertiesField(properties=("citation", "url")),
        ),
        APIField(
            "principles",
            serializer=RelatedPagesField(
                lambda paragraph: annotate_paragraphs([paragraph], paragraph.locale)[0].principles,
                extra_fields=("number",),
            ),
        ),
        APIField(
            "sectors",
            serializer=RelatedPagesField(
                lambda paragraph: annotate_paragraphs([paragraph], paragraph.locale)[0].sectors
            ),
        ),
    ]
    base_form_class = CodeParagraphForm
    parent_page_types = ["code_chapters.CodeSectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("code paragraph")

    @property
    def anchor(self):
        return f"para-{self.paragraph_key}"

    @property
    def is_requirement(self):
        return self.kind == ParagraphKind.REQUIREMENT

    def clean(self):
        super().clean()
        if self.path and self.depth and self.depth > 2:
            section = self.get_parent()
            errors = paragraph_clashes(self, section)
            if errors:
                raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from code_chapters.relations import annotate_paragraphs

        context = super().get_context(request, *args, **kwargs)
        # The section and the chapter as routing read them (cms.models.SiteRootMixin): the
        # section's title and address are all the page shows of it, so it is not read again.
        section = self.get_parent()
        context["section"] = section
        context["chapter"] = section.get_parent().specific
        annotate_paragraphs([self], self.locale_id)
        return context


class ParagraphPrinciple(Orderable):
    paragraph = ParentalKey(
        CodeParagraphPage, on_delete=models.CASCADE, related_name="principle_links"
    )
    principle = models.ForeignKey(
        "toolkit.PrinciplePage",
        on_delete=models.CASCADE,
        related_name="paragraph_links",
        verbose_name=_("principle"),
    )
    panels = [FieldPanel("principle")]

    class Meta(Orderable.Meta):
        verbose_name = _("principle it serves")
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "principle"], name="unique_paragraph_principle"
            )
        ]


class ParagraphSector(Orderable):
    paragraph = ParentalKey(
        CodeParagraphPage, on_delete=models.CASCADE, related_name="sector_links"
    )
    sector = models.ForeignKey(
        "toolkit.SectorPage",
        on_delete=models.CASCADE,
        related_name="paragraph_links",
        verbose_name=_("sector"),
    )
    panels = [FieldPanel("sector")]

    class Meta(Orderable.Meta):
        verbose_name = _("sector it concerns")
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "sector"], name="unique_paragraph_sector")
        ]
