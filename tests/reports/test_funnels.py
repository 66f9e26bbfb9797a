"""Funnels against three weeks of sessions seeded through the real ingestion pipeline
(beacons, the write buffer, flushes at random points): every step's figures checked
against what the seeded events say, computed here from the list of them."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from sitetracker.patterns import path_matches

from ..agents import CHROME
from ..conftest import csrf_of, login
from ..sessions import PARIS, Session, send

TODAY = date(2026, 3, 10)
DAYS = 21
PAGES = ["/", "/shirts", "/shirts/linen", "/trousers", "/cart", "/about"]
SHIRTS = {"name": "Shirts to purchase", "scope": "session", "steps": [
    {"page": "/shirts*"}, {"event": "add_to_cart"}, {"event": "purchase"}]}
HOME_CART = {"name": "Home, cart, bought", "scope": "day", "steps": [
    {"page": "/"}, {"page": "/cart"}, {"event": "purchase"}]}
CART = [("page", "*"), ("event", "add_to_cart"), ("event", "checkout"), ("event", "purchase")]


def write(client, method: str, url: str, json: Any = None) -> Any:
    """An API write signed in with the session cookie (its CSRF header included)."""
    return client.open(url, method=method.upper(), json=json,
                       headers={"X-CSRF-Token": csrf_of(client)})


@pytest.fixture
def app_clock(clock):
    return clock


def steps_of(definition: dict[str, Any]) -> list[tuple[str, str]]:
    return [next(iter(step.items())) for step in definition["steps"]]


def seed(app, client, site, clock) -> list[tuple[Session, list[tuple[str, str]]]]:
    """Sessions of a few visitors over :data:`DAYS` days, each with its marks in order:
    ``("page", path)`` or ``("event", name)``."""
    rng = random.Random(4)
    buffer = app.extensions["sitetracker"].buffer
    seeded = []
    order = 0
    for back in range(DAYS - 1, -1, -1):
        day = TODAY - timedelta(days=back)
        for _ in range(rng.randint(2, 6)):
            session = Session(day, f"visitor-{rng.randint(0, 11):02d}", CHROME, "", ("", "", ""),
                              f"session-{len(seeded):04d}")
            now = int(datetime(day.year, day.month, day.day, rng.randint(7, 21),
                               rng.randint(0, 50), tzinfo=PARIS).timestamp())
            marks: list[tuple[str, str]] = []
            for _ in range(rng.randint(1, 5)):
                page = rng.choice(PAGES)
                events: list[dict[str, Any]] = [{"n": "pageview",
                                                 "u": "https://shop-a.test" + page}]
                marks.append(("page", page))
                if rng.random() < 0.4:
                    events.append({"n": "add_to_cart", "p": {"product": "Linen shirt",
                                                             "quantity": 1, "value": 20.0}})
                    marks.append(("event", "add_to_cart"))
                if rng.random() < 0.3:
                    events.append({"n": "checkout", "p": {"value": 20.0, "currency": "EUR"}})
                    marks.append(("event", "checkout"))
                if rng.random() < 0.25:
                    order += 1
                    events.append({"n": "purchase", "p": {
                        "order_id": f"o-{order}", "value": 20.0, "currency": "EUR"}})
                    marks.append(("event", "purchase"))
                send(client, site, session, events, now, clock)
                now += rng.randint(10, 120)
                if rng.random() < 0.3:
                    buffer.flush()
            seeded.append((session, marks))
        buffer.flush()
    return seeded


def expected(seeded, steps: list[tuple[str, str]], scope: str, start: date, end: date
             ) -> list[int]:
    """Units (sessions, or visitors per day) that reached each step, in order."""
    trails: dict[tuple[date, str], list[tuple[str, str]]] = {}
    for session, marks in seeded:
        if start <= session.day <= end:
            unit = session.key if scope == "session" else session.visitor
            trails.setdefault((session.day, unit), []).extend(marks)
    reached: Counter[int] = Counter()
    for marks in trails.values():
        got = 0
        for kind, value in marks:
            if got < len(steps) and steps[got][0] == kind and (
                    path_matches(steps[got][1], value) if kind == "page"
                    else value == steps[got][1]):
                got += 1
        for step in range(1, got + 1):
            reached[step] += 1
    return [reached[step] for step in range(1, len(steps) + 1)]


@pytest.fixture
def history(app, client, world, clock, make_user):
    clock.set(datetime(2026, 2, 1, tzinfo=UTC))
    make_user("owner@a.test", "owner", organization=world.org_a)
    login(client, "owner@a.test")
    base = f"/api/sites/{world.site_a.public_key}/funnels"
    made = {}
    for definition in (SHIRTS, HOME_CART):
        response = write(client, "post", base, json=definition)
        assert response.status_code == 201, response.json
        made[definition["name"]] = response.json["id"]
    seeded = seed(app, client, world.site_a, clock)
    clock.set(datetime(2026, 3, 10, 22, 30, tzinfo=UTC))
    return base, made, seeded


def check(client, url: str, steps, want: list[int]) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200, response.json
    got = response.json
    assert [s["reached"] for s in got["steps"]] == want
    assert got["entrants"] == want[0] and got["converted"] == want[-1]
    assert [s["dropped"] for s in got["steps"]] == [0] + [
        a - b for a, b in zip(want, want[1:], strict=False)]
    assert [s["conversion"] for s in got["steps"]] == [
        round(n / want[0], 4) if want[0] else None for n in want]
    assert got["conversion_rate"] == (round(want[-1] / want[0], 4) if want[0] else None)
    assert [next(iter((k, v) for k, v in s.items() if k in ("page", "event")))
            for s in got["steps"]] == steps
    return got


@pytest.mark.parametrize("query,start,end", [
    ("range=7d", TODAY - timedelta(days=6), TODAY),
    ("range=today", TODAY, TODAY),
    ("from=2026-02-18&to=2026-03-03", date(2026, 2, 18), date(2026, 3, 3)),
    ("range=30d", TODAY - timedelta(days=29), TODAY),
])
def test_each_funnel_step_matches_the_seeded_events(client, history, query, start, end):
    base, made, seeded = history
    listed = client.get(base).json["funnels"]
    assert listed[0]["kind"] == "cart" and listed[0]["steps"][0] == {"page": "*"}
    funnels = [(made[SHIRTS["name"]], steps_of(SHIRTS), "session"),
               (made[HOME_CART["name"]], steps_of(HOME_CART), "day"),
               (listed[0]["id"], CART, "day")]
    for funnel_id, steps, scope in funnels:
        want = expected(seeded, steps, scope, start, end)
        assert want[0] > want[-1] > 0 or start == end  # the history has both kinds
        check(client, f"{base}/{funnel_id}?{query}", steps, want)


def test_a_funnel_counts_from_its_creation_on(client, app, world, clock, history):
    base, _, seeded = history
    response = write(client, "post", base, json={"name": "Late", "steps": [
        {"page": "/"}, {"event": "purchase"}]})
    assert response.status_code == 201
    got = client.get(f"{base}/{response.json['id']}?range=30d").json
    assert got["entrants"] == 0 and got["counts_since"].startswith("2026-03-10T22:30")


