"""A store's history written straight into the rollups, as the write buffer would have
left it: for the reports' benchmark (a year of a busy store) and for pictures of the
reports page. Not used by ingestion; real history comes through the pipeline."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

from ..db import database
from ..ingest import sketch
from ..ingest.channels import CHANNELS
from ..models import DailyCount, DailySketch, DailyVisitor

CHUNK = 500
PAGES = ["/", "/collections/shirts", "/collections/trousers", "/cart", "/checkout",
         "/about", "/blog/linen-care"] + [f"/products/item-{n}" for n in range(120)]
PRODUCTS = [f"Item {n}" for n in range(120)]
CITIES = [("FR", "Paris"), ("FR", "Lyon"), ("DE", "Berlin"), ("GB", "London"),
          ("US", "New York"), ("ES", "Madrid"), ("IT", "Milan"), ("BE", "Brussels"),
          ("NL", "Amsterdam"), ("CH", "Zurich")] + [("US", f"Town {n}") for n in range(200)]
SOURCES = [("", "", ""), ("google.com", "", ""), ("google", "cpc", "spring"),
           ("facebook.com", "", ""), ("newsletter", "email", "weekly"),
           ("instagram", "social", "reels"), ("blog.example.org", "", ""),
           ("bing.com", "", "")]
CHANNEL_OF = dict(zip(range(len(SOURCES)), ["direct", "organic_search", "paid", "social",
                                            "email", "social", "referral",
                                            "organic_search"], strict=True))
DEVICES = [("desktop", "Windows", "Chrome"), ("mobile", "iOS", "Mobile Safari"),
           ("mobile", "Android", "Chrome Mobile"), ("desktop", "Mac OS X", "Safari"),
           ("tablet", "iPadOS", "Mobile Safari")]
# Sessions per screen size class (ingest/platform.py) in parts of 20; the rest unmeasured.
SCREEN_SHARES = {"phone": 9, "laptop": 5, "desktop": 3, "tablet": 1}


def _weighted(rng: random.Random, n: int, items: list[Any], skew: float = 1.1) -> Counter[Any]:
    """``n`` draws of ``items``, the first ones far likelier (a long tail)."""
    weights = [1 / (rank + 1) ** skew for rank in range(len(items))]
    return Counter(rng.choices(range(len(items)), weights, k=n))


def day_counts(rng: random.Random, visitors: int) -> dict[tuple[str, str], float]:
    """One day's counters for about ``visitors`` visitors."""
    sessions = int(visitors * rng.uniform(1.1, 1.3))
    views = int(sessions * rng.uniform(2.5, 3.5))
    orders = int(sessions * rng.uniform(0.015, 0.03))
    found: dict[tuple[str, str], float] = defaultdict(float)
    found["sessions", ""] = sessions
    found["pageviews", ""] = views
    found["bounces", ""] = int(sessions * rng.uniform(0.35, 0.5))
    found["duration", ""] = sessions * rng.uniform(90, 200)
    found["engaged", ""] = sessions * rng.uniform(40, 90)
    found["converted", ""] = orders
    found["orders", "EUR"] = orders
    found["revenue", "EUR"] = round(orders * rng.uniform(45, 80), 2)
    for index, n in _weighted(rng, views, PAGES).items():
        found["page", PAGES[index]] = n
    for metric in ("entry", "exit"):
        for index, n in _weighted(rng, sessions, PAGES, 1.4).items():
            found[metric, PAGES[index]] = n
    for index, n in _weighted(rng, sessions, SOURCES, 0.8).items():
        found["source", "\t".join(SOURCES[index])] = n
        found["channel", CHANNEL_OF[index]] += n
    for index, n in _weighted(rng, sessions, CITIES).items():
        country, city = CITIES[index]
        found["city", f"{country}\t{city}"] = n
        found["country", country] += n
    for index, n in _weighted(rng, sessions, DEVICES, 0.7).items():
        device, os, browser = DEVICES[index]
        found["device", device] += n
        found["os", os] += n
        found["browser", browser] += n
    for hour, n in Counter(rng.choices(range(24), [1 + 5 * (8 <= h <= 22) for h in range(24)],
                                       k=orders)).items():
        found["order_hour", f"{hour:02d}"] = n
    for index, n in _weighted(rng, views // 4, PRODUCTS).items():
        found["product_cart", PRODUCTS[index]] = max(n // 5, 1)
        found["product_buy", PRODUCTS[index]] = max(n // 20, 0)
        found["product_rev", PRODUCTS[index]] = round(max(n // 20, 0) * 39.0, 2)
    found["event", "size_guide"] = sessions // 20
    for size in ("S", "M", "L", "XL"):
        found["prop", f"size_guide\tsize\t{size}"] = sessions // 80
    for screen, share in SCREEN_SHARES.items():
        found["screen", screen] = sessions * share // 20
    for name in CHANNELS:
        found.setdefault(("channel", name), 0)
    return dict(found)


def seed(site_id: int, end: date, days: int, visitors: int, seed_value: int = 10,
         visitor_rows_days: int | None = None) -> int:
    """``days`` days up to ``end`` of about ``visitors`` visitors a day (a third of them
    seen on earlier days); return the rows written. Each day has its visitors' sketch;
    the visitor-day rows (read only for short periods) are written for the last
    ``visitor_rows_days`` days only, when given."""
    rng = random.Random(seed_value)
    written = 0
    pool = visitors * max(days // 3, 1)
    with database.connection_context():
        for back in range(days - 1, -1, -1):
            day = end - timedelta(days=back)
            today = int(visitors * rng.uniform(0.8, 1.2))
            counts = [{"site": site_id, "day": day, "metric": m, "key": k, "value": v}
                      for (m, k), v in day_counts(rng, today).items()]
            ids = {f"{rng.randrange(pool):016x}" for _ in range(today)}
            keep_rows = visitor_rows_days is None or back < visitor_rows_days
            people = [{"site": site_id, "day": day, "visitor": v, "returning": False,
                       "device": "desktop", "os": "Windows", "browser": "Chrome",
                       "country": "FR"} for v in ids] if keep_rows else []
            with database.atomic():
                DailySketch.insert(site=site_id, day=day,
                                   registers=sketch.add(sketch.empty(), ids)).execute()
                for rows, model in ((counts, DailyCount), (people, DailyVisitor)):
                    for i in range(0, len(rows), CHUNK):
                        model.insert_many(rows[i:i + CHUNK]).execute()
            written += len(counts) + len(people) + 1
    return written
