"""WooCommerce's own webhooks: the deliveries and their helpers, the mapping without
the route, and the CLI; the route's tests (ping, signature, mapping by status,
deliveries and orders counted once, strict orders) are tests/api/test_webhooks.py.

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

import pytest

from sitetracker.adapters import woocommerce
from sitetracker.adapters.connections import connect_woocommerce
from sitetracker.adapters.models import PlatformConnection
from sitetracker.db import database
from sitetracker.models import DailyCount, Site

from .. import commands
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


# The command line (tests/commands.py) at the public address the connect commands print:
# fixtures, by their names.
invoke = commands.invoke
cli_env = commands.public_cli_env


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
