"""The write buffer: rollups gathered in memory and written in one batch.

Ingestion only adds to counters here; :meth:`WriteBuffer.flush` writes them with
upserts (additive for counts, "keep the larger" for maxima), on a timer (every
``flush_interval`` seconds, 5 at most), when the buffer grows large, and at shutdown.
A crash loses at most the last interval:

* the buffer is bounded: past :data:`MAX_ITEMS` it spills to the journal at once;
* a batch the database does not take (unreachable, read-only, locked) goes to the
  journal (:mod:`sitetracker.storage.journal`) on local disk, replayed by the next
  flush that reaches the database, and at start after a crash;
* every batch carries an id stored with its rows, so a batch whose commit was lost in
  transit and journaled anyway is never counted twice;
* a row the database refuses for its content is set aside (``storage.rejects``) and the
  rest of its batch written: the chunk is written again row by row.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from threading import Lock
from typing import Any

from peewee import Case

from ..db import database
from ..models import (
    MinuteStat,
    MonthlyPeak,
    RawEvent,
)
from ..storage.failures import describe, refused_for_content
from ..storage.journal import Journal
from ..storage.models import JournalEntry
from ..storage.rejects import Rejects
from ..storage.status import StorageStatus
from ..storage.upsert import incoming, larger, upsert
from ..vitals.rollup import write_vitals
from .rollup_writes import write_counts, write_sessions, write_visitors
from .sessions import SessionTouch, merge

log = logging.getLogger(__name__)

FLUSH_WHEN_ITEMS = 5000
MAX_ITEMS = 50000  # past this the buffer spills to the journal without waiting
BATCH_ROWS = 200
Rows = dict[str, list[dict[str, Any]]]


@dataclass(frozen=True)
class VisitorRow:
    returning: bool
    device: str
    os: str
    browser: str
    country: str


class WriteBuffer:
    """Counters waiting to be written. Thread- and greenlet-safe."""

    def __init__(self, journal: Journal | None = None, rejects: Rejects | None = None,
                 status: StorageStatus | None = None) -> None:
        self.journal = journal or Journal(None)
        self.rejects = rejects or Rejects()
        self.status = status or StorageStatus()
        self._lock = Lock()
        # When the buffer was last written out or found empty (time.monotonic()): the
        # metrics' flush lag.
        self.flushed_at = time.monotonic()
        self._flushing = Lock()
        self._reset()

    def _reset(self) -> None:
        self.counts: defaultdict[tuple[int, date, str, str], float] = defaultdict(float)
        self.visitors: dict[tuple[int, date, str], VisitorRow] = {}
        self.sessions: dict[tuple[int, date, str], SessionTouch] = {}
        self.minutes: defaultdict[tuple[int, int, str], float] = defaultdict(float)
        self.concurrents: dict[tuple[int, int], int] = {}
        self.peaks: dict[tuple[int, str], tuple[int, int]] = {}
        # (site, day, metric, device, path, bucket): Web Vitals' histograms
        self.vitals: defaultdict[tuple[int, date, str, str, str, int], int] = defaultdict(int)
        self.raw: list[dict[str, Any]] = []

    def size(self) -> int:
        return (len(self.counts) + len(self.visitors) + len(self.sessions)
                + len(self.minutes) + len(self.vitals) + len(self.raw))

    # -- adding -----------------------------------------------------------------------
    def count(self, site: int, day: date, metric: str, key: str = "", amount: float = 1
              ) -> None:
        with self._lock:
            self.counts[(site, day, metric, key[:255])] += amount
        if len(self.counts) > MAX_ITEMS:
            self._bound()

    def visitor(self, site: int, day: date, visitor: str, row: VisitorRow) -> None:
        with self._lock:
            self.visitors.setdefault((site, day, visitor), row)

    def session(self, site: int, day: date, session: str, touch: SessionTouch) -> None:
        with self._lock:
            key = (site, day, session)
            seen = self.sessions.get(key)
            self.sessions[key] = touch if seen is None else merge(seen, touch)

    def minute(self, site: int, minute: int, field: str, amount: float) -> None:
        with self._lock:
            self.minutes[(site, minute, field)] += amount

    def vital(self, site: int, day: date, metric: str, device: str, path: str, bucket: int
              ) -> None:
        with self._lock:
            self.vitals[(site, day, metric, device, path, bucket)] += 1

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
        self._bound()

    def _bound(self) -> None:
        """Past the bound, the batch goes to the journal now (never to the database
        from a request: that could wait)."""
        if self.size() > MAX_ITEMS:
            batch = self._take()
            if not self.journal.append(_entry(batch)):
                self._give_back(batch)

    # -- writing ----------------------------------------------------------------------
    def _take(self) -> WriteBuffer:
        taken = WriteBuffer(rejects=self.rejects)
        with self._lock:
            for name in ("counts", "visitors", "sessions", "minutes", "concurrents", "peaks",
                         "vitals", "raw"):
                setattr(taken, name, getattr(self, name))
            self._reset()
        return taken

    def _give_back(self, batch: WriteBuffer) -> None:
        with self._lock:
            for count_key, amount in batch.counts.items():
                self.counts[count_key] += amount
            for key, row in batch.visitors.items():
                self.visitors.setdefault(key, row)
            for session_key, touch in batch.sessions.items():
                seen = self.sessions.get(session_key)
                self.sessions[session_key] = touch if seen is None else merge(touch, seen)
            for minute_key, amount in batch.minutes.items():
                self.minutes[minute_key] += amount
            for at, users in batch.concurrents.items():
                self.concurrents[at] = max(users, self.concurrents.get(at, 0))
            for month_key, peak in batch.peaks.items():
                if month_key not in self.peaks or peak[0] > self.peaks[month_key][0]:
                    self.peaks[month_key] = peak
            for vital_key, count in batch.vitals.items():
                self.vitals[vital_key] += count
            self.raw[:0] = batch.raw

    def flush(self) -> int:
        """Replay the journal, then write everything buffered; return the number of rows
        written (0 if nothing, or if the database did not take them: then they are in
        the journal)."""
        with self._flushing:
            written = self._replay()
            if written < 0:  # the database is still away: the batch joins the journal
                self._journal(self._take())
                return 0
            batch = self._take()
            if not batch.size() and not batch.concurrents:
                self.flushed_at = time.monotonic()
                return written
            entry = uuid.uuid4().hex
            try:
                with database.connection_context(), database.atomic():
                    written += _write(batch)
                    JournalEntry.insert(entry=entry, replayed_at=int(time.time())).execute()
            except Exception as exc:
                log.warning("flush failed (%s); %d items go to the journal", describe(exc),
                            batch.size())
                self.status.failed(describe(exc))
                self._journal(batch, entry)
                return 0
            self.status.succeeded()
            self.flushed_at = time.monotonic()
            return written

    def _journal(self, batch: WriteBuffer, entry: str | None = None) -> None:
        if not batch.size() and not batch.concurrents:
            return
        if not self.journal.append(_entry(batch, entry)):
            self._give_back(batch)  # the disk refused too: keep it in memory

    def _replay(self) -> int:
        """Write the journal's entries, each once; -1 if the database is away."""
        entries = self.journal.entries()
        if not entries:
            return 0
        written, done = 0, set()
        try:
            for item in entries:
                with database.connection_context(), database.atomic():
                    if JournalEntry.get_or_none(JournalEntry.entry == item["id"]) is None:
                        written += _write_rows(item["rows"], self.rejects)
                        JournalEntry.insert(entry=item["id"],
                                            replayed_at=int(time.time())).execute()
                done.add(item["id"])
        except Exception as exc:
            log.warning("journal replay stopped (%s); %d entries wait", describe(exc),
                        len(entries) - len(done))
            self.status.failed(describe(exc))
            self.journal.drop(done)
            return -1
        self.journal.drop(done)
        log.info("replayed %d journal entries (%d rows)", len(done), written)
        return written


def _entry(batch: WriteBuffer, entry: str | None = None) -> dict[str, Any]:
    return {"id": entry or uuid.uuid4().hex, "at": time.time(), "rows": _rows(batch)}


def purge_replayed(older_than_days: int = 3) -> int:
    """Forget batch ids older than any journal could hold; return how many."""
    cutoff = int(time.time()) - older_than_days * 86400
    with database.connection_context():
        return int(JournalEntry.delete().where(JournalEntry.replayed_at < cutoff).execute())


def _chunks(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [rows[i: i + BATCH_ROWS] for i in range(0, len(rows), BATCH_ROWS)]


def _rows(batch: WriteBuffer) -> Rows:
    """The batch as rows per table, as they are written (and journaled)."""
    minutes: dict[tuple[int, int], dict[str, Any]] = {}

    def minute_row(site: int, minute: int) -> dict[str, Any]:
        return minutes.setdefault((site, minute), {"site": site, "minute": minute,
                                                   "concurrents": 0, "engaged": 0.0,
                                                   "pageviews": 0})

    for (site, minute, field), amount in batch.minutes.items():
        minute_row(site, minute)[field] += amount
    for (site, minute), users in batch.concurrents.items():
        minute_row(site, minute)["concurrents"] = users
    raw = []
    for row in batch.raw:
        if isinstance(row.get("props"), dict):
            row = {**row, "props": json.dumps(row["props"], separators=(",", ":"))[:4000]}
        raw.append(row)
    return {
        "counts": [{"site": s, "day": d, "metric": m, "key": k, "value": v}
                   for (s, d, m, k), v in batch.counts.items()],
        "visitors": [{"site": s, "day": d, "visitor": v, "returning": r.returning,
                      "device": r.device, "os": r.os, "browser": r.browser,
                      "country": r.country} for (s, d, v), r in batch.visitors.items()],
        "sessions": [{"site": s, "day": d, "session": x, **t.as_row()}
                     for (s, d, x), t in batch.sessions.items()],
        "minutes": list(minutes.values()),
        "peaks": [{"site": s, "month": m, "peak": p, "at": a}
                  for (s, m), (p, a) in batch.peaks.items()],
        "vitals": [{"site": s, "day": d, "metric": m, "device": v, "path": p, "bucket": b,
                    "count": c} for (s, d, m, v, p, b), c in batch.vitals.items()],
        "raw": raw,
    }


def _write_minutes(rows: list[dict[str, Any]]) -> None:
    upsert(MinuteStat.insert_many(rows), [MinuteStat.site, MinuteStat.minute], {
        MinuteStat.concurrents: larger(MinuteStat.concurrents),
        MinuteStat.engaged: MinuteStat.engaged + incoming(MinuteStat.engaged),
        MinuteStat.pageviews: MinuteStat.pageviews + incoming(MinuteStat.pageviews),
    }).execute()


def _write_peaks(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        # ``at`` before ``peak``: MySQL applies assignments left to right.
        upsert(MonthlyPeak.insert(**row), [MonthlyPeak.site, MonthlyPeak.month], {
            MonthlyPeak.at: Case(None, [(incoming(MonthlyPeak.peak) > MonthlyPeak.peak,
                                         incoming(MonthlyPeak.at))], MonthlyPeak.at),
            MonthlyPeak.peak: larger(MonthlyPeak.peak),
        }).execute()


def _write_vitals(rows: list[dict[str, Any]]) -> None:
    write_vitals(rows, upsert, incoming)


def _write_raw(rows: list[dict[str, Any]]) -> None:
    RawEvent.insert_many(rows).execute()


WRITERS: dict[str, Callable[[list[dict[str, Any]]], None]] = {
    "counts": write_counts, "visitors": write_visitors, "sessions": write_sessions,
    "minutes": _write_minutes, "peaks": _write_peaks, "vitals": _write_vitals,
    "raw": _write_raw,
}


def _write_rows(rows: Rows, rejects: Rejects) -> int:
    """Write every row, in chunks; a chunk the database refuses for its content is
    written again row by row, and the rows refused alone are set aside. Any other
    failure goes up (the caller's transaction then stores nothing)."""
    written = 0
    for kind, writer in WRITERS.items():
        for chunk in _chunks(rows.get(kind, [])):
            try:
                with database.atomic():
                    writer(chunk)
                written += len(chunk)
                continue
            except Exception as exc:
                if not refused_for_content(exc):
                    raise
            for row in chunk:
                try:
                    with database.atomic():
                        writer([row])
                    written += 1
                except Exception as exc:
                    if not refused_for_content(exc):
                        raise
                    rejects.set_aside(kind, row, exc)
    return written


def _write(batch: WriteBuffer) -> int:
    return _write_rows(_rows(batch), batch.rejects)


def add_counts(counts: dict[tuple[int, date, str, str], float]) -> int:
    """Add to daily counters now, in the open transaction (what must not wait in the
    buffer, such as a sale); return the number of rows."""
    rows = [{"site": s, "day": d, "metric": m, "key": k[:255], "value": v}
            for (s, d, m, k), v in counts.items()]
    for chunk in _chunks(rows):
        write_counts(chunk)
    return len(rows)


def add_count(site: int, day: date, metric: str, key: str, amount: float) -> None:
    """Add to one daily count now (inside the caller's transaction): for counts that
    are stored with what they count rather than buffered (a sale)."""
    write_counts([{"site": site, "day": day, "metric": metric, "key": key[:255],
                    "value": amount}])
