"""What searches and Web Vitals add to the day's rollups (ingest/tracked.py)."""

from __future__ import annotations

from datetime import date

from sitetracker.domain import Event
from sitetracker.ingest.buffer import WriteBuffer
from sitetracker.ingest.tracked import SEARCHES, SEARCHES_NONE, count_tracked

DAY = date(2026, 3, 10)


def counted(*events: Event, device: str = "mobile") -> WriteBuffer:
    buffer = WriteBuffer()
    for event in events:
        count_tracked(buffer, 1, DAY, device, event)
    return buffer


def test_a_search_counts_its_term_and_a_search_finding_nothing_counts_twice():
    buffer = counted(Event("search", props={"q": "linen shirt", "results": 4}),
                     Event("search", props={"q": "linen shirt"}),
                     Event("search", props={"q": "wool hat", "results": 0}))
    assert dict(buffer.counts) == {
        (1, DAY, SEARCHES, "linen shirt"): 2,
        (1, DAY, SEARCHES, "wool hat"): 1,
        (1, DAY, SEARCHES_NONE, "wool hat"): 1,
    }


def test_a_vital_counts_in_its_metrics_bucket_by_device_and_page():
    buffer = counted(Event("vital", path="/shoes", props={"m": "LCP", "v": 2450.0}),
                     Event("vital", path="/shoes", props={"m": "LCP", "v": 2401.0}),
                     Event("vital", props={"m": "CLS", "v": 0.1}))
    assert dict(buffer.vitals) == {
        (1, DAY, "LCP", "mobile", "/shoes", 25): 2,
        (1, DAY, "CLS", "mobile", "/", 10): 1,
    }
    assert not buffer.counts


def test_other_events_and_unknown_metrics_add_nothing():
    buffer = counted(Event("pageview", path="/"), Event("search", props={"q": ""}),
                     Event("vital", props={"m": "FID", "v": 12.0}),
                     Event("add_to_cart", props={"product": "boot"}))
    assert buffer.size() == 0
