"""Who the sessions were (audience.py): each dimension ranked, cities with their
country."""

from __future__ import annotations

from datetime import date

from sitetracker.db import database
from sitetracker.reports import audience
from sitetracker.reports.periods import Period

from .counters import add

PERIOD = Period(date(2026, 3, 1), date(2026, 3, 10))


def test_each_dimension_is_ranked_most_sessions_first(app, world):
    site = world.site_a2.id
    add(site, date(2026, 3, 2), ("country", "FR", 4), ("country", "DE", 6),
        ("city", "FR\tParis", 3), ("city", "DE\tBerlin", 5), ("device", "mobile", 7),
        ("device", "desktop", 3), ("os", "iOS", 7), ("browser", "Safari", 7),
        ("screen", "phone", 6))
    with database.connection_context():
        found = audience.breakdowns(site, PERIOD)
    assert found == {
        "countries": [["DE", 6], ["FR", 4]],
        "cities": [["DE", "Berlin", 5], ["FR", "Paris", 3]],
        "devices": [["mobile", 7], ["desktop", 3]], "os": [["iOS", 7]],
        "browsers": [["Safari", 7]], "screens": [["phone", 6]]}


def test_a_breakdown_keeps_the_top_values_only(app, world):
    site = world.site_a2.id
    add(site, date(2026, 3, 2), *(("country", code, n) for n, code in
                                  enumerate(("AT", "BE", "CH", "DE"), start=1)))
    with database.connection_context():
        found = audience.breakdowns(site, PERIOD, top=2)
    assert found["countries"] == [["DE", 4], ["CH", 3]] and found["cities"] == []
