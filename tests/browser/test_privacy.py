"""An owner in Chromium sets a site's retention, erases a shopper from the payment-errors
page and reads what was done on the audit log, against the real server.

``SITETRACKER_PRIVACY_SCREENSHOTS=<dir>`` writes the pages' pictures there.
"""

from __future__ import annotations

import json
import os
import urllib.request
from pathlib import Path
from typing import Any

from sitetracker import tenancy
from sitetracker.commerce.models import PaymentError
from sitetracker.domain import visitor_hash
from sitetracker.privacy import retention

from .harness import SHOP, LiveServer

PASSWORD = "correct horse battery"
SHOTS = os.environ.get("SITETRACKER_PRIVACY_SCREENSHOTS", "")


def shoot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


def payment_error(server: LiveServer, site: Any, visitor: str, email: str) -> None:
    body = json.dumps({"k": site.public_key, "v": visitor, "ev": {
        "n": "payment_error", "p": {"code": "card_declined", "email": email,
                                    "message": f"Declined; write to {email}"}}}).encode()
    request = urllib.request.Request(server.url_from_here("/api/collect"), data=body, headers={
        "Origin": f"https://{SHOP}", "Content-Type": "text/plain",
        "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 202


def test_an_owner_sets_retention_erases_a_shopper_and_reads_the_audit_log(
        browser: Any, live_server: LiveServer, site: Any) -> None:
    live_server.run(tenancy.add_member, "owner@shop-a.test", "owner", password=PASSWORD,
                    organization=site.organization)
    payment_error(live_server, site, "shopper-jane-0001", "jane@example.test")
    payment_error(live_server, site, "shopper-bob-00002", "bob@example.test")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(live_server.url + "/login")
    page.fill("input[name=email]", "owner@shop-a.test")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/sites/{site.public_key}")
    page.fill("#retention-payment-errors", "30")
    page.fill("#retention-chats", "60")
    page.click("text=Save retention")
    page.wait_for_load_state()
    assert "Retention saved." in page.text_content("body")
    assert page.input_value("#retention-payment-errors") == "30"
    assert live_server.run(retention.periods, site.id).chats == 60
    shoot(page, "privacy-retention.png")

    page.goto(f"{live_server.url}/sites/{site.public_key}/payment-errors")
    ref = visitor_hash(site.id, "shopper-jane-0001")
    assert ref in page.text_content("table.payment-errors")
    page.fill("#erase-ref", ref)
    page.click("button.danger")
    page.wait_for_load_state()
    flash = page.text_content("body") or ""
    assert "Erased that shopper: 1 payment error" in flash
    rows = live_server.run(lambda: [r.email for r in PaymentError.select()])
    assert rows == ["bob@example.test"]
    shoot(page, "privacy-payment-errors.png")

    page.click("nav >> text=Audit")
    page.wait_for_load_state()
    table = page.text_content("table.audit") or ""
    assert "shopper_erased" in table and "retention_changed" in table
    assert "owner@shop-a.test" in table and "jane@" not in table
    shoot(page, "privacy-audit.png")
    assert errors == []
    context.close()
