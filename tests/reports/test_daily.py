"""The day-by-day history of ``/api/sites/<key>/stats`` (daily.py), from the stored
rollups."""

from __future__ import annotations

from datetime import date

from sitetracker.db import database
from sitetracker.models import DailySession, DailyVisitor
from sitetracker.reports import daily_stats

from .counters import add


def test_each_day_of_the_range_has_its_visitors_sessions_and_counters(app, world):
    site = world.site_a2.id
    day = date(2026, 3, 10)
    with database.connection_context():
        for visitor, returning, device, country in (("v1", False, "desktop", "FR"),
                                                    ("v2", True, "mobile", "FR"),
                                                    ("v3", False, "mobile", "")):
            DailyVisitor.create(site=site, day=day, visitor=visitor, returning=returning,
                                device=device, os="Linux", browser="Firefox",
                                country=country)
        for session in ("s1", "s2", "s3", "s4"):
            DailySession.create(site=site, day=day, session=session)
    add(site, day, ("pageviews", "", 9), ("engaged", "", 12.34), ("event", "share", 2),
        ("page", "/", 6), ("page", "/cart", 3), ("referrer", "google.com", 2),
        ("utm_campaign", "spring", 1))
    with database.connection_context():
        before, found = daily_stats(site, date(2026, 3, 9), day)
    assert before["day"] == "2026-03-09" and before["visitors"] == 0
    assert before["pages"] == [] and before["events"] == {}
    assert found["day"] == "2026-03-10"
    assert (found["visitors"], found["new"], found["returning"]) == (3, 2, 1)
    assert found["sessions"] == 4 and found["pageviews"] == 9
    assert found["engaged_seconds"] == 12.3
    assert found["devices"] == {"desktop": 1, "mobile": 2}
    assert found["countries"] == {"FR": 2} and found["browsers"] == {"Firefox": 3}
    assert found["pages"] == [["/", 6], ["/cart", 3]]
    assert found["referrers"] == [["google.com", 2]] and found["utm_sources"] == []
    assert found["utm_campaigns"] == [["spring", 1]] and found["events"] == {"share": 2}


def test_a_day_lists_its_top_ten_pages(app, world):
    site = world.site_a2.id
    add(site, date(2026, 3, 10), *(("page", f"/p{n:02d}", n) for n in range(1, 13)))
    with database.connection_context():
        [found] = daily_stats(site, date(2026, 3, 10), date(2026, 3, 10))
    assert [page for page, _ in found["pages"]] == [f"/p{n:02d}" for n in range(12, 2, -1)]
