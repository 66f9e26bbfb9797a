"""The messaging events' guards: who may send what, tokens checked on every event, rate
limits per admin and per shopper, and bounded plain text."""

from __future__ import annotations

import time

import pytest

from sitetracker.db import database
from sitetracker.messaging import socket as socket_module
from sitetracker.messaging.models import Message

from ..messaging_world import AdminPage, ShopperPage

MARKUP = "<img src=x onerror=alert(1)>"


@pytest.fixture
def app_clock(clock):
    return clock


def error_of(ack):
    assert "error" in ack, ack
    return ack["error"]


def test_a_viewer_reads_but_cannot_send(app, world):
    viewer = AdminPage(app, world.site_a, "vera@shop-a.test", role="viewer")
    shopper = ShopperPage(app, world.site_a)
    for event, data in [("chat_send", {"ref": shopper.ref, "text": "Hi"}),
                        ("broadcast_send", {"text": "Sale!"}),
                        ("broadcast_cancel", {"id": 1}),
                        ("alert_ack", {"id": 1})]:
        error = error_of(viewer.ask(event, data))
        assert error["status"] == 403 and error["message"] == "viewers can read but not send"
    assert shopper.received("message") == []
    assert viewer.ask("chat_history", {"ref": shopper.ref})["messages"] == []
    assert viewer.ask("broadcast_list") == {"broadcasts": []}
    assert viewer.ask("alerts_pending")["alerts"] == []
    assert viewer.ask("chat_list") == {"conversations": []}


def test_a_token_that_expired_since_connecting_is_refused(app, world, monkeypatch):
    admin = AdminPage(app, world.site_a, ttl=60)
    shopper = ShopperPage(app, world.site_a)
    assert "message" in admin.ask("chat_send", {"ref": shopper.ref, "text": "Hi"})
    later = time.time() + 61
    monkeypatch.setattr(socket_module.time, "time", lambda: later)
    error = error_of(admin.ask("chat_send", {"ref": shopper.ref, "text": "Hi again"}))
    assert error["status"] == 401 and "expired" in error["message"]
    assert error_of(admin.ask("chat_history", {"ref": shopper.ref}))["status"] == 401


def test_shoppers_cannot_use_admins_events_nor_admins_shoppers_events(app, world):
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    for event in ("chat_send", "chat_history", "chat_list", "broadcast_send",
                  "broadcast_cancel", "broadcast_list", "alerts_pending", "alert_ack"):
        assert error_of(shopper.ask(event, {"ref": shopper.ref, "text": "x"}))["status"] == 403
    for event in ("chat_reply", "chat_seen", "chat_delivered", "broadcast_dismiss"):
        assert error_of(admin.ask(event, {"text": "x"}))["status"] == 403


def test_an_admin_may_send_20_messages_a_minute(app, world, clock):
    admin = AdminPage(app, world.site_a)
    colleague = AdminPage(app, world.site_a, "bob@shop-a.test")
    shopper = ShopperPage(app, world.site_a)
    for n in range(20):
        assert "message" in admin.ask("chat_send", {"ref": shopper.ref, "text": f"#{n}"})
        clock.advance(0.1)
    error = error_of(admin.ask("chat_send", {"ref": shopper.ref, "text": "one too many"}))
    assert error["status"] == 429
    assert error["message"].startswith("too many messages: try again in ")
    assert "message" in colleague.ask("chat_send", {"ref": shopper.ref, "text": "mine"})
    clock.advance(60)
    assert "message" in admin.ask("chat_send", {"ref": shopper.ref, "text": "later"})
    with database.connection_context():
        assert Message.select().count() == 22


def test_a_shopper_may_reply_5_times_in_10_seconds(app, world, clock):
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    other_tab = ShopperPage(app, world.site_a)
    admin.ask("chat_send", {"ref": shopper.ref, "text": "Hello"})
    for n in range(5):
        assert "message" in shopper.ask("chat_reply", {"text": f"#{n}"})
    error = error_of(other_tab.ask("chat_reply", {"text": "spam"}))  # per shopper, not page
    assert error["status"] == 429 and "try again in" in error["message"]
    clock.advance(10)
    assert "message" in shopper.ask("chat_reply", {"text": "calm now"})


def test_an_admin_may_send_5_broadcasts_a_minute(app, world, clock):
    admin = AdminPage(app, world.site_a)
    for n in range(5):
        assert "broadcast" in admin.ask("broadcast_send", {"text": f"News #{n}"})
    error = error_of(admin.ask("broadcast_send", {"text": "News #6"}))
    assert error["status"] == 429 and error["message"].startswith("too many broadcasts")
    clock.advance(60)
    assert "broadcast" in admin.ask("broadcast_send", {"text": "News #7"})


def test_a_shopper_page_sending_events_too_fast_is_slowed_down(app, world, frozen_buckets):
    shopper = ShopperPage(app, world.site_a)
    answers = [shopper.ask("chat_seen", {"ids": [1]}) for _ in range(80)]
    assert answers[0] == {"ok": 0}
    assert any(a.get("error", {}).get("status") == 429 for a in answers)
