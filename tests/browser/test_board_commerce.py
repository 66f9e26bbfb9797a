"""The board's commerce tiles in a real browser: a shopper on the storefront's checkout
page in one Chromium context, the owner's board in another, the real server between."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from sitetracker.models import Site

from .harness import ROOT, LiveServer, PageLog, Storefront
from .test_board import DESKTOP, PASSWORD, no_errors, number, wait_true
from .test_commerce import DESKTOP_UA

OWNER = "owner@shop-a.test"


@pytest.fixture
def board(browser: Any, live_server: LiveServer, site: Site, storefront: Storefront,
          dashboard_build: Path) -> Iterator[tuple[Any, PageLog]]:
    """The site owner's board, signed in, live."""
    live_server.add_member(OWNER, "owner", PASSWORD, organization=site.organization)
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    log = PageLog()
    log.record(page)
    page.goto(live_server.url + "/login")
    page.fill("input[name=email]", OWNER)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/sites/{site.public_key}/board")
    page.wait_for_selector("#board[data-ready=true]")
    wait_true(page, "document.querySelector('#connection').dataset.state === 'live'")
    yield page, log
    context.close()


def value(page: Any, name: str) -> int:
    return number(page, f"[data-value='{name}']")


def wait_values(page: Any, expected: dict[str, int], seconds: float = 15) -> None:
    """Until every ``[data-value=name]`` shows its number (digits only: "€59" is 59)."""
    deadline = time.monotonic() + seconds
    while (shown := {name: value(page, name) for name in expected}) != expected:
        assert time.monotonic() < deadline, f"shown {shown}, expected {expected}"
        page.wait_for_timeout(100)


def test_the_commerce_tiles_follow_a_shopper_through_checkout(
        browser: Any, board: tuple[Any, PageLog], storefront: Storefront, site: Site) -> None:
    page, log = board
    for tile in ("funnel", "carts", "abandonment", "events"):
        assert page.locator(f".tile-{tile}").count() == 1, tile
    history = ".tile-abandonment .tile-body"
    wait_true(page, f"document.querySelector('{history}').dataset.days === '7'")
    today = datetime.now(ZoneInfo(site.timezone)).date().isoformat()
    assert page.get_attribute(history, "data-today") == today
    assert page.get_attribute(".tile-abandonment .csv-link", "href").endswith(
        f"/api/sites/{site.public_key}/funnel.csv?days=7")
    assert page.text_content("[data-value=cart_abandonment]") == "—"

    shopper_context = browser.new_context(user_agent=DESKTOP_UA)  # not headless: a bot
    shopper = shopper_context.new_page()
    shopper_log = PageLog()
    shopper_log.record(shopper)
    try:
        shopper.goto(storefront.url("checkout.html"))
        shopper.wait_for_function("sitetracker('debug').connected", timeout=10_000)

        shopper.click("#add")
        shopper.click("#to-checkout")
        wait_values(page, {"funnel-carts": 1, "funnel-checkouts": 1, "funnel-purchases": 0,
                           "carts-at-risk": 1, "carts-value": 59, "event-today": 1})
        assert page.text_content("[data-value=cart_abandonment]") == "0%"
        assert page.text_content("[data-value=checkout_abandonment]") == "0%"
        assert value(page, "sales-count") == 0
        # Today's day is live in the history too.
        wait_true(page, "(document.querySelector('.history-note') || {}).textContent"
                        ".startsWith('Today so far')")

        # Three presses of pay: the default "Checkout trouble" rule lights the funnel.
        assert page.locator(".tile-funnel.is-alerted").count() == 0
        for _ in range(3):
            shopper.click("#pay")
        page.wait_for_selector(".tile-funnel.is-alerted", timeout=15_000)
        assert page.locator(".tile-carts.is-alerted").count() == 0

        shopper.click("#confirm")
        wait_values(page, {"funnel-carts": 1, "funnel-checkouts": 1, "funnel-purchases": 1,
                           "carts-at-risk": 0, "sales-count": 1, "sales-value": 59})
        assert "€" in page.text_content("[data-value=sales-value]")
        # The sale alert lights the carts and sales tile.
        page.wait_for_selector(".tile-carts.is-alerted", timeout=15_000)
    finally:
        shopper_context.close()

    # Another range: the days are fetched again, and the CSV link follows.
    page.click(f"{history} .range-btn[data-days='30']")
    wait_true(page, f"document.querySelector('{history}').dataset.days === '30'")
    assert page.get_attribute(".tile-abandonment .csv-link", "href").endswith("days=30")
    assert page.get_attribute(history, "data-today") == today
    funnel_requests = [r["url"] for r in log.requests if "/funnel?" in r["url"]]
    assert [u.rsplit("=", 1)[1] for u in funnel_requests] == ["7", "30"], funnel_requests
    no_errors(log)
    assert shopper_log.page_errors == [], shopper_log.page_errors


def test_the_custom_event_tile_follows_the_event_its_settings_name(
        browser: Any, board: tuple[Any, PageLog], live_server: LiveServer, site: Site,
        storefront: Storefront) -> None:
    page, log = board
    tile = ".tile-events"
    assert page.text_content(f"{tile} [data-value=event-name]") == "add_to_cart"
    page.hover(tile)
    page.click(f"{tile} .tile-btn[title=Settings]")
    page.fill(f"{tile} .tile-settings input[name=event]", "Not valid!")
    page.click(f"{tile} .tile-settings button[type=submit]")
    # The browser refuses the name before the server would.
    assert page.locator(f"{tile} .tile-settings").count() == 1
    page.fill(f"{tile} .tile-settings input[name=event]", "pay_now")
    page.click(f"{tile} .tile-settings button[type=submit]")
    assert page.text_content(f"{tile} [data-value=event-name]") == "pay_now"
    wait_true(page, "document.querySelector('#board').dataset.saveState === 'saved'")

    shopper_context = browser.new_context(user_agent=DESKTOP_UA)  # not headless: a bot
    shopper = shopper_context.new_page()
    try:
        shopper.goto(storefront.url("checkout.html"))
        shopper.wait_for_function("sitetracker('debug').connected", timeout=10_000)
        shopper.click("#add")
        shopper.click("#pay")
        shopper.click("#pay")
        wait_values(page, {"event-today": 2})
    finally:
        shopper_context.close()

    page.reload()
    page.wait_for_selector("#board[data-ready=true]")
    assert page.text_content(f"{tile} [data-value=event-name]") == "pay_now"
    wait_values(page, {"event-today": 2})
    no_errors(log)


def test_a_rescued_sale_shows_in_its_window_and_goes_up_on_the_board(
        browser: Any, board: tuple[Any, PageLog], live_server: LiveServer, site: Site,
        storefront: Storefront) -> None:
    page, log = board
    figure = "[data-value='rescued-today']"
    # Drawn from the first snapshot, which may land just after the socket is live.
    page.wait_for_selector(f"{figure}[data-count]", state="attached", timeout=15_000)
    assert page.get_attribute(figure, "data-count") == "0"
    assert page.locator(".tile-rescues .rescue-rule").count() == 0

    shopper_context = browser.new_context(user_agent=DESKTOP_UA)  # not headless: a bot
    shopper = shopper_context.new_page()
    chat_page = page.context.new_page()  # the owner, on the Messages page
    try:
        shopper.goto(storefront.url("checkout.html"))
        shopper.wait_for_function("sitetracker('debug').connected", timeout=10_000)
        shopper.click("#add")
        for _ in range(3):
            shopper.click("#pay")
        page.wait_for_selector(".tile-funnel.is-alerted", timeout=15_000)

        # The owner writes to the shopper, who then buys: a rescue.
        [ref] = page.evaluate("""async (key) => {
            const r = await fetch(`/api/sites/${key}/live`);
            return (await r.json()).shoppers.map((s) => s.ref);
        }""", site.public_key)
        chat_page.goto(f"{live_server.url}/sites/{site.public_key}/messages?ref={ref}")
        panel = chat_page.locator("sitetracker-chat-panel .chat")
        panel.locator(".chip.live").wait_for(timeout=10_000)
        panel.locator("textarea").fill("The card form is back: try again?")
        panel.get_by_role("button", name="Send").click()
        panel.locator(".msg.admin small", has_text="Delivered").or_(
            panel.locator(".msg.admin small", has_text="Seen")).first.wait_for(timeout=10_000)
        shopper.click("#confirm")

        sale = page.locator("sitetracker-sales .sale-modal")
        sale.wait_for(timeout=15_000)
        assert "New sale" in sale.inner_text() and "59" in sale.inner_text()
        wait_true(page, f"document.querySelector(\"{figure}\").dataset.count === '1'")
        assert float(page.get_attribute(figure, "data-amount") or 0) == 59.0
        assert page.get_attribute(figure, "data-currency") == "EUR"
        assert "€" in page.text_content(figure)
        rule = page.locator(".tile-rescues .rescue-rule")
        assert rule.count() == 1 and "100%" in rule.inner_text()
        if os.environ.get("SITETRACKER_SCREENSHOTS") == "1":
            page.locator(".tile-rescues").scroll_into_view_if_needed()
            page.screenshot(path=str(ROOT / "docs" / "images" / "board-rescues.png"))
        sale.wait_for(state="detached", timeout=30_000)  # it closes by itself
    finally:
        chat_page.close()
        shopper_context.close()
    no_errors(log)
