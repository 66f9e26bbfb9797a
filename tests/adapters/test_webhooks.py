"""WooCommerce's own webhooks: the route (ping, signature, mapping by status, deliveries
and orders counted once, strict orders), the mapping without the route, and the CLI.

The deliveries are the exact bytes WooCommerce posts: ``fixtures/woocommerce/*.json`` is
written by ``make.php`` there with PHP's ``json_encode`` (what ``wp_json_encode`` calls),
from an order shaped as WooCommerce's REST API v3 shows it; the headers are the ones
``WC_Webhook::deliver`` sets.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os

import pytest

from sitetracker.adapters import woocommerce
from sitetracker.adapters.connections import connect_woocommerce, last_delivery
from sitetracker.adapters.models import PlatformConnection
from sitetracker.commerce.models import PaymentError
from sitetracker.db import database
from sitetracker.models import DailyCount, Site

from ..paths import FIXTURES

WOO_FIXTURES = FIXTURES / "woocommerce"
# wp_generate_password(50, true, true) makes secrets like this one, spaces and all.
SECRET = "k]9 fQ{2v@L#x;M8p~R^t=Zc-4s/Wn)Ye&Ba!Hd<Gj%Uq_Oi*E"
SOURCE = "https://shop.example/"
AGENT = "WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)"


def body_of(name: str) -> bytes:
    return (WOO_FIXTURES / f"{name}.json").read_bytes()


def signed(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


@pytest.fixture
def connected(app, world):
    with database.connection_context():
        connect_woocommerce(Site.get_by_id(world.site_a.id), SECRET)
    return world


def deliver(client, site, name: str, *, topic: str = "order.updated",
            delivery: str = "5f0c1e2d3b4a69788796a5b4c3d2e1f0", secret: str = SECRET,
            raw: bytes | None = None, signature: str | None = None):
    body = raw if raw is not None else body_of(name)
    resource, event = topic.split(".")
    headers = {
        "User-Agent": AGENT, "Content-Type": "application/json",
        "X-WC-Webhook-Source": SOURCE, "X-WC-Webhook-Topic": topic,
        "X-WC-Webhook-Resource": resource, "X-WC-Webhook-Event": event,
        "X-WC-Webhook-Signature": signature if signature is not None else signed(body, secret),
        "X-WC-Webhook-ID": "7", "X-WC-Webhook-Delivery-ID": delivery,
    }
    return client.post(f"/api/adapters/woocommerce/{site.public_key}/webhook", data=body,
                       headers=headers)


def event_count(app, site, name: str) -> float:
    app.extensions["sitetracker"].buffer.flush()
    with database.connection_context():
        row = DailyCount.get_or_none((DailyCount.site == site.id) & (DailyCount.metric == "event")
                                     & (DailyCount.key == name))
        return row.value if row else 0


def commerce(app, site):
    tracking = app.extensions["sitetracker"]
    return tracking.snapshot(tracking.sites.by_key(site.public_key))["commerce"]


# -- the route ----------------------------------------------------------------------


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


# -- the mapping -------------------------------------------------------------------


def test_signature_is_base64_hmac_sha256_of_the_raw_body():
    body = body_of("order-updated-processing")
    assert woocommerce.signature_ok(SECRET, body, signed(body))
    assert not woocommerce.signature_ok(SECRET, body + b" ", signed(body))
    assert not woocommerce.signature_ok(SECRET, body, None)


def test_orders_map_by_status():
    def mapped(name: str) -> dict:
        return woocommerce.event_for("order.updated", json.loads(body_of(name)))

    assert mapped("order-created-pending") == {
        "n": "checkout", "i": "wc:order:4181:checkout",
        "p": {"value": 79.8, "currency": "EUR", "items": 3}}
    assert mapped("order-updated-processing") == {
        "n": "purchase", "i": "wc:order:4181:purchase",
        "p": {"order_id": "4181", "value": 79.8, "currency": "EUR", "items": 3,
              "method": "Credit Card (Stripe)"}}
    assert mapped("order-updated-completed")["i"] == "wc:order:4181:purchase"
    failed = mapped("order-updated-failed")
    assert failed["n"] == "payment_error" and failed["p"]["code"] == "payment_failed"
    assert failed["i"] == "wc:order:4181:payment_error:20261201130340"


def test_the_shopper_is_the_plugins_visitor_else_its_stand_in():
    order = json.loads(body_of("order-updated-processing"))
    kept = {**order, "meta_data": [{"id": 1, "key": "_sitetracker_vid",
                                    "value": "visitor-000111"}]}
    assert woocommerce.visitor_for(SOURCE, kept) == "visitor-000111"
    # SiteTracker_Visitor::for_order: 'wc-' . substr(hash('sha256', home_url() . '|email:...'))
    expected = "wc-" + hashlib.sha256(b"https://shop.example|email:zoe@example.com"
                                      ).hexdigest()[:32]
    assert woocommerce.visitor_for(SOURCE, order) == expected
    assert woocommerce.beacon_for("k1", SOURCE, "order.updated", order)["j"] == {
        "wc_order": "wc_order_Xq3LmN8pT2vRk", "wc_cart": "b7e3c2a91f04d5e6a8b9c0d1e2f3a4b5"}
    assert "j" not in woocommerce.beacon_for("k1", SOURCE, "order.updated", kept)


def test_the_ping_is_recognised_only_in_its_shape():
    assert woocommerce.is_ping(b"webhook_id=12")
    assert not woocommerce.is_ping(b"webhook_id=12&x=1")
    assert not woocommerce.is_ping(b'{"webhook_id": 12}')


# -- the CLI ------------------------------------------------------------------------


@pytest.fixture
def invoke(app_config):
    from click.testing import CliRunner

    from sitetracker.cli import cli

    env = {name: None for name in os.environ
           if name.startswith("SITETRACKER_") and not name.startswith("SITETRACKER_TEST_")}
    env.update(SITETRACKER_DATABASE_URL=app_config["database_url"],
               SITETRACKER_DATA_DIR=app_config["data_dir"],
               SITETRACKER_BASE_URL="https://track.example.com")

    def run(*args: str, input: str | None = None):
        return CliRunner().invoke(cli, list(args), input=input, env=env,
                                  catch_exceptions=False)

    return run


def test_cli_connects_with_the_secret_from_stdin_and_prints_the_address(world, invoke):
    result = invoke("adapters", "woocommerce", "--site", world.site_a.public_key,
                    "--secret-stdin", input=SECRET + "\n")
    assert result.exit_code == 0, result.output
    assert f"/api/adapters/woocommerce/{world.site_a.public_key}/webhook" in result.output
    with database.connection_context():
        connection = PlatformConnection.get(PlatformConnection.site == world.site_a.id)
        assert (connection.platform, connection.webhook_secret) == ("woocommerce", SECRET)
    listed = invoke("adapters", "list")
    assert "woocommerce" in listed.output and "/api/adapters/woocommerce/" in listed.output


def test_cli_refuses_a_short_secret_naming_the_option(world, invoke):
    result = invoke("adapters", "woocommerce", "--site", world.site_a.public_key,
                    "--secret", "short")
    assert result.exit_code != 0 and "--secret" in result.output
