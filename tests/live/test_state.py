"""Live state, on the in-process store and on Redis alike."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sitetracker.domain import Presence
from sitetracker.live.state import CONNECTED_TTL, DEPARTURE_GRACE, LiveState

NOW = datetime(2026, 3, 10, 14, 30, 5, tzinfo=UTC).timestamp()
SITE = 7


@pytest.fixture
def live(store) -> LiveState:
    return LiveState(store, beacon_window=30)


def shopper(visitor: str, **fields) -> Presence:
    return Presence(visitor=visitor, since=NOW, **fields)


def test_connected_shoppers_are_counted_by_device_and_returning(live):
    live.connected(SITE, shopper("v1", device="desktop"), NOW)
    live.connected(SITE, shopper("v2", device="desktop", returning=True), NOW)
    live.connected(SITE, shopper("v3", device="mobile"), NOW)
    snap = live.snapshot(SITE, NOW + 1, "UTC")
    assert snap["users"] == 3
    assert snap["devices"] == {"desktop": 2, "mobile": 1, "tablet": 0}
    assert snap["visitors"] == {"new": 2, "returning": 1}


def test_two_tabs_of_one_shopper_count_once(live):
    live.connected(SITE, shopper("v1"), NOW)
    live.connected(SITE, shopper("v1"), NOW + 2)
    assert live.snapshot(SITE, NOW + 3, "UTC")["users"] == 1


def test_departure_shows_after_the_grace(live):
    live.connected(SITE, shopper("v1"), NOW)
    live.disconnected(SITE, "v1", NOW + 10)
    assert live.snapshot(SITE, NOW + 10 + DEPARTURE_GRACE - 1, "UTC")["users"] == 1
    assert live.snapshot(SITE, NOW + 10 + DEPARTURE_GRACE + 0.1, "UTC")["users"] == 0
    assert live.sweep(SITE, NOW + 10 + DEPARTURE_GRACE + 0.1) == ["v1"]


def test_a_connected_shopper_expires_without_keepalive(live):
    """A worker that dies stops renewing: its shoppers leave within CONNECTED_TTL."""
    live.connected(SITE, shopper("v1"), NOW)
    live.keepalive(SITE, ["v1"], NOW + 10)
    assert live.snapshot(SITE, NOW + 10 + CONNECTED_TTL - 1, "UTC")["users"] == 1
    assert live.snapshot(SITE, NOW + 10 + CONNECTED_TTL + 1, "UTC")["users"] == 0


def test_beacon_only_shopper_is_live_for_the_window(live):
    live.seen(SITE, shopper("v1"), NOW)
    assert live.snapshot(SITE, NOW + 29, "UTC")["users"] == 1
    assert live.snapshot(SITE, NOW + 31, "UTC")["users"] == 0


def test_a_beacon_does_not_shorten_a_connected_shopper(live):
    live.connected(SITE, shopper("v1"), NOW)
    live.keepalive(SITE, ["v1"], NOW + 20)
    live.seen(SITE, shopper("v1"), NOW + 1)
    assert live.snapshot(SITE, NOW + 20 + CONNECTED_TTL - 1, "UTC")["users"] == 1


def test_pages_locations_and_sources_are_grouped(live):
    live.connected(SITE, shopper("v1", country="FR", country_name="France", lat=48.85,
                                 lon=2.31), NOW)
    live.connected(SITE, shopper("v2", country="FR", country_name="France", lat=48.86,
                                 lon=2.33), NOW)
    live.update(SITE, "v1", {"url": "/cart", "source": "google.com"})
    live.update(SITE, "v2", {"url": "/cart"})
    snap = live.snapshot(SITE, NOW, "UTC")
    assert snap["pages"] == [["/cart", 2]]
    assert snap["countries"] == [["FR", "France", 2]]
    assert snap["points"] == [[48.9, 2.3, 2]]
    assert sorted(snap["referrers"]) == [["direct", 1], ["google.com", 1]]


def test_reconnecting_keeps_the_page_and_the_arrival_time(live):
    live.connected(SITE, shopper("v1"), NOW)
    live.update(SITE, "v1", {"url": "/product/7"})
    live.connected(SITE, Presence(visitor="v1", since=NOW + 50), NOW + 50)
    row = live.snapshot(SITE, NOW + 60, "UTC")["shoppers"][0]
    assert row["url"] == "/product/7"
    assert row["seconds"] == 60


def test_engaged_time_counts_from_the_sites_midnight(live):
    tokyo = "Asia/Tokyo"  # 14:30 UTC is 23:30 in Tokyo
    live.add_engaged(SITE, 12.5, NOW, tokyo)
    assert live.snapshot(SITE, NOW, tokyo)["engaged_today"] == 12.5
    after_midnight = NOW + 31 * 60
    assert live.snapshot(SITE, after_midnight, tokyo)["engaged_today"] == 0
    live.add_engaged(SITE, 3, after_midnight, tokyo)
    assert live.snapshot(SITE, after_midnight, tokyo)["engaged_today"] == 3


def test_seeding_engaged_time_does_not_overwrite_a_known_value(live):
    live.add_engaged(SITE, 5, NOW, "UTC")
    live.seed_engaged(SITE, 100, NOW, "UTC")
    assert live.snapshot(SITE, NOW, "UTC")["engaged_today"] == 5


def test_concurrents_keep_each_minutes_maximum_and_the_months_peak(live):
    for n in range(1, 4):
        live.connected(SITE, shopper(f"v{n}"), NOW)
    assert live.sample_concurrents(SITE, NOW, "UTC") == 3
    live.disconnected(SITE, "v1", NOW)
    live.disconnected(SITE, "v2", NOW)
    live.keepalive(SITE, ["v3"], NOW + 25)
    assert live.sample_concurrents(SITE, NOW + 30, "UTC") == 1
    snap = live.snapshot(SITE, NOW + 30, "UTC")
    minute = int(NOW // 60 * 60)
    assert snap["concurrents_today"] == [[minute, 3]]
    assert snap["peak_month"]["value"] == 3 and snap["peak_month"]["at"] == minute


def test_events_per_minute_and_recent_events(live):
    live.count_event(SITE, "pageview", NOW, {"n": "pageview", "u": "/"})
    live.count_event(SITE, "pageview", NOW + 60, {"n": "pageview", "u": "/cart"})
    live.count_event(SITE, "share", NOW + 61, {"n": "share", "u": "/cart"})
    snap = live.snapshot(SITE, NOW + 61, "UTC")
    minute = int(NOW // 60 * 60)
    assert snap["events_per_minute"]["pageview"] == [[minute, 1], [minute + 60, 1]]
    assert snap["events_per_minute"]["share"] == [[minute + 60, 1]]
    assert [e["n"] for e in snap["recent"]] == ["share", "pageview", "pageview"]


def test_sites_do_not_see_each_others_shoppers(live):
    live.connected(SITE, shopper("v1"), NOW)
    live.connected(SITE + 1, shopper("v2"), NOW)
    assert live.snapshot(SITE, NOW, "UTC")["users"] == 1
    assert sorted(live.active_sites(NOW)) == [SITE, SITE + 1]
