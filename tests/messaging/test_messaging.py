"""Messaging, the feature the app factory plugs in (messaging/__init__.py)."""

from __future__ import annotations

import logging

from sitetracker.domain import Event, Visit
from sitetracker.ingest.geo import UNKNOWN
from sitetracker.ingest.platform import detect
from sitetracker.messaging import Messaging

from ..agents import CHROME
from ..messaging_world import AdminPage, ShopperPage, messaging_of, site_info


def test_the_app_has_messaging_with_its_chat_and_broadcasts_on_one_state(app):
    messaging = messaging_of(app)
    assert isinstance(messaging, Messaging)
    assert messaging.tracking is app.extensions["sitetracker"]
    assert messaging.chat.state is messaging.state is messaging.broadcasts.state


def test_a_connecting_shopper_gets_the_conversation_and_the_broadcasts(app, world):
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    admin.ask("chat_send", {"ref": shopper.ref, "text": "Can I help?"})
    admin.ask("broadcast_send", {"text": "Free shipping today"})
    shopper.close()
    again = ShopperPage(app, world.site_a)
    assert [m["text"] for m in again.received("chat_history")[0]["messages"]] == [
        "Can I help?"]
    assert [b["text"] for b in again.received("broadcast")] == ["Free shipping today"]


def test_a_reaction_that_fails_is_logged_and_ingestion_goes_on(app, world, monkeypatch,
                                                               caplog):
    messaging = messaging_of(app)

    def broken(visit, event, now):
        raise RuntimeError("the broadcasts are away")

    monkeypatch.setattr(messaging.broadcasts, "on_event", broken)
    visit = Visit(site_info(app, world.site_a), "visitor-0001", "session-0001", False,
                  detect(CHROME), UNKNOWN)
    with caplog.at_level(logging.ERROR, "sitetracker.messaging"):
        messaging.on_event(visit, Event("pageview", url="https://shop-a.test/"), 0.0)
    assert "messaging could not look at a pageview event" in caplog.text
