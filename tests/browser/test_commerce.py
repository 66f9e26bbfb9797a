"""A shopper in Chromium goes through cart, checkout, three presses of pay and a
purchase; the owner's numbers and alerts come from the real server."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest

from sitetracker import tenancy

from .harness import LiveServer, Storefront

DESKTOP_UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/126.0.0.0 Safari/537.36")


@pytest.fixture
def api(live_server: LiveServer, site: Any) -> Callable[..., Any]:
    """Calls the JSON API as the site's owner."""

    def make_token() -> str:
        user, _ = tenancy.add_member("owner@shop-a.test", "owner",
                                     organization=site.organization, password="x" * 12)
        return tenancy.create_api_token(user, "tests")[0]

    token = live_server.run(make_token)

    def call(path: str, body: Any = None, method: str | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            live_server.url_from_here(f"/api/sites/{site.public_key}{path}"), data=data,
            method=method or ("POST" if body is not None else "GET"),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
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


def test_cart_checkout_three_pays_and_a_purchase(browser, storefront: Storefront, api):
    context = browser.new_context(user_agent=DESKTOP_UA)
    tab = context.new_page()
    tab.goto(storefront.url("checkout.html"))
    tab.wait_for_function("sitetracker('debug').connected", timeout=10_000)

    tab.click("#add")
    tab.click("#to-checkout")
    funnel = until(lambda: api("/live")["commerce"]["funnel"], lambda f: f["checkouts"] == 1)
    assert (funnel["carts"], funnel["checkouts"], funnel["purchases"]) == (1, 1, 0)
    assert funnel["cart_abandonment"] == 0 and funnel["checkout_abandonment"] == 0
    assert until(lambda: api("/live")["commerce"]["carts_at_risk"],
                 lambda c: c["count"] == 1)["value"] == 59

    for _ in range(5):  # the shopper struggles: pay pressed five times
        tab.click("#pay")
    alerts = until(lambda: api("/alerts")["alerts"],
                   lambda a: any(x["severity"] == "emergency" for x in a))
    trouble = [a for a in alerts if a["severity"] == "emergency"]
    assert len(trouble) == 1, "the rule fires once per window, not once per press"
    assert trouble[0]["details"]["device"] == "desktop"
    assert trouble[0]["details"]["cart"]["value"] == 59

    tab.click("#confirm")
    sales = until(lambda: api("/live")["commerce"]["sales_today"], lambda s: s["count"] == 1)
    assert (sales["count"], sales["value"]) == (1, 59)
    funnel = api("/live")["commerce"]["funnel"]
    assert funnel["purchases"] == 1 and funnel["cart_abandonment"] == 0
    alerts = until(lambda: api("/alerts")["alerts"],
                   lambda a: any(x["kind"] == "sale" for x in a))
    assert [a["value"] for a in alerts if a["kind"] == "sale"] == [59]
    context.close()


def test_events_defined_in_the_admin_reach_an_open_page(browser, storefront: Storefront, api):
    context = browser.new_context(user_agent=DESKTOP_UA)
    tab = context.new_page()
    tab.goto(storefront.url("checkout.html"))
    tab.wait_for_function("sitetracker('debug').connected", timeout=10_000)
    # Defined while the page is open: the widget gets the definitions at once.
    api("/events", {"name": "size_guide", "trigger": "click", "selector": "a.guide"})
    api("/events", {"name": "saw_checkout", "trigger": "url", "pattern": "/check*"})
    tab.wait_for_timeout(500)
    tab.click("#size-guide")
    counts = until(lambda: api("/live")["commerce"]["events_today"],
                   lambda e: e.get("size_guide") == 1)
    assert counts.get("size_guide") == 1
    # A new page view of a matching path sends the URL event.
    tab.reload()
    tab.wait_for_function("sitetracker('debug').connected", timeout=10_000)
    counts = until(lambda: api("/live")["commerce"]["events_today"],
                   lambda e: e.get("saw_checkout", 0) >= 1)
    assert counts.get("saw_checkout", 0) >= 1
    context.close()
