"""The base query of the reports: daily counters summed over a period, by metric and
key. Served by the index on (site, metric, day), so a year of a busy store reads only
the metrics asked for."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from peewee import fn

from ..ingest import sketch
from ..models import DailyCount, DailySketch, DailyVisitor, MonthlyCount
from . import months
from .periods import Period

Sums = dict[str, dict[str, float]]
# Up to this many visitor-days, distinct visitors are counted exactly (tens of
# milliseconds); beyond, estimated from the daily sketches.
EXACT_LIMIT = 20_000


def sums(site_id: int, period: Period, metrics: tuple[str, ...]) -> Sums:
    """``{"page": {"/": 120.0, ...}, "sessions": {"": 80.0}}``: every key of each metric.
    Whole past months are read compacted (:mod:`.months`), the other days as they are."""
    found: Sums = {metric: {} for metric in metrics}
    whole, stretches = months.split(period.start, period.end)
    queries: list[Any] = []
    if whole:
        months.fill(site_id, whole)
        queries.append(MonthlyCount.select(MonthlyCount.metric, MonthlyCount.key,
                                           fn.SUM(MonthlyCount.value))
                       .where((MonthlyCount.site == site_id)
                              & MonthlyCount.metric.in_(list(metrics))
                              & MonthlyCount.month.in_([months.month_of(f) for f, _ in whole]))
                       .group_by(MonthlyCount.metric, MonthlyCount.key))
    for start, end in stretches:
        queries.append(DailyCount.select(DailyCount.metric, DailyCount.key,
                                         fn.SUM(DailyCount.value))
                       .where((DailyCount.site == site_id)
                              & DailyCount.metric.in_(list(metrics))
                              & DailyCount.day.between(start, end))
                       .group_by(DailyCount.metric, DailyCount.key))
    for query in queries:
        for metric, key, value in query.tuples():
            found[metric][key] = found[metric].get(key, 0.0) + float(value or 0)
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
    """Distinct visitors over the period: counted exactly from the visitor-days while
    there are at most :data:`EXACT_LIMIT` of them, else estimated from the days'
    sketches (about 1.6% off, :mod:`sitetracker.ingest.sketch`)."""
    in_period = (DailyVisitor.site == site_id) & DailyVisitor.day.between(period.start,
                                                                          period.end)
    if _visitor_days(site_id, period) <= EXACT_LIMIT:
        return int(DailyVisitor.select(fn.COUNT(fn.DISTINCT(DailyVisitor.visitor)))
                   .where(in_period).scalar() or 0)
    rows: Any = (DailySketch.select(DailySketch.registers)
                 .where((DailySketch.site == site_id)
                        & DailySketch.day.between(period.start, period.end)).tuples())
    return sketch.estimate(sketch.union(bytes(registers) for (registers,) in rows))


def _visitor_days(site_id: int, period: Period) -> float:
    """At most the visitor-days of the period (each has a session), read from the
    daily counters."""
    return sum(sums(site_id, period, ("sessions",))["sessions"].values())


def visitors_per_day(site_id: int, period: Period) -> dict[str, int]:
    """Visitors of each day: exact while few, else each day's sketch's estimate."""
    if _visitor_days(site_id, period) <= EXACT_LIMIT:
        query: Any = (DailyVisitor.select(DailyVisitor.day, fn.COUNT(DailyVisitor.id))
                      .where((DailyVisitor.site == site_id)
                             & DailyVisitor.day.between(period.start, period.end))
                      .group_by(DailyVisitor.day).tuples())
        return {str(day)[:10]: int(count) for day, count in query}
    rows: Any = (DailySketch.select(DailySketch.day, DailySketch.registers)
                 .where((DailySketch.site == site_id)
                        & DailySketch.day.between(period.start, period.end)).tuples())
    return {str(day)[:10]: sketch.estimate(bytes(registers)) for day, registers in rows}


def ranked(values: dict[str, float], top: int) -> list[list[Any]]:
    """The ``top`` largest ``[key, value]``, ties by key."""
    rows = sorted(values.items(), key=lambda item: (-item[1], item[0]))
    return [[key, _number(value)] for key, value in rows[:top] if value > 0]


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)
