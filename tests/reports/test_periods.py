"""The date ranges a report covers (periods.py), and the period before each."""

from __future__ import annotations

from datetime import date

import pytest

from sitetracker.reports.periods import Period, preset

TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(("name", "start", "end"), [
    ("today", TODAY, TODAY),
    ("yesterday", date(2026, 3, 9), date(2026, 3, 9)),
    ("7d", date(2026, 3, 4), TODAY),
    ("30d", date(2026, 2, 9), TODAY),
    ("90d", date(2025, 12, 11), TODAY),
    ("month", date(2026, 3, 1), TODAY),
    ("custom", TODAY, TODAY),
])
def test_a_preset_covers_its_days_today_included(name, start, end):
    assert preset(name, TODAY) == Period(start, end)


def test_the_period_before_has_as_many_days_just_before():
    week = preset("7d", TODAY)
    assert week.days == 7
    assert week.before() == Period(date(2026, 2, 25), date(2026, 3, 3))
    # Across a month's end and a leap-less February.
    assert Period(date(2026, 3, 1), date(2026, 3, 31)).before() == Period(
        date(2026, 1, 29), date(2026, 2, 28))


def test_each_day_lists_the_days_in_order():
    assert Period(date(2026, 2, 27), date(2026, 3, 2)).each_day() == [
        date(2026, 2, 27), date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 2)]
    assert Period(TODAY, TODAY).each_day() == [TODAY]
