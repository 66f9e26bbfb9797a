"""The widget sends a purchase again until the server acknowledges it, and the server
counts it once: in Chromium, with the live connection down and the server refusing, then
accepting."""

from __future__ import annotations

import json
import re
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from sitetracker import tenancy

from .harness import LiveServer, Storefront
from .test_tracking import DESKTOP_UA

PURCHASE = "sitetracker('track', 'purchase', {order_id: 'B-1', value: 42, currency: 'EUR'})"


def snapshot(live_server: LiveServer, site: Any, token: str) -> dict[str, Any]:
    request = urllib.request.Request(
        live_server.url_from_here(f"/api/sites/{site.public_key}/live"),
        headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def wait_for(condition: Any, seconds: float = 60.0) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    return condition()


@pytest.fixture
def context(browser: Any, storefront: Storefront) -> Iterator[Any]:
    """A shopper's browser profile (headless Chromium's own user agent is a bot's)."""
    instance = browser.new_context(user_agent=DESKTOP_UA)
    yield instance
    instance.close()


def test_a_refused_purchase_is_sent_again_until_accepted_and_counted_once(
        live_server: LiveServer, site: Any, storefront: Storefront, context: Any) -> None:
    def make_token() -> str:
        user, _ = tenancy.add_member("owner@shop-a.test", "owner",
                                     organization=site.organization, password="x" * 12)
        return tenancy.create_api_token(user, "tests")[0]

    token = live_server.run(make_token)
    # No live connection: events go by HTTP, where the server's answers are in our hands.
    context.route_web_socket(re.compile(r"/socket\.io/"), lambda ws: ws.close())
    attempts: list[int] = []

    def collect(route: Any) -> None:
        body = route.request.post_data or ""
        if '"purchase"' not in body:
            route.continue_()
            return
        ids = {event.get("i") for event in json.loads(body)["ev"] if event["n"] == "purchase"}
        assert len(ids) == 1 and None not in ids  # every time the same id
        attempts.append(len(attempts) + 1)
        if len(attempts) == 1:
            # Stored, but the answer is lost: the widget must not count on it.
            route.fetch(url=live_server.url_from_here("/api/collect"))
            route.fulfill(status=503, headers={"Retry-After": "1"}, body="{}")
        elif len(attempts) == 2:
            route.fulfill(status=503, headers={"Retry-After": "1"}, body="{}")
        else:
            route.continue_()

    context.route(re.compile(r"/api/collect$"), collect)
    tab = context.new_page()
    tab.goto(storefront.url("widget.html"))
    tab.wait_for_function("window.sitetracker && sitetracker('debug').on", timeout=10_000)
    tab.evaluate(PURCHASE)

    def acknowledged() -> bool:
        return tab.evaluate("localStorage.getItem('st_pend')") is None and len(attempts) >= 3

    assert wait_for(acknowledged), attempts
    commerce = snapshot(live_server, site, token)["commerce"]
    assert commerce["sales_today"]["count"] == 1 and commerce["sales_today"]["value"] == 42
    assert commerce["events_today"]["purchase"] == 1
    # A new page of the store has nothing left to send again (what it would send is
    # what waits in storage).
    tab.goto(storefront.url("widget.html"))
    tab.wait_for_function("window.sitetracker && sitetracker('debug').on", timeout=10_000)
    assert tab.evaluate("localStorage.getItem('st_pend')") is None


def test_a_purchase_acknowledged_on_the_live_connection_is_not_sent_again(
        live_server: LiveServer, site: Any, storefront: Storefront, context: Any) -> None:
    posts: list[str] = []
    context.on("request", lambda r: posts.append(r.post_data or "")
               if r.url.endswith("/api/collect") else None)
    tab = context.new_page()
    tab.goto(storefront.url("widget.html"))
    tab.wait_for_function("window.sitetracker && sitetracker('debug').connected",
                          timeout=10_000)
    tab.evaluate(PURCHASE)
    tab.wait_for_function("localStorage.getItem('st_pend') === null", timeout=10_000)
    assert not any('"purchase"' in body for body in posts)  # nothing left to send again
