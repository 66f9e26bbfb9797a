"""Validation of what shoppers' browsers and server-side senders post
(ingest/schemas.py): every field bounded, the field at fault named."""

from __future__ import annotations

import json

import pytest
from marshmallow import ValidationError

from sitetracker.ingest.schemas import (
    MAX_BATCH,
    BeaconSchema,
    EventSchema,
    IdentitySchema,
    load_events,
)

from ..agents import CHROME
from ..beacons import live, pageviews


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("not json", "body"),
        ("[1, 2]", "body"),
        ({"v": "visitor-0001", "ev": {"n": "pageview", "u": "https://shop-a.test/"}}, "k"),
        ({"k": "KEY", "ev": {"n": "pageview", "u": "https://shop-a.test/"}}, "v"),
        ({"k": "KEY", "v": "visitor-0001", "ev": {"n": "pageview"}}, "ev.0.u"),
        ({"k": "KEY", "v": "visitor-0001", "ev": {"n": "Bad Name"}}, "ev.0.n"),
        ({"k": "KEY", "v": "visitor-0001", "ev": {"n": "engage", "e": 9999}}, "ev.0.e"),
        ({"k": "KEY", "v": "visitor-0001", "ev": {"n": "x", "u": "h" * 2001}}, "ev.0.u"),
        ({"k": "KEY", "v": "visitor-0001", "ev": {"n": "x", "p": {"a": "b" * 501}}}, "ev.0.p"),
        ({"k": "KEY", "v": "visitor-0001", "ev": {"n": "x", "p": {"a": [1]}}}, "ev.0.p"),
        ({"k": "KEY", "v": "visitor-0001", "ev": {"n": "x", "zz": 1}}, "ev.0.zz"),
        ({"k": "KEY", "v": "visitor-0001", "ev": [{"n": "x"}] * 101}, "ev"),
        ({"k": "KEY", "v": "visitor-0001", "ev": []}, "ev"),
        ({"k": "KEY", "v": "<script>", "ev": {"n": "x"}}, "v"),
        ({"k": "KEY", "v": "visitor-0001", "ev": {"n": "x"}, "extra": 1}, "extra"),
        ({"k": "KEY", "v": "visitor-0001", "ev": {"n": "x"}, "w": 0}, "w"),
        ({"k": "KEY", "v": "visitor-0001", "ev": {"n": "x"}, "w": 20001}, "w"),
        ({"k": "KEY", "v": "visitor-0001", "ev": {"n": "x"}, "w": "1280"}, "w"),
        ({"k": "KEY", "v": "visitor-0001", "ev": {"n": "x"}, "w": 1280.5}, "w"),
        ({"k": "KEY", "v": "visitor-0001", "ev": {"n": "x"}, "w": True}, "w"),
    ],
)
def test_malformed_payloads_get_400_naming_the_field_and_change_nothing(
    app, client, world, body, field
):
    if isinstance(body, dict):
        body = json.dumps(body).replace("KEY", world.site_a.public_key)
    response = client.post("/api/collect", data=body, headers={
        "Origin": "https://shop-a.test", "User-Agent": CHROME, "Content-Type": "text/plain"})
    assert response.status_code == 400
    assert field in response.json["error"]["fields"], response.json
    assert live(app, world.site_a)["users"] == 0
    assert pageviews(app, world.site_a) == 0



def test_custom_events_keep_their_free_form_properties():
    [event] = load_events({"n": "share", "p": {"network": "mastodon", "n": 3, "ok": True}})
    assert event["p"] == {"network": "mastodon", "n": 3, "ok": True}


def test_one_event_or_a_batch_loads_as_a_list():
    assert load_events({"n": "share"}) == [{"n": "share"}]
    assert [event["n"] for event in load_events([{"n": "a"}, {"n": "b"}])] == ["a", "b"]
    assert len(load_events([{"n": "x"}] * MAX_BATCH)) == MAX_BATCH


@pytest.mark.parametrize(("value", "messages"), [
    ([], ["at least one event"]),
    ([{"n": "x"}] * (MAX_BATCH + 1), [f"at most {MAX_BATCH} events per batch"]),
    ([{"n": "x"}, "pageview"], {"1": ["must be an object"]}),
])
def test_a_batch_that_is_empty_too_long_or_not_of_objects_is_refused(value, messages):
    with pytest.raises(ValidationError) as caught:
        load_events(value)
    assert caught.value.messages == messages


def test_a_bad_event_is_named_by_its_place_in_the_batch():
    with pytest.raises(ValidationError) as caught:
        load_events([{"n": "x"}, {"n": "x"}, {"n": "pageview"}])
    assert list(caught.value.messages) == ["2"]
    assert "u" in caught.value.messages["2"]


@pytest.mark.parametrize("event_id", ["abcd1234", "order:A-1.2_x", "i" * 64])
def test_an_event_id_of_the_senders_choosing_is_kept(event_id):
    assert EventSchema().load({"n": "purchase", "i": event_id})["i"] == event_id


@pytest.mark.parametrize("event_id", ["short", "i" * 65, "has space1", "semi;colon"])
def test_an_event_id_out_of_its_grammar_is_refused(event_id):
    with pytest.raises(ValidationError) as caught:
        EventSchema().load({"n": "purchase", "i": event_id})
    assert "i" in caught.value.messages


def test_identity_keeps_who_the_browser_says_it_is_and_ignores_the_rest():
    loaded = IdentitySchema().load({"v": "visitor-0001", "s": "session-0001", "w": 390,
                                    "t": 1, "k": "KEY", "ev": []})
    assert loaded == {"v": "visitor-0001", "s": "session-0001", "ret": 0, "w": 390, "t": 1}


def test_a_beacon_names_its_shoppers_tokens_of_known_kinds_only():
    body = {"k": "KEY1", "v": "visitor-0001", "ev": {"n": "checkout"},
            "j": {"shopify_checkout": "c1a2b3c4"}}
    assert BeaconSchema().load(body)["j"] == {"shopify_checkout": "c1a2b3c4"}
    for links in ({"paypal": "c1a2b3c4"}, {"wc_order": "no"}):
        with pytest.raises(ValidationError) as caught:
            BeaconSchema().load({**body, "j": links})
        assert "j" in caught.value.messages


def test_only_the_pixels_marker_is_a_source():
    body = {"k": "KEY1", "v": "visitor-0001", "ev": {"n": "checkout"}}
    assert BeaconSchema().load({**body, "src": "shopify_pixel"})["src"] == "shopify_pixel"
    with pytest.raises(ValidationError) as caught:
        BeaconSchema().load({**body, "src": "anything"})
    assert "src" in caught.value.messages


def test_contact_details_are_refused_outside_a_payment_error():
    with pytest.raises(ValidationError) as caught:
        load_events({"n": "share", "p": {"email": "jane@shop.test"}})
    assert "email" in str(caught.value.messages)
