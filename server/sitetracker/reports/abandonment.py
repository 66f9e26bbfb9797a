"""Abandonment history: the funnel of each day, from storage.

A day is final once midnight has passed in the site's timezone: its open carts have
become abandoned ones, so its rates are ``1 - purchases / carts`` and
``1 - purchases / checkouts``. Today is not final; its entry is the live funnel.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

from peewee import fn

from ..commerce.funnel import abandonment
from ..commerce.models import FunnelVisitor
from ..models import DailyCount

DAY_CHOICES = (7, 30, 90)
CSV_COLUMNS = ("day", "carts", "checkouts", "purchases", "cart_abandonment",
               "checkout_abandonment", "orders", "revenue", "currency", "final")


def _rows(query: Any) -> list[tuple[Any, ...]]:
    """The rows of a ``.tuples()`` query."""
    return list(query)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def daily(site_id: int, today: date, days: int, live_today: dict[str, Any] | None = None
          ) -> list[dict[str, Any]]:
    """The last ``days`` days up to ``today``, oldest first::

        [{"day": "2026-03-10", "carts": 12, "checkouts": 5, "purchases": 3,
          "cart_abandonment": 0.75, "checkout_abandonment": 0.4, "orders": 3,
          "sales": {"EUR": {"orders": 3, "value": 421.0}}, "final": true}, ...]

    ``live_today`` (the snapshot's funnel) replaces the stored counts of today.
    """
    start = today - timedelta(days=days - 1)
    entries = {start + timedelta(days=n): _empty(start + timedelta(days=n), today)
               for n in range(days)}
    stages = (FunnelVisitor.select(FunnelVisitor.day, FunnelVisitor.stage,
                                   fn.COUNT(FunnelVisitor.id))
              .where((FunnelVisitor.site == site_id) & FunnelVisitor.day.between(start, today))
              .group_by(FunnelVisitor.day, FunnelVisitor.stage).tuples())
    for day, stage, count in _rows(stages):
        entry = entries[_as_date(day)]
        entry[{"cart": "carts", "checkout": "checkouts", "purchase": "purchases"}[stage]] = count
    sales = (DailyCount.select(DailyCount.day, DailyCount.metric, DailyCount.key,
                               DailyCount.value)
             .where((DailyCount.site == site_id) & DailyCount.day.between(start, today)
                    & DailyCount.metric.in_(("orders", "revenue"))).tuples())
    for day, metric, currency, value in _rows(sales):
        entry = entries[_as_date(day)]
        line = entry["sales"].setdefault(currency, {"orders": 0, "value": 0.0})
        if metric == "orders":
            line["orders"] = int(value)
            entry["orders"] += int(value)
        else:
            line["value"] = round(float(value), 2)
    for day, entry in entries.items():
        if day == today and live_today is not None:
            for name in ("carts", "checkouts", "purchases", "cart_abandonment",
                         "checkout_abandonment"):
                entry[name] = live_today[name]
            continue
        entry["cart_abandonment"] = abandonment(entry["carts"], entry["purchases"])
        entry["checkout_abandonment"] = abandonment(entry["checkouts"], entry["purchases"])
    return [entries[d] for d in sorted(entries)]


def _empty(day: date, today: date) -> dict[str, Any]:
    return {"day": day.isoformat(), "carts": 0, "checkouts": 0, "purchases": 0,
            "cart_abandonment": None, "checkout_abandonment": None, "orders": 0,
            "sales": {}, "final": day < today}


def to_csv(entries: list[dict[str, Any]]) -> str:
    """One line per day (and per currency when a day's sales were in several)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        sales = entry["sales"] or {"": {"orders": 0, "value": 0.0}}
        for currency, line in sorted(sales.items()):
            writer.writerow([
                entry["day"], entry["carts"], entry["checkouts"], entry["purchases"],
                "" if entry["cart_abandonment"] is None else entry["cart_abandonment"],
                "" if entry["checkout_abandonment"] is None else entry["checkout_abandonment"],
                line["orders"], f"{line['value']:.2f}", currency,
                "true" if entry["final"] else "false",
            ])
    return out.getvalue()
