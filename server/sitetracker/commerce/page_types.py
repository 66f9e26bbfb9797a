"""What kind of page a shopper is on: the shop's homepage, a category, a product, the
offers, the cart, the checkout, the payment, the thank-you page, a search, or other.

Known from the platforms' URL conventions (Shopify's ``/collections/…``,
``/products/…``, ``/checkouts/…/thank-you``; WooCommerce's ``/product-category/…``,
``/product/…``, ``/checkout/order-pay/…``, ``/checkout/order-received/…``, ``?s=``), and
from the Shopify pixel's event types (``view_item`` is on a product, ``pay_now`` on
the payment...), with each site's own rules first for other stores (``/deals/*
offers``: a path pattern where ``*`` is any run of characters, as custom events').

:class:`PageTypes` is a pipeline step: it puts the type on each page view and on the
events that tell where the shopper is, and the live state keeps it with the shopper (the
snapshot's ``page_types``, the board's "shoppers by page type" tile).
"""

from __future__ import annotations

import functools
import logging
import re
import time
from dataclasses import replace
from threading import Lock
from urllib.parse import parse_qs, urlparse

from ..db import database
from ..domain import Event, Visit
from ..patterns import path_matches
from ..storage.failures import DATABASE_AWAY
from .models import PageTypeRule

log = logging.getLogger(__name__)

PAGE_TYPES = ("home", "category", "product", "offers", "cart", "checkout", "payment",
              "thank-you", "search", "other")
MAX_RULES = 50
TTL = 5.0

OFFERS = "<a path segment naming offers>"
ORDER_STATUS = "<Shopify's order status page>"
ORDER_STATUS_RE = re.compile(r"^/[0-9]+/orders/")
OFFER_SEGMENTS = re.compile(
    r"/(sale|sales|offers?|deals?|promotions?|promo|outlet|clearance|soldes|angebote)(/|$)",
    re.IGNORECASE)
# Checked in order; the first pattern that matches the path (with or without a
# trailing /) names the type.
CONVENTIONS: tuple[tuple[str, str], ...] = (
    ("*/order-received/*", "thank-you"),  # WooCommerce
    ("/checkouts/*/thank_you*", "thank-you"),  # Shopify
    ("/checkouts/*/thank-you*", "thank-you"),
    (ORDER_STATUS, "thank-you"),  # Shopify's order status page, /<shop id>/orders/<token>
    ("/checkout/thank-you*", "thank-you"),
    ("/thank-you*", "thank-you"),
    ("*/order-pay/*", "payment"),  # WooCommerce
    ("/checkouts/*/payment*", "payment"),
    ("/checkout", "checkout"),
    ("/checkout/*", "checkout"),
    ("/checkouts", "checkout"),
    ("/checkouts/*", "checkout"),
    ("/cart", "cart"),
    ("/cart/*", "cart"),
    ("/basket*", "cart"),
    ("/search", "search"),
    ("/search/*", "search"),
    ("/products/*", "product"),  # Shopify
    ("/collections/*/products/*", "product"),
    ("/product/*", "product"),  # WooCommerce
    (OFFERS, "offers"),  # a sale collection or category, an offers page
    ("/collections", "category"),
    ("/collections/*", "category"),
    ("/product-category/*", "category"),
    ("/shop", "category"),
    ("/shop/*", "category"),
    ("/category/*", "category"),
    ("/", "home"),
    ("/index.html", "home"),
    ("/home", "home"),
)
# Where an event tells the shopper is (the Shopify pixel's events carry the checkout's
# URL, which does not change from step to step).
EVENT_PAGE_TYPES = {
    "view_item": "product", "collection_view": "category", "search": "search",
    "checkout": "checkout", "checkout_contact": "checkout", "checkout_shipping": "checkout",
    "pay_now": "payment", "payment_error": "payment", "purchase": "thank-you",
}


@functools.lru_cache(maxsize=2048)  # shoppers visit the same pages: parse each once
def page_type_of(url: str, rules: tuple[tuple[str, str], ...] = ()) -> str:
    """The type of the page at ``url``: the site's rules first, then the conventions."""
    try:
        parsed = urlparse(url)
        query = parse_qs(parsed.query)
    except ValueError:
        return "other"
    path = parsed.path or "/"
    for pattern, kind in rules:
        if path_matches(pattern, path):
            return kind
    if query.get("s") and path.rstrip("/") in ("", "/shop"):
        return "search"  # WordPress's and WooCommerce's search
    for pattern, kind in CONVENTIONS:
        if pattern in (OFFERS, ORDER_STATUS):
            if (OFFER_SEGMENTS if pattern == OFFERS else ORDER_STATUS_RE).search(path):
                return kind
        elif path_matches(pattern, path) or (
                pattern != "/" and path_matches(pattern + "/", path)):
            return kind
    return "other"


def parse_rules(text: str) -> list[tuple[str, str]]:
    """The rules typed on the site's page, one per line: ``PATTERN TYPE``.
    ``ValueError`` names the first bad line."""
    rules = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2 or not parts[0].startswith("/") or len(parts[0]) > 200:
            raise ValueError(f"line {number}: a path pattern starting with / and a type")
        if parts[1] not in PAGE_TYPES:
            raise ValueError(f"line {number}: the type is one of {', '.join(PAGE_TYPES)}")
        rules.append((parts[0], parts[1]))
    if len(rules) > MAX_RULES:
        raise ValueError(f"at most {MAX_RULES} rules")
    return rules


def stored_rules(site_id: int) -> list[tuple[str, str]]:
    with database.connection_context():
        return [(row.pattern, row.page_type) for row in PageTypeRule.select()
                .where(PageTypeRule.site == site_id).order_by(PageTypeRule.position)]


def save_rules(site_id: int, rules: list[tuple[str, str]]) -> None:
    with database.connection_context(), database.atomic():
        PageTypeRule.delete().where(PageTypeRule.site == site_id).execute()
        if rules:
            PageTypeRule.insert_many([
                {"site": site_id, "position": index, "pattern": pattern, "page_type": kind}
                for index, (pattern, kind) in enumerate(rules)]).execute()


class PageTypes:
    """The pipeline step ``put_page_type``, with each site's rules read from storage at
    most every ``TTL`` seconds (:meth:`forget` applies a change at once)."""

    def __init__(self, ttl: float = TTL) -> None:
        self.ttl = ttl
        self._rules: dict[int, tuple[float, tuple[tuple[str, str], ...]]] = {}
        self._lock = Lock()

    def rules(self, site_id: int) -> tuple[tuple[str, str], ...]:
        now = time.monotonic()
        cached = self._rules.get(site_id)
        if cached is not None and now - cached[0] < self.ttl:
            return cached[1]
        try:
            rules = tuple(stored_rules(site_id))
        except DATABASE_AWAY:
            # Page views are still counted while the database is away: with the rules
            # last read (none if never read), tried again after the TTL.
            log.warning("page type rules of site %s: the database is away", site_id)
            rules = cached[1] if cached is not None else ()
        with self._lock:
            if len(self._rules) > 10000:
                self._rules.clear()
            self._rules[site_id] = (now, rules)
        return rules

    def forget(self, site_id: int) -> None:
        with self._lock:
            self._rules.pop(site_id, None)

    def __call__(self, event: Event, visit: Visit) -> Event:
        if event.name == "pageview" and event.url:
            return replace(event, page_type=page_type_of(event.url, self.rules(visit.site.id)))
        kind = EVENT_PAGE_TYPES.get(event.name)
        return replace(event, page_type=kind) if kind else event
