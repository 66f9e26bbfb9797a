"""What a simulation did (stats.py), counted by every shopper's thread at once."""

from __future__ import annotations

import threading
from collections import Counter

from sitetracker.simulate import Stats


def test_arrivals_and_departures_count_who_is_live_and_the_peak():
    stats = Stats()
    stats.arrived(bot=False, beacon_only=True, returning=True)
    stats.arrived(bot=True, beacon_only=False, returning=False)
    stats.left()
    stats.arrived(bot=False, beacon_only=False, returning=False)
    assert (stats.shoppers, stats.bots, stats.humans) == (3, 1, 2)
    assert (stats.beacon_only, stats.returning) == (1, 1)
    assert (stats.live, stats.peak_live) == (2, 2)


def test_what_the_server_answered_is_counted_kept_or_dropped_by_reason():
    stats = Stats()
    stats.sent(3, bot=False, answer={"ok": 2, "dropped": {"duplicate": 1}})
    stats.sent(2, bot=True, answer={"ok": 0, "dropped": {"bot": 2}})
    stats.sent(4, bot=False, answer=None)  # no answer: sent, neither kept nor dropped
    assert (stats.events, stats.bot_events, stats.kept) == (9, 2, 2)
    assert stats.dropped == Counter({"bot": 2, "duplicate": 1})


def test_purchases_errors_and_counters_add_up_in_the_summary():
    stats = Stats()
    stats.purchased(19.999)
    stats.purchased(1000.0)
    stats.add("connections", 2)
    stats.add("beacons")
    stats.error("connect")
    stats.error("connect")
    assert (stats.purchases, stats.revenue) == (2, 1020.0)
    assert (stats.connections, stats.beacons) == (2, 1)
    assert stats.summary() == ("0 shoppers live (0 bots so far), 0 arrived; 0 events sent, "
                               "0 kept, 0 dropped; 2 purchases ($1,020.00); 2 errors")


def test_threads_adding_at_once_lose_nothing():
    stats = Stats()

    def shopper() -> None:
        for _ in range(1000):
            stats.arrived(bot=False, beacon_only=False, returning=False)
            stats.sent(1, bot=False, answer={"ok": 1})
            stats.left()

    threads = [threading.Thread(target=shopper) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (stats.shoppers, stats.events, stats.kept, stats.live) == (4000, 4000, 4000, 0)
