"""Sessions sent through the real ingestion pipeline for the reports tests: what each
seeded session did, the beacon that sends its events (from an address in Paris), forty
days of them (:func:`seed`) and the figures computed straight from them
(:func:`expected`)."""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .agents import CHROME, IPHONE
from .shopping import PARIS_IP

PARIS = ZoneInfo("Europe/Paris")


@dataclass
class Session:
    day: date
    visitor: str
    ua: str
    channel: str
    source: tuple[str, str, str]
    key: str  # the session id sent
    times: list[int] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    orders: list[tuple[str, float, int]] = field(default_factory=list)  # currency, value, ts
    carts: list[tuple[str, int]] = field(default_factory=list)
    sizes: list[str] = field(default_factory=list)
    engaged: float = 0.0
    width: int | None = None  # the page width it sends (``w``), if any


def send(client, site, session: Session, events, now: int, clock) -> None:
    clock.set(now)
    body = {"k": site.public_key, "v": session.visitor,
            "s": session.key,
            "ev": events}
    if session.width is not None:
        body["w"] = session.width
    response = client.post("/api/collect", data=json.dumps(body),
                           headers={"Origin": "https://shop-a.test", "User-Agent": session.ua,
                                    "Content-Type": "text/plain"},
                           environ_base={"REMOTE_ADDR": PARIS_IP})
    assert response.status_code == 202, response.json
    assert response.json["ok"] == len(events), response.json


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
