"""Signing in in a real browser: enrolling two-factor sign-in from the account page and
signing in with a code computed from the secret; and a session signed out in one
browser is signed out for a copy of its cookie in another.

Set ``SITETRACKER_SCREENSHOTS=1`` to write docs/two-factor-setup.png and
docs/two-factor-code.png.
"""

from __future__ import annotations

import os
from typing import Any

from sitetracker.auth import totp

from .harness import ROOT, LiveServer, PageLog

PASSWORD = "sign in password 123"
SCREENSHOTS = os.environ.get("SITETRACKER_SCREENSHOTS") == "1"
DESKTOP = {"width": 1180, "height": 860}


def new_page(browser: Any, log: PageLog) -> tuple[Any, Any]:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    log.record(page)
    return context, page


def sign_in(page: Any, server: LiveServer, email: str) -> None:
    page.goto(server.url + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()


def shoot(page: Any, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(ROOT / "docs" / name), full_page=True)


def no_errors(log: PageLog) -> None:
    """No script errors and no CSP reports (a refused inline style shows up here)."""
    assert log.errors == [], log.errors


def test_enrol_two_factor_then_sign_in_with_a_code(browser, live_server: LiveServer):
    site = live_server.create_site(["shop-a.test"])
    live_server.add_member("ann@shop-a.test", "owner", PASSWORD,
                           organization=live_server.run(lambda: site.organization))
    log = PageLog()
    context, page = new_page(browser, log)
    sign_in(page, live_server, "ann@shop-a.test")
    page.goto(live_server.url + "/account")
    page.click("text=Set up two-factor sign-in")
    page.wait_for_selector("svg.qr-code")
    secret = page.input_value("#totp-key")
    assert page.input_value("#totp-uri").startswith("otpauth://totp/SiteTracker:")
    shoot(page, "two-factor-setup.png")

    page.fill("#code", totp.code_at(secret, totp.now_step()))
    page.click("text=Turn on")
    page.wait_for_selector("ol.recovery-codes")
    assert page.locator("ol.recovery-codes li").count() == 10
    page.click("header .who button")  # sign out
    page.wait_for_selector("h1:has-text('Sign in')")

    sign_in(page, live_server, "ann@shop-a.test")
    page.wait_for_selector("h1:has-text('Enter your code')")
    assert page.url.endswith("/login/code")
    shoot(page, "two-factor-code.png")
    # The step after the one used to enrol: a code is never accepted twice.
    page.fill("#code", totp.code_at(secret, totp.now_step() + 1))
    page.click("form.stack button[type=submit]")
    page.wait_for_selector("header .who-email")
    assert page.text_content("header .who-email") == "ann@shop-a.test"
    no_errors(log)
    context.close()


def test_a_session_signed_out_in_one_browser_is_over_for_a_copied_cookie(
        browser, live_server: LiveServer):
    site = live_server.create_site(["shop-a.test"])
    live_server.add_member("bob@shop-a.test", "admin", PASSWORD,
                           organization=live_server.run(lambda: site.organization))
    log = PageLog()
    first, page_a = new_page(browser, log)
    second, page_b = new_page(browser, log)
    sign_in(page_a, live_server, "bob@shop-a.test")
    second.add_cookies(first.cookies())
    page_b.goto(live_server.url + "/account")
    assert page_b.text_content("h1") == "Account"

    page_a.click("header .who button")  # sign out in browser A
    page_a.wait_for_selector("h1:has-text('Sign in')")

    page_b.goto(live_server.url + "/account")
    page_b.wait_for_selector("h1:has-text('Sign in')")
    assert "/login" in page_b.url
    no_errors(log)
    first.close()
    second.close()
