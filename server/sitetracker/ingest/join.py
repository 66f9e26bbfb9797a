"""One shopper across channels: what the browser, the pixel, webhooks and a store's
server-side events share about a shopper, and the visitor id it stands for.

The widget and the Shopify pixel know the shopper's visitor id; a webhook or a payment
callback does not, but it knows the checkout token, the cart token or the order key.
A browser beacon that names such a token (``"j": {"shopify_checkout": "..."}``, or a
WooCommerce thank-you page's ``?key=wc_order_...``) links it to its visitor; an event
from a server (a webhook, a signed beacon) that names a linked token is then counted as
that visitor, so the funnel counts the shopper once.

Links are kept in the live store (this process's memory with one worker, Redis with
several) for a week, longer than a checkout stays open. What cannot be joined: a
server's event that arrives before any browser beacon named its token (its shopper is
then the adapter's stable stand-in, see the adapters).
"""

from __future__ import annotations

from typing import Any, Protocol
from urllib.parse import parse_qs, urlparse

from ..domain import Event, Visit
from ..store_api import KeyValue, Pipelines
from .schemas import JOIN_KINDS, JOIN_VALUE_RE

LINK_TTL = 7 * 24 * 3600
MAX_LINKS = len(JOIN_KINDS)


def links_in_url(url: str) -> dict[str, str]:
    """Tokens a page's URL names: WooCommerce's thank-you page carries the order key
    (``/checkout/order-received/123/?key=wc_order_AbC``)."""
    try:
        parsed = urlparse(url)
        query = parse_qs(parsed.query)
    except ValueError:
        return {}
    key = (query.get("key") or [""])[0]
    if "/order-received/" in parsed.path and key.startswith("wc_order_") \
            and JOIN_VALUE_RE.match(key):
        return {"wc_order": key}
    return {}


def links_of(beacon: dict[str, Any]) -> dict[str, str]:
    """The beacon's own ``j``."""
    return dict(beacon.get("j") or {})


def link_key(prefix: str, site: int, kind: str, token: str) -> str:
    """Where a token's visitor is kept: ``<prefix>:join:<site>:<kind>:<token>``."""
    return f"{prefix}:join:{site}:{kind}:{token}"


class LinkStore(KeyValue, Pipelines, Protocol):
    """The live store's commands the links use."""


class ShopperLinks:
    """Token → visitor id, per site, in the live store (under :func:`link_key`), each
    kept ``LINK_TTL``; at most ``MAX_LINKS`` tokens per beacon are linked or looked up."""

    def __init__(self, store: LinkStore, prefix: str = "st") -> None:
        self.store = store
        self.prefix = prefix

    def remember(self, site: int, links: dict[str, str], visitor: str) -> None:
        """The browser's visitor is who these tokens name (the latest browser wins)."""
        if not links:
            return
        pipe = self.store.pipeline(transaction=False)
        for kind, value in list(links.items())[:MAX_LINKS]:
            pipe.set(link_key(self.prefix, site, kind, value), visitor, ex=LINK_TTL)
        pipe.execute()

    def find(self, site: int, links: dict[str, str]) -> str | None:
        """The visitor the first linked token names, in the order given, or None."""
        for kind, value in list(links.items())[:MAX_LINKS]:
            visitor = self.store.get(link_key(self.prefix, site, kind, value))
            if visitor:
                return str(visitor)
        return None

    def on_event(self, visit: Visit, event: Event, now: float) -> None:
        """The pipeline reaction: a page view's URL may name a token (a WooCommerce
        thank-you page's order key), over the live connection as by beacon."""
        if event.name == "pageview" and event.url:
            self.remember(visit.site.id, links_in_url(event.url), visit.visitor)

    def join(self, site: int, beacon: dict[str, Any], browser: bool) -> dict[str, Any]:
        """A browser's beacon links its tokens to its visitor and is unchanged; a
        server's beacon takes the visitor its tokens are linked to, when one is."""
        links = links_of(beacon)
        if not links:
            return beacon
        if browser:
            self.remember(site, links, beacon["v"])
            return beacon
        visitor = self.find(site, links)
        if visitor is None or visitor == beacon["v"]:
            return beacon
        return {**beacon, "v": visitor, "s": visitor}
