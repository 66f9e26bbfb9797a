"""The Shopify adapter: webhooks (route, signature, mapping, retries) and the
customer-events pixel's beacons through the real /api/collect. The CLI that connects a
site is tested in tests/cli/test_adapters.py."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import shutil
import subprocess
from typing import Any

import pytest

from sitetracker.adapters import shopify
from sitetracker.adapters.connections import connect_shopify
from sitetracker.clock import local_day
from sitetracker.commerce.models import FunnelVisitor
from sitetracker.db import database
from sitetracker.domain import visitor_hash
from sitetracker.models import DailyCount, Site

from ..paths import FIXTURES, ROOT

PIXEL_TESTS = ROOT / "platform-adapters" / "shopify" / "tests"
SECRET = "whsec-5f1c2b8e9a7d4c3b2a1f0e9d8c7b6a59"
SHOP = "shop-a.myshopify.com"
CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/126.0 Safari/537.36")


def order(**changes: Any) -> dict[str, Any]:
    """An order as Shopify's order webhooks send it (the fields the adapter reads)."""
    payload: dict[str, Any] = {
        "id": 6113582317846, "name": "#1042", "email": "jane@example.com",
        "total_price": "79.80", "currency": "EUR", "financial_status": "paid",
        "checkout_token": "c1-7a9f3e", "cart_token": "z2-cart",
        "customer": {"id": 7349285, "email": "jane@example.com"},
        "client_details": {"browser_ip": "203.0.113.9", "user_agent": CHROME},
        "payment_gateway_names": ["shopify_payments"],
        "note_attributes": [{"name": "gift", "value": "no"}],
        "line_items": [
            {"id": 1, "title": "Organic tee", "quantity": 2, "price": "29.90"},
            {"id": 2, "title": "Canvas tote", "quantity": 1, "price": "15.00"},
        ],
    }
    payload.update(changes)
    return payload


def checkout(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "token": "c1-7a9f3e", "cart_token": "z2-cart", "total_price": "79.80",
        "currency": "EUR", "email": None, "customer": None, "note_attributes": {},
        "line_items": [{"title": "Organic tee", "quantity": 2}, {"title": "Tote", "quantity": 1}],
    }
    payload.update(changes)
    return payload


def signed(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


@pytest.fixture
def connected(app, world):
    with database.connection_context():
        connect_shopify(Site.get_by_id(world.site_a.id), SHOP, SECRET)
    return world


def deliver(client, site, topic: str, payload: Any, *, webhook_id: str | None = "wh-1",
            secret: str = SECRET, raw: bytes | None = None, headers: dict[str, str] | None = None):
    body = raw if raw is not None else json.dumps(payload).encode()
    all_headers = {"X-Shopify-Topic": topic, "X-Shopify-Hmac-Sha256": signed(body, secret),
                   "X-Shopify-Shop-Domain": SHOP, "Content-Type": "application/json",
                   **({"X-Shopify-Webhook-Id": webhook_id} if webhook_id else {}),
                   **(headers or {})}
    return client.post(f"/api/adapters/shopify/{site.public_key}/webhook", data=body,
                       headers=all_headers)


def event_count(app, site, name: str) -> float:
    app.extensions["sitetracker"].buffer.flush()
    with database.connection_context():
        row = DailyCount.get_or_none((DailyCount.site == site.id) & (DailyCount.metric == "event")
                                     & (DailyCount.key == name))
        return row.value if row else 0


def snapshot(app, site) -> dict[str, Any]:
    tracking = app.extensions["sitetracker"]
    return tracking.snapshot(tracking.sites.by_key(site.public_key))


# -- the webhook route ----------------------------------------------------------------


def test_signed_order_webhook_is_a_purchase_counted_in_rollups_and_live_state(app, client,
                                                                             connected):
    response = deliver(client, connected.site_a, "orders/create", order())
    assert response.status_code == 200
    assert response.json == {"ok": 1, "dropped": {}}
    assert event_count(app, connected.site_a, "purchase") == 1
    sales = snapshot(app, connected.site_a)["commerce"]["sales_today"]
    assert sales["count"] == 1 and sales["value"] == 79.8 and sales["currency"] == "EUR"


def test_checkout_webhook_is_a_checkout(app, client, connected):
    response = deliver(client, connected.site_a, "checkouts/create", checkout())
    assert response.status_code == 200 and response.json["ok"] == 1
    assert event_count(app, connected.site_a, "checkout") == 1
    assert snapshot(app, connected.site_a)["commerce"]["funnel"]["checkouts"] == 1


@pytest.mark.parametrize("header", [signed(b"something else"), "", "not base64 at all"])
def test_bad_or_missing_signature_is_401_in_the_error_shape(app, client, connected, header):
    response = deliver(client, connected.site_a, "orders/create", order(),
                       headers={"X-Shopify-Hmac-Sha256": header})
    assert response.status_code == 401
    error = response.json["error"]
    assert error["status"] == 401 and "X-Shopify-Hmac-Sha256" in error["fields"]
    assert event_count(app, connected.site_a, "purchase") == 0


def test_a_webhook_signed_with_the_site_secret_instead_is_refused(client, connected):
    response = deliver(client, connected.site_a, "orders/create", order(),
                       secret=connected.site_a.secret)
    assert response.status_code == 401


def test_unknown_topic_is_answered_200_and_ignored(app, client, connected):
    response = deliver(client, connected.site_a, "products/update", {"id": 1, "title": "Tee"})
    assert response.status_code == 200
    assert response.json["ok"] == 0 and response.json["ignored"] == "topic"
    assert snapshot(app, connected.site_a)["users"] == 0


def test_a_retried_webhook_is_counted_once(app, client, connected):
    first = deliver(client, connected.site_a, "checkouts/create", checkout(), webhook_id="wh-9")
    again = deliver(client, connected.site_a, "checkouts/create", checkout(), webhook_id="wh-9")
    assert first.json["ok"] == 1
    assert again.status_code == 200 and again.json["ignored"] == "duplicate"
    assert event_count(app, connected.site_a, "checkout") == 1


def test_a_webhook_retried_after_a_restart_is_still_counted_once(app, app_config, connected):
    from sitetracker import create_app

    deliver(app.test_client(), connected.site_a, "orders/create", order(), webhook_id="wh-7")
    restarted = create_app(app_config)  # nothing of the first process's memory is left
    again = deliver(restarted.test_client(), connected.site_a, "orders/create", order(),
                    webhook_id="wh-7")
    assert again.status_code == 200 and again.json["ignored"] == "duplicate"
    other = deliver(restarted.test_client(), connected.site_a, "orders/paid", order(),
                    webhook_id="wh-8")  # the same order by another topic
    assert other.json["ignored"] == "order already reported"
    assert snapshot(restarted, connected.site_a)["commerce"]["sales_today"]["count"] == 1


def test_an_order_created_then_paid_is_one_purchase(app, client, connected):
    deliver(client, connected.site_a, "orders/create", order(), webhook_id="wh-1")
    paid = deliver(client, connected.site_a, "orders/paid", order(), webhook_id="wh-2")
    assert paid.status_code == 200 and paid.json["ignored"] == "order already reported"
    assert event_count(app, connected.site_a, "purchase") == 1


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b"\xff\xfe"])
def test_malformed_body_is_400_naming_the_body(app, client, connected, raw):
    response = deliver(client, connected.site_a, "orders/create", None, raw=raw)
    assert response.status_code == 400
    assert "body" in response.json["error"]["fields"]


def test_a_failed_delivery_is_not_remembered_so_shopifys_retry_counts(app, client, connected):
    deliver(client, connected.site_a, "orders/create", None, raw=b"{", webhook_id="wh-5")
    response = deliver(client, connected.site_a, "orders/create", order(), webhook_id="wh-5")
    assert response.json["ok"] == 1


def test_another_sites_key_is_404(app, client, connected):
    # Site B exists but is not connected to Shopify; an unknown key is no better.
    for key in (connected.site_b.public_key, "ffffffffffffffff", "not-a-key!"):
        response = client.post(f"/api/adapters/shopify/{key}/webhook", data=b"{}", headers={
            "X-Shopify-Topic": "orders/create", "X-Shopify-Hmac-Sha256": signed(b"{}")})
        assert response.status_code == 404, key
        assert "key" in response.json["error"]["fields"]
    assert event_count(app, connected.site_b, "purchase") == 0


def test_a_webhook_from_another_shop_is_403(client, connected):
    response = deliver(client, connected.site_a, "orders/create", order(),
                       headers={"X-Shopify-Shop-Domain": "other.myshopify.com"})
    assert response.status_code == 403
    assert "X-Shopify-Shop-Domain" in response.json["error"]["fields"]


def test_the_cart_attribute_names_the_shopper_who_does_not_become_live(app, client,
                                                                     connected):
    payload = order(note_attributes=[{"name": "st_vid", "value": "visitor-000111"}])
    deliver(client, connected.site_a, "orders/create", payload)
    tracking = app.extensions["sitetracker"]
    day = local_day(tracking.clock.now(), connected.site_a.timezone)
    with database.connection_context():
        buyers = [row.visitor for row in FunnelVisitor.select().where(
            (FunnelVisitor.site == connected.site_a.id) & (FunnelVisitor.day == day)
            & (FunnelVisitor.stage == "purchase"))]
    assert buyers == [visitor_hash(connected.site_a.id, "visitor-000111")]
    # A webhook is about a shopper, it is not one on the site now.
    assert tracking.live.live_visitors(connected.site_a.id, tracking.clock.now()) == []
    assert snapshot(app, connected.site_a)["users"] == 0


# -- mapping, without the route -------------------------------------------------------


def test_signature_is_base64_hmac_sha256_of_the_raw_body():
    body = b'{"id":1}'
    assert shopify.signature_ok(SECRET, body, signed(body))
    assert shopify.signature_ok(SECRET, body, " " + signed(body) + "\n")
    assert not shopify.signature_ok(SECRET, body + b" ", signed(body))
    assert not shopify.signature_ok(SECRET, body, None)
    assert not shopify.signature_ok("", body, signed(body, ""))


def test_order_maps_to_a_purchase_with_id_total_currency_items_and_method():
    assert shopify.event_for("orders/paid", order()) == {
        "n": "purchase", "i": "shopify:order:6113582317846:purchase", "p": {
            "order_id": "6113582317846", "method": "shopify_payments", "value": 79.8,
            "currency": "EUR", "items": 3}}


def test_checkout_maps_to_a_checkout():
    assert shopify.event_for("checkouts/create", checkout()) == {
        "n": "checkout", "i": "shopify:checkout:c1-7a9f3e:checkout",
        "p": {"value": 79.8, "currency": "EUR", "items": 3}}


def test_odd_values_are_left_out_rather_than_refused():
    event = shopify.event_for("orders/create", order(
        currency="euro", line_items="x", payment_gateway_names=[None]))
    assert event["p"] == {"order_id": "6113582317846", "value": 79.8}
    assert shopify.event_for("checkouts/create", checkout(total_price="free"))["p"] == {
        "currency": "EUR", "items": 3}
    assert shopify.event_for("fulfillments/create", order()) is None


@pytest.mark.parametrize("changes", [
    {"id": None}, {"id": True}, {"id": ""}, {"total_price": None}, {"total_price": "free"},
    {"total_price": "-3"}, {"total_price": "NaN"}, {"total_price": True},
])
def test_an_order_without_an_id_or_a_valid_total_is_not_a_sale(changes):
    with pytest.raises(shopify.InvalidPayload):
        shopify.event_for("orders/create", order(**changes))


def test_an_invalid_order_is_answered_200_ignored_logged_and_not_counted(app, client,
                                                                        connected, caplog):
    response = deliver(client, connected.site_a, "orders/create", order(total_price=None))
    assert response.status_code == 200
    assert response.json == {"ok": 0, "dropped": {}, "ignored": "invalid"}
    assert "no valid total_price" in caplog.text
    assert event_count(app, connected.site_a, "purchase") == 0
    assert snapshot(app, connected.site_a)["commerce"]["sales_today"]["count"] == 0


def test_a_checkout_and_its_order_are_the_same_shopper_without_the_cart_attribute():
    from_checkout = shopify.visitor_for(SHOP, "checkouts/create", checkout())
    from_order = shopify.visitor_for(SHOP, "orders/create", order())
    assert from_checkout == from_order
    assert from_order.endswith("-shopify") and len(from_order) == 40
    assert shopify.visitor_for("other.myshopify.com", "orders/create", order()) != from_order


def test_visitor_falls_back_from_tokens_to_customer_email_and_order():
    bare = order(checkout_token=None, cart_token=None)
    by_customer = shopify.visitor_for(SHOP, "orders/create", bare)
    assert by_customer == shopify.visitor_for(SHOP, "orders/create", {**bare, "id": 2})
    guest = {**bare, "customer": None}
    assert shopify.visitor_for(SHOP, "orders/create", guest) == shopify.visitor_for(
        SHOP, "orders/create", {**guest, "email": " JANE@example.com "})
    nobody = {"id": 77}
    assert shopify.visitor_for(SHOP, "orders/create", nobody) != shopify.visitor_for(
        SHOP, "orders/create", {"id": 78})


@pytest.mark.parametrize("attributes", [
    [{"name": "st_vid", "value": "visitor-000111"}],
    {"st_vid": "visitor-000111"},
    [{"name": "_st_vid", "value": "visitor-000111"}],
])
def test_cart_attribute_in_either_shape_is_the_visitor(attributes):
    assert shopify.visitor_for(SHOP, "orders/create",
                               order(note_attributes=attributes)) == "visitor-000111"


def test_an_invalid_cart_attribute_is_not_trusted():
    visitor = shopify.visitor_for(SHOP, "orders/create", order(
        note_attributes=[{"name": "st_vid", "value": "<script>"}]))
    assert visitor.endswith("-shopify")


def test_stand_in_shoppers_have_distinct_short_ids():
    ids = {shopify.visitor_for(SHOP, "orders/create", order(checkout_token=f"tok-{n}"))[:8]
           for n in range(20)}
    assert len(ids) == 20


def test_the_browser_is_passed_on_unless_it_looks_like_a_bot():
    assert shopify.beacon_for("k1", SHOP, "orders/create", order())["ua"] == CHROME
    bot = order(client_details={"user_agent": "python-requests/2.31"})
    assert "ua" not in shopify.beacon_for("k1", SHOP, "orders/create", bot)


# -- the customer-events pixel (node) --------------------------------------------------


def node_or_skip() -> str:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is required in CI for the Shopify pixel's tests")
        pytest.skip("node is not installed")
    return node


def test_pixel_and_theme_snippet_node_tests_pass():
    node = node_or_skip()
    result = subprocess.run([node, "--test", str(PIXEL_TESTS) + "/"], capture_output=True,
                            text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def pixel_requests(site) -> list[dict[str, Any]]:
    node = node_or_skip()
    result = subprocess.run(
        [node, str(PIXEL_TESTS / "print-bodies.js"), site.public_key, "http://localhost",
         "shop-a.test"], capture_output=True, text=True, timeout=60, cwd=ROOT, check=True)
    return json.loads(result.stdout)


def test_pixel_beacons_from_the_sandbox_are_accepted_by_the_real_collect_endpoint(
        app, client, connected):
    site = connected.site_a
    requests = pixel_requests(site)
    assert [json.loads(r["body"])["ev"][0]["n"] for r in requests] == [
        "search", "view_item", "add_to_cart", "remove_from_cart", "checkout", "pageview",
        "pay_now", "purchase", "pageview"]
    for sent in requests:
        assert sent["url"] == "http://localhost/api/collect"
        # From Shopify's sandboxed frame: an opaque origin and no Referer at all.
        response = client.post("/api/collect", data=sent["body"], headers={
            **sent["headers"], "Origin": "null", "User-Agent": CHROME})
        assert response.status_code == 202, (sent["body"], response.json)
        assert response.json == {"ok": 1, "dropped": {}}, sent["body"]
    assert event_count(app, site, "purchase") == 1
    assert snapshot(app, site)["commerce"]["sales_today"]["value"] == 79.8
    assert event_count(app, site, "view_item") == 1 and event_count(app, site, "search") == 1


def test_an_opaque_origin_pixel_beacon_needs_a_shopify_connection(client, world):
    sent = pixel_requests(world.site_a)[4]  # the checkout
    response = client.post("/api/collect", data=sent["body"], headers={
        **sent["headers"], "Origin": "null", "User-Agent": CHROME})
    assert response.status_code == 403
    assert "origin" in response.json["error"]["fields"]


def pixel_beacon(site, **changes: Any) -> bytes:
    body = {"k": site.public_key, "v": "visitor-000111", "src": "shopify_pixel",
            "ev": [{"n": "checkout", "u": "https://shop-a.test/checkouts/cn/c1"}], **changes}
    return json.dumps(body).encode()


@pytest.mark.parametrize("changes", [
    {"src": None},  # no marker: an opaque origin alone names no page
    {"ev": [{"n": "checkout"}]},  # an event without its page
    {"ev": [{"n": "checkout", "u": "https://evil.test/checkouts/cn/c1"}]},
    {"ev": [{"n": "checkout", "u": "https://shop-a.test/c"}, {"n": "pay_now"}]},
])
def test_an_opaque_origin_beacon_without_the_marker_or_its_pages_is_refused(client, connected,
                                                                           changes):
    body = json.loads(pixel_beacon(connected.site_a, **changes))
    body = {k: v for k, v in body.items() if v is not None}
    response = client.post("/api/collect", data=json.dumps(body), headers={
        "Origin": "null", "User-Agent": CHROME})
    assert response.status_code == 403


def test_an_opaque_origin_pixel_beacon_on_the_sites_pages_is_accepted(client, connected):
    response = client.post("/api/collect", data=pixel_beacon(connected.site_a), headers={
        "Origin": "null", "User-Agent": CHROME})
    assert response.status_code == 202 and response.json["ok"] == 1


def test_an_opaque_origin_without_an_allowed_referer_is_still_refused(client, world):
    body = json.dumps({"k": world.site_a.public_key, "v": "visitor-000111",
                       "ev": {"n": "checkout"}})
    for referer in (None, "https://evil.test/"):
        headers = {"Origin": "null", "User-Agent": CHROME,
                   **({"Referer": referer} if referer else {})}
        assert client.post("/api/collect", data=body, headers=headers).status_code == 403


def test_the_pixels_checkout_token_joins_the_webhooks_to_its_shopper(app, client, connected):
    """The pixel (opaque origin) reports the checkout with its token; the checkout and
    order webhooks, without the cart attribute, are then the same shopper."""
    site = connected.site_a
    beacon = pixel_beacon(site, j={"shopify_checkout": "c1-7a9f3e"},
                          ev=[{"n": "checkout", "u": "https://shop-a.test/checkouts/cn/c1-7a9f3e",
                               "p": {"value": 79.8}}])
    assert client.post("/api/collect", data=beacon, headers={
        "Origin": "null", "User-Agent": CHROME}).status_code == 202
    deliver(client, site, "checkouts/create", checkout(), webhook_id="wh-1")
    deliver(client, site, "orders/create", order(), webhook_id="wh-2")
    funnel = snapshot(app, site)["commerce"]["funnel"]
    assert (funnel["carts"], funnel["checkouts"], funnel["purchases"]) == (1, 1, 1)


# -- deliveries in Shopify's own bytes -------------------------------------------------

SHOPIFY_FIXTURES = FIXTURES / "shopify"


def shopify_bytes(name: str) -> bytes:
    """A delivery as Shopify sends it: compact JSON, UTF-8 as is, money as strings."""
    return (SHOPIFY_FIXTURES / f"{name}.json").read_bytes()


def test_deliveries_in_shopifys_bytes_are_one_checkout_and_one_sale(app, client, connected):
    site = connected.site_a
    checkout_body, order_body = shopify_bytes("checkouts-create"), shopify_bytes("orders-create")
    assert deliver(client, site, "checkouts/create", None, raw=checkout_body,
                   webhook_id="b1f0c3d2-checkout").json["ok"] == 1
    assert deliver(client, site, "orders/create", None, raw=order_body,
                   webhook_id="b1f0c3d2-create").json["ok"] == 1
    assert deliver(client, site, "orders/paid", None, raw=order_body,
                   webhook_id="b1f0c3d2-paid").json["ignored"] == "order already reported"
    commerce = snapshot(app, site)["commerce"]
    funnel = commerce["funnel"]
    assert (funnel["carts"], funnel["checkouts"], funnel["purchases"]) == (1, 1, 1)
    assert commerce["sales_today"] == {"count": 1, "value": 79.8, "currency": "EUR",
                                       "by_currency": {"EUR": {"count": 1, "value": 79.8}}}


def test_a_signature_over_re_encoded_json_is_refused(client, connected):
    """The HMAC is over the exact bytes: the same order re-encoded (\\u-escaped, spaced)
    does not match the signature Shopify made over its bytes."""
    order_body = shopify_bytes("orders-create")
    re_encoded = json.dumps(json.loads(order_body)).encode()
    assert re_encoded != order_body
    response = deliver(client, connected.site_a, "orders/create", None, raw=re_encoded,
                       headers={"X-Shopify-Hmac-Sha256": signed(order_body)})
    assert response.status_code == 401
