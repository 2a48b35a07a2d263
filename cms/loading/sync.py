"""Create or update one page or snippet from data, idempotently.

A page is found by its translation key, derived from its content key, so renaming a title or slug
in the data updates the same page. A revision is saved (and published) only when a value differs
from what is stored, so a second run changes nothing. A page whose latest revision was made by
someone other than the loader, or that someone unpublished, is left as the editor left it unless
`overwrite_edits` is set.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models

from wagtail.actions.move_page import MovePageAction
from wagtail.fields import StreamField
from wagtail.models import Page

from cms.loading.streams import normalised_stream, stable_uuid
from cms.publishing import publishing_english_alone

LOADER_REASON = "Loaded from the content/ data files by load_content."


@dataclass
class Report:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    kept_edits: list = field(default_factory=list)
    moved: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def summary(self):
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.kept_edits)} kept as edited in the CMS, "
            f"{len(self.moved)} reordered"
        )


@dataclass
class Relation:
    """Inline rows of `name` (a child relation) pointing, through `fk`, at `targets` in order."""

    name: str
    fk: str
    targets: list


class Synchroniser:
    def __init__(self, user, locale, *, overwrite_edits=False, log=None):
        self.user = user
        self.locale = locale
        self.overwrite_edits = overwrite_edits
        self.report = Report()
        self.log = log or (lambda message: None)

    # Pages ---------------------------------------------------------------------------------

    def page(self, item, model, parent, values, relations=()):
        translation_key = stable_uuid("page", item.item_key)
        existing = Page.objects.filter(translation_key=translation_key, locale=self.locale).first()
        if existing is None:
            return self._create_page(item, model, parent, values, relations, translation_key)
        existing = existing.specific
        if not isinstance(existing, model):
            raise item.error(
                f"a {type(existing).__name__} with this key already exists; "
                f"it cannot become a {model.__name__}"
            )
        return self._update_page(item, existing, values, relations)

    def _create_page(self, item, model, parent, values, relations, translation_key):
        page = model(translation_key=translation_key, locale=self.locale, live=False)
        self._assign(page, values, relations)
        page.owner = self.user
        with self._validation(item):
            parent.add_child(instance=page)
            revision = page.save_revision(user=self.user, log_action=True)
        revision.publish(user=self.user, skip_permission_checks=True)
        self.report.created.append(item.item_key)
        self.log(f"created {item.item_key}")
        page.refresh_from_db()
        return page

    def _update_page(self, item, page, values, relations):
        edited_by_someone_else = (
            page.latest_revision_id is not None and page.latest_revision.user_id != self.user.pk
        )
        if (edited_by_someone_else or not page.live) and not self.overwrite_edits:
            self.report.kept_edits.append(item.item_key)
            self.log(f"kept {item.item_key}: changed in the CMS since it was loaded")
            return page
        if not self._differs(page, values, relations) and page.live:
            self.report.unchanged.append(item.item_key)
            return page
        self._assign(page, values, relations)
        with self._validation(item):
            revision = page.save_revision(user=self.user, log_action=True)
        # The data files carry both languages; their translations are applied in the same run.
        with publishing_english_alone(LOADER_REASON):
            revision.publish(user=self.user, skip_permission_checks=True)
        self.report.updated.append(item.item_key)
        self.log(f"updated {item.item_key}")
        page.refresh_from_db()
        return page

    def order_children(self, parent, pages):
        """Put `pages` (children of `parent`) in the given order, after any other children."""
        wanted = [page.pk for page in pages]
        current = list(
            Page.objects.child_of(parent)
            .filter(pk__in=wanted)
            .order_by("path")
            .values_list("pk", flat=True)
        )
        if current == wanted:
            return
        for pk in wanted:
            MovePageAction(
                Page.objects.get(pk=pk), parent, pos="last-child", user=self.user
            ).execute(skip_permission_checks=True)
        self.report.moved.append(parent.title)

    # Snippets ------------------------------------------------------------------------------

    def snippet(self, item, model, values):
        translation_key = stable_uuid("snippet", model._meta.label_lower, item.item_key)
        instance = model.objects.filter(translation_key=translation_key, locale=self.locale).first()
        if instance is None:
            instance = model(translation_key=translation_key, locale=self.locale)
            self._assign(instance, values, ())
            self.report.created.append(item.item_key)
        elif self._differs(instance, values, ()):
            self._assign(instance, values, ())
            self.report.updated.append(item.item_key)
        else:
            self.report.unchanged.append(item.item_key)
            return instance
        with self._validation(item):
            instance.full_clean()
            instance.save()
        return instance

    # Helpers -------------------------------------------------------------------------------

    def _assign(self, instance, values, relations):
        for name, value in values.items():
            model_field = instance._meta.get_field(name)
            if isinstance(model_field, models.ForeignKey):
                setattr(instance, model_field.name, value)
            else:
                setattr(instance, name, value)
        for relation in relations:
            row_model = instance._meta.get_field(relation.name).related_model
            setattr(
                instance,
                relation.name,
                [
                    row_model(**{relation.fk: target, "sort_order": index})
                    for index, target in enumerate(relation.targets)
                ],
            )

    def _differs(self, instance, values, relations):
        for name, value in values.items():
            model_field = instance._meta.get_field(name)
            current = getattr(instance, model_field.attname)
            if isinstance(model_field, StreamField):
                if normalised_stream(model_field, list(current.raw_data)) != normalised_stream(
                    model_field, value
                ):
                    return True
            elif isinstance(model_field, models.ForeignKey):
                if current != (value.pk if value is not None else None):
                    return True
            elif current != value:
                return True
        for relation in relations:
            rows = getattr(instance, relation.name).order_by("sort_order")
            fk_attname = rows.model._meta.get_field(relation.fk).attname
            current_ids = [getattr(row, fk_attname) for row in rows]
            if current_ids != [target.pk for target in relation.targets]:
                return True
        return False

    class _validation:
        """Turns a model ValidationError into a ContentError naming the item and fields."""

        def __init__(self, item):
            self.item = item

        def __enter__(self):
            return self

        def __exit__(self, exc_type, exc, traceback):
            if exc_type is not None and issubclass(exc_type, ValidationError):
                if hasattr(exc, "message_dict"):
                    reason = "; ".join(
                        f"{name}: {' '.join(messages)}"
                        for name, messages in exc.message_dict.items()
                    )
                else:
                    reason = " ".join(exc.messages)
                raise self.item.error(f"not valid: {reason}") from None
            return False
