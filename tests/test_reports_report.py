"""The reports against several weeks of history seeded through the real ingestion
pipeline (beacons, the write buffer and its flushes), each figure checked against what
the seeded events say, computed here from the list of them."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from sitetracker.db import database
from sitetracker.ingest.buffer import add_count

from .conftest import login
from .sessions import PARIS, Session, send
from .test_collect import CHROME, IPHONE

TODAY = date(2026, 3, 10)
DAYS = 40  # from 30 January: February is read as a whole (compacted) month
PAGES = ["/", "/shirts", "/shirts/linen", "/trousers", "/cart", "/about"]
# Where a session comes from: referrer, query string, the channel the docs' rule gives.
ARRIVALS = [
    ("", "", "direct"),
    ("https://www.google.com/search?q=linen", "", "organic_search"),
    ("https://www.google.com/", "?utm_source=google&utm_medium=cpc&utm_campaign=spring",
     "paid"),
    ("https://l.facebook.com/", "", "social"),
    ("", "?utm_source=newsletter&utm_medium=email&utm_campaign=march", "email"),
    ("https://blog.example.org/post", "", "referral"),
]
# The page widths sessions send (``w``; None: none, as a beacon from a server), in turn.
WIDTHS = [None, 390, 575, 576, 800, 991, 992, 1280, 1439, 1440, 1920]


@pytest.fixture
def app_clock(clock):
    return clock


def seed(app, client, site, clock) -> list[Session]:
    """About 28 days of a small store's sessions, sent as beacons at their times; the
    buffer flushed now and then, sessions spanning flushes."""
    rng = random.Random(15)
    tracking = app.extensions["sitetracker"]
    sessions: list[Session] = []
    pool = [f"visitor-{n:04d}" for n in range(40)]
    order = 0
    for back in range(DAYS - 1, -1, -1):
        day = TODAY - timedelta(days=back)
        for _ in range(rng.randint(2, 7)):
            referrer, query, channel = rng.choice(ARRIVALS)
            tags = dict(part.split("=") for part in query[1:].split("&")) if query else {}
            host = referrer.split("/")[2].removeprefix("www.") if referrer else ""
            source = (tags.get("utm_source") or host, tags.get("utm_medium", ""),
                      tags.get("utm_campaign", ""))
            visitor = rng.choice(pool)
            session = Session(day, visitor, rng.choice([CHROME, IPHONE]), channel, source,
                              f"session-{len(sessions):04d}",
                              width=WIDTHS[len(sessions) % len(WIDTHS)])
            start = datetime(day.year, day.month, day.day, rng.randint(7, 21),
                             rng.randint(0, 50), tzinfo=PARIS).timestamp()
            now = int(start)
            views = rng.choice([1, 1, 2, 3, 4])
            for index in range(views):
                page = rng.choice(PAGES)
                events: list[dict[str, Any]] = [{
                    "n": "pageview", "u": "https://shop-a.test" + page + (query if not index
                                                                        else ""),
                    "r": referrer if not index else "https://shop-a.test/"}]
                if rng.random() < 0.3:
                    product = rng.choice(["Linen shirt", "Wool socks"])
                    quantity = rng.randint(1, 2)
                    events.append({"n": "add_to_cart", "p": {"product": product,
                                                             "quantity": quantity,
                                                             "value": 20.0 * quantity}})
                    session.carts.append((product, quantity))
                if rng.random() < 0.2:
                    size = rng.choice(["S", "M", "L"])
                    events.append({"n": "size_guide", "p": {"size": size}})
                    session.sizes.append(size)
                send(client, site, session, events, now, clock)
                session.times.append(now)
                session.pages.append(page)
                now += rng.randint(10, 120)
                if rng.random() < 0.5:
                    seconds = float(rng.randint(5, 40))
                    send(client, site, session, [{"n": "engage", "e": seconds}], now, clock)
                    session.times.append(now)
                    session.engaged += seconds
                    now += 5
                if rng.random() < 0.3:
                    tracking.buffer.flush()
            if views > 1 and rng.random() < 0.35:
                order += 1
                currency = rng.choice(["EUR", "EUR", "USD"])
                value = float(rng.randint(20, 150))
                send(client, site, session, [{"n": "purchase", "p": {
                    "order_id": f"o-{order}", "value": value, "currency": currency,
                    "items": [{"product": "Linen shirt", "quantity": 1, "value": value}]}}],
                    now, clock)
                session.times.append(now)
                session.orders.append((currency, value, now))
            sessions.append(session)
        tracking.buffer.flush()
    return sessions


def expected(sessions: list[Session], start: date, end: date) -> dict[str, Any]:
    """The figures, straight from the seeded sessions."""
    chosen = [s for s in sessions if start <= s.day <= end]
    orders = [o for s in chosen for o in s.orders]
    revenue: Counter[str] = Counter()
    count: Counter[str] = Counter()
    for currency, value, _ in orders:
        revenue[currency] += value
        count[currency] += 1
    hours = [0] * 24
    for _, _, ts in orders:
        hours[datetime.fromtimestamp(ts, PARIS).hour] += 1
    visitors = len({s.visitor for s in chosen})
    engaged = sum(s.engaged for s in chosen)
    return {
        "visitors": visitors, "sessions": len(chosen),
        "pageviews": sum(len(s.pages) for s in chosen),
        "bounce_rate": round(sum(len(s.pages) == 1 for s in chosen) / len(chosen), 4),
        "avg_session_seconds": round(sum(max(s.times) - min(s.times) for s in chosen)
                                     / len(chosen), 1),
        "engaged_seconds": round(engaged, 1),
        "engaged_per_visitor": round(engaged / visitors, 1),
        "conversion_rate": round(sum(bool(s.orders) for s in chosen) / len(chosen), 4),
        "orders": len(orders),
        "revenue": {c: round(v, 2) for c, v in revenue.items()},
        "avg_order_value": {c: round(revenue[c] / count[c], 2) for c in revenue},
        "hours": hours,
        "channels": Counter(s.channel for s in chosen),
        "sources": Counter("\t".join(s.source) for s in chosen),
        "pages": Counter(p for s in chosen for p in s.pages),
        "entry": Counter(s.pages[0] for s in chosen),
        "exit": Counter(s.pages[-1] for s in chosen),
        "devices": Counter("mobile" if s.ua == IPHONE else "desktop" for s in chosen),
        "carts": Counter({p: 0 for s in chosen for p, _ in s.carts}) + _carts(chosen),
        "sizes": Counter(size for s in chosen for size in s.sizes),
        "screens": Counter(_screen(s.width) for s in chosen if s.width is not None),
        "days": {d: len([s for s in chosen if s.day == d]) for d in {s.day for s in chosen}},
    }


def _screen(width: int) -> str:
    """The screen size class docs/reports.md gives a page width."""
    if width < 576:
        return "phone"
    if width < 992:
        return "tablet"
    return "laptop" if width < 1440 else "desktop"


def _carts(chosen: list[Session]) -> Counter[str]:
    found: Counter[str] = Counter()
    for s in chosen:
        for product, quantity in s.carts:
            found[product] += quantity
    return found


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


@pytest.mark.parametrize(("query", "field_name"), [
    ("range=week", "range"), ("from=2026-03-01", "to"), ("from=2026-03-05&to=2026-03-01", "to"),
    ("from=2025-01-01&to=2026-03-01", "to"), ("compare=maybe", "compare"),
])
def test_a_bad_query_is_refused_naming_the_field(client, world, make_user, query, field_name):
    make_user("owner@a.test", "owner", organization=world.org_a)
    login(client, "owner@a.test")
    response = client.get(f"/api/sites/{world.site_a.public_key}/reports?{query}")
    assert response.status_code == 400
    assert field_name in json.dumps(response.json)


def test_a_late_write_to_a_month_already_added_up_is_counted(history, client, world):
    query = "from=2026-02-01&to=2026-03-10&compare=0"
    before = get_report(client, world.site_a, query)["figures"]["orders"]
    with database.connection_context():  # a sale journaled in February, replayed now
        add_count(world.site_a.id, date(2026, 2, 10), "orders", "EUR", 1)
    assert get_report(client, world.site_a, query)["figures"]["orders"] == before + 1
