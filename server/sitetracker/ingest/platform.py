"""Device, OS and browser from the User-Agent, and whether it is a bot.

Parsing is cached: a store's shoppers share a few hundred user agents, so the same
string is parsed once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from user_agents import parse

# Headless browsers and automation tools that user-agents does not flag as bots.
AUTOMATION_RE = re.compile(
    r"headless|phantomjs|selenium|webdriver|puppeteer|playwright|electron|slimerjs|"
    r"python-requests|python-urllib|aiohttp|httpx|curl/|wget/|go-http-client|okhttp|"
    r"java/|libwww|scrapy|axios/|node-fetch|lighthouse|pingdom|uptime|monitor|"
    r"bot\b|bot/|spider|crawl|slurp|facebookexternalhit|preview",
    re.IGNORECASE,
)
MAX_UA = 512


@dataclass(frozen=True)
class Platform:
    device: str  # "mobile", "tablet" or "desktop"
    os: str
    browser: str
    is_bot: bool


@lru_cache(maxsize=4096)
def detect(user_agent: str) -> Platform:
    """Classify a User-Agent string (cut to 512 characters)."""
    ua = user_agent[:MAX_UA]
    if not ua.strip():
        return Platform("desktop", "Other", "Other", True)
    parsed = parse(ua)
    device = "mobile" if parsed.is_mobile else "tablet" if parsed.is_tablet else "desktop"
    is_bot = bool(parsed.is_bot or AUTOMATION_RE.search(ua))
    return Platform(
        device=device,
        os=(parsed.os.family or "Other")[:40],
        browser=(parsed.browser.family or "Other")[:40],
        is_bot=is_bot,
    )
