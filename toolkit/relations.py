"""How principles, sectors, resources and code paragraphs point at one another, resolved to the
reader's language. Plain functions, testable without a request."""

from django.apps import apps
from django.db.models import OuterRef, Subquery

from cms.localization import (
    localize_pages,
    localized_linked_pages,
    pages_linking_to,
    stored_rows,
    translation_ids,
)


def child_of_type(page, model_label):
    model = apps.get_model(model_label)
    return model.objects.child_of(page).live().first()


def principles_for_sector(sector):
    """The principles that apply to `sector`, in the order editors gave them. One query."""
    from toolkit.models import PrinciplePage, SectorPrinciple

    return _linked_from(
        sector, "principle_links", SectorPrinciple, "sector", PrinciplePage, "principle"
    )


def sectors_for_resource(resource):
    """The sectors a resource is for, in the order editors gave them. One query."""
    from toolkit.models import ResourceSector, SectorPage

    return _linked_from(resource, "sector_links", ResourceSector, "resource", SectorPage, "sector")


def principles_for_resource(resource):
    """The principles a resource serves, in the order editors gave them. One query."""
    from toolkit.models import PrinciplePage, ResourcePrinciple

    return _linked_from(
        resource, "principle_links", ResourcePrinciple, "resource", PrinciplePage, "principle"
    )


def _linked_from(page, relation_name, row_model, from_field, model, field):
    """The `model` pages the relation rows of `page` link to (`field`), in the page's language
    and the rows' order: one query, or, in a preview, the rows the page holds in memory."""
    relation = getattr(page, relation_name)
    rows = stored_rows(relation)
    if rows is None:
        rows = relation.all().order_by("sort_order")
        return localize_pages([getattr(row, field) for row in rows], page.locale)
    rows = row_model.objects.filter(**{f"{from_field}_id": page.pk})
    return localized_linked_pages(
        model, rows.values(f"{field}_id"), page.locale_id, positions=rows_position(rows, field)
    )


def rows_position(rows, field):
    """For a page query: the editors' position (sort order) of the page among the relation
    `rows`, matched by translation key (the rows may point at another language's page)."""
    return Subquery(
        rows.filter(**{f"{field}__translation_key": OuterRef("translation_key")})
        .order_by("sort_order")
        .values("sort_order")[:1]
    )


def sectors_for_principle(principle):
    from toolkit.models import SectorPrinciple

    return pages_linking_to(principle, SectorPrinciple, to_field="principle", from_field="sector")


def resources_for_sector(sector):
    from toolkit.models import ResourceSector

    return pages_linking_to(sector, ResourceSector, to_field="sector", from_field="resource")


def resources_for_principle(principle):
    from toolkit.models import ResourcePrinciple

    return pages_linking_to(
        principle, ResourcePrinciple, to_field="principle", from_field="resource"
    )


def paragraphs_for_sector(sector):
    from code_chapters.relations import paragraphs_serving

    return paragraphs_serving(sector)


def paragraphs_for_principle(principle):
    from code_chapters.relations import paragraphs_serving

    return paragraphs_serving(principle)


def tagged_actions_for_principle(principle, sectors=None):
    """Actions (from any live sector page in the principle's language) that editors tagged with
    `principle`, as (sector, action text) pairs in site order."""
    from toolkit.models import SectorPage

    if sectors is None:
        sectors = SectorPage.objects.live().filter(locale_id=principle.locale_id)
    tagged_ids = {
        action_id
        for sector in sectors
        for action in sector.actions.raw_data
        for action_id in _tagged_principle_ids(action)
    }
    if not tagged_ids:
        return []
    ids_for_principle = tagged_ids & translation_ids(principle)
    return [
        (sector, action["value"]["text"])
        for sector in sorted(sectors, key=lambda sector: sector.path)
        for action in sector.actions.raw_data
        if ids_for_principle.intersection(_tagged_principle_ids(action))
    ]


def _tagged_principle_ids(action):
    """Page ids in an action's principle list, stored either as plain ids (Wagtail's older list
    format) or as {"type": "item", "value": id} items."""
    items = (action.get("value") or {}).get("principles") or []
    return [item["value"] if isinstance(item, dict) else item for item in items]


def charter_matrix(principles, sectors):
    """The charter as a table: for each sector (a row), whether each principle (a column)
    applies to it. Principles and sectors are pages of one language; links may point at another
    language's pages, so they are matched by translation key. One query."""
    from toolkit.models import SectorPrinciple

    applies = set(
        SectorPrinciple.objects.filter(sector__in=sectors).values_list(
            "sector_id", "principle__translation_key"
        )
    )
    return [
        (
            sector,
            [
                (principle, (sector.pk, principle.translation_key) in applies)
                for principle in principles
            ],
        )
        for sector in sectors
    ]
