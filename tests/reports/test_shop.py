"""Today's top products and searches from the daily counts (the products and searches
tiles: :func:`sitetracker.reports.shop.top_products`,
:func:`sitetracker.reports.events.top_searches`), through ``GET /api/sites/<key>/catalog``."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ..reading import read, token_headers
from ..shopping import Shopper


@pytest.fixture
def app_clock(clock):
    clock.set(datetime(2026, 3, 10, 12, 0, tzinfo=UTC))
    return clock


def catalog_of(client, world, headers, query=""):
    return read(client, world, headers, "catalog", query)


def test_products_count_views_adds_to_cart_and_purchases(app, client, world, make_user):
    ana = Shopper(app, world.site_a, "shopper-ana1").open()
    ana.event("view_item", product="Organic tee", value=29.9, currency="EUR")
    ana.event("view_item", product="Linen shirt")
    ana.event("add_to_cart", product="Organic tee", quantity=2, value=59.8)
    ana.event("purchase", order_id="o-1", value=59.8, currency="EUR",
              items=[{"product": "Organic tee", "quantity": 2}])
    bob = Shopper(app, world.site_a, "shopper-bob1").open()
    bob.event("view_item", product="Organic tee")
    bob.event("view_item", product="Wool socks")
    app.extensions["sitetracker"].buffer.flush()
    body = catalog_of(client, world, token_headers(make_user, world, "viewer"))
    assert body["products"] == [
        {"product": "Organic tee", "views": 2, "carts": 2, "purchases": 2},
        {"product": "Linen shirt", "views": 1, "carts": 0, "purchases": 0},
        {"product": "Wool socks", "views": 1, "carts": 0, "purchases": 0},
    ]


def test_searches_count_terms_and_those_that_found_nothing(app, client, world, make_user):
    shopper = Shopper(app, world.site_a, "shopper-srch").open()
    shopper.event("search", q="Linen shirt", results=12)
    shopper.event("search", q="linen  SHIRT", results=12)
    shopper.event("search", q="<b>lnen</b>", results=0)
    shopper.event("search", q="socks")
    app.extensions["sitetracker"].buffer.flush()
    body = catalog_of(client, world, token_headers(make_user, world, "viewer"))
    assert body["searches"] == [{"q": "linen shirt", "count": 2},
                                {"q": "<b>lnen</b>", "count": 1}, {"q": "socks", "count": 1}]
    assert body["searches_none"] == [{"q": "<b>lnen</b>", "count": 1}]  # shown as text
    assert catalog_of(client, world, token_headers(make_user, world, "admin"),
                      "?from=2026-03-01&to=2026-03-09")["searches"] == []
