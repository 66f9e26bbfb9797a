"""Products and site searches read back from the daily counts: the most viewed
products with their adds to cart and purchases, the top searches and those that found
nothing (written by :mod:`sitetracker.ingest.tracked`)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from peewee import fn

from ..ingest.tracked import PRODUCT_BUYS, PRODUCT_CARTS, PRODUCT_VIEWS, SEARCHES, SEARCHES_NONE
from ..models import DailyCount

TILES = ("products", "searches")
LIMIT = 20
COLUMNS = {PRODUCT_VIEWS: "views", PRODUCT_CARTS: "carts", PRODUCT_BUYS: "purchases"}


def _sums(site_id: int, start: date, end: date, metrics: tuple[str, ...]
          ) -> list[tuple[str, str, float]]:
    query: Any = (DailyCount.select(DailyCount.metric, DailyCount.key, fn.SUM(DailyCount.value))
             .where((DailyCount.site == site_id) & DailyCount.day.between(start, end)
                    & DailyCount.metric.in_(metrics))
             .group_by(DailyCount.metric, DailyCount.key).tuples())
    return [(metric, key, float(value)) for metric, key, value in query]


def top_products(site_id: int, start: date, end: date, limit: int = LIMIT
                 ) -> list[dict[str, Any]]:
    """``[{"product": "Organic tee", "views": 40, "carts": 6, "purchases": 2}, ...]``,
    most viewed first (then most bought)."""
    rows: defaultdict[str, dict[str, Any]] = defaultdict(
        lambda: {"views": 0, "carts": 0, "purchases": 0})
    for metric, key, value in _sums(site_id, start, end, tuple(COLUMNS)):
        rows[key][COLUMNS[metric]] += int(value)
    ordered = sorted(rows.items(), key=lambda item: (-item[1]["views"],
                                                     -item[1]["purchases"], item[0]))
    return [{"product": name, **counts} for name, counts in ordered[:limit]]


def top_searches(site_id: int, start: date, end: date, limit: int = LIMIT
                 ) -> dict[str, list[dict[str, Any]]]:
    """``{"top": [{"q": "linen shirt", "count": 9}], "none": [{"q": "lnen", "count": 2}]}``:
    the most searched terms, and those whose searches found nothing."""
    found: dict[str, list[dict[str, Any]]] = {"top": [], "none": []}
    for metric, key, value in _sums(site_id, start, end, (SEARCHES, SEARCHES_NONE)):
        found["top" if metric == SEARCHES else "none"].append({"q": key, "count": int(value)})
    return {name: sorted(rows, key=lambda row: (-row["count"], row["q"]))[:limit]
            for name, rows in found.items()}
