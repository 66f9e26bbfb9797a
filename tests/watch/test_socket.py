"""The live view over the live channel: only for sites that turned it on, relayed only
to the admins who asked, every frame checked and bounded, stopped when the admin
closes it, leaves, or its time runs out; and lead-up recordings stored with the alert
they led to, only when the server asked for them."""

from __future__ import annotations

import json

import pytest

from sitetracker.shoppers import shopper_name
from sitetracker.watch import service, settings

from ..messaging_world import AdminPage, ShopperPage

SNAPSHOT = [{"type": 4, "data": {"href": "https://shop-a.test/checkout", "width": 1280,
                                 "height": 800}, "timestamp": 1773140000000},
            {"type": 2, "data": {"node": {"type": 0, "childNodes": [], "id": 1},
                                 "initialOffset": {"top": 0, "left": 0}},
             "timestamp": 1773140000001}]
PAGE = "page0000000000000001"


@pytest.fixture
def app_clock(clock):
    return clock


def turn_on(site, live=True, lead=False):
    settings.save(site.id, settings.Setting(live=live, lead=lead))


def watch_of(app):
    return app.extensions["sitetracker.watch"]


def piece(events, **extra):
    return {"p": PAGE, "d": json.dumps(events), **extra}


def error_of(ack):
    assert "error" in ack, ack
    return ack["error"]


def test_watching_is_refused_while_the_site_has_the_live_view_off(app, world):
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    error = error_of(admin.ask("watch_start", {"ref": shopper.ref}))
    assert error["status"] == 403 and "off for this site" in error["message"]
    assert shopper.received("watch_start") == []
    assert shopper.ask("watch_events", piece(SNAPSHOT)) == {"ok": 0, "stop": True}


def test_only_the_admins_who_asked_receive_the_shoppers_page(app, world):
    turn_on(world.site_a)
    watching, other = AdminPage(app, world.site_a), AdminPage(app, world.site_a, "bob@a.test")
    shopper = ShopperPage(app, world.site_a)
    ack = watching.ask("watch_start", {"ref": shopper.ref})
    assert ack["ref"] == shopper.ref and ack["until"] > 0
    # The name alerts and chats give this shopper today.
    assert ack["name"] == shopper_name(shopper.ref, app.extensions["sitetracker"].clock.now())
    assert shopper.received("watch_start") == [{"ttl": service.LIMIT}]
    assert shopper.ask("watch_events", piece(SNAPSHOT)) == {"ok": 2}
    assert watching.received("watch_events") == [{"ref": shopper.ref, "p": PAGE,
                                                  "ev": SNAPSHOT}]
    assert other.received("watch_events") == []


def test_an_admin_of_another_site_cannot_watch_its_shoppers(app, world):
    turn_on(world.site_a)
    turn_on(world.site_b)
    shopper = ShopperPage(app, world.site_a)
    stranger = AdminPage(app, world.site_b, "eve@shop-b.test")
    assert error_of(stranger.ask("watch_start", {"ref": shopper.ref}))["status"] == 404
    assert shopper.received("watch_start") == []


def test_a_page_too_large_for_one_frame_arrives_whole_after_its_last_piece(app, world):
    turn_on(world.site_a)
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    admin.ask("watch_start", {"ref": shopper.ref})
    text = json.dumps(SNAPSHOT)
    half = len(text) // 2
    assert shopper.ask("watch_events", {"p": PAGE, "d": text[:half], "more": True}) == {"ok": 0}
    assert admin.received("watch_events") == []
    assert shopper.ask("watch_events", {"p": PAGE, "d": text[half:]}) == {"ok": 2}
    assert [frame["ev"] for frame in admin.received("watch_events")] == [SNAPSHOT]


@pytest.mark.parametrize(("payload", "field"), [
    ({"p": PAGE, "d": "not json"}, "d"),
    ({"p": PAGE, "d": json.dumps({"type": 2})}, "d"),
    ({"p": PAGE, "d": json.dumps([{"type": 9, "data": {}, "timestamp": 1}])}, "0.type"),
    ({"p": PAGE, "d": json.dumps([{"type": 3, "data": {}, "timestamp": "1"}])}, "0.timestamp"),
    ({"p": PAGE, "d": json.dumps([{"type": 3, "data": {}, "timestamp": 1, "x": 1}])}, "0.x"),
    ({"p": PAGE, "d": "x" * 30_001}, "d"),
    ({"p": "../../etc", "d": "[]"}, "p"),
    ({"p": PAGE, "d": "[]", "more": "yes"}, "more"),
])
def test_what_a_page_sends_is_checked_naming_the_field(app, world, payload, field):
    turn_on(world.site_a)
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    admin.ask("watch_start", {"ref": shopper.ref})
    error = error_of(shopper.ask("watch_events", payload))
    assert error["status"] == 400 and field in error["fields"], error
    assert admin.received("watch_events") == []


def test_a_recording_over_its_bound_is_dropped(app, world, monkeypatch):
    bound = len(json.dumps(SNAPSHOT)) + 10
    monkeypatch.setattr(service, "LIVE_MAX", bound)
    turn_on(world.site_a)
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    admin.ask("watch_start", {"ref": shopper.ref})
    first = {"p": PAGE, "d": "[" * (bound - 5), "more": True}
    assert shopper.ask("watch_events", first) == {"ok": 0}
    error = error_of(shopper.ask("watch_events", {"p": PAGE, "d": "[" * 20, "more": True}))
    assert error["status"] == 413 and error["fields"] == {"d": "too long"}
    assert shopper.ask("watch_events", piece(SNAPSHOT)) == {"ok": 2}  # starts afresh
    assert [frame["ev"] for frame in admin.received("watch_events")] == [SNAPSHOT]


def test_a_shopper_sending_too_fast_is_slowed_down(app, world, monkeypatch):
    monkeypatch.setattr(service, "BUDGET_FRAMES", 3)
    turn_on(world.site_a)
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    admin.ask("watch_start", {"ref": shopper.ref})
    for _ in range(3):
        assert shopper.ask("watch_events", piece(SNAPSHOT)) == {"ok": 2}
    assert error_of(shopper.ask("watch_events", piece(SNAPSHOT)))["status"] == 429
    assert len(admin.received("watch_events")) == 3


def test_closing_the_view_or_leaving_stops_the_shoppers_page(app, world):
    turn_on(world.site_a)
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    admin.ask("watch_start", {"ref": shopper.ref})
    assert admin.ask("watch_stop", {"ref": shopper.ref}) == {"ok": True}
    assert shopper.received("watch_stop") == [{}]
    assert shopper.ask("watch_events", piece(SNAPSHOT)) == {"ok": 0, "stop": True}

    admin.ask("watch_start", {"ref": shopper.ref})
    admin.close()
    assert shopper.received("watch_stop") == [{}]
    assert shopper.ask("watch_events", piece(SNAPSHOT)) == {"ok": 0, "stop": True}


def test_a_watch_ends_after_its_time_limit(app, world, clock):
    turn_on(world.site_a)
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    admin.ask("watch_start", {"ref": shopper.ref})
    with app.test_request_context():
        watch_of(app).tick(clock.now())
    assert admin.received("watch_end") == []
    clock.advance(service.LIMIT + 1)
    assert shopper.ask("watch_events", piece(SNAPSHOT)) == {"ok": 0, "stop": True}
    with app.test_request_context():
        watch_of(app).tick(clock.now())
    assert [end["ref"] for end in admin.received("watch_end")] == [shopper.ref]
    assert shopper.received("watch_stop") == [{}]


def test_a_page_of_a_watched_shopper_that_connects_starts_sending(app, world):
    turn_on(world.site_a)
    admin = AdminPage(app, world.site_a)
    first = ShopperPage(app, world.site_a, visitor="shopper-0042")
    admin.ask("watch_start", {"ref": first.ref})
    second = ShopperPage(app, world.site_a, visitor="shopper-0042")
    assert len(second.received("watch_start")) == 1


def checkout_shopper(app, world):
    shopper = ShopperPage(app, world.site_a)
    shopper.view("/checkout")
    return shopper


def raise_emergency(shopper):
    for _ in range(3):
        shopper.ask("ev", {"n": "pay_now", "p": {"value": 59}})


def test_a_checkout_page_keeps_its_lead_up_and_sends_it_when_an_alert_fires(app, world):
    turn_on(world.site_a, live=False, lead=True)
    admin = AdminPage(app, world.site_a)
    shopper = checkout_shopper(app, world)
    assert shopper.received("watch_keep") == [{"u": "https://shop-a.test/checkout"}]
    raise_emergency(shopper)
    alert = admin.received("alert")[-1]
    assert shopper.received("watch_send") == [{"alert": alert["id"]}]

    ack = shopper.ask("watch_lead", piece(SNAPSHOT, alert=alert["id"]))
    assert ack == {"ok": 2}
    assert admin.received("watch_recorded") == [{"alert": alert["id"]}]
    assert admin.ask("watch_replay", {"alert": alert["id"]}) == {"alert": alert["id"],
                                                                 "events": SNAPSHOT}
    assert admin.ask("watch_recordings", {"alerts": [alert["id"], 999]}) == {
        "alerts": [alert["id"]]}
    # Asked once: the same page cannot send another one for that alert.
    assert error_of(shopper.ask("watch_lead", piece(SNAPSHOT, alert=alert["id"])))[
        "status"] == 403


def test_no_page_keeps_or_sends_anything_while_lead_ups_are_off(app, world):
    turn_on(world.site_a, live=True, lead=False)
    admin = AdminPage(app, world.site_a)
    shopper = checkout_shopper(app, world)
    raise_emergency(shopper)
    alert = admin.received("alert")[-1]
    assert shopper.received("watch_keep") == [] and shopper.received("watch_send") == []
    error = error_of(shopper.ask("watch_lead", piece(SNAPSHOT, alert=alert["id"])))
    assert error["status"] == 403
    assert error_of(admin.ask("watch_replay", {"alert": alert["id"]}))["status"] == 404


def test_another_shopper_cannot_send_the_lead_up_of_an_alert(app, world):
    turn_on(world.site_a, lead=True)
    admin = AdminPage(app, world.site_a)
    troubled = checkout_shopper(app, world)
    raise_emergency(troubled)
    alert = admin.received("alert")[-1]
    other = ShopperPage(app, world.site_a, visitor="shopper-0099")
    assert error_of(other.ask("watch_lead", piece(SNAPSHOT, alert=alert["id"])))[
        "status"] == 403
