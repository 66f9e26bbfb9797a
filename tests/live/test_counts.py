"""The live board's counts, counted again only when a site's presences change
(live/counts.py). On the in-process store and on Redis."""

from __future__ import annotations

from sitetracker.live.counts import bump, keep, kept, tally
from sitetracker.live.state import CONNECTED_TTL, DEPARTURE_GRACE, LiveState

from .test_state import NOW, SITE, shopper

KEY = "t:counted:7"


def test_the_boards_counts_follow_every_change_made_by_any_worker(store):
    """The counts are kept between ticks: a page, a newcomer, a departure or an expiry on
    another worker sharing the store shows at the next snapshot all the same."""
    here, there = LiveState(store), LiveState(store)
    here.connected(SITE, shopper("v1", country="FR", country_name="France"), NOW)
    assert here.snapshot(SITE, NOW + 1, "UTC")["users"] == 1
    assert here.snapshot(SITE, NOW + 2, "UTC")["users"] == 1  # nothing changed

    there.update(SITE, "v1", {"url": "/cart"})
    assert here.snapshot(SITE, NOW + 2, "UTC")["pages"] == [["/cart", 1]]
    there.connected(SITE, shopper("v2", device="mobile"), NOW + 2)
    snap = here.snapshot(SITE, NOW + 3, "UTC")
    assert snap["users"] == 2 and snap["devices"]["mobile"] == 1
    there.disconnected(SITE, "v2", NOW + 3)
    assert here.snapshot(SITE, NOW + 3 + DEPARTURE_GRACE + 0.1, "UTC")["users"] == 1
    # v1's connection is not renewed: gone once its time runs out, swept or not.
    assert here.snapshot(SITE, NOW + CONNECTED_TTL + 0.1, "UTC")["users"] == 0


def test_kept_counts_hold_while_no_write_bumps_the_version_and_within_their_time(store):
    assert kept(store, KEY, NOW) == ("0", None)
    bump(store, KEY)
    version, _ = kept(store, KEY, NOW)
    counts = {"v": version, "from": NOW, "until": NOW + 5, "users": 3}
    keep(store, KEY, counts)
    assert kept(store, KEY, NOW + 5) == (version, counts)
    assert kept(store, KEY, NOW + 5.1) == (version, None)
    assert kept(store, KEY, NOW - 0.1) == (version, None)
    bump(store, KEY)
    assert kept(store, KEY, NOW + 1) == (str(int(version) + 1), None)


def test_a_count_that_raced_a_write_is_never_used(store):
    version, _ = kept(store, KEY, NOW)
    bump(store, KEY)  # a write lands while the count runs
    keep(store, KEY, {"v": version, "from": NOW, "until": NOW + 5})
    assert kept(store, KEY, NOW + 1)[1] is None


def test_a_tally_counts_the_shoppers_fields_and_shows_the_earliest_arrivals():
    live = [
        ("v1", {"device": "mobile", "url": "/shoes", "country": "FR", "country_name": "France",
                "lat": "48.86", "lon": "2.35", "source": "google", "returning": "1",
                "since": "30", "pt": "product", "os": "iOS", "browser": "Safari"}),
        ("v2", {"url": "/shoes", "since": "10"}),
        ("v3", {"device": "tablet", "url": "/", "country": "FR", "country_name": "France",
                "lat": "48.81", "lon": "2.31", "since": "20"}),
    ]
    counts = tally(live, 2)
    assert counts["users"] == 3
    assert counts["devices"] == {"desktop": 1, "mobile": 1, "tablet": 1}
    assert counts["pages"] == [["/shoes", 2], ["/", 1]]
    assert counts["countries"] == [["FR", "France", 2]]
    assert counts["points"] == [[48.9, 2.4, 1], [48.8, 2.3, 1]]
    assert counts["visitors"] == {"new": 2, "returning": 1}
    assert counts["referrers"] == [["direct", 2], ["google", 1]]
    assert counts["page_types"] == {"product": 1, "other": 2}
    assert counts["os"] == {"iOS": 1, "Other": 2}
    assert [visitor for visitor, _ in counts["shown"]] == ["v2", "v3"]


def test_a_tally_of_nobody_is_all_zeros():
    counts = tally([], 5)
    assert counts["users"] == 0 and counts["shown"] == [] and counts["pages"] == []
    assert counts["devices"] == {"desktop": 0, "mobile": 0, "tablet": 0}
