from __future__ import annotations

import pytest

from sitetracker.ingest.platform import detect

from .test_collect import CHROME, GOOGLEBOT, IPHONE

IPAD = ("Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.5 Mobile/15E148 Safari/604.1")


@pytest.mark.parametrize(("ua", "device", "os", "browser"), [
    (CHROME, "desktop", "Windows", "Chrome"),
    (IPHONE, "mobile", "iOS", "Mobile Safari"),
    (IPAD, "tablet", "iOS", "Mobile Safari"),
])
def test_platform_is_read_from_the_user_agent(ua, device, os, browser):
    platform = detect(ua)
    assert (platform.device, platform.os, platform.browser, platform.is_bot) == (
        device, os, browser, False)


@pytest.mark.parametrize("ua", [
    GOOGLEBOT,
    CHROME.replace("Chrome/", "HeadlessChrome/"),
    "python-requests/2.32",
    "curl/8.5.0",
    "Mozilla/5.0 (X11; Linux x86_64) PhantomJS/2.1.1",
    "",
])
def test_bots_headless_browsers_and_scripts_are_flagged(ua):
    assert detect(ua).is_bot


def test_the_same_user_agent_is_parsed_once():
    detect.cache_clear()
    detect(CHROME)
    detect(CHROME)
    assert detect.cache_info().hits == 1
