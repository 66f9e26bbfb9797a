"""Sales by hour of day, and products: the report's by revenue, the board tile's most
viewed (``GET /api/sites/<key>/catalog``), from the daily counts of the commerce events
(:func:`sitetracker.ingest.rollups.product_counts`)."""

from __future__ import annotations

from typing import Any

from ..ingest.tracked import PRODUCT_BUYS, PRODUCT_CARTS, PRODUCT_VIEWS
from . import counts
from .periods import Period

TOP = 50
LIMIT = 20  # the board tile's rows
PRODUCT_REVENUE = "product_rev"
PRODUCT_METRICS = (PRODUCT_VIEWS, PRODUCT_CARTS, PRODUCT_BUYS, PRODUCT_REVENUE)
TILES = ("products", "searches")  # the board tiles fed by top_products and events.top_searches


def orders_per_hour(site_id: int, period: Period) -> list[int]:
    """New orders per hour of the day (site time), 24 numbers from 00:00."""
    found = counts.sums(site_id, period, ("order_hour",))["order_hour"]
    return [int(found.get(f"{hour:02d}", 0)) for hour in range(24)]


def _lines(site_id: int, period: Period) -> list[dict[str, Any]]:
    """Every product counted in the period, in no order."""
    found = counts.sums(site_id, period, PRODUCT_METRICS)
    names = set().union(*(found[metric] for metric in PRODUCT_METRICS))
    return [{"product": name, "views": int(found[PRODUCT_VIEWS].get(name, 0)),
             "carts": int(found[PRODUCT_CARTS].get(name, 0)),
             "purchases": int(found[PRODUCT_BUYS].get(name, 0)),
             "revenue": round(found[PRODUCT_REVENUE].get(name, 0.0), 2)} for name in names]


def products(site_id: int, period: Period, top: int = TOP) -> list[dict[str, Any]]:
    """Products by revenue, then units bought, then adds to cart::

        [{"product": "Linen shirt", "views": 0, "carts": 12, "purchases": 4,
          "revenue": 236.0}, ...]

    Views come from ``view_item`` events; revenue from the lines of ``purchase`` events
    that give a value.
    """
    rows = _lines(site_id, period)
    rows.sort(key=lambda r: (-r["revenue"], -r["purchases"], -r["carts"], r["product"]))
    return rows[:top]


def top_products(site_id: int, period: Period, limit: int = LIMIT) -> list[dict[str, Any]]:
    """The most viewed products (then the most bought), the board tile's::

        [{"product": "Organic tee", "views": 40, "carts": 6, "purchases": 2}, ...]
    """
    rows = _lines(site_id, period)
    rows.sort(key=lambda r: (-r["views"], -r["purchases"], r["product"]))
    return [{name: row[name] for name in ("product", "views", "carts", "purchases")}
            for row in rows[:limit]]
