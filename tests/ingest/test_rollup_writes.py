"""The writers of the rollups that need more than an insert: daily counters, visitors
with the day's sketch, sessions merged into the stored one (ingest/rollup_writes.py)."""

from __future__ import annotations

from datetime import date

import pytest

from sitetracker.db import database
from sitetracker.ingest import sketch
from sitetracker.ingest.rollup_writes import write_counts, write_sessions, write_visitors
from sitetracker.ingest.sessions import SessionTouch
from sitetracker.models import DailyCount, DailySession, DailySketch, DailyVisitor, MonthlyCount

from ..agents import IPHONE
from ..beacons import send
from . import test_buffer as buffer

DAY = date(2026, 3, 10)


clock = buffer.clock  # the fixture: noon UTC on 10 March 2026


@pytest.fixture
def app_clock(clock):
    """The app runs on the buffer tests' clock: noon UTC on 10 March 2026."""
    return clock


def test_unique_visitors_and_sessions_are_counted_once_per_day(app, client, world):
    tracking = app.extensions["sitetracker"]
    for _ in range(3):
        send(client, world.site_a, {"n": "pageview", "u": "https://shop-a.test/"})
        tracking.buffer.flush()
    send(client, world.site_a, {"n": "pageview", "u": "https://shop-a.test/"}, ua=IPHONE,
         visitor="visitor-0002")
    tracking.buffer.flush()
    from sitetracker.reports import daily_stats

    with database.connection_context():
        (day,) = daily_stats(world.site_a.id, date(2026, 3, 10), date(2026, 3, 10))
    assert (day["visitors"], day["sessions"], day["pageviews"]) == (2, 2, 4)
    assert day["devices"] == {"desktop": 1, "mobile": 1}


def counts(site) -> dict[tuple[str, str], float]:
    return {(row.metric, row.key): row.value
            for row in DailyCount.select().where(DailyCount.site == site.id)}


def test_counts_are_added_to_and_a_compacted_month_is_dropped(app, world):
    site = world.site_a.id
    with database.connection_context():
        MonthlyCount.create(site=site, month="2026-03", metric="pageviews", key="", value=9)
        MonthlyCount.create(site=site, month="2026-02", metric="pageviews", key="", value=7)
        row = {"site": site, "day": DAY, "metric": "pageviews", "key": "", "value": 2}
        write_counts([row])
        write_counts([{**row, "value": 3}, {**row, "key": "x", "metric": "page"}])
        assert counts(world.site_a) == {("pageviews", ""): 5, ("page", "x"): 2}
        assert [row.month for row in MonthlyCount.select()] == ["2026-02"]


def test_a_visitor_day_keeps_its_first_row_and_joins_the_days_sketch_once(app, world):
    site = world.site_a.id
    first = {"site": site, "day": DAY, "visitor": "a1b2c3d4e5f60718", "returning": False,
             "device": "desktop", "os": "Windows", "browser": "Chrome", "country": "FR"}
    with database.connection_context():
        write_visitors([first, {**first, "visitor": "0f1e2d3c4b5a6978"}])
        write_visitors([{**first, "device": "mobile"}])
        assert sorted((row.visitor, row.device) for row in DailyVisitor.select()) == [
            ("0f1e2d3c4b5a6978", "desktop"), ("a1b2c3d4e5f60718", "desktop")]
        stored = DailySketch.get((DailySketch.site == site) & (DailySketch.day == DAY))
        assert bytes(stored.registers) == sketch.add(
            sketch.empty(), ["a1b2c3d4e5f60718", "0f1e2d3c4b5a6978"])


def test_a_session_is_merged_into_the_stored_one_and_counted_once(app, world):
    site = world.site_a.id
    first = SessionTouch(started=100, ended=100, entry="/", exit="/", pageviews=1,
                         channel="Direct", visitor="a1b2c3d4e5f60718")
    later = SessionTouch(started=160, ended=160, entry="/shoes", exit="/shoes", pageviews=1,
                         visitor="a1b2c3d4e5f60718")
    with database.connection_context():
        write_sessions([{"site": site, "day": DAY, "session": "s1", **first.as_row()}])
        write_sessions([{"site": site, "day": DAY, "session": "s1", **later.as_row()}])
        row = DailySession.get(DailySession.session == "s1")
        assert (row.started, row.ended, row.entry_page, row.exit_page, row.pageviews,
                row.channel) == (100, 160, "/", "/shoes", 2, "Direct")
        added = counts(world.site_a)
        assert added[("sessions", "")] == 1
