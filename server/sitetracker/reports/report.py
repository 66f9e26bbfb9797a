"""The whole report of a period, compared with the period before: what the reports page
and ``GET /api/sites/<key>/reports`` show."""

from __future__ import annotations

from typing import Any

from . import audience, events, overview, shop, traffic
from .periods import Period


def report(site_id: int, period: Period, compare: bool = True) -> dict[str, Any]:
    """::

        {"from": "2026-03-01", "to": "2026-03-07", "figures": {...},
         "previous": {"from": ..., "to": ..., "figures": {...}} or None,
         "days": [...], "orders_per_hour": [0, ...], "channels": [...],
         "sources": [...], "pages": {...}, "audience": {...}, "products": [...],
         "searches": [...], "events": [...]}
    """
    before = period.before()
    return {
        "from": period.start.isoformat(), "to": period.end.isoformat(),
        "figures": overview.figures(site_id, period),
        "previous": {"from": before.start.isoformat(), "to": before.end.isoformat(),
                     "figures": overview.figures(site_id, before)} if compare else None,
        "days": overview.series(site_id, period),
        "orders_per_hour": shop.orders_per_hour(site_id, period),
        "channels": traffic.channels(site_id, period),
        "sources": traffic.sources(site_id, period),
        "pages": traffic.pages(site_id, period),
        "audience": audience.breakdowns(site_id, period),
        "products": shop.products(site_id, period),
        "searches": events.searches(site_id, period),
        "events": events.custom(site_id, period),
    }
