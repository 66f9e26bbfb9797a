"""The scrubber's table of cases, and free text scrubbed before it is stored: raw
events, the payment-error log, alerts."""

from __future__ import annotations

import json

import pytest

from sitetracker.commerce.models import Alert, AlertRule, PaymentError
from sitetracker.db import database
from sitetracker.ingest.scrub import luhn_ok, scrub, scrub_text
from sitetracker.models import RawEvent

from ..shopping import Shopper, stored

CASES = [
    # e-mail addresses
    ("Declined for jane.doe+shop@example.co.uk", "Declined for [email]"),
    ("JANE@EXAMPLE.TEST wrote", "[email] wrote"),
    ("an @ sign alone, @home", "an @ sign alone, @home"),
    # card numbers: 13 to 19 digits, Luhn-valid, alone or grouped by spaces or dashes
    ("card 4111111111111111 refused", "card [card] refused"),
    ("card 4111 1111 1111 1111 refused", "card [card] refused"),
    ("card 4111-1111-1111-1111", "card [card]"),
    ("amex 3782 822463 10005", "amex [card]"),
    ("13 digits 4222222222222", "13 digits [card]"),
    ("Luhn fails 4111111111111112", "Luhn fails 4111111111111112"),
    ("order 1234567890123", "order 1234567890123"),
    # phone numbers
    ("call +33 6 12 34 56 78", "call [phone]"),
    ("call +33612345678 now", "call [phone] now"),
    ("call (555) 123-4567", "call [phone]"),
    ("call 555.123.4567", "call [phone]"),
    ("call 06 12 34 56 78", "call [phone]"),
    ("call 0612345678", "call [phone]"),
    ("+1 (555) 123-4567 and jane@x.test", "[phone] and [email]"),
    # what stays
    ("paid 2026-03-10 14:05", "paid 2026-03-10 14:05"),
    ("at 1773140400", "at 1773140400"),
    ("order #1042, 2 items, 79.80 EUR", "order #1042, 2 items, 79.80 EUR"),
    ("error code 3DS_FAILED_2", "error code 3DS_FAILED_2"),
    ("Size 42, colour blue", "Size 42, colour blue"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_scrub_text(text, expected):
    assert scrub_text(text) == expected


def test_luhn():
    assert luhn_ok("4111111111111111") and luhn_ok("378282246310005")
    assert not luhn_ok("4111111111111112")


def test_scrub_reaches_strings_inside_lists_and_objects_and_keeps_numbers():
    value = {"note": "mail a@b.test", "lines": [{"product": "call 0612345678", "value": 3.5}],
             "ok": True, "n": 4111111111111111}
    assert scrub(value) == {"note": "mail [email]", "lines": [{"product": "call [phone]",
                                                               "value": 3.5}],
                            "ok": True, "n": 4111111111111111}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "raw_event_retention_days": 7}


def test_free_text_is_scrubbed_before_the_logs_and_alerts_store_it(app, world):
    with database.connection_context():
        AlertRule.create(site=world.site_a.id, name="Payment failed", kind="payment_error",
                         window_minutes=5)
    shopper = Shopper(app, world.site_a, "shopper-0001")
    response = shopper.beacon({"n": "payment_error", "p": {
        "code": "card_declined", "email": "jane@example.test",
        "message": "Card 4111 1111 1111 1111 of jane@example.test declined, "
                   "call +33 6 12 34 56 78"}})
    assert response.status_code == 202, response.json
    app.extensions["sitetracker"].buffer.flush()
    [entry] = stored(PaymentError)
    assert entry.message == "Card [card] of [email] declined, call [phone]"
    assert entry.email == "jane@example.test"  # the contact the store chose to send stays
    [alert] = stored(Alert)
    assert "4111" not in alert.title + alert.details and "[card]" in alert.title
    [raw] = stored(RawEvent)
    assert "4111" not in raw.props and "jane@" not in raw.props


def test_custom_event_properties_are_scrubbed(app, world):
    shopper = Shopper(app, world.site_a, "shopper-0001")
    shopper.beacon({"n": "newsletter", "p": {"field": "my mail is bob@example.test"}})
    app.extensions["sitetracker"].buffer.flush()
    [raw] = stored(RawEvent)
    assert json.loads(raw.props) == {"field": "my mail is [email]"}
