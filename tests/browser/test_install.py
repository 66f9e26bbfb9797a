"""The site page's installation panel in a real browser: a site goes from "not detected
yet" to seen when a page with the widget opens, and the verify mode shows why a page on
a domain the site does not list is refused, and what a listed page's events became.

``SITETRACKER_INSTALL_SCREENSHOTS=<dir>`` saves the screenshots the README shows.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sitetracker import tenancy

from .harness import LiveServer, PageLog, Storefront, WidgetProbe
from .test_commerce import DESKTOP_UA

PASSWORD = "correct horse battery"
SHOTS = os.environ.get("SITETRACKER_INSTALL_SCREENSHOTS", "")
BOUND = 30.0  # seconds, for a stuck run only


def shoot(page: Any, selector: str, name: str) -> None:
    if SHOTS:  # the sticky top bar would cover the panel scrolled into view
        page.evaluate("document.querySelector('.topbar').style.position = 'static'")
        page.locator(selector).screenshot(path=str(Path(SHOTS) / name))


def signed_in_owner(browser: Any, live_server: LiveServer, site: Any) -> Any:
    live_server.run(tenancy.add_member, "owner@shop-a.test", "owner", password=PASSWORD,
                    organization=site.organization)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(live_server.url + "/login")
    page.fill("input[name=email]", "owner@shop-a.test")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def widget_part(page: Any) -> str:
    return str(page.text_content("#install [data-kind=widget]"))


def shopper(browser: Any) -> Any:
    """A shopper's page (a headless browser's own User-Agent counts as a bot)."""
    return browser.new_context(user_agent=DESKTOP_UA).new_page()


def test_a_site_goes_from_not_detected_to_seen_when_a_widget_page_opens(
        browser: Any, live_server: LiveServer, site: Any, storefront: Storefront,
        page_log: PageLog) -> None:
    admin = signed_in_owner(browser, live_server, site)
    admin.goto(f"{live_server.url}/sites/{site.public_key}")
    assert "not detected yet" in widget_part(admin)

    page = shopper(browser)
    page.goto(storefront.url("widget.html"))
    WidgetProbe(page, page_log).wait_connected()

    def seen() -> bool:
        admin.reload()
        return "not detected yet" not in widget_part(admin)

    WidgetProbe(admin, page_log).wait_for(seen, timeout=BOUND, what="the widget seen")
    assert "shop-a.test/widget.html" in widget_part(admin)
    shoot(admin, "#install", "install-panel.png")


def test_verify_mode_shows_a_refused_domains_reason_then_a_kept_page(
        browser: Any, live_server: LiveServer, site: Any, storefront: Storefront) -> None:
    admin = signed_in_owner(browser, live_server, site)
    admin.goto(f"{live_server.url}/sites/{site.public_key}")
    admin.click("text=Verify installation")
    admin.wait_for_selector(".verify[data-code]")
    code = admin.get_attribute(".verify", "data-code")
    admin.wait_for_selector(".verify[data-live]", timeout=BOUND * 1000)  # its socket is up

    shopper(browser).goto(storefront.url("widget.html", host="elsewhere.test")
                          + f"?st_verify={code}")
    refused = admin.wait_for_selector(".verify-entry.refused", timeout=BOUND * 1000)
    text = refused.text_content() or ""
    assert "not one of the site's domains" in text and "elsewhere.test" in text

    shopper(browser).goto(storefront.url("widget.html") + f"?st_verify={code}")
    kept = admin.wait_for_selector(".verify-kept", timeout=BOUND * 1000)
    assert "kept: 1" in (kept.text_content() or "")
    assert "shop-a.test/widget.html" in (admin.text_content(".verify-log") or "")
    shoot(admin, "#install", "install-verify.png")
