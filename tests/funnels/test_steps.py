"""Which step of a funnel an event reaches (funnels/steps.py)."""

from __future__ import annotations

import json

from sitetracker.funnels.steps import CART_STEPS, Funnel, advance, mark, matches

SHIRTS = Funnel.of(1, "session", json.dumps([
    {"page": "/shirts*"}, {"event": "add_to_cart"}, {"event": "purchase"}]))


def test_a_trail_keeps_a_page_views_path_and_any_other_events_name():
    assert mark("pageview", "/shirts/linen") == "p/shirts/linen"
    assert mark("add_to_cart", "/shirts/linen") == "eadd_to_cart"


def test_a_stored_definition_reads_as_its_steps_in_order():
    assert SHIRTS == Funnel(1, "session", (
        ("page", "/shirts*"), ("event", "add_to_cart"), ("event", "purchase")))
    cart = Funnel.of(2, "day", json.dumps(CART_STEPS))
    assert cart.steps[0] == ("page", "*") and cart.steps[-1] == ("event", "purchase")


def test_a_page_step_matches_page_views_by_pattern_and_an_event_step_by_name():
    assert matches(("page", "/shirts*"), "p/shirts/linen")
    assert not matches(("page", "/shirts*"), "p/trousers")
    assert not matches(("page", "*"), "eadd_to_cart")
    assert matches(("event", "purchase"), "epurchase")
    assert not matches(("event", "purchase"), "epurchase_refund")
    assert not matches(("event", "purchase"), "ppurchase")


def test_steps_are_taken_in_order_one_mark_one_step():
    assert advance(SHIRTS, 0, ["eadd_to_cart", "p/shirts", "epurchase"]) == 1
    assert advance(SHIRTS, 0, ["p/shirts", "p/shirts/linen", "eadd_to_cart"]) == 2
    assert advance(SHIRTS, 0, []) == 0


def test_a_trail_goes_on_from_the_steps_reached_before_and_stops_at_the_last():
    assert advance(SHIRTS, 2, ["epurchase"]) == 3
    assert advance(SHIRTS, 3, ["p/shirts", "eadd_to_cart", "epurchase"]) == 3
