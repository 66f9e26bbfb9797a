"""The base query of the reports: daily counters summed over a period, by metric and
key. Served by the index on (site, metric, day), so a year of a busy store reads only
the metrics asked for."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from peewee import fn

from ..models import DailyCount, DailyVisitor
from .periods import Period

Sums = dict[str, dict[str, float]]


def sums(site_id: int, period: Period, metrics: tuple[str, ...]) -> Sums:
    """``{"page": {"/": 120.0, ...}, "sessions": {"": 80.0}}``: every key of each metric."""
    query: Any = (DailyCount.select(DailyCount.metric, DailyCount.key,
                                    fn.SUM(DailyCount.value))
                  .where((DailyCount.site == site_id) & DailyCount.metric.in_(list(metrics))
                         & DailyCount.day.between(period.start, period.end))
                  .group_by(DailyCount.metric, DailyCount.key).tuples())
    found: Sums = {metric: {} for metric in metrics}
    for metric, key, value in query:
        found[metric][key] = float(value or 0)
    return found


def per_day(site_id: int, period: Period, metrics: tuple[str, ...]) -> dict[str, dict[str, float]]:
    """``{"2026-03-10": {"sessions": 80.0, ...}}``: a metric's keys added up per day."""
    query: Any = (DailyCount.select(DailyCount.day, DailyCount.metric,
                                    fn.SUM(DailyCount.value))
                  .where((DailyCount.site == site_id) & DailyCount.metric.in_(list(metrics))
                         & DailyCount.day.between(period.start, period.end))
                  .group_by(DailyCount.day, DailyCount.metric).tuples())
    found: dict[str, dict[str, float]] = defaultdict(dict)
    for day, metric, value in query:
        found[str(day)[:10]][metric] = float(value or 0)
    return found


def visitors(site_id: int, period: Period) -> int:
    """Distinct visitors over the period (one row per visitor-day: index only)."""
    return int(DailyVisitor.select(fn.COUNT(fn.DISTINCT(DailyVisitor.visitor)))
               .where((DailyVisitor.site == site_id)
                      & DailyVisitor.day.between(period.start, period.end)).scalar() or 0)


def visitors_per_day(site_id: int, period: Period) -> dict[str, int]:
    query: Any = (DailyVisitor.select(DailyVisitor.day, fn.COUNT(DailyVisitor.id))
                  .where((DailyVisitor.site == site_id)
                         & DailyVisitor.day.between(period.start, period.end))
                  .group_by(DailyVisitor.day).tuples())
    return {str(day)[:10]: int(count) for day, count in query}


def ranked(values: dict[str, float], top: int) -> list[list[Any]]:
    """The ``top`` largest ``[key, value]``, ties by key."""
    rows = sorted(values.items(), key=lambda item: (-item[1], item[0]))
    return [[key, _number(value)] for key, value in rows[:top] if value > 0]


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)
