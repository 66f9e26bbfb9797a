"""One simulated shopper's browser on the wire (client.py), against a real server: the
live connection and beacons are answered like any browser's, and a refusal stops."""

from __future__ import annotations

import dataclasses
import random

import pytest

from sitetracker.simulate import Stats
from sitetracker.simulate.client import Refused, ShopperClient
from sitetracker.simulate.profiles import DESKTOP, Profile, draw
from sitetracker.simulate.shopper import plan

from . import stores
from .stores import ORIGIN

# The store on a real server (tests/simulate/stores.py), a fixture, by its name.
store = stores.store
PATIENCE = 30.0  # seconds for an answer: a bound for a stuck server, not a speed check


def shopper(live: bool) -> Profile:
    """A human on a desktop browser, with or without a live connection."""
    rng = random.Random(5)
    while True:
        profile = draw(rng)
        if profile.browser.kind == DESKTOP:
            return dataclasses.replace(profile, live_connection=live)


def first_page(profile: Profile) -> tuple[dict, ...]:
    return plan(random.Random(1), profile, ORIGIN)[0].events


def test_the_identity_carries_the_visit_and_the_browsers_width():
    profile = shopper(live=True)
    client = ShopperClient("http://127.0.0.1:1", "key", ORIGIN, profile, Stats())
    assert client.identity == {"v": profile.visitor, "s": profile.session,
                               "ret": 1 if profile.returning else 0, "w": 1536}
    client.close()


def test_a_page_view_by_beacon_is_kept_by_the_server(store):
    stats = Stats()
    profile = shopper(live=False)
    client = ShopperClient(store.server.url, store.key, ORIGIN, profile, stats,
                           timeout=PATIENCE)
    try:
        client.connect()  # beacons only: no connection comes up
        assert client.socket is None
        events = first_page(profile)
        client.send(events)
    finally:
        client.close()
    assert (stats.connections, stats.beacons) == (0, 1)
    assert stats.kept == stats.events == len(events)
    assert stats.errors == {}


def test_a_page_view_on_the_live_connection_is_acknowledged(store):
    stats = Stats()
    profile = shopper(live=True)
    client = ShopperClient(store.server.url, store.key, ORIGIN, profile, stats,
                           timeout=PATIENCE)
    try:
        client.connect()
        events = first_page(profile)
        client.send(events)
    finally:
        client.close()
    assert (stats.connections, stats.beacons) == (1, 0)
    assert stats.kept == stats.events == len(events)
    assert stats.errors == {}


@pytest.mark.parametrize("live", [False, True])
def test_an_unknown_site_key_is_refused(store, live):
    profile = shopper(live=live)
    client = ShopperClient(store.server.url, "nosuchkey", ORIGIN, profile, Stats(),
                           timeout=PATIENCE)
    try:
        with pytest.raises(Refused):
            client.connect()
            client.send(first_page(profile))
    finally:
        client.close()
