"""Web Vitals' fixed buckets: the p75 read back from bucket counts against the p75 of
the raw values computed independently, and Google's ratings at their edges."""

from __future__ import annotations

import random

import pytest

from sitetracker.vitals.buckets import METRICS, bucket_of, p75, rating

from ..reading import exact_p75


def histogram(name: str, values: list[float]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for value in values:
        bucket = bucket_of(METRICS[name], value)
        counts[bucket] = counts.get(bucket, 0) + 1
    return counts


@pytest.mark.parametrize("name", list(METRICS))
@pytest.mark.parametrize("seed", range(5))
def test_p75_from_buckets_is_within_one_bucket_above_the_exact_p75_and_rated_alike(name,
                                                                                  seed):
    metric = METRICS[name]
    rng = random.Random(seed)
    top = metric.poor * 1.6
    values = [round(rng.uniform(0, top), 4 if name == "CLS" else 0)
              for _ in range(rng.randint(1, 400))]
    exact = exact_p75(values)
    read = p75(metric, histogram(name, values).items())
    assert read is not None
    assert exact <= read < exact + metric.width + 1e-9
    assert rating(metric, read) == rating(metric, exact)


def test_p75_of_known_values():
    # 8 LCPs: the 6th smallest (ceil(0.75 * 8)) is 2600 ms, which is bucket 26's edge.
    values = [900, 1200, 1500, 2000, 2400, 2600, 5200, 8000]
    assert exact_p75(values) == 2600
    assert p75(METRICS["LCP"], histogram("LCP", values).items()) == 2600
    assert p75(METRICS["LCP"], []) is None


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("LCP", 2500, "good"), ("LCP", 2500.1, "needs-improvement"), ("LCP", 4000, "needs-improvement"),
    ("LCP", 4000.1, "poor"), ("INP", 200, "good"), ("INP", 500.5, "poor"),
    ("CLS", 0.1, "good"), ("CLS", 0.11, "needs-improvement"), ("CLS", 0.26, "poor"),
    ("FCP", 1800, "good"), ("FCP", 3001, "poor"), ("TTFB", 800, "good"), ("TTFB", 1801, "poor"),
])
def test_google_thresholds_rate_a_value_and_its_bucket_alike(name, value, expected):
    metric = METRICS[name]
    assert rating(metric, value) == expected
    assert rating(metric, p75(metric, [(bucket_of(metric, value), 1)])) == expected


def test_values_beyond_the_last_bucket_are_counted_in_it():
    lcp = METRICS["LCP"]
    assert bucket_of(lcp, 600_000) == lcp.buckets
    assert bucket_of(lcp, 0) == 0
