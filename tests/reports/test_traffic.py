"""Where sessions came from and the pages they saw (traffic.py)."""

from __future__ import annotations

from datetime import date

from sitetracker.db import database
from sitetracker.reports import traffic
from sitetracker.reports.periods import Period

from .counters import add

PERIOD = Period(date(2026, 3, 1), date(2026, 3, 10))


def test_every_channel_is_listed_even_without_sessions(app, world):
    site = world.site_a2.id
    add(site, date(2026, 3, 2), ("channel", "direct", 4), ("channel", "paid", 1))
    add(site, date(2026, 3, 3), ("channel", "direct", 1))
    with database.connection_context():
        assert traffic.channels(site, PERIOD) == [
            ["direct", 5], ["organic_search", 0], ["paid", 1], ["social", 0], ["email", 0],
            ["referral", 0]]


def test_sources_are_split_into_source_medium_and_campaign_most_first(app, world):
    site = world.site_a2.id
    add(site, date(2026, 3, 2), ("source", "newsletter\temail\tspring", 12),
        ("source", "google.com", 31), ("source", "bing.com", 2))
    with database.connection_context():
        assert traffic.sources(site, PERIOD) == [
            ["google.com", "", "", 31], ["newsletter", "email", "spring", 12],
            ["bing.com", "", "", 2]]
        assert traffic.sources(site, PERIOD, top=1) == [["google.com", "", "", 31]]


def test_pages_are_ranked_by_views_entries_and_exits(app, world):
    site = world.site_a2.id
    add(site, date(2026, 3, 2), ("page", "/", 9), ("page", "/cart", 4),
        ("entry", "/", 5), ("exit", "/cart", 3), ("exit", "/", 2))
    with database.connection_context():
        assert traffic.pages(site, PERIOD) == {
            "top": [["/", 9], ["/cart", 4]], "entry": [["/", 5]],
            "exit": [["/cart", 3], ["/", 2]]}
