"""Quiet hours (quiet.py): when a person's mail waits, in their own time zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from sitetracker.notify.quiet import clock_text, minutes_of, quiet_until

PARIS = ZoneInfo("Europe/Paris")


def paris(day: int, hour: int, minute: int = 0) -> float:
    return datetime(2026, 3, day, hour, minute, tzinfo=PARIS).timestamp()


def test_quiet_hours_across_midnight_end_the_next_morning():
    # 22:00 to 07:00: at 23:30 mail waits until 07:00 the next day, at 06:59 until 07:00.
    assert quiet_until(paris(10, 23, 30), "Europe/Paris", 22 * 60, 7 * 60) == paris(11, 7)
    assert quiet_until(paris(11, 6, 59), "Europe/Paris", 22 * 60, 7 * 60) == paris(11, 7)


def test_outside_quiet_hours_nothing_waits():
    assert quiet_until(paris(10, 7), "Europe/Paris", 22 * 60, 7 * 60) is None
    assert quiet_until(paris(10, 12), "Europe/Paris", 22 * 60, 7 * 60) is None
    assert quiet_until(paris(10, 13), "Europe/Paris", 12 * 60, 13 * 60) is None


def test_quiet_hours_within_a_day_end_the_same_day():
    assert quiet_until(paris(10, 12, 15), "Europe/Paris", 12 * 60, 14 * 60) == paris(10, 14)


def test_equal_start_and_end_mean_no_quiet_hours():
    assert quiet_until(paris(10, 3), "Europe/Paris", 0, 0) is None


def test_the_time_zone_is_the_persons():
    # 23:30 in Paris is 22:30 UTC: quiet from 22:00 UTC, not yet from 23:00 UTC.
    now = paris(10, 23, 30)
    assert quiet_until(now, "UTC", 22 * 60, 7 * 60) is not None
    assert quiet_until(now, "UTC", 23 * 60, 7 * 60) is None


def test_times_are_read_and_shown_as_hours_and_minutes():
    assert minutes_of("22:30") == 22 * 60 + 30
    assert minutes_of(" 7 ") == 7 * 60
    assert clock_text(22 * 60 + 30) == "22:30" and clock_text(7 * 60 + 5) == "07:05"


@pytest.mark.parametrize("text", ["24:00", "12:60", "noon", "", "-1:00"])
def test_a_time_that_is_not_one_is_refused(text):
    with pytest.raises(ValueError):
        minutes_of(text)
