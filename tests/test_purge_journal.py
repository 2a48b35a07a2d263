"""The journal that carries purges between processes (cms.purge_journal), as files: what one
process appends, the others read once, never their own lines, and a journal started afresh
means "purge everything"."""

from cms import purge_journal
from cms.purge_journal import EVERYTHING, PurgeJournal


def processes(path, count=2):
    return [PurgeJournal(path, pid=1000 + number) for number in range(count)]


def test_what_one_process_records_the_others_read_once(tmp_path):
    writer, reader, third = processes(tmp_path / "purges", 3)
    for journal in (writer, reader, third):
        journal.news()
    writer.record(["page:1", "page:2"])
    writer.record(["site"])
    assert reader.news() == ["page:1", "page:2", "site"]
    assert reader.news() == []
    assert third.news() == ["page:1", "page:2", "site"]
    assert writer.news() == []  # its own purges are made already


def test_the_first_look_skips_what_came_before(tmp_path):
    writer, late = processes(tmp_path / "purges")
    writer.record(["page:1"])
    assert late.news() == []  # a process that just started has nothing cached
    writer.record(["page:2"])
    assert late.news() == ["page:2"]


def test_the_first_look_creates_the_journal(tmp_path):
    writer, reader = processes(tmp_path / "purges")
    assert reader.news() == []
    assert (tmp_path / "purges").exists()  # so that a journal started afresh is noticed
    writer.record(["page:7"])
    assert reader.news() == ["page:7"]


def test_a_line_still_being_written_waits(tmp_path):
    path = tmp_path / "purges"
    (reader,) = processes(path, 1)
    reader.news()
    with open(path, "a") as journal:
        journal.write("4242 page:1 pa")
    assert reader.news() == []
    with open(path, "a") as journal:
        journal.write("ge:2\n")
    assert reader.news() == ["page:1", "page:2"]


def test_a_journal_started_afresh_means_everything(tmp_path, monkeypatch):
    writer, reader = processes(tmp_path / "purges")
    reader.news()
    monkeypatch.setattr(purge_journal, "MAX_BYTES", 40)
    for number in range(5):
        writer.record([f"page:{number}"])
    assert reader.news() is EVERYTHING  # it cannot know what it missed
    writer.record(["page:9"])
    assert reader.news() == ["page:9"]


def test_a_journal_deleted_or_truncated_means_everything(tmp_path):
    path = tmp_path / "purges"
    writer, reader = processes(path)
    writer.record(["page:1"])
    reader.news()
    path.write_text("")
    assert reader.news() is EVERYTHING
    path.unlink()
    assert reader.news() is EVERYTHING
    writer.record(["page:3"])
    assert reader.news() is EVERYTHING  # a new journal: what came before it is unknown
    writer.record(["page:4"])
    assert reader.news() == ["page:4"]


def test_an_unwritable_journal_is_logged_not_raised(tmp_path, caplog):
    (journal,) = processes(tmp_path / "missing-folder" / "purges", 1)
    journal.record(["page:1"])
    assert journal.news() == []
    assert "not written" in caplog.text and "not read" in caplog.text


def test_threads_of_one_process_read_each_purge_once(tmp_path):
    """A threaded server's requests read the journal at once: no line twice, none skipped."""
    import threading

    writer, reader = processes(tmp_path / "purges")
    reader.news()
    seen, done = [], threading.Event()

    def read():
        while not done.is_set():
            news = reader.news()
            assert news is not EVERYTHING
            seen.extend(news)

    threads = [threading.Thread(target=read) for _ in range(6)]
    for thread in threads:
        thread.start()
    for number in range(300):
        writer.record([f"page:{number}"])
    done.set()
    for thread in threads:
        thread.join()
    seen.extend(reader.news())
    # Each line once (threads may append what they read in another order).
    assert sorted(seen) == sorted(f"page:{number}" for number in range(300))
