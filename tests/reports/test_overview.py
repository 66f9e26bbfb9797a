"""The headline figures of a period and the same per day (overview.py)."""

from __future__ import annotations

from datetime import date

from sitetracker.db import database
from sitetracker.reports import overview
from sitetracker.reports.periods import Period

from .counters import add, visit

PERIOD = Period(date(2026, 3, 9), date(2026, 3, 10))


def test_the_figures_are_shares_and_averages_of_the_days_counters(app, world):
    site = world.site_a2.id
    add(site, date(2026, 3, 9), ("sessions", "", 3), ("pageviews", "", 10),
        ("bounces", "", 1), ("duration", "", 300), ("engaged", "", 120),
        ("converted", "", 1), ("orders", "EUR", 1), ("revenue", "EUR", 80))
    add(site, date(2026, 3, 10), ("sessions", "", 1), ("pageviews", "", 2),
        ("bounces", "", 1), ("orders", "EUR", 1), ("revenue", "EUR", 40.555),
        ("orders", "USD", 0), ("revenue", "USD", 10))
    visit(site, date(2026, 3, 9), "v1", "v2")
    visit(site, date(2026, 3, 10), "v2")
    with database.connection_context():
        found = overview.figures(site, PERIOD)
    assert found == {
        "visitors": 2, "sessions": 4, "pageviews": 12, "bounce_rate": 0.5,
        "avg_session_seconds": 75.0, "engaged_seconds": 120.0, "engaged_per_visitor": 60.0,
        "conversion_rate": 0.25, "orders": 2,
        "revenue": {"EUR": 120.56, "USD": 10.0}, "avg_order_value": {"EUR": 60.28}}


def test_a_period_without_sessions_has_no_rates(app, world):
    with database.connection_context():
        found = overview.figures(world.site_a2.id, PERIOD)
    assert found["sessions"] == 0 and found["visitors"] == 0
    assert found["bounce_rate"] is None and found["conversion_rate"] is None
    assert found["avg_session_seconds"] is None and found["engaged_per_visitor"] is None
    assert found["revenue"] == {} and found["avg_order_value"] == {}


def test_the_series_has_every_day_of_the_period_even_empty_ones(app, world):
    site = world.site_a2.id
    add(site, date(2026, 3, 10), ("sessions", "", 2), ("pageviews", "", 5),
        ("orders", "EUR", 1))
    visit(site, date(2026, 3, 10), "v1", "v2")
    with database.connection_context():
        assert overview.series(site, PERIOD) == [
            {"day": "2026-03-09", "visitors": 0, "sessions": 0, "pageviews": 0, "orders": 0},
            {"day": "2026-03-10", "visitors": 2, "sessions": 2, "pageviews": 5, "orders": 1},
        ]
