"""The numbers an owner sees, proved with real pages in Chromium and the real server:
each test reads the server's own live snapshot (GET /api/sites/<key>/live)."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest

from sitetracker import tenancy
from sitetracker.live.state import DEPARTURE_GRACE

from .harness import LiveServer, PageLog, Storefront, WidgetProbe

DESKTOP_UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/126.0.0.0 Safari/537.36")
PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Mobile Safari/537.36")
BOT_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.fixture
def live(live_server: LiveServer, site: Any) -> Callable[[], dict[str, Any]]:
    """Reads the site's live snapshot with an owner's API token."""

    def make_token() -> str:
        user, _ = tenancy.add_member("owner@shop-a.test", "owner",
                                     organization=site.organization, password="x" * 12)
        return tenancy.create_api_token(user, "tests")[0]

    token = live_server.run(make_token)

    def read() -> dict[str, Any]:
        request = urllib.request.Request(
            live_server.url_from_here(f"/api/sites/{site.public_key}/live"),
            headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())  # type: ignore[no-any-return]

    return read


def until(read: Callable[[], dict[str, Any]], check: Callable[[dict[str, Any]], bool],
          seconds: float = 15.0) -> dict[str, Any]:
    """Poll the snapshot until ``check`` holds; return the snapshot that passed."""
    deadline = time.monotonic() + seconds
    while True:
        snap = read()
        if check(snap) or time.monotonic() > deadline:
            return snap
        time.sleep(0.2)


def open_shop(browser: Any, storefront: Storefront, user_agent: str, phone: bool = False,
              page: str = "widget.html") -> Any:
    options: dict[str, Any] = {"user_agent": user_agent}
    if phone:
        options.update(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context = browser.new_context(**options)
    tab = context.new_page()
    tab.goto(storefront.url(page))
    tab.wait_for_function("window.sitetracker && sitetracker('debug').connected",
                          timeout=10_000)
    return tab


def test_two_desktop_pages_and_a_phone_give_three_live_users(browser, storefront, live):
    tabs = [open_shop(browser, storefront, DESKTOP_UA), open_shop(browser, storefront, DESKTOP_UA),
            open_shop(browser, storefront, PHONE_UA, phone=True)]
    snap = until(live, lambda s: s["users"] == 3)
    assert snap["users"] == 3
    assert snap["devices"] == {"desktop": 2, "mobile": 1, "tablet": 0}
    assert snap["pages"] == [["/widget.html", 3]]
    assert snap["visitors"] == {"new": 3, "returning": 0}
    for tab in tabs:
        tab.context.close()


def test_a_second_visit_from_the_same_browser_is_returning(browser, storefront, live):
    context = browser.new_context(user_agent=DESKTOP_UA)
    tab = context.new_page()
    tab.goto(storefront.url("widget.html"))
    tab.wait_for_function("sitetracker('debug').connected", timeout=10_000)
    assert until(live, lambda s: s["users"] == 1)["visitors"] == {"new": 1, "returning": 0}
    # The visit ends: the tab closes and 30 minutes pass without activity.
    tab.evaluate("""() => { const s = JSON.parse(localStorage.st_ses);
                            s.t -= 31 * 60 * 1000; localStorage.st_ses = JSON.stringify(s); }""")
    tab.close()
    until(live, lambda s: s["users"] == 0, seconds=DEPARTURE_GRACE + 10)
    again = context.new_page()
    again.goto(storefront.url("widget.html"))
    again.wait_for_function("sitetracker('debug').connected", timeout=10_000)
    snap = until(live, lambda s: s["users"] == 1 and s["visitors"]["returning"] == 1)
    assert snap["visitors"] == {"new": 0, "returning": 1}
    context.close()


def test_engaged_seconds_grow_only_while_the_tab_is_visible(browser, storefront, live):
    tab = open_shop(browser, storefront, DESKTOP_UA)
    for _ in range(12):  # a shopper reading and scrolling for about six seconds
        tab.mouse.move(100 + _ * 10, 200)
        tab.wait_for_timeout(500)
    engaged = until(live, lambda s: s["engaged_today"] >= 4)["engaged_today"]
    assert engaged >= 4
    # The shopper switches to another tab: the page is hidden.
    tab.evaluate("""() => {
        Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});
        Object.defineProperty(document, 'visibilityState', {configurable: true,
                                                            get: () => 'hidden'});
        document.dispatchEvent(new Event('visibilitychange'));
    }""")
    settled = until(live, lambda s: s["engaged_today"] > engaged, seconds=3)["engaged_today"]
    for _ in range(12):  # input events arrive, but the tab is hidden
        tab.mouse.move(300 + _ * 10, 300)
        tab.wait_for_timeout(500)
    assert live()["engaged_today"] == settled
    tab.context.close()


def test_closing_a_page_drops_the_count_within_the_grace(browser, storefront, live):
    tabs = [open_shop(browser, storefront, DESKTOP_UA), open_shop(browser, storefront, DESKTOP_UA)]
    until(live, lambda s: s["users"] == 2)
    tabs[0].context.close()
    # The grace itself is counted on the server's clock (tests/live/test_state.py); here the
    # closed page must leave the count and the open one keep it.
    snap = until(live, lambda s: s["users"] == 1, seconds=DEPARTURE_GRACE + 60)
    assert snap["users"] == 1
    tabs[1].context.close()


def test_a_bot_user_agent_is_not_counted(browser, storefront, live):
    human = open_shop(browser, storefront, DESKTOP_UA)
    bot = browser.new_context(user_agent=BOT_UA).new_page()
    bot.goto(storefront.url("widget.html"))
    bot.wait_for_function("window.sitetracker && sitetracker('debug').connected",
                          timeout=10_000)
    bot.mouse.move(10, 10)
    snap = until(live, lambda s: s["users"] >= 1)
    time.sleep(1.5)
    snap = live()
    assert snap["users"] == 1 and snap["devices"]["desktop"] == 1
    human.context.close()
    bot.context.close()


def test_a_page_on_a_domain_not_allowed_is_refused(browser, storefront, live, page: Any,
                                                   page_log: PageLog, widget: WidgetProbe):
    page.goto(storefront.url("widget.html", host="not-the-shop.test"))
    widget.wait_for(lambda: (widget.debug() or {}).get("refused"), what="the refusal")
    assert widget.debug()["connected"] is False  # type: ignore[index]
    assert live()["users"] == 0


def test_malformed_payloads_from_a_page_get_400_and_change_nothing(browser, storefront, live,
                                                                   live_server, site, page):
    page.goto(storefront.url("no-widget.html"))
    status = page.evaluate("""async ([url, key]) => {
        const response = await fetch(url + "/api/collect", {method: "POST",
            body: JSON.stringify({k: key, v: "visitor-0001", ev: {n: "pageview"}})});
        return [response.status, await response.json()];
    }""", [live_server.url, site.public_key])
    assert status[0] == 400 and "ev.0.u" in status[1]["error"]["fields"]
    assert live()["users"] == 0
