"""A store's history written straight into the rollups (history.py), as the write
buffer would have left it, read back by the reports."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sitetracker.db import database
from sitetracker.ingest.channels import CHANNELS
from sitetracker.models import DailyCount, DailySketch, DailyVisitor
from sitetracker.reports import overview
from sitetracker.reports.periods import Period
from sitetracker.simulate.history import day_counts, seed


def test_a_days_counters_hang_together():
    found = day_counts(random.Random(3), 1000)
    sessions = found["sessions", ""]
    assert 1100 <= sessions <= 1300
    assert sessions < found["pageviews", ""]
    assert found["bounces", ""] < sessions and found["orders", "EUR"] < sessions
    for metric in ("channel", "country", "device"):
        assert sum(v for (m, _), v in found.items() if m == metric) == sessions, metric
    assert {key for (m, key) in found if m == "channel"} == set(CHANNELS)
    assert day_counts(random.Random(3), 1000) == found  # the same seed, the same day


def test_seeded_days_are_read_by_the_reports_with_their_visitors(app, world):
    site = world.site_a2.id
    end = date(2026, 3, 10)
    written = seed(site, end, days=5, visitors=40, visitor_rows_days=2)
    with database.connection_context():
        days = {row.day for row in DailySketch.select().where(DailySketch.site == site)}
        assert days == {end - timedelta(days=n) for n in range(5)}
        visitor_days = {row.day for row in DailyVisitor.select().where(
            DailyVisitor.site == site)}
        assert visitor_days == {end, end - timedelta(days=1)}
        rows = (DailyCount.select().where(DailyCount.site == site).count()
                + DailyVisitor.select().where(DailyVisitor.site == site).count() + 5)
        assert written == rows
        figures = overview.figures(site, Period(end - timedelta(days=4), end))
    assert figures["sessions"] > figures["visitors"] > 0
    assert figures["pageviews"] > figures["sessions"]
