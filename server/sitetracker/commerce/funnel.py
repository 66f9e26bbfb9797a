"""The funnel, per shopper per day in the site's timezone: who added to cart, who reached
checkout, who purchased; open carts, carts at risk and today's sales.

Stages build on each other: a shopper who reached checkout also counts as having a cart,
and one who purchased as having reached checkout, so each gauge is at most the one
before. A purchase is a ``purchase`` event or a page view of a thank-you page
(:data:`THANK_YOU_PATTERNS`); only ``purchase`` events carry a value, so sales come from
them alone (once per order id). The definitions are in docs/commerce.md.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ..clock import local_day, zone
from ..db import database
from ..domain import Event, SiteInfo, Visit, Write, visitor_hash
from ..ingest.buffer import add_count
from ..models import DailyCount
from ..patterns import path_matches
from .models import FunnelVisitor
from .state import Cart, CommerceState

if TYPE_CHECKING:
    from ..tracking import Tracking

STAGES = ("cart", "checkout", "purchase")
REACHES: dict[str, tuple[str, ...]] = {
    "add_to_cart": ("cart",),
    "checkout": ("cart", "checkout"),
    "pay_now": ("cart", "checkout"),
    "payment_error": ("cart", "checkout"),
    "purchase": STAGES,
}
# WooCommerce's is /checkout/order-received/<id>/; Shopify's /checkouts/<id>/thank_you.
MAX_KNOWN_HASHES = 100_000  # visitor hashes remembered (a few tens of MB at most)
THANK_YOU_PATTERNS = ("/checkout/thank-you*", "/thank-you*", "*/order-received/*",
                      "/checkouts/*/thank_you")


def is_thank_you(path: str) -> bool:
    return any(path_matches(pattern, path) for pattern in THANK_YOU_PATTERNS)


def abandonment(reached: int, purchases: int, still_open: int = 0) -> float | None:
    """Of the shoppers who reached a stage, the share who left without purchasing:
    those still live with an open cart are not counted as gone yet."""
    if reached <= 0:
        return None
    return round(max(reached - purchases - still_open, 0) / reached, 4)


class Funnel:
    def __init__(self, tracking: Tracking, state: CommerceState) -> None:
        self.tracking = tracking
        self.state = state
        self._seeded: set[tuple[int, str]] = set()
        self._hashes: dict[tuple[int, str], str] = {}
        # Per site: the versions the funnel's live part was counted at, and that part.
        self._kept: dict[int, tuple[tuple[str, str, date], dict[str, Any]]] = {}

    # -- recording ------------------------------------------------------------------
    def record(self, visit: Visit, event: Event, now: float) -> list[Write]:
        """Everything an event changes in the funnel, except emptying the cart on a
        purchase (:meth:`purchased`, after the alerts have seen the cart); returns the
        stages newly reached, to store."""
        site, visitor = visit.site, visit.visitor
        day = local_day(now, site.timezone)
        self.seed(site, day)
        if event.name == "pageview":
            self.state.add_page(site.id, visitor, event.path)
            return self.reach(visit, day, STAGES) if is_thank_you(event.path) else []
        self.state.count_event(site.id, day, event.name)
        props = event.props
        if event.name == "add_to_cart":
            self.cart_changed(visit, self.state.add_to_cart(
                site.id, visitor, props.get("product", ""), props.get("quantity", 1),
                props.get("value", 0.0)))
        elif event.name == "remove_from_cart":
            self.cart_changed(visit, self.state.remove_from_cart(
                site.id, visitor, props.get("product", ""), props.get("quantity"),
                props.get("value")))
        elif event.name == "payment_error":
            self.state.add_error(site.id, visitor, {
                "t": int(now), "code": props.get("code", ""),
                "message": props.get("message", "")})
        return self.reach(visit, day, REACHES[event.name]) if event.name in REACHES else []

    def reach(self, visit: Visit, day: date, stages: tuple[str, ...]) -> list[Write]:
        site, hashed = visit.site, visit.visitor_hash
        new = self.state.reach(site.id, day, hashed, stages)
        if not new:
            return []
        rows = [{"site": site.id, "day": day, "stage": stage, "visitor": hashed}
                for stage in new]
        return [Write("funnel", lambda: FunnelVisitor.insert_many(rows)
                      .on_conflict_ignore().execute(), rows,
                      undo=lambda: self.state.unreach(site.id, day, hashed, new))]

    def cart_changed(self, visit: Visit, cart: Cart) -> None:
        self.tracking.live.update(visit.site.id, visit.visitor, {"cart": cart.value})

    def purchased(self, visit: Visit, event: Event, now: float, new_order: bool
                  ) -> list[Write]:
        """A purchase empties the cart and, the first time its order is seen, adds a
        sale to today's: stored with the purchase (not buffered), counted live once
        stored."""
        site = visit.site
        self.state.clear_cart(site.id, visit.visitor)
        self.tracking.live.update(site.id, visit.visitor, {"cart": 0})
        if not new_order:
            return []
        day = local_day(now, site.timezone)
        currency = event.props.get("currency", "")
        value = float(event.props.get("value", 0.0))
        hour = datetime.fromtimestamp(now, zone(site.timezone)).hour

        def store() -> None:
            add_count(site.id, day, "orders", currency, 1)
            add_count(site.id, day, "revenue", currency, value)
            add_count(site.id, day, "order_hour", f"{hour:02d}", 1)  # the reports' chart

        return [Write("sale_counts", store,
                      {"site": site.id, "day": day, "currency": currency, "value": value},
                      then=lambda: self.state.add_sale(site.id, day, currency, value))]

    def restore_cart(self, site: SiteInfo, visitor: str) -> None:
        """A returning shopper's page connected: show the cart they left."""
        cart = self.state.cart(site.id, visitor)
        if cart.lines:
            self.tracking.live.update(site.id, visitor, {"cart": cart.value})

    def seed(self, site: SiteInfo, day: date) -> None:
        """Once per site and day in this process (again after the live store lost its
        data): the day's funnel, sales and events per type from storage (live state in
        memory starts empty after a restart). Events per type are as last flushed."""
        if (site.id, day.isoformat()) in self._seeded:
            return
        self._seeded.add((site.id, day.isoformat()))
        with database.connection_context():
            rows = list(FunnelVisitor.select(FunnelVisitor.stage, FunnelVisitor.visitor)
                        .where((FunnelVisitor.site == site.id) & (FunnelVisitor.day == day)))
            sales = list(DailyCount.select(DailyCount.metric, DailyCount.key, DailyCount.value)
                         .where((DailyCount.site == site.id) & (DailyCount.day == day)
                                & DailyCount.metric.in_(("orders", "revenue", "event"))))
        events = {count.key: int(count.value) for count in sales if count.metric == "event"}
        self.state.seed_events(site.id, day, events)
        sales = [count for count in sales if count.metric != "event"]
        for stage in STAGES:
            self.state.seed_stage(site.id, day, stage,
                                  [row.visitor for row in rows if row.stage == stage])
        by_currency: dict[str, tuple[int, float]] = {}
        for count in sales:
            orders, revenue = by_currency.get(count.key, (0, 0.0))
            by_currency[count.key] = ((int(count.value), revenue) if count.metric == "orders"
                                      else (orders, float(count.value)))
        self.state.seed_sales(site.id, day, by_currency)

    def _hash(self, site: int, visitor: str) -> str:
        """:func:`visitor_hash`, remembered for the shoppers live now (the snapshot
        asks for every live shopper's each second)."""
        known = self._hashes.get((site, visitor))
        if known is None:
            if len(self._hashes) >= MAX_KNOWN_HASHES:
                self._hashes.clear()
            known = self._hashes[(site, visitor)] = visitor_hash(site, visitor)
        return known

    def forget_seeds(self) -> None:
        self._seeded.clear()

    # -- the snapshot's ``commerce`` part -------------------------------------------
    def gauges(self, site: SiteInfo, now: float) -> dict[str, Any]:
        """::

            {"funnel": {"carts": 12, "checkouts": 5, "purchases": 3, "open_carts": 2,
                        "open_checkouts": 1, "cart_abandonment": 0.5833,
                        "checkout_abandonment": 0.2},
             "carts_at_risk": {"count": 2, "value": 187.5},
             "sales_today": {"count": 3, "value": 421.0, "currency": "EUR",
                             "by_currency": {"EUR": {"count": 3, "value": 421.0}}},
             "events_today": {"add_to_cart": 15, "size_guide": 4, ...}}
        """
        day = local_day(now, site.timezone)
        self.seed(site, day)
        sales, events = self.state.today(site.id, day)
        main = max(sales, key=lambda c: sales[c][1], default=None)
        return {
            **self._stages(site, day, now),
            "sales_today": {
                "count": sum(n for n, _ in sales.values()),
                "value": sales[main][1] if main is not None else 0.0,
                "currency": main or None,
                "by_currency": {c: {"count": n, "value": v} for c, (n, v) in sales.items()},
            },
            "events_today": events,
        }

    def _stages(self, site: SiteInfo, day: date, now: float) -> dict[str, Any]:
        """The funnel and carts at risk: who of today's stages is live now, and their
        carts. Counting them reads every live shopper and open cart, so the answer is
        kept with the versions it was counted at (the presences' and commerce's, both in
        the live store, so a write on any worker shows) and counted again only once
        either moved: an idle second costs two reads, however many shoppers are live."""
        presences = self.tracking.live.presences_version(site.id, now)
        version = (presences, self.state.version(site.id), day) if presences else None
        kept = self._kept.get(site.id)
        if version is not None and kept is not None and kept[0] == version:
            return kept[1]
        reached = self.state.funnel(site.id, day, STAGES)
        live = self.tracking.live.live_visitors(site.id, now)
        hashes = {self._hash(site.id, v): v for v in live}
        bought = reached["purchase"]
        open_carts = len((reached["cart"] - bought) & hashes.keys())
        open_checkouts = len((reached["checkout"] - bought) & hashes.keys())
        carts = self.state.open_carts(site.id, {v for h, v in hashes.items()
                                                if h not in bought})
        at_risk = [cart.value for cart in carts.values()]
        n_carts, n_checkouts, n_bought = (len(reached[s]) for s in STAGES)
        part = {
            "funnel": {
                "carts": n_carts, "checkouts": n_checkouts, "purchases": n_bought,
                "open_carts": open_carts, "open_checkouts": open_checkouts,
                "cart_abandonment": abandonment(n_carts, n_bought, open_carts),
                "checkout_abandonment": abandonment(n_checkouts, n_bought, open_checkouts),
            },
            "carts_at_risk": {"count": len(at_risk), "value": round(sum(at_risk), 2)},
        }
        if version is not None:
            self._kept[site.id] = (version, part)
        return part
