"""Connecting sites to Shopify and WooCommerce: the CLI's arguments checked, one
connection a platform, a Shopify store on one site only, the last delivery kept."""

from __future__ import annotations

import pytest
from marshmallow import ValidationError

from sitetracker.adapters import connections
from sitetracker.adapters.connections import (
    ShopifyConnectionSchema,
    WooCommerceConnectionSchema,
)
from sitetracker.db import database
from sitetracker.models import Site

SECRET = "whsec-5f1c2b8e9a7d4c3b2a1f0e9d8c7b6a59"
SHOP = "shop-a.myshopify.com"


def site(world_site) -> Site:
    return Site.get_by_id(world_site.id)


def test_the_shop_is_read_from_its_address_and_the_secret_trimmed():
    loaded = ShopifyConnectionSchema().load(
        {"site": "Shop A", "shop": " https://Shop-A.myshopify.com/admin/settings ",
         "secret": f" {SECRET}\n"})
    assert loaded == {"site": "Shop A", "shop": SHOP, "secret": SECRET}


@pytest.mark.parametrize(("body", "field"), [
    ({"site": "Shop A", "shop": "shop-a.example.com", "secret": SECRET}, "shop"),
    ({"site": "Shop A", "shop": SHOP, "secret": "short"}, "secret"),
    ({"site": "Shop A", "shop": SHOP, "secret": "has a space in it, sixteen+"}, "secret"),
    ({"site": "", "shop": SHOP, "secret": SECRET}, "site"),
    ({"shop": SHOP, "secret": SECRET}, "site"),
])
def test_bad_shopify_arguments_name_the_field(body, field):
    with pytest.raises(ValidationError) as refused:
        ShopifyConnectionSchema().load(body)
    assert field in refused.value.messages


def test_a_woocommerce_secret_may_hold_spaces_but_not_be_short():
    secret = "k]9 fQ{2v@L#x;M8p~R^t=Zc"
    assert WooCommerceConnectionSchema().load({"site": "a", "secret": secret})["secret"] == secret
    with pytest.raises(ValidationError) as refused:
        WooCommerceConnectionSchema().load({"site": "a", "secret": "seven77"})
    assert "secret" in refused.value.messages


def test_connecting_again_changes_the_shop_and_secret(world):
    with database.connection_context():
        first, new = connections.connect_shopify(site(world.site_a), SHOP, SECRET)
        assert new
        again, new = connections.connect_shopify(site(world.site_a), "other.myshopify.com",
                                                 "x" * 64)
        assert not new and again.id == first.id
        stored = connections.shopify_connection(world.site_a.id)
        assert (stored.shop_domain, stored.webhook_secret) == ("other.myshopify.com", "x" * 64)


def test_a_shopify_store_connects_to_one_site_only(world):
    with database.connection_context():
        connections.connect_shopify(site(world.site_a), SHOP, SECRET)
        with pytest.raises(ValidationError) as refused:
            connections.connect_shopify(site(world.site_b), SHOP, SECRET)
        assert "shop" in refused.value.messages
        assert connections.shopify_connection(world.site_b.id) is None


def test_woocommerce_connects_beside_shopify_and_each_disconnects_alone(world):
    with database.connection_context():
        connections.connect_shopify(site(world.site_a), SHOP, SECRET)
        woo, new = connections.connect_woocommerce(site(world.site_a), "a secret of woo")
        assert new and woo.shop_domain == ""
        again, new = connections.connect_woocommerce(site(world.site_a), "another secret")
        assert not new and again.id == woo.id
        assert connections.disconnect(site(world.site_a), "shopify") is True
        assert connections.disconnect(site(world.site_a), "shopify") is False
        assert connections.connection_of(world.site_a.id, "shopify") is None
        assert connections.connection_of(world.site_a.id, "woocommerce").webhook_secret == (
            "another secret")


def test_every_connection_is_listed_by_site_name_then_platform(world):
    with database.connection_context():
        connections.connect_woocommerce(site(world.site_b), "a secret of woo")
        connections.connect_woocommerce(site(world.site_a), "a secret of woo")
        connections.connect_shopify(site(world.site_a), SHOP, SECRET)
        listed = [(row.site.name, row.platform) for row in connections.connections()]
    assert listed == [("Shop A", "shopify"), ("Shop A", "woocommerce"),
                      ("Shop B", "woocommerce")]


def test_only_the_last_delivery_is_kept_and_its_result_bounded(world):
    with database.connection_context():
        connection, _ = connections.connect_shopify(site(world.site_a), SHOP, SECRET)
    connections.record_delivery(connection, "refused: bad signature")
    connections.record_delivery(connection, "purchase (orders/create) " + "x" * 200)
    with database.connection_context():
        last = connections.last_delivery(connection.id)
    assert last.result.startswith("purchase (orders/create)") and len(last.result) == 120


def test_the_site_page_sees_every_platform_with_its_webhook_address(world):
    with database.connection_context():
        connection, _ = connections.connect_shopify(site(world.site_a), SHOP, SECRET)
    connections.record_delivery(connection, "ignored: duplicate")
    with database.connection_context():
        views = connections.connection_views(site(world.site_a), "https://track.example/")
    key = world.site_a.public_key
    assert [(v.platform, v.name, v.connected, v.shop) for v in views] == [
        ("shopify", "Shopify", True, SHOP), ("woocommerce", "WooCommerce", False, "")]
    assert views[0].webhook_url == f"https://track.example/api/adapters/shopify/{key}/webhook"
    assert views[0].last_result == "ignored: duplicate" and views[0].last_at is not None
    assert (views[1].last_at, views[1].last_result) == (None, "")
