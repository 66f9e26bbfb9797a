"""The admin overlay and the shopper's chat in a real browser, against the real server.

The storefront pages are on http://shop-a.test (site A) and http://shop-b.test (site B);
the admin page carrying the overlay is on another origin, http://admin-a.test. Set
``SITETRACKER_SCREENSHOTS=1`` to write the README's pictures to ``docs/``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

import pytest

from sitetracker.auth.tokens import mint_admin_token
from sitetracker.models import Site

from .harness import ROOT, LiveServer, PageLog, Storefront, WidgetProbe

USER_AGENT = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/131.0.0.0 Safari/537.36")
DESKTOP = {"width": 1440, "height": 900}
MARKUP = "<img src=x onerror=alert(1)>"
DOCS = ROOT / "docs"
SCREENSHOTS = os.environ.get("SITETRACKER_SCREENSHOTS") == "1"
BUILD = ROOT / "server" / "sitetracker" / "static" / "build"
BUILT = [BUILD / name for name in ("overlay.js", "widget-chat.js", "widget-live.js")]
SOURCES = [ROOT / "build.mjs", ROOT / "package-lock.json", *ROOT.glob("admin-overlay/src/*.js"),
           *ROOT.glob("widget/src/**/*.js")]

OVERLAY = "sitetracker-overlay"
CHAT = "sitetracker-chat"


@pytest.fixture(scope="session")
def overlay_build() -> None:
    """The overlay and the widget's chat, built after their last change."""
    newest = max(path.stat().st_mtime for path in SOURCES)
    for built in BUILT:
        if not built.exists() or built.stat().st_mtime < newest:
            pytest.fail(f"{built.relative_to(ROOT)} is missing or stale: run npm run build",
                        pytrace=False)


@pytest.fixture
def open_page(browser: Any, storefront: Storefront) -> Iterator[Any]:
    """``open_page(url)``: a page in a browser profile of its own (a shopper, an admin),
    with the page's activity recorded in ``page.log``."""
    contexts: list[Any] = []

    def open_(url: str, viewport: dict[str, int] | None = None) -> Any:
        context = browser.new_context(user_agent=USER_AGENT, viewport=viewport or DESKTOP)
        contexts.append(context)
        page = context.new_page()
        page.log = PageLog()
        page.log.record(page)
        page.goto(url)
        return page

    yield open_
    for context in contexts:
        context.close()


def shadow_text(page: Any, selector: str) -> list[str]:
    return page.locator(selector).all_inner_texts()


def wait_connected(page: Any) -> None:
    WidgetProbe(page, page.log).wait_connected()


def test_emergency_chat_and_broadcast_between_an_admin_page_and_storefronts(
        overlay_build: None, live_server: LiveServer, site: Site, storefront: Storefront,
        open_page: Any) -> None:
    other_site = live_server.create_site(["shop-b.test"], name="Shop B")
    token = mint_admin_token(site.secret, site.public_key, "alice@northwind.test", ttl=3600)

    admin = open_page(storefront.url("admin.html", host="admin-a.test", TOKEN=token))
    admin.wait_for_selector(f"{OVERLAY} .dot.live", timeout=10_000)
    host_button = admin.locator("#host-button").evaluate(
        "b => getComputedStyle(b).backgroundColor")
    assert host_button == "rgb(240, 240, 241)"  # the page's own style, untouched
    added = admin.evaluate("Object.keys(window).filter(k => !globalsBefore.includes(k))")
    assert added == []  # the overlay defines no global at all

    # A shopper presses "Pay now" three times: an emergency on the admin page.
    shopper = open_page(storefront.url("shop.html"))
    wait_connected(shopper)
    for _ in range(3):
        shopper.click("#pay")
        shopper.wait_for_timeout(150)
    modal = admin.locator(f"{OVERLAY} .modal")
    modal.wait_for(timeout=10_000)
    facts = modal.inner_text()
    assert "Checkout trouble" in facts and "pay_now 3 times" in facts
    assert "89" in facts and "Trail Runner" not in facts  # the cart by product id
    assert "trail-runner" in facts and "Desktop" in facts
    if SCREENSHOTS:
        admin.wait_for_timeout(400)
        admin.screenshot(path=str(DOCS / "overlay-emergency.png"))

    # "Help this shopper" opens the chat; what the admin writes shows on the storefront.
    modal.get_by_role("button", name="Help this shopper").click()
    chat = admin.locator(f"{OVERLAY} .chat")
    chat.locator(".chip.live").wait_for(timeout=5_000)
    chat.locator("textarea").fill("Hello from Northwind! Is the card refused? " + MARKUP)
    sent_at = time.monotonic()
    chat.locator("textarea").press("Enter")
    bubble = shopper.locator(f"{CHAT} .msg p").first
    bubble.wait_for(timeout=3_000)
    shown_after = time.monotonic() - sent_at
    assert bubble.inner_text() == "Hello from Northwind! Is the card refused? " + MARKUP
    assert shown_after < 1.5, f"the message took {shown_after:.2f} s to show"
    assert shopper.locator(f"{CHAT} img").count() == 0
    assert shopper.evaluate("window.alerted") == []

    # The shopper answers; the admin sees it, and that their message was seen.
    reply = shopper.locator(f"{CHAT} textarea")
    reply.fill("Yes, three times! " + MARKUP)
    reply.press("Enter")
    answer = chat.locator(".msg.shopper p")
    answer.wait_for(timeout=5_000)
    assert answer.inner_text() == "Yes, three times! " + MARKUP
    assert chat.locator("img").count() == 0 and admin.evaluate("window.alerted") == []
    chat.locator(".msg.admin small", has_text="Seen").wait_for(timeout=5_000)
    if SCREENSHOTS:
        shopper.screenshot(path=str(DOCS / "storefront-chat.png"))
        admin.screenshot(path=str(DOCS / "overlay-chat.png"))

    # The conversation survives a reload on both sides.
    shopper.reload()
    shopper.locator(f"{CHAT} .msg.mine p").wait_for(timeout=10_000)
    assert shadow_text(shopper, f"{CHAT} .msg p") == [
        "Hello from Northwind! Is the card refused? " + MARKUP, "Yes, three times! " + MARKUP]

    # A broadcast reaches the open storefront pages of site A, and one opened later; not
    # a page of site B.
    second = open_page(storefront.url("shop.html"))
    elsewhere = open_page(storefront.url("shop.html", host="shop-b.test",
                                         SITE_KEY=other_site.public_key))
    for page in (second, elsewhere):
        wait_connected(page)
    admin.locator(f"{OVERLAY} .launcher").click()
    admin.get_by_role("tab", name="Broadcast").click()
    admin.locator(f"{OVERLAY} .sheet textarea").fill("Free shipping until midnight 🎉")
    admin.get_by_role("button", name="Send broadcast").click()
    admin.locator(f"{OVERLAY} .result").wait_for(timeout=5_000)
    assert "Sent to 2 shoppers" in admin.locator(f"{OVERLAY} .result").inner_text()
    for page in (shopper, second):
        page.locator(f"{CHAT} .banner p").wait_for(timeout=3_000)
        assert shadow_text(page, f"{CHAT} .banner p") == ["Free shipping until midnight 🎉"]
    third = open_page(storefront.url("shop.html"))
    third.locator(f"{CHAT} .banner p").wait_for(timeout=10_000)
    elsewhere.wait_for_timeout(1000)
    assert elsewhere.locator(f"{CHAT} .banner").count() == 0
    if SCREENSHOTS:
        third.wait_for_timeout(400)
        third.screenshot(path=str(DOCS / "storefront-banner.png"))

    # Dismissed on one page, it stays away on the shopper's next page.
    third.locator(f"{CHAT} .banner button").click()
    assert third.locator(f"{CHAT} .banner").count() == 0
    third.reload()
    wait_connected(third)
    third.wait_for_timeout(1000)
    assert third.locator(f"{CHAT} .banner").count() == 0

    for page in (admin, shopper, second, third, elsewhere):
        assert page.log.page_errors == [], page.log.page_errors


def test_an_expired_token_is_explained_in_the_overlay(
        overlay_build: None, live_server: LiveServer, site: Site, storefront: Storefront,
        open_page: Any) -> None:
    expired = mint_admin_token(site.secret, site.public_key, "alice@northwind.test",
                               ttl=60, now=time.time() - 120)
    admin = open_page(storefront.url("admin.html", host="admin-a.test", TOKEN=expired))
    notice = admin.locator(f"{OVERLAY} .refusal")
    notice.wait_for(timeout=10_000)
    assert "admin token has expired" in notice.inner_text()
    assert admin.locator(f"{OVERLAY} .dot.refused").count() == 1


def test_a_viewer_reads_alerts_but_has_no_send_button(
        overlay_build: None, live_server: LiveServer, site: Site, storefront: Storefront,
        open_page: Any) -> None:
    token = mint_admin_token(site.secret, site.public_key, "vera@northwind.test",
                             role="viewer", ttl=3600)
    admin = open_page(storefront.url("admin.html", host="admin-a.test", TOKEN=token))
    admin.wait_for_selector(f"{OVERLAY} .dot.live", timeout=10_000)
    admin.locator(f"{OVERLAY} .launcher").click()
    admin.get_by_role("tab", name="Broadcast").click()
    assert admin.get_by_role("button", name="Send broadcast").is_disabled()
    assert "viewer" in admin.locator(f"{OVERLAY} .sheet").inner_text()

