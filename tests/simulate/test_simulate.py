"""The traffic simulator: its tables, its journeys, and a run against a real server."""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from sitetracker import migrations, tenancy
from sitetracker.db import connect, database
from sitetracker.ingest.geo import GeoLocator, packaged_database
from sitetracker.ingest.platform import detect
from sitetracker.ingest.schemas import load_events
from sitetracker.simulate import SimulationError, run_simulation, start_in_background
from sitetracker.simulate.profiles import (
    BOT,
    BOTS,
    BROWSERS,
    COUNTRIES,
    DESKTOP,
    MOBILE,
    TABLET,
    VisitorPool,
    draw,
)
from sitetracker.simulate.shopper import CLOSE, OPEN, TICK, plan

from ..servers import Server, running_server

ORIGIN = "https://demo.sitetracker.test"
STORE_PATHS = ("/", "/collections/", "/products/", "/cart", "/checkout")


# -- the tables ------------------------------------------------------------------------
def test_every_ip_resolves_to_its_country_and_city_with_coordinates() -> None:
    geo = GeoLocator(packaged_database())
    assert len(COUNTRIES) >= 25
    for country in COUNTRIES:
        assert len(country.places) >= 3, country.code
        for ip, city in country.places:
            found = geo.lookup(ip)
            assert (found.country, found.city) == (country.code, city), ip
            assert found.lat is not None and found.lon is not None, ip


def test_user_agents_are_the_devices_they_say_and_bots_are_bots() -> None:
    for browser in BROWSERS:
        platform = detect(browser.user_agent)
        assert (platform.device, platform.is_bot) == (browser.kind, False), browser.user_agent
    for bot in BOTS:
        assert detect(bot.user_agent).is_bot, bot.user_agent


def test_shopper_mix_is_like_a_stores() -> None:
    rng, pool = random.Random(7), VisitorPool()
    shoppers = [draw(rng, pool) for _ in range(5000)]
    kinds = Counter(p.browser.kind for p in shoppers)
    humans = [p for p in shoppers if not p.is_bot]
    assert 0.015 < kinds[BOT] / len(shoppers) < 0.045
    assert 0.51 < kinds[MOBILE] / len(humans) < 0.59
    assert 0.36 < kinds[DESKTOP] / len(humans) < 0.44
    assert 0.03 < kinds[TABLET] / len(humans) < 0.07
    assert 0.12 < sum(not p.live_connection for p in shoppers) / len(shoppers) < 0.18
    assert 0.26 < sum(p.returning for p in humans) / len(humans) < 0.34
    countries = Counter(p.country for p in shoppers)
    assert len(countries) >= 25 and countries.most_common(1)[0][0] == "US"


# -- journeys --------------------------------------------------------------------------
def test_journeys_follow_the_protocol_and_pass_the_servers_validation() -> None:
    rng = random.Random(11)
    seen: Counter[str] = Counter()
    for _ in range(400):
        profile = draw(rng)
        steps = plan(rng, profile, ORIGIN)
        assert steps[0].action == OPEN and steps[-1].action == CLOSE
        assert steps[-1].events[0]["n"] == "leave"
        assert 0.5 < sum(s.wait for s in steps) < 480
        page_open, clock, last_sent = False, 0.0, 0.0
        for step in steps:
            load_events(list(step.events))  # the server's own schema; raises if invalid
            clock += step.wait
            if not profile.live_connection and page_open and not profile.is_bot:
                assert clock - last_sent <= 15 + TICK, "beacon-only pages send heartbeats"
            last_sent = clock
            assert page_open == (step.action != OPEN), "pages open and close in turn"
            page_open = step.action != CLOSE
            for event in step.events:
                seen[event["n"]] += 1
                assert 0 <= event.get("e", 0) <= TICK
                if event["n"] == "pageview":
                    assert event["u"].startswith(ORIGIN + "/")
        names = [e["n"] for s in steps for e in s.events]
        if profile.is_bot:
            assert set(names) <= {"pageview", "leave"}
        if "purchase" in names:
            assert names.index("pageview", names.index("pay_now")) < names.index("purchase")
        if "payment_error" in names:
            presses = [t for t, s in _timed(steps) if s.events[0]["n"] == "pay_now"]
            assert 2 <= len(presses) <= 4 and presses[-1] - presses[0] <= 150
    for name in ("add_to_cart", "remove_from_cart", "checkout", "pay_now", "payment_error",
                 "purchase", "engage", "view_item"):
        assert seen[name] > 0, name


def _timed(steps: list[Any]) -> Iterator[tuple[float, Any]]:
    clock = 0.0
    for step in steps:
        clock += step.wait
        yield clock, step


# -- against a real server -------------------------------------------------------------
@dataclass
class Store:
    server: Server
    key: str
    bot_key: str  # a second site that only bots visit
    token: str

    def live(self, key: str | None = None) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.token}"}
        answer: dict[str, Any] = self.server.get(f"/api/sites/{key or self.key}/live", headers)
        return answer


@pytest.fixture
def store(tmp_path: Any, database_url: str) -> Iterator[Store]:
    connect(database_url)
    migrations.upgrade()
    with database.connection_context():
        org = tenancy.create_organization("Simulated Stores")
        site = tenancy.create_site(org, "Demo Shop", ["demo.sitetracker.test"])
        bot_site = tenancy.create_site(org, "Crawled Shop", ["demo.sitetracker.test"])
        owner, _ = tenancy.add_member("owner@stores.test", "owner", organization=org,
                                      password="correct horse battery")
        token, _ = tenancy.create_api_token(owner, "simulator test")
    # X-Forwarded-For is believed behind one proxy; a short beacon window lets shoppers
    # seen only by beacon leave the board within the test's patience.
    with running_server(tmp_path, database_url, trusted_proxies="1",
                        live_window="10") as server:
        yield Store(server, site.public_key, bot_site.public_key, token)


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
