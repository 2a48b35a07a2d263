"""The English approval workflow: an editor submits, an approver approves and publishes, or
rejects with a comment back to the editor; and every page type's revisions can be compared."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from wagtail.models import WorkflowState

import pytest

from tests.test_pages import PAGE_TYPES
from toolkit.models import SectorPage

pytestmark = pytest.mark.django_db


def member_of(group_name, username):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def housing():
    return SectorPage.objects.get(slug="housing-services", locale__language_code="en")


def submit_change(page, editor, note):
    page.aims_intro = "Aims, reworded."
    page.change_note = note
    page.save_revision(user=editor)
    return page.get_workflow().start(page, editor)


def test_an_approver_approves_and_the_change_goes_live_with_its_note(housing):
    editor = member_of("Editors", "editor")
    approver = member_of("Approvers", "approver")
    state = submit_change(housing, editor, "Reworded the aims.")
    task_state = state.current_task_state
    assert task_state.task.get_actions(housing, editor) == []  # the editor cannot approve
    task_state.task.on_action(task_state, approver, "approve", comment="Looks right.")
    housing.refresh_from_db()
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert housing.aims_intro == "Aims, reworded." and not housing.has_unpublished_changes
    assert housing.live_revision.user == editor
    from cms.models import PageChangeNote

    assert PageChangeNote.objects.filter(page=housing, note="Reworded the aims.").exists()


def test_an_approver_rejects_with_a_comment_back_to_the_editor(housing):
    editor = member_of("Editors", "editor")
    approver = member_of("Approvers", "approver")
    published_aims = housing.aims_intro
    state = submit_change(housing, editor, "Reworded the aims.")
    task_state = state.current_task_state
    task_state.task.on_action(task_state, approver, "reject", comment="Say who the aims are for.")
    state.refresh_from_db()
    task_state.refresh_from_db()
    housing.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert task_state.comment == "Say who the aims are for."
    assert housing.aims_intro == published_aims  # nothing went live
    # The editor sees the request for changes on the page's edit view.
    client = Client(HTTP_HOST="localhost")
    client.force_login(editor)
    assert "Changes requested" in client.get(f"/admin/pages/{housing.pk}/edit/").content.decode()


@pytest.mark.parametrize("label", PAGE_TYPES)
def test_revisions_of_every_page_type_can_be_compared(label):
    admin = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    page = apps.get_model(label).objects.filter(locale__language_code="en").first()
    before = page.save_revision(user=admin)
    page.title = page.title + " (changed)"
    after = page.save_revision(user=admin)
    response = client.get(f"/admin/pages/{page.pk}/revisions/compare/{before.pk}...{after.pk}/")
    assert response.status_code == 200
    assert "(changed)" in response.content.decode()


def test_compare_shows_a_sectors_principle_links(housing):
    admin = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    before = housing.save_revision(user=admin)
    removed = housing.principle_links.first()
    housing.principle_links.remove(removed)
    after = housing.save_revision(user=admin)
    html = client.get(
        f"/admin/pages/{housing.pk}/revisions/compare/{before.pk}...{after.pk}/"
    ).content.decode()
    assert removed.principle.title in html
