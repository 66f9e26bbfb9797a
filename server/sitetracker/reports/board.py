"""What the board's graphs need from storage that the live snapshot does not carry.

One question per function, each answered from :class:`MinuteStat` rows (per UTC minute:
most shoppers live at once, engaged seconds, page views) with plain Python, so the same
code runs on SQLite and MySQL. Times of day are the site's: a "minute of the day" is
minutes since the site's local midnight.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from ..clock import local_day, local_midnight, minute_of, zone
from ..models import DailyCount, MinuteStat

WEEKS = 4
BUCKET = 5  # minutes per point of the typical band
LOW, HIGH = 0.25, 0.75
MINUTES_A_DAY = 1440
SOURCES_TOP = 10


def quantile(values: list[float], q: float) -> float:
    """The ``q`` quantile of ``values`` with linear interpolation (numpy's default)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def _rows(site_id: int, start: float, end: float) -> list[tuple[int, int, float]]:
    """``(minute, concurrents, engaged seconds)`` with ``start <= minute < end``."""
    query: Any = (MinuteStat.select(MinuteStat.minute, MinuteStat.concurrents, MinuteStat.engaged)
                  .where((MinuteStat.site == site_id) & (MinuteStat.minute >= int(start))
                         & (MinuteStat.minute < int(end)))
                  .order_by(MinuteStat.minute).tuples())
    return [(int(m), int(c), float(e)) for m, c, e in query]


def recent_minutes(site_id: int, timezone: str, now: float, minutes: int = 30
                   ) -> list[list[float]]:
    """Per minute from the site's midnight (or ``minutes`` ago, if earlier) to now::

        [[1773153000, 3, 1.5], ...]   # minute, shoppers live at once, engaged shoppers

    Engaged shoppers are the minute's engaged seconds over 60 (Chartbeat's measure).
    """
    start = min(local_midnight(now, timezone), minute_of(now) - 60 * minutes)
    return [[m, c, round(e / 60, 2)] for m, c, e in _rows(site_id, start, now + 1)]


def _day_starts(now: float, timezone: str, days: int) -> list[float]:
    """The local midnights of the ``days`` days before today, oldest first."""
    today = datetime.fromtimestamp(local_midnight(now, timezone), zone(timezone))
    return [
        (today - timedelta(days=n)).replace(hour=0, minute=0).timestamp()
        for n in range(days, 0, -1)
    ]


def typical_band(site_id: int, timezone: str, now: float, weeks: int = WEEKS,
                 bucket: int = BUCKET) -> dict[str, Any]:
    """What is usual at each time of day over the previous ``weeks`` weeks::

        {"days": 28, "bucket": 5,
         "concurrents": [[0, 1.0, 2.0, 4.0], ...],   # minute of day, p25, median, p75
         "engaged": [[0, 0.2, 0.5, 1.1], ...]}

    Each day contributes, per ``bucket`` minutes, its mean shoppers live at once and its
    mean engaged shoppers (minutes without a row count as 0). Only days with any row
    count, so a site younger than the window is compared with the days it has.
    """
    starts = _day_starts(now, timezone, weeks * 7)
    ends = starts[1:] + [local_midnight(now, timezone)]
    per_day: dict[int, dict[int, list[float]]] = {}
    rows = _rows(site_id, starts[0], ends[-1])
    day = 0
    for minute, concurrents, engaged in rows:
        while minute >= ends[day]:
            day += 1
        slot = min(int(minute - starts[day]) // 60, MINUTES_A_DAY - 1) // bucket
        sums = per_day.setdefault(day, defaultdict(lambda: [0.0, 0.0]))[slot]
        sums[0] += concurrents
        sums[1] += engaged / 60
    concurrents_band: list[list[float]] = []
    engaged_band: list[list[float]] = []
    if per_day:
        for slot in range(MINUTES_A_DAY // bucket):
            values = [per_day[d].get(slot, [0.0, 0.0]) for d in per_day]
            for band, index in ((concurrents_band, 0), (engaged_band, 1)):
                means = [v[index] / bucket for v in values]
                band.append([slot * bucket] + [round(quantile(means, q), 2)
                                               for q in (LOW, 0.5, HIGH)])
    return {"days": len(per_day), "bucket": bucket, "concurrents": concurrents_band,
            "engaged": engaged_band}


def last_week(site_id: int, timezone: str, now: float) -> dict[str, Any]:
    """The same weekday last week::

        {"now": 12, "concurrents": [[0, 3], [1, 2], ...]}   # minute of day, shoppers

    ``now`` is the most shoppers live at once in the 3 minutes up to this time of day
    a week ago; None when nothing was recorded that day (no trend to show).
    """
    here = datetime.fromtimestamp(now, zone(timezone))
    then = (here - timedelta(days=7)).timestamp()  # the same wall-clock time
    start = local_midnight(then, timezone)
    end = local_midnight(start + 36 * 3600, timezone)
    rows = _rows(site_id, start, end)
    if not rows:
        return {"now": None, "concurrents": []}
    around = [c for m, c, _ in rows if then - 180 < m <= then]
    return {
        "now": max(around, default=0),
        "concurrents": [[min(int(m - start) // 60, MINUTES_A_DAY - 1), c] for m, c, _ in rows],
    }


def sources_today(site_id: int, timezone: str, now: float, top: int = SOURCES_TOP
                  ) -> dict[str, list[list[Any]]]:
    """Today's sessions by source (of their first page view), and by UTM source and
    campaign, largest first::

        {"referrers": [["google.com", 12], ["direct", 9]], "utm_sources": [...],
         "utm_campaigns": [["spring_drop", 4]]}
    """
    names = {"referrer": "referrers", "utm_source": "utm_sources",
             "utm_campaign": "utm_campaigns"}
    found: dict[str, list[list[Any]]] = {name: [] for name in names.values()}
    query: Any = (DailyCount.select(DailyCount.metric, DailyCount.key, DailyCount.value)
                  .where((DailyCount.site == site_id)
                         & (DailyCount.day == local_day(now, timezone))
                         & DailyCount.metric.in_(list(names)))
                  .order_by(DailyCount.value.desc(), DailyCount.key).tuples())
    for metric, key, value in query:
        rows = found[names[metric]]
        if len(rows) < top:
            rows.append([key, int(value)])
    return found
