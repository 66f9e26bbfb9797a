"""The notification settings in a real browser against the real server: an admin adds
a signed webhook through the form, sends a test, and the delivery log shows the
receiver's answer (the server's own background sender delivered it).

Set ``SITETRACKER_SCREENSHOTS=1`` to write docs/images/notifications.png and
docs/images/notifications-account.png.
"""

from __future__ import annotations

import hashlib
import hmac

from ..receivers import http_receiver, wait_for
from .harness import ROOT, LiveServer, PageLog
from .test_sign_in import PASSWORD, SCREENSHOTS, new_page, no_errors, sign_in


def shoot(page, name: str) -> None:
    if SCREENSHOTS:
        page.evaluate("window.scrollTo(0, 0)")  # the sticky top bar stays on top
        page.screenshot(path=str(ROOT / "docs" / "images" / name), full_page=True)


def test_an_admin_adds_a_webhook_sends_a_test_and_reads_the_delivery_log(
        browser, live_server: LiveServer):
    site = live_server.create_site(["shop-a.test"])
    live_server.add_member("ann@shop-a.test", "owner", PASSWORD,
                           organization=live_server.run(lambda: site.organization))
    log = PageLog()
    context, page = new_page(browser, log)
    with http_receiver() as hooks:
        sign_in(page, live_server, "ann@shop-a.test")
        page.goto(f"{live_server.url}/sites/{site.public_key}")
        page.click("a.button:has-text('Notifications')")
        page.select_option("#kind", "webhook")
        page.fill("#name", "Ops pager")
        page.fill("#url", hooks.url("/sitetracker"))
        page.click("button:has-text('Add endpoint')")
        flash = page.text_content(".flash-ok") or ""
        secret = flash.rsplit(": ", 1)[1].strip()
        assert "Ops pager added" in flash and len(secret) >= 40
        page.goto(page.url)  # the secret is never shown again
        assert secret not in page.content()
        assert f"…{secret[-4:]}" in page.text_content("table.endpoints")

        page.click("button:has-text('Send a test')")
        wait_for(lambda: len(hooks.requests) == 1, "the test to reach the receiver")
        [request] = hooks.requests
        timestamp = request.headers["X-SiteTracker-Timestamp"]
        mac = hmac.new(secret.encode(), timestamp.encode() + b"." + request.body,
                       hashlib.sha256).hexdigest()
        assert request.headers["X-SiteTracker-Signature"] == f"sha256={mac}"
        assert request.json()["type"] == "test"

        def logged() -> bool:
            page.reload()
            return page.locator("table.delivery-log .delivery-sent").count() == 1

        wait_for(logged, "the delivery log to show the test sent")
        row = page.text_content("table.delivery-log tbody tr") or ""
        assert "Test notification" in row and "Ops pager" in row and "200" in row
        shoot(page, "notifications.png")

        page.goto(f"{live_server.url}/account/notifications")
        page.fill("#quiet_start", "22:00")
        page.fill("#quiet_end", "07:00")
        page.click("button:has-text('Save notification settings')")
        assert "Notification settings saved." in (page.text_content(".flash-ok") or "")
        assert page.input_value("#quiet_start") == "22:00"
        shoot(page, "notifications-account.png")
    no_errors(log)
    context.close()
