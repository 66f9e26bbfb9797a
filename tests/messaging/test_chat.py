"""Chat between admins and one shopper over the live channel: sending, replying, the
conversation kept across reloads, delivery and seen states, and who left."""

from __future__ import annotations

import pytest

from sitetracker.db import database
from sitetracker.messaging import chat as chat_module
from sitetracker.messaging.models import Conversation, Message

from ..messaging_world import AdminPage, ShopperPage, messaging_of, site_info, texts


@pytest.fixture
def app_clock(clock):
    return clock


def test_an_admins_message_reaches_the_shopper_and_every_admin(app, world):
    alice = AdminPage(app, world.site_a, "alice@shop-a.test")
    bob = AdminPage(app, world.site_a, "bob@shop-a.test")
    shopper = ShopperPage(app, world.site_a)

    ack = alice.ask("chat_send", {"ref": shopper.ref, "text": "  Can I help you?  "})

    assert ack["ref"] == shopper.ref and ack["live"] is True
    assert ack["message"]["text"] == "Can I help you?"
    assert ack["message"]["sender"] == "admin"
    assert ack["message"]["author"] == "alice@shop-a.test"
    [message] = shopper.received("message")
    assert message == {"id": ack["message"]["id"], "text": "Can I help you?",
                       "from": "alice", "at": ack["message"]["at"], "mine": False}
    for admin in (alice, bob):
        [chat] = admin.received("chat")
        assert chat == {"ref": shopper.ref, "name": ack["name"], "message": ack["message"],
                        "live": True}


def test_the_shoppers_reply_reaches_every_admin_and_their_other_pages(app, world):
    alice = AdminPage(app, world.site_a, "alice@shop-a.test")
    bob = AdminPage(app, world.site_a, "bob@shop-a.test")
    page, other_tab = ShopperPage(app, world.site_a), ShopperPage(app, world.site_a)
    alice.ask("chat_send", {"ref": page.ref, "text": "Hello"})
    for admin in (alice, bob):
        admin.received("chat")
    assert texts(other_tab.received("message")) == ["Hello"]

    ack = page.ask("chat_reply", {"text": "My card is refused"})

    assert ack["message"]["text"] == "My card is refused" and ack["message"]["mine"] is True
    for admin in (alice, bob):
        [chat] = admin.received("chat")
        assert chat["ref"] == page.ref
        assert chat["message"]["sender"] == "shopper"
        assert chat["message"]["text"] == "My card is refused"
    [echo] = other_tab.received("message")
    assert echo["mine"] is True and echo["text"] == "My card is refused"


def test_a_message_is_stored_before_it_is_emitted(app, world):
    emitter = app.extensions["sitetracker"].emitter
    stored_when_sent = []
    original = emitter.to_visitor

    def watching(site, visitor, event, data):
        with database.connection_context():
            stored_when_sent.append(Message.get_or_none(Message.id == data["id"]) is not None)
        original(site, visitor, event, data)

    emitter.to_visitor = watching
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    admin.ask("chat_send", {"ref": shopper.ref, "text": "Hello"})
    shopper.ask("chat_reply", {"text": "Hi"})
    assert stored_when_sent == [True, True]


def test_the_conversation_comes_back_when_either_side_reloads(app, world, clock):
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    assert shopper.received("chat_history") == []  # nothing to show before a message
    admin.ask("chat_send", {"ref": shopper.ref, "text": "Hello"})
    clock.advance(5)
    shopper.ask("chat_reply", {"text": "Hi! Where is my parcel?"})
    shopper.close()

    reloaded = ShopperPage(app, world.site_a)
    [history] = reloaded.received("chat_history")
    assert [(m["text"], m["mine"], m["from"]) for m in history["messages"]] == [
        ("Hello", False, "alice"), ("Hi! Where is my parcel?", True, "")]

    admin.close()
    again = AdminPage(app, world.site_a, "bob@shop-a.test")
    opened = again.ask("chat_history", {"ref": shopper.ref})
    assert texts(opened["messages"]) == ["Hello", "Hi! Where is my parcel?"]
    assert [m["sender"] for m in opened["messages"]] == ["admin", "shopper"]
    assert opened["live"] is True and opened["known"] is True
    assert opened["shopper"]["device"] == "desktop" and opened["shopper"]["country"] == "FR"


def test_the_conversation_comes_back_after_the_live_store_forgot_everything(app, world):
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a, "shopper-0001")
    admin.ask("chat_send", {"ref": shopper.ref, "text": "Hello"})
    shopper.close()
    app.extensions["sitetracker"].store.flushdb()  # Redis restarted, or a day went by

    # Another shopper's page is the first to connect: the site learns from the database
    # who has a conversation, and this shopper has none.
    assert ShopperPage(app, world.site_a, "shopper-0002").received("chat_history") == []
    [history] = ShopperPage(app, world.site_a, "shopper-0001").received("chat_history")
    assert texts(history["messages"]) == ["Hello"]


def test_another_shopper_gets_no_history_and_no_message(app, world):
    admin = AdminPage(app, world.site_a)
    mine = ShopperPage(app, world.site_a, "shopper-0001")
    other = ShopperPage(app, world.site_a, "shopper-0002")
    admin.ask("chat_send", {"ref": mine.ref, "text": "For you only"})
    assert texts(mine.received("message")) == ["For you only"]
    assert other.received("message") == []
    assert ShopperPage(app, world.site_a, "shopper-0002").received("chat_history") == []
    refused = other.ask("chat_reply", {"text": "hello?"})
    assert refused["error"]["status"] == 404


def test_delivered_and_seen_are_told_to_admins_once_each(app, world):
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    first = admin.ask("chat_send", {"ref": shopper.ref, "text": "One"})["message"]["id"]
    second = admin.ask("chat_send", {"ref": shopper.ref, "text": "Two"})["message"]["id"]
    admin.received("chat")

    assert shopper.ask("chat_delivered", {"ids": [first, second]}) == {"ok": 2}
    assert shopper.ask("chat_delivered", {"ids": [first]}) == {"ok": 0}
    assert [(s["id"], s["state"]) for s in admin.received("chat_state")] == [
        (first, "delivered"), (second, "delivered")]
    assert shopper.ask("chat_seen", {"ids": [second]}) == {"ok": 1}
    [seen] = admin.received("chat_state")
    assert seen["ref"] == shopper.ref and seen["id"] == second and seen["state"] == "seen"
    opened = admin.ask("chat_history", {"ref": shopper.ref})["messages"]
    assert opened[0]["delivered_at"] and opened[0]["seen_at"] is None
    assert opened[1]["delivered_at"] and opened[1]["seen_at"]


def test_a_shopper_cannot_mark_another_conversations_messages(app, world):
    admin = AdminPage(app, world.site_a)
    mine = ShopperPage(app, world.site_a, "shopper-0001")
    other = ShopperPage(app, world.site_a, "shopper-0002")
    message = admin.ask("chat_send", {"ref": mine.ref, "text": "Hi"})["message"]["id"]
    admin.ask("chat_send", {"ref": other.ref, "text": "Hi"})
    admin.received("chat")
    assert other.ask("chat_seen", {"ids": [message]}) == {"ok": 0}
    assert admin.received("chat_state") == []


def test_admins_are_told_once_when_the_shopper_leaves_and_comes_back(app, world, clock,
                                                                    monkeypatch):
    monkeypatch.setattr(chat_module, "WATCH_EVERY", 0.0)
    chat = messaging_of(app).chat
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    admin.ask("chat_send", {"ref": shopper.ref, "text": "Still there?"})
    chat.tick(clock.now())
    assert admin.received("chat_state") == []

    shopper.close()
    clock.advance(30)  # past the departure grace
    chat.tick(clock.now())
    chat.tick(clock.now())
    [left] = admin.received("chat_state")
    assert left == {"ref": shopper.ref, "id": None, "state": "left", "at": int(clock.now())}
    assert admin.ask("chat_history", {"ref": shopper.ref})["live"] is False
    refused_later = admin.ask("chat_send", {"ref": shopper.ref, "text": "Come back!"})
    assert refused_later["live"] is False  # kept, for when they come back

    back = ShopperPage(app, world.site_a)
    assert texts(back.received("chat_history")[0]["messages"]) == ["Still there?", "Come back!"]
    chat.tick(clock.now())
    [state] = admin.received("chat_state")
    assert state["state"] == "back"


def test_a_shopper_unknown_to_the_live_state_cannot_be_messaged(app, world):
    admin = AdminPage(app, world.site_a)
    refused = admin.ask("chat_send", {"ref": "0123456789abcdef", "text": "Hello"})
    assert refused["error"]["status"] == 404
    assert refused["error"]["fields"] == {"ref": "unknown shopper"}
    opened = admin.ask("chat_history", {"ref": "0123456789abcdef"})
    assert opened["messages"] == [] and opened["known"] is False and opened["live"] is False


def test_a_shopper_of_another_site_cannot_be_reached(app, world):
    admin_b = AdminPage(app, world.site_b)
    shopper_a = ShopperPage(app, world.site_a)
    refused = admin_b.ask("chat_send", {"ref": shopper_a.ref, "text": "Hello"})
    assert refused["error"]["status"] == 404
    assert shopper_a.received("message") == []


def test_conversations_are_listed_newest_first(app, world, clock):
    admin = AdminPage(app, world.site_a)
    first = ShopperPage(app, world.site_a, "shopper-0001")
    second = ShopperPage(app, world.site_a, "shopper-0002")
    admin.ask("chat_send", {"ref": first.ref, "text": "First"})
    clock.advance(10)
    admin.ask("chat_send", {"ref": second.ref, "text": "Second"})
    clock.advance(10)
    first.ask("chat_reply", {"text": "Reply"})
    listed = admin.ask("chat_list")["conversations"]
    assert [(c["ref"], c["last"]["text"], c["last"]["sender"]) for c in listed] == [
        (first.ref, "Reply", "shopper"), (second.ref, "Second", "admin")]
    with database.connection_context():
        assert Conversation.select().count() == 2


def test_the_live_snapshot_gives_each_shopper_the_ref_a_chat_needs(app, world):
    shopper = ShopperPage(app, world.site_a)
    tracking = app.extensions["sitetracker"]
    [row] = tracking.snapshot(site_info(app, world.site_a))["shoppers"]
    assert row["ref"] == shopper.ref and shopper.visitor not in row.values()
    AdminPage(app, world.site_a).ask("chat_send", {"ref": row["ref"], "text": "Hi"})
    assert texts(shopper.received("message")) == ["Hi"]
