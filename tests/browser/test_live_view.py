"""The live view in a real browser, against the real server: a storefront page on
http://shop-a.test, the admin overlay on another origin (http://admin-a.test). The
admin opens "Watch" from the emergency and sees the shopper's page in the replayer,
with what the shopper types masked and the card fields never recorded; the delay from
a change on the shopper's page to the replayer is measured and printed; then replays
what the payment page kept of the minutes before the emergency. Set
``SITETRACKER_SCREENSHOTS=1`` to write the README's picture to ``docs/images/``.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from sitetracker.auth.tokens import mint_admin_token
from sitetracker.models import Site
from sitetracker.watch import settings

from .harness import LiveServer, Storefront, WidgetProbe
from .test_overlay import DOCS, OVERLAY, SCREENSHOTS, open_page, overlay_build  # noqa: F401

CARD = "4242 4242 4242 4242"
CVC = "737"
NOTE = "ring twice"
REPLAYER = f"{OVERLAY} .st-watch iframe"


def watched_page(admin: Any) -> Any:
    """The replayer's frame: the shopper's page as the admin sees it."""
    handle = admin.locator(REPLAYER).last.element_handle(timeout=15_000)
    return handle.content_frame()


def seen(admin: Any, frame: Any, condition: str, bound: float = 15.0) -> None:
    """Wait until ``condition`` holds in the replayer's frame. Its sandbox runs no
    script (so no timer of Playwright's either): asked from here, every 5 ms, with a
    bound for a stuck run only."""
    deadline = time.monotonic() + bound
    while not frame.evaluate(condition):
        assert time.monotonic() < deadline, f"the replayer never showed {condition}"
        admin.wait_for_timeout(5)


def delay(admin: Any, shopper: Any, frame: Any, changes: int = 8) -> str:
    """How far behind the replayer is: from a change on the shopper's page until it
    shows in the replayer's frame, over ``changes`` changes (median and max)."""
    delays = []
    for n in range(changes):
        text = f"Checking your card, step {n}"
        started = time.monotonic()
        shopper.evaluate(f"document.getElementById('status').textContent = {text!r}")
        seen(admin, frame, f"document.getElementById('status').textContent == {text!r}")
        delays.append(time.monotonic() - started)
    return (f"{changes} changes: median {statistics.median(delays) * 1000:.0f} ms, "
            f"max {max(delays) * 1000:.0f} ms")


def watch_an_emergency(site: Site, storefront: Storefront, open_page: Any  # noqa: F811
                       ) -> tuple[Any, Any, Any]:
    """The admin's overlay on admin-a.test and a shopper on the payment page, who
    presses "Pay now" three times; the admin clicks Watch in the emergency. Returns the
    admin's page, the shopper's and the replayer's frame showing the payment page."""
    token = mint_admin_token(site.secret, site.public_key, "alice@northwind.test", ttl=3600)
    admin = open_page(storefront.url("admin.html", host="admin-a.test", TOKEN=token))
    admin.wait_for_selector(f"{OVERLAY} .dot.live", timeout=10_000)
    shopper = open_page(storefront.url("watch.html"))
    WidgetProbe(shopper, shopper.log).wait_connected()
    for _ in range(3):
        shopper.click("#pay")
        shopper.wait_for_timeout(150)
    modal = admin.locator(f"{OVERLAY} .modal")
    modal.wait_for(timeout=15_000)
    assert "Checkout trouble" in (modal.text_content() or "")
    modal.locator("[data-st=watch]").click()
    frame = watched_page(admin)
    frame.wait_for_selector("text=Trail Runner, size 42", timeout=15_000)
    return admin, shopper, frame


def test_an_admin_watches_a_shopper_live_with_typed_values_and_card_fields_masked(
        overlay_build: None, live_server: LiveServer, site: Site,  # noqa: F811
        storefront: Storefront, open_page: Any) -> None:  # noqa: F811
    live_server.run(settings.save, site.id, settings.Setting(live=True, lead=True))
    admin, shopper, frame = watch_an_emergency(site, storefront, open_page)
    assert admin.locator(f"{OVERLAY} .chat").is_visible()  # beside the chat
    assert admin.locator(f"{OVERLAY} .st-watch .st-state.live").is_visible()

    # What the shopper types: the note is masked, the card fields never recorded.
    shopper.fill("#note", NOTE)
    shopper.fill("#card", CARD)
    shopper.fill("#cvc", CVC)
    masked = "*" * len(NOTE)
    seen(admin, frame, f"document.getElementById('note').value == {masked!r}")
    html = frame.content()
    digits = CARD.replace(" ", "")
    assert CARD not in html and digits not in html and "4242" not in html
    assert NOTE not in html and "Jane Cooper" not in html and "Harbour" not in html
    sent = "".join(str(frame_sent) for frame_sent in shopper.log.frames_sent)
    # The frames carry random digits of their own (event ids, refs, timestamps): look
    # for the number as typed, whole or in groups.
    assert CARD not in sent and digits not in sent and "4242 4242" not in sent
    assert NOTE not in sent and "Harbour" not in sent
    if SCREENSHOTS:
        admin.wait_for_timeout(400)
        admin.screenshot(path=str(DOCS / "images" / "overlay-watch.png"))

    print(f"\nlive view delay (shopper's change -> replayer), {delay(admin, shopper, frame)}")

    # Closing the view tells the shopper's page to stop recording.
    shopper.evaluate("addEventListener('sitetracker:watch_stop', () => (window.stopped = true))")
    admin.locator(f"{OVERLAY} .st-watch .st-close").click()
    shopper.wait_for_function("window.stopped === true", timeout=10_000)

    # The payment page kept what led to the emergency: on the next admin page, the
    # emergency waits in its card, and opened from there it offers Replay.
    admin.reload()
    admin.locator(f"{OVERLAY} .waiting .row-open").first.click(timeout=15_000)
    admin.locator(f"{OVERLAY} .modal [data-st=replay]").click(timeout=15_000)
    frame = watched_page(admin)
    frame.wait_for_selector("text=Trail Runner, size 42", timeout=15_000)
    assert admin.locator(f"{OVERLAY} .st-watch .st-state.replay").is_visible()
    assert "4242" not in frame.content()
    if SCREENSHOTS:
        admin.wait_for_timeout(400)
        admin.screenshot(path=str(DOCS / "images" / "overlay-replay.png"))
    assert shopper.log.errors == []
    # The replayer's frame is sandboxed without scripts: Chromium says so when it blocks
    # one, which is what keeps the shopper's page from running anything on ours.
    assert [e for e in admin.log.errors if "frame is sandboxed" not in e] == []


def test_watch_in_the_boards_live_shoppers_opens_the_shoppers_page(
        overlay_build: None, live_server: LiveServer, site: Site,  # noqa: F811
        storefront: Storefront, open_page: Any) -> None:  # noqa: F811
    live_server.run(settings.save, site.id, settings.Setting(live=True, lead=False))
    live_server.add_member("owner@shop-a.test", "owner", "board password 123",
                           organization=site.organization)
    shopper = open_page(storefront.url("watch.html"))
    WidgetProbe(shopper, shopper.log).wait_connected()
    board = open_page(live_server.url + "/login")
    board.fill("input[name=email]", "owner@shop-a.test")
    board.fill("input[name=password]", "board password 123")
    board.click("button[type=submit]")
    board.wait_for_load_state()
    board.goto(f"{live_server.url}/sites/{site.public_key}/board")

    board.locator(".shopper-table .watch-button").first.click(timeout=15_000)
    handle = board.locator(".watch-aside .st-watch iframe").last.element_handle(timeout=15_000)
    frame = handle.content_frame()
    frame.wait_for_selector("text=Trail Runner, size 42", timeout=15_000)
    if SCREENSHOTS:
        board.wait_for_timeout(400)
        board.screenshot(path=str(DOCS / "images" / "board-watch.png"))
    assert frame.evaluate("getComputedStyle(document.querySelector('main')).borderRadius") \
        == "14px"  # the shopper's page with its own styles, on the board's policy
    assert shopper.log.errors == []
    assert [e for e in board.log.errors if "frame is sandboxed" not in e] == []
