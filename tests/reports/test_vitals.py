"""Web Vitals through the pipeline, the write buffer and back: p75 per page and device
against the p75 of the values sent, checkout pages beside abandonment,
and ``GET /api/sites/<key>/vitals``."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from sitetracker.board import board_of

from ..agents import IPHONE
from ..reading import exact_p75, token_headers
from ..shopping import Shopper
from ..vitals.sending import send_vitals, vitals_of


@pytest.fixture
def app_clock(clock):
    clock.set(datetime(2026, 3, 10, 12, 0, tzinfo=UTC))
    return clock


def bucket_edge(value, width):
    return math.ceil(round(value / width, 6)) * width


def test_p75_per_page_and_device_matches_the_values_sent(app, client, world, make_user):
    desktop = Shopper(app, world.site_a, "shopper-desk")
    phone = Shopper(app, world.site_a, "shopper-phone", ua=IPHONE)
    desk_lcp = [1100, 1900, 2240, 2310, 2480, 2950, 3900]
    phone_lcp = [2600, 3100, 4200, 4800, 5200, 6100]
    phone_cls = [0.01, 0.04, 0.12, 0.3]
    send_vitals(desktop, "/products/tee", "LCP", desk_lcp)
    send_vitals(phone, "/products/tee", "LCP", phone_lcp)
    send_vitals(phone, "/products/tee", "CLS", phone_cls)
    app.extensions["sitetracker"].buffer.flush()
    body = vitals_of(client, world, token_headers(make_user, world, "viewer"))
    assert body["from"] == body["to"] == "2026-03-10"
    pages = {(p["path"], p["device"]): p["vitals"] for p in body["pages"]}
    desk, mobile = pages[("/products/tee", "desktop")], pages[("/products/tee", "mobile")]
    assert desk["LCP"] == {"p75": bucket_edge(exact_p75(desk_lcp), 100),
                           "rating": "needs-improvement", "count": 7}
    assert mobile["LCP"]["p75"] == bucket_edge(exact_p75(phone_lcp), 100) == 5200
    assert mobile["LCP"]["rating"] == "poor"
    assert mobile["CLS"] == {"p75": bucket_edge(exact_p75(phone_cls), 0.01),
                             "rating": "needs-improvement", "count": 4}
    everyone = desk_lcp + phone_lcp
    assert body["overall"]["LCP"]["p75"] == bucket_edge(exact_p75(everyone), 100)
    assert body["devices"]["desktop"]["LCP"]["count"] == 7
    assert body["metrics"]["LCP"] == {"unit": "ms", "good": 2500, "poor": 4000}
    assert body["metrics"]["CLS"]["unit"] == ""


def test_checkout_pages_are_shown_beside_checkout_abandonment(app, client, world,
                                                             make_user):
    for n, bought in enumerate([True, False, False]):
        shopper = Shopper(app, world.site_a, f"shopper-chk{n}").open()
        shopper.event("add_to_cart", value=20.0)
        shopper.event("checkout", value=20.0)
        if bought:
            shopper.event("purchase", order_id=f"o-{n}", value=20.0, currency="EUR")
        shopper.close()
        send_vitals(shopper, "/checkout", "LCP", [4500 + n * 100])
        send_vitals(shopper, "/checkout", "INP", [180])
    send_vitals(Shopper(app, world.site_a, "shopper-home"), "/", "LCP", [900])
    app.extensions["sitetracker"].buffer.flush()
    checkout = vitals_of(client, world, token_headers(make_user, world, "viewer"))["checkout"]
    assert (checkout["checkouts"], checkout["purchases"]) == (3, 1)
    assert checkout["checkout_abandonment"] == pytest.approx(2 / 3, abs=1e-4)
    assert checkout["pages"] == [{"path": "/checkout", "vitals": {
        "LCP": {"p75": 4700, "rating": "poor", "count": 3},
        "INP": {"p75": 200, "rating": "good", "count": 3}}}]


def test_a_range_before_today_reads_those_days_only(app, client, world, make_user, clock):
    shopper = Shopper(app, world.site_a, "shopper-range")
    send_vitals(shopper, "/", "FCP", [1000])
    app.extensions["sitetracker"].buffer.flush()
    clock.set(datetime(2026, 3, 12, 12, 0, tzinfo=UTC))
    headers = token_headers(make_user, world, "viewer")
    assert vitals_of(client, world, headers)["overall"] == {}
    body = vitals_of(client, world, headers, "?from=2026-03-09&to=2026-03-11")
    assert body["overall"]["FCP"] == {"p75": 1000, "rating": "good", "count": 1}
    bad = client.get(f"/api/sites/{world.site_a.public_key}/vitals?from=2026-03-11&to=2026-03-01",
                     headers=headers)
    assert bad.status_code == 400 and "to" in bad.json["error"]["fields"]


def test_the_board_accepts_the_vitals_products_and_searches_tiles(app):
    assert {"vitals", "products", "searches"} <= board_of(app).tile_types
