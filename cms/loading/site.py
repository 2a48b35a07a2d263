"""Which data file builds which part of the site.

`load_site(content_dir, synchroniser)` reads every data file first (so a malformed file stops the
run before anything is written), then builds the pages top-down: sources, home, information
pages, toolkit, resources, code. Cross references use content keys (`sector-housing`) or
principle numbers, resolved to the pages just loaded.
"""

from dataclasses import dataclass
from pathlib import Path

from wagtail.models import Page, Site

from cms.loading.errors import ContentError
from cms.loading.files import read_data_file
from cms.loading.streams import (
    body_stream,
    check_stream,
    list_items,
    paragraph_html,
    simple_stream,
)
from cms.loading.sync import Relation, Synchroniser
from cms.loading.translations import load_translations
from cms.roles import ensure_roles

DATA_FILES = ("sources", "site", "toolkit", "resources", "code", "consultation", "glossary")


@dataclass
class Loaded:
    """The pages loaded so far, for resolving cross references."""

    sources: dict
    principles: dict  # number -> PrinciplePage
    sectors: dict  # content key -> SectorPage
    principle_index: object = None
    sector_index: object = None


def read_all(content_dir: Path):
    files = {}
    for name in DATA_FILES:
        files[name] = read_data_file(content_dir / f"{name}.yaml")
    return files


def load_site(content_dir: Path, sync: Synchroniser):
    files = read_all(Path(content_dir))
    loaded = Loaded(sources={}, principles={}, sectors={})
    for item in files["sources"].entries("sources"):
        loaded.sources[item.text("key")] = _source(sync, item)
    home = _home(sync, files["site"].mapping("home"))
    toolkit = _toolkit(sync, files["toolkit"], home, loaded)
    resource_index = _resources(sync, files["resources"], toolkit, loaded)
    code = _code(sync, files, home, loaded)
    info_pages = {
        item.item_key: _information_page(sync, item, home)
        for item in files["site"].entries("information_pages")
    }
    _site_contact(info_pages)
    _glossary(sync, files["glossary"])
    load_translations(Path(content_dir) / "translations", sync)
    ensure_roles()
    sync.order_children(
        toolkit,
        [child for child in [loaded.principle_index, loaded.sector_index, resource_index] if child],
    )
    sync.order_children(home, [toolkit, code, *info_pages.values()])
    return sync.report


# Helpers ------------------------------------------------------------------------------------


def _citation(item, loaded):
    source = item.mapping("source", required=False)
    if source is None:
        return {}
    key = source.text("document")
    if key not in loaded.sources:
        raise source.error(
            f"source document '{key}' is not in sources.yaml (known: {', '.join(loaded.sources)})"
        )
    return {
        "source_document": loaded.sources[key],
        "source_section": source.text("section", required=False),
    }


def _stream(item, model, field_name, raw):
    check_stream(item, field_name, model._meta.get_field(field_name), raw)
    return raw


def _body(item, model, field_name, required=False, extra_block_types=None, key=None):
    key = key or field_name
    blocks_data = item.raw(key, required=required, default=[])
    return _stream(item, model, field_name, body_stream(item, key, blocks_data, extra_block_types))


def _page_basics(item, default_slug=None):
    values = {"title": item.text("title")}
    slug = item.text("slug", required=False) or default_slug
    if slug:
        values["slug"] = slug
    return values


def _principles(item, loaded, key="principles"):
    value = item.raw(key, required=False, default=[])
    if value == "all":
        return [loaded.principles[number] for number in sorted(loaded.principles)]
    if not isinstance(value, list):
        raise item.error(f"'{key}' must be a list of principle numbers or the word all", key=key)
    principles = []
    for number in value:
        if (
            not isinstance(number, int)
            or isinstance(number, bool)
            or number not in loaded.principles
        ):
            raise item.error(
                f"'{key}': {number!r} is not a loaded principle number "
                f"({min(loaded.principles)}-{max(loaded.principles)})",
                key=key,
            )
        principles.append(loaded.principles[number])
    return principles


def _sectors(item, loaded, key="sectors"):
    keys = item.raw(key, required=False, default=[])
    if not isinstance(keys, list):
        raise item.error(f"'{key}' must be a list of sector keys", key=key)
    unknown = [sector_key for sector_key in keys if sector_key not in loaded.sectors]
    if unknown:
        raise item.error(
            f"'{key}': unknown sector {', '.join(map(str, unknown))} "
            f"(known: {', '.join(loaded.sectors)})",
            key=key,
        )
    return [loaded.sectors[sector_key] for sector_key in keys]


# Sources, home and information pages -------------------------------------------------------


def _source(sync, item):
    from cms.models import SourceDocument

    return sync.snippet(
        item,
        SourceDocument,
        {
            "key": item.text("key"),
            "title": item.text("title"),
            "publisher": item.text("publisher"),
            "published": item.text("published"),
            "reference": item.text("reference", required=False),
            "url": item.text("url", required=False),
        },
    )


def _home(sync, item):
    from home.models import HomePage

    root = Page.get_first_root_node()
    _remove_wagtail_welcome_page(root)
    home = sync.page(
        item,
        HomePage,
        root,
        {
            **_page_basics(item, default_slug="home"),
            "introduction": item.text("introduction", required=False),
        },
    )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


def _remove_wagtail_welcome_page(root):
    """Wagtail's first migration creates a bare "Welcome to your new Wagtail site!" page as the
    default site's root. It is removed (with that site) before our home page takes its place, but
    only while it is still that untouched placeholder."""
    for page in Page.objects.child_of(root).filter(
        content_type__model="page", content_type__app_label="wagtailcore"
    ):
        if not page.get_children().exists() and page.latest_revision_id is None:
            Site.objects.filter(root_page=page).delete()
            page.delete()


def _glossary(sync, data):
    """Add glossary terms that are missing; a term already there (perhaps edited by a
    translator) is left as it is."""
    from cms.models import GlossaryTerm

    for item in data.entries("terms"):
        english = item.text("english")
        # Terms are not counted in the page report: they are never updated, only added.
        GlossaryTerm.objects.get_or_create(english=english, defaults={"welsh": item.text("welsh")})


def _site_contact(info_pages):
    """Point the footer's privacy, cookies and accessibility links at the loaded pages, unless an
    editor has already chosen pages."""
    from cms.models import SiteContact

    contact = SiteContact.load()
    changed = False
    for field_name, key in (
        ("privacy_page", "privacy"),
        ("cookies_page", "cookies"),
        ("accessibility_page", "accessibility"),
    ):
        if getattr(contact, f"{field_name}_id") is None and key in info_pages:
            setattr(contact, field_name, info_pages[key])
            changed = True
    if changed:
        contact.save()


def _information_page(sync, item, home):
    from home.models import InformationPage

    return sync.page(
        item,
        InformationPage,
        home,
        {
            **_page_basics(item),
            "summary": item.text("summary", required=False),
            "body": _body(item, InformationPage, "body", required=True),
        },
    )


# Toolkit ------------------------------------------------------------------------------------


def _toolkit(sync, data, home, loaded):
    from toolkit.models import (
        PrincipleIndexPage,
        PrinciplePage,
        SectorIndexPage,
        SectorPage,
        ToolkitPage,
    )

    item = data.mapping("toolkit")
    charter = item.mapping("charter")
    toolkit = sync.page(
        item,
        ToolkitPage,
        home,
        {
            **_page_basics(item),
            **_citation(item, loaded),
            "summary": item.text("summary"),
            "first_published": item.date("first_published", required=False),
            "introduction": _body(item, ToolkitPage, "introduction"),
            "what_is_corporate_parenting": _body(item, ToolkitPage, "what_is_corporate_parenting"),
            "charter_launch_date": charter.date("launch_date"),
            "charter_text": _body(charter, ToolkitPage, "charter_text", key="text"),
            "implementation_group_intro": charter.text(
                "implementation_group_intro", required=False
            ),
            "implementation_group": _stream(
                charter,
                ToolkitPage,
                "implementation_group",
                simple_stream(
                    charter, "implementation_group", "member", charter.texts("implementation_group")
                ),
            ),
            "in_practice": _body(item, ToolkitPage, "in_practice"),
        },
    )

    index_item = data.mapping("principles_index")
    principle_index = sync.page(
        index_item,
        PrincipleIndexPage,
        toolkit,
        {
            **_page_basics(index_item),
            **_citation(index_item, loaded),
            "intro": _body(index_item, PrincipleIndexPage, "intro"),
        },
    )
    principle_pages = []
    for principle_item in data.entries("principles"):
        number = principle_item.integer("number")
        if number in loaded.principles:
            raise principle_item.error(f"principle number {number} appears twice", key="number")
        page = sync.page(
            principle_item,
            PrinciplePage,
            principle_index,
            {
                **_page_basics(principle_item),
                **_citation(principle_item, loaded),
                "number": number,
                "short_name": principle_item.text("short_name"),
                "statement": principle_item.text("statement"),
                "explanation": paragraph_html(principle_item.text("explanation", required=False)),
            },
        )
        loaded.principles[number] = page
        principle_pages.append(page)
    sync.order_children(principle_index, principle_pages)

    sectors_item = data.mapping("sectors_index")
    sector_index = sync.page(
        sectors_item,
        SectorIndexPage,
        toolkit,
        {
            **_page_basics(sectors_item),
            **_citation(sectors_item, loaded),
            "intro": _body(sectors_item, SectorIndexPage, "intro"),
        },
    )
    sector_pages = []
    for sector_item in data.entries("sectors"):
        page = sync.page(
            sector_item,
            SectorPage,
            sector_index,
            {
                **_page_basics(sector_item),
                **_citation(sector_item, loaded),
                "intro": _body(sector_item, SectorPage, "intro"),
                "principles_intro": sector_item.text("principles_intro", required=False),
                "corporate_parents_intro": sector_item.text(
                    "corporate_parents_intro", required=False
                ),
                "corporate_parents": _stream(
                    sector_item,
                    SectorPage,
                    "corporate_parents",
                    simple_stream(
                        sector_item,
                        "corporate_parents",
                        "role",
                        sector_item.texts("corporate_parents", required=False),
                    ),
                ),
                "aims_intro": sector_item.text("aims_intro", required=False),
                "aims": _stream(
                    sector_item,
                    SectorPage,
                    "aims",
                    simple_stream(sector_item, "aims", "aim", sector_item.texts("aims")),
                ),
                "actions_intro": sector_item.text("actions_intro", required=False),
                "actions": _stream(
                    sector_item, SectorPage, "actions", _actions(sector_item, loaded)
                ),
            },
            relations=[Relation("principle_links", "principle", _principles(sector_item, loaded))],
        )
        loaded.sectors[sector_item.item_key] = page
        sector_pages.append(page)
    sync.order_children(sector_index, sector_pages)
    loaded.principle_index = principle_index
    loaded.sector_index = sector_index
    return toolkit


def _actions(item, loaded):
    """Actions are texts, or mappings {text, principles} when an editor tagged them."""
    raw_actions = item.raw("actions")
    if not isinstance(raw_actions, list) or not raw_actions:
        raise item.error("'actions' must be a non-empty list", key="actions")
    stream = []
    for index, action in enumerate(raw_actions):
        if isinstance(action, str):
            text, principles = action, []
        elif isinstance(action, dict):
            action.item_key = item.item_key
            text = action.text("text")
            principles = _principles(action, loaded)
        else:
            raise item.error(
                f"'actions' entry {index + 1} must be text or a mapping", key="actions"
            )
        id_parts = (item.item_key, "actions", index)
        from cms.loading.streams import stable_uuid

        stream.append(
            {
                "type": "action",
                "id": str(stable_uuid(*id_parts)),
                "value": {
                    "text": text,
                    "principles": list_items([p.pk for p in principles], *id_parts, "principles"),
                },
            }
        )
    return stream


# Resources ----------------------------------------------------------------------------------


def _question_group(value, id_parts):
    items = value["items"]
    if not isinstance(value["audience"], str) or not isinstance(items, list) or not items:
        raise ValueError("needs an audience and a list of questions")
    return {"audience": value["audience"], "items": list_items(items, *id_parts, "items")}


def _statistic(value, id_parts):
    return {
        "figure": str(value["figure"]),
        "label": value["label"],
        "period": str(value.get("period") or ""),
        "source_note": value.get("source_note") or "",
    }


def _priority(value, id_parts):
    return {"number": int(value["number"]), "title": value["title"]}


RESOURCE_BLOCKS = {
    "questions": _question_group,
    "statistic": _statistic,
    "priority": _priority,
}


def _resources(sync, data, toolkit, loaded):
    from toolkit.models import ResourceIndexPage, ResourcePage

    index_item = data.mapping("resources_index")
    index = sync.page(
        index_item,
        ResourceIndexPage,
        toolkit,
        {
            **_page_basics(index_item),
            **_citation(index_item, loaded),
            "intro": _body(index_item, ResourceIndexPage, "intro"),
        },
    )
    pages = []
    kinds = {choice.value for choice in ResourcePage.Kind}
    for item in data.entries("resources"):
        kind = item.text("kind")
        if kind not in kinds:
            raise item.error(f"'kind' must be one of {', '.join(sorted(kinds))}", key="kind")
        pages.append(
            sync.page(
                item,
                ResourcePage,
                index,
                {
                    **_page_basics(item),
                    **_citation(item, loaded),
                    "kind": kind,
                    "summary": item.text("summary"),
                    "published": item.text("published", required=False),
                    "body": _body(
                        item, ResourcePage, "body", required=True, extra_block_types=RESOURCE_BLOCKS
                    ),
                },
                relations=[
                    Relation("sector_links", "sector", _sectors(item, loaded)),
                    Relation("principle_links", "principle", _principles(item, loaded)),
                ],
            )
        )
    sync.order_children(index, pages)
    return index


# Code of practice ---------------------------------------------------------------------------


def _code(sync, files, home, loaded):
    from code_chapters.legislation import INSTRUMENTS
    from code_chapters.models import CodeChapterPage, CodeOfPracticePage, ConsultationPage

    data = files["code"]
    item = data.mapping("code")
    issued_under = item.mapping("issued_under")
    instrument = issued_under.text("instrument")
    if instrument not in INSTRUMENTS:
        raise issued_under.error(
            f"unknown instrument '{instrument}' (known: {', '.join(INSTRUMENTS)})"
        )
    code = sync.page(
        item,
        CodeOfPracticePage,
        home,
        {
            **_page_basics(item),
            **_citation(item, loaded),
            "summary": item.text("summary"),
            "issued_under_instrument": instrument,
            "issued_under_provision": str(issued_under.raw("provision", required=False) or ""),
            "last_reissued": item.text("last_reissued", required=False),
            "body": _body(item, CodeOfPracticePage, "body"),
        },
    )

    consultation_item = files["consultation"].mapping("consultation")
    consultation = sync.page(
        consultation_item,
        ConsultationPage,
        code,
        {
            **_page_basics(consultation_item),
            **_citation(consultation_item, loaded),
            "reference": consultation_item.text("reference"),
            "opens_on": consultation_item.date("opens_on", required=False),
            "closes_on": consultation_item.date("closes_on"),
            "summary": consultation_item.text("summary"),
            "body": _body(consultation_item, ConsultationPage, "body"),
            "questions": _stream(
                consultation_item,
                ConsultationPage,
                "questions",
                _questions(consultation_item),
            ),
        },
    )

    chapter_item = data.mapping("chapter")
    consultation_key = chapter_item.text("consultation", required=False)
    if consultation_key and consultation_key != consultation_item.item_key:
        raise chapter_item.error(
            f"'consultation': unknown consultation '{consultation_key}'", key="consultation"
        )
    status = chapter_item.text("status")
    from code_chapters.models.chapters import ChapterStatus

    if status not in ChapterStatus.values:
        raise chapter_item.error(
            f"'status' must be one of {', '.join(ChapterStatus.values)}", key="status"
        )
    chapter = sync.page(
        chapter_item,
        CodeChapterPage,
        code,
        {
            **_page_basics(chapter_item),
            **_citation(chapter_item, loaded),
            "status": status,
            "consultation": consultation if consultation_key else None,
            "drafting_note": chapter_item.text("drafting_note", required=False),
            "intro": _body(chapter_item, CodeChapterPage, "intro"),
        },
    )
    sections = [
        _code_section(sync, section_item, chapter, loaded)
        for section_item in chapter_item.entries("sections")
    ]
    sync.order_children(chapter, sections)
    sync.order_children(code, [chapter, consultation])
    return code


def _questions(item):
    from cms.loading.streams import stable_uuid

    stream = []
    for index, question in enumerate(item.entries("questions")):
        question.item_key = f"{item.item_key} question {index + 1}"
        stream.append(
            {
                "type": "question",
                "id": str(stable_uuid(item.item_key, "questions", index)),
                "value": {
                    "number": question.integer("number"),
                    "topic": question.text("topic", required=False),
                    "text": question.text("text"),
                },
            }
        )
    return stream


def _code_section(sync, item, chapter, loaded):
    from code_chapters.models import CodeParagraphPage, CodeSectionPage

    section = sync.page(
        item,
        CodeSectionPage,
        chapter,
        {**_page_basics(item), "intro": _body(item, CodeSectionPage, "intro")},
    )
    paragraphs = []
    for paragraph_item in item.entries("paragraphs"):
        key = paragraph_item.text("key")
        paragraph_item.item_key = f"{chapter_item_key(chapter)} paragraph {key}"
        number = paragraph_item.text("number")
        text = paragraph_html(paragraph_item.text("text"))
        bullet_items = paragraph_item.texts("items", required=False)
        if bullet_items:
            from html import escape

            text += (
                "<ul>"
                + "".join(f"<li>{escape(bullet, quote=False)}</li>" for bullet in bullet_items)
                + "</ul>"
            )
        paragraphs.append(
            sync.page(
                paragraph_item,
                CodeParagraphPage,
                section,
                {
                    "title": paragraph_item.text("title", required=False) or f"Paragraph {number}",
                    "slug": f"para-{key}".lower(),
                    "paragraph_key": key.lower(),
                    "number": number,
                    "kind": paragraph_item.text("kind"),
                    "text": text,
                    "legal_references": _stream(
                        paragraph_item,
                        CodeParagraphPage,
                        "legal_references",
                        _references(paragraph_item),
                    ),
                },
                relations=[
                    Relation("principle_links", "principle", _principles(paragraph_item, loaded)),
                    Relation("sector_links", "sector", _sectors(paragraph_item, loaded)),
                ],
            )
        )
    sync.order_children(section, paragraphs)
    return section


def chapter_item_key(chapter):
    return chapter.slug


def _references(item):
    from cms.loading.streams import stable_uuid

    stream = []
    for index, reference in enumerate(item.entries("references", required=False)):
        reference.item_key = item.item_key
        stream.append(
            {
                "type": "reference",
                "id": str(stable_uuid(item.item_key, "legal_references", index)),
                "value": {
                    "instrument": reference.text("instrument"),
                    "provision": str(reference.raw("provision", required=False) or ""),
                },
            }
        )
    return stream


__all__ = ["ContentError", "load_site", "read_all"]
