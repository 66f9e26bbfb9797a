"""Commerce events' properties, checked strictly at the edge: a bad one is 400 naming
``ev.<i>.p.<property>``, and nothing is counted."""

from __future__ import annotations

import pytest

from sitetracker.ingest.commerce_props import items_count
from sitetracker.ingest.schemas import load_events

from ..beacons import post


@pytest.mark.parametrize(("event", "field"), [
    ({"n": "add_to_cart", "p": {"value": -1}}, "ev.1.p.value"),
    ({"n": "add_to_cart", "p": {"value": 1e9 + 1}}, "ev.1.p.value"),
    ({"n": "add_to_cart", "p": {"value": "12"}}, "ev.1.p.value"),
    ({"n": "add_to_cart", "p": {"value": True}}, "ev.1.p.value"),
    ({"n": "add_to_cart", "p": {"quantity": 0}}, "ev.1.p.quantity"),
    ({"n": "add_to_cart", "p": {"quantity": 10001}}, "ev.1.p.quantity"),
    ({"n": "add_to_cart", "p": {"quantity": 1.5}}, "ev.1.p.quantity"),
    ({"n": "add_to_cart", "p": {"product": "x" * 201}}, "ev.1.p.product"),
    ({"n": "remove_from_cart", "p": {"valeu": 3}}, "ev.1.p.valeu"),
    ({"n": "purchase", "p": {"currency": "EURO"}}, "ev.1.p.currency"),
    ({"n": "purchase", "p": {"currency": "€"}}, "ev.1.p.currency"),
    ({"n": "purchase", "p": {"order_id": "1" * 65}}, "ev.1.p.order_id"),
    ({"n": "purchase", "p": {"items": -1}}, "ev.1.p.items"),
    ({"n": "purchase", "p": {"items": [{"product": "a", "quantity": 0}]}},
     "ev.1.p.items.0.quantity"),
    ({"n": "purchase", "p": {"items": ["a"] * 51}}, "ev.1.p.items"),
    ({"n": "purchase", "p": {"items": "three"}}, "ev.1.p.items"),
    ({"n": "payment_error", "p": {"code": "c" * 65}}, "ev.1.p.code"),
    ({"n": "payment_error", "p": {"message": "m" * 301}}, "ev.1.p.message"),
    ({"n": "payment_error", "p": {"method": "m" * 41}}, "ev.1.p.method"),
    ({"n": "payment_error", "p": {"email": "not-an-email"}}, "ev.1.p.email"),
    ({"n": "payment_error", "p": {"email": "a" * 250 + "@b.co"}}, "ev.1.p.email"),
    ({"n": "payment_error", "p": {"phone": "call me"}}, "ev.1.p.phone"),
    ({"n": "payment_error", "p": {"phone": "1" * 33}}, "ev.1.p.phone"),
    ({"n": "checkout", "p": {"email": "a@b.co"}}, "ev.1.p.email"),
    ({"n": "pay_now", "p": {"method": "card", "code": "x"}}, "ev.1.p.code"),
])
def test_bad_commerce_properties_are_400_naming_the_property(app, client, world, event,
                                                             field):
    """The bad event comes second in its batch, after a good page view: ``ev.1``."""
    response = post(client, world.site_a.public_key, [{"n": "pageview",
                                                       "u": "https://shop-a.test/"}, event])
    assert response.status_code == 400
    assert field in response.json["error"]["fields"], response.json
    tracking = app.extensions["sitetracker"]
    assert tracking.snapshot(tracking.sites.by_key(world.site_a.public_key))["users"] == 0


def test_good_commerce_properties_are_kept_and_normalised():
    [cart, purchase, error] = load_events([
        {"n": "add_to_cart", "p": {"product": "boot", "quantity": 2, "value": 298,
                                   "currency": "eur"}},
        {"n": "purchase", "p": {"order_id": "A-1", "value": 12.345, "currency": "USD",
                                "items": ["socks", {"product": "boot", "quantity": 2}]}},
        {"n": "payment_error", "p": {"code": "card_declined", "email": " Jane@Shop.Test ",
                                     "phone": "+33 6 12 34 56 78", "method": "card"}},
    ])
    assert cart["p"] == {"product": "boot", "quantity": 2, "value": 298.0, "currency": "EUR"}
    assert purchase["p"]["value"] == 12.35 and items_count(purchase["p"]["items"]) == 3
    assert error["p"]["email"] == "jane@shop.test"


def test_the_simulators_commerce_events_pass():
    import random

    from sitetracker.simulate.profiles import draw
    from sitetracker.simulate.shopper import plan

    rng = random.Random(5)
    names = set()
    for _ in range(300):
        for step in plan(rng, draw(rng, bot_share=0), "https://shop.test"):
            for event in load_events(list(step.events)):
                names.add(event["n"])
    assert {"add_to_cart", "checkout", "pay_now", "payment_error", "purchase"} <= names
