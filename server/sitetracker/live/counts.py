"""The live board's counts of who is on a site, counted again only when they change.

Counting every live shopper's fields was the one-second tick's cost, growing with the
shoppers on the site. The counts are kept in the live store (so every worker sharing
Redis uses them) with the version of the site's presences they were counted from and
the earliest expiry among the live shoppers. Every write to a site's presences (a
connect, a page, a cart, a departure, a sweep) bumps the version, so kept counts are
used only while a fresh count would give the same result::

    st:counted:<site>   hash   v -> version of the site's presences (bumped on write),
                               counts -> the last counts (JSON, with the version they
                               saw, when and until when they hold)

A count that raced a write keeps the version it read first, so it is never used.
"""

from __future__ import annotations

import heapq
import json
from collections import Counter
from typing import Any, Protocol

from ..store_api import Pipelines

KEPT_TTL = 24 * 3600
Live = list[tuple[str, dict[str, str]]]


class Bumps(Protocol):
    """The store or a pipeline: anything that counts a hash field up."""

    def hincrby(self, key: str, field: str, amount: int = 1) -> object: ...


def bump(target: Bumps, key: str) -> None:
    """Note a write to the site's presences (``key``: its :meth:`LiveKeys.counted
    <sitetracker.live.state.LiveKeys.counted>`; ``target``: the store or a pipeline)."""
    target.hincrby(key, "v", 1)


def kept(store: Pipelines, key: str, now: float) -> tuple[str, dict[str, Any] | None]:
    """(the presences' version now, the kept counts if they still hold)."""
    pipe = store.pipeline(transaction=False)
    pipe.hget(key, "v")
    pipe.hget(key, "counts")
    version, text = pipe.execute()
    version = str(version or "0")
    if text:
        counts = json.loads(text)
        if counts["v"] == version and counts["from"] <= now <= counts["until"]:
            return version, counts
    return version, None


def keep(store: Pipelines, key: str, counts: dict[str, Any]) -> None:
    pipe = store.pipeline(transaction=False)
    pipe.hset(key, mapping={"counts": json.dumps(counts)})
    pipe.expire(key, KEPT_TTL)
    pipe.execute()


def tally(live: Live, shoppers: int) -> dict[str, Any]:
    """The board's counts of ``live`` (visitor, stored fields), and the ``shoppers``
    earliest arrivals' fields to show as rows."""
    devices: Counter[str] = Counter({"desktop": 0, "mobile": 0, "tablet": 0})
    pages: Counter[str] = Counter()
    countries: Counter[tuple[str, str]] = Counter()
    points: Counter[tuple[float, float]] = Counter()
    oses: Counter[str] = Counter()
    browsers: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    page_types: Counter[str] = Counter()
    returning = 0
    # Counted from the stored fields as they are (no Presence per shopper).
    for _, data in live:
        get = data.get
        page_types[get("pt") or "other"] += 1
        devices[get("device", "desktop")] += 1
        oses[get("os", "Other")] += 1
        browsers[get("browser", "Other")] += 1
        returning += get("returning") == "1"
        url = get("url")
        if url:
            pages[url] += 1
        country = get("country")
        if country:
            countries[(country, get("country_name", ""))] += 1
        lat, lon = get("lat"), get("lon")
        if lat and lon:
            points[(round(float(lat), 1), round(float(lon), 1))] += 1
        sources[get("source") or "direct"] += 1
    shown = heapq.nsmallest(shoppers, live, key=lambda item: float(item[1].get("since") or 0))
    return {
        "users": len(live),
        "devices": dict(devices),
        "pages": [[u, n] for u, n in pages.most_common(50)],
        "countries": [[c, name, n] for (c, name), n in countries.most_common()],
        "points": [[lat, lon, n] for (lat, lon), n in points.most_common(500)],
        "os": dict(oses.most_common(10)),
        "browsers": dict(browsers.most_common(10)),
        "visitors": {"new": len(live) - returning, "returning": returning},
        "page_types": dict(page_types),
        "referrers": [[s, n] for s, n in sources.most_common(20)],
        "shown": [[v, data] for v, data in shown],
    }
