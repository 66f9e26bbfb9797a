"""Alert rules firing on shoppers' events (once per window), sale alerts and live-user
rules on the tick (the alerts API is tests/api/test_alerts.py's)."""

from __future__ import annotations

import json

import pytest

from sitetracker.commerce.models import Alert, AlertRule
from sitetracker.db import database
from sitetracker.live.ticker import keepalive

from ..shopping import Shopper, admin_socket, alerts_of, commerce_of, received, stored


@pytest.fixture
def app_clock(clock):
    return clock


def to_checkout(shopper):
    shopper.page("/products/trail-runner")
    shopper.event("add_to_cart", product="trail-runner", quantity=1, value=89.0)
    shopper.event("checkout", value=89.0)
    shopper.page("/checkout")


def test_pay_now_three_times_raises_checkout_trouble_exactly_once_per_window(
        app, world, clock):
    admin = admin_socket(app, world.site_a)
    shopper = Shopper(app, world.site_a).open()
    to_checkout(shopper)
    shopper.event("pay_now", value=89.0)
    clock.advance(60)
    shopper.event("pay_now", value=89.0)
    assert received(admin, world.site_a, "alert") == []
    clock.advance(60)
    shopper.event("pay_now", value=89.0)
    fired = received(admin, world.site_a, "alert")
    assert len(fired) == 1
    alert = fired[0]
    assert alert["kind"] == "event_count" and alert["severity"] == "emergency"
    assert alert["title"] == "Checkout trouble: pay_now 3 times in 10 minutes"
    assert alert["shopper"] == "shopper-"  # the visitor id's first 8 characters
    details = alert["details"]
    assert details["pages"][:2] == ["/checkout", "/products/trail-runner"]
    assert details["cart"]["value"] == 89.0 and details["cart"]["items"] == 1
    assert details["device"] == "desktop" and details["browser"] == "Chrome"
    assert details["count"] == 3 and details["window"] == 10

    for _ in range(2):  # a 4th and 5th press within the window
        clock.advance(30)
        shopper.event("pay_now", value=89.0)
    assert received(admin, world.site_a, "alert") == []
    assert len(alerts_of(world.site_a, "event_count")) == 1

    clock.advance(10 * 60)  # the window has passed; three more presses fire again
    for _ in range(3):
        shopper.event("pay_now", value=89.0)
    assert len(received(admin, world.site_a, "alert")) == 1
    assert len(alerts_of(world.site_a, "event_count")) == 2


def test_presses_spread_wider_than_the_window_do_not_fire(app, world, clock):
    shopper = Shopper(app, world.site_a).open()
    for _ in range(3):
        shopper.event("pay_now")
        clock.advance(6 * 60)
    assert alerts_of(world.site_a) == []


def test_the_rule_counts_each_shopper_alone(app, world, clock):
    for n in range(3):
        Shopper(app, world.site_a, f"shopper-000{n}").open().event("pay_now")
    assert alerts_of(world.site_a) == []


def test_an_alert_is_stored_before_it_is_emitted(app, world, clock):
    emitter = app.extensions["sitetracker"].emitter
    seen_in_storage = []
    original = emitter.to_admins

    def watching(site, event, data):
        if event == "alert":
            with database.connection_context():
                seen_in_storage.append(Alert.get_or_none(Alert.id == data["id"]) is not None)
        original(site, event, data)

    emitter.to_admins = watching
    shopper = Shopper(app, world.site_a).open()
    shopper.send(*[{"n": "pay_now"}] * 3)
    assert seen_in_storage == [True]


def test_every_purchase_raises_a_sale_alert_with_value_items_and_place(app, world, clock):
    admin = admin_socket(app, world.site_a)
    shopper = Shopper(app, world.site_a).open()
    shopper.event("add_to_cart", product="boot", quantity=2, value=298.0)
    response = shopper.beacon({"n": "purchase", "p": {"order_id": "9001", "value": 298.0,
                                                      "currency": "EUR", "items": 2}})
    assert response.status_code == 202
    [sale] = received(admin, world.site_a, "alert")
    assert sale["kind"] == "sale" and sale["value"] == 298.0 and sale["currency"] == "EUR"
    assert sale["title"] == "Sale: 298.00 EUR, 2 items"
    assert sale["details"]["items"] == 2 and sale["details"]["order_id"] == "9001"
    assert sale["details"]["location"]["country"] == "FR"
    assert sale["details"]["location"]["city"] == "Paris"
    assert sale["details"]["cart"]["lines"] == [{"product": "boot", "quantity": 2,
                                                 "value": 298.0}]


def test_a_sale_without_items_counts_the_cart(app, world, clock):
    shopper = Shopper(app, world.site_a).open()
    shopper.event("add_to_cart", product="boot", quantity=3, value=30.0)
    shopper.event("purchase", value=30.0)
    [sale] = alerts_of(world.site_a, "sale")
    assert json.loads(sale.details)["items"] == 3


def test_any_payment_error_rule_fires_once_per_window(app, world, clock):
    with database.connection_context():
        AlertRule.create(site=world.site_a.id, name="Payment failed", kind="payment_error",
                         window_minutes=5, severity="warning")
    commerce_of(app).rules.forget(world.site_a.id)
    shopper = Shopper(app, world.site_a).open()
    shopper.event("payment_error", code="card_declined", message="Your card was declined.")
    shopper.event("payment_error", code="card_declined", message="Your card was declined.")
    [alert] = alerts_of(world.site_a, "payment_error")
    assert alert.title == "Payment failed: Your card was declined."
    details = json.loads(alert.details)
    assert details["errors"][0]["code"] == "card_declined"


def test_purchase_above_an_amount_fires(app, world, clock):
    with database.connection_context():
        AlertRule.create(site=world.site_a.id, name="Big order", kind="purchase_above",
                         threshold=500, window_minutes=1, severity="info")
    commerce_of(app).rules.forget(world.site_a.id)
    shopper = Shopper(app, world.site_a).open()
    shopper.event("purchase", order_id="1", value=400.0, currency="EUR")
    shopper.event("purchase", order_id="2", value=900.0, currency="EUR")
    [alert] = alerts_of(world.site_a, "purchase_above")
    assert alert.value == 900.0 and alert.title == "Big order: 900.00 EUR"


def test_a_disabled_rule_does_not_fire(app, world, clock):
    with database.connection_context():
        AlertRule.update(enabled=False).where(AlertRule.site == world.site_a.id).execute()
    Shopper(app, world.site_a).open().send(*[{"n": "pay_now"}] * 3)
    assert alerts_of(world.site_a, "event_count") == []


@pytest.mark.parametrize(("kind", "threshold", "shoppers", "fires"), [
    ("live_users_above", 1, 2, True),
    ("live_users_above", 2, 2, False),
    ("live_users_below", 3, 2, True),
    ("live_users_below", 2, 2, False),
])
def test_live_user_rules_are_checked_on_the_tick(app, world, clock, kind, threshold,
                                                 shoppers, fires):
    with database.connection_context():
        AlertRule.create(site=world.site_a.id, name="Traffic", kind=kind,
                         threshold=threshold, window_minutes=15)
    for n in range(shoppers):
        Shopper(app, world.site_a, f"shopper-000{n}").open()
    tracking, alerts = app.extensions["sitetracker"], commerce_of(app).alerts

    def tick_after(seconds):
        clock.advance(seconds)
        keepalive(tracking)  # as the loop does: the shoppers' pages are still open
        alerts.tick(clock.now())

    tick_after(0)
    tick_after(60)  # still within the window: at most one
    found = alerts_of(world.site_a, kind)
    assert len(found) == (1 if fires else 0)
    if fires:
        assert json.loads(found[0].details)["users"] == shoppers
        tick_after(15 * 60)
        assert len(alerts_of(world.site_a, kind)) == 2


# -- the API -------------------------------------------------------------------------------


def test_unacknowledged_alerts_are_counted_in_the_snapshot(app, world, clock):
    from ..shopping import gauges

    Shopper(app, world.site_a).open().send(*[{"n": "pay_now"}] * 3)
    assert gauges(app, world.site_a)["alerts"] == {"unacknowledged": 1}


def test_a_pay_now_triple_spanning_a_restart_raises_one_alert(app, app_config, world, clock):
    from sitetracker import create_app

    clock.advance(4321.125)  # times not round in any unit are stored exactly
    shopper = Shopper(app, world.site_a).open()
    to_checkout(shopper)
    for _ in range(2):
        shopper.event("pay_now", value=89.0)
        clock.advance(60)
    restarted = create_app(app_config, clock=clock)  # live state in memory starts empty
    again = Shopper(restarted, world.site_a).open()
    again.event("pay_now", value=89.0)
    assert [a.title for a in alerts_of(world.site_a, "event_count")] == [
        "Checkout trouble: pay_now 3 times in 10 minutes"]
    # Restarted once more: the rule just fired for them, so it stays quiet in its window.
    clock.advance(60)
    third = create_app(app_config, clock=clock)
    Shopper(third, world.site_a).open().event("pay_now", value=89.0)
    assert len(alerts_of(world.site_a, "event_count")) == 1


def test_counted_events_are_forgotten_after_the_longest_window(app, world, clock):
    from sitetracker.commerce.alerts import RULE_EVENT_TTL
    from sitetracker.commerce.models import RuleEvent

    shopper = Shopper(app, world.site_a).open()
    shopper.event("pay_now", value=89.0)
    commerce = commerce_of(app)
    commerce.alerts.tick(clock.now())
    assert len(stored(RuleEvent, RuleEvent.site == world.site_a.id)) == 1
    clock.advance(RULE_EVENT_TTL + 3600)
    commerce.alerts.tick(clock.now())
    assert stored(RuleEvent, RuleEvent.site == world.site_a.id) == []
