"""The write buffer's journal: counts the database does not take wait on local disk,
are replayed once it is back (and at start after a crash), and are never counted twice."""

from __future__ import annotations

from datetime import date

from sitetracker.db import database
from sitetracker.ingest.buffer import MAX_ITEMS, WriteBuffer
from sitetracker.models import DailyCount
from sitetracker.storage.journal import FILE_NAME, Journal
from sitetracker.storage.rejects import Rejects

from ..refusing import refusing_writes

DAY = date(2026, 3, 10)


def pageviews(site) -> float:
    with database.connection_context():
        row = DailyCount.get_or_none((DailyCount.site == site.id)
                                     & (DailyCount.metric == "pageviews"))
        return row.value if row else 0


def buffer_in(directory) -> WriteBuffer:
    return WriteBuffer(Journal(directory), Rejects(directory))


def test_counts_the_database_refuses_go_to_the_journal_and_are_replayed_once(
        app, world, tmp_path, monkeypatch):
    buffer = buffer_in(tmp_path)
    buffer.count(world.site_a.id, DAY, "pageviews", "", 3)
    with refusing_writes(monkeypatch):
        assert buffer.flush() == 0
        buffer.count(world.site_a.id, DAY, "pageviews", "", 2)
        assert buffer.flush() == 0
    assert buffer.size() == 0  # nothing waits in memory: it is on disk
    assert buffer.journal.backlog()["entries"] == 2
    assert buffer.journal.backlog()["oldest_age"] is not None

    buffer.flush()

    assert pageviews(world.site_a) == 5
    assert buffer.journal.backlog() == {"entries": 0, "oldest_age": None}
    buffer.flush()
    assert pageviews(world.site_a) == 5


def test_a_journal_left_by_a_crash_is_replayed_at_start(app, world, tmp_path, monkeypatch):
    crashed = buffer_in(tmp_path)
    crashed.count(world.site_a.id, DAY, "pageviews", "", 4)
    with refusing_writes(monkeypatch):
        crashed.flush()
    del crashed  # the process dies here

    restarted = buffer_in(tmp_path)
    assert restarted.journal.backlog()["entries"] == 1
    restarted.flush()
    assert pageviews(world.site_a) == 4


def test_an_entry_replayed_before_a_crash_is_not_counted_again(app, world, tmp_path,
                                                              monkeypatch):
    buffer = buffer_in(tmp_path)
    buffer.count(world.site_a.id, DAY, "pageviews", "", 4)
    with refusing_writes(monkeypatch):
        buffer.flush()
    saved = (tmp_path / FILE_NAME).read_text()
    buffer.flush()  # replayed...
    (tmp_path / FILE_NAME).write_text(saved)  # ...but the crash came before the file emptied

    buffer_in(tmp_path).flush()

    assert pageviews(world.site_a) == 4


def test_a_torn_last_line_is_ignored(app, world, tmp_path, monkeypatch):
    buffer = buffer_in(tmp_path)
    buffer.count(world.site_a.id, DAY, "pageviews", "", 1)
    with refusing_writes(monkeypatch):
        buffer.flush()
    with (tmp_path / FILE_NAME).open("a") as journal:
        journal.write('{"id": "abc", "rows": {"cou')  # kill -9 in mid-write
    buffer_in(tmp_path).flush()
    assert pageviews(world.site_a) == 1


def test_the_buffer_spills_to_the_journal_past_its_bound(app, world, tmp_path):
    buffer = buffer_in(tmp_path)
    for n in range(MAX_ITEMS + 1):
        buffer.count(world.site_a.id, DAY, "page", f"/p{n}")
    assert buffer.size() == 0
    assert buffer.journal.backlog()["entries"] == 1
