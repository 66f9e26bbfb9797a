"""Upserts that read the same on SQLite and MySQL (storage/upsert.py)."""

from __future__ import annotations

from datetime import date

from sitetracker.db import database
from sitetracker.models import DailyCount, MinuteStat
from sitetracker.storage.upsert import incoming, larger, upsert

DAY = date(2026, 3, 10)
KEY = [DailyCount.site, DailyCount.day, DailyCount.metric, DailyCount.key]


def add(site, value, metric="pageviews"):
    upsert(DailyCount.insert(site=site, day=DAY, metric=metric, key="", value=value), KEY,
           {DailyCount.value: DailyCount.value + incoming(DailyCount.value)}).execute()


def test_an_upsert_inserts_then_adds_what_the_insert_tried_to_write(app, world):
    site = world.site_a.id
    with database.connection_context():
        add(site, 2)
        add(site, 3)
        add(site, 1, metric="engaged")
        assert sorted((row.metric, row.value) for row in DailyCount.select()) == [
            ("engaged", 1), ("pageviews", 5)]


def test_an_upsert_can_replace_with_the_incoming_value(app, world):
    site = world.site_a.id
    with database.connection_context():
        for value in (4, 9):
            upsert(DailyCount.insert(site=site, day=DAY, metric="m", key="k", value=value),
                   KEY, {DailyCount.value: incoming(DailyCount.value)}).execute()
        assert [row.value for row in DailyCount.select()] == [9]


def test_larger_keeps_the_stored_or_the_incoming_value_whichever_is_larger(app, world):
    site = world.site_a.id
    with database.connection_context():
        for concurrents in (5, 3, 8, 7):
            upsert(MinuteStat.insert(site=site, minute=60, concurrents=concurrents),
                   [MinuteStat.site, MinuteStat.minute],
                   {MinuteStat.concurrents: larger(MinuteStat.concurrents)}).execute()
        assert [row.concurrents for row in MinuteStat.select()] == [8]
