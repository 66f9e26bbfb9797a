"""The reports against several weeks of history seeded through the real ingestion
pipeline (beacons, the write buffer and its flushes), each figure checked against what
the seeded events say, computed here from the list of them."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from sitetracker.db import database
from sitetracker.ingest.buffer import add_count

from ..conftest import login
from ..sessions import DAYS, TODAY, expected, seed


@pytest.fixture
def app_clock(clock):
    return clock


@pytest.fixture
def history(app, client, world, clock, make_user):
    sessions = seed(app, client, world.site_a, clock)
    clock.set(datetime(2026, 3, 10, 22, 30, tzinfo=UTC))  # still the 10th in Paris
    make_user("owner@a.test", "owner", organization=world.org_a)
    login(client, "owner@a.test")
    return sessions


def get_report(client, site, query: str) -> dict[str, Any]:
    response = client.get(f"/api/sites/{site.public_key}/reports?{query}")
    assert response.status_code == 200, response.json
    return response.json


FIGURES = ("visitors", "sessions", "pageviews", "bounce_rate", "avg_session_seconds",
           "engaged_seconds", "engaged_per_visitor", "conversion_rate", "orders", "revenue",
           "avg_order_value")


RANGES = [
    ("range=7d", TODAY - timedelta(days=6), TODAY),
    ("range=today", TODAY, TODAY),
    ("range=yesterday", TODAY - timedelta(days=1), TODAY - timedelta(days=1)),
    ("range=month", date(2026, 3, 1), TODAY),
    ("from=2026-02-14&to=2026-02-28", date(2026, 2, 14), date(2026, 2, 28)),
    ("from=2026-02-01&to=2026-03-10", date(2026, 2, 1), TODAY),
]


def test_each_figure_and_the_period_before_match_the_seeded_events(history, client, world):
    for query, start, end in RANGES:
        check_figures(client, world, history, query, start, end)


def check_figures(client, world, history, query, start, end) -> None:
    found = get_report(client, world.site_a, query)
    want = expected(history, start, end)
    assert (found["from"], found["to"]) == (start.isoformat(), end.isoformat())
    assert {k: found["figures"][k] for k in FIGURES} == {k: want[k] for k in FIGURES}
    length = (end - start).days + 1
    before_end = start - timedelta(days=1)
    before_start = before_end - timedelta(days=length - 1)
    before = expected(history, before_start, before_end) if before_start >= TODAY - timedelta(
        days=DAYS - 1) else None
    assert found["previous"]["from"] == before_start.isoformat()
    if before is not None:
        assert {k: found["previous"]["figures"][k] for k in FIGURES} == {
            k: before[k] for k in FIGURES}


def test_sections_match_the_seeded_events(history, client, world):
    found = get_report(client, world.site_a, "range=30d")
    want = expected(history, TODAY - timedelta(days=29), TODAY)
    assert found["orders_per_hour"] == want["hours"]
    assert dict(found["channels"]) == {name: want["channels"].get(name, 0)
                                       for name in dict(found["channels"])}
    assert {"\t".join(row[:3]): row[3] for row in found["sources"]} == dict(want["sources"])
    assert dict(found["pages"]["top"]) == dict(want["pages"])
    assert dict(found["pages"]["entry"]) == dict(want["entry"])
    assert dict(found["pages"]["exit"]) == dict(want["exit"])
    assert dict(found["audience"]["devices"]) == dict(want["devices"])
    assert dict(found["audience"]["screens"]) == dict(want["screens"])
    assert sum(n for _, n in found["audience"]["screens"]) < want["sessions"]  # some unknown
    assert found["audience"]["countries"] == [["FR", want["sessions"]]]
    assert found["audience"]["cities"] == [["FR", "Paris", want["sessions"]]]
    products = {row["product"]: row for row in found["products"]}
    for product, quantity in want["carts"].items():
        assert products[product]["carts"] == quantity
    bought = [o for s in history if s.day >= TODAY - timedelta(days=29) for o in s.orders]
    assert products["Linen shirt"]["purchases"] == len(bought)
    assert products["Linen shirt"]["revenue"] == round(sum(v for _, v, _ in bought), 2)
    guide = next(e for e in found["events"] if e["name"] == "size_guide")
    assert guide["count"] == sum(want["sizes"].values())
    assert dict(guide["props"]["size"]) == dict(want["sizes"])
    assert found["searches"] == []
    per_day = {row["day"]: row["sessions"] for row in found["days"]}
    assert {d.isoformat(): n for d, n in want["days"].items()} == {
        d: n for d, n in per_day.items() if n}


def test_sources_today_count_sessions_not_page_views(history, client, world):
    response = client.get(f"/api/sites/{world.site_a.public_key}/history")
    today = [s for s in history if s.day == TODAY]
    want: Counter[str] = Counter(s.source[0] or "direct" for s in today)
    assert dict(response.json["sources"]["referrers"]) == dict(want)


def test_a_late_write_to_a_month_already_added_up_is_counted(history, client, world):
    query = "from=2026-02-01&to=2026-03-10&compare=0"
    before = get_report(client, world.site_a, query)["figures"]["orders"]
    with database.connection_context():  # a sale journaled in February, replayed now
        add_count(world.site_a.id, date(2026, 2, 10), "orders", "EUR", 1)
    assert get_report(client, world.site_a, query)["figures"]["orders"] == before + 1
