"""Where each page type may be created (pinned with Wagtail's own page assertions)."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from code_chapters.models import (
    CodeChapterPage,
    CodeOfPracticePage,
    CodeParagraphPage,
    CodeSectionPage,
    ConsultationPage,
)
from home.models import HomePage, InformationPage
from toolkit.models import (
    PrincipleIndexPage,
    PrinciplePage,
    ResourceIndexPage,
    ResourcePage,
    SectorIndexPage,
    SectorPage,
    ToolkitPage,
)


class PagePlacementTests(WagtailPageTestCase):
    def test_allowed_parents(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedParentPageTypes(InformationPage, {HomePage})
        self.assertAllowedParentPageTypes(ToolkitPage, {HomePage})
        self.assertAllowedParentPageTypes(PrincipleIndexPage, {ToolkitPage})
        self.assertAllowedParentPageTypes(PrinciplePage, {PrincipleIndexPage})
        self.assertAllowedParentPageTypes(SectorIndexPage, {ToolkitPage})
        self.assertAllowedParentPageTypes(SectorPage, {SectorIndexPage})
        self.assertAllowedParentPageTypes(ResourceIndexPage, {ToolkitPage})
        self.assertAllowedParentPageTypes(ResourcePage, {ResourceIndexPage})
        self.assertAllowedParentPageTypes(CodeOfPracticePage, {HomePage})
        self.assertAllowedParentPageTypes(CodeChapterPage, {CodeOfPracticePage})
        self.assertAllowedParentPageTypes(ConsultationPage, {CodeOfPracticePage})
        self.assertAllowedParentPageTypes(CodeSectionPage, {CodeChapterPage})
        self.assertAllowedParentPageTypes(CodeParagraphPage, {CodeSectionPage})

    def test_allowed_children(self):
        self.assertAllowedSubpageTypes(HomePage, {ToolkitPage, CodeOfPracticePage, InformationPage})
        self.assertAllowedSubpageTypes(
            ToolkitPage, {PrincipleIndexPage, SectorIndexPage, ResourceIndexPage}
        )
        self.assertAllowedSubpageTypes(CodeOfPracticePage, {CodeChapterPage, ConsultationPage})
        self.assertAllowedSubpageTypes(CodeChapterPage, {CodeSectionPage})
        self.assertAllowedSubpageTypes(CodeSectionPage, {CodeParagraphPage})
        for leaf in (PrinciplePage, SectorPage, ResourcePage, CodeParagraphPage, InformationPage):
            self.assertAllowedSubpageTypes(leaf, set())

    def test_a_sector_page_only_under_the_sector_index(self):
        self.assertCanCreateAt(SectorIndexPage, SectorPage)
        for parent in (HomePage, ToolkitPage, PrincipleIndexPage, CodeChapterPage):
            self.assertCanNotCreateAt(parent, SectorPage)

    def test_a_paragraph_only_in_a_chapter_section(self):
        self.assertCanCreateAt(CodeSectionPage, CodeParagraphPage)
        for parent in (CodeChapterPage, CodeOfPracticePage, SectorPage, HomePage):
            self.assertCanNotCreateAt(parent, CodeParagraphPage)

    def test_one_index_of_each_kind_per_toolkit(self):
        toolkit = ToolkitPage.objects.filter(locale__language_code="en").first()
        for index_type in (PrincipleIndexPage, SectorIndexPage, ResourceIndexPage):
            self.assertFalse(index_type.can_create_at(toolkit), index_type.__name__)
