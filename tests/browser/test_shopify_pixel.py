"""The real Shopify customer-events pixel in Chromium, in a frame sandboxed as Shopify
runs it (``sandbox="allow-scripts"``: an opaque origin, so ``Origin: null`` and no
Referer), driven by a stub ``analytics.subscribe`` replaying one shopper's checkout:
three presses of pay, one declined card, then the order. Then Shopify's webhooks for
that checkout and order arrive, signed, without the cart attribute. The owner's numbers
and alerts come from the real server.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sitetracker import tenancy
from sitetracker.adapters.connections import connect_shopify
from sitetracker.models import Site

from .harness import ROOT, LiveServer, Storefront

PIXEL = ROOT / "platform-adapters" / "shopify" / "customer-events-pixel.js"
SHOP_DOMAIN = "shop-a.myshopify.com"
SECRET = "whsec-5f1c2b8e9a7d4c3b2a1f0e9d8c7b6a59"
TOKEN = "5f8a2c1e9b7d4f3a6c0e8b2d4f6a8c0e"  # the checkout's token
ORDER = 6113582317846
CLIENT_ID = "0b6c7f1e-5d3a-4c2b-9e8f-7a6b5c4d3e2f"
DESKTOP_UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/126.0.0.0 Safari/537.36")


def money(amount: float) -> dict[str, Any]:
    return {"amount": amount, "currencyCode": "EUR"}


def checkout(order: bool = False) -> dict[str, Any]:
    """A checkout as the Web Pixels API's standard events carry it."""
    return {
        "token": TOKEN, "currencyCode": "EUR", "totalPrice": money(79.8),
        "subtotalPrice": money(74.8), "email": "jane@example.com",
        "order": {"id": f"gid://shopify/Order/{ORDER}"} if order else None,
        "lineItems": [
            {"id": "l1", "quantity": 2, "title": "Organic tee",
             "variant": {"id": "v1", "title": "Blue / M", "price": money(29.9)},
             "finalLinePrice": money(59.8)},
            {"id": "l2", "quantity": 1, "title": "Canvas tote",
             "variant": {"id": "v2", "title": "Default Title", "price": money(15)},
             "finalLinePrice": money(15)},
        ],
    }


def customer_events() -> list[dict[str, Any]]:
    """One shopper's checkout, as Shopify publishes it to pixels (name, id, clientId,
    seq, timestamp, context with the top page's document, data)."""
    base = f"/checkouts/cn/{TOKEN}"
    steps: list[tuple[str, str, dict[str, Any]]] = [
        ("page_viewed", base, {}),
        ("checkout_started", base, {"checkout": checkout()}),
        ("checkout_contact_info_submitted", base, {"checkout": checkout()}),
        ("checkout_shipping_info_submitted", base, {"checkout": checkout()}),
        ("payment_info_submitted", base, {"checkout": checkout()}),
        ("alert_displayed", base, {"alert": {
            "type": "payment", "target": "cardNumber", "value": "",
            "message": "Your card was declined. Try again or use a different payment method."}}),
        ("payment_info_submitted", base, {"checkout": checkout()}),
        ("payment_info_submitted", base, {"checkout": checkout()}),
        ("checkout_completed", f"{base}/thank-you", {"checkout": checkout(order=True)}),
        ("page_viewed", f"{base}/thank-you", {}),
    ]
    return [{
        "name": name, "id": f"sh-0c9e6f3a-{seq:04d}-4d1b-8e2f-{seq:012d}", "clientId": CLIENT_ID,
        "seq": seq, "type": "standard", "timestamp": f"2026-12-01T14:05:{seq:02d}Z",
        "context": {"document": {
            "location": {"href": f"https://shop-a.test{path}", "pathname": path,
                         "host": "shop-a.test", "origin": "https://shop-a.test"},
            "referrer": "https://shop-a.test/cart", "title": "Checkout - Shop A"}},
        "data": data,
    } for seq, (name, path, data) in enumerate(steps, start=1)]


@pytest.fixture
def api(live_server: LiveServer, site: Site) -> Callable[..., Any]:
    """The site's JSON API as its owner; the site is connected to its Shopify store."""

    def prepare() -> str:
        connect_shopify(Site.get_by_id(site.id), SHOP_DOMAIN, SECRET)
        user, _ = tenancy.add_member("owner@shop-a.test", "owner",
                                     organization=site.organization, password="x" * 12)
        return tenancy.create_api_token(user, "tests")[0]

    token = live_server.run(prepare)

    def call(path: str) -> Any:
        request = urllib.request.Request(
            live_server.url_from_here(f"/api/sites/{site.public_key}{path}"),
            headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    return call


def until(read: Callable[[], Any], check: Callable[[Any], bool], seconds: float = 15) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        value = read()
        if check(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def webhook(live_server: LiveServer, site: Site, topic: str, payload: dict[str, Any],
            delivery: str) -> int:
    body = json.dumps(payload).encode()
    signature = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest())
    request = urllib.request.Request(
        live_server.url_from_here(f"/api/adapters/shopify/{site.public_key}/webhook"),
        data=body, method="POST", headers={
            "Content-Type": "application/json", "X-Shopify-Topic": topic,
            "X-Shopify-Hmac-Sha256": signature.decode(), "X-Shopify-Shop-Domain": SHOP_DOMAIN,
            "X-Shopify-Webhook-Id": delivery, "X-Shopify-API-Version": "2024-10"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def serve_pixel(context: Any, live_server: LiveServer, site: Site) -> None:
    """The pixel file as the merchant pastes it, with their server and site key set."""
    source = (PIXEL.read_text()
              .replace('"https://track.example.com"', json.dumps(live_server.url))
              .replace('"SITE_KEY"', json.dumps(site.public_key)))
    context.route("**/customer-events-pixel.js", lambda route: route.fulfill(
        status=200, content_type="text/javascript", body=source))


def funnel_of(live: dict[str, Any]) -> tuple[int, int, int]:
    funnel = live["commerce"]["funnel"]
    return funnel["carts"], funnel["checkouts"], funnel["purchases"]


def test_the_pixel_in_shopifys_sandbox_reports_one_shopper_once(
        browser, storefront: Storefront, live_server: LiveServer, site: Site, api):
    context = browser.new_context(user_agent=DESKTOP_UA)
    serve_pixel(context, live_server, site)
    tab = context.new_page()
    beacons: list[Any] = []
    tab.on("request", lambda r: beacons.append(r) if r.url.endswith("/api/collect") else None)
    tab.goto(storefront.url("shopify-checkout.html"))
    frame = tab.frame_locator("#pixel")
    frame.locator("body").wait_for(state="attached")
    sandbox = next(f for f in tab.frames if f.url.endswith("/shopify-pixel-frame.html"))
    sandbox.wait_for_function("typeof window.replay == 'function'")

    done = sandbox.evaluate("events => window.replay(events)", customer_events())
    assert done["origin"] == "null", "the frame must run with an opaque origin"
    assert {"alert_displayed", "checkout_completed", "payment_info_submitted"} <= set(
        done["subscribed"])

    # What the browser itself sent: Origin null and no Referer (nothing added here).
    sent = until(lambda: beacons, lambda b: len(b) >= 10)
    assert len(sent) == 10  # one beacon per event (both page views are checkout pages)
    for request in sent:
        headers = request.all_headers()
        assert headers.get("origin") == "null"
        assert "referer" not in headers
        response = request.response()
        assert response is not None and response.status == 202, request.post_data

    live = until(lambda: api("/live"), lambda s: funnel_of(s)[2] == 1)
    assert funnel_of(live) == (1, 1, 1)
    assert live["commerce"]["sales_today"]["count"] == 1
    assert live["commerce"]["sales_today"]["value"] == 79.8

    alerts = until(lambda: api("/alerts")["alerts"],
                   lambda a: any(x["kind"] == "sale" for x in a))
    trouble = [a for a in alerts if a["kind"] == "event_count"]
    assert len(trouble) == 1, "three presses of pay: one checkout-trouble alert"
    seen = [error["message"] for error in trouble[0]["details"]["errors"]]
    assert seen == ["Your card was declined. Try again or use a different payment method."]
    assert len([a for a in alerts if a["kind"] == "sale"]) == 1
    shopper = trouble[0]["shopper"]

    # Shopify's webhooks for that checkout and order (no cart attribute): the same shopper.
    checkout_hook = {"id": 3321, "token": TOKEN, "cart_token": "Z2NwLWV1cm9wZS13ZXN0",
                     "total_price": "79.80",
                     "currency": "EUR", "note_attributes": [], "customer": None,
                     "line_items": [{"title": "Organic tee", "quantity": 2},
                                    {"title": "Canvas tote", "quantity": 1}]}
    order_hook = {"id": ORDER, "name": "#1042", "total_price": "79.80", "currency": "EUR",
                  "checkout_token": TOKEN, "cart_token": "Z2NwLWV1cm9wZS13ZXN0",
                  "financial_status": "paid", "note_attributes": [],
                  "client_details": {"user_agent": DESKTOP_UA},
                  "payment_gateway_names": ["shopify_payments"],
                  "line_items": [{"title": "Organic tee", "quantity": 2},
                                 {"title": "Canvas tote", "quantity": 1}]}
    assert webhook(live_server, site, "checkouts/create", checkout_hook, "wh-c1") == 200
    assert webhook(live_server, site, "orders/create", order_hook, "wh-o1") == 200
    assert webhook(live_server, site, "orders/paid", order_hook, "wh-o2") == 200

    live = api("/live")
    assert funnel_of(live) == (1, 1, 1)
    assert live["commerce"]["sales_today"]["count"] == 1
    recent = until(lambda: api("/live")["recent"],
                   lambda r: sum(1 for e in r if e["n"] == "checkout") >= 2)
    checkouts = [e for e in recent if e["n"] == "checkout"]
    assert {e["v"] for e in checkouts} == {shopper}, "the webhook's checkout is the shopper's"
    alerts = api("/alerts")["alerts"]
    assert len([a for a in alerts if a["kind"] == "sale"]) == 1
    context.close()


def test_the_sandbox_beacons_are_refused_for_a_site_not_connected_to_shopify(
        browser, storefront: Storefront, live_server: LiveServer, site: Site):
    context = browser.new_context(user_agent=DESKTOP_UA)
    serve_pixel(context, live_server, site)
    tab = context.new_page()
    beacons: list[Any] = []
    tab.on("request", lambda r: beacons.append(r) if r.url.endswith("/api/collect") else None)
    tab.goto(storefront.url("shopify-checkout.html"))
    tab.frame_locator("#pixel").locator("body").wait_for(state="attached")
    sandbox = next(f for f in tab.frames if f.url.endswith("/shopify-pixel-frame.html"))
    sandbox.wait_for_function("typeof window.replay == 'function'")
    sandbox.evaluate("events => window.replay(events)", customer_events()[1:2])
    sent = until(lambda: beacons, lambda b: len(b) >= 1 and b[0].response() is not None)
    assert sent[0].response().status == 403
    context.close()


def test_the_pixel_file_is_the_one_served(tmp_path: Path):
    """The test serves the file merchants paste, changing only the two settings."""
    source = PIXEL.read_text()
    assert source.count('"https://track.example.com"') == 1
    assert source.count('"SITE_KEY"') == 1
