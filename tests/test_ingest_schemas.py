"""The straight-line check of the common beacon shape loads exactly what the schemas
load, and leaves everything else (every error) to them."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from sitetracker.ingest.schemas import (
    BeaconSchema,
    EventSchema,
    fast_beacon,
    fast_event,
    load_beacon,
)

TEXTS = st.one_of(st.sampled_from(["pageview", "engage", "leave", "add_to_cart", "purchase",
                                   "signup", "Bad", "", "x" * 41, "\ud800", "pageview\n",
                                   "https://shop.test/p", "évènement-id-1234"]),
                  st.text(max_size=12))
VALUES = st.one_of(TEXTS, st.integers(-10, 10**13), st.floats(), st.booleans(), st.none(),
                   st.lists(st.integers(), max_size=2))
PROPS = st.one_of(st.dictionaries(TEXTS, VALUES, max_size=4),
                  st.fixed_dictionaries({"value": st.floats(0, 100), "currency": st.just("EUR"),
                                         "order_id": st.just("order-1001")}), VALUES)
EVENTS = st.fixed_dictionaries({"n": TEXTS}, optional={
    "u": st.one_of(st.just("https://shop.test/products/p1"), TEXTS, st.just("u" * 2001)),
    "r": TEXTS, "e": VALUES, "p": PROPS,
    "i": st.one_of(st.just("evt-00000001"), TEXTS), "x": VALUES})


def schema_load(schema: Any, data: Any) -> Any:
    try:
        return schema.load(data)
    except ValidationError:
        return None


@settings(max_examples=200, deadline=None)
@given(EVENTS)
def test_an_event_is_loaded_as_the_schema_loads_it_or_left_to_it(event):
    fast = fast_event(event)
    if fast is not None:
        assert fast == schema_load(EventSchema(), event)


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries(
    {"k": st.one_of(st.just("abc123"), TEXTS), "v": st.one_of(st.just("visitor-0001"), TEXTS),
     "ev": st.one_of(EVENTS, st.lists(EVENTS, max_size=3))},
    optional={"s": st.one_of(st.just("session-0001"), TEXTS),
              "ret": VALUES, "t": VALUES, "ua": TEXTS}))
def test_a_beacon_is_loaded_as_the_schema_loads_it_or_left_to_it(beacon):
    fast = fast_beacon(beacon)
    if fast is not None:
        assert fast == schema_load(BeaconSchema(), beacon)


WIDGET_BEACON = {"k": "abc123", "v": "visitor-0001", "s": "session-0001", "ret": 1, "t": 0,
                 "ev": [{"n": "pageview", "u": "https://shop.test/", "r": "https://g.test/"},
                        {"n": "engage", "e": 5, "i": "evt-00000001"},
                        {"n": "add_to_cart", "p": {"value": 25.0, "product": "p1"}},
                        {"n": "signup", "p": {"plan": "pro", "seats": 3, "trial": True}}]}


def test_what_the_widget_sends_takes_the_straight_line():
    assert fast_beacon(WIDGET_BEACON) == BeaconSchema().load(WIDGET_BEACON)


@pytest.mark.parametrize("change", [
    {"ev": [{"n": "pageview"}]},
    {"ev": {"n": "engage", "e": 601}},
    {"ev": {"n": "signup", "p": {"email": "a@b.test"}}},
    {"v": "short"},
    {"ret": True},
])
def test_an_invalid_beacon_gets_the_schema_s_error(change):
    body = {**WIDGET_BEACON, **change}
    assert fast_beacon(body) is None
    with pytest.raises(ValidationError) as by_schema:
        BeaconSchema().load(body)
    with pytest.raises(ValidationError) as loaded:
        load_beacon(body)
    assert loaded.value.messages == by_schema.value.messages
