"""Broadcasts: to every live shopper of one site or those matching filters, shoppers
arriving while one is active, dismissing, scheduling (once across workers), expiry and
cancelling."""

from __future__ import annotations

from typing import Any

import pytest

from sitetracker.db import database
from sitetracker.live.ticker import keepalive
from sitetracker.messaging import broadcasts
from sitetracker.messaging.broadcasts import Broadcasts
from sitetracker.messaging.models import Broadcast
from sitetracker.messaging.state import MessagingState
from sitetracker.patterns import path_matches

from ..conftest import redis_or_skip
from ..messaging_world import (
    DESKTOP,
    MOBILE,
    NEW_YORK_IP,
    PARIS_IP,
    AdminPage,
    ShopperPage,
    messaging_of,
    site_info,
    texts,
)
from ..servers import wait_for


@pytest.fixture
def app_clock(clock):
    return clock


def test_a_broadcast_reaches_every_live_shopper_of_its_site_only(app, world, clock):
    admin = AdminPage(app, world.site_a)
    board = AdminPage(app, world.site_a, "bob@shop-a.test", role="viewer")
    pages = [ShopperPage(app, world.site_a, f"shopper-000{n}") for n in range(2)]
    elsewhere = ShopperPage(app, world.site_b, "shopper-0009")
    elsewhere_admin = AdminPage(app, world.site_b)

    ack = admin.ask("broadcast_send", {"text": "Free shipping until midnight"})

    sent = ack["broadcast"]
    assert sent["state"] == "active" and sent["reached"] == 2
    assert sent["starts_at"] == int(clock.now())
    assert sent["expires_at"] == int(clock.now()) + 3600  # an hour by default
    for page in pages:
        assert page.received("broadcast") == [{
            "id": sent["id"], "text": "Free shipping until midnight",
            "expires": sent["expires_at"], "ttl": 3600, "path": ""}]
    assert elsewhere.received("broadcast") == []
    for who in (admin, board):
        [marked] = who.received("broadcast_sent")
        assert marked == {"id": sent["id"], "text": "Free shipping until midnight",
                          "at": int(clock.now()), "expires": sent["expires_at"],
                          "filters": {"path": "", "device": "", "country": ""},
                          "reached": 2}
        assert [b["id"] for b in who.received("broadcasts")[-1]["broadcasts"]] == [sent["id"]]
    assert elsewhere_admin.received("broadcast_sent") == []


def test_a_broadcast_to_a_large_audience_goes_out_after_the_admins_answer(
        app, world, monkeypatch):
    # Above the threshold the fan-out runs as a background task: the admin is answered
    # at once, and every shopper still gets the broadcast, and the admins its mark.
    monkeypatch.setattr(broadcasts, "FANOUT_IN_BACKGROUND", 1)
    admin = AdminPage(app, world.site_a)
    pages = [ShopperPage(app, world.site_a, f"shopper-000{n}") for n in range(3)]

    sent = admin.ask("broadcast_send", {"text": "Doors open"})["broadcast"]

    assert sent["state"] == "active"
    got: dict[int, list[Any]] = {}

    def everyone_has_it() -> bool:
        for n, page in enumerate(pages):
            got.setdefault(n, []).extend(page.received("broadcast"))
        return all(got[n] for n in range(len(pages)))

    assert wait_for(everyone_has_it, 10.0)
    assert all([b["text"] for b in got[n]] == ["Doors open"] for n in got)
    marks: list[Any] = []
    assert wait_for(lambda: marks.extend(admin.received("broadcast_sent")) or marks, 10.0)
    assert marks[0]["id"] == sent["id"] and marks[0]["reached"] == 3


def test_a_broadcast_is_stored_before_it_is_emitted(app, world):
    emitter = app.extensions["sitetracker"].emitter
    seen = []
    original = emitter.to_shoppers

    def watching(site, event, data):
        with database.connection_context():
            row = Broadcast.get_or_none(Broadcast.id == data["id"])
            seen.append(row is not None and row.sent_at is not None)
        original(site, event, data)

    emitter.to_shoppers = watching
    ShopperPage(app, world.site_a)
    AdminPage(app, world.site_a).ask("broadcast_send", {"text": "Hello all"})
    assert seen == [True]


def test_filters_choose_shoppers_by_page_device_and_country(app, world):
    admin = AdminPage(app, world.site_a)
    product_fr = ShopperPage(app, world.site_a, "shopper-0001", PARIS_IP, DESKTOP)
    product_fr.view("/products/blue-shoes")
    cart_mobile_fr = ShopperPage(app, world.site_a, "shopper-0002", PARIS_IP, MOBILE)
    cart_mobile_fr.view("/cart")
    product_us = ShopperPage(app, world.site_a, "shopper-0003", NEW_YORK_IP, DESKTOP)
    product_us.view("/products/red-shoes?size=42")
    everyone = (product_fr, cart_mobile_fr, product_us)

    def reached(**filters):
        ack = admin.ask("broadcast_send", {"text": "Filtered", **filters})
        assert "broadcast" in ack, ack
        return {page.visitor for page in everyone if page.received("broadcast")}

    assert reached(path="/products/*") == {"shopper-0001", "shopper-0003"}
    assert reached(device="mobile") == {"shopper-0002"}
    assert reached(country="fr") == {"shopper-0001", "shopper-0002"}
    assert reached(path="/products/*", country="US") == {"shopper-0003"}
    assert reached(path="/checkout") == set()


def test_path_patterns_match_the_whole_path_with_stars():
    assert path_matches("/products/*", "/products/a/b")
    assert path_matches("*/sale", "/en/sale")
    assert path_matches("/cart", "/cart")
    assert not path_matches("/cart", "/cart/x")
    assert not path_matches("/products/*", "/product")
    assert path_matches("/a.b+(c)", "/a.b+(c)") and not path_matches("/a.b", "/aXb")
    assert path_matches("", "/anything")


def test_a_shopper_arriving_while_a_broadcast_is_active_gets_it_until_it_expires(
        app, world, clock):
    admin = AdminPage(app, world.site_a)
    sent = admin.ask("broadcast_send", {"text": "Sale!", "expires_at": clock.now() + 600})
    clock.advance(120)
    arriving = ShopperPage(app, world.site_a, "shopper-0005")
    [got] = arriving.received("broadcast")
    assert got["id"] == sent["broadcast"]["id"] and got["ttl"] == 480
    assert ShopperPage(app, world.site_b, "shopper-0006").received("broadcast") == []
    clock.advance(481)
    assert ShopperPage(app, world.site_a, "shopper-0007").received("broadcast") == []
    assert admin.ask("broadcast_list") == {"broadcasts": []}


def test_arriving_shoppers_get_only_broadcasts_whose_filters_they_match(app, world):
    admin = AdminPage(app, world.site_a)
    admin.ask("broadcast_send", {"text": "Phones only", "device": "mobile"})
    admin.ask("broadcast_send", {"text": "France only", "country": "FR"})
    admin.ask("broadcast_send", {"text": "Products only", "path": "/products/*"})
    desktop_us = ShopperPage(app, world.site_a, "shopper-0001", NEW_YORK_IP, DESKTOP)
    assert desktop_us.received("broadcast") == []
    mobile_fr = ShopperPage(app, world.site_a, "shopper-0002", PARIS_IP, MOBILE)
    assert texts(mobile_fr.received("broadcast")) == ["Phones only", "France only"]
    # A page view on a matching page brings the path-filtered one.
    desktop_us.view("/products/boots")
    [product] = desktop_us.received("broadcast")
    assert product["text"] == "Products only" and product["path"] == "/products/*"
    desktop_us.view("/cart")
    assert desktop_us.received("broadcast") == []
    # The next page of the shopper knows where they are from the live state.
    desktop_us.view("/products/hats")
    desktop_us.received("broadcast")
    assert texts(ShopperPage(app, world.site_a, "shopper-0001", NEW_YORK_IP,
                             DESKTOP).received("broadcast")) == ["Products only"]


def test_a_dismissed_broadcast_does_not_come_back_on_the_next_page(app, world):
    admin = AdminPage(app, world.site_a)
    page = ShopperPage(app, world.site_a)
    sent = admin.ask("broadcast_send", {"text": "Sale!"})["broadcast"]
    page.received("broadcast")
    assert page.ask("broadcast_dismiss", {"id": sent["id"]}) == {"ok": True}
    assert ShopperPage(app, world.site_a).received("broadcast") == []
    assert texts(ShopperPage(app, world.site_a, "shopper-0002").received("broadcast")) == [
        "Sale!"]


def test_a_scheduled_broadcast_goes_out_once_at_its_time(app, world, clock):
    broadcasts = messaging_of(app).broadcasts
    admin = AdminPage(app, world.site_a)
    early = ShopperPage(app, world.site_a, "shopper-0001")
    start = clock.now() + 600
    sent = admin.ask("broadcast_send", {"text": "Flash sale starts now",
                                        "starts_at": start, "expires_at": start + 900})
    assert sent["broadcast"]["state"] == "scheduled" and sent["broadcast"]["sent_at"] is None
    assert admin.received("broadcast_sent") == []
    assert [b["state"] for b in admin.received("broadcasts")[-1]["broadcasts"]] == [
        "scheduled"]
    broadcasts.tick(clock.now())
    assert early.received("broadcast") == []
    assert ShopperPage(app, world.site_a, "shopper-0002").received("broadcast") == []

    clock.advance(600)
    keepalive(app.extensions["sitetracker"])  # the early shopper's page is still open
    broadcasts.tick(clock.now())
    broadcasts.tick(clock.now())
    [got] = early.received("broadcast")
    assert got["text"] == "Flash sale starts now" and got["ttl"] == 900
    [marked] = admin.received("broadcast_sent")
    assert marked["at"] == int(start) and marked["reached"] == 2
    clock.advance(5)
    broadcasts._due_read_at = None  # read the schedule from storage again
    broadcasts.tick(clock.now())
    assert early.received("broadcast") == [] and admin.received("broadcast_sent") == []
    with database.connection_context():
        assert Broadcast.get_by_id(got["id"]).sent_at is not None


def test_two_workers_sharing_redis_announce_a_scheduled_broadcast_once(app, world, clock):
    redis = redis_or_skip()
    tracking = app.extensions["sitetracker"]
    workers = [Broadcasts(tracking, MessagingState(redis, "st")) for _ in range(2)]
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    site = site_info(app, world.site_a)
    start = clock.now() + 60
    workers[0].create(site, {"text": "Once", "starts_at": start}, "alice@shop-a.test")
    for worker in workers:
        worker.tick(clock.now())
    clock.advance(60)
    for worker in workers:
        worker.tick(clock.now())
    assert texts(shopper.received("broadcast")) == ["Once"]
    assert len(admin.received("broadcast_sent")) == 1
    redis.flushdb()


def test_a_cancelled_broadcast_leaves_pages_and_a_scheduled_one_never_goes_out(
        app, world, clock):
    broadcasts = messaging_of(app).broadcasts
    admin = AdminPage(app, world.site_a)
    page = ShopperPage(app, world.site_a)
    active = admin.ask("broadcast_send", {"text": "Now"})["broadcast"]
    later = admin.ask("broadcast_send", {"text": "Later",
                                         "starts_at": clock.now() + 60})["broadcast"]
    page.received("broadcast")
    for sent in (active, later):
        assert admin.ask("broadcast_cancel", {"id": sent["id"]})["broadcast"]["state"] == (
            "cancelled")
    assert page.received("broadcast_end") == [{"id": active["id"]}, {"id": later["id"]}]
    clock.advance(60)
    broadcasts.tick(clock.now())
    assert page.received("broadcast") == []
    assert ShopperPage(app, world.site_a, "shopper-0002").received("broadcast") == []
    assert admin.ask("broadcast_list") == {"broadcasts": []}
    assert admin.ask("broadcast_cancel", {"id": 999})["error"]["status"] == 404


def test_another_sites_broadcast_cannot_be_cancelled(app, world):
    sent = AdminPage(app, world.site_a).ask("broadcast_send", {"text": "Mine"})["broadcast"]
    refused = AdminPage(app, world.site_b).ask("broadcast_cancel", {"id": sent["id"]})
    assert refused["error"]["status"] == 404
