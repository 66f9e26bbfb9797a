"""The rescue figures of the board and the overview: sales rescued today and this month
(count, value, currency) in the site's time zone, and the rescue rate of each rule."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sitetracker.commerce.models import AlertRule
from sitetracker.commerce.rescues import SESSION_GAP
from sitetracker.live.ticker import keepalive
from sitetracker.reports import rescues

from ..messaging_world import AdminPage, ShopperPage, buy, emergency, site_info
from ..shopping import commerce_of, gauges, stored


@pytest.fixture
def app_clock(clock):
    return clock


def rescue(app, site, visitor, order, value, currency="EUR"):
    shopper = ShopperPage(app, site, visitor)
    emergency(shopper, value)
    AdminPage(app, site).ask("chat_send", {"ref": shopper.ref, "text": "Can I help?"})
    buy(shopper, order, value, currency)
    return shopper


def figures(app, site, clock):
    with app.app_context():
        return rescues.figures(site_info(app, site), clock.now())


def test_rescued_sales_are_counted_today_and_this_month_with_their_value(app, world, clock):
    clock.set(datetime(2026, 3, 9, 12, 0, tzinfo=UTC))  # yesterday, in Paris
    rescue(app, world.site_a, "shopper-0001", "A1", 100.0)
    clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    rescue(app, world.site_a, "shopper-0002", "A2", 40.0)
    rescue(app, world.site_a, "shopper-0003", "A3", 25.5)
    buy(ShopperPage(app, world.site_a, "shopper-0004"), "A4", 500.0)  # no emergency

    found = figures(app, world.site_a, clock)
    assert found["today"] == {"count": 2, "value": 65.5, "currency": "EUR",
                              "by_currency": {"EUR": {"count": 2, "value": 65.5}}}
    assert found["month"]["count"] == 3 and found["month"]["value"] == 165.5
    assert figures(app, world.site_b, clock)["month"] == {
        "count": 0, "value": 0.0, "currency": None, "by_currency": {}}

    clock.set(datetime(2026, 3, 31, 22, 30, tzinfo=UTC))  # 00:30 on 1 April in Paris
    assert figures(app, world.site_a, clock)["month"]["count"] == 0


def test_each_currency_is_summed_apart(app, world, clock):
    rescue(app, world.site_a, "shopper-0001", "A1", 30.0, "EUR")
    rescue(app, world.site_a, "shopper-0002", "A2", 80.0, "USD")
    today = figures(app, world.site_a, clock)["today"]
    assert today["currency"] == "USD" and today["value"] == 80.0 and today["count"] == 2
    assert today["by_currency"]["EUR"] == {"count": 1, "value": 30.0}


def test_the_rescue_rate_of_each_rule(app, world, clock):
    rescue(app, world.site_a, "shopper-0001", "A1", 30.0)
    buy_alone = ShopperPage(app, world.site_a, "shopper-0002")
    emergency(buy_alone)
    buy(buy_alone, "A2")
    leaver = ShopperPage(app, world.site_a, "shopper-0003")
    emergency(leaver)
    leaver.close()
    emergency(ShopperPage(app, world.site_a, "shopper-0004"))  # still on the site
    clock.advance(SESSION_GAP + 60)
    keepalive(app.extensions["sitetracker"])  # as the loop does for the open pages
    commerce_of(app).rescues.tick(clock.now())

    [rule] = stored(AlertRule, AlertRule.site == world.site_a.id,
                    AlertRule.kind == "event_count")
    [line] = figures(app, world.site_a, clock)["rules"]
    assert line == {"rule": rule.id, "name": rule.name, "rescued": 1, "recovered": 1,
                    "lost": 1, "rate": 0.3333}


def test_the_snapshot_carries_the_figures_and_a_rescue_shows_at_once(app, world, clock):
    assert gauges(app, world.site_a)["rescues"]["today"]["count"] == 0
    rescue(app, world.site_a, "shopper-0001", "A1", 54.0)
    part = gauges(app, world.site_a)["rescues"]
    assert part["today"]["count"] == 1 and part["today"]["value"] == 54.0
    assert part["rules"][0]["rate"] == 1.0
