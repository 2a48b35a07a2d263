"""Purges carried from one process to the others on the same machine, when the cache is each
process's own memory (no REDIS_URL).

A purge moves on generations in the cache of the process that made it (cms.page_cache). With
Redis every process reads the same generations; with a cache in each process's memory, an editor
publishing through one gunicorn worker would leave the other workers serving the old page, and
their site-wide data (footer, sites, restricted pages) unchanged. So each purge is also appended
to a journal file, and every process reads what the others appended at the start of each request
(one `stat` when nothing is new) and makes the same purges in its own memory.

Why our own: Django's cache backends offer nothing between "each process alone" and a shared
server. The journal is a plain append-only file: one line per purge, `<pid> <tag> <tag> ...`.
Each process remembers the file's inode and how far it has read. A file that grew past
MAX_BYTES is started afresh by the process that notices; the others see a new inode (or a
shorter or missing file), cannot tell what they missed, and purge everything once.
"""

import logging
import os
import tempfile
import threading
from pathlib import Path

logger = logging.getLogger(__name__)

#: Returned by `PurgeJournal.news()` when the journal was started afresh: purge everything.
EVERYTHING = object()
MAX_BYTES = 1024 * 1024
_NO_FILE = 0  # the inode of a journal that is not there


class PurgeJournal:
    def __init__(self, path, pid=None):
        self.path = Path(path)
        self.pid = str(pid or os.getpid())
        self._inode = None  # not looked yet
        self._offset = 0
        # A threaded server's requests read the journal at once: one reads, the others wait.
        self._reading = threading.Lock()

    def record(self, tags):
        """Append one purge. Small appends to a file opened in append mode land whole and in
        order, so writers need no lock."""
        if not tags:
            return
        try:
            with open(self.path, "a", encoding="ascii") as journal:
                journal.write(f"{self.pid} {' '.join(tags)}\n")
                size = journal.tell()
            if size > MAX_BYTES:
                self._start_afresh()
        except OSError as error:
            logger.warning("Purge journal %s not written (%s)", self.path, error)

    def news(self):
        """The tags other processes purged since the last call; EVERYTHING when that cannot be
        known (the journal was started afresh, or removed). The first call only notes where the
        journal ends (creating it if need be): the process cached nothing before it."""
        with self._reading:
            return self._read_news()

    def _read_news(self):
        try:
            if self._inode is None:
                self.path.touch(exist_ok=True)
                self._inode, self._offset = _inode_and_size(self.path)
                return []
            inode, size = _inode_and_size(self.path)
        except OSError as error:
            logger.warning("Purge journal %s not read (%s)", self.path, error)
            return []
        if inode != self._inode or size < self._offset:
            self._inode, self._offset = inode, size
            return EVERYTHING
        if size == self._offset:
            return []
        with open(self.path, "rb") as journal:
            journal.seek(self._offset)
            written = journal.read(size - self._offset)
        whole = written[: written.rfind(b"\n") + 1]  # a line still being written waits
        self._offset += len(whole)
        tags = []
        for line in whole.decode("ascii", errors="replace").splitlines():
            pid, *line_tags = line.split()
            if pid != self.pid:
                tags.extend(line_tags)
        return tags

    def _start_afresh(self):
        fresh = tempfile.NamedTemporaryFile(
            dir=self.path.parent, prefix=self.path.name, delete=False
        )
        fresh.close()
        os.replace(fresh.name, self.path)


def _inode_and_size(path):
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return _NO_FILE, 0
    return status.st_ino, status.st_size


def default_path(settings):
    """One journal per site on the machine: named after the database the processes share."""
    import hashlib

    database = settings.DATABASES["default"]
    identity = "|".join(str(database.get(part, "")) for part in ("ENGINE", "NAME", "HOST", "PORT"))
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"corporate-parenting-purges-{digest}"
