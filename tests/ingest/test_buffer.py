"""The write buffer: rollups written in batches, surviving restarts and failures."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from sitetracker import create_app
from sitetracker.clock import ManualClock
from sitetracker.db import database
from sitetracker.ingest.buffer import WriteBuffer
from sitetracker.models import DailyCount, MinuteStat, MonthlyPeak

from ..beacons import send

NOON = datetime(2026, 3, 10, 12, 0, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    return ManualClock(NOON)


@pytest.fixture
def app(app_config, clock):
    application = create_app(app_config, clock=clock)
    yield application
    if not database.is_closed():
        database.close()


def stored(site, metric, key=""):
    with database.connection_context():
        row = DailyCount.get_or_none((DailyCount.site == site.id) & (DailyCount.metric == metric)
                                     & (DailyCount.key == key))
        return row.value if row else 0


def test_flush_adds_to_what_is_stored(app, client, world):
    tracking = app.extensions["sitetracker"]
    send(client, world.site_a, {"n": "pageview", "u": "https://shop-a.test/a"})
    assert stored(world.site_a, "pageviews") == 0  # buffered, not yet written
    tracking.buffer.flush()
    send(client, world.site_a, [{"n": "pageview", "u": "https://shop-a.test/a"},
                                {"n": "engage", "e": 4.5}])
    tracking.buffer.flush()
    assert stored(world.site_a, "pageviews") == 2
    assert stored(world.site_a, "page", "/a") == 2
    assert stored(world.site_a, "engaged") == 4.5




def test_minute_rows_keep_the_largest_concurrency_and_add_page_views(app, client, world, clock):
    tracking = app.extensions["sitetracker"]
    minute = int(clock.now()) // 60 * 60
    tracking.buffer.concurrent(world.site_a.id, minute, 5, "2026-03")
    tracking.buffer.flush()
    tracking.buffer.concurrent(world.site_a.id, minute, 3, "2026-03")
    send(client, world.site_a, {"n": "pageview", "u": "https://shop-a.test/"})
    tracking.buffer.flush()
    with database.connection_context():
        row = MinuteStat.get((MinuteStat.site == world.site_a.id) & (MinuteStat.minute == minute))
        peak = MonthlyPeak.get(MonthlyPeak.site == world.site_a.id)
    assert (row.concurrents, row.pageviews) == (5, 1)
    assert (peak.peak, peak.at) == (5, minute)


def test_failed_flush_keeps_the_batch_for_the_next_one(app, client, world, monkeypatch):
    tracking = app.extensions["sitetracker"]
    send(client, world.site_a, {"n": "pageview", "u": "https://shop-a.test/"})
    from sitetracker.ingest import buffer as buffer_module

    real_write = buffer_module._write

    def broken(batch):
        raise RuntimeError("database went away")

    monkeypatch.setattr(buffer_module, "_write", broken)
    assert tracking.buffer.flush() == 0
    monkeypatch.setattr(buffer_module, "_write", real_write)
    assert tracking.buffer.flush() > 0
    assert stored(world.site_a, "pageviews") == 1


def test_empty_buffer_writes_nothing(app):
    assert WriteBuffer().flush() == 0


def test_a_row_the_database_refuses_is_set_aside_and_the_rest_written(app, client, world,
                                                                      tmp_path):
    tracking = app.extensions["sitetracker"]
    send(client, world.site_a, {"n": "pageview", "u": "https://shop-a.test/shoes"})
    tracking.buffer.count(world.site_a.id, date(2026, 3, 10), "page", "/\ud800")  # no UTF-8
    send(client, world.site_a, {"n": "pageview", "u": "https://shop-a.test/hats"})

    assert tracking.buffer.flush() > 0

    assert stored(world.site_a, "pageviews") == 2
    assert stored(world.site_a, "page", "/shoes") == 1
    assert stored(world.site_a, "page", "/hats") == 1
    assert tracking.rejects.count == 1
    [line] = (tmp_path / "rejected-rows.jsonl").read_text().splitlines()
    assert json.loads(line)["row"]["key"] == "/\ud800"
    # Later flushes are not blocked by it.
    send(client, world.site_a, {"n": "pageview", "u": "https://shop-a.test/shoes"})
    tracking.buffer.flush()
    assert stored(world.site_a, "pageviews") == 3
    assert tracking.rejects.count == 1
