"""The daily funnel and abandonment history: days become final after the site's
midnight, and its CSV (the route's refusals are tests/api/test_commerce.py's)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from sitetracker.live.ticker import keepalive

from ..reading import token_headers
from ..shopping import Shopper


@pytest.fixture
def app_clock(clock):
    return clock


def funnel(client, world, headers, days=7):
    response = client.get(f"/api/sites/{world.site_a.public_key}/funnel?days={days}",
                          headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def test_yesterday_is_final_with_its_figures_and_today_is_separate(app, client, world,
                                                                   clock, make_user):
    # 10 March, evening in Paris: two carts, one purchase, one cart left open.
    clock.set(datetime(2026, 3, 10, 21, 30, tzinfo=UTC))  # 22:30 in Paris
    buyer = Shopper(app, world.site_a, "shopper-buyer").open()
    buyer.event("add_to_cart", value=50.0)
    buyer.event("checkout", value=50.0)
    buyer.event("purchase", order_id="1", value=50.0, currency="EUR")
    late = Shopper(app, world.site_a, "shopper-late1").open()
    late.event("add_to_cart", value=20.0)
    late.event("checkout", value=20.0)
    headers = token_headers(make_user, world, "viewer")
    before = funnel(client, world, headers)["days"][-1]
    assert before["day"] == "2026-03-10" and before["final"] is False
    assert before["cart_abandonment"] == 0.0  # the late shopper is still deciding

    # Past midnight in Paris (23:00 UTC): the 10th is final, its open cart abandoned.
    clock.set(datetime(2026, 3, 10, 23, 5, tzinfo=UTC))
    keepalive(app.extensions["sitetracker"])  # the late shopper's page is still open
    app.extensions["sitetracker"].buffer.flush()
    late.event("pay_now", value=20.0)  # the late shopper goes on, the next day
    body = funnel(client, world, headers)
    assert body["today"] == "2026-03-11" and len(body["days"]) == 7
    yesterday, today = body["days"][-2], body["days"][-1]
    assert yesterday == {"day": "2026-03-10", "carts": 2, "checkouts": 2, "purchases": 1,
                         "cart_abandonment": 0.5, "checkout_abandonment": 0.5, "orders": 1,
                         "sales": {"EUR": {"orders": 1, "value": 50.0}}, "final": True}
    assert today["day"] == "2026-03-11" and today["final"] is False
    assert (today["carts"], today["checkouts"], today["purchases"]) == (1, 1, 0)
    assert today["cart_abandonment"] == 0.0 and today["orders"] == 0
    assert all(day["final"] for day in body["days"][:-1])


def test_the_csv_has_one_line_per_day(app, client, world, clock, make_user):
    shopper = Shopper(app, world.site_a).open()
    shopper.event("add_to_cart", value=10.0)
    shopper.event("purchase", value=10.0, currency="EUR")
    app.extensions["sitetracker"].buffer.flush()
    clock.advance(24 * 3600)
    headers = token_headers(make_user, world, "viewer")
    response = client.get(f"/api/sites/{world.site_a.public_key}/funnel.csv?days=7",
                          headers=headers)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 7
    assert rows[-2] == {"day": "2026-03-10", "carts": "1", "checkouts": "1", "purchases": "1",
                        "cart_abandonment": "0.0", "checkout_abandonment": "0.0",
                        "orders": "1", "revenue": "10.00", "currency": "EUR",
                        "final": "true"}
    assert rows[-1]["final"] == "false" and rows[-1]["cart_abandonment"] == ""
