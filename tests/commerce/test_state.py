"""Commerce's live state on the in-process store and on Redis: carts, the funnel's sets,
rule counters, and firing once per window across workers."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from sitetracker.commerce.state import MAX_COUNTED, CommerceState

DAY = date(2026, 3, 10)


@pytest.fixture
def prefix():
    return "t" + uuid.uuid4().hex[:8]


@pytest.fixture
def state(store, prefix):
    return CommerceState(store, prefix)


def test_carts_add_up_lines_and_removals_take_them_out(state):
    state.add_to_cart(1, "v1", "boot", 1, 149.0)
    cart = state.add_to_cart(1, "v1", "socks", 2, 37.0)
    assert (cart.value, cart.items) == (186.0, 3)
    cart = state.add_to_cart(1, "v1", "socks", 1, 18.5)
    assert cart.lines[1] == {"product": "socks", "quantity": 3, "value": 55.5}
    cart = state.remove_from_cart(1, "v1", "socks", 1, None)
    assert cart.lines[1] == {"product": "socks", "quantity": 2, "value": 37.0}
    cart = state.remove_from_cart(1, "v1", "boot", None, None)
    assert [line["product"] for line in cart.lines] == ["socks"]
    state.remove_from_cart(1, "v1", "unknown", 1, 5.0)
    assert state.cart(1, "v1").value == 37.0
    assert state.cart(2, "v1").lines == []  # another site's


def test_reaching_a_stage_is_new_once_per_day(state):
    assert state.reach(1, DAY, "h1", ("cart", "checkout")) == ["cart", "checkout"]
    assert state.reach(1, DAY, "h1", ("cart", "checkout", "purchase")) == ["purchase"]
    assert state.reach(1, date(2026, 3, 11), "h1", ("cart",)) == ["cart"]
    assert state.funnel(1, DAY, ("cart", "purchase")) == {"cart": {"h1"}, "purchase": {"h1"}}


def test_note_time_keeps_the_latest_times_newest_first(state):
    for t in range(5):
        times = state.note_time(1, "v1", "pay_now", 1000.0 + t, keep=3)
    assert times == [1004.0, 1003.0, 1002.0]
    both = state.note_time(1, "v1", "pay_now", 1004.0, keep=MAX_COUNTED + 50)
    assert both[:2] == [1004.0, 1004.0]  # two at the same instant both count


def test_claim_lets_one_caller_through_per_window(state, store, prefix):
    other_worker = CommerceState(store, prefix)
    assert state.claim(1, 7, "v1", 1000.0, 600)
    assert not other_worker.claim(1, 7, "v1", 1001.0, 600)
    assert not state.claim(1, 7, "v1", 1599.0, 600)
    assert state.claim(1, 7, "v2", 1001.0, 600)  # another shopper
    assert state.claim(1, 8, "v1", 1001.0, 600)  # another rule
    # The app's clock passed the window (the store's has not): exactly one takes it.
    assert other_worker.claim(1, 7, "v1", 1600.5, 600)
    assert not state.claim(1, 7, "v1", 1600.5, 600)


def test_sales_are_counted_per_currency_and_seeded_only_when_unknown(state):
    state.add_sale(1, DAY, "EUR", 10.0)
    state.add_sale(1, DAY, "EUR", 5.5)
    state.seed_sales(1, DAY, {"EUR": (9, 99.0)})  # known already: ignored
    sales, _ = state.today(1, DAY)
    assert sales == {"EUR": (2, 15.5)}
    state.seed_sales(2, DAY, {"USD": (3, 30.0)})
    assert state.today(2, DAY)[0] == {"USD": (3, 30.0)}


def test_a_shopper_keeps_their_last_ten_pages_and_errors(state):
    for n in range(12):
        state.add_page(1, "v1", f"/p{n}")
    state.add_error(1, "v1", {"t": 1, "code": "card_declined", "message": "no"})
    pages, cart, errors = state.shopper(1, "v1")
    assert pages == [f"/p{n}" for n in range(11, 1, -1)]
    assert errors == [{"t": 1, "code": "card_declined", "message": "no"}]
    assert cart.lines == []
