"""Writing Web Vitals' bucket counts, called by the write buffer's flush (the one write
path): counts are added, and a site keeps at most :data:`MAX_PATHS` page paths a day,
the rest counted under :data:`OTHER_PATHS`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .models import VitalBucket

MAX_PATHS = 200  # page paths per site per day; more go under OTHER_PATHS
OTHER_PATHS = "(other pages)"

Upsert = Callable[[Any, list[Any], dict[Any, Any]], Any]


def known_paths(site: int, day: Any) -> set[str]:
    query = (VitalBucket.select(VitalBucket.path).distinct()
             .where((VitalBucket.site == site) & (VitalBucket.day == day)))
    return {row.path for row in query}


def bound_paths(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` with paths past a site-day's :data:`MAX_PATHS` as :data:`OTHER_PATHS`."""
    paths: dict[tuple[int, Any], set[str]] = {}
    bounded = []
    for row in rows:
        seen = paths.get((row["site"], row["day"]))
        if seen is None:
            seen = paths[(row["site"], row["day"])] = known_paths(row["site"], row["day"])
        if row["path"] not in seen:
            if len(seen) >= MAX_PATHS:
                row = {**row, "path": OTHER_PATHS}
            seen.add(row["path"])
        bounded.append(row)
    return bounded


def write_vitals(rows: list[dict[str, Any]], upsert: Upsert, incoming: Callable[[Any], Any]
                 ) -> None:
    """Add ``rows`` (site, day, metric, device, path, bucket, count) to the histograms."""
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in bound_paths(rows):
        key = (row["site"], row["day"], row["metric"], row["device"], row["path"],
               row["bucket"])
        if key in merged:
            merged[key]["count"] += row["count"]
        else:
            merged[key] = dict(row)
    if not merged:
        return
    upsert(VitalBucket.insert_many(list(merged.values())),
           [VitalBucket.site, VitalBucket.day, VitalBucket.metric, VitalBucket.device,
            VitalBucket.path, VitalBucket.bucket],
           {VitalBucket.count: VitalBucket.count + incoming(VitalBucket.count)}).execute()
