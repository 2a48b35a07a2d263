"""Code paragraphs with their principles, sectors and chapter, resolved to the reader's language
in a fixed number of queries however long the chapter is."""

from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Q, Subquery, Value

from wagtail.models import Page

from cms.localization import localized_linked_pages

PRINCIPLE, SECTOR = "principle", "sector"


@dataclass
class SectionContents:
    section: object
    paragraphs: list = field(default_factory=list)


@dataclass(frozen=True)
class Link:
    """A paragraph's link row: to a principle or a sector page, in the editors' position."""

    paragraph_id: int
    kind: str
    target_id: int
    target_key: str
    position: int


def annotate_paragraphs(paragraphs, locale):
    """Set `.principles` and `.sectors` on each paragraph: the pages its rows link to, in
    `locale`. Two queries: the link rows of both kinds, then the pages they link to."""
    from code_chapters.models import ParagraphPrinciple, ParagraphSector

    ids = [paragraph.pk for paragraph in paragraphs]
    principle_rows = ParagraphPrinciple.objects.filter(paragraph_id__in=ids).values_list(
        "paragraph_id",
        Value(PRINCIPLE),
        "principle_id",
        "principle__translation_key",
        "sort_order",
    )
    sector_rows = ParagraphSector.objects.filter(paragraph_id__in=ids).values_list(
        "paragraph_id", Value(SECTOR), "sector_id", "sector__translation_key", "sort_order"
    )
    # Orderable rows are ordered by default; a compound query allows no ordering of its parts.
    links = [
        Link(*row) for row in principle_rows.order_by().union(sector_rows.order_by(), all=True)
    ]
    return _attach_links(paragraphs, links, locale)


def paragraphs_with_links(paragraphs):
    """The paragraphs of the query `paragraphs`, in site-tree order, each with its link rows read
    in the same query: each paragraph comes once per link (of each kind) and once with none, and
    the copies are folded back into one. Links are then attached by `_attach_links`."""
    base = paragraphs.order_by()
    kinds = (
        (
            PRINCIPLE,
            "principle_links__principle_id",
            "principle_links__principle__translation_key",
            "principle_links__sort_order",
        ),
        (
            SECTOR,
            "sector_links__sector_id",
            "sector_links__sector__translation_key",
            "sector_links__sort_order",
        ),
    )
    queries = [
        base.annotate(
            link_kind=Value(kind),
            link_target_id=F(target_id),
            link_target_key=F(target_key),
            link_position=F(position),
        )
        for kind, target_id, target_key, position in kinds
    ]
    by_id, links = {}, []
    for paragraph in queries[0].union(queries[1], all=True):
        by_id.setdefault(paragraph.pk, paragraph)
        if paragraph.link_target_id is not None:
            links.append(
                Link(
                    paragraph.pk,
                    paragraph.link_kind,
                    paragraph.link_target_id,
                    paragraph.link_target_key,
                    paragraph.link_position,
                )
            )
    return sorted(by_id.values(), key=lambda paragraph: paragraph.path), links


def _attach_links(paragraphs, links, locale):
    """Set `.principles` (by number) and `.sectors` (in the editors' order) on each paragraph
    from its `links`, the linked pages in `locale` (or as stored where they have no live
    translation). One query for all the linked pages, read as plain pages with each principle's
    number."""
    from toolkit.models import PrinciplePage

    locale_id = getattr(locale, "pk", locale)
    pages_by_key = {}
    if links:
        candidates = (
            Page.objects.live()
            .filter(
                Q(pk__in={link.target_id for link in links})
                | Q(locale_id=locale_id, translation_key__in={link.target_key for link in links})
            )
            .annotate(
                number=Subquery(
                    PrinciplePage.objects.filter(pk=OuterRef("pk")).values("number")[:1]
                )
            )
        )
        for page in candidates:
            current = pages_by_key.get(page.translation_key)
            if current is None or (page.locale_id == locale_id and current.locale_id != locale_id):
                pages_by_key[page.translation_key] = page
    ordered = sorted(
        links, key=lambda link: (link.position is None, link.position or 0, link.target_id)
    )
    for paragraph in paragraphs:
        own = [link for link in ordered if link.paragraph_id == paragraph.pk]
        principles, sectors = [], []
        for link in own:
            page = pages_by_key.get(link.target_key)
            shown = principles if link.kind == PRINCIPLE else sectors
            if page is not None and page not in shown:
                shown.append(page)
        paragraph.principles = sorted(principles, key=lambda principle: principle.number or 0)
        paragraph.sectors = sectors
    return paragraphs


def chapter_contents(chapter):
    """The chapter's live sections, each with its live paragraphs in order. Three queries: the
    sections, the paragraphs with their link rows, the pages they link to."""
    from code_chapters.models import CodeParagraphPage, CodeSectionPage

    sections = [
        SectionContents(section)
        for section in CodeSectionPage.objects.child_of(chapter).live().order_by("path")
    ]
    paragraphs, links = paragraphs_with_links(
        CodeParagraphPage.objects.descendant_of(chapter).live()
    )
    _attach_links(paragraphs, links, chapter.locale_id)
    for contents in sections:
        contents.paragraphs = [
            paragraph
            for paragraph in paragraphs
            if paragraph.path.startswith(contents.section.path)
        ]
    return sections


def section_contents(section):
    """The section's live paragraphs in order, with their links. Two queries."""
    from code_chapters.models import CodeParagraphPage

    paragraphs, links = paragraphs_with_links(CodeParagraphPage.objects.child_of(section).live())
    return _attach_links(paragraphs, links, section.locale_id)


def paragraphs_serving(page):
    """Live paragraphs, in `page`'s language, linked to a principle or sector page, each with
    `.chapter` set so that templates can link to `chapter.url#para-<key>`. Two queries."""
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
    paragraphs = localized_linked_pages(
        CodeParagraphPage, rows.values("paragraph_id"), page.locale_id
    )
    if not paragraphs:
        return []
    chapters = list(CodeChapterPage.objects.live().filter(locale_id=page.locale_id))
    for paragraph in paragraphs:
        paragraph.chapter = next(
            (chapter for chapter in chapters if paragraph.path.startswith(chapter.path)), None
        )
    return [paragraph for paragraph in paragraphs if paragraph.chapter is not None]
