"""The base query of the reports (counts.py): daily counters summed over a period,
per day, distinct visitors, and the top keys."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from sitetracker.db import database
from sitetracker.reports import counts
from sitetracker.reports.periods import Period

from .counters import add, visit

MARCH = Period(date(2026, 3, 1), date(2026, 3, 10))


def test_sums_add_up_each_key_of_the_metrics_asked_for_in_the_period_only(app, world):
    site = world.site_a2.id
    add(site, date(2026, 3, 2), ("page", "/", 3), ("page", "/cart", 1), ("sessions", "", 2))
    add(site, date(2026, 3, 9), ("page", "/", 4))
    add(site, date(2026, 3, 11), ("page", "/", 100))  # after the period
    add(world.site_a.id, date(2026, 3, 9), ("page", "/", 50))  # another site
    with database.connection_context():
        assert counts.sums(site, MARCH, ("page", "orders")) == {
            "page": {"/": 7.0, "/cart": 1.0}, "orders": {}}
        assert counts.per_day(site, MARCH, ("page", "sessions")) == {
            "2026-03-02": {"page": 4.0, "sessions": 2.0}, "2026-03-09": {"page": 4.0}}


def test_visitors_are_counted_once_over_the_period_and_per_day(app, world):
    site = world.site_a2.id
    add(site, date(2026, 3, 2), ("sessions", "", 2))
    add(site, date(2026, 3, 3), ("sessions", "", 2))
    visit(site, date(2026, 3, 2), "v1", "v2")
    visit(site, date(2026, 3, 3), "v2", "v3")
    with database.connection_context():
        assert counts.visitors(site, MARCH) == 3
        assert counts.visitors_per_day(site, MARCH) == {"2026-03-02": 2, "2026-03-03": 2}


def test_many_visitors_are_estimated_from_the_days_sketches(app, world):
    from sitetracker.ingest import sketch
    from sitetracker.models import DailySketch

    site = world.site_a2.id
    hashes = [hashlib.sha256(f"visitor-{n}".encode()).hexdigest()[:16] for n in range(500)]
    # More visitor-days than are counted exactly (no visitor rows: only the sketch).
    add(site, date(2026, 3, 2), ("sessions", "", counts.EXACT_LIMIT + 1))
    with database.connection_context():
        DailySketch.create(site=site, day=date(2026, 3, 2), registers=sketch.add(
            sketch.empty(), hashes))
        assert counts.visitors(site, MARCH) == pytest.approx(500, rel=0.05)
        assert counts.visitors_per_day(site, MARCH)["2026-03-02"] == pytest.approx(
            500, rel=0.05)


def test_ranked_keeps_the_largest_ties_by_key_and_drops_nothing_counted():
    values = {"/b": 3.0, "/a": 3.0, "/c": 5.5, "/d": 1.0, "/zero": 0.0}
    assert counts.ranked(values, 3) == [["/c", 5.5], ["/a", 3], ["/b", 3]]
    assert counts.ranked(values, 10)[-1] == ["/d", 1]
