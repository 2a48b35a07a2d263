"""Backing up and restoring the whole site: the database and the media files (`make backup`,
`make restore`; the `backup_site` and `restore_site` commands are thin wrappers over this module).

A backup is a directory:

    manifest.json      when it was made, the database vendor, the Django/Wagtail versions, counts
    database.sqlite3   SQLite: a consistent copy made with SQLite's online backup API
    database.dump      PostgreSQL: `pg_dump --format=custom`
    media.tar.gz       the contents of MEDIA_ROOT

Why these choices:

- A live SQLite file cannot be copied safely with `cp` (a write in progress, or a WAL file not yet
  checkpointed, gives a torn copy); SQLite's backup API reads a consistent snapshot, and the same
  API run the other way writes a backup back into a live database in one transaction. It also
  works for the test suite's in-memory database, which has no file to copy.
- PostgreSQL's own tools are the only ones that keep every sequence, index and constraint; the
  custom format is compressed and lets `pg_restore --list` check a dump before anything is touched.
- Restoring first validates the whole backup (manifest, vendor, database file, media archive),
  then changes things: a wrong path or a damaged backup never costs the current data. The media
  archive is unpacked beside MEDIA_ROOT before the database is replaced, and the PostgreSQL
  restore is one transaction, so a failure part-way leaves the database as it was.
- A backup is written under a temporary name and renamed when complete: a backup directory that
  exists is a whole one.
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.conf import settings
from django.db import connections

BACKUP_FORMAT = 1
MANIFEST_NAME = "manifest.json"
MEDIA_ARCHIVE_NAME = "media.tar.gz"
DATABASE_FILE_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
POSTGRES_BIN_DIRS = Path("/usr/lib/postgresql")
# libpq reads these from the environment; Django keeps them in the database's OPTIONS.
POSTGRES_OPTION_ENVIRONMENT = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


class BackupError(Exception):
    """A problem the operator can act on; the message says what and where. The management
    commands turn it into a CommandError."""


def default_backup_path(now=None):
    """backups/<UTC time>/ at the project's root: sortable by name, one per run."""
    now = now or datetime.datetime.now(datetime.UTC)
    return Path(settings.BASE_DIR) / "backups" / now.strftime("%Y%m%dT%H%M%SZ")


# Making a backup


def create_backup(destination, using="default"):
    """Write a backup of the database `using` and of MEDIA_ROOT to the directory `destination`
    (which must not exist, or be empty) and return its manifest."""
    destination = Path(destination)
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise BackupError(f"{destination} already exists: name a new directory for the backup.")
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DATABASE_FILE_NAMES:
        raise BackupError(
            f"Backing up a {vendor} database is not supported (SQLite or PostgreSQL)."
        )
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", dir=destination.parent))
    try:
        database_file = staging / DATABASE_FILE_NAMES[vendor]
        if vendor == "sqlite":
            _copy_sqlite(connection, database_file)
        else:
            _dump_postgres(connection, database_file)
        media_files = _archive_media(Path(settings.MEDIA_ROOT), staging / MEDIA_ARCHIVE_NAME)
        manifest = _manifest(vendor, database_file.name, site_counts(using), media_files)
        (staging / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n")
        if destination.exists():
            destination.rmdir()  # empty, checked above
        staging.rename(destination)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def site_counts(using="default"):
    """What the manifest records and the restore reports, to see at a glance that the right
    backup went back."""
    from wagtail.models import Page, Revision, WorkflowState
    from wagtail_localize.models import Translation

    return {
        "pages": Page.objects.using(using).count(),
        "revisions": Revision.objects.using(using).count(),
        "translations": Translation.objects.using(using).count(),
        "workflow_states": WorkflowState.objects.using(using).count(),
    }


def _manifest(vendor, database_file, counts, media_files):
    return {
        "format": BACKUP_FORMAT,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database_vendor": vendor,
        "database_file": database_file,
        "media_archive": MEDIA_ARCHIVE_NAME,
        "media_files": media_files,
        "versions": {
            package: _installed_version(package)
            for package in ("Django", "wagtail", "wagtail-localize")
        },
        "counts": counts,
    }


def version_differences(manifest):
    """The packages whose version differs from the backup's, as "Django 5.2.1 (now 5.2.19)", or
    "" when they match: a backup from older code may need `migrate` after restoring."""
    return ", ".join(
        f"{package} {recorded} (now {_installed_version(package)})"
        for package, recorded in (manifest.get("versions") or {}).items()
        if recorded != _installed_version(package)
    )


def _installed_version(package):
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def _copy_sqlite(connection, target_file):
    """SQLite's online backup API: a consistent snapshot even while the site is writing."""
    connection.ensure_connection()
    target = sqlite3.connect(target_file)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def _dump_postgres(connection, target_file):
    _run_postgres_tool(
        connection,
        "pg_dump",
        ["--format=custom", "--no-password", f"--file={target_file}"],
        doing="dumping the database",
    )


def _archive_media(media_root, archive_file):
    """Pack MEDIA_ROOT's contents (paths relative to it) and return how many files it holds."""
    files = 0
    with tarfile.open(archive_file, "w:gz") as archive:
        if media_root.is_dir():
            for child in sorted(media_root.iterdir()):
                archive.add(child, arcname=child.name)
            files = sum(1 for member in archive.getmembers() if member.isfile())
    return files


# Checking a backup


def inspect_backup(path, using="default"):
    """Check everything a restore needs, change nothing, and return the manifest. Raises
    BackupError naming the problem: no such path, not a backup, a backup of another database
    vendor, a missing or damaged database file or media archive."""
    path = Path(path)
    if not path.exists():
        raise BackupError(f"{path} does not exist.")
    if not path.is_dir():
        raise BackupError(f"{path} is not a backup: a backup is a directory made by backup_site.")
    manifest = _read_manifest(path)
    vendor = connections[using].vendor
    if manifest["database_vendor"] != vendor:
        raise BackupError(
            f"{path} is a backup of a {manifest['database_vendor']} database, but this site uses "
            f"{vendor}: restore it on a {manifest['database_vendor']} site (a backup cannot be "
            "moved between database vendors)."
        )
    database_file = path / manifest["database_file"]
    if not database_file.is_file():
        raise BackupError(f"{path} is incomplete: {manifest['database_file']} is missing.")
    if vendor == "sqlite":
        _check_sqlite_copy(database_file)
    else:
        _check_postgres_dump(connections[using], database_file)
    _check_media_archive(path / manifest["media_archive"])
    return manifest


def _read_manifest(path):
    manifest_file = path / MANIFEST_NAME
    if not manifest_file.is_file():
        raise BackupError(
            f"{path} is not a backup: it has no {MANIFEST_NAME} (backup_site writes one)."
        )
    try:
        manifest = json.loads(manifest_file.read_text())
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{manifest_file} is not valid JSON: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != BACKUP_FORMAT:
        raise BackupError(
            f"{manifest_file} is not a manifest this version understands "
            f"(expected format {BACKUP_FORMAT})."
        )
    expected_file = DATABASE_FILE_NAMES.get(manifest.get("database_vendor"))
    if expected_file is None or manifest.get("database_file") != expected_file:
        raise BackupError(f"{manifest_file} names no database vendor and file this site knows.")
    if manifest.get("media_archive") != MEDIA_ARCHIVE_NAME:
        raise BackupError(f"{manifest_file} names no media archive.")
    return manifest


def _check_sqlite_copy(database_file):
    try:
        copy = sqlite3.connect(f"{database_file.resolve().as_uri()}?mode=ro", uri=True)
        try:
            (result,) = copy.execute("PRAGMA quick_check").fetchone()
            has_migrations = copy.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
            ).fetchone()
        finally:
            copy.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{database_file} is not a usable SQLite database: {error}") from None
    if result != "ok":
        raise BackupError(f"{database_file} is damaged: {result}")
    if not has_migrations:
        raise BackupError(f"{database_file} is not a Django database (no django_migrations).")


def _check_postgres_dump(connection, database_file):
    """`pg_restore --list` reads the dump's whole table of contents without a server."""
    _run_postgres_tool(
        connection,
        "pg_restore",
        ["--list", str(database_file)],
        doing=f"reading {database_file}",
        connect=False,
    )


def _check_media_archive(archive_file):
    """Read every member, and refuse any that would land outside MEDIA_ROOT (an absolute path,
    `..`, a link out), with the same filter the restore unpacks with."""
    if not archive_file.is_file():
        raise BackupError(f"{archive_file} is missing.")
    try:
        with tarfile.open(archive_file, "r:gz") as archive:
            for member in archive.getmembers():
                tarfile.data_filter(member, "/media-root-check")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{archive_file} is not a usable media archive: {error}") from None


# Restoring a backup


def restore_backup(path, using="default"):
    """Replace the database `using` and MEDIA_ROOT's contents with the backup at `path`, after
    checking it (inspect_backup), and return its manifest. Restoring the same backup twice gives
    the same state."""
    path = Path(path)
    manifest = inspect_backup(path, using)
    media_root = Path(settings.MEDIA_ROOT)
    staged_media = _unpack_media(path / manifest["media_archive"], media_root)
    try:
        connection = connections[using]
        # Nothing of Django's may hold the database open while it is replaced: a PostgreSQL
        # connection would block the restore's DROP TABLE, and a SQLite file is rewritten under
        # it. (An in-memory SQLite database ignores close(): it would be lost with it.)
        connections.close_all()
        if connection.vendor == "sqlite":
            _restore_sqlite(connection, path / manifest["database_file"])
        else:
            _restore_postgres(connection, path / manifest["database_file"])
        connections.close_all()
        _replace_directory_contents(media_root, staged_media)
    finally:
        shutil.rmtree(staged_media, ignore_errors=True)
    # Every cached page and the cached site-wide data describe the database that was replaced
    # (in every process: the purge is journalled for the others when the cache is theirs).
    from cms.page_cache import purge

    purge(site=True)
    return manifest


def _restore_sqlite(connection, database_file):
    """The backup API run the other way: the copy is written into the live database in one
    transaction. An in-memory database (the test suite's) is written through Django's own
    connection, which is the only thing keeping it alive."""
    source = sqlite3.connect(f"{database_file.resolve().as_uri()}?mode=ro", uri=True)
    try:
        if connection.is_in_memory_db():
            connection.ensure_connection()
            source.backup(connection.connection)
        else:
            target = sqlite3.connect(connection.settings_dict["NAME"], timeout=30)
            try:
                source.backup(target)
            finally:
                target.close()
    except sqlite3.Error as error:
        raise BackupError(
            f"Restoring {database_file} failed, nothing was changed: {error}"
        ) from None
    finally:
        source.close()


def _restore_postgres(connection, database_file):
    """--clean --if-exists drops each object before re-creating it; --single-transaction makes
    the whole restore one transaction, so an error leaves the database as it was; --no-owner
    lets another role (a different server's user) own what it creates."""
    _run_postgres_tool(
        connection,
        "pg_restore",
        [
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
            str(database_file),
        ],
        doing=f"restoring {database_file} (nothing was changed)",
    )


def _unpack_media(archive_file, media_root):
    """Unpack beside MEDIA_ROOT (the same file system, so the swap is a rename) before anything
    is replaced: a bad archive stops the restore with the site untouched."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{media_root.name}.restore.", dir=media_root.parent))
    try:
        with tarfile.open(archive_file, "r:gz") as archive:
            archive.extractall(staging, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(
            f"Unpacking {archive_file} failed, nothing was changed: {error}"
        ) from None
    return staging


def _replace_directory_contents(directory, new_contents):
    """Empty `directory` and move `new_contents`' children into it. The directory itself is kept:
    it may be a mount point, or be owned by the web server's user."""
    directory.mkdir(parents=True, exist_ok=True)
    for child in directory.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for child in new_contents.iterdir():
        shutil.move(child, directory / child.name)


# PostgreSQL's command-line tools


def find_postgres_binary(name):
    """The tool on PATH, else the newest installed under /usr/lib/postgresql/<version>/bin (where
    Debian puts them without linking them onto PATH)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = [
        directory / "bin" / name
        for directory in POSTGRES_BIN_DIRS.glob("*")
        if (directory / "bin" / name).is_file()
    ]
    if not candidates:
        raise BackupError(
            f"{name} was not found on PATH or in {POSTGRES_BIN_DIRS}/*/bin: install PostgreSQL's "
            "client tools (Debian: apt install postgresql-client), the same major version as the "
            "server or newer."
        )
    return str(max(candidates, key=lambda binary: _version_key(binary.parent.parent.name)))


def _version_key(name):
    return tuple(int(part) if part.isdigit() else -1 for part in name.split("."))


def postgres_environment(settings_dict):
    """libpq's environment for the database Django uses: the password goes in PGPASSWORD, never
    on the command line where `ps` shows it."""
    environment = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    for option, variable in POSTGRES_OPTION_ENVIRONMENT.items():
        value = (settings_dict.get("OPTIONS") or {}).get(option)
        if value:
            environment[variable] = str(value)
    return environment


def _run_postgres_tool(connection, name, arguments, doing, connect=True):
    command = [find_postgres_binary(name), *arguments]
    environment = postgres_environment(connection.settings_dict) if connect else dict(os.environ)
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = result.stderr.strip() or f"exit status {result.returncode}"
        raise BackupError(f"{name} failed {doing}: {detail}")
    return result.stdout
