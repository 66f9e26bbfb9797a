"""The platforms' webhook route, WooCommerce's deliveries: the ping, the signature, the
mapping by status, deliveries and orders counted once, strict orders.

The deliveries and their helpers are ``tests/adapters/test_webhooks.py``'s (the exact
bytes WooCommerce posts, and the headers ``WC_Webhook::deliver`` sets).
"""

from __future__ import annotations

import json

import pytest

from sitetracker.adapters.connections import last_delivery
from sitetracker.adapters.models import PlatformConnection
from sitetracker.commerce.models import PaymentError
from sitetracker.db import database
from sitetracker.models import Site

from ..adapters import test_webhooks as woocommerce
from ..adapters.test_webhooks import AGENT, body_of, commerce, deliver, event_count, signed

connected = woocommerce.connected  # the fixture: a site connected to WooCommerce


def test_the_ping_without_a_signature_is_answered_200(client, connected):
    response = client.post(f"/api/adapters/woocommerce/{connected.site_a.public_key}/webhook",
                           data=b"webhook_id=7", headers={
                               "User-Agent": AGENT,
                               "Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 200
    assert response.json["ignored"] == "ping"


def test_a_ping_for_a_site_not_connected_is_404(client, world):
    response = client.post(f"/api/adapters/woocommerce/{world.site_a.public_key}/webhook",
                           data=b"webhook_id=7")
    assert response.status_code == 404
    assert "key" in response.json["error"]["fields"]


def test_pending_then_processing_then_completed_is_one_checkout_and_one_sale(app, client,
                                                                           connected):
    site = connected.site_a
    assert deliver(client, site, "order-created-pending", topic="order.created",
                   delivery="d-1").json == {"ok": 1, "dropped": {}}
    assert deliver(client, site, "order-updated-processing", delivery="d-2").json["ok"] == 1
    completed = deliver(client, site, "order-updated-completed", delivery="d-3")
    assert completed.status_code == 200 and completed.json["ok"] == 0
    assert event_count(app, site, "checkout") == 1
    assert event_count(app, site, "purchase") == 1
    state = commerce(app, site)
    assert state["funnel"]["checkouts"] == 1 and state["funnel"]["purchases"] == 1
    assert state["sales_today"]["count"] == 1 and state["sales_today"]["value"] == 79.8
    assert state["sales_today"]["currency"] == "EUR"


def test_a_failed_order_is_one_payment_error_in_the_log(app, client, connected):
    site = connected.site_a
    assert deliver(client, site, "order-updated-failed", delivery="d-1").json["ok"] == 1
    assert deliver(client, site, "order-updated-failed", delivery="d-2").json["ok"] == 0
    with database.connection_context():
        errors = list(PaymentError.select().where(PaymentError.site == site.id))
    assert len(errors) == 1
    assert (errors[0].code, errors[0].method, errors[0].amount) == (
        "payment_failed", "Credit Card (Stripe)", 79.8)
    assert errors[0].email is None  # webhooks never pass the shopper's contact on
    assert commerce(app, site)["sales_today"]["count"] == 0


def test_a_retried_delivery_is_counted_once(app, client, connected):
    site = connected.site_a
    assert deliver(client, site, "order-updated-processing").json["ok"] == 1
    again = deliver(client, site, "order-updated-processing")
    assert again.status_code == 200 and again.json["ignored"] == "duplicate"
    assert event_count(app, site, "purchase") == 1


@pytest.mark.parametrize("signature", ["", "not base64", None])
def test_bad_or_missing_signature_is_401_in_the_error_shape(app, client, connected,
                                                            signature):
    body = body_of("order-updated-processing")
    wrong = signature if signature is not None else signed(body, "another secret")
    response = deliver(client, connected.site_a, "order-updated-processing", signature=wrong)
    assert response.status_code == 401
    assert "X-WC-Webhook-Signature" in response.json["error"]["fields"]
    assert event_count(app, connected.site_a, "purchase") == 0


def test_a_body_changed_after_signing_is_refused(client, connected):
    body = body_of("order-updated-processing")
    response = deliver(client, connected.site_a, "", raw=body.replace(b"79.80", b"7.98"),
                       signature=signed(body))
    assert response.status_code == 401


def test_a_webhook_signed_with_the_site_secret_is_refused(client, connected):
    with database.connection_context():
        site_secret = Site.get_by_id(connected.site_a.id).secret
    response = deliver(client, connected.site_a, "order-updated-processing", secret=site_secret)
    assert response.status_code == 401


def test_an_order_without_a_total_is_ignored_as_invalid_and_logged(app, client, connected,
                                                                   caplog):
    response = deliver(client, connected.site_a, "order-created-no-total")
    assert response.status_code == 200
    assert response.json == {"ok": 0, "dropped": {}, "ignored": "invalid"}
    assert "no valid total" in caplog.text
    assert commerce(app, connected.site_a)["sales_today"]["count"] == 0


def test_other_topics_and_statuses_are_answered_200_and_ignored(app, client, connected):
    site = connected.site_a
    assert deliver(client, site, "order-updated-processing",
                   topic="product.updated").json["ignored"] == "topic"
    on_hold = body_of("order-updated-processing").replace(b'"processing"', b'"on-hold"')
    assert deliver(client, site, "", raw=on_hold).json["ignored"] == "status"
    assert event_count(app, site, "purchase") == 0


def test_malformed_json_is_400_naming_the_body(client, connected):
    response = deliver(client, connected.site_a, "", raw=b"{not json")
    assert response.status_code == 400
    assert "body" in response.json["error"]["fields"]


def test_deliveries_never_make_live_shoppers_and_the_last_is_kept(app, client, connected):
    site = connected.site_a
    deliver(client, site, "order-updated-processing")
    tracking = app.extensions["sitetracker"]
    assert tracking.live.live_visitors(site.id, tracking.clock.now()) == []
    with database.connection_context():
        connection = PlatformConnection.get(PlatformConnection.site == site.id)
        assert last_delivery(connection.id).result == "purchase (order.updated)"
    deliver(client, site, "order-updated-processing", signature="x")
    with database.connection_context():
        assert last_delivery(connection.id).result == "refused: bad signature"


def test_the_thank_you_page_joins_the_order_to_the_widgets_shopper(app, client, connected):
    """Without the plugin, the widget's page view of the thank-you page (its URL holds
    the order key) links the order to the browser's visitor."""
    site = connected.site_a
    page = {"k": site.public_key, "v": "visitor-000111", "ev": [
        {"n": "add_to_cart", "p": {"product": "Tee", "value": 49.9}},
        {"n": "pageview", "u": "https://shop-a.test/checkout/order-received/4181/"
                                "?key=wc_order_Xq3LmN8pT2vRk"}]}
    assert client.post("/api/collect", data=json.dumps(page), headers={
        "Origin": "https://shop-a.test", "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"}).status_code == 202
    deliver(client, site, "order-updated-processing")
    funnel = commerce(app, site)["funnel"]
    assert (funnel["carts"], funnel["checkouts"], funnel["purchases"]) == (1, 1, 1)
