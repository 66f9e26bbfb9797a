"""The pipeline's figures for the health page, read from the registry ``/metrics`` serves.

The page and ``/metrics`` share one source: :func:`figures` reads the same counters and
gauges out of the app's Prometheus registry (:mod:`sitetracker.metrics`), and adds what
Prometheus would compute itself: the last minutes one by one (:class:`MinuteRing`, this
worker's counts per minute, at most :data:`MINUTES` of them), p95/p99 from the latency
histogram (as ``histogram_quantile`` does) and the latest server errors (at most
:data:`ERRORS`).

Each worker publishes its figures to the live store every few seconds
(:class:`WorkerFigures`), so the page of any worker shows every worker; with one worker
and no Redis the store is this process's memory and the page shows that worker alone.
"""

from __future__ import annotations

import json
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any, Protocol

from prometheus_client import CollectorRegistry

from .store_api import Hashes

MINUTES = 30
ERRORS = 20
PUBLISH_EVERY = 3.0
STALE_AFTER = 30.0  # a worker that published nothing for this long is gone


@dataclass
class Minute:
    """What one worker counted in one minute (Unix seconds at its start)."""

    minute: int
    received: int = 0
    kept: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    requests: int = 0

    def as_json(self) -> dict[str, Any]:
        return {"minute": self.minute, "received": self.received, "kept": self.kept,
                "dropped": dict(self.dropped), "requests": self.requests}


class MinuteRing:
    """This worker's last :data:`MINUTES` minutes, the oldest falling off the end."""

    def __init__(self) -> None:
        self._minutes: deque[Minute] = deque(maxlen=MINUTES)

    def at(self, now: float) -> Minute:
        minute = int(now // 60 * 60)
        if not self._minutes or self._minutes[-1].minute != minute:
            self._minutes.append(Minute(minute))
        return self._minutes[-1]

    def count_batch(self, now: float, received: int, kept: int,
                    dropped: Counter[str]) -> None:
        entry = self.at(now)
        entry.received += received
        entry.kept += kept
        entry.dropped.update(dropped)

    def count_request(self, now: float) -> None:
        self.at(now).requests += 1

    def as_json(self) -> list[dict[str, Any]]:
        """Oldest first."""
        return [m.as_json() for m in self._minutes]


class RecentErrors:
    """The latest server errors (5xx answers), newest last, at most :data:`ERRORS`."""

    def __init__(self) -> None:
        self._errors: deque[dict[str, Any]] = deque(maxlen=ERRORS)

    def add(self, at: float, method: str, route: str, status: int) -> None:
        self._errors.append({"at": at, "method": method, "route": route, "status": status})

    def as_json(self) -> list[dict[str, Any]]:
        return list(self._errors)


def samples(registry: CollectorRegistry) -> list[tuple[str, dict[str, str], float]]:
    """Every sample of the registry, as ``/metrics`` writes them."""
    return [(s.name, dict(s.labels), float(s.value))
            for family in registry.collect() for s in family.samples]


def bucket_quantile(buckets: list[tuple[float, float]], q: float) -> float | None:
    """The ``q`` quantile of a histogram's cumulative ``(upper bound, count)`` buckets,
    interpolated within its bucket as Prometheus' ``histogram_quantile``; None without
    observations."""
    buckets = sorted(buckets)
    if not buckets or buckets[-1][1] <= 0:
        return None
    rank = q * buckets[-1][1]
    lower, below = 0.0, 0.0
    for upper, count in buckets:
        if count >= rank:
            if upper == float("inf"):
                return lower
            inside = count - below
            return lower + (upper - lower) * ((rank - below) / inside if inside else 1.0)
        lower, below = upper, count
    return lower


def figures(registry: CollectorRegistry, ring: MinuteRing, errors: RecentErrors
            ) -> dict[str, Any]:
    """This worker's figures::

        {"received": 9, "kept": 6, "dropped": {"bot": 2, "foreign_page": 1, ...},
         "flush_lag": 0.4, "buffered": 3, "journal_backlog": 0,
         "shoppers": 2, "admins": 1, "requests": 40, "p95": 0.02, "p99": 0.09,
         "minutes": [{"minute": ..., "received": ..., "dropped": {...}}, ...],
         "errors": [{"at": ..., "method": "POST", "route": "/api/collect", "status": 503}]}
    """
    found: dict[str, Any] = {"received": 0, "kept": 0, "dropped": {}, "requests": 0}
    buckets: dict[float, float] = {}
    for name, labels, value in samples(registry):
        if name == "sitetracker_events_received_total":
            found["received"] = int(value)
        elif name == "sitetracker_events_kept_total":
            found["kept"] = int(value)
        elif name == "sitetracker_events_dropped_total":
            found["dropped"][labels["reason"]] = int(value)
        elif name == "sitetracker_flush_lag_seconds":
            found["flush_lag"] = round(value, 2)
        elif name == "sitetracker_buffered_items":
            found["buffered"] = int(value)
        elif name == "sitetracker_journal_backlog":
            found["journal_backlog"] = int(value)
        elif name == "sitetracker_connected_sockets":
            found["shoppers" if labels["kind"] == "shopper" else "admins"] = int(value)
        elif name == "sitetracker_request_duration_seconds_count":
            found["requests"] += int(value)
        elif name == "sitetracker_request_duration_seconds_bucket":
            bound = float(labels["le"])
            buckets[bound] = buckets.get(bound, 0.0) + value
    found["p95"] = bucket_quantile(list(buckets.items()), 0.95)
    found["p99"] = bucket_quantile(list(buckets.items()), 0.99)
    found["minutes"] = ring.as_json()
    found["errors"] = errors.as_json()
    return found


class FigureStore(Hashes, Protocol):
    """The live store commands the shared figures use."""


def figures_key(prefix: str) -> str:
    return f"{prefix}:health:workers"


class WorkerFigures:
    """Every worker's latest figures in one hash of the live store::

        <prefix>:health:workers   hash   worker id -> {"at": ts, ...figures} as JSON

    Entries older than :data:`STALE_AFTER` seconds are left out and deleted.
    """

    def __init__(self, store: FigureStore, prefix: str, worker: str) -> None:
        self.store = store
        self.key = figures_key(prefix)
        self.worker = worker
        self._published = float("-inf")

    def publish(self, found: dict[str, Any], now: float, force: bool = False) -> None:
        if not force and now - self._published < PUBLISH_EVERY:
            return
        self._published = now
        self.store.hset(self.key, mapping={self.worker: json.dumps({**found, "at": now})})

    def everyone(self, now: float) -> dict[str, dict[str, Any]]:
        """Worker id -> its figures, the workers seen within :data:`STALE_AFTER`."""
        shown, gone = {}, []
        for worker, text in self.store.hgetall(self.key).items():
            entry = json.loads(text)
            if now - float(entry.get("at", 0)) > STALE_AFTER:
                gone.append(worker)
            else:
                shown[worker] = entry
        if gone:
            self.store.hdel(self.key, *gone)
        return dict(sorted(shown.items()))


def combined(workers: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The installation's figures: counts summed over the workers, minute by minute."""
    total: dict[str, Any] = {"received": 0, "kept": 0, "dropped": Counter(), "requests": 0,
                             "shoppers": 0, "admins": 0, "journal_backlog": 0,
                             "buffered": 0, "flush_lag": 0.0}
    minutes: dict[int, dict[str, Any]] = {}
    errors: list[dict[str, Any]] = []
    for worker, found in workers.items():
        for name in ("received", "kept", "requests", "shoppers", "admins",
                     "journal_backlog", "buffered"):
            total[name] += found.get(name, 0)
        total["flush_lag"] = max(total["flush_lag"], found.get("flush_lag", 0.0))
        total["dropped"].update(found.get("dropped", {}))
        for entry in found.get("minutes", []):
            line = minutes.setdefault(entry["minute"], {"minute": entry["minute"],
                                                        "received": 0, "kept": 0,
                                                        "dropped": Counter(), "requests": 0})
            for name in ("received", "kept", "requests"):
                line[name] += entry[name]
            line["dropped"].update(entry["dropped"])
        errors.extend({**e, "worker": worker} for e in found.get("errors", []))
    total["dropped"] = dict(total["dropped"])
    total["minutes"] = [{**m, "dropped": dict(m["dropped"])}
                        for _, m in sorted(minutes.items(), reverse=True)]
    total["errors"] = sorted(errors, key=lambda e: e["at"], reverse=True)[:ERRORS]
    return total
