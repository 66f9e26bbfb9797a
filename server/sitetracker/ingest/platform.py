"""Device, OS and browser from the User-Agent, and whether it is a shopper at all.

Bots, crawlers and HTTP libraries come from a maintained list (crawler-user-agents,
pinned in pyproject.toml), with user-agents' own bot flag; :data:`NOT_IN_THE_LIST` holds
the few API tools and automation markers it lacks. A browser's User-Agent begins with
``Mozilla/`` (or the old ``Opera/``): anything else that reaches a browser endpoint is
a script, not a shopper (:attr:`Platform.is_browser`).

Tablets: an iPad (any browser: Chrome's ``CriOS`` and Firefox's ``FxiOS`` say ``iPad``
too but also ``Mobile``), an Android browser without ``Mobile`` (Chrome's, Samsung's,
Edge's convention), Firefox's ``Tablet`` token, Kindle and Silk. iPadOS Safari asks for
desktop sites by default and sends a Mac's User-Agent: only the page can tell, from
touch points, so the widget sends ``t: 1`` for a "Mac" with a touch screen; without it
(a beacon from a server, the pixel) such an iPad counts as a desktop Mac.

Screen sizes are not in the User-Agent: the widget's live channel sends the page's width
in CSS pixels (``w``, ``window.innerWidth``), and :func:`screen_class` puts it in one of
four classes a store owner knows from their theme's layouts (the common CSS breakpoints):
``phone`` below 576, ``tablet`` 576 to 991, ``laptop`` 992 to 1439, ``desktop`` from
1440. Exact ``width x height`` pairs were left out: phones alone come in hundreds of
them, none of which tells which layout the shopper saw.

Parsing is cached: a store's shoppers share a few hundred user agents, so the same
string is parsed once.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

import crawleruseragents
from user_agents import parse

from ..domain import Platform

NOT_IN_THE_LIST = re.compile(
    r"^(PostmanRuntime|insomnia|Thunder Client|Paw|RestSharp|Dart|Apache-HttpAsyncClient|"
    r"GuzzleHttp|Bun|Deno|Ruby|Faraday|k6|ReactorNetty|python-urllib3|undici|Java)\b|"
    r"selenium|webdriver|puppeteer|playwright|electron/|slimerjs",
    re.IGNORECASE,
)
BROWSER_PREFIXES = ("Mozilla/", "Opera/")
TABLET_RE = re.compile(r"\biPad\b|\bTablet\b|\bKindle\b|\bSilk/|PlayBook", re.IGNORECASE)
ANDROID_RE = re.compile(r"\bAndroid\b")
MOBILE_RE = re.compile(r"\bMobile\b|\bMobi\b")
MAX_UA = 512
# (class, the widths below which it applies), narrowest first; wider is "desktop".
SCREEN_CLASSES = (("phone", 576), ("tablet", 992), ("laptop", 1440))
SCREENS = ("phone", "tablet", "laptop", "desktop")


def screen_class(width: int | None) -> str:
    """The class of a page ``width`` in CSS pixels (None or 0: not measured, "")."""
    if not width:
        return ""
    return next((name for name, below in SCREEN_CLASSES if width < below), "desktop")


def with_screen(platform: Platform, width: int | None) -> Platform:
    """``platform`` with the screen class of ``width`` (the widget's ``w``)."""
    screen = screen_class(width)
    return replace(platform, screen=screen) if screen != platform.screen else platform


def _device(ua: str, phone: bool, tablet: bool, touch: bool) -> str:
    if TABLET_RE.search(ua):
        return "tablet"
    if ANDROID_RE.search(ua) and not MOBILE_RE.search(ua):
        return "tablet"
    if touch and "Macintosh" in ua:
        return "tablet"  # iPadOS Safari asking for the desktop site
    return "mobile" if phone else "tablet" if tablet else "desktop"


@lru_cache(maxsize=4096)
def detect(user_agent: str, touch: bool = False) -> Platform:
    """Classify a User-Agent string (cut to 512 characters); ``touch``: the page said
    it has a touch screen (the widget's ``t``)."""
    ua = user_agent[:MAX_UA]
    if not ua.strip():
        return Platform("desktop", "Other", "Other", True, False)
    parsed = parse(ua)
    device = _device(ua, parsed.is_mobile, parsed.is_tablet, touch)
    os = (parsed.os.family or "Other")[:40]
    if device == "tablet" and os == "Mac OS X":
        os = "iOS"
    is_bot = bool(parsed.is_bot or crawleruseragents.is_crawler(ua)
                  or NOT_IN_THE_LIST.search(ua))
    return Platform(
        device=device,
        os=os,
        browser=(parsed.browser.family or "Other")[:40],
        is_bot=is_bot,
        is_browser=ua.startswith(BROWSER_PREFIXES),
    )
