"""The whole rescue loop in a real browser, against the real server started with a
local SMTP server: a shopper on the payment page of http://shop-a.test, the admin
overlay on another origin (http://admin-a.test), the owner's board signed in.

Three "Pay now" presses raise the emergency; "Watch" shows the shopper's page live with
the typed card number masked; the admin chats; the shopper buys; the emergency ends as
rescued and the board's rescued-sales figure goes up by the sale's value; the emergency
reached the SMTP server and the signed webhook once each. Prints the live view's delay
and the recorder chunk's gzipped size.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from typing import Any

import pytest

from sitetracker.commerce.models import Alert
from sitetracker.models import Site, User
from sitetracker.notify.models import Delivery, Endpoint, MailChoice
from sitetracker.watch import settings

from ..receivers import HttpReceiver, SmtpReceiver, http_receiver, smtp_receiver, wait_for
from .harness import BUILD, SHOP, LiveServer, PageLog, Storefront
from .test_board import wait_true
from .test_board_commerce import OWNER, board  # noqa: F401
from .test_live_view import CARD, CVC, delay, seen, watch_an_emergency
from .test_overlay import CHAT, OVERLAY, open_page, overlay_build  # noqa: F401

RESCUED = ".tile-rescues [data-value='rescued-today']"
HELLO = "I see the card form: try the number again?"


@pytest.fixture
def receivers() -> Iterator[tuple[SmtpReceiver, HttpReceiver]]:
    """A local SMTP server and a local webhook receiver, up before the server starts."""
    with smtp_receiver() as smtp, http_receiver() as hooks:
        yield smtp, hooks


@pytest.fixture
def server_settings(receivers: tuple[SmtpReceiver, HttpReceiver]) -> dict[str, str]:
    """The live server sends its mail to the local SMTP server."""
    smtp, _ = receivers
    return {"smtp_host": "127.0.0.1", "smtp_port": str(smtp.port), "smtp_security": "none",
            "smtp_from": "alerts@sitetracker.test"}


@pytest.fixture
def site(live_server: LiveServer) -> Site:
    """The site for shop-a.test with the live view on before any page reads its setting
    (the server keeps a site's setting a few seconds)."""
    site = live_server.create_site([SHOP])
    live_server.run(settings.save, site.id, settings.Setting(live=True, lead=False))
    return site


def rescued_amount(board_page: Any) -> float:
    return float(board_page.get_attribute(RESCUED, "data-amount") or 0)


def test_an_emergency_is_watched_helped_bought_counted_and_sent_out_once(
        overlay_build: None, live_server: LiveServer, site: Site,  # noqa: F811
        storefront: Storefront, open_page: Any, board: tuple[Any, PageLog],  # noqa: F811
        receivers: tuple[SmtpReceiver, HttpReceiver]) -> None:
    smtp, hooks = receivers
    board_page, board_log = board
    owner = live_server.run(User.get, User.email == OWNER)
    live_server.run(MailChoice.create, user=owner, site=site.id, rules="all")
    live_server.run(Endpoint.create, site=site.id, kind="webhook", name="e2e",
                    url=hooks.url("/hook"), secret="e2e-secret", rules="all")
    before = rescued_amount(board_page)

    # Three presses of "Pay now": the emergency, and Watch in it.
    admin, shopper, frame = watch_an_emergency(site, storefront, open_page)
    assert admin.locator(f"{OVERLAY} .st-watch .st-state.live").is_visible()
    assert admin.locator(f"{OVERLAY} .chat").is_visible()  # beside the chat

    # The typed card number is masked: its digits never reach the replayer's frame.
    shopper.fill("#card", CARD)
    shopper.fill("#cvc", CVC)
    shopper.evaluate("document.getElementById('status').textContent = 'Card typed'")
    seen(admin, frame, "document.getElementById('status').textContent == 'Card typed'")
    html = frame.content()
    assert "4242" not in html and CARD.replace(" ", "") not in html and CVC not in html
    sent = "".join(shopper.log.frames_sent)  # random digits of its own: ids, refs, times
    assert CARD not in sent and CARD.replace(" ", "") not in sent and "4242 4242" not in sent

    # How far behind the replayer is, and the recorder's size as the shopper loads it.
    lag = delay(admin, shopper, frame)
    recorder = len(gzip.compress((BUILD / "widget-watch.js").read_bytes(), compresslevel=6))
    print(f"\nlive view delay (shopper's change -> replayer), {lag}; recorder "
          f"widget-watch.js {recorder} bytes ({recorder / 1024:.2f} KB) gzipped")

    # The admin chats: the message reaches the shopper's widget.
    chat = admin.locator(f"{OVERLAY} .chat")
    chat.locator("textarea").fill(HELLO)
    chat.locator("textarea").press("Enter")
    bubble = shopper.locator(f"{CHAT} .msg p").first
    bubble.wait_for(timeout=30_000)
    assert bubble.inner_text() == HELLO

    # The shopper buys: the emergency ends as rescued, the board counts the sale.
    shopper.evaluate("sitetracker('track', 'purchase', "
                     "{order_id: 'W-1001', value: 89, currency: 'EUR', items: 1})")
    chat.locator(".log li.system[data-outcome='rescued']").wait_for(timeout=15_000)
    outcome = admin.locator(f"{OVERLAY} .chip.outcome[data-outcome='rescued']").first
    outcome.wait_for(state="attached", timeout=15_000)
    assert (outcome.text_content() or "").startswith("Rescued")
    assert "89.00" in (outcome.text_content() or "")
    [purchase] = [e for e in shopper.log.sent_events() if e["n"] == "purchase"]
    assert purchase["p"]["value"] == 89 and purchase["p"]["currency"] == "EUR"
    wait_true(board_page, f"Number(document.querySelector(\"{RESCUED}\").dataset.amount) "
                          f"=== {before + 89}")
    assert rescued_amount(board_page) == before + 89
    assert board_page.get_attribute(RESCUED, "data-currency") == "EUR"

    # The same emergency left the browser once by mail and once by webhook.
    [alert] = live_server.run(lambda: list(Alert.select().where(Alert.site == site.id,
                                                                Alert.severity == "emergency")))
    deliveries = Delivery.select().where(Delivery.alert == alert.id)

    def sent() -> bool:
        statuses = live_server.run(lambda: sorted(d.channel + ":" + d.status for d in deliveries))
        return statuses == ["mail:sent", "webhook:sent"]

    wait_for(sent, "the emergency's mail and webhook to be sent")
    [mail] = smtp.mails
    assert mail.recipients == [OWNER]
    assert mail.message["Subject"] == \
        "[Shop A] Emergency: Checkout trouble: pay_now 3 times in 10 minutes"
    [hook] = hooks.to("/hook")
    body = hook.json()
    assert body["type"] == "alert" and body["alert"]["severity"] == "emergency"
    assert body["alert"]["id"] == alert.id
    assert shopper.log.errors == []
    assert [e for e in admin.log.errors if "frame is sandboxed" not in e] == []
    assert board_log.errors == []
