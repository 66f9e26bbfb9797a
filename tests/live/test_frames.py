"""Frames a client may send on the live channel: only declared events, one payload each;
reserved names, unknown events and malformed frames get an error acknowledgement (when
they carry an ack id), change nothing, and never close anyone's socket."""

from __future__ import annotations

import json

import pytest

from sitetracker.app import socketio_of
from sitetracker.live.frames import MAX_DEPTH, depth_of

from ..beacons import SHOPPER, snapshot


@pytest.fixture
def shopper(app, world):
    """A shopper's page on site A, and a function sending it raw frames (ack id 7)."""
    key = world.site_a.public_key
    sio = socketio_of(app).test_client(
        app, namespace=f"/site/{key}", auth=SHOPPER,
        headers={"Origin": "https://shop-a.test", "User-Agent": "Mozilla/5.0 Chrome/126.0"},
        flask_test_client=app.test_client())
    assert sio.is_connected(f"/site/{key}")
    return sio


def emit(sio, site, event, *args):
    return sio.emit(event, *args, namespace=f"/site/{site.public_key}", callback=True)


def send_raw(app, sio, site, body: str):
    """Send ``body`` as an EVENT frame with ack id 7; the acknowledgement's payload."""
    sio.acks = None
    socketio_of(app).server._handle_eio_message(sio.eio_sid, f"2/site/{site.public_key},7{body}")
    assert sio.acks is not None, "no acknowledgement"
    return sio.acks["args"][0]


def still_counts_events(app, sio, site) -> bool:
    ack = emit(sio, site, "ev", {"n": "pageview", "u": "https://shop-a.test/ok"})
    return ack == {"ok": 1, "dropped": {}}


def test_connect_frames_make_no_fake_shoppers_and_keep_the_rate_limit(app, world, shopper):
    site = world.site_a
    tracking = app.extensions["sitetracker"]
    (sid, conn), = tracking.connections.by_sid.items()
    for n in range(20):
        ack = emit(shopper, site, "connect", {"v": f"fake-visitor-{n:04d}", "ret": 0})
        assert ack["error"]["status"] == 400 and "event" in ack["error"]["fields"]
    assert snapshot(app, site)["users"] == 1
    assert tracking.connections.by_sid == {sid: conn}  # the same connection, same limit
    shopper.disconnect(f"/site/{site.public_key}")
    assert tracking.connections.by_sid == {}


@pytest.mark.parametrize("event", ["disconnect", "connect_error", "nope", "on_ev"])
def test_reserved_and_undeclared_events_are_refused(app, world, shopper, event):
    ack = emit(shopper, world.site_a, event, {})
    assert ack["error"]["message"] == "unknown event"
    assert shopper.is_connected(f"/site/{world.site_a.public_key}")
    assert still_counts_events(app, shopper, world.site_a)


def test_a_wrong_argument_count_is_refused(app, world, shopper):
    site = world.site_a
    ack = emit(shopper, site, "ev", {"n": "x"}, {"n": "y"})
    assert ack["error"]["fields"] == {"payload": "2 arguments sent"}
    assert still_counts_events(app, shopper, site)


@pytest.mark.parametrize(("body", "field"), [
    ('["ev", {"n": ', "frame"),            # bad JSON
    ("[" * 5000 + "]" * 5000, "frame"),    # nesting past the parser's limit
    ('["ev", ' + "[" * 40 + "]" * 40 + "]", "payload"),  # deep, but parsed
    ('["ev", "' + "x" * 70_000 + '"]', "frame"),  # over 64 KB
    ('["ev", 5]', "ev.0"),                 # a wrong type
    ("[5]", "event"),                      # an event name that is not a string
])
def test_malformed_frames_get_an_error_ack_and_close_nothing(app, world, shopper, body,
                                                               field):
    site = world.site_a
    other = socketio_of(app).test_client(
        app, namespace=f"/site/{site.public_key}", auth={**SHOPPER, "v": "visitor-0002"},
        headers={"Origin": "https://shop-a.test", "User-Agent": "Mozilla/5.0 Chrome/126.0"},
        flask_test_client=app.test_client())
    ack = send_raw(app, shopper, site, body)
    assert ack["error"]["status"] == 400
    assert field in ack["error"]["fields"], ack
    assert shopper.is_connected(f"/site/{site.public_key}")
    assert other.is_connected(f"/site/{site.public_key}")
    assert still_counts_events(app, shopper, site)
    assert still_counts_events(app, other, site)


def test_a_well_formed_raw_frame_is_handled_as_usual(app, world, shopper):
    body = json.dumps(["ev", {"n": "pageview", "u": "https://shop-a.test/raw"}])
    assert send_raw(app, shopper, world.site_a, body) == {"ok": 1, "dropped": {}}


def test_depth_of_counts_objects_and_lists():
    assert depth_of(5) == 0
    assert depth_of({"a": [1, {"b": 2}]}) == 3
    deep: object = 1
    for _ in range(10_000):
        deep = [deep]
    assert depth_of(deep) == MAX_DEPTH + 1
