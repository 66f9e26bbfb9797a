from __future__ import annotations

import json

import pytest

from sitetracker.app import socketio_of
from sitetracker.auth.tokens import mint_admin_token
from sitetracker.live.namespaces import MAX_DEPTH, depth_of

from ..agents import DESKTOP_UA
from ..beacons import SHOPPER, snapshot


@pytest.fixture
def connect(app, client):
    """Open a Socket.IO test connection to a site's namespace; returns the client."""

    def do(site_key: str, *, origin: str | None = None, auth=SHOPPER, http=None, ua=DESKTOP_UA):
        headers = {"Origin": origin} if origin else {}
        headers["User-Agent"] = ua
        sio = socketio_of(app).test_client(
            app,
            namespace=f"/site/{site_key}",
            auth=auth,
            headers=headers,
            flask_test_client=http or client,
        )
        return sio

    return do


def is_connected(sio, site_key: str) -> bool:
    return sio.is_connected(f"/site/{site_key}")


def test_shopper_on_an_allowed_domain_connects(world, connect):
    key = world.site_a.public_key
    assert is_connected(connect(key, origin="https://shop-a.test"), key)


def test_shopper_on_a_subdomain_of_an_allowed_domain_connects(world, connect):
    key = world.site_a.public_key
    assert is_connected(connect(key, origin="https://www.shop-a.test"), key)


@pytest.mark.parametrize("origin", ["https://evil.test", "https://shop-a.test.evil.test", None])
def test_shopper_from_elsewhere_is_refused(world, connect, origin):
    key = world.site_a.public_key
    assert not is_connected(connect(key, origin=origin), key)


def test_unknown_site_key_is_refused(world, connect):
    assert not is_connected(connect("0000000000000000", origin="https://shop-a.test"),
                            "0000000000000000")


def test_admin_with_a_valid_token_connects_from_any_origin(world, connect):
    site = world.site_a
    token = mint_admin_token(site.secret, site.public_key, "owner@a.test")
    sio = connect(site.public_key, origin="https://admin.elsewhere.test", auth={"token": token})
    assert is_connected(sio, site.public_key)


def test_admin_token_of_another_site_is_refused(world, connect):
    a, b = world.site_a, world.site_b
    token = mint_admin_token(b.secret, b.public_key, "owner@b.test")
    assert not is_connected(connect(a.public_key, auth={"token": token}), a.public_key)


def test_admin_token_stops_working_when_the_secret_rotates(app, world, connect):
    from sitetracker import tenancy
    from sitetracker.db import database

    site = world.site_a
    token = mint_admin_token(site.secret, site.public_key, "owner@a.test")
    with database.connection_context():
        tenancy.rotate_secret(site)
    app.extensions["sitetracker.sites"].forget(site.public_key)
    assert not is_connected(connect(site.public_key, auth={"token": token}), site.public_key)


def test_signed_in_admin_of_the_site_connects_with_the_session(world, connect, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    key = world.site_a.public_key
    assert is_connected(connect(key, origin="http://localhost", auth={"admin": True}), key)


def test_signed_in_admin_of_another_organization_is_refused(world, connect, login_as):
    login_as("o@b.test", "owner", organization=world.org_b)
    key = world.site_a.public_key
    assert not is_connected(connect(key, origin="http://localhost", auth={"admin": True}), key)


def test_session_admin_from_a_foreign_origin_is_refused(world, connect, login_as):
    """A page elsewhere cannot ride the dashboard's cookie onto the live channel."""
    login_as("o@a.test", "owner", organization=world.org_a)
    key = world.site_a.public_key
    sio = connect(key, origin="https://evil.test", auth={"admin": True})
    assert not is_connected(sio, key)


@pytest.mark.parametrize("auth", [None, {}, {"v": "short"}, {"v": "x" * 65}, {"v": "bad id!!"}])
def test_shopper_without_a_valid_visitor_id_is_refused(world, connect, auth):
    key = world.site_a.public_key
    assert not is_connected(connect(key, origin="https://shop-a.test", auth=auth), key)


def test_anonymous_admin_request_is_refused(world, connect):
    key = world.site_a.public_key
    assert not is_connected(connect(key, origin="http://localhost", auth={"admin": True}), key)


# -- shoppers' events over the live channel ----------------------------------------------


def test_shopper_connection_counts_live_and_events_update_the_page(app, world, connect):
    key = world.site_a.public_key
    sio = connect(key, origin="https://shop-a.test")
    ack = sio.emit("ev", {"n": "pageview", "u": "https://shop-a.test/shoes"},
                   namespace=f"/site/{key}", callback=True)
    assert ack == {"ok": 1, "dropped": {}}
    snap = snapshot(app, world.site_a)
    assert snap["users"] == 1 and snap["pages"] == [["/shoes", 1]]


def test_a_shoppers_page_width_counts_their_session_under_its_screen_size(app, world,
                                                                         connect):
    from sitetracker.db import database
    from sitetracker.models import DailyCount

    key = world.site_a.public_key
    sio = connect(key, origin="https://shop-a.test", auth={**SHOPPER, "w": 390})
    sio.emit("ev", {"n": "pageview", "u": "https://shop-a.test/"}, namespace=f"/site/{key}",
             callback=True)
    app.extensions["sitetracker"].buffer.flush()
    with database.connection_context():
        rows = DailyCount.select().where((DailyCount.site == world.site_a.id)
                                         & (DailyCount.metric == "screen"))
        assert [(row.key, row.value) for row in rows] == [("phone", 1)]


@pytest.mark.parametrize("width", [0, 20001, "390", 390.5, True])
def test_a_shopper_with_a_bad_page_width_is_refused(world, connect, width):
    key = world.site_a.public_key
    sio = connect(key, origin="https://shop-a.test", auth={**SHOPPER, "w": width})
    assert not is_connected(sio, key)


def test_shopper_receives_the_site_config_on_connect(world, connect):
    key = world.site_a.public_key
    sio = connect(key, origin="https://shop-a.test")
    received = sio.get_received(f"/site/{key}")
    assert received[0]["name"] == "config"
    assert received[0]["args"][0]["consent"] == "keep"


def test_malformed_socket_event_gets_an_error_naming_the_field(app, world, connect):
    key = world.site_a.public_key
    sio = connect(key, origin="https://shop-a.test")
    ack = sio.emit("ev", {"n": "pageview", "u": "x" * 2001}, namespace=f"/site/{key}",
                   callback=True)
    assert ack["error"]["status"] == 400
    assert "ev.0.u" in ack["error"]["fields"]
    assert snapshot(app, world.site_a)["pages"] == []


def test_flooding_connection_is_throttled_and_told(app, world, connect, frozen_buckets):
    key = world.site_a.public_key
    sio = connect(key, origin="https://shop-a.test")
    kept = dropped = 0
    for _ in range(5):
        ack = sio.emit("ev", [{"n": "share"}] * 50, namespace=f"/site/{key}", callback=True)
        kept += ack["ok"]
        dropped += ack["dropped"].get("throttled", 0)
    assert kept < 250 and dropped > 0 and kept + dropped == 250
    names = [m["name"] for m in sio.get_received(f"/site/{key}")]
    assert "throttled" in names


def test_bot_connection_is_accepted_but_never_counted(app, world, connect):
    key = world.site_a.public_key
    sio = connect(key, origin="https://shop-a.test",
                  ua="Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)")
    assert is_connected(sio, key)
    ack = sio.emit("ev", {"n": "pageview", "u": "https://shop-a.test/"},
                   namespace=f"/site/{key}", callback=True)
    assert ack == {"ok": 0, "dropped": {"bot": 1}}
    assert snapshot(app, world.site_a)["users"] == 0


def test_admin_cannot_send_shopper_events(app, world, connect):
    site = world.site_a
    token = mint_admin_token(site.secret, site.public_key, "owner@a.test")
    sio = connect(site.public_key, auth={"token": token})
    ack = sio.emit("ev", {"n": "pageview", "u": "https://shop-a.test/"},
                   namespace=f"/site/{site.public_key}", callback=True)
    assert ack["error"]["status"] == 403


def test_admin_gets_a_snapshot_on_connect(app, world, connect):
    site = world.site_a
    connect(site.public_key, origin="https://shop-a.test")
    token = mint_admin_token(site.secret, site.public_key, "owner@a.test")
    admin = connect(site.public_key, auth={"token": token})
    live = [m for m in admin.get_received(f"/site/{site.public_key}") if m["name"] == "live"]
    assert live and live[0]["args"][0]["users"] == 1


def test_closing_the_last_page_starts_the_departure_grace(app, world, connect):
    from sitetracker.live.state import DEPARTURE_GRACE

    key = world.site_a.public_key
    first = connect(key, origin="https://shop-a.test")
    second = connect(key, origin="https://shop-a.test")  # a second tab, same visitor
    tracking = app.extensions["sitetracker"]
    live = tracking.live
    first.disconnect(f"/site/{key}")
    now = tracking.clock.now()
    assert world.site_a.id and live.snapshot(world.site_a.id, now + DEPARTURE_GRACE + 1,
                                             "UTC")["users"] == 1
    second.disconnect(f"/site/{key}")
    assert live.snapshot(world.site_a.id, now + DEPARTURE_GRACE + 1, "UTC")["users"] == 0


def test_a_shopper_connects_and_is_counted_while_the_database_is_away(app, world,
                                                                     monkeypatch):
    from peewee import OperationalError

    from sitetracker.db import database

    from ..shopping import Shopper

    tracking = app.extensions["sitetracker"]
    tracking.sites.by_key(world.site_a.public_key)  # known to this worker already

    def away(*args, **kwargs):
        raise OperationalError("(2003, \"Can't connect to MySQL server\")")

    monkeypatch.setattr(database.obj, "execute_sql", away)
    shopper = Shopper(app, world.site_a, visitor="away-shopper-1").open()
    assert shopper.page("/shoes") == {"ok": 1, "dropped": {}}
    snapshot = tracking.snapshot(tracking.sites.by_key(world.site_a.public_key))
    assert snapshot["users"] == 1


# -- frames ----------------------------------------------------------------------------
# Frames a client may send on the live channel: only declared events, one payload each;
# reserved names, unknown events and malformed frames get an error acknowledgement (when
# they carry an ack id), change nothing, and never close anyone's socket.

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
