"""Whole past months of daily counters added up once (months.py): a report of a year
reads them compacted, and a late write to one of their days is still counted."""

from __future__ import annotations

from datetime import date

from sitetracker.db import database
from sitetracker.models import MonthlyCount
from sitetracker.reports import counts, months
from sitetracker.reports.periods import Period

from .counters import add


def test_a_period_is_split_into_whole_months_before_its_last_and_the_days_around():
    assert months.split(date(2026, 1, 15), date(2026, 4, 10)) == (
        [(date(2026, 2, 1), date(2026, 2, 28)), (date(2026, 3, 1), date(2026, 3, 31))],
        [(date(2026, 1, 15), date(2026, 1, 31)), (date(2026, 4, 1), date(2026, 4, 10))])
    # The last month is never compacted, even when whole.
    assert months.split(date(2026, 2, 1), date(2026, 3, 31)) == (
        [(date(2026, 2, 1), date(2026, 2, 28))], [(date(2026, 3, 1), date(2026, 3, 31))])


def test_a_period_within_one_month_is_read_day_by_day():
    assert months.split(date(2026, 3, 1), date(2026, 3, 31)) == (
        [], [(date(2026, 3, 1), date(2026, 3, 31))])
    assert months.split(date(2025, 12, 20), date(2026, 1, 5)) == (
        [], [(date(2025, 12, 20), date(2026, 1, 5))])


def test_a_compacted_month_sums_as_its_days_and_is_added_up_once(app, world):
    site = world.site_a2.id
    add(site, date(2026, 1, 3), ("pageviews", "", 5), ("page", "/", 5))
    add(site, date(2026, 1, 30), ("pageviews", "", 7), ("page", "/cart", 7))
    add(site, date(2026, 2, 2), ("pageviews", "", 1))
    year = Period(date(2026, 1, 1), date(2026, 2, 10))
    with database.connection_context():
        assert counts.sums(site, year, ("pageviews", "page")) == {
            "pageviews": {"": 13.0}, "page": {"/": 5.0, "/cart": 7.0}}
        stored = {(r.metric, r.key): r.value for r in MonthlyCount.select().where(
            MonthlyCount.site == site)}
        assert stored == {("pageviews", ""): 12.0, ("page", "/"): 5.0,
                          ("page", "/cart"): 7.0, (months.FILLED, ""): 1.0}
        months.fill(site, [(date(2026, 1, 1), date(2026, 1, 31))])  # already done
        assert MonthlyCount.select().where(MonthlyCount.site == site).count() == 4


def test_a_late_write_to_a_compacted_month_is_counted(app, world):
    site = world.site_a2.id
    add(site, date(2026, 1, 3), ("orders", "EUR", 2))
    period = Period(date(2026, 1, 1), date(2026, 2, 10))
    with database.connection_context():
        assert counts.sums(site, period, ("orders",)) == {"orders": {"EUR": 2.0}}
    add(site, date(2026, 1, 31), ("orders", "EUR", 1))  # a journal replayed late
    with database.connection_context():
        assert counts.sums(site, period, ("orders",)) == {"orders": {"EUR": 3.0}}
        months.forget(site, "2026-01")
        assert not MonthlyCount.select().where(MonthlyCount.site == site).exists()
        assert counts.sums(site, period, ("orders",)) == {"orders": {"EUR": 3.0}}
