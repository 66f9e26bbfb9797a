"""The headline figures of a period, and the same per day for the charts."""

from __future__ import annotations

from typing import Any

from . import counts
from .periods import Period

METRICS = ("sessions", "pageviews", "bounces", "duration", "engaged", "converted", "orders",
           "revenue")


def _share(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def figures(site_id: int, period: Period) -> dict[str, Any]:
    """::

        {"visitors": 120, "sessions": 150, "pageviews": 610, "bounce_rate": 0.41,
         "avg_session_seconds": 95.2, "engaged_seconds": 8123.0,
         "engaged_per_visitor": 67.7, "conversion_rate": 0.02, "orders": 3,
         "revenue": {"EUR": 240.0}, "avg_order_value": {"EUR": 80.0}}
    """
    found = counts.sums(site_id, period, METRICS)
    total = {metric: sum(found[metric].values()) for metric in METRICS}
    visitors = counts.visitors(site_id, period)
    sessions = total["sessions"]
    orders = found["orders"]
    revenue = {currency: round(value, 2) for currency, value in found["revenue"].items()}
    return {
        "visitors": visitors, "sessions": int(sessions), "pageviews": int(total["pageviews"]),
        "bounce_rate": _share(total["bounces"], sessions),
        "avg_session_seconds": round(total["duration"] / sessions, 1) if sessions else None,
        "engaged_seconds": round(total["engaged"], 1),
        "engaged_per_visitor": round(total["engaged"] / visitors, 1) if visitors else None,
        "conversion_rate": _share(total["converted"], sessions),
        "orders": int(total["orders"]), "revenue": revenue,
        "avg_order_value": {c: round(v / orders[c], 2) for c, v in revenue.items()
                            if orders.get(c)},
    }


def series(site_id: int, period: Period) -> list[dict[str, Any]]:
    """One entry per day::

        [{"day": "2026-03-10", "visitors": 12, "sessions": 14, "pageviews": 40,
          "orders": 1}, ...]
    """
    values = counts.per_day(site_id, period, ("sessions", "pageviews", "orders"))
    people = counts.visitors_per_day(site_id, period)
    return [{"day": day.isoformat(), "visitors": people.get(day.isoformat(), 0),
             **{m: int(values.get(day.isoformat(), {}).get(m, 0))
                for m in ("sessions", "pageviews", "orders")}}
            for day in period.each_day()]
