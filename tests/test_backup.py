"""`make backup` / `make restore` (cms/backup.py): a round trip through backup_site and
restore_site gives back the same pages, revisions, translations, workflow states and media files,
on SQLite and on PostgreSQL; a wrong path, something that is not a backup, a damaged backup or a
backup of another database vendor is refused before anything is changed.

**The database.** pg_dump reads the database through its own connection, so the round trip must
commit what it backs up: it cannot run inside the usual rolled-back test transaction. Nor can it
be a TransactionTestCase (`django_db(transaction=True)`): that flushes every table afterwards,
and `serialized_rollback` would only re-insert what the migrations made, not the demo content
the session loads once (tests/conftest.py). So the round-trip test only lifts pytest-django's
block on database access, like the browser suite, and puts the database back itself: a backup is
taken before the test and restored after it, whatever the test did. That is the code under test
doing its own clean-up, and a broken restore then fails loudly in every later test. On SQLite the
test database is in memory (cms/settings/test.py names no file): SQLite's backup API copies it
out, and back in through Django's own connection.

MEDIA_ROOT points at a temporary directory in every test here: the developer's media/ is never
touched.
"""

import json
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from wagtail.models import Page, Revision, TaskState, WorkflowState
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

import pytest

from cms.backup import DATABASE_FILE_NAMES, create_backup, restore_backup

MEDIA_FILE = "documents/charter.txt"
MEDIA_BYTES = b"The corporate parenting charter, as uploaded.\n"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def committed_db(django_db_setup, django_db_blocker, media_root, tmp_path):
    """Database access without a transaction to roll back (see the module's docstring): the
    database and MEDIA_ROOT are backed up first and restored afterwards."""
    with django_db_blocker.unblock():
        baseline = tmp_path / "baseline"
        create_backup(baseline)
        try:
            yield
        finally:
            restore_backup(baseline)


def site_snapshot():
    """Everything the round trip must keep, row for row."""
    return {
        "pages": list(
            Page.objects.order_by("id").values(
                "id", "title", "locale_id", "live", "path", "translation_key", "url_path"
            )
        ),
        "revisions": list(Revision.objects.order_by("id").values("id", "object_id", "content")),
        "translation_sources": list(TranslationSource.objects.order_by("id").values()),
        "translations": list(Translation.objects.order_by("id").values()),
        "string_translations": list(StringTranslation.objects.order_by("id").values()),
        "workflow_states": list(WorkflowState.objects.order_by("id").values()),
        "task_states": list(TaskState.objects.order_by("id").values()),
    }


def media_snapshot(media_root):
    return {
        str(path.relative_to(media_root)): path.read_bytes()
        for path in sorted(media_root.rglob("*"))
        if path.is_file()
    }


def start_a_workflow():
    """An English page submitted to the English approval workflow and waiting for an approver."""
    page = Page.objects.get(depth=3, locale__language_code="en", slug="toolkit").specific
    editor = get_user_model().objects.create_user("backup-editor", "editor@example.com", "pw")
    state = page.get_workflow().start(page, editor)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    return state


def change_everything(media_root, workflow_state):
    """Delete a Welsh page, retitle an English one (with a new revision), cancel the workflow,
    delete the media file and add another."""
    welsh_leaf = (
        Page.objects.filter(locale__language_code="cy", numchild=0, depth__gt=2)
        .order_by("-path")
        .first()
    )
    welsh_leaf.delete()
    page = Page.objects.filter(locale__language_code="en", depth=2).get().specific
    page.title = "Retitled after the backup"
    page.save_revision().publish()
    workflow_state.cancel()
    (media_root / MEDIA_FILE).unlink()
    (media_root / "images").mkdir()
    (media_root / "images" / "added-later.png").write_bytes(b"not in the backup")


def test_a_backup_restores_pages_revisions_translations_workflows_and_media(
    committed_db, media_root, tmp_path, monkeypatch
):
    workflow_state = start_a_workflow()
    (media_root / "documents").mkdir()
    (media_root / MEDIA_FILE).write_bytes(MEDIA_BYTES)
    before, media_before = site_snapshot(), media_snapshot(media_root)
    assert before["translations"] and before["string_translations"] and before["task_states"]

    backup = tmp_path / "backup"
    output = _call("backup_site", "--output", str(backup))
    assert str(backup) in output
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["database_vendor"] == connection.vendor
    assert manifest["counts"]["pages"] == len(before["pages"])
    assert manifest["counts"]["revisions"] == len(before["revisions"])
    assert manifest["media_files"] == 1
    assert sorted(path.name for path in backup.iterdir()) == sorted(
        ["manifest.json", "media.tar.gz", DATABASE_FILE_NAMES[connection.vendor]]
    )

    change_everything(media_root, workflow_state)
    assert site_snapshot() != before and media_snapshot(media_root) != media_before

    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    output = _call("restore_site", str(backup))
    assert f"{len(before['pages'])} pages" in output
    assert site_snapshot() == before
    assert media_snapshot(media_root) == media_before

    _call("restore_site", str(backup), "--no-input")  # the same backup again: the same state
    assert site_snapshot() == before
    assert media_snapshot(media_root) == media_before


@pytest.fixture
def backup_of_the_site(django_db_setup, django_db_blocker, media_root, tmp_path):
    """A real backup to damage (made outside any test transaction; nothing is restored)."""
    with django_db_blocker.unblock():
        create_backup(tmp_path / "backup")
    return tmp_path / "backup"


@pytest.fixture
def untouched(db, media_root):
    """Checks, after the test, that the refused restore left the pages and media as they were.
    Requested after `backup_of_the_site`, so kept.txt is not in the backup: a restore would
    remove it."""
    (media_root / "kept.txt").write_bytes(b"kept")
    pages = list(Page.objects.order_by("id").values_list("id", "title"))
    yield
    assert list(Page.objects.order_by("id").values_list("id", "title")) == pages
    assert media_snapshot(media_root) == {"kept.txt": b"kept"}


def test_a_path_that_does_not_exist_is_refused(untouched, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        _call("restore_site", str(tmp_path / "no-such-backup"), "--no-input")


def test_a_directory_that_is_not_a_backup_is_refused(untouched, tmp_path):
    (tmp_path / "holiday-photos").mkdir()
    (tmp_path / "holiday-photos" / "beach.jpg").write_bytes(b"jpeg")
    with pytest.raises(CommandError, match="not a backup: it has no manifest.json"):
        _call("restore_site", str(tmp_path / "holiday-photos"), "--no-input")
    with pytest.raises(CommandError, match="not a backup: a backup is a directory"):
        _call("restore_site", str(tmp_path / "holiday-photos" / "beach.jpg"), "--no-input")


def test_a_backup_of_another_database_vendor_is_refused(backup_of_the_site, untouched):
    manifest_file = backup_of_the_site / "manifest.json"
    manifest = json.loads(manifest_file.read_text())
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest.update(database_vendor=other, database_file=DATABASE_FILE_NAMES[other])
    manifest_file.write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match=f"backup of a {other} database, but this site uses"):
        _call("restore_site", str(backup_of_the_site), "--no-input")


def test_a_damaged_database_file_or_media_archive_is_refused(backup_of_the_site, untouched):
    database_file = backup_of_the_site / DATABASE_FILE_NAMES[connection.vendor]
    saved = database_file.read_bytes()
    database_file.write_bytes(b"not a database" * 100)
    with pytest.raises(CommandError, match=database_file.name):
        _call("restore_site", str(backup_of_the_site), "--no-input")
    database_file.write_bytes(saved)
    (backup_of_the_site / "media.tar.gz").write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="not a usable media archive"):
        _call("restore_site", str(backup_of_the_site), "--no-input")


def test_restore_asks_first_and_changes_nothing_without_a_yes(
    backup_of_the_site, untouched, monkeypatch
):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    assert "cancelled: nothing was changed" in _call("restore_site", str(backup_of_the_site))

    def no_terminal(prompt):
        raise EOFError

    monkeypatch.setattr("builtins.input", no_terminal)
    with pytest.raises(CommandError, match="--no-input"):
        _call("restore_site", str(backup_of_the_site))


def test_a_backup_is_never_written_over_an_existing_one(db, backup_of_the_site):
    with pytest.raises(CommandError, match="already exists"):
        _call("backup_site", "--output", str(backup_of_the_site))
    assert (backup_of_the_site / "manifest.json").is_file()


def test_a_missing_postgres_tool_is_named(monkeypatch, tmp_path):
    from cms import backup

    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    monkeypatch.setattr(backup, "POSTGRES_BIN_DIRS", tmp_path)
    with pytest.raises(backup.BackupError, match="pg_dump was not found on PATH"):
        backup.find_postgres_binary("pg_dump")
    for version in ("9.6", "13", "15"):
        (tmp_path / version / "bin").mkdir(parents=True)
        (tmp_path / version / "bin" / "pg_dump").write_text("")
    assert backup.find_postgres_binary("pg_dump") == str(tmp_path / "15" / "bin" / "pg_dump")


def _call(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_backup_from_other_package_versions_is_pointed_out():
    from cms.backup import version_differences

    assert version_differences({"versions": {"Django": "1.0"}}).startswith("Django 1.0 (now 5.")
    assert version_differences({"versions": {}}) == ""
