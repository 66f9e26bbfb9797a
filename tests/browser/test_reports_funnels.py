"""The reports page in a real browser, as a store owner changes it: a funnel defined
through the page's form (its errors shown next to the field), its card and CSV, its
rename and delete; and the screen sizes a real shopper's browser visit fills in."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitetracker.funnels.steps import CART_NAME
from sitetracker.models import Site

from .harness import LiveServer, PageLog, Storefront
from .test_board import DESKTOP, PASSWORD, no_errors
from .test_commerce import DESKTOP_UA

CART = CART_NAME
OWNER = "owner@shop-a.test"
VIEWER = "viewer@shop-a.test"


@pytest.fixture
def owner_page(browser: Any, live_server: LiveServer, site: Site, storefront: Storefront,
               dashboard_build: Path, page_log: PageLog) -> Iterator[Any]:
    """The site owner's reports page, signed in."""
    live_server.add_member(OWNER, "owner", PASSWORD, organization=site.organization)
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    page = context.new_page()
    page_log.record(page)
    sign_in_as(page, live_server, OWNER)
    open_reports(page, live_server, site)
    yield page
    context.close()


def sign_in_as(page: Any, server: LiveServer, email: str) -> None:
    page.goto(server.url + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def open_reports(page: Any, server: LiveServer, site: Site) -> None:
    page.goto(f"{server.url}/sites/{site.public_key}/reports")
    page.wait_for_selector("#report[data-ready='1']")


def funnel_names(page: Any) -> list[str]:
    return page.locator("[data-funnel] h2").all_text_contents()


def wait_funnels(page: Any, names: list[str]) -> None:
    deadline = time.monotonic() + 10
    while (shown := funnel_names(page)) != names:
        assert time.monotonic() < deadline, f"funnels shown {shown}, expected {names}"
        page.wait_for_timeout(100)


def test_an_owner_defines_a_funnel_downloads_it_and_deletes_it(
        owner_page: Any, page_log: PageLog, live_server: LiveServer, site: Site) -> None:
    page = owner_page
    assert funnel_names(page) == [CART]
    page.click("summary:has-text('Define a funnel')")
    form = page.locator("form.funnel-form")
    form.locator("#funnel-name").fill("Shoes to cart")
    steps = form.locator(".funnel-step")
    steps.nth(0).locator("input").fill("/shoes/*")
    steps.nth(1).locator("select").select_option("event")
    # The second step left empty: the API's error is shown next to it, nothing is saved.
    form.locator("button[type=submit]").click()
    error = steps.nth(1).locator(".field-error:not([hidden])")
    error.wait_for()
    assert error.text_content()
    assert funnel_names(page) == [CART]

    steps.nth(1).locator("input").fill("add_to_cart")
    form.locator("button:has-text('Add a step')").click()
    steps.nth(2).locator("input").fill("/checkout")
    form.locator("button[type=submit]").click()
    wait_funnels(page, [CART, "Shoes to cart"])
    card = page.locator("[data-funnel]", has_text="Shoes to cart")
    rows = card.locator("tbody tr").all_text_contents()
    assert [row.split("0")[0].strip() for row in rows] == [
        "1. Page /shoes/*", "2. Event add_to_cart", "3. Page /checkout"]
    assert "within a session" in card.text_content()

    with page.expect_download() as caught:
        card.locator("button:has-text('CSV')").click()
    assert caught.value.suggested_filename.startswith("funnel-")
    lines = open(caught.value.path(), encoding="utf-8").read().strip().splitlines()
    assert lines[0] == "Step,Page or event,Reached,Of entrants,Dropped"
    assert [line.split(",")[:3] for line in lines[1:]] == [
        ["1", "/shoes/*", "0"], ["2", "add_to_cart", "0"], ["3", "/checkout", "0"]]

    card.locator("button:has-text('Rename')").click()
    card.locator("form.funnel-rename input").fill("")
    card.locator("form.funnel-rename button[type=submit]").click()
    card.locator("form.funnel-rename .field-error:not([hidden])").wait_for()
    card.locator("form.funnel-rename input").fill("Shoes to checkout")
    card.locator("form.funnel-rename button[type=submit]").click()
    wait_funnels(page, [CART, "Shoes to checkout"])

    card = page.locator("[data-funnel]", has_text="Shoes to checkout")
    card.locator(".funnel-buttons button:text-is('Delete')").click()
    card.locator("button:has-text('Delete funnel')").click()
    wait_funnels(page, [CART])
    assert page.locator("[data-funnel]").first.locator("button:has-text('Delete')").count() == 0
    assert page.locator("[data-funnel] button:text-is('Rename')").count() == 1  # the cart's
    open_reports(page, live_server, site)
    assert funnel_names(page) == [CART]  # gone for good, not only from view
    assert page_log.errors == []
    # The two refusals asked for above, and nothing else.
    assert page_log.network_errors == ["Failed to load resource: the server responded with "
                                       "a status of 400 (BAD REQUEST)"] * 2


def test_a_viewer_sees_the_funnels_but_no_form_to_change_them(
        browser: Any, live_server: LiveServer, site: Site, dashboard_build: Path,
        page_log: PageLog) -> None:
    live_server.add_member(VIEWER, "viewer", PASSWORD, organization=site.organization)
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page_log.record(page)
    sign_in_as(page, live_server, VIEWER)
    open_reports(page, live_server, site)
    assert funnel_names(page) == [CART]
    assert page.locator("text=Define a funnel").count() == 0
    assert page.locator("[data-funnel] button:has-text('Rename')").count() == 0
    assert page.locator("[data-funnel] button:has-text('CSV')").count() == 1
    context.close()
    no_errors(page_log)


def screen_rows(page: Any) -> list[str]:
    return page.locator("[data-table=screens] tbody tr").all_text_contents()


@pytest.mark.parametrize(("width", "shown"), [(390, "Phone"), (1280, "Laptop")])
def test_a_shoppers_visit_fills_in_the_screen_sizes(
        browser: Any, owner_page: Any, page_log: PageLog, live_server: LiveServer,
        site: Site, storefront: Storefront, width: int, shown: str) -> None:
    assert screen_rows(owner_page) == []
    # Headless Chromium says so in its User-Agent, and bots are not counted.
    shopper = browser.new_context(viewport={"width": width, "height": 800},
                                  user_agent=DESKTOP_UA)
    visit = shopper.new_page()
    visit.goto(storefront.url("widget.html"))
    visit.wait_for_function("window.sitetracker && sitetracker('debug').connected",
                            timeout=10_000)
    deadline = time.monotonic() + 20  # the write buffer flushes every few seconds
    while True:
        open_reports(owner_page, live_server, site)
        if rows := screen_rows(owner_page):
            break
        assert time.monotonic() < deadline, owner_page.evaluate(
            "async (u) => (await fetch(u)).json()",
            f"/api/sites/{site.public_key}/reports?range=today")
        owner_page.wait_for_timeout(500)
    shopper.close()
    assert len(rows) == 1 and rows[0].startswith(shown) and rows[0].endswith("1")
    no_errors(page_log)
