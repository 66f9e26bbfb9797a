"""One name per shopper: the same in the emergency, the chat and the live shoppers table,
all day; another the next day."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from sitetracker.shoppers import shopper_name

from .messaging_world import AdminPage, ShopperPage, emergency


@pytest.fixture
def app_clock(clock):
    return clock


def test_a_name_is_stable_all_day_and_changes_the_next_day():
    ref = "9f86d081884c7d65"
    morning = datetime(2026, 3, 10, 0, 1, tzinfo=UTC).timestamp()
    night = datetime(2026, 3, 10, 23, 59, tzinfo=UTC).timestamp()
    assert shopper_name(ref, morning) == shopper_name(ref, night)
    assert shopper_name(ref, morning) == shopper_name(ref, date(2026, 3, 10))
    assert shopper_name(ref, morning) != shopper_name(ref, date(2026, 3, 11))
    assert shopper_name(ref, morning) != shopper_name("0123456789abcdef", morning)
    assert shopper_name(ref, morning).startswith("Shopper ")
    assert len(shopper_name(ref, morning)) == len("Shopper 1d71d2")


def test_the_emergency_the_chat_and_the_live_table_name_the_shopper_alike(app, world):
    tracking = app.extensions["sitetracker"]
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    emergency(shopper)
    [alert] = admin.received("alert")
    [pending] = admin.ask("alerts_pending")["alerts"]
    history = admin.ask("chat_history", {"alert": alert["id"]})
    sent = admin.ask("chat_send", {"ref": shopper.ref, "text": "Hello"})
    [told] = admin.received("chat")
    shopper.ask("chat_reply", {"text": "My card fails"})
    [reply] = admin.received("chat")
    [listed] = admin.ask("chat_list")["conversations"]
    snapshot = tracking.snapshot(tracking.sites.by_key(world.site_a.public_key))
    [row] = [s for s in snapshot["shoppers"] if s["ref"] == shopper.ref]

    names = {alert["name"], pending["name"], history["name"], sent["name"], told["name"],
             reply["name"], listed["name"], row["name"]}
    assert names == {shopper_name(shopper.ref, tracking.clock.now())}
