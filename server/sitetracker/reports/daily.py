"""Questions asked of the stored rollups, one function each.

Each starts from one base query on a rollup table, filtered to a site and a day range
(days in the site's timezone, as the buffer wrote them).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from peewee import fn

from ..models import DailyCount, DailySession, DailyVisitor

TOP = 10


def _rows(query: Any) -> list[tuple[Any, ...]]:
    """The rows of a ``.tuples()`` query."""
    return list(query)


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def daily_stats(site_id: int, start: date, end: date) -> list[dict[str, Any]]:
    """One entry per day from ``start`` to ``end`` inclusive::

        [{"day": "2026-03-10", "visitors": 12, "sessions": 14, "pageviews": 40,
          "engaged_seconds": 321.0, "new": 9, "returning": 3,
          "devices": {"desktop": 8, "mobile": 4}, "os": {...}, "browsers": {...},
          "countries": {"FR": 5, ...}, "pages": [["/", 20], ...],
          "referrers": [["google.com", 3], ...], "utm_sources": [...],
          "utm_campaigns": [...], "events": {"share": 2}}, ...]
    """
    days = {d: _empty(d) for d in _days(start, end)}
    in_range = (DailyVisitor.site == site_id) & DailyVisitor.day.between(start, end)

    for column, name in ((DailyVisitor.device, "devices"), (DailyVisitor.os, "os"),
                         (DailyVisitor.browser, "browsers"), (DailyVisitor.country, "countries"),
                         (DailyVisitor.returning, "returning")):
        query = (DailyVisitor.select(DailyVisitor.day, column.alias("k"),
                                     fn.COUNT(DailyVisitor.id).alias("n"))
                 .where(in_range).group_by(DailyVisitor.day, column).tuples())
        for day, key, count in _rows(query):
            entry = days[_as_date(day)]
            if name == "returning":
                entry["returning" if key else "new"] += count
                entry["visitors"] += count
            elif key:
                entry[name][str(key)] = count

    sessions = (DailySession.select(DailySession.day, fn.COUNT(DailySession.id))
                .where((DailySession.site == site_id) & DailySession.day.between(start, end))
                .group_by(DailySession.day).tuples())
    for day, count in _rows(sessions):
        days[_as_date(day)]["sessions"] = count

    ranked: dict[tuple[date, str], list[list[Any]]] = defaultdict(list)
    counts = (DailyCount.select(DailyCount.day, DailyCount.metric, DailyCount.key,
                                DailyCount.value)
              .where((DailyCount.site == site_id) & DailyCount.day.between(start, end))
              .order_by(DailyCount.value.desc()).tuples())
    for day, metric, key, value in _rows(counts):
        entry = days[_as_date(day)]
        if metric == "pageviews":
            entry["pageviews"] = int(value)
        elif metric == "engaged":
            entry["engaged_seconds"] = round(value, 1)
        elif metric == "event":
            entry["events"][key] = int(value)
        else:
            ranked[(_as_date(day), metric)].append([key, int(value)])
    for (day, metric), rows in ranked.items():
        label = {"page": "pages", "referrer": "referrers", "utm_source": "utm_sources",
                 "utm_campaign": "utm_campaigns"}.get(metric)
        if label:
            days[day][label] = rows[:TOP]
    return [days[d] for d in sorted(days)]


def _empty(day: date) -> dict[str, Any]:
    return {"day": day.isoformat(), "visitors": 0, "sessions": 0, "pageviews": 0,
            "engaged_seconds": 0.0, "new": 0, "returning": 0, "devices": {}, "os": {},
            "browsers": {}, "countries": {}, "pages": [], "referrers": [], "utm_sources": [],
            "utm_campaigns": [], "events": {}}


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
