from __future__ import annotations

import pytest

from sitetracker.ingest.platform import detect, screen_class

from ..agents import CHROME, GOOGLEBOT, IPHONE
from ..paths import FIXTURES

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


@pytest.mark.parametrize(("width", "screen"), [
    (None, ""), (320, "phone"), (575, "phone"), (576, "tablet"), (991, "tablet"),
    (992, "laptop"), (1439, "laptop"), (1440, "desktop"), (3840, "desktop"),
])
def test_a_page_width_falls_in_one_screen_size_class(width, screen):
    assert screen_class(width) == screen


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


def real_user_agents() -> list[tuple[str, bool, str]]:
    """fixtures/user_agents.tsv: (kind, touch, user agent) of real browsers and tools."""
    path = FIXTURES / "user_agents.tsv"
    rows = [line.split("\t") for line in path.read_text().splitlines()
            if line and not line.startswith("#")][1:]
    return [(kind, touch == "1", ua) for kind, touch, ua in rows]


@pytest.mark.parametrize(("kind", "touch", "ua"), real_user_agents(),
                         ids=lambda value: value if isinstance(value, str) else None)
def test_real_user_agents_are_the_right_device_or_not_a_shopper(kind, touch, ua):
    platform = detect(ua, touch)
    shopper = not platform.is_bot and platform.is_browser
    if kind == "tool":
        assert not shopper
    else:
        assert shopper and platform.device == kind


def test_the_table_holds_every_kind():
    kinds = [kind for kind, _, _ in real_user_agents()]
    assert len(kinds) >= 70
    assert {kind: kinds.count(kind) >= 5 for kind in ("desktop", "mobile", "tablet", "tool")
            } == dict.fromkeys(("desktop", "mobile", "tablet", "tool"), True)


def test_an_ipad_asking_for_the_desktop_site_is_a_tablet_only_when_the_page_says_touch():
    mac_safari = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
                  "(KHTML, like Gecko) Version/17.5 Safari/605.1.15")
    assert detect(mac_safari).device == "desktop"
    assert (detect(mac_safari, True).device, detect(mac_safari, True).os) == ("tablet", "iOS")


def test_server_side_labels_are_not_browsers_but_not_bots():
    """Signed senders label themselves; only a browser endpoint requires a browser."""
    platform = detect("Shopify webhook")
    assert not platform.is_bot and not platform.is_browser
