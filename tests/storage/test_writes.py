"""The write path: purchases, payment errors, alerts and messages are stored before
they are acknowledged; when the database refuses, the answer is 503 (ack status 503)
and the sender's retry stores them once; a row refused for its content is set aside
and the others stored."""

from __future__ import annotations

import pytest
from peewee import IntegrityError

from sitetracker.commerce.models import Alert, PaymentError
from sitetracker.db import database
from sitetracker.domain import Write
from sitetracker.messaging.models import Message
from sitetracker.models import DailyCount
from sitetracker.storage.failures import StorageUnavailable
from sitetracker.storage.writes import WritePath

from ..messaging_world import AdminPage, ShopperPage
from ..refusing import refusing_writes
from ..shopping import Shopper, admin_socket, received, stored

PURCHASE = {"n": "purchase", "p": {"order_id": "A-1001", "value": 120.0, "currency": "EUR"}}


def orders(site) -> float:
    rows = stored(DailyCount, DailyCount.site == site.id, DailyCount.metric == "orders")
    return sum(row.value for row in rows)


def test_a_purchase_the_database_refuses_is_answered_503_and_stored_once_when_resent(
        app, world, monkeypatch):
    admin = admin_socket(app, world.site_a)
    shopper = Shopper(app, world.site_a)
    with refusing_writes(monkeypatch):
        refused = shopper.beacon(PURCHASE)
    assert refused.status_code == 503
    assert int(refused.headers["Retry-After"]) > 0
    assert refused.json["error"]["status"] == 503
    assert stored(Alert, Alert.site == world.site_a.id) == []
    assert received(admin, world.site_a, "alert") == []  # nothing announced unstored

    accepted = shopper.beacon(PURCHASE)

    assert accepted.status_code == 202
    [sale] = stored(Alert, Alert.site == world.site_a.id, Alert.kind == "sale")
    assert sale.value == 120.0
    assert orders(world.site_a) == 1  # stored with the sale, not left in the buffer
    assert [a["kind"] for a in received(admin, world.site_a, "alert")] == ["sale"]
    assert shopper.beacon(PURCHASE).status_code == 202  # the same order again
    assert len(stored(Alert, Alert.kind == "sale")) == 1


def test_a_payment_error_over_the_live_channel_gets_ack_503_then_is_stored(
        app, world, monkeypatch):
    shopper = Shopper(app, world.site_a).open()
    error = {"n": "payment_error", "p": {"code": "card_declined", "value": 50.0}}
    with refusing_writes(monkeypatch):
        ack = shopper.send(error)
    assert ack["error"]["status"] == 503 and ack["error"]["retry_after"] > 0
    assert stored(PaymentError) == []

    assert shopper.send(error) == {"ok": 1, "dropped": {}}
    [row] = stored(PaymentError, PaymentError.site == world.site_a.id)
    assert row.code == "card_declined"


def test_checkout_trouble_refused_once_fires_on_the_retry(app, world, monkeypatch):
    admin = admin_socket(app, world.site_a)
    shopper = Shopper(app, world.site_a).open()
    shopper.event("pay_now")
    shopper.event("pay_now")
    with refusing_writes(monkeypatch):
        assert shopper.event("pay_now")["error"]["status"] == 503
    shopper.event("pay_now")  # the widget sends it again
    [alert] = stored(Alert, Alert.site == world.site_a.id, Alert.kind == "event_count")
    assert "pay_now" in alert.title
    assert [a["id"] for a in received(admin, world.site_a, "alert")] == [alert.id]


def test_page_views_are_accepted_while_the_database_refuses(app, world, monkeypatch):
    shopper = Shopper(app, world.site_a)
    with refusing_writes(monkeypatch):
        response = shopper.beacon({"n": "pageview", "u": "https://shop-a.test/shoes"})
    assert response.status_code == 202  # counted in the buffer (journaled if need be)


def test_a_chat_message_the_database_refuses_is_not_sent(app, world, monkeypatch):
    alice = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    alice.ask("chat_send", {"ref": shopper.ref, "text": "Hello"})
    shopper.received("message")
    with refusing_writes(monkeypatch):
        ack = alice.ask("chat_send", {"ref": shopper.ref, "text": "Still there?"})
    assert ack["error"]["status"] == 503
    assert shopper.received("message") == []
    assert [m.text for m in stored(Message)] == ["Hello"]


def test_a_broadcast_the_database_refuses_is_answered_503_and_not_sent(
        app, world, monkeypatch):
    alice = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    with refusing_writes(monkeypatch):
        ack = alice.ask("broadcast_send", {"text": "Free shipping today"})
    assert ack["error"]["status"] == 503
    assert shopper.received("broadcast") == []


def test_a_row_refused_for_its_content_is_set_aside_and_the_others_stored(app, world):
    path = WritePath()
    sent: list[str] = []

    def refused() -> None:
        raise IntegrityError("FOREIGN KEY constraint failed")

    def good(name: str) -> Write:
        return Write("alert", lambda: Alert.create(site=world.site_a.id, kind="sale",
                                                   severity="info", title=name),
                     then=lambda: sent.append(name))

    path.commit([good("first"), Write("alert", refused, {"site": 999}), good("second")])

    assert [row.title for row in stored(Alert)] == ["first", "second"]
    assert sent == ["first", "second"]
    assert path.rejects.count == 1 and "FOREIGN KEY" in path.rejects.last_reason


def test_nothing_is_stored_when_the_database_is_away(app, world, monkeypatch):
    path = WritePath()
    undone: list[str] = []
    write = Write("alert", lambda: Alert.create(site=world.site_a.id, kind="sale",
                                                severity="info", title="x"),
                  undo=lambda: undone.append("claim given back"))
    with refusing_writes(monkeypatch), pytest.raises(StorageUnavailable) as raised:
        path.commit([write])
    assert raised.value.reason == "database is read-only"
    assert undone == ["claim given back"]
    assert path.status.problem() is not None
    with database.connection_context():
        assert Alert.select().count() == 0


def test_a_purchase_whose_rules_cannot_be_read_is_answered_503_and_stored_when_resent(
        app, world, monkeypatch):
    from peewee import OperationalError

    shopper = Shopper(app, world.site_a)
    real = database.obj.execute_sql

    def unreachable(sql, *args, **kwargs):
        if "alert_rule" in sql:
            raise OperationalError("(2013, 'Lost connection to MySQL server during query')")
        return real(sql, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(database.obj, "execute_sql", unreachable)
        assert shopper.beacon(PURCHASE).status_code == 503

    assert shopper.beacon(PURCHASE).status_code == 202
    assert len(stored(Alert, Alert.site == world.site_a.id, Alert.kind == "sale")) == 1
    assert orders(world.site_a) == 1
