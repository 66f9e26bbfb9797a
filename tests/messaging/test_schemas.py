"""Validation of what admins and shoppers send over the live channel for messaging
(messaging/schemas.py): bounded fields, plain text, bounded schedules."""

from __future__ import annotations

import pytest
from marshmallow import ValidationError

from sitetracker.messaging.schemas import (
    DEFAULT_DURATION,
    MAX_IDS,
    BroadcastSchema,
    ChatOpenSchema,
    IdsSchema,
    PrefsSchema,
    ReplySchema,
    check_schedule,
    plain_text,
)

from ..messaging_world import AdminPage, ShopperPage
from .test_socket import MARKUP, error_of

NOW = 1_773_150_000.0


@pytest.fixture
def app_clock(clock):
    return clock


def test_messages_are_plain_text_kept_as_written_and_bounded(app, world):
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    sent = admin.ask("chat_send", {"ref": shopper.ref, "text": MARKUP + "\r\nline\x00two"})
    assert sent["message"]["text"] == MARKUP + "\nlinetwo"
    assert shopper.received("message")[0]["text"] == MARKUP + "\nlinetwo"
    assert shopper.ask("chat_reply", {"text": MARKUP})["message"]["text"] == MARKUP

    too_long = error_of(admin.ask("chat_send", {"ref": shopper.ref, "text": "x" * 1001}))
    assert too_long["status"] == 400
    assert too_long["fields"] == {"text": "at most 1000 characters (this is 1001)"}
    assert "message" in admin.ask("chat_send", {"ref": shopper.ref, "text": "é" * 1000})
    empty = error_of(shopper.ask("chat_reply", {"text": " \n "}))
    assert empty["fields"] == {"text": "write something first"}
    assert error_of(shopper.ask("chat_reply", {"text": "y" * 1001}))["status"] == 400
    assert error_of(admin.ask("broadcast_send", {"text": "z" * 501}))["fields"] == {
        "text": "at most 500 characters (this is 501)"}


@pytest.mark.parametrize("payload, field", [
    ({"ref": "not-a-ref", "text": "Hi"}, "ref"),
    ({"ref": "0123456789abcdef"}, "text"),
    ({"ref": "0123456789abcdef", "text": 42}, "text"),
    ({"ref": "0123456789abcdef", "text": "Hi", "html": "<b>"}, "html"),
    ("just text", "_schema"),
])
def test_a_bad_chat_send_names_the_field(app, world, payload, field):
    admin = AdminPage(app, world.site_a)
    error = error_of(admin.ask("chat_send", payload))
    assert error["status"] == 400 and field in error["fields"]


@pytest.mark.parametrize("payload, field, message", [
    ({"text": "x", "device": "fridge"}, "device",
     "mobile, tablet, desktop, or empty for every device"),
    ({"text": "x", "country": "France"}, "country", "a two-letter country code such as FR"),
    ({"text": "x", "path": "products"}, "path",
     "a path like /products/* (starting with / or *, no spaces)"),
    ({"text": "x", "path": "/" + "a" * 200}, "path", "Longer than maximum length 200."),
    ({"text": "x", "expires_at": 1}, "expires_at", "the expiry has already passed"),
    ({"text": "x", "starts_at": "+60d"}, "starts_at", "Not a valid number."),
])
def test_a_bad_broadcast_names_the_field(app, world, payload, field, message):
    error = AdminPage(app, world.site_a).ask("broadcast_send", payload)["error"]
    assert error["status"] == 400 and error["fields"] == {field: message}


def test_a_schedule_is_bounded(app, world, clock):
    admin = AdminPage(app, world.site_a)
    now = clock.now()
    too_far = admin.ask("broadcast_send", {"text": "x", "starts_at": now + 31 * 86400})
    assert too_far["error"]["fields"] == {"starts_at": "at most 30 days ahead"}
    backwards = admin.ask("broadcast_send", {"text": "x", "starts_at": now + 600,
                                             "expires_at": now + 300})
    assert backwards["error"]["fields"] == {"expires_at": "must be after the start"}
    too_long = admin.ask("broadcast_send", {"text": "x", "expires_at": now + 31 * 86400})
    assert too_long["error"]["fields"] == {"expires_at": "a broadcast lasts at most 30 days"}


def test_plain_text_is_stripped_with_line_ends_made_one_and_controls_dropped():
    assert plain_text("  Hi\r\nthere\rnow\x07\t ", 100) == "Hi\nthere\nnow"
    assert plain_text("<b>" + "é" * 7, 10) == "<b>" + "é" * 7
    for value, message in ((None, "must be text"), ("\x00 \n", "write something first"),
                           ("x" * 11, "at most 10 characters (this is 11)")):
        with pytest.raises(ValidationError) as caught:
            plain_text(value, 10)
        assert caught.value.messages == [message]


def test_a_payload_that_is_absent_loads_as_empty_and_unknown_keys_are_refused():
    with pytest.raises(ValidationError) as caught:
        ReplySchema().load(None)
    assert "text" in caught.value.messages
    with pytest.raises(ValidationError) as caught:
        ReplySchema().load({"text": "Hi", "html": "<b>"})
    assert "html" in caught.value.messages


def test_a_chat_opens_on_a_ref_or_an_alert_never_both_nor_neither():
    assert ChatOpenSchema().load({"ref": "0123456789abcdef"}) == {"ref": "0123456789abcdef"}
    assert ChatOpenSchema().load({"alert": 7}) == {"alert": 7}
    for payload in ({}, {"ref": "0123456789abcdef", "alert": 7}):
        with pytest.raises(ValidationError) as caught:
            ChatOpenSchema().load(payload)
        assert "ref" in caught.value.messages


def test_message_ids_come_one_to_a_hundred_at_a_time():
    assert IdsSchema().load({"ids": [1, 2]}) == {"ids": [1, 2]}
    for ids in ([], list(range(1, MAX_IDS + 2)), ["1"]):
        with pytest.raises(ValidationError) as caught:
            IdsSchema().load({"ids": ids})
        assert "ids" in caught.value.messages


def test_sales_are_shown_in_a_window_or_as_toasts():
    assert PrefsSchema().load({"sales": "toast"}) == {"sales": "toast"}
    with pytest.raises(ValidationError):
        PrefsSchema().load({"sales": "popup"})


def test_a_broadcasts_empty_filters_match_everyone_and_a_country_is_upper_cased():
    assert BroadcastSchema().load({"text": " Sale! ", "path": "", "country": " fr "}) == {
        "text": "Sale!", "path": "", "device": "", "country": "FR", "starts_at": None,
        "expires_at": None}


def test_a_schedule_starts_now_and_lasts_an_hour_unless_told():
    assert check_schedule({}, NOW) == (NOW, NOW + DEFAULT_DURATION)
    assert check_schedule({"starts_at": NOW - 600}, NOW) == (NOW, NOW + DEFAULT_DURATION)
    assert check_schedule({"starts_at": NOW + 60, "expires_at": NOW + 120}, NOW) == (
        NOW + 60, NOW + 120)
