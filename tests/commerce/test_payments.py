"""The payment-error log: what it keeps, filtering, erasing a shopper, and a shopper's
contact kept there only (never in live state, the raw log, alerts or rollups)."""

from __future__ import annotations

import json
import uuid

import pytest

from sitetracker.commerce.models import Alert, AlertRule, PaymentError
from sitetracker.db import database
from sitetracker.models import DailyCount, RawEvent

from ..agents import IPHONE
from ..conftest import REDIS_URL, redis_or_skip
from ..reading import token_headers
from ..shopping import Shopper, stored

EMAIL = "jane.doe@example.test"
PHONE = "+33 6 12 34 56 78"
DECLINED = {"code": "card_declined", "message": "Your card was declined.", "method": "card",
            "email": EMAIL, "phone": PHONE}


@pytest.fixture
def app_clock(clock):
    return clock


@pytest.fixture(params=["memory", "redis"])
def app_config(request, app_config):
    """Every test here runs with live state in memory and in Redis, keeping raw events."""
    config = {**app_config, "raw_event_retention_days": 7}
    if request.param == "redis":
        redis_or_skip()
        config.update(redis_url=REDIS_URL, redis_prefix="t" + uuid.uuid4().hex[:8])
    return config


def everything_live(app) -> str:
    """Every key and value of the app's live state, as one text."""
    tracking = app.extensions["sitetracker"]
    store, prefix = tracking.live.store, tracking.live.prefix
    parts = []
    for key in store.scan_iter(match=f"{prefix}:*"):
        for read in ("get", "hgetall", "lrange", "smembers", "zrange"):
            try:
                args = (key, 0, -1) if read in ("lrange", "zrange") else (key,)
                parts.append(f"{key}={getattr(store, read)(*args)}")
                break
            except Exception:  # noqa: BLE001 - the wrong type for this key
                continue
    return "\n".join(parts)


def fail_payment(app, world, visitor="shopper-0001", **extra):
    shopper = Shopper(app, world.site_a, visitor, ua=IPHONE)
    shopper.beacon({"n": "add_to_cart", "p": {"product": "boot", "quantity": 2, "value": 298.0,
                                              "currency": "EUR"}})
    shopper.beacon({"n": "pageview", "u": "https://shop-a.test/checkout"})
    response = shopper.beacon({"n": "payment_error", "p": {**DECLINED, **extra}})
    assert response.status_code == 202, response.json
    return shopper


def test_a_payment_error_is_logged_with_contact_items_amount_and_device(app, world):
    fail_payment(app, world)
    [row] = stored(PaymentError)
    assert (row.email, row.phone) == (EMAIL, PHONE)
    assert (row.code, row.message, row.method) == ("card_declined",
                                                   "Your card was declined.", "card")
    assert (row.amount, row.items) == (298.0, 2)
    assert json.loads(row.lines) == [{"product": "boot", "quantity": 2, "value": 298.0}]
    assert (row.device, row.browser, row.country, row.city) == ("mobile", "Mobile Safari",
                                                               "FR", "Paris")
    assert row.path == "/checkout" and row.shopper == "shopper-"


def test_contact_is_kept_in_the_log_only(app, world):
    with database.connection_context():
        AlertRule.create(site=world.site_a.id, name="Payment failed", kind="payment_error",
                         window_minutes=5)
    fail_payment(app, world)
    Shopper(app, world.site_a, ua=IPHONE).beacon(
        {"n": "pay_now"}, {"n": "pay_now"}, {"n": "pay_now"})
    tracking = app.extensions["sitetracker"]
    tracking.buffer.flush()
    info = tracking.sites.by_key(world.site_a.public_key)
    snapshot = json.dumps(tracking.snapshot(info))
    live = everything_live(app)
    with database.connection_context():
        raw = [row.props for row in RawEvent.select()]
        alerts = [row.details + row.title for row in Alert.select()]
        counts = [row.key for row in DailyCount.select()]
    assert len(alerts) == 2 and any("card_declined" in a for a in alerts)
    assert any("card_declined" in props for props in raw)
    for text in (snapshot, live, *raw, *alerts, *counts):
        assert EMAIL not in text and "jane" not in text and "12 34" not in text


def test_contact_on_another_event_is_refused(app, world):
    shopper = Shopper(app, world.site_a)
    response = shopper.beacon({"n": "checkout", "p": {"email": EMAIL}})
    assert response.status_code == 400
    assert "ev.0.p.email" in response.json["error"]["fields"]
    response = shopper.beacon({"n": "newsletter", "p": {"phone": PHONE}})
    assert "ev.0.p.phone" in response.json["error"]["fields"]


def test_the_log_is_filtered_by_code_email_shopper_and_day(app, client, world, clock,
                                                           make_user):
    fail_payment(app, world, "shopper-aaaa")
    clock.advance(24 * 3600)
    fail_payment(app, world, "shopper-bbbb", code="insufficient_funds", email="b@x.test")
    headers = token_headers(make_user, world)
    url = f"/api/sites/{world.site_a.public_key}/payment-errors"

    def codes(query=""):
        response = client.get(url + query, headers=headers)
        assert response.status_code == 200, response.json
        return [e["code"] for e in response.json["payment_errors"]]

    assert codes() == ["insufficient_funds", "card_declined"]
    assert codes("?code=card_declined") == ["card_declined"]
    assert codes("?email=B@x.test") == ["insufficient_funds"]
    assert codes("?visitor=shopper-aaaa") == ["card_declined"]
    assert codes("?from=2026-03-11&to=2026-03-11") == ["insufficient_funds"]
    assert codes("?to=2026-03-10") == ["card_declined"]
    bad = client.get(url + "?from=2026-03-11&to=2026-03-10", headers=headers)
    assert bad.status_code == 400 and "to" in bad.json["error"]["fields"]
    # The calendar's last day has no day after it: refused, not a 500.
    past_the_end = client.get(url + "?to=9999-12-31", headers=headers)
    assert past_the_end.status_code == 400 and "to" in past_the_end.json["error"]["fields"]


def test_viewers_see_the_contact_masked(app, client, world, make_user):
    fail_payment(app, world)
    viewer = token_headers(make_user, world, "viewer")
    url = f"/api/sites/{world.site_a.public_key}/payment-errors"
    [entry] = client.get(url, headers=viewer).json["payment_errors"]
    assert entry["email"] == "j•••@example.test" and entry["phone"] == "•••78"
    assert entry["amount"] == 298.0 and entry["browser"] == "Mobile Safari"
    assert client.delete(url + f"?email={EMAIL}", headers=viewer).status_code == 403


def test_erasing_by_email_removes_that_shoppers_entries_only(app, client, world, make_user):
    fail_payment(app, world, "shopper-aaaa")
    fail_payment(app, world, "shopper-aaaa")
    fail_payment(app, world, "shopper-bbbb", email="b@x.test")
    url = f"/api/sites/{world.site_a.public_key}/payment-errors"
    headers = token_headers(make_user, world)
    response = client.delete(url + "?email=Jane.Doe@example.test", headers=headers)
    assert response.status_code == 200 and response.json["erased"] == 2
    assert [row.email for row in stored(PaymentError)] == ["b@x.test"]


def test_erasing_by_visitor_removes_their_entries(app, client, world, make_user):
    fail_payment(app, world, "shopper-aaaa")
    fail_payment(app, world, "shopper-bbbb")
    url = f"/api/sites/{world.site_a.public_key}/payment-errors"
    headers = token_headers(make_user, world)
    assert client.delete(url + "?visitor=shopper-aaaa", headers=headers).json["erased"] == 1
    assert [row.shopper for row in stored(PaymentError)] == ["shopper-"]
    nobody = client.delete(url, headers=headers)
    assert nobody.status_code == 400 and "email" in nobody.json["error"]["fields"]


def test_another_organization_cannot_read_or_erase_the_log(app, client, world, make_user):
    fail_payment(app, world)
    outsider = token_headers(make_user, world, "owner", world.org_b)
    url = f"/api/sites/{world.site_a.public_key}/payment-errors"
    assert client.get(url, headers=outsider).status_code == 404
    assert client.delete(url + f"?email={EMAIL}", headers=outsider).status_code == 404
    assert len(stored(PaymentError)) == 1
