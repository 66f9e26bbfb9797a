"""Sales by hour of day and products, from the commerce events."""

from __future__ import annotations

from typing import Any

from . import counts
from .periods import Period

TOP = 50
PRODUCT_METRICS = ("product_view", "product_cart", "product_buy", "product_rev")


def orders_per_hour(site_id: int, period: Period) -> list[int]:
    """New orders per hour of the day (site time), 24 numbers from 00:00."""
    found = counts.sums(site_id, period, ("order_hour",))["order_hour"]
    return [int(found.get(f"{hour:02d}", 0)) for hour in range(24)]


def products(site_id: int, period: Period, top: int = TOP) -> list[dict[str, Any]]:
    """Products by revenue, then units bought, then adds to cart::

        [{"product": "Linen shirt", "views": 0, "carts": 12, "purchases": 4,
          "revenue": 236.0}, ...]

    Views come from ``view_item`` events; revenue from the lines of ``purchase`` events
    that give a value.
    """
    found = counts.sums(site_id, period, PRODUCT_METRICS)
    names = set().union(*(found[metric] for metric in PRODUCT_METRICS))
    rows: list[dict[str, Any]] = [
        {"product": name, "views": int(found["product_view"].get(name, 0)),
             "carts": int(found["product_cart"].get(name, 0)),
             "purchases": int(found["product_buy"].get(name, 0)),
             "revenue": round(found["product_rev"].get(name, 0.0), 2)} for name in names]
    rows.sort(key=lambda r: (-r["revenue"], -r["purchases"], -r["carts"], r["product"]))
    return rows[:top]
