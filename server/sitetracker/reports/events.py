"""Custom events with their properties, and site searches: the report's, and the board
tile's top searches and those that found nothing (written by
:mod:`sitetracker.ingest.tracked`)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..ingest.catalog_props import TRACKED_EVENTS
from ..ingest.commerce_props import COMMERCE_EVENTS
from ..ingest.tracked import SEARCHES, SEARCHES_NONE
from . import counts
from .periods import Period

TOP_VALUES = 20
LIMIT = 20  # the board tile's rows


def custom(site_id: int, period: Period) -> list[dict[str, Any]]:
    """Every event other than page views and commerce, most first, with its properties'
    values::

        [{"name": "size_guide", "count": 14,
          "props": {"size": [["M", 8], ["L", 6]]}}, ...]
    """
    found = counts.sums(site_id, period, ("event", "prop"))
    props: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for key, value in found["prop"].items():
        name, prop, text = (key.split("\t") + ["", ""])[:3]
        props[name][prop][text] = value
    events = [(name, value) for name, value in found["event"].items()
              if name not in COMMERCE_EVENTS and name not in TRACKED_EVENTS]
    events.sort(key=lambda item: (-item[1], item[0]))
    return [{"name": name, "count": int(value),
             "props": {prop: counts.ranked(values, TOP_VALUES)
                       for prop, values in sorted(props.get(name, {}).items())}}
            for name, value in events]


def searches(site_id: int, period: Period) -> list[list[Any]]:
    """Site searches by term, most first (``search`` events' ``q``, trimmed and in lower
    case): ``[["linen", 12], ...]``; empty while no search is tracked."""
    return counts.ranked(counts.sums(site_id, period, (SEARCHES,))[SEARCHES], TOP_VALUES * 5)


def top_searches(site_id: int, period: Period, limit: int = LIMIT
                 ) -> dict[str, list[dict[str, Any]]]:
    """The most searched terms, and those whose searches found nothing (the board
    tile's)::

        {"top": [{"q": "linen shirt", "count": 9}], "none": [{"q": "lnen", "count": 2}]}
    """
    found = counts.sums(site_id, period, (SEARCHES, SEARCHES_NONE))
    return {name: [{"q": term, "count": int(count)}
                   for term, count in counts.ranked(found[metric], limit)]
            for name, metric in (("top", SEARCHES), ("none", SEARCHES_NONE))}
