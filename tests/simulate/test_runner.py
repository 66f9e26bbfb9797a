"""A simulation run against a real server (runner.py): shoppers fill the live board and
leave it, bots are answered but never counted, and a refused run stops."""

from __future__ import annotations

import time
from collections import Counter

import pytest

from sitetracker.simulate import SimulationError, run_simulation, start_in_background
from sitetracker.simulate.profiles import DESKTOP, MOBILE

from . import stores
from .stores import ORIGIN, Store

# The store on a real server (tests/simulate/stores.py), a fixture, by its name.
store = stores.store

STORE_PATHS = ("/", "/collections/", "/products/", "/cart", "/checkout")


def test_simulated_shoppers_fill_the_live_board_and_leave_it(store: Store) -> None:
    shoppers = start_in_background(store.server.url, store.key, 16, ORIGIN, speed=20, seed=5)
    crawlers = start_in_background(store.server.url, store.bot_key, 3, ORIGIN, speed=20,
                                   seed=6, bot_share=1.0)
    devices: set[str] = set()
    countries: set[str] = set()
    points: set[tuple[float, float]] = set()
    pages: set[str] = set()
    most = 0
    try:
        deadline = time.monotonic() + 120  # a bound for a stuck run; it stops when all seen
        while time.monotonic() < deadline:
            live = store.live()
            most = max(most, live["users"])
            assert live["users"] <= shoppers.stats.humans
            devices |= {d for d, n in live["devices"].items() if n}
            countries |= {c for c, _, n in live["countries"]}
            points |= {(lat, lon) for lat, lon, _ in live["points"]}
            pages |= {path for path, _ in live["pages"]}
            assert store.live(store.bot_key)["users"] == 0
            if (most and {MOBILE, DESKTOP} <= devices and len(countries) >= 4
                    and shoppers.stats.purchases and crawlers.stats.bot_events):
                break
            time.sleep(0.3)
    finally:
        stats = shoppers.stop()
        bots = crawlers.stop()

    assert most > 0
    assert {MOBILE, DESKTOP} <= devices
    assert len(countries) >= 4 and len(points) >= 4
    assert pages and all(p == "/" or p.startswith(STORE_PATHS[1:]) for p in pages), pages
    assert stats.errors == Counter() and bots.errors == Counter()
    assert stats.kept > 0 and stats.purchases > 0 and stats.connections > 0
    assert stats.beacons > 0
    # Bots were sent, answered with success, and never counted.
    assert bots.shoppers == bots.bots > 0
    assert bots.dropped["bot"] == bots.events > 0 and bots.kept == 0
    assert stats.dropped["bot"] == stats.bot_events

    # Everyone said goodbye: after the departure grace (and the beacon window) nobody.
    deadline = time.monotonic() + 120  # a bound for a stuck run, not a speed check
    while store.live()["users"] and time.monotonic() < deadline:
        time.sleep(0.5)
    assert store.live()["users"] == 0


def test_an_unknown_site_key_stops_the_simulation(store: Store) -> None:
    with pytest.raises(SimulationError, match="unknown site key"):
        run_simulation(store.server.url, "nosuchkey", 2, ORIGIN, duration=10, speed=50)


def test_an_origin_not_of_the_site_stops_the_simulation(store: Store) -> None:
    with pytest.raises(SimulationError, match="domain is not allowed"):
        run_simulation(store.server.url, store.key, 2, "https://elsewhere.test", duration=10,
                       speed=50)
