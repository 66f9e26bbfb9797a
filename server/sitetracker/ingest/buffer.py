"""The write buffer: rollups gathered in memory and written in one batch.

Ingestion only adds to counters here; :meth:`WriteBuffer.flush` writes them with
upserts (additive for counts, "keep the larger" for maxima), on a timer (every
``flush_interval`` seconds, 5 at most), when the buffer grows large, and at shutdown.
A crash loses at most the last interval. If the database is unreachable the batch is
kept and retried at the next flush.
"""

from __future__ import annotations

import json
import logging
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from threading import Lock
from typing import Any

from peewee import EXCLUDED, Case, MySQLDatabase, fn

from ..db import database
from ..models import (
    DailyCount,
    DailySession,
    DailyVisitor,
    MinuteStat,
    MonthlyPeak,
    RawEvent,
)

log = logging.getLogger(__name__)

FLUSH_WHEN_ITEMS = 5000
BATCH_ROWS = 200


@dataclass(frozen=True)
class VisitorRow:
    returning: bool
    device: str
    os: str
    browser: str
    country: str


class WriteBuffer:
    """Counters waiting to be written. Thread- and greenlet-safe."""

    def __init__(self) -> None:
        self._lock = Lock()
        # When the buffer was last written out or found empty (time.monotonic()): the
        # metrics' flush lag.
        self.flushed_at = time.monotonic()
        self._reset()

    def _reset(self) -> None:
        self.counts: defaultdict[tuple[int, date, str, str], float] = defaultdict(float)
        self.visitors: dict[tuple[int, date, str], VisitorRow] = {}
        self.sessions: set[tuple[int, date, str]] = set()
        self.minutes: defaultdict[tuple[int, int, str], float] = defaultdict(float)
        self.concurrents: dict[tuple[int, int], int] = {}
        self.peaks: dict[tuple[int, str], tuple[int, int]] = {}
        self.raw: list[dict[str, Any]] = []

    def size(self) -> int:
        return (len(self.counts) + len(self.visitors) + len(self.sessions)
                + len(self.minutes) + len(self.raw))

    # -- adding -----------------------------------------------------------------------
    def count(self, site: int, day: date, metric: str, key: str = "", amount: float = 1
              ) -> None:
        with self._lock:
            self.counts[(site, day, metric, key[:255])] += amount

    def visitor(self, site: int, day: date, visitor: str, row: VisitorRow) -> None:
        with self._lock:
            self.visitors.setdefault((site, day, visitor), row)

    def session(self, site: int, day: date, session: str) -> None:
        with self._lock:
            self.sessions.add((site, day, session))

    def minute(self, site: int, minute: int, field: str, amount: float) -> None:
        with self._lock:
            self.minutes[(site, minute, field)] += amount

    def concurrent(self, site: int, minute: int, users: int, month: str) -> None:
        with self._lock:
            at = (site, minute)
            self.concurrents[at] = max(users, self.concurrents.get(at, 0))
            peak = self.peaks.get((site, month))
            if peak is None or users > peak[0]:
                self.peaks[(site, month)] = (users, minute)

    def raw_event(self, row: dict[str, Any]) -> None:
        with self._lock:
            self.raw.append(row)

    # -- writing ----------------------------------------------------------------------
    def _take(self) -> WriteBuffer:
        taken = WriteBuffer()
        with self._lock:
            for name in ("counts", "visitors", "sessions", "minutes", "concurrents", "peaks",
                         "raw"):
                setattr(taken, name, getattr(self, name))
            self._reset()
        return taken

    def _give_back(self, batch: WriteBuffer) -> None:
        with self._lock:
            for count_key, amount in batch.counts.items():
                self.counts[count_key] += amount
            for key, row in batch.visitors.items():
                self.visitors.setdefault(key, row)
            self.sessions |= batch.sessions
            for minute_key, amount in batch.minutes.items():
                self.minutes[minute_key] += amount
            for at, users in batch.concurrents.items():
                self.concurrents[at] = max(users, self.concurrents.get(at, 0))
            for month_key, peak in batch.peaks.items():
                if month_key not in self.peaks or peak[0] > self.peaks[month_key][0]:
                    self.peaks[month_key] = peak
            self.raw[:0] = batch.raw

    def flush(self) -> int:
        """Write everything buffered; return the number of rows written (0 if empty)."""
        batch = self._take()
        if not batch.size() and not batch.concurrents:
            self.flushed_at = time.monotonic()
            return 0
        try:
            with database.connection_context(), database.atomic():
                written = _write(batch)
        except Exception:
            log.exception("flush failed; keeping %d items for the next try", batch.size())
            self._give_back(batch)
            return 0
        self.flushed_at = time.monotonic()
        return written


def _chunks(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [rows[i: i + BATCH_ROWS] for i in range(0, len(rows), BATCH_ROWS)]


def _upsert(query: Any, target: list[Any], update: dict[Any, Any]) -> Any:
    """ON CONFLICT (SQLite) or ON DUPLICATE KEY (MySQL) UPDATE."""
    if isinstance(database.obj, MySQLDatabase):
        return query.on_conflict(update=update)
    return query.on_conflict(conflict_target=target, update=update)


def _incoming(field: Any) -> Any:
    """The value the insert tried to write, in an upsert's update."""
    if isinstance(database.obj, MySQLDatabase):
        return fn.VALUES(field)
    return getattr(EXCLUDED, field.column_name)


def _larger(field: Any) -> Any:
    """``max(stored, incoming)`` that reads the same on SQLite and MySQL."""
    incoming = _incoming(field)
    return Case(None, [(incoming > field, incoming)], field)


def add_counts(counts: dict[tuple[int, date, str, str], float]) -> int:
    """Add to daily counters now, in the open transaction (what must not wait in the
    buffer, such as a sale); return the number of rows."""
    rows = [{"site": s, "day": d, "metric": m, "key": k[:255], "value": v}
            for (s, d, m, k), v in counts.items()]
    for chunk in _chunks(rows):
        _upsert(DailyCount.insert_many(chunk),
                [DailyCount.site, DailyCount.day, DailyCount.metric, DailyCount.key],
                {DailyCount.value: DailyCount.value + _incoming(DailyCount.value)}).execute()
    return len(rows)


def _write(batch: WriteBuffer) -> int:
    written = add_counts(batch.counts)

    rows = [{"site": s, "day": d, "visitor": v, "returning": r.returning, "device": r.device,
             "os": r.os, "browser": r.browser, "country": r.country}
            for (s, d, v), r in batch.visitors.items()]
    for chunk in _chunks(rows):
        DailyVisitor.insert_many(chunk).on_conflict_ignore().execute()
    written += len(rows)

    rows = [{"site": s, "day": d, "session": x} for (s, d, x) in batch.sessions]
    for chunk in _chunks(rows):
        DailySession.insert_many(chunk).on_conflict_ignore().execute()
    written += len(rows)

    minutes: dict[tuple[int, int], dict[str, Any]] = {}
    for (site, minute, field), amount in batch.minutes.items():
        row = minutes.setdefault((site, minute), {"site": site, "minute": minute,
                                                  "concurrents": 0, "engaged": 0.0,
                                                  "pageviews": 0})
        row[field] += amount
    for (site, minute), users in batch.concurrents.items():
        row = minutes.setdefault((site, minute), {"site": site, "minute": minute,
                                                  "concurrents": 0, "engaged": 0.0,
                                                  "pageviews": 0})
        row["concurrents"] = users
    for chunk in _chunks(list(minutes.values())):
        _upsert(MinuteStat.insert_many(chunk), [MinuteStat.site, MinuteStat.minute], {
            MinuteStat.concurrents: _larger(MinuteStat.concurrents),
            MinuteStat.engaged: MinuteStat.engaged + _incoming(MinuteStat.engaged),
            MinuteStat.pageviews: MinuteStat.pageviews + _incoming(MinuteStat.pageviews),
        }).execute()
    written += len(minutes)

    for (site, month), (peak, at) in batch.peaks.items():
        # ``at`` before ``peak``: MySQL applies assignments left to right.
        _upsert(MonthlyPeak.insert(site=site, month=month, peak=peak, at=at),
                [MonthlyPeak.site, MonthlyPeak.month], {
                    MonthlyPeak.at: Case(None, [(_incoming(MonthlyPeak.peak) > MonthlyPeak.peak,
                                                 _incoming(MonthlyPeak.at))], MonthlyPeak.at),
                    MonthlyPeak.peak: _larger(MonthlyPeak.peak),
                }).execute()
        written += 1

    for chunk in _chunks(batch.raw):
        for row in chunk:
            if isinstance(row.get("props"), dict):
                row["props"] = json.dumps(row["props"], separators=(",", ":"))[:4000]
        RawEvent.insert_many(chunk).execute()
    written += len(batch.raw)
    return written
