"""The commerce admin pages: alerts, payment errors and abandonment; read-only for
viewers, hidden from other organizations (the rules and events forms are
test_commerce_settings.py's)."""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, datetime, timedelta

import pytest

from sitetracker.commerce.models import Alert, PaymentError
from sitetracker.db import database
from sitetracker.shoppers import shopper_name

from ..agents import IPHONE
from ..conftest import csrf_of
from ..shopping import Shopper, stored


@pytest.fixture
def app_clock(clock):
    return clock


def url(world, tail):
    return f"/sites/{world.site_a.public_key}/{tail}"


def post(client, path, **data):
    return client.post(path, data={"csrf_token": csrf_of(client), **data})


def checkout_trouble(app, world):
    shopper = Shopper(app, world.site_a).open()
    shopper.event("add_to_cart", product="boot", value=149.0)
    shopper.send(*[{"n": "pay_now"}] * 3)


@pytest.mark.parametrize("tail", ["alerts", "rules", "events", "payment-errors",
                                  "abandonment", "abandonment?days=90"])
def test_every_commerce_page_renders_for_a_viewer_without_forms(client, world, login_as, tail):
    login_as("v@a.test", "viewer", organization=world.org_a)
    response = client.get(url(world, tail))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'aria-current="page">Commerce' in html
    assert 'method="post" class="grid-form"' not in html


def test_other_organizations_get_404(client, world, login_as):
    login_as("o@b.test", "owner", organization=world.org_b)
    for tail in ("alerts", "rules", "events", "payment-errors", "abandonment"):
        assert client.get(url(world, tail)).status_code == 404


def test_an_admin_acknowledges_an_alert_from_the_page(app, client, world, login_as):
    checkout_trouble(app, world)
    login_as("a@a.test", "admin", organization=world.org_a)
    html = client.get(url(world, "alerts")).get_data(as_text=True)
    assert "Checkout trouble: pay_now 3 times in 10 minutes" in html
    assert "/products" not in html and "149.00" in html
    [alert] = stored(Alert)
    response = post(client, url(world, f"alerts/{alert.id}/ack"))
    assert response.status_code == 302
    assert stored(Alert)[0].acknowledged_by == "a@a.test"
    assert "No alerts awaiting" in client.get(url(world, "alerts")).get_data(as_text=True)


def test_a_viewer_cannot_acknowledge(app, client, world, login_as):
    checkout_trouble(app, world)
    login_as("v@a.test", "viewer", organization=world.org_a)
    [alert] = stored(Alert)
    assert post(client, url(world, f"alerts/{alert.id}/ack")).status_code == 403


def test_payment_errors_are_filtered_and_a_shopper_erased(app, client, world, login_as):
    shopper = Shopper(app, world.site_a, ua=IPHONE)
    shopper.beacon({"n": "payment_error", "p": {"code": "card_declined", "method": "card",
                                                "email": "jane@example.test"}})
    Shopper(app, world.site_a, "shopper-0002", ua=IPHONE).beacon(
        {"n": "payment_error", "p": {"code": "expired_card", "email": "bob@example.test"}})
    login_as("a@a.test", "admin", organization=world.org_a)
    html = client.get(url(world, "payment-errors?code=expired_card")).get_data(as_text=True)
    assert "bob@example.test" in html and "jane@example.test" not in html
    assert "Mobile Safari" in html
    nobody = post(client, url(world, "payment-errors/erase"), email="", visitor="")
    assert nobody.status_code == 400
    response = post(client, url(world, "payment-errors/erase"), email="jane@example.test")
    assert response.status_code == 302
    assert [row.email for row in stored(PaymentError)] == ["bob@example.test"]


def test_viewers_see_payment_errors_masked(app, client, world, login_as):
    Shopper(app, world.site_a).beacon({"n": "payment_error",
                                       "p": {"email": "jane@example.test"}})
    login_as("v@a.test", "viewer", organization=world.org_a)
    html = client.get(url(world, "payment-errors")).get_data(as_text=True)
    assert "jane@example.test" not in html and "j•••@example.test" in html
    assert post(client, url(world, "payment-errors/erase"),
                email="jane@example.test").status_code == 403


def test_the_abandonment_page_shows_the_days_and_links_the_csv(app, client, world,
                                                               login_as):
    shopper = Shopper(app, world.site_a).open()
    shopper.event("add_to_cart", value=5.0)
    login_as("v@a.test", "viewer", organization=world.org_a)
    html = client.get(url(world, "abandonment?days=7")).get_data(as_text=True)
    assert html.count("<tr>") == 8  # the head and 7 days
    assert f"/api/sites/{world.site_a.public_key}/funnel.csv?days=7" in html
    assert '<figure class="rate-chart">' in html
    csv = client.get(f"/api/sites/{world.site_a.public_key}/funnel.csv?days=7")
    assert csv.status_code == 200  # the signed-in session is enough


def test_payment_errors_come_50_a_page_newest_first_keeping_the_filters(
        app, client, world, login_as):
    start = datetime(2026, 3, 10, 8, 0)
    with database.atomic():
        PaymentError.insert_many([
            {"site": world.site_a.id, "created_at": start + timedelta(minutes=n),
             "code": "card_declined" if n % 3 else "expired_card", "message": f"error {n:03d}",
             "shopper": "aB3dE5fG", "amount": 10.0 + n, "currency": "EUR"}
            for n in range(150)]).execute()
    login_as("a@a.test", "admin", organization=world.org_a)

    def shown(html):
        return [int(m) for m in re.findall(r"error (\d{3})", html)]

    first = client.get(url(world, "payment-errors")).get_data(as_text=True)
    assert shown(first) == list(range(149, 99, -1))
    assert "1–50 · page 1" in first and "Newer" not in first
    older = re.search(r'rel="next" href="([^"]+)"', first)
    assert older is not None
    second_url = html_lib.unescape(older.group(1))
    assert second_url.endswith("payment-errors?page=2")
    second = client.get(second_url).get_data(as_text=True)
    assert shown(second) == list(range(99, 49, -1))
    third = client.get(url(world, "payment-errors?page=3")).get_data(as_text=True)
    assert shown(third) == list(range(49, -1, -1)) and 'rel="next"' not in third
    assert 'rel="prev"' in third
    # The filters stay in the pages' links: 100 declined cards, two pages of them.
    declined = client.get(url(world, "payment-errors?code=card_declined")).get_data(as_text=True)
    assert len(shown(declined)) == 50
    link = html_lib.unescape(re.search(r'rel="next" href="([^"]+)"', declined).group(1))
    assert "code=card_declined" in link and "page=2" in link
    rest = client.get(link).get_data(as_text=True)
    assert len(shown(rest)) == 50 and all(n % 3 for n in shown(rest))
    assert 'rel="next"' not in rest
    # A page past the end is empty, not an error; a nonsense page is the first.
    assert shown(client.get(url(world, "payment-errors?page=9")).get_data(as_text=True)) == []
    assert shown(client.get(url(world, "payment-errors?page=x")).get_data(as_text=True))[0] == 149
    # A day at the calendar's end is no bound, not an error.
    far = client.get(url(world, "payment-errors?to=9999-12-31"))
    assert far.status_code == 200 and shown(far.get_data(as_text=True))[0] == 149
    # Every amount carries its currency.
    assert "159.00 EUR" in first


def test_the_abandonment_chart_shows_today_alone_as_a_point_not_final(app, client, world,
                                                                      login_as):
    # Only today has data: a shopper carted and bought.
    buyer = Shopper(app, world.site_a).open()
    buyer.event("add_to_cart", value=5.0)
    buyer.event("checkout", value=5.0)
    buyer.event("purchase", order_id="T-1", value=5.0, currency="EUR")
    login_as("v@a.test", "viewer", organization=world.org_a)
    html = client.get(url(world, "abandonment?days=7")).get_data(as_text=True)
    today = re.findall(r'<circle class="dot dot-today (\w+)" cx="([\d.]+)" cy="([\d.]+)"', html)
    rates = {name: float(cy) for name, _, cy in today}
    # Both rates are 0%: their points at the foot of the 200 px chart, on the last day.
    assert rates == {"cart": 200.0, "checkout": 200.0}, html
    assert all(float(cx) == 720.0 for _, cx, _ in today)
    assert "not final" in html
    # No final day has a rate, so no line and no solid dot is drawn for them.
    assert '<circle class="dot cart"' not in html


def test_cart_amounts_on_the_alerts_page_carry_the_stores_currency(app, client, world,
                                                                   login_as):
    Shopper(app, world.site_a, visitor="buyer-0001").open().event(
        "purchase", order_id="C-1", value=20.0, currency="EUR")
    checkout_trouble(app, world)  # a cart of 149.00, no currency of its own
    login_as("v@a.test", "viewer", organization=world.org_a)
    html = client.get(url(world, "alerts?state=all")).get_data(as_text=True)
    assert "Checkout trouble" in html
    assert "<dt>Cart</dt><dd>149.00 EUR (1 item)" in html
    assert "— 149.00 EUR</span>" in html


def test_the_alerts_page_names_the_shopper_and_shows_how_the_emergency_ended(
        app, client, world, login_as):
    shopper = Shopper(app, world.site_a).open()
    shopper.event("add_to_cart", product="boot", value=149.0)
    shopper.send(*[{"n": "pay_now"}] * 3)
    shopper.event("purchase", order_id="R-1", value=149.0, currency="EUR")
    [emergency, sale] = stored(Alert)
    login_as("a@a.test", "admin", organization=world.org_a)
    open_alerts = client.get(url(world, "alerts")).get_data(as_text=True)
    assert "Checkout trouble" in open_alerts and "Sale:" not in open_alerts  # never waits
    page = client.get(url(world, "alerts?state=all")).get_data(as_text=True)
    name = shopper_name(emergency.visitor, emergency.created_at.replace(tzinfo=UTC).date())
    assert page.count(name) == 2  # the emergency's and the sale's shopper, alike
    assert 'data-outcome="recovered"' in page and "recovered · 149.00 EUR" in page
    assert "Notification" in page
