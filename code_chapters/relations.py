"""Code paragraphs with their principles, sectors and chapter, resolved to the reader's language
in a fixed number of queries however long the chapter is."""

from dataclasses import dataclass, field

from cms.localization import localize_pages


@dataclass
class SectionContents:
    section: object
    paragraphs: list = field(default_factory=list)


def annotate_paragraphs(paragraphs, locale):
    """Set `.principles` and `.sectors` on each paragraph: the pages its rows link to, in
    `locale`. Two queries for the rows and two for their translations."""
    from code_chapters.models import ParagraphPrinciple, ParagraphSector

    ids = [paragraph.pk for paragraph in paragraphs]
    principle_rows = list(
        ParagraphPrinciple.objects.filter(paragraph_id__in=ids)
        .select_related("principle")
        .order_by("sort_order")
    )
    sector_rows = list(
        ParagraphSector.objects.filter(paragraph_id__in=ids)
        .select_related("sector")
        .order_by("sort_order")
    )
    principles = {
        page.translation_key: page
        for page in localize_pages([row.principle for row in principle_rows], locale)
    }
    sectors = {
        page.translation_key: page
        for page in localize_pages([row.sector for row in sector_rows], locale)
    }
    for paragraph in paragraphs:
        paragraph.principles = sorted(
            (
                principles[row.principle.translation_key]
                for row in principle_rows
                if row.paragraph_id == paragraph.pk and row.principle.translation_key in principles
            ),
            key=lambda principle: principle.number,
        )
        paragraph.sectors = [
            sectors[row.sector.translation_key]
            for row in sector_rows
            if row.paragraph_id == paragraph.pk and row.sector.translation_key in sectors
        ]
    return paragraphs


def chapter_contents(chapter):
    """The chapter's live sections, each with its live paragraphs in order."""
    from code_chapters.models import CodeParagraphPage, CodeSectionPage

    sections = [
        SectionContents(section)
        for section in CodeSectionPage.objects.child_of(chapter).live().order_by("path")
    ]
    paragraphs = list(CodeParagraphPage.objects.descendant_of(chapter).live().order_by("path"))
    annotate_paragraphs(paragraphs, chapter.locale)
    for contents in sections:
        contents.paragraphs = [
            paragraph
            for paragraph in paragraphs
            if paragraph.path.startswith(contents.section.path)
        ]
    return sections


def section_contents(section):
    from code_chapters.models import CodeParagraphPage

    paragraphs = list(CodeParagraphPage.objects.child_of(section).live().order_by("path"))
    return annotate_paragraphs(paragraphs, section.locale)


def paragraphs_serving(page):
    """Live paragraphs, in `page`'s language, linked to a principle or sector page, each with
    `.chapter` set so that templates can link to `chapter.url#para-<key>`."""
    from code_chapters.models import (
        CodeChapterPage,
        CodeParagraphPage,
        ParagraphPrinciple,
        ParagraphSector,
    )
    from toolkit.models import PrinciplePage

    if isinstance(page, PrinciplePage):
        rows = ParagraphPrinciple.objects.filter(principle__translation_key=page.translation_key)
    else:
        rows = ParagraphSector.objects.filter(sector__translation_key=page.translation_key)
    sources = list(
        CodeParagraphPage.objects.filter(pk__in=rows.values("paragraph_id")).order_by("path")
    )
    paragraphs = sorted(
        (
            paragraph
            for paragraph in localize_pages(sources, page.locale)
            if isinstance(paragraph, CodeParagraphPage)
        ),
        key=lambda paragraph: paragraph.path,
    )
    chapters = list(CodeChapterPage.objects.live().filter(locale_id=page.locale_id))
    for paragraph in paragraphs:
        paragraph.chapter = next(
            (chapter for chapter in chapters if paragraph.path.startswith(chapter.path)), None
        )
    return [paragraph for paragraph in paragraphs if paragraph.chapter is not None]
