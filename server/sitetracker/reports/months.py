"""Whole past months of daily counters, added up once: what keeps a report of a year
reading a dozen rows per key instead of 365.

A month is compacted the first time a report covers it whole (and it is before the
report's last month); any later write to one of its days (a journal replayed after an
outage across the month's end) drops the compacted month, which is then added up again
from the days when next read.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from peewee import Value, fn

from ..models import DailyCount, MonthlyCount

FILLED = "_filled"


def month_of(day: date) -> str:
    return day.strftime("%Y-%m")


def _month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def split(start: date, end: date) -> tuple[list[tuple[date, date]], list[tuple[date, date]]]:
    """The period as whole months before its last month (``(first, last)`` days), and
    the stretches of days around them."""
    months: list[tuple[date, date]] = []
    first = start if start.day == 1 else _month_end(start) + timedelta(days=1)
    while _month_end(first) <= end and month_of(first) != month_of(end):
        months.append((first, _month_end(first)))
        first = _month_end(first) + timedelta(days=1)
    if not months:
        return [], [(start, end)]
    days = []
    if start < months[0][0]:
        days.append((start, months[0][0] - timedelta(days=1)))
    if months[-1][1] < end:
        days.append((months[-1][1] + timedelta(days=1), end))
    return months, days


def fill(site_id: int, months: list[tuple[date, date]]) -> None:
    """Add up the months not compacted yet."""
    names = [month_of(first) for first, _ in months]
    done = {row.month for row in MonthlyCount.select(MonthlyCount.month).where(
        (MonthlyCount.site == site_id) & (MonthlyCount.metric == FILLED)
        & MonthlyCount.month.in_(names))}
    for first, last in months:
        name = month_of(first)
        if name in done:
            continue
        query: Any = (DailyCount.select(DailyCount.site, Value(name), DailyCount.metric,
                                        DailyCount.key, fn.SUM(DailyCount.value))
                      .where((DailyCount.site == site_id)
                             & DailyCount.day.between(first, last))
                      .group_by(DailyCount.site, DailyCount.metric, DailyCount.key))
        (MonthlyCount.insert_from(query, [MonthlyCount.site, MonthlyCount.month,
                                          MonthlyCount.metric, MonthlyCount.key,
                                          MonthlyCount.value])
         .on_conflict_ignore().execute())
        MonthlyCount.insert(site=site_id, month=name, metric=FILLED, key="",
                            value=1).on_conflict_ignore().execute()


def forget(site_id: int, month: str) -> None:
    """A write reached ``month``: its compacted rows no longer hold."""
    MonthlyCount.delete().where((MonthlyCount.site == site_id)
                                & (MonthlyCount.month == month)).execute()
