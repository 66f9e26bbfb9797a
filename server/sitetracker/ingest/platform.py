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

Parsing is cached: a store's shoppers share a few hundred user agents, so the same
string is parsed once.
"""

from __future__ import annotations

import re
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
