"""Time, injectable: everything that asks "now" asks the app's clock.

Tests swap in a :class:`ManualClock` to cross midnight or a month end without waiting.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


class Clock:
    """Wall-clock time in Unix seconds."""

    def now(self) -> float:
        return time.time()


class ManualClock(Clock):
    """A clock that only moves when told to."""

    def __init__(self, start: float | datetime) -> None:
        self.current = start.timestamp() if isinstance(start, datetime) else float(start)

    def now(self) -> float:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += seconds

    def set(self, when: float | datetime) -> None:
        self.current = when.timestamp() if isinstance(when, datetime) else float(when)


_ZONES: dict[str, ZoneInfo] = {}


def zone(name: str) -> ZoneInfo:
    found = _ZONES.get(name)
    if found is None:
        found = _ZONES[name] = ZoneInfo(name)
    return found


def local_day(ts: float, timezone: str) -> date:
    """The calendar day of ``ts`` in ``timezone`` (a site's "today")."""
    return datetime.fromtimestamp(ts, zone(timezone)).date()


def local_midnight(ts: float, timezone: str) -> float:
    """Unix time of the midnight that began ``ts``'s day in ``timezone``."""
    local = datetime.fromtimestamp(ts, zone(timezone))
    return local.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()


def minute_of(ts: float) -> int:
    """The start of ``ts``'s minute, in Unix seconds."""
    return int(ts // 60 * 60)


def utc(ts: float) -> datetime:
    """Naive UTC datetime, as stored."""
    return datetime.fromtimestamp(ts, UTC).replace(tzinfo=None)
