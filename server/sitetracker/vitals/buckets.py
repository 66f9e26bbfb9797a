"""Web Vitals as fixed histograms: which bucket a measurement falls in, the 75th
percentile read back from bucket counts, and Google's rating of it.

Each metric has a bucket width and a number of buckets. Bucket ``i`` holds the values
``(i-1)*width < v <= i*width`` (bucket 0 holds exactly 0); the last bucket also holds
everything above it. Google's thresholds are bucket edges, so the p75 read back (the
upper edge of the bucket holding the 75th-percentile value, nearest rank) is at most one
width above the exact one and always has the same rating. This module does no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    """One Web Vital: its unit, bucket layout and Google's "good" and "poor" limits."""

    name: str
    unit: str  # "ms", or "" for CLS (unitless)
    width: float
    buckets: int
    good: float  # good when p75 <= good
    poor: float  # poor when p75 > poor
    maximum: float  # the largest value accepted from a browser


METRICS: dict[str, Metric] = {m.name: m for m in (
    Metric("LCP", "ms", 100, 120, 2500, 4000, 600_000),
    Metric("INP", "ms", 25, 120, 200, 500, 600_000),
    Metric("CLS", "", 0.01, 120, 0.1, 0.25, 100),
    Metric("FCP", "ms", 100, 120, 1800, 3000, 600_000),
    Metric("TTFB", "ms", 50, 120, 800, 1800, 600_000),
)}
RATINGS = ("good", "needs-improvement", "poor")
P75 = 0.75


def bucket_of(metric: Metric, value: float) -> int:
    """The bucket holding ``value`` (rounded first, so that 0.1 / 0.01 is 10, not 11)."""
    return max(0, min(metric.buckets, math.ceil(round(value / metric.width, 6))))


def upper_edge(metric: Metric, bucket: int) -> float:
    return round(bucket * metric.width, 6)


def p75(metric: Metric, counts: Iterable[tuple[int, int]]) -> float | None:
    """The 75th percentile (nearest rank) of ``(bucket, count)`` pairs, or None if empty."""
    ordered = sorted((b, c) for b, c in counts if c > 0)
    total = sum(c for _, c in ordered)
    if not total:
        return None
    rank = math.ceil(P75 * total)
    seen = 0
    for bucket, count in ordered:
        seen += count
        if seen >= rank:
            return upper_edge(metric, bucket)
    return upper_edge(metric, ordered[-1][0])  # pragma: no cover - rank <= total


def rating(metric: Metric, value: float | None) -> str | None:
    """Google's rating of a p75: good, needs-improvement or poor."""
    if value is None:
        return None
    if value <= metric.good:
        return "good"
    return "poor" if value > metric.poor else "needs-improvement"
