"""Custom events with their properties, and site searches (events.py)."""

from __future__ import annotations

from datetime import date

from sitetracker.db import database
from sitetracker.reports import events
from sitetracker.reports.periods import Period

from .counters import add

PERIOD = Period(date(2026, 3, 1), date(2026, 3, 10))


def test_custom_events_leave_out_commerce_and_tracked_ones_and_carry_their_props(app,
                                                                                  world):
    site = world.site_a2.id
    add(site, date(2026, 3, 2), ("event", "size_guide", 14), ("event", "share", 14),
        ("event", "newsletter", 3), ("event", "add_to_cart", 40), ("event", "search", 9),
        ("prop", "size_guide\tsize\tM", 8), ("prop", "size_guide\tsize\tL", 6))
    with database.connection_context():
        found = events.custom(site, PERIOD)
    assert found == [
        {"name": "share", "count": 14, "props": {}},
        {"name": "size_guide", "count": 14, "props": {"size": [["M", 8], ["L", 6]]}},
        {"name": "newsletter", "count": 3, "props": {}},
    ]


def test_searches_and_those_that_found_nothing_are_ranked(app, world):
    site = world.site_a2.id
    add(site, date(2026, 3, 2), ("search", "linen", 12), ("search", "linen shirt", 9),
        ("search_none", "lnen", 2))
    with database.connection_context():
        assert events.searches(site, PERIOD) == [["linen", 12], ["linen shirt", 9]]
        assert events.top_searches(site, PERIOD, limit=1) == {
            "top": [{"q": "linen", "count": 12}], "none": [{"q": "lnen", "count": 2}]}


def test_no_search_tracked_is_an_empty_list(app, world):
    with database.connection_context():
        assert events.searches(world.site_a2.id, PERIOD) == []
        assert events.top_searches(world.site_a2.id, PERIOD) == {"top": [], "none": []}
