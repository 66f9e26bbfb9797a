"""The funnel per shopper per day: gauges, abandonment rates, open carts, carts at risk,
today's sales, and the live shoppers' cart values."""

from __future__ import annotations

import pytest

from sitetracker.commerce.funnel import abandonment, is_thank_you
from sitetracker.commerce.models import FunnelVisitor
from sitetracker.commerce.state import CommerceState
from sitetracker.live.state import DEPARTURE_GRACE

from ..shopping import Shopper, gauges, stored


@pytest.fixture
def app_clock(clock):
    return clock


def test_a_shopper_through_cart_checkout_and_purchase_fills_every_gauge(app, world, clock):
    shopper = Shopper(app, world.site_a).open()
    shopper.page("/products/trail-runner")
    assert shopper.event("add_to_cart", product="trail-runner", quantity=2, value=178.0)["ok"]
    funnel = gauges(app, world.site_a)["funnel"]
    assert (funnel["carts"], funnel["checkouts"], funnel["purchases"]) == (1, 0, 0)
    assert funnel["open_carts"] == 1 and funnel["cart_abandonment"] == 0.0

    shopper.event("checkout", value=178.0)
    shopper.page("/checkout")
    for _ in range(3):
        shopper.event("pay_now", value=178.0)
    shopper.page("/checkout/thank-you")
    shopper.event("purchase", order_id="100001", value=178.0, currency="EUR", items=2)

    part = gauges(app, world.site_a)
    assert part["funnel"] == {"carts": 1, "checkouts": 1, "purchases": 1, "open_carts": 0,
                              "open_checkouts": 0, "cart_abandonment": 0.0,
                              "checkout_abandonment": 0.0}
    assert part["sales_today"]["count"] == 1 and part["sales_today"]["value"] == 178.0
    assert part["sales_today"]["currency"] == "EUR"
    assert part["carts_at_risk"] == {"count": 0, "value": 0.0}
    assert part["events_today"]["pay_now"] == 3


def test_an_open_cart_is_abandoned_once_its_shopper_has_left(app, world, clock):
    buyer = Shopper(app, world.site_a, "shopper-buyer").open()
    buyer.event("add_to_cart", product="boot", value=149.0)
    buyer.event("purchase", value=149.0, currency="EUR")
    browser = Shopper(app, world.site_a, "shopper-looker").open()
    browser.event("add_to_cart", product="tote", value=39.0)
    browser.event("checkout", value=39.0)

    funnel = gauges(app, world.site_a)["funnel"]
    assert funnel["carts"] == 2 and funnel["open_carts"] == 1
    assert funnel["cart_abandonment"] == 0.0  # the looker is still deciding
    assert funnel["checkout_abandonment"] == 0.0

    browser.close()
    clock.advance(DEPARTURE_GRACE + 1)
    funnel = gauges(app, world.site_a)["funnel"]
    assert funnel["open_carts"] == 0
    assert funnel["cart_abandonment"] == 0.5 and funnel["checkout_abandonment"] == 0.5


def test_carts_at_risk_are_live_shoppers_with_a_cart_who_have_not_bought(app, world, clock):
    one = Shopper(app, world.site_a, "shopper-one").open()
    one.event("add_to_cart", product="boot", quantity=1, value=149.0)
    one.event("add_to_cart", product="socks", quantity=2, value=37.0)
    two = Shopper(app, world.site_a, "shopper-two").open()
    two.event("add_to_cart", product="scarf", value=45.0)
    assert gauges(app, world.site_a)["carts_at_risk"] == {"count": 2, "value": 231.0}

    one.event("remove_from_cart", product="socks", quantity=1)
    assert gauges(app, world.site_a)["carts_at_risk"]["value"] == 212.5
    two.event("purchase", value=45.0)
    assert gauges(app, world.site_a)["carts_at_risk"] == {"count": 1, "value": 167.5}


def test_live_shoppers_show_their_cart_value(app, world, clock):
    shopper = Shopper(app, world.site_a).open()
    shopper.event("add_to_cart", product="boot", value=149.0)
    tracking = app.extensions["sitetracker"]
    rows = tracking.snapshot(tracking.sites.by_key(world.site_a.public_key))["shoppers"]
    assert rows[0]["cart"] == 149.0
    shopper.event("remove_from_cart", product="boot")
    rows = tracking.snapshot(tracking.sites.by_key(world.site_a.public_key))["shoppers"]
    assert rows[0]["cart"] == 0.0


def test_a_returning_shopper_finds_their_cart_on_the_board(app, world, clock):
    shopper = Shopper(app, world.site_a).open()
    shopper.event("add_to_cart", product="boot", value=149.0)
    shopper.close()
    clock.advance(60)
    tracking = app.extensions["sitetracker"]
    tracking.live.sweep(world.site_a.id, clock.now())  # gone: their presence forgotten
    Shopper(app, world.site_a).open()
    rows = tracking.snapshot(tracking.sites.by_key(world.site_a.public_key))["shoppers"]
    assert rows[0]["cart"] == 149.0


def test_a_thank_you_page_counts_as_a_purchase_without_a_sale(app, world, clock):
    shopper = Shopper(app, world.site_a).open()
    shopper.event("add_to_cart", product="boot", value=149.0)
    shopper.page("/checkout/order-received/4512/")
    part = gauges(app, world.site_a)
    assert part["funnel"]["purchases"] == 1 and part["funnel"]["checkouts"] == 1
    assert part["sales_today"]["count"] == 0
    assert part["carts_at_risk"]["count"] == 0


def test_an_order_sent_twice_is_one_sale(app, world, clock):
    shopper = Shopper(app, world.site_a).open()
    for _ in range(2):  # the thank-you page reloaded
        shopper.event("purchase", order_id="A-1", value=20.0, currency="EUR")
    assert gauges(app, world.site_a)["sales_today"]["count"] == 1


def test_each_stage_is_stored_once_per_shopper_per_day(app, world, clock):
    shopper = Shopper(app, world.site_a).open()
    shopper.event("add_to_cart", value=5.0)
    shopper.event("add_to_cart", value=5.0)
    shopper.event("checkout")
    rows = stored(FunnelVisitor, FunnelVisitor.site == world.site_a.id)
    assert sorted(row.stage for row in rows) == ["cart", "checkout"]


def test_a_restart_keeps_todays_funnel_and_sales(app, app_config, world, clock):
    from sitetracker import create_app

    shopper = Shopper(app, world.site_a).open()
    shopper.event("add_to_cart", value=5.0)
    shopper.event("purchase", value=5.0, currency="EUR")
    app.extensions["sitetracker"].buffer.flush()
    restarted = create_app(app_config, clock=clock)  # live state in memory starts empty
    part = gauges(restarted, world.site_a)
    assert part["funnel"]["carts"] == 1 and part["funnel"]["purchases"] == 1
    assert part["sales_today"]["count"] == 1 and part["sales_today"]["value"] == 5.0


def test_one_sites_funnel_is_not_anothers(app, world, clock):
    Shopper(app, world.site_a).open().event("add_to_cart", value=5.0)
    assert gauges(app, world.site_b)["funnel"]["carts"] == 0


def test_abandonment_is_none_without_shoppers_and_never_negative():
    assert abandonment(0, 0) is None
    assert abandonment(4, 1) == 0.75
    assert abandonment(4, 1, 2) == 0.25
    assert abandonment(2, 3) == 0.0


def test_thank_you_pages_of_common_platforms_are_recognised():
    for path in ("/checkout/thank-you", "/thank-you/123", "/checkout/order-received/9/",
                 "/checkouts/c1f2/thank_you"):
        assert is_thank_you(path), path
    assert not is_thank_you("/products/thank-you-card")


def test_a_restart_keeps_todays_events_per_type(app, app_config, world, clock):
    from sitetracker import create_app

    shopper = Shopper(app, world.site_a).open()
    shopper.event("add_to_cart", value=5.0)
    shopper.event("size_guide")
    shopper.event("size_guide")
    before = gauges(app, world.site_a)
    app.extensions["sitetracker"].buffer.flush()
    restarted = create_app(app_config, clock=clock)
    after = gauges(restarted, world.site_a)
    assert after["events_today"] == before["events_today"] == {"add_to_cart": 1,
                                                                "size_guide": 2}
    for gauge in ("carts", "checkouts", "purchases"):  # open ones need live shoppers
        assert after["funnel"][gauge] == before["funnel"][gauge]


def test_the_kept_funnel_follows_a_cart_changed_by_another_worker(app, world, clock):
    # The funnel's live part is kept while nothing changed; a write on any worker
    # sharing the store (here: straight into the store) shows at the next snapshot.
    shopper = Shopper(app, world.site_a, "shopper-one").open()
    shopper.event("add_to_cart", product="boot", value=149.0)
    assert gauges(app, world.site_a)["carts_at_risk"] == {"count": 1, "value": 149.0}
    assert gauges(app, world.site_a)["carts_at_risk"] == {"count": 1, "value": 149.0}
    tracking = app.extensions["sitetracker"]
    other_worker = CommerceState(tracking.store, tracking.settings.redis_prefix)
    other_worker.add_to_cart(world.site_a.id, "shopper-one", "socks", 1, 20.0)
    assert gauges(app, world.site_a)["carts_at_risk"] == {"count": 1, "value": 169.0}
    other_worker.clear_cart(world.site_a.id, "shopper-one")
    assert gauges(app, world.site_a)["carts_at_risk"] == {"count": 0, "value": 0.0}
