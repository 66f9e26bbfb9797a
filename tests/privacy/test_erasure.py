"""Erasing a shopper: by exact visitor id, email or ref, everything stored about them
goes (payment errors, chats, visitor and funnel days, raw events; alerts keep their
aggregate), nobody else's, and the answer counts what was removed."""

from __future__ import annotations

import json

import pytest

from sitetracker.commerce.models import Alert, AlertRule, FunnelVisitor, PaymentError
from sitetracker.db import database
from sitetracker.domain import visitor_hash
from sitetracker.funnels.models import FunnelProgress
from sitetracker.messaging.models import Conversation, Message
from sitetracker.models import DailyVisitor, RawEvent
from sitetracker.watch.models import AlertRecording
from sitetracker.watch.recordings import recording_write

from ..agents import IPHONE
from ..messaging_world import AdminPage, ShopperPage
from ..reading import token_headers
from ..shopping import Shopper, stored

JANE, BOB = "shopper-jane-0001", "shopper-bob-00002"
EMAIL = "jane.doe@example.test"


@pytest.fixture
def app_clock(clock):
    return clock


@pytest.fixture
def app_config(app_config):
    """Keeping raw events; live state in memory (the socket test client cannot run on a
    message queue; the live store's Redis semantics are tests/live/test_store.py's)."""
    return {**app_config, "raw_event_retention_days": 7}


@pytest.fixture(autouse=True)
def payment_rule(world):
    with database.connection_context():
        AlertRule.create(site=world.site_a.id, name="Payment failed", kind="payment_error",
                         window_minutes=5)


def troubled_shopper(app, world, visitor: str, email: str) -> None:
    """A shopper who fills a cart, fails to pay three times (an alert each way), and
    chats with an admin."""
    site = world.site_a
    shopper = Shopper(app, site, visitor, ua=IPHONE).open()
    shopper.page("/products/boot")
    shopper.event("add_to_cart", product="boot", quantity=1, value=149.0, currency="EUR")
    shopper.page("/checkout")
    for _ in range(3):
        shopper.event("pay_now")
    shopper.event("payment_error", code="card_declined", message="Declined for " + email,
                  email=email)
    page = ShopperPage(app, site, visitor)
    admin = AdminPage(app, site)
    assert "message" in admin.ask("chat_send", {"ref": page.ref, "text": "Can I help?"})
    assert "error" not in page.ask("chat_reply", {"text": f"Write to me at {email}"})
    app.extensions["sitetracker"].buffer.flush()
    # What led to the trouble, as the live view keeps it with the alert.
    with database.connection_context():
        alert = Alert.select().where(Alert.visitor == page.ref).first()
    app.extensions["sitetracker"].write_path.commit([recording_write(
        site.id, alert.id, page.ref, [{"type": 4, "data": {}, "timestamp": 1}])])


def rows_of(site_id: int, visitor: str) -> dict[str, int]:
    ref = visitor_hash(site_id, visitor)
    with database.connection_context():
        conversations = [c.id for c in Conversation.select().where(
            Conversation.visitor_hash == ref)]
        return {
            "payment_errors": PaymentError.select().where(PaymentError.visitor == ref).count(),
            "conversations": len(conversations),
            "messages": Message.select().where(
                Message.conversation.in_(conversations or [0])).count(),
            "alerts": Alert.select().where(Alert.visitor == ref).count(),
            "visitor_days": DailyVisitor.select().where(DailyVisitor.visitor == ref).count(),
            "funnel_days": FunnelVisitor.select().where(FunnelVisitor.visitor == ref).count()
            + FunnelProgress.select().where(FunnelProgress.unit == ref).count(),
            "raw_events": RawEvent.select().where(RawEvent.visitor == ref).count(),
            "recordings": AlertRecording.select().where(AlertRecording.visitor == ref).count(),
        }


@pytest.mark.parametrize("how", ["email", "visitor", "ref"])
def test_erasing_a_shopper_removes_everything_stored_about_them_and_counts_it(
        app, client, world, make_user, how):
    site = world.site_a
    troubled_shopper(app, world, JANE, EMAIL)
    troubled_shopper(app, world, BOB, "bob@example.test")
    before = rows_of(site.id, JANE)
    assert all(before.values()), before  # there was something of every kind to erase
    bob_before = rows_of(site.id, BOB)
    name = {"email": EMAIL, "visitor": JANE, "ref": visitor_hash(site.id, JANE)}[how]

    response = client.delete(f"/api/sites/{site.public_key}/shoppers?{how}={name}",
                             headers=token_headers(make_user, world))

    assert response.status_code == 200, response.json
    assert response.json["removed"] == before
    left = rows_of(site.id, JANE)
    assert {k: v for k, v in left.items() if k != "alerts"} == dict.fromkeys(
        [k for k in left if k != "alerts"], 0)
    assert rows_of(site.id, BOB) == bob_before


def test_an_erased_shoppers_alerts_keep_the_aggregate_only(app, client, world, make_user):
    site = world.site_a
    troubled_shopper(app, world, JANE, EMAIL)
    with database.connection_context():
        count = Alert.select().where(Alert.site == site.id).count()
    client.delete(f"/api/sites/{site.public_key}/shoppers?email={EMAIL}",
                  headers=token_headers(make_user, world))
    with database.connection_context():
        alerts = list(Alert.select().where(Alert.site == site.id))
    assert len(alerts) == count  # the aggregate stays: how many, which kind, when
    everything = json.dumps([(a.title, a.shopper, a.visitor, a.details) for a in alerts])
    assert EMAIL not in everything and "boot" not in everything
    assert visitor_hash(site.id, JANE) not in everything and JANE[:8] not in everything
    kinds = {a.kind for a in alerts}
    assert {"event_count", "payment_error"} <= kinds
    counted = next(a for a in alerts if a.kind == "event_count")
    assert json.loads(counted.details)["count"] == 3


def test_erasing_forgets_the_shopper_in_live_state(app, client, world, make_user):
    site = world.site_a
    troubled_shopper(app, world, JANE, EMAIL)
    [chat] = stored(Conversation)
    client.delete(f"/api/sites/{site.public_key}/shoppers?visitor={JANE}",
                  headers=token_headers(make_user, world))
    tracking = app.extensions["sitetracker"]
    store, prefix = tracking.live.store, tracking.live.prefix
    # What they are doing this very minute stays until they leave (st:p: their presence).
    keys = " ".join(k for k in store.scan_iter(match=f"{prefix}:*")
                    if not k.startswith(f"{prefix}:p:"))
    assert JANE not in keys and f"{prefix}:chatlive:{chat.id} " not in keys + " "
    ref = visitor_hash(site.id, JANE)
    for key in store.scan_iter(match=f"{prefix}:fun:*"):
        assert ref not in store.smembers(key)


def test_erasing_by_shopper_id_matches_the_exact_id_never_its_first_8_characters(
        app, client, world, make_user):
    site = world.site_a
    for visitor in ("shopper-aaaa", "shopper-bbbb"):
        Shopper(app, site, visitor).beacon({"n": "payment_error", "p": {"code": "declined"}})
    headers = token_headers(make_user, world)
    url = f"/api/sites/{site.public_key}/payment-errors"
    # Both ids start with the same 8 characters, which no shopper has as their id.
    assert client.delete(url + "?visitor=shopper-", headers=headers).json["erased"] == 0
    assert len(stored(PaymentError)) == 2
    assert client.get(url + "?visitor=shopper-", headers=headers).json["payment_errors"] == []
    ref = visitor_hash(site.id, "shopper-aaaa")
    [entry] = client.get(url + f"?ref={ref}", headers=headers).json["payment_errors"]
    assert entry["ref"] == ref
    assert client.delete(url + "?visitor=shopper-aaaa", headers=headers).json["erased"] == 1
    assert [row.visitor for row in stored(PaymentError)] == [
        visitor_hash(site.id, "shopper-bbbb")]


def test_viewers_and_other_organizations_cannot_erase(app, client, world, make_user):
    troubled_shopper(app, world, JANE, EMAIL)
    url = f"/api/sites/{world.site_a.public_key}/shoppers?email={EMAIL}"
    assert client.delete(url, headers=token_headers(make_user, world, "viewer")).status_code == 403
    outsider = token_headers(make_user, world, "owner", world.org_b)
    assert client.delete(url, headers=outsider).status_code == 404
    assert rows_of(world.site_a.id, JANE)["payment_errors"] == 1


def test_erasing_from_one_site_leaves_the_same_visitor_on_another(app, client, world,
                                                                 make_user):
    Shopper(app, world.site_a, JANE).beacon({"n": "payment_error", "p": {"email": EMAIL}})
    Shopper(app, world.site_a2, JANE, origin="https://a2.test").beacon(
        {"n": "payment_error", "p": {"email": EMAIL}})
    headers = token_headers(make_user, world)
    response = client.delete(f"/api/sites/{world.site_a.public_key}/shoppers?email={EMAIL}",
                             headers=headers)
    assert response.json["removed"]["payment_errors"] == 1
    assert [row.site_id for row in stored(PaymentError)] == [world.site_a2.id]


def test_erasing_from_the_payment_error_log_leaves_no_chat_alert_details_or_visitor_rows(
        app, client, world, make_user):
    """The route erasure always had: it used to delete the log's entries only."""
    site = world.site_a
    troubled_shopper(app, world, JANE, EMAIL)
    response = client.delete(f"/api/sites/{site.public_key}/payment-errors?email={EMAIL}",
                             headers=token_headers(make_user, world))
    assert response.status_code == 200 and response.json["erased"] == 1
    left = rows_of(site.id, JANE)
    assert (left["conversations"], left["messages"], left["visitor_days"]) == (0, 0, 0)
    with database.connection_context():
        details = [json.loads(a.details) for a in Alert.select().where(Alert.site == site.id)]
    assert details and all("pages" not in d and "cart" not in d for d in details)
