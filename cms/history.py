"""The public change history: a change note is recorded when a page is published with one, and
read back per page ("See all updates"), per language (the updates page and its Atom feed) and per
sector (the pages a sector page shows). Plain functions, testable without a request."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

#: Actions of the page editor that publish now or put the page on the way to publishing.
PUBLISHING_ACTIONS = ("action-publish", "action-submit")


def record_change_note(page, revision, user=None):
    """Keep the note of a significant change, once: a page published again with the same note
    (a translation synced, a republish) adds nothing. The note is read from the revision being
    published (the page object publishing it may hold the previous content, e.g. when
    `publish_scheduled` publishes a revision loaded from the database)."""
    from cms.models import PageChangeNote

    published = revision.as_object()
    note = (getattr(published, "change_note", "") or "").strip()
    if getattr(published, "minor_change", False) or not note:
        return None
    latest = PageChangeNote.objects.filter(page_id=page.pk).first()
    if latest is not None and latest.note == note:
        return None
    return PageChangeNote.objects.create(
        page_id=page.pk,
        locale_id=page.locale_id,
        revision=revision,
        published_at=timezone.now(),
        note=note,
        user=user,
    )


def change_notes_for(page):
    """The page's change notes, newest first."""
    from cms.models import PageChangeNote

    return list(PageChangeNote.objects.filter(page_id=page.pk))


def recent_change_notes(locale, pages=None, limit=None):
    """Change notes of live pages in `locale`, newest first, optionally only of `pages`."""
    from cms.models import PageChangeNote

    notes = PageChangeNote.objects.filter(locale=locale, page__live=True).select_related("page")
    if pages is not None:
        notes = notes.filter(page__in=[page.pk for page in pages])
    return notes[:limit] if limit else notes


def pages_shown_on_sector(sector):
    """The sector page and the pages whose content it shows: its principles, the code
    paragraphs that concern it and its resources (toolkit.relations)."""
    from toolkit.relations import (
        paragraphs_for_sector,
        principles_for_sector,
        resources_for_sector,
    )

    return [
        sector,
        *principles_for_sector(sector),
        *paragraphs_for_sector(sector),
        *resources_for_sector(sector),
    ]


class ChangeNoteForm(WagtailAdminPageForm):
    """The page editor's form: publishing (or submitting for approval) a change to a page that is
    already published asks for a change note unless the change is marked minor. Each edit starts
    with an empty note: the last one is in the page's updates already."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.first_published_at and not self.is_bound:
            self.initial["change_note"] = ""
            self.initial["minor_change"] = False

    def clean(self):
        cleaned_data = super().clean()
        publishing = any(action in self.data for action in PUBLISHING_ACTIONS)
        if (
            publishing
            and self.instance.pk
            and self.instance.first_published_at
            and not cleaned_data.get("minor_change")
            and not (cleaned_data.get("change_note") or "").strip()
        ):
            self.add_error(
                "change_note",
                _("Describe the change for readers, or mark it as a minor change."),
            )
        return cleaned_data
