"""Web Vitals in a real browser: a storefront page with the widget measures them (the
live channel's web-vitals), the server stores them, and the board's tile shows each p75
coloured by Google's thresholds; product views and searches reach their tiles."""

from __future__ import annotations

import time
from typing import Any

from sitetracker.models import Site

from .harness import PageLog, Storefront
from .test_board import DOCS, SCREENSHOTS, no_errors, wait_true
from .test_board_commerce import board  # noqa: F401  (the owner's board, a fixture)
from .test_commerce import DESKTOP_UA

METRICS = ("LCP", "INP", "CLS", "FCP", "TTFB")


def read_api(page: Any, path: str) -> Any:
    return page.evaluate("async (url) => (await fetch(url)).json()", path)


def until_measured(page: Any, site: Site, again: Any, seconds: float = 60) -> dict[str, Any]:
    """The vitals answer once every metric has a measurement (the write buffer flushes
    every few seconds). A browser may hide the page before it has timed the slow click,
    so ``again()`` shows it, clicks and hides it once more every few seconds meanwhile."""
    deadline = time.monotonic() + seconds
    polls = 0
    while True:
        answer = read_api(page, f"/api/sites/{site.public_key}/vitals")
        if all(name in answer["overall"] for name in METRICS):
            return answer
        assert time.monotonic() < deadline, answer["overall"]
        polls += 1
        if polls % 12 == 0:
            again()
        page.wait_for_timeout(250)


def set_visibility(page: Any, state: str) -> None:
    """The page shown or hidden, as when the shopper switches tabs."""
    page.evaluate("""(state) => { Object.defineProperty(document, "visibilityState",
        {value: state, configurable: true});
        document.dispatchEvent(new Event("visibilitychange")); }""", state)


def slow_click(page: Any) -> None:
    """A click whose handler is busy for 300 ms, once the browser has timed it."""
    page.evaluate("window.interacted = false")
    page.click("h1")
    page.wait_for_function("window.interacted === true", timeout=30_000)


def test_a_page_with_the_widget_sends_vitals_and_the_tile_shows_them_coloured(
        browser: Any, board: tuple[Any, PageLog], storefront: Storefront,  # noqa: F811
        site: Site) -> None:
    page, log = board
    shopper_context = browser.new_context(user_agent=DESKTOP_UA)  # not headless: a bot
    shopper = shopper_context.new_page()
    try:
        shopper.goto(storefront.url("widget.html"))
        shopper.wait_for_function("sitetracker('debug').connected", timeout=10_000)
        # The vitals chunk loads after the live channel: interactions before it are not seen.
        shopper.wait_for_function("window.sitetracker._c.vitals === 1", timeout=30_000)
        # A slow interaction (a click handler busy for 300 ms): INP needs improvement.
        shopper.evaluate("""document.querySelector("h1").addEventListener("click", () => {
            const start = performance.now(); while (performance.now() - start < 300); });
            new PerformanceObserver((list) => {
              if (list.getEntries().some((e) => e.interactionId)) window.interacted = true;
            }).observe({ type: "event", durationThreshold: 16, buffered: true });""")
        slow_click(shopper)  # timed by the browser after the next paint: INP counts it
        shopper.evaluate("""sitetracker.track("view_item", {product: "Blue shoes"});
            sitetracker.track("search", {q: "<img src=x onerror=alert(1)>", results: 0});""")
        # The page is hidden (as when the shopper leaves or switches tabs): CLS and INP
        # are reported then, by beacon.
        set_visibility(shopper, "hidden")

        def again() -> None:
            set_visibility(shopper, "visible")
            slow_click(shopper)
            set_visibility(shopper, "hidden")

        answer = until_measured(page, site, again)
    finally:
        shopper_context.close()
    page.reload()
    page.wait_for_selector(".tile-vitals .tile-body[data-loaded='1']")
    for name in METRICS:
        figure = answer["overall"][name]
        cell = page.locator(f".tile-vitals .vital-summary [data-metric={name}]")
        assert cell.get_attribute("data-rating") == figure["rating"], name
        assert cell.get_attribute("class") == f"vital vital-{figure['rating']}"
    ok = page.evaluate("getComputedStyle(document.body).getPropertyValue('--ok').trim()")
    assert ok, "the board defines its good colour"
    colour_of = "(el) => getComputedStyle(el).color"
    good = page.locator(".tile-vitals .vital-summary .vital-good").first
    probe = page.evaluate("""(ok) => { const s = document.createElement('span');
        s.style.color = ok; document.body.append(s); const c = getComputedStyle(s).color;
        s.remove(); return c; }""", ok)
    assert good.evaluate(colour_of) == probe
    assert page.locator(".tile-vitals .vital-table td.cell-page").first.text_content() == \
        "/widget.html"

    wait_true(page, "document.querySelector('.tile-searches .tile-body').dataset.loaded === '1'")
    assert page.locator(".tile-products td").first.text_content() == "Blue shoes"
    searched = page.locator(".tile-searches .bar-label").first
    assert searched.text_content() == "<img src=x onerror=alert(1)>"  # as text, not HTML
    assert page.locator(".tile-searches img").count() == 0
    if SCREENSHOTS:  # the README's picture
        (DOCS / "images").mkdir(exist_ok=True)
        page.locator(".tile-vitals").screenshot(path=str(DOCS / "images" / "tile-vitals.png"))
    no_errors(log)
