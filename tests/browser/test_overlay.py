"""The admin overlay and the shopper's chat in a real browser, against the real server;
and the dashboard's Messages page, which uses the overlay's chat window.

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
from sitetracker.models import Organization, Site

from .harness import ROOT, LiveServer, PageLog, Storefront, WidgetProbe

USER_AGENT = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/131.0.0.0 Safari/537.36")
DESKTOP = {"width": 1440, "height": 900}
MARKUP = "<img src=x onerror=alert(1)>"
NEWS = "Free shipping on every order until midnight: code NIGHTOWL"
DOCS = ROOT / "docs"
SCREENSHOTS = os.environ.get("SITETRACKER_SCREENSHOTS") == "1"
BUILD = ROOT / "server" / "sitetracker" / "static" / "build"
BUILT = [BUILD / name for name in ("overlay.js", "widget-chat.js", "widget-live.js",
                                   "widget-watch.js", "watch-view.js")]
SOURCES = [ROOT / "build.mjs", ROOT / "package-lock.json", *ROOT.glob("admin-overlay/src/**/*.js"),
           *ROOT.glob("widget/src/**/*.js"), *ROOT.glob("shared/src/**/*.js")]

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
    facts = modal.text_content()
    assert "Checkout trouble" in facts and "pay_now 3 times" in facts
    assert "89.00" in facts and "1 × trail-runner" in facts and "/shop.html" in facts
    assert "Desktop" in facts and "Chrome" in facts
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
    bubble.wait_for(timeout=30_000)  # a bound for a stuck test, not a speed check
    print(f"\nthe admin's message showed on the storefront after "
          f"{time.monotonic() - sent_at:.2f} s")
    assert bubble.inner_text() == "Hello from Northwind! Is the card refused? " + MARKUP
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
    admin.locator(f"{OVERLAY} .sheet textarea").fill(NEWS)
    admin.get_by_role("button", name="Send broadcast").click()
    admin.locator(f"{OVERLAY} .result").wait_for(timeout=5_000)
    assert "Sent to 2 shoppers" in admin.locator(f"{OVERLAY} .result").inner_text()
    for page in (shopper, second):
        page.locator(f"{CHAT} .banner p").wait_for(timeout=3_000)
        assert shadow_text(page, f"{CHAT} .banner p") == [NEWS]
    third = open_page(storefront.url("shop.html"))
    third.locator(f"{CHAT} .banner p").wait_for(timeout=10_000)
    elsewhere.wait_for_timeout(1000)
    assert elsewhere.locator(f"{CHAT} .banner").count() == 0
    if SCREENSHOTS:
        shopper.wait_for_timeout(400)
        shopper.screenshot(path=str(DOCS / "storefront-chat.png"))
        admin.screenshot(path=str(DOCS / "overlay-broadcast.png"))
        shopper.set_viewport_size({"width": 390, "height": 844})
        shopper.wait_for_timeout(300)
        shopper.screenshot(path=str(DOCS / "storefront-phone.png"))
        shopper.set_viewport_size(DESKTOP)

    # Dismissed on one page, it stays away on the shopper's next page.
    third.locator(f"{CHAT} .banner button").click()
    assert third.locator(f"{CHAT} .banner").count() == 0
    third.reload()
    wait_connected(third)
    third.wait_for_timeout(1000)
    assert third.locator(f"{CHAT} .banner").count() == 0

    # The shopper the admin chatted with buys: a sale, shown in its window, and the
    # emergency ends as rescued. Alerts nobody acknowledged come back on the next admin
    # page in the waiting card (never the sale), until acknowledged.
    shopper.evaluate("sitetracker('track', 'purchase', "
                     "{order_id: 'A-1001', value: 89, currency: 'EUR'})")
    sale = admin.locator(f"{OVERLAY} .sale-modal")
    sale.wait_for(timeout=5_000)
    assert "89.00" in (sale.text_content() or "")
    admin.reload()
    waiting = admin.locator(f"{OVERLAY} .waiting")
    waiting.wait_for(timeout=10_000)
    assert modal.count() == 0
    assert admin.locator(f"{OVERLAY} .launcher .count").inner_text() == "1"
    outcome = waiting.locator('.chip.outcome[data-outcome="rescued"]')
    assert outcome.inner_text().startswith("Rescued")
    if SCREENSHOTS:
        admin.screenshot(path=str(DOCS / "images" / "overlay-rescued.png"))
    waiting.get_by_role("button", name="Acknowledge").click()
    waiting.wait_for(state="hidden", timeout=5_000)
    assert admin.locator(f"{OVERLAY} .launcher .count").is_hidden()
    admin.reload()
    admin.wait_for_selector(f"{OVERLAY} .dot.live", timeout=10_000)
    assert admin.locator(f"{OVERLAY} .waiting").is_hidden() and modal.count() == 0

    for page in (admin, shopper, second, third, elsewhere):
        assert page.log.page_errors == [], page.log.page_errors


def test_sales_gather_in_a_window_that_closes_itself_and_emergencies_wait_grouped(
        overlay_build: None, live_server: LiveServer, site: Site, storefront: Storefront,
        open_page: Any) -> None:
    token = mint_admin_token(site.secret, site.public_key, "alice@northwind.test", ttl=3600)
    admin = open_page(storefront.url("admin.html", host="admin-a.test", TOKEN=token))
    admin.wait_for_selector(f"{OVERLAY} .dot.live", timeout=10_000)
    shopper = open_page(storefront.url("shop.html"))
    wait_connected(shopper)

    # Two sales arriving together: one window, both in it, and no badge.
    shopper.evaluate("""() => {
        sitetracker('track', 'purchase', {order_id: 'S-1', value: 40, currency: 'EUR'});
        sitetracker('track', 'purchase', {order_id: 'S-2', value: 25.5, currency: 'EUR'});
    }""")
    sales = admin.locator(f"{OVERLAY} .sale-modal")
    sales.locator(".sale-line").nth(1).wait_for(timeout=10_000)
    assert sales.count() == 1 and sales.locator(".sale-line").count() == 2
    assert sales.locator("h2").inner_text() == "2 new sales"
    assert "65.50" in sales.locator(".sale-total").inner_text()
    assert admin.locator(f"{OVERLAY} .launcher .count").is_hidden()
    if SCREENSHOTS:
        admin.screenshot(path=str(DOCS / "images" / "overlay-sales.png"))
    sales.wait_for(state="detached", timeout=30_000)  # it closes by itself
    assert admin.locator(f"{OVERLAY} .launcher .count").is_hidden()

    # Two shoppers in trouble, one after the other; on the next admin page they wait in
    # one compact card, the newest first, without a window per alert.
    second = open_page(storefront.url("shop.html"))
    wait_connected(second)
    modal = admin.locator(f"{OVERLAY} .modal")
    for n, page in enumerate((shopper, second), start=1):
        for _ in range(3):
            page.click("#pay")
            page.wait_for_timeout(150)
        admin.locator(f"{OVERLAY} .launcher .count", has_text=str(n)).wait_for(timeout=10_000)
    admin.reload()
    waiting = admin.locator(f"{OVERLAY} .waiting")
    waiting.locator("li[data-alert]").nth(1).wait_for(timeout=10_000)
    assert modal.count() == 0
    assert waiting.locator("header strong").inner_text() == "2 alerts waiting"
    listed = [int(i) for i in waiting.locator("li[data-alert]").evaluate_all(
        "rows => rows.map((r) => r.dataset.alert)")]
    assert listed == sorted(listed, reverse=True)  # newest first
    assert admin.locator(f"{OVERLAY} .launcher .count").inner_text() == "2"  # no sale
    waiting.locator("li[data-alert] .row-open").first.click()
    modal.wait_for(timeout=5_000)
    for page in (admin, shopper, second):
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


def test_a_viewer_gets_an_overlay_that_only_reads(
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


# -- the dashboard's Messages page --------------------------------------------------------

PASSWORD = "messages password 1"


def sign_in(page: Any, live_server: LiveServer, email: str) -> None:
    page.goto(live_server.url + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def test_a_broadcast_and_a_chat_from_the_messages_page(
        overlay_build: None, live_server: LiveServer, site: Site, storefront: Storefront,
        open_page: Any) -> None:
    org = live_server.run(lambda: Organization.get_by_id(site.organization_id))
    live_server.add_member("owner@northwind.test", "owner", PASSWORD, organization=org)
    shopper = open_page(storefront.url("shop.html"))
    wait_connected(shopper)

    admin = open_page(live_server.url + "/login", viewport={**DESKTOP, "height": 1100})
    sign_in(admin, live_server, "owner@northwind.test")
    admin.goto(f"{live_server.url}/sites/{site.public_key}/messages")
    admin.fill("#text", "Back in stock: the Trail Runner")
    admin.click("text=Send broadcast")
    admin.wait_for_selector(".flash-ok")
    assert "Broadcast sent to 1 shopper" in admin.inner_text(".flash-ok")
    shopper.locator(f"{CHAT} .banner p").wait_for(timeout=5_000)
    assert shopper.locator(f"{CHAT} .banner p").inner_text() == "Back in stock: the Trail Runner"

    # The live snapshot's shopper rows carry each shopper's ref (the board links them
    # to /messages?ref=...).
    refs = admin.evaluate(
        """async (key) => {
            const r = await fetch(`/api/sites/${key}/live`);
            return (await r.json()).shoppers.map((s) => s.ref);
        }""", site.public_key)
    assert len(refs) == 1
    admin.goto(f"{live_server.url}/sites/{site.public_key}/messages?ref={refs[0]}")
    panel = admin.locator("sitetracker-chat-panel .chat")
    panel.locator(".chip.live").wait_for(timeout=10_000)
    panel.locator("textarea").fill("Hi from the dashboard " + MARKUP)
    panel.get_by_role("button", name="Send").click()
    shopper.locator(f"{CHAT} .msg p").wait_for(timeout=5_000)
    assert shopper.locator(f"{CHAT} .msg p").inner_text() == "Hi from the dashboard " + MARKUP
    shopper.locator(f"{CHAT} textarea").fill("Thanks!")
    shopper.locator(f"{CHAT} textarea").press("Enter")
    panel.locator(".msg.shopper p").wait_for(timeout=5_000)
    admin.reload()
    admin.locator("sitetracker-chat-panel .msg.shopper p").wait_for(timeout=10_000)
    if SCREENSHOTS:
        admin.wait_for_timeout(300)
        admin.screenshot(path=str(DOCS / "messages-page.png"))
    assert admin.locator(".conversation").count() == 1
    csp_errors = [text for kind, text in admin.log.console
                  if "Content Security Policy" in text or "Content-Security-Policy" in text]
    assert csp_errors == [] and admin.log.page_errors == []
