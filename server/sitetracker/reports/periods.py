"""The date ranges a report covers (site days, inclusive), and the period before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

PRESETS = ("today", "yesterday", "7d", "30d", "90d", "month", "custom")


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def before(self) -> Period:
        """The same number of days just before (what the report compares with)."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    def each_day(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range(self.days)]


def preset(name: str, today: date) -> Period:
    """``today``, ``yesterday``, the last 7, 30 or 90 days (today included), or this
    month so far."""
    if name == "yesterday":
        day = today - timedelta(days=1)
        return Period(day, day)
    if name in ("7d", "30d", "90d"):
        return Period(today - timedelta(days=int(name[:-1]) - 1), today)
    if name == "month":
        return Period(today.replace(day=1), today)
    return Period(today, today)
