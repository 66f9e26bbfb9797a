"""Live state per site: who is on the site now, and today's running numbers.

Kept in a store with Redis semantics (:mod:`sitetracker.live.store`): Redis when several
workers run, so they all see the same numbers; this process's memory otherwise. Keys,
spelled only by :class:`LiveKeys` (``st`` is the configurable prefix, so installations
can share one Redis)::

    st:p:<site>:<visitor>     hash    one live shopper's page, device, place, ...
    st:live:<site>            zset    visitor -> the time they stop counting as live
    st:sites                  zset    site -> last activity (which sites to sample)
    st:epm:<site>:<minute>    hash    event name -> count in that minute
    st:eng:<site>:<day>       string  engaged seconds since the site's midnight
    st:conc:<site>:<day>      zset    minute -> most shoppers live at once in it
    st:peak:<site>:<month>    zset    minute -> shoppers live at once (the month's peak)
    st:recent:<site>          list    the latest events, newest first
    st:counted:<site>         hash    the board's counts, kept while they hold (.counts)

A shopper is live while one of their pages holds the live connection: the worker holding
it renews their expiry every few seconds (so a worker that dies takes its shoppers off
within ``CONNECTED_TTL``). When their last page closes they stay for ``DEPARTURE_GRACE``
(moving between pages is not leaving). A shopper seen only by beacon is live for the
site's window (30 s by default) after each one.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from ..clock import local_day, local_midnight, minute_of
from ..domain import Presence, visitor_hash
from ..shoppers import shopper_name
from ..store_api import Hashes, KeyValue, Lists, Pipeline, Pipelines, SortedSets
from . import counts as counted

CONNECTED_TTL = 15.0
KEEPALIVE_EVERY = 3.0
DEPARTURE_GRACE = 5.0
PRESENCE_TTL = 24 * 3600
DAY_TTL = 3 * 24 * 3600
MINUTE_TTL = 2 * 3600
RECENT_EVENTS = 100
EVENT_MINUTES = 30


def _month(ts: float, timezone: str) -> str:
    return local_day(ts, timezone).strftime("%Y-%m")


class LiveKeys:
    """Where live state keeps what (the layout in the module docstring): the one place
    its keys are spelled. Days are ISO dates and months ``YYYY-MM`` in the site's time
    zone; minutes are Unix seconds at the minute's start."""

    KINDS = frozenset({"p", "live", "sites", "epm", "eng", "conc", "peak", "recent",
                       "counted"})  # the first part after the prefix: this feature's own

    def __init__(self, prefix: str = "st") -> None:
        self.prefix = prefix

    def presence(self, site: int, visitor: str) -> str:
        return f"{self.prefix}:p:{site}:{visitor}"

    def live(self, site: int) -> str:
        return f"{self.prefix}:live:{site}"

    def sites(self) -> str:
        return f"{self.prefix}:sites"

    def events_per_minute(self, site: int, minute: int) -> str:
        return f"{self.prefix}:epm:{site}:{minute}"

    def engaged(self, site: int, day: str) -> str:
        return f"{self.prefix}:eng:{site}:{day}"

    def concurrents(self, site: int, day: str) -> str:
        return f"{self.prefix}:conc:{site}:{day}"

    def peak(self, site: int, month: str) -> str:
        return f"{self.prefix}:peak:{site}:{month}"

    def recent(self, site: int) -> str:
        return f"{self.prefix}:recent:{site}"

    def counted(self, site: int) -> str:
        return f"{self.prefix}:counted:{site}"


class LiveStore(KeyValue, Hashes, SortedSets, Lists, Pipelines, Protocol):
    """The live store's commands live state uses."""


class LiveState:
    """Who is on each site now and today's running numbers, in the live store (keys:
    :class:`LiveKeys`); every method takes ``now`` (Unix seconds).

    Holds nothing itself: every worker sharing the store sees the same state, and with
    the in-memory store (one process) it is lost on restart (today's numbers are seeded
    again from storage, the shoppers come back with their next page or beacon). A
    presence outlives its shopper's liveness by up to ``PRESENCE_TTL``; minute counts
    are kept ``MINUTE_TTL``, days ``DAY_TTL``, and only the last ``RECENT_EVENTS``
    events.
    """

    def __init__(self, store: LiveStore, beacon_window: float = 30.0, prefix: str = "st"
                 ) -> None:
        self.store = store
        self.beacon_window = beacon_window
        self.prefix = prefix
        self.keys = LiveKeys(prefix)

    # -- presence ---------------------------------------------------------------------
    def _put(self, pipe: Pipeline, site: int, presence: Presence, expires: float, gt: bool) -> None:
        key = self.keys.presence(site, presence.visitor)
        pipe.hset(key, mapping=presence.to_hash())
        pipe.hsetnx(key, "since", repr(presence.since))
        pipe.expire(key, PRESENCE_TTL)
        pipe.zadd(self.keys.live(site), {presence.visitor: expires}, gt=gt)
        pipe.zadd(self.keys.sites(), {str(site): expires}, gt=True)
        counted.bump(pipe, self.keys.counted(site))

    def connected(self, site: int, presence: Presence, now: float) -> None:
        """A page of this shopper opened the live connection."""
        pipe = self.store.pipeline(transaction=False)
        self._put(pipe, site, presence, now + CONNECTED_TTL, gt=True)
        pipe.execute()

    def keepalive(self, site: int, visitors: list[str], now: float) -> None:
        """Renew shoppers whose connection this worker holds."""
        if visitors:
            expiry = now + CONNECTED_TTL
            added = self.store.zadd(self.keys.live(site),
                                    dict.fromkeys(visitors, expiry), gt=True)
            if added:  # swept meanwhile, live again: the kept counts no longer hold
                counted.bump(self.store, self.keys.counted(site))

    def disconnected(self, site: int, visitor: str, now: float) -> None:
        """This worker's last connection of the shopper closed."""
        pipe = self.store.pipeline(transaction=False)
        pipe.zadd(self.keys.live(site), {visitor: now + DEPARTURE_GRACE})
        counted.bump(pipe, self.keys.counted(site))
        pipe.execute()

    def seen(self, site: int, presence: Presence, now: float) -> None:
        """A beacon arrived: live for the beacon window, unless connected for longer."""
        pipe = self.store.pipeline(transaction=False)
        self._put(pipe, site, presence, now + self.beacon_window, gt=True)
        pipe.execute()

    def batch(self) -> Pipeline:
        """A pipeline to pass as ``pipe=`` to several writes, sent in one round trip by
        its ``execute()``."""
        return self.store.pipeline(transaction=False)

    def _run(self, pipe: Pipeline, own: bool) -> None:
        if own:
            pipe.execute()

    def update(self, site: int, visitor: str, fields: dict[str, Any], pipe: Pipeline | None = None
               ) -> None:
        """Change some of a live shopper's fields (page, source, cart)."""
        target = pipe if pipe is not None else self.store.pipeline(transaction=False)
        target.hset(self.keys.presence(site, visitor),
                    mapping={k: str(v) for k, v in fields.items()})
        counted.bump(target, self.keys.counted(site))
        self._run(target, pipe is None)

    def is_live(self, site: int, visitor: str, now: float) -> bool:
        """Whether this shopper is on the site now."""
        until = self.store.zscore(self.keys.live(site), visitor)
        return until is not None and float(until) >= now

    def presence(self, site: int, visitor: str) -> Presence | None:
        """One shopper's presence (while it is kept), or None."""
        data = self.store.hgetall(self.keys.presence(site, visitor))
        return Presence.from_hash(visitor, data) if data else None

    def live_visitors(self, site: int, now: float) -> list[str]:
        return list(self.store.zrangebyscore(self.keys.live(site), now, "+inf"))

    def presences(self, site: int, now: float) -> list[Presence]:
        return [Presence.from_hash(v, data) for v, data in self._live_hashes(site, now)]

    def _live_hashes(self, site: int, now: float) -> list[tuple[str, dict[str, str]]]:
        """(visitor, stored fields) of every live shopper whose presence is kept."""
        visitors = self.live_visitors(site, now)
        pipe = self.store.pipeline(transaction=False)
        for visitor in visitors:
            pipe.hgetall(self.keys.presence(site, visitor))
        answers = pipe.execute()
        return [(v, data) for v, data in zip(visitors, answers, strict=True) if data]

    def active_sites(self, now: float) -> list[int]:
        """Sites with anyone live (or live in the last minute)."""
        return [int(s) for s in self.store.zrangebyscore(self.keys.sites(), now - 60, "+inf")]

    def last_events(self, sites: list[int]) -> dict[int, dict[str, Any] | None]:
        """Each site's latest event (``{"t": ts, "n": name, "u": path, ...}``, as the
        stream shows it), or None when none is kept: one round trip for all of them."""
        pipe = self.store.pipeline(transaction=False)
        for site in sites:
            pipe.lrange(self.keys.recent(site), 0, 0)
        answers = pipe.execute()
        return {site: json.loads(items[0]) if items else None
                for site, items in zip(sites, answers, strict=True)}

    def sweep(self, site: int, now: float) -> list[str]:
        """Forget shoppers whose time ran out; return who left."""
        gone = list(self.store.zrangebyscore(self.keys.live(site), "-inf", now))
        if gone:
            pipe = self.store.pipeline(transaction=False)
            pipe.zrem(self.keys.live(site), *gone)
            for visitor in gone:
                pipe.delete(self.keys.presence(site, visitor))
            counted.bump(pipe, self.keys.counted(site))
            pipe.execute()
        return gone

    # -- today's numbers --------------------------------------------------------------
    def count_event(self, site: int, name: str, now: float, recent: dict[str, Any] | None = None,
                    pipe: Pipeline | None = None) -> None:
        target = pipe if pipe is not None else self.batch()
        key = self.keys.events_per_minute(site, minute_of(now))
        target.hincrby(key, name, 1)
        target.expire(key, MINUTE_TTL)
        if recent is not None:
            target.lpush(self.keys.recent(site), json.dumps(recent, separators=(",", ":")))
            target.ltrim(self.keys.recent(site), 0, RECENT_EVENTS - 1)
        self._run(target, pipe is None)

    def add_engaged(self, site: int, seconds: float, now: float, timezone: str,
                    pipe: Pipeline | None = None) -> None:
        key = self.keys.engaged(site, local_day(now, timezone).isoformat())
        target = pipe if pipe is not None else self.batch()
        target.incrbyfloat(key, seconds)
        target.expire(key, DAY_TTL)
        self._run(target, pipe is None)

    def seed_engaged(self, site: int, seconds: float, now: float, timezone: str) -> None:
        """After a restart: today's engaged seconds from storage, unless already known."""
        key = self.keys.engaged(site, local_day(now, timezone).isoformat())
        self.store.set(key, repr(float(seconds)), nx=True, ex=DAY_TTL)

    def sample_concurrents(self, site: int, now: float, timezone: str) -> int:
        """Record how many are live now in this minute's and this month's maxima."""
        users = int(self.store.zcount(self.keys.live(site), now, "+inf"))
        minute = str(minute_of(now))
        day = local_day(now, timezone).isoformat()
        pipe = self.store.pipeline(transaction=False)
        pipe.zadd(self.keys.concurrents(site, day), {minute: users}, gt=True)
        pipe.expire(self.keys.concurrents(site, day), DAY_TTL)
        pipe.zadd(self.keys.peak(site, _month(now, timezone)), {minute: users}, gt=True)
        pipe.expire(self.keys.peak(site, _month(now, timezone)), 40 * 24 * 3600)
        pipe.execute()
        return users

    def seed_peak(self, site: int, value: int, at: float, now: float, timezone: str) -> None:
        """After a restart: this month's stored peak."""
        if value > 0:
            self.store.zadd(self.keys.peak(site, _month(now, timezone)),
                            {str(minute_of(at)): value}, gt=True)

    def month_peak(self, site: int, now: float, timezone: str) -> tuple[int, float] | None:
        top = self.store.zrevrange(self.keys.peak(site, _month(now, timezone)), 0, 0,
                                   withscores=True)
        if not top:
            return None
        minute, value = top[0]
        return int(value), float(minute)

    def month_low(self, site: int, now: float, timezone: str) -> int:
        low = self.store.zrange(self.keys.peak(site, _month(now, timezone)), 0, 0,
                                withscores=True)
        return int(low[0][1]) if low else 0

    # -- the snapshot -----------------------------------------------------------------
    def presences_version(self, site: int, now: float) -> str | None:
        """The version of the site's presences while the board's kept counts still hold
        at ``now`` (no write since, no shopper's time run out), else None: a figure
        computed from the live shoppers at this version holds as long as it does."""
        version, found = counted.kept(self.store, self.keys.counted(site), now)
        return version if found is not None else None

    def _counts(self, site: int, now: float, shoppers: int) -> dict[str, Any]:
        """The board's counts (:mod:`.counts`): kept ones while they hold, else counted
        from every live presence and kept."""
        version, found = counted.kept(self.store, self.keys.counted(site), now)
        if found is not None and found["n"] == shoppers:
            return found
        scored = self.store.zrangebyscore(self.keys.live(site), now, "+inf",
                                          withscores=True)
        pipe = self.store.pipeline(transaction=False)
        for visitor, _ in scored:
            pipe.hgetall(self.keys.presence(site, visitor))
        answers = pipe.execute()
        live = [(v, data) for (v, _), data in zip(scored, answers, strict=True) if data]
        found = counted.tally(live, shoppers)
        until = min((float(score) for _, score in scored), default=now + counted.KEPT_TTL)
        counted.keep(self.store, self.keys.counted(site),
                     {**found, "v": version, "n": shoppers, "from": now, "until": until})
        return found

    def snapshot(self, site: int, now: float, timezone: str, shoppers: int = 100
                 ) -> dict[str, Any]:
        """Everything the live board shows, computed from current state::

            {"users": 3, "devices": {"desktop": 2, "mobile": 1, "tablet": 0},
             "pages": [["/cart", 2], ...], "countries": [["FR", "France", 2], ...],
             "points": [[48.9, 2.3, 2], ...], "os": {...}, "browsers": {...},
             "visitors": {"new": 2, "returning": 1}, "referrers": [["google.com", 1]],
             "page_types": {"product": 2, "checkout": 1},
             "engaged_today": 421.0, "concurrents_today": [[minute, n], ...],
             "peak_month": {"value": 7, "at": ts, "low": 0},
             "events_per_minute": {"pageview": [[minute, n], ...]},
             "shoppers": [{...}, ...], "recent": [{...}, ...], "at": now}
        """
        board = self._counts(site, now, shoppers)

        day = local_day(now, timezone).isoformat()
        midnight = local_midnight(now, timezone)
        pipe = self.store.pipeline(transaction=False)
        pipe.get(self.keys.engaged(site, day))
        pipe.zrangebyscore(self.keys.concurrents(site, day), "-inf", "+inf", withscores=True)
        pipe.lrange(self.keys.recent(site), 0, 49)
        first_minute = minute_of(now) - 60 * (EVENT_MINUTES - 1)
        for minute in range(first_minute, minute_of(now) + 1, 60):
            pipe.hgetall(self.keys.events_per_minute(site, minute))
        engaged, conc, recent, *per_minute = pipe.execute()

        events: dict[str, list[list[int]]] = {}
        for index, counts in enumerate(per_minute):
            minute = first_minute + 60 * index
            for name, count in counts.items():
                events.setdefault(name, []).append([minute, int(count)])
        peak = self.month_peak(site, now, timezone)
        shown = [Presence.from_hash(v, data) for v, data in board.pop("shown")]
        for part in ("v", "n", "from", "until"):
            board.pop(part, None)
        return {
            "at": now,
            **board,
            "engaged_today": round(float(engaged or 0), 1),
            "concurrents_today": sorted(
                [int(m), int(n)] for m, n in conc if float(m) >= midnight
            ),
            "peak_month": {
                "value": peak[0] if peak else 0,
                "at": peak[1] if peak else None,
                "low": self.month_low(site, now, timezone),
            },
            "events_per_minute": events,
            "shoppers": [_shopper_row(site, p, now) for p in shown],
            "recent": [json.loads(item) for item in recent],
        }


def _shopper_row(site: int, p: Presence, now: float) -> dict[str, Any]:
    ref = visitor_hash(site, p.visitor)
    return {
        "id": p.visitor[:8],
        # The visitor hash, as alerts carry it: what admins address a shopper by
        # (messaging's ``chat_send``), never the visitor id itself.
        "ref": ref,
        "name": shopper_name(ref, now),  # as alerts and chats name them
        "url": p.url,
        "device": p.device,
        "os": p.os,
        "browser": p.browser,
        "country": p.country,
        "city": p.city,
        "returning": p.returning,
        "seconds": int(now - p.since) if p.since else 0,
        "cart": p.cart,
    }

