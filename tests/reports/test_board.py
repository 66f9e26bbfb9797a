"""What the board's graphs need from storage (reports/board.py): today's minutes, the
typical band of the weeks before, the same day last week, today's sources."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sitetracker.db import database
from sitetracker.models import DailyCount
from sitetracker.reports import board as history

from .. import minutes
from ..minutes import NOW, seed

# The board's clock (tests/minutes.py), a fixture, by its name.
clock = minutes.clock


def test_quantile_interpolates_like_numpy():
    assert history.quantile([], 0.5) == 0.0
    assert history.quantile([4.0], 0.25) == 4.0
    assert history.quantile([1.0, 2.0, 3.0, 4.0], 0.25) == 1.75
    assert history.quantile([4.0, 1.0, 3.0, 2.0], 0.75) == 3.25


def test_the_typical_band_follows_the_sites_time_zone(world, app, clock):
    # Shop A is in Europe/Paris (UTC+1 in March): 13:00 UTC is 14:00 there.
    paris_day = datetime(2026, 3, 10, 13, 0, tzinfo=UTC)
    seed(world.site_a.id, [(paris_day, 10, 0.0)])
    with database.connection_context():
        band = history.typical_band(world.site_a.id, "Europe/Paris", NOW.timestamp())
    assert band["days"] == 1
    assert band["concurrents"][14 * 60 // 5] == [840, 2.0, 2.0, 2.0]


def test_recent_minutes_start_at_the_sites_midnight_or_earlier_with_engaged_shoppers(
        world, app):
    site = world.site_a2  # UTC
    midnight = NOW.replace(hour=0, minute=0, second=0)
    seed(site.id, [(midnight - timedelta(minutes=20), 4, 30.0),
                   (midnight + timedelta(minutes=1), 2, 90.0),
                   (NOW + timedelta(minutes=2), 9, 0.0)])  # not yet
    with database.connection_context():
        early = history.recent_minutes(site.id, "UTC", (midnight + timedelta(
            minutes=5)).timestamp(), minutes=30)
        later = history.recent_minutes(site.id, "UTC", NOW.timestamp(), minutes=30)
    before = int((midnight - timedelta(minutes=20)).timestamp())
    after = int((midnight + timedelta(minutes=1)).timestamp())
    assert early == [[before, 4, 0.5], [after, 2, 1.5]]
    assert later == [[after, 2, 1.5]]


def test_last_week_is_the_same_weekday_with_its_peak_around_this_time(world, app):
    site = world.site_a2
    week_ago = NOW - timedelta(days=7)
    seed(site.id, [(week_ago - timedelta(minutes=2), 6, 0.0),
                   (week_ago - timedelta(minutes=1), 4, 0.0),
                   (week_ago - timedelta(minutes=10), 30, 0.0),  # before the 3 minutes
                   (week_ago + timedelta(hours=1), 7, 0.0)])
    with database.connection_context():
        found = history.last_week(site.id, "UTC", NOW.timestamp())
        empty = history.last_week(site.id, "UTC", (NOW + timedelta(days=1)).timestamp())
    assert found["now"] == 6
    assert [15 * 60 + 30, 7] in found["concurrents"] and len(found["concurrents"]) == 4
    assert empty == {"now": None, "concurrents": []}


def test_sources_today_are_todays_in_the_sites_time_zone_largest_first(world, app):
    site = world.site_a  # Europe/Paris: at 23:30 UTC on the 10th it is the 11th there
    with database.connection_context():
        for day, key, value in ((datetime(2026, 3, 11).date(), "google.com", 3),
                                (datetime(2026, 3, 11).date(), "bing.com", 5),
                                (datetime(2026, 3, 10).date(), "yesterday.com", 50)):
            DailyCount.create(site=site.id, day=day, metric="referrer", key=key, value=value)
        found = history.sources_today(site.id, "Europe/Paris", datetime(
            2026, 3, 10, 23, 30, tzinfo=UTC).timestamp(), top=1)
    assert found == {"referrers": [["bing.com", 5]], "utm_sources": [], "utm_campaigns": []}
