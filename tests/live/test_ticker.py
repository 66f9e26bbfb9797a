"""The background loop's steps, run one at a time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sitetracker import create_app
from sitetracker.auth.tokens import mint_admin_token
from sitetracker.clock import ManualClock
from sitetracker.db import database
from sitetracker.live import ticker
from sitetracker.live.state import CONNECTED_TTL, KEEPALIVE_EVERY
from sitetracker.models import MinuteStat, RawEvent, ReceivedId
from sitetracker.storage.models import JournalEntry

from ..beacons import SHOPPER


@pytest.fixture
def clock():
    return ManualClock(datetime(2026, 3, 10, 12, 0, 0, tzinfo=UTC))


@pytest.fixture
def app(app_config, clock):
    app_config["raw_event_retention_days"] = 7
    application = create_app(app_config, clock=clock)
    yield application
    if not database.is_closed():
        database.close()


def open_socket(app, client, key, auth, origin="https://shop-a.test"):
    sio = app.extensions["socketio"].test_client(
        app, namespace=f"/site/{key}", auth=auth, flask_test_client=client,
        headers={"Origin": origin, "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"})
    assert sio.is_connected(f"/site/{key}")
    return sio


def test_keepalive_holds_connected_shoppers_past_the_ttl(app, client, world, clock):
    tracking = app.extensions["sitetracker"]
    open_socket(app, client, world.site_a.public_key, SHOPPER)
    for _ in range(10):
        clock.advance(KEEPALIVE_EVERY)
        ticker.keepalive(tracking)
    assert clock.now() - datetime(2026, 3, 10, 12, tzinfo=UTC).timestamp() > CONNECTED_TTL
    ticker.sample(tracking)
    assert tracking.snapshot(tracking.sites.by_key(world.site_a.public_key))["users"] == 1


def test_sample_and_flush_store_the_minutes_concurrency(app, client, world, clock):
    tracking = app.extensions["sitetracker"]
    open_socket(app, client, world.site_a.public_key, SHOPPER)
    open_socket(app, client, world.site_a.public_key, {**SHOPPER, "v": "visitor-0002"})
    ticker.sample(tracking)
    tracking.buffer.flush()
    with database.connection_context():
        assert MinuteStat.get(MinuteStat.site == world.site_a.id).concurrents == 2


def test_push_sends_the_snapshot_to_admins_only(app, client, world):
    tracking = app.extensions["sitetracker"]
    site = world.site_a
    shopper = open_socket(app, client, site.public_key, SHOPPER)
    token = mint_admin_token(site.secret, site.public_key, "owner@a.test")
    admin = open_socket(app, client, site.public_key, {"token": token}, origin="https://x.test")
    admin.get_received(f"/site/{site.public_key}")
    shopper.get_received(f"/site/{site.public_key}")
    ticker.push(tracking)
    assert [m["name"] for m in admin.get_received(f"/site/{site.public_key}")] == ["live"]
    assert shopper.get_received(f"/site/{site.public_key}") == []


def test_push_sends_only_what_changed_after_the_first_snapshot(app, client, world):
    tracking = app.extensions["sitetracker"]
    site = world.site_a
    token = mint_admin_token(site.secret, site.public_key, "owner@a.test")
    admin = open_socket(app, client, site.public_key, {"token": token}, origin="https://x.test")
    ticker.push(tracking)
    admin.get_received(f"/site/{site.public_key}")
    open_socket(app, client, site.public_key, SHOPPER)
    ticker.push(tracking)
    (message,) = admin.get_received(f"/site/{site.public_key}")
    assert message["name"] == "live_delta"
    delta = message["args"][0]
    assert delta["users"] == 1 and "engaged_today" not in delta


def test_the_hourly_purge_deletes_what_expired_through_the_tracking_services(app, world,
                                                                              clock):
    tracking = app.extensions["sitetracker"]
    now = int(clock.now())
    with database.connection_context():
        RawEvent.create(site=world.site_a.id, ts=now - 8 * 86400, visitor="old",
                        name="pageview")
        RawEvent.create(site=world.site_a.id, ts=now - 86400, visitor="new", name="pageview")
        ReceivedId.create(site=world.site_a.id, key="gone", expires=now - 1)
        ReceivedId.create(site=world.site_a.id, key="kept", expires=now + 3600)
        JournalEntry.create(entry="long-written", replayed_at=0)
    ticker.purge(tracking)
    with database.connection_context():
        assert [r.visitor for r in RawEvent.select()] == ["new"]
        assert [r.key for r in ReceivedId.select()] == ["kept"]
        assert JournalEntry.select().count() == 0


def test_republish_puts_back_every_connected_shopper_and_their_page(app, client, world, clock):
    tracking = app.extensions["sitetracker"]
    key = world.site_a.public_key
    sio = open_socket(app, client, key, SHOPPER)
    sio.emit("ev", {"n": "pageview", "u": "https://shop-a.test/cart?x=1"}, namespace=f"/site/{key}")
    site = tracking.sites.by_key(key)
    before = tracking.snapshot(site)
    tracking.store.flushdb()  # Redis came back empty after an outage
    assert tracking.snapshot(site)["users"] == 0
    ticker.republish(tracking)
    after = tracking.snapshot(site)
    assert after["users"] == before["users"] == 1
    assert after["pages"] == before["pages"] == [["/cart", 1]]
    assert after["live_degraded"] is False
