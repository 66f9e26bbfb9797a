"""The visitors sketch: distinct visitors of many days within its error, none counted
twice."""

from __future__ import annotations

import random

from sitetracker.ingest import sketch


def hashes(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [f"{rng.getrandbits(64):016x}" for _ in range(n)]


def test_a_few_visitors_are_counted_within_a_few_percent():
    for seed in range(5):
        assert abs(sketch.estimate(sketch.add(sketch.empty(), hashes(50, seed))) - 50) <= 3


def test_a_visitor_added_again_changes_nothing():
    once = sketch.add(sketch.empty(), hashes(500, 2))
    assert sketch.add(once, hashes(500, 2)) == once


def test_days_merged_count_the_visitors_they_share_once():
    people = hashes(60_000, 3)
    monday = sketch.add(sketch.empty(), people[:40_000])
    tuesday = sketch.add(sketch.empty(), people[20_000:])
    merged = sketch.union([monday, tuesday])
    assert merged == bytes(map(max, monday, tuesday))
    assert abs(sketch.estimate(merged) - 60_000) < 60_000 * 0.05
