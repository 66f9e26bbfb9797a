"""Page types: from the platforms' URL conventions, the pixel's event types and each
site's own rules; kept with the live shopper and split in the snapshot (the rules on the
site's page are tests/web/test_page_types.py's)."""

from __future__ import annotations

import json

import pytest

from sitetracker.commerce.page_types import PAGE_TYPES, page_type_of, parse_rules

CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/126.0 Safari/537.36")


@pytest.mark.parametrize(("path", "kind"), [
    # Shopify
    ("/", "home"), ("/collections/summer", "category"), ("/collections/all", "category"),
    ("/collections/sale", "offers"), ("/collections/sale/products/tee", "product"),
    ("/products/organic-tee", "product"), ("/cart", "cart"), ("/search?q=linen", "search"),
    ("/checkouts/cn/Z2NwLWV1/", "checkout"), ("/checkouts/cn/Z2NwLWV1/thank-you", "thank-you"),
    ("/checkouts/c1/thank_you", "thank-you"), ("/64129925/orders/4f1a2b", "thank-you"),
    # WooCommerce
    ("/shop/", "category"), ("/product-category/shirts/", "category"),
    ("/product-category/sale/", "offers"), ("/product/organic-tee/", "product"),
    ("/cart/", "cart"), ("/checkout/", "checkout"),
    ("/checkout/order-pay/4181/?pay_for_order=true&key=wc_order_X", "payment"),
    ("/checkout/order-received/4181/?key=wc_order_X", "thank-you"),
    ("/?s=shirt&post_type=product", "search"), ("/my-account/orders/", "other"),
    ("/about-us/", "other"), ("/pages/offers", "offers"),
])
def test_platform_conventions_name_the_page_type(path, kind):
    assert page_type_of("https://shop.test" + path) == kind


def test_a_sites_own_rules_come_first():
    rules = (("/deals/*", "offers"), ("/p/*", "product"), ("/", "home"))
    assert page_type_of("https://x.test/deals/today", rules) == "offers"
    assert page_type_of("https://x.test/p/1234", rules) == "product"
    assert page_type_of("https://x.test/cart", rules) == "cart"


def test_rules_are_parsed_one_per_line_and_bad_ones_named():
    assert parse_rules("/deals/* offers\n\n# comment\n/p/* product\n") == [
        ("/deals/*", "offers"), ("/p/*", "product")]
    with pytest.raises(ValueError, match="line 2: the type is one of"):
        parse_rules("/a home\n/b shop")
    with pytest.raises(ValueError, match="line 1: a path pattern"):
        parse_rules("deals offers")


def beacon(client, site, visitor: str, *events: dict) -> None:
    body = {"k": site.public_key, "v": visitor, "ev": list(events)}
    response = client.post("/api/collect", data=json.dumps(body), headers={
        "Origin": "https://shop-a.test", "User-Agent": CHROME})
    assert response.status_code == 202, response.json


def snapshot(app, site):
    tracking = app.extensions["sitetracker"]
    return tracking.snapshot(tracking.sites.by_key(site.public_key))


def test_the_snapshot_splits_live_shoppers_by_page_type(app, client, world):
    site = world.site_a
    beacon(client, site, "visitor-000001", {"n": "pageview", "u": "https://shop-a.test/"})
    beacon(client, site, "visitor-000002",
           {"n": "pageview", "u": "https://shop-a.test/products/tee"})
    beacon(client, site, "visitor-000003",
           {"n": "pageview", "u": "https://shop-a.test/products/tote"})
    # The Shopify pixel's events say where the shopper is on a one-page checkout.
    beacon(client, site, "visitor-000004",
           {"n": "pageview", "u": "https://shop-a.test/checkouts/cn/abc"},
           {"n": "pay_now", "u": "https://shop-a.test/checkouts/cn/abc", "p": {"value": 9}})
    assert snapshot(app, site)["page_types"] == {"home": 1, "product": 2, "payment": 1}


def test_every_page_type_is_a_known_one():
    assert set(PAGE_TYPES) >= {"home", "category", "product", "offers", "cart", "checkout",
                               "payment", "thank-you", "search", "other"}
