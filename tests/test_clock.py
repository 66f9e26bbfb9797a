"""Time, injectable (clock.py): a manual clock that moves only when told, and a site's
day, midnight and minute."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sitetracker.clock import Clock, ManualClock, local_day, local_midnight, minute_of, utc


def test_a_manual_clock_moves_only_when_told():
    clock = ManualClock(datetime(2026, 3, 10, 11, 0, tzinfo=UTC))
    assert clock.now() == clock.now() == 1773140400.0
    clock.advance(90.5)
    assert clock.now() == 1773140490.5
    clock.set(datetime(2026, 3, 11, tzinfo=UTC))
    assert clock.now() == 1773187200.0
    clock.set(5)
    assert clock.now() == 5.0 and ManualClock(7).now() == 7.0
    assert isinstance(clock, Clock)


def test_the_wall_clock_is_unix_seconds():
    assert Clock().now() > datetime(2026, 1, 1, tzinfo=UTC).timestamp()


def test_a_sites_day_and_midnight_are_in_its_time_zone():
    late = datetime(2026, 3, 10, 23, 30, tzinfo=UTC).timestamp()
    assert local_day(late, "UTC") == date(2026, 3, 10)
    assert local_day(late, "Europe/Paris") == date(2026, 3, 11)
    assert local_midnight(late, "Europe/Paris") == datetime(
        2026, 3, 10, 23, 0, tzinfo=UTC).timestamp()
    assert local_midnight(late, "America/New_York") == datetime(
        2026, 3, 10, 4, 0, tzinfo=UTC).timestamp()  # EDT since the 8th


def test_a_minute_starts_on_its_first_second_and_stored_times_are_naive_utc():
    assert minute_of(1773140459.9) == 1773140400
    assert minute_of(1773140400) == 1773140400
    assert utc(1773140400.0) == datetime(2026, 3, 10, 11, 0)
