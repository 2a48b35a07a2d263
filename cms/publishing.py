"""Publishing rules that span both languages, enforced in every page's publish() (every
publishing route, wagtail-localize's included, ends there).

- A translated (Welsh) page is published only when it is completely translated and either already
  reviewed or published by a Welsh reviewer (whose publishing is the review).
- With PUBLISH_LANGUAGES_TOGETHER on, an English change whose Welsh is not yet approved is held
  back; publishing it alone needs a written reason, kept in the page's history. When the Welsh is
  approved, the held English revision is published with it, in one transaction.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.log_actions import log
from wagtail.models import Locale

from cms.history import ChangeNoteForm, record_change_note

TRANSLATORS = "Translators"
WELSH_REVIEWERS = "Welsh reviewers"
EDITORS = "Editors"
APPROVERS = "Approvers"

_unreviewed_allowed = ContextVar("unreviewed_publishing_allowed", default=False)
_english_alone_reason = ContextVar("english_alone_reason", default="")
_publishing_pair = ContextVar("publishing_pair", default=False)


class PublishingHeldBack(PermissionDenied):
    """Raised by publish() when a rule holds the page back; the message says why."""


@contextmanager
def publishing_unreviewed_demo_translations():
    """Only `load_content` uses this: the demo translations are published, marked on every page as
    not yet reviewed, so that the site starts complete in both languages."""
    token = _unreviewed_allowed.set(True)
    try:
        yield
    finally:
        _unreviewed_allowed.reset(token)


@contextmanager
def publishing_english_alone(reason):
    if not reason or not reason.strip():
        raise PublishingHeldBack(_("Publishing English alone needs a written reason."))
    token = _english_alone_reason.set(reason.strip())
    try:
        yield
    finally:
        _english_alone_reason.reset(token)


def in_group(user, name):
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and (user.is_superuser or user.groups.filter(name=name).exists())
    )


def _is_source_language(page):
    return page.locale.language_code == settings.LANGUAGE_CODE


def _translation_progress(source_page, locale):
    from wagtail_localize.models import Translation

    translation = Translation.objects.filter(
        source__object_id=source_page.translation_key,
        source__locale_id=source_page.locale_id,
        target_locale=locale,
    ).first()
    return translation.get_progress() if translation else (0, 0)


def check_publish(page, revision, user):
    """Raise PublishingHeldBack when `revision` of `page` may not be published now. Returns what
    to do after publishing: "review" when this publish is a Welsh reviewer's approval."""
    if _is_source_language(page):
        return _check_source_publish(page, revision, user)
    source = page.get_translation_or_none(Locale.get_default())
    if source is None:
        return None
    from cms.models import TranslationReview
    from cms.review import review_status

    total, done = _translation_progress(source, page.locale)
    if done < total:
        raise PublishingHeldBack(
            _(
                "%(count)s of %(total)s parts of this translation are not translated yet, so it "
                "cannot be published."
            )
            % {"count": total - done, "total": total}
        )
    if _unreviewed_allowed.get():
        return None
    if in_group(user, WELSH_REVIEWERS):
        return "review"
    if review_status(source, page.locale) == TranslationReview.Status.REVIEWED:
        return None
    raise PublishingHeldBack(
        _(
            "This translation has not been reviewed: a Welsh reviewer must approve it before it "
            "is published."
        )
    )


def _check_source_publish(page, revision, user):
    if not getattr(settings, "PUBLISH_LANGUAGES_TOGETHER", False) or _publishing_pair.get():
        return None
    held = held_back_translations(page, revision)
    if not held:
        return None
    reason = _english_alone_reason.get()
    if reason:
        log(
            instance=page,
            action="cms.publish_source_alone",
            user=user,
            data={"reason": reason, "languages": [locale.language_code for locale in held]},
        )
        return None
    raise PublishingHeldBack(
        _(
            "Held back until the Welsh is approved: this change is not yet in the reviewed Welsh "
            "version. A Welsh reviewer's approval will publish both; or publish English alone with "
            "a written reason."
        )
    )


def held_back_translations(page, revision):
    """Locales whose live translation would fall out of date if `revision` were published, and
    whose translation of it is not yet reviewed."""
    from wagtail_localize.models import TranslationSource

    from cms.models import TranslationReview
    from cms.review import review_status
    from cms.translation_status import changed_segments

    content = revision.as_object()
    source = TranslationSource.objects.filter(
        object_id=page.translation_key, locale_id=page.locale_id
    ).first()
    held = []
    for translated in page.get_translations().live().select_related("locale"):
        if changed_segments(content, source) or (
            review_status(page, translated.locale) != TranslationReview.Status.REVIEWED
            and source is not None
            and _translation_pending(page, translated)
        ):
            held.append(translated.locale)
    return held


def _translation_pending(page, translated):
    """The translated page has a draft that is not yet published (work awaiting review)."""
    return translated.has_unpublished_changes


def after_publish(page, revision, user, outcome):
    """A Welsh reviewer's publish is the review; and, with languages published together, the
    English revision that was held back for it goes live in the same transaction."""
    if outcome != "review":
        return
    from cms.review import mark_reviewed

    source = page.get_translation(Locale.get_default()).specific
    if getattr(settings, "PUBLISH_LANGUAGES_TOGETHER", False) and source.has_unpublished_changes:
        token = _publishing_pair.set(True)
        try:
            source.get_latest_revision().publish(user=user, skip_permission_checks=True)
        finally:
            _publishing_pair.reset(token)
    # After the source is published (which resets earlier reviews): this review is of it.
    mark_reviewed(source, page.locale, user=user, comment=_latest_approval_comment(page))


def _latest_approval_comment(page):
    from wagtail.models import TaskState

    state = (
        TaskState.objects.filter(workflow_state__object_id=str(page.pk))
        .exclude(comment="")
        .order_by("-finished_at")
        .first()
    )
    return state.comment if state else ""


CHANGE_NOTE_PANEL = MultiFieldPanel(
    [FieldPanel("change_note"), FieldPanel("minor_change")],
    heading=gettext_lazy("Change note for readers"),
)


class PublishRulesMixin(models.Model):
    """Mixed into every page model: publish() applies the rules above, and records the change
    note readers see (cms.history). The change note is a field of the page, so it is kept in
    each revision and translated like the rest of the page."""

    change_note = models.TextField(
        blank=True,
        verbose_name=gettext_lazy("change note"),
        help_text=gettext_lazy(
            "What changed, in a sentence for readers. Shown with the date under “See all "
            "updates” and in the updates feed. Needed when publishing a change that is not minor."
        ),
    )
    minor_change = models.BooleanField(
        default=False,
        verbose_name=gettext_lazy("minor change"),
        help_text=gettext_lazy(
            "A correction readers need not be told about, such as a typo or a broken link: "
            "no change note is shown."
        ),
    )

    base_form_class = ChangeNoteForm

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs):
        # Every page type ends its content panels with the change note, without each model
        # having to repeat it.
        super().__init_subclass__(**kwargs)
        panels = cls.__dict__.get("content_panels")
        if panels is not None and CHANGE_NOTE_PANEL not in panels:
            cls.content_panels = [*panels, CHANGE_NOTE_PANEL]

    def publish(self, revision, user=None, **kwargs):
        with transaction.atomic():
            outcome = check_publish(self, revision, user)
            result = super().publish(revision, user=user, **kwargs)
            after_publish(self, revision, user, outcome)
            record_change_note(self, revision, user)
        return result
