"""The live channel fuzzed with hypothesis through the Socket.IO test client: any event
name (declared, reserved or made up) with any JSON payload, lone surrogates included,
and raw frames of any text. Every frame asking for an acknowledgement gets one; none is
a server error; no socket is closed, and both pages still work afterwards."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitetracker.app import socketio_of
from sitetracker.auth.tokens import mint_admin_token

from ..beacons import SHOPPER
from .conftest import TRIED

MAX_EXAMPLES = int(os.environ.get("SITETRACKER_FUZZ_SOCKET_EXAMPLES", "300"))
REFUSALS = {400, 401, 403, 404, 409, 429}
FUZZ = settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))

text = st.one_of(st.text(max_size=30), st.sampled_from(["\ud800", "a\udfffb", "", " "]))
scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**70),
                                                          max_value=2**70),
                    st.floats(allow_nan=False, allow_infinity=False), text)
payloads = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(text, inner, max_size=5)), max_leaves=20)
EVENTS = ["ev", "chat_send", "chat_history", "chat_list", "broadcast_send",
          "broadcast_cancel", "broadcast_list", "alerts_pending", "alert_ack", "chat_reply",
          "chat_delivered", "chat_seen", "broadcast_dismiss", "connect", "disconnect",
          "connect_error", "message"]
names = st.one_of(st.sampled_from(EVENTS), text)
# Payload-shaped dicts for the declared events, so the fuzz reaches past "not an object".
shaped = st.fixed_dictionaries({}, optional={
    "n": st.one_of(st.sampled_from(["pageview", "add_to_cart", "payment_error"]), text),
    "u": text, "e": scalars, "p": payloads, "ref": text, "text": text, "id": scalars,
    "ids": payloads, "alert": scalars, "path": text, "starts_at": scalars})


@pytest.fixture
def pages(app, world):
    site = world.site_a
    namespace = f"/site/{site.public_key}"
    shopper = socketio_of(app).test_client(
        app, namespace=namespace, auth=SHOPPER,
        headers={"Origin": "https://shop-a.test", "User-Agent": "Mozilla/5.0 Chrome/126.0"},
        flask_test_client=app.test_client())
    token = mint_admin_token(site.secret, site.public_key, "owner@a.test")
    admin = socketio_of(app).test_client(app, namespace=namespace, auth={"token": token},
                                         flask_test_client=app.test_client())
    assert shopper.is_connected(namespace) and admin.is_connected(namespace)
    return namespace, shopper, admin


def check_ack(ack) -> None:
    TRIED["socket_payloads"] += 1
    assert isinstance(ack, dict), ack
    if "error" in ack:
        status = ack["error"]["status"]
        if status >= 500:
            TRIED["socket_5xx"] += 1
        assert status in REFUSALS, ack


def still_open(namespace, *clients) -> None:
    for client in clients:
        assert client.is_connected(namespace)
        client.get_received(namespace)  # keep the inboxes small


def test_any_event_with_any_payload_is_answered_and_closes_nothing(pages):
    namespace, shopper, admin = pages

    @FUZZ
    @given(who=st.sampled_from(["shopper", "admin"]), name=names,
           payload=st.one_of(payloads, shaped, st.lists(shaped, max_size=3)))
    def run(who, name, payload):
        client = shopper if who == "shopper" else admin
        check_ack(client.emit(name, payload, namespace=namespace, callback=True))
        still_open(namespace, shopper, admin)

    run()


def test_raw_frames_of_any_text_are_answered_and_close_nothing(app, pages):
    namespace, shopper, admin = pages
    server = socketio_of(app).server

    @FUZZ
    @given(body=st.one_of(
        st.text(max_size=60),
        st.builds(lambda name, p: json.dumps([name, p]), names, payloads),
        st.builds(lambda depth: "[" * depth + "]" * depth, st.integers(0, 3000)),
        st.builds(lambda n: '["ev","' + "x" * n + '"]', st.integers(60_000, 70_000))))
    def run(body):
        shopper.acks = None
        try:
            server._handle_eio_message(shopper.eio_sid, f"2{namespace},7{body}")
        except ValueError:
            # Not a frame at all (the head is not Socket.IO's): python-socketio drops it
            # without an answer, as it would over the wire; the socket stays open.
            TRIED["socket_payloads"] += 1
        else:
            assert shopper.acks is not None, body
            check_ack(shopper.acks["args"][0] if shopper.acks["args"] else None)
        still_open(namespace, shopper, admin)

    run()
    ack = shopper.emit("ev", {"n": "pageview", "u": "https://shop-a.test/after"},
                       namespace=namespace, callback=True)
    assert "ok" in ack
