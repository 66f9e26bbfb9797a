"""The health page's figures: read from the /metrics registry, per minute, per worker."""

from __future__ import annotations

from collections import Counter

import pytest

from sitetracker.health_figures import (
    MINUTES,
    STALE_AFTER,
    MinuteRing,
    WorkerFigures,
    bucket_quantile,
    combined,
)
from sitetracker.live.store import MemoryStore


def test_quantiles_interpolate_within_the_bucket_as_prometheus_does():
    buckets = [(0.1, 50.0), (0.5, 90.0), (1.0, 100.0), (float("inf"), 100.0)]
    assert bucket_quantile(buckets, 0.5) == pytest.approx(0.1)
    assert bucket_quantile(buckets, 0.7) == pytest.approx(0.3)
    assert bucket_quantile(buckets, 0.95) == pytest.approx(0.75)
    assert bucket_quantile([(0.1, 0.0), (float("inf"), 0.0)], 0.99) is None
    assert bucket_quantile([(0.1, 1.0), (float("inf"), 10.0)], 0.99) == 0.1


def test_the_ring_keeps_each_minute_and_forgets_the_oldest():
    ring = MinuteRing()
    ring.count_batch(60.0, 3, 2, Counter({"bot": 1}))
    ring.count_batch(119.0, 1, 1, Counter())
    ring.count_request(120.0)
    assert ring.as_json() == [
        {"minute": 60, "received": 4, "kept": 3, "dropped": {"bot": 1}, "requests": 0},
        {"minute": 120, "received": 0, "kept": 0, "dropped": {}, "requests": 1}]
    for minute in range(MINUTES + 5):
        ring.count_request(180.0 + minute * 60)
    assert len(ring.as_json()) == MINUTES
    assert ring.as_json()[0]["minute"] == 180 + 5 * 60


def test_every_worker_shows_and_a_silent_one_drops_off():
    store = MemoryStore()
    one, two = WorkerFigures(store, "st", "one"), WorkerFigures(store, "st", "two")
    minute = {"minute": 60, "received": 2, "kept": 1, "dropped": {"bot": 1}, "requests": 3}
    one.publish({"received": 2, "kept": 1, "dropped": {"bot": 1}, "minutes": [minute],
                 "errors": [], "flush_lag": 0.5}, now=100.0)
    two.publish({"received": 5, "kept": 5, "dropped": {"bot": 0}, "minutes": [minute],
                 "errors": [{"at": 99.0, "method": "GET", "route": "/x", "status": 500}],
                 "flush_lag": 2.0}, now=100.0)
    one.publish({"received": 99}, now=101.0)  # too soon: not published again
    everyone = one.everyone(110.0)
    assert sorted(everyone) == ["one", "two"]
    total = combined(everyone)
    assert (total["received"], total["kept"], total["dropped"]) == (7, 6, {"bot": 1})
    assert total["flush_lag"] == 2.0
    assert total["minutes"][0]["received"] == 4 and total["minutes"][0]["requests"] == 6
    assert total["errors"][0]["worker"] == "two"
    two.publish({"received": 5}, now=100.0 + STALE_AFTER + 10, force=True)
    assert sorted(one.everyone(100.0 + STALE_AFTER + 10)) == ["two"]


def test_workers_figures_are_shared_on_redis_as_in_memory(store):
    one, two = WorkerFigures(store, "st", "one"), WorkerFigures(store, "st", "two")
    one.publish({"received": 2}, now=100.0)
    two.publish({"received": 5}, now=100.0)
    assert {w: f["received"] for w, f in two.everyone(101.0).items()} == {"one": 2, "two": 5}
