"""The simulator's tables (profiles.py): places that resolve, browsers that are what
they say, and a mix of shoppers like a store's."""

from __future__ import annotations

import random
from collections import Counter

from sitetracker.ingest.geo import GeoLocator, packaged_database
from sitetracker.ingest.platform import detect
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
