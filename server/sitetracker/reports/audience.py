"""Who the sessions were: countries and cities, devices, operating systems, browsers
and screen sizes."""

from __future__ import annotations

from typing import Any

from . import counts
from .periods import Period

TOP = 50
DIMENSIONS = ("country", "city", "device", "os", "browser", "screen")


def breakdowns(site_id: int, period: Period, top: int = TOP) -> dict[str, list[list[Any]]]:
    """Sessions per value of each dimension, most first::

        {"countries": [["FR", 40], ...], "cities": [["FR", "Paris", 12], ...],
         "devices": [["desktop", 30], ...], "os": [...], "browsers": [...],
         "screens": [["phone", 25], ...]}

    Screen sizes (``phone``, ``tablet``, ``laptop``, ``desktop``: ingest/platform.py)
    count the sessions whose page width the live channel measured, so they may add up to
    fewer than the sessions.
    """
    found = counts.sums(site_id, period, DIMENSIONS)
    cities = [[*(key.split("\t") + [""])[:2], value]
              for key, value in counts.ranked(found["city"], top)]
    return {"countries": counts.ranked(found["country"], top), "cities": cities,
            "devices": counts.ranked(found["device"], top),
            "os": counts.ranked(found["os"], top),
            "browsers": counts.ranked(found["browser"], top),
            "screens": counts.ranked(found["screen"], top)}
