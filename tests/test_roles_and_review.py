"""Roles are enforced on the server (through the admin URLs), Welsh is reviewed before it is
published, and English and Welsh are published together when the setting says so."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from wagtail.models import Locale, PageLogEntry, Workflow

import pytest

from cms.models import SourceDocument, TranslationReview
from cms.publishing import PublishingHeldBack, publishing_english_alone
from cms.review import review_status
from toolkit.models import PrinciplePage, SectorPage

pytestmark = pytest.mark.django_db


def member_of(group_name, username):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw")
    user.groups.add(Group.objects.get(name=group_name))
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return user, client


@pytest.fixture
def welsh():
    return Locale.objects.get(language_code="cy")


@pytest.fixture
def housing(welsh):
    english = SectorPage.objects.get(slug="housing-services", locale__language_code="en")
    return english, english.get_translation(welsh)


def opens(client, url):
    return client.get(url).status_code == 200


def test_translators_edit_the_welsh_tree_only(housing):
    english, welsh_page = housing
    _, translator = member_of("Translators", "translator")
    assert opens(translator, f"/admin/pages/{welsh_page.pk}/edit/")
    assert not opens(translator, f"/admin/pages/{english.pk}/edit/")
    for action in ("delete", "move", "unpublish", "copy"):
        assert not opens(translator, f"/admin/pages/{english.pk}/{action}/"), action
    translator.post(f"/admin/pages/{english.pk}/delete/")
    translator.post(f"/admin/pages/{english.pk}/unpublish/")
    english.refresh_from_db()
    assert english.live


def test_translators_cannot_edit_english_snippets(welsh):
    _, translator = member_of("Translators", "translator")
    english = SourceDocument.objects.get(key="toolkit", locale__language_code="en")
    cymraeg = english.get_translation(welsh)
    assert (
        translator.get(f"/admin/snippets/cms/sourcedocument/edit/{cymraeg.pk}/").status_code == 200
    )
    # Wagtail answers a refused admin request with a redirect and a "no permission" message.
    refused = translator.get(f"/admin/snippets/cms/sourcedocument/edit/{english.pk}/")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    translator.post(f"/admin/snippets/cms/sourcedocument/edit/{english.pk}/", {"title": "Changed"})
    english.refresh_from_db()
    assert english.title != "Changed"
    assert translator.get("/admin/snippets/cms/sourcedocument/add/").status_code == 302


def test_editors_edit_english_but_only_approvers_publish_it(housing):
    english, welsh_page = housing
    _, editor = member_of("Editors", "editor")
    _, approver = member_of("Approvers", "approver")
    assert opens(editor, f"/admin/pages/{english.pk}/edit/")
    assert not opens(editor, f"/admin/pages/{welsh_page.pk}/edit/")
    editor.post(f"/admin/pages/{english.pk}/unpublish/")
    english.refresh_from_db()
    assert english.live
    approver.post(f"/admin/pages/{english.pk}/unpublish/")
    english.refresh_from_db()
    assert not english.live


def test_welsh_reviewers_publish_welsh_and_translators_cannot(housing):
    _, welsh_page = housing
    _, translator = member_of("Translators", "translator")
    _, reviewer = member_of("Welsh reviewers", "reviewer")
    translator.post(f"/admin/pages/{welsh_page.pk}/unpublish/")
    welsh_page.refresh_from_db()
    assert welsh_page.live
    reviewer.post(f"/admin/pages/{welsh_page.pk}/unpublish/")
    welsh_page.refresh_from_db()
    assert not welsh_page.live


def test_the_two_workflows_sit_on_their_trees(housing):
    english, welsh_page = housing
    assert english.get_workflow() == Workflow.objects.get(name="English approval")
    assert welsh_page.get_workflow() == Workflow.objects.get(name="Welsh review")


def test_unreviewed_welsh_cannot_be_published_by_a_translator(housing, welsh):
    english, welsh_page = housing
    translator, _ = member_of("Translators", "translator")
    welsh_page.aims_intro = "Newid gan gyfieithydd."
    revision = welsh_page.save_revision(user=translator)
    with pytest.raises(PublishingHeldBack, match="not been reviewed"):
        revision.publish(user=translator, skip_permission_checks=True)
    with pytest.raises(PublishingHeldBack):
        revision.publish(user=None, skip_permission_checks=True)
    welsh_page.refresh_from_db()
    assert welsh_page.aims_intro != "Newid gan gyfieithydd."


def test_wagtail_localize_publish_button_goes_through_the_same_rule(
    housing, django_capture_on_commit_callbacks
):
    _, welsh_page = housing
    _, translator = member_of("Translators", "translator")
    _, reviewer = member_of("Welsh reviewers", "reviewer")
    published_at = welsh_page.last_published_at
    translator.post(f"/admin/pages/{welsh_page.pk}/edit/", {"action": "publish"})
    welsh_page.refresh_from_db()
    assert welsh_page.last_published_at == published_at  # no publish permission: refused
    # Even a translator wrongly given publish permission on the Welsh tree cannot publish
    # unreviewed Welsh from wagtail-localize's screen: its publish ends in the page's publish().
    # (wagtail-localize publishes on commit: run those callbacks, so that the rule is met.)
    from django.contrib.auth.models import Permission

    from wagtail.models import GroupPagePermission

    GroupPagePermission.objects.create(
        group=Group.objects.get(name="Translators"),
        page=welsh_page.get_parent().get_parent().get_parent(),
        permission=Permission.objects.get(codename="publish_page"),
    )
    with pytest.raises(PublishingHeldBack):
        with django_capture_on_commit_callbacks(execute=True):
            translator.post(f"/admin/pages/{welsh_page.pk}/edit/", {"action": "publish"})
    welsh_page.refresh_from_db()
    assert welsh_page.last_published_at == published_at
    # wagtail-localize publishes without saying who publishes, so its button stays closed for
    # unreviewed Welsh whoever presses it: reviewers approve in the Welsh review workflow.
    with pytest.raises(PublishingHeldBack):
        with django_capture_on_commit_callbacks(execute=True):
            reviewer.post(f"/admin/pages/{welsh_page.pk}/edit/", {"action": "publish"})
    welsh_page.refresh_from_db()
    assert welsh_page.last_published_at == published_at


def test_review_workflow_approval_publishes_and_records_the_review(housing, welsh):
    english, welsh_page = housing
    translator, _ = member_of("Translators", "translator")
    reviewer, _ = member_of("Welsh reviewers", "reviewer")
    welsh_page.aims_intro = "Enghreifftiau o nodau (wedi'u diwygio):"
    welsh_page.save_revision(user=translator)
    workflow_state = welsh_page.get_workflow().start(welsh_page, translator)
    assert review_status(english, welsh) == TranslationReview.Status.READY_FOR_REVIEW
    task_state = workflow_state.current_task_state
    task_state.task.on_action(task_state, reviewer, "approve", comment="Da iawn.")
    welsh_page.refresh_from_db()
    assert welsh_page.live and welsh_page.aims_intro == "Enghreifftiau o nodau (wedi'u diwygio):"
    assert review_status(english, welsh) == TranslationReview.Status.REVIEWED


def test_a_partly_translated_page_is_never_published(welsh):
    from wagtail_localize.models import StringTranslation

    _, reviewer_client = member_of("Welsh reviewers", "reviewer")
    principle = PrinciplePage.objects.get(number=5, locale__language_code="en")
    welsh_page = principle.get_translation(welsh)
    StringTranslation.objects.filter(
        context__object_id=principle.translation_key, context__path="statement", locale=welsh
    ).delete()
    reviewer = get_user_model().objects.get(username="reviewer")
    with pytest.raises(PublishingHeldBack, match="not translated yet"):
        welsh_page.save_revision(user=reviewer).publish(user=reviewer, skip_permission_checks=True)


@pytest.fixture
def together(settings):
    settings.PUBLISH_LANGUAGES_TOGETHER = True


def test_an_english_change_is_held_back_until_the_welsh_is_approved(together, welsh):
    approver, _ = member_of("Approvers", "approver")
    principle = PrinciplePage.objects.get(number=6, locale__language_code="en")
    principle.statement = "A changed English statement."
    revision = principle.save_revision(user=approver)
    with pytest.raises(PublishingHeldBack, match="Held back until the Welsh is approved"):
        revision.publish(user=approver, skip_permission_checks=True)
    principle.refresh_from_db()
    assert principle.statement != "A changed English statement."


def test_publishing_english_alone_needs_a_reason_kept_in_the_history(together):
    approver, _ = member_of("Approvers", "approver")
    principle = PrinciplePage.objects.get(number=6, locale__language_code="en")
    principle.statement = "An urgent correction."
    revision = principle.save_revision(user=approver)
    with pytest.raises(PublishingHeldBack), publishing_english_alone(""):
        pass
    with publishing_english_alone("Urgent legal correction; Welsh follows tomorrow."):
        revision.publish(user=approver, skip_permission_checks=True)
    principle.refresh_from_db()
    assert principle.statement == "An urgent correction."
    entry = PageLogEntry.objects.filter(page=principle, action="cms.publish_source_alone").get()
    assert entry.data["reason"] == "Urgent legal correction; Welsh follows tomorrow."


def test_the_welsh_approval_publishes_both_in_one_action(together, welsh):
    from cms.translation_status import sync_outdated

    approver, _ = member_of("Approvers", "approver")
    reviewer, _ = member_of("Welsh reviewers", "reviewer")
    principle = PrinciplePage.objects.get(number=6, locale__language_code="en")
    principle.statement = "A changed English statement."
    principle.save_revision(user=approver)  # held: a draft awaiting its Welsh

    sync_outdated(principle, welsh)  # translators work from the latest English revision
    source_string_translation_for(principle, welsh, "statement", "Datganiad wedi'i newid.")
    sync_outdated(principle, welsh)
    welsh_page = principle.get_translation(welsh)
    welsh_page.get_latest_revision().publish(user=reviewer, skip_permission_checks=True)

    principle.refresh_from_db()
    welsh_page.refresh_from_db()
    assert principle.statement == "A changed English statement." and principle.live
    assert welsh_page.statement == "Datganiad wedi'i newid." and welsh_page.live
    assert review_status(principle, welsh) == TranslationReview.Status.REVIEWED


def source_string_translation_for(page, locale, path, text):
    """Translate one segment as a translator would in the editor."""
    from wagtail_localize.models import StringSegment, StringTranslation

    segment = StringSegment.objects.get(
        source__object_id=page.translation_key, source__locale=page.locale, context__path=path
    )
    StringTranslation.objects.update_or_create(
        translation_of=segment.string,
        context=segment.context,
        locale=locale,
        defaults={"data": text},
    )
