from __future__ import annotations

import pytest

from sitetracker.app import socketio_of
from sitetracker.auth.tokens import mint_admin_token

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
