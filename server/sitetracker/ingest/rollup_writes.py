"""The writers of the rollups that need more than an insert: daily counters (added to),
visitors (with the day's sketch), and sessions (merged into the stored one, with the
counters the change adds). Each runs inside the buffer's transaction."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from peewee import MySQLDatabase

from ..db import database
from ..funnels.progress import progress
from ..models import DailyCount, DailySession, DailySketch, DailyVisitor, MonthlyCount
from ..storage.upsert import incoming, upsert
from . import sketch
from .sessions import SessionTouch, counts_added, merge


def write_counts(rows: list[dict[str, Any]]) -> None:
    upsert(DailyCount.insert_many(rows),
            [DailyCount.site, DailyCount.day, DailyCount.metric, DailyCount.key],
            {DailyCount.value: DailyCount.value + incoming(DailyCount.value)}).execute()
    for site, month in {(row["site"], str(row["day"])[:7]) for row in rows}:
        # A compacted month no longer holds once a day of it changes (reports/months.py).
        MonthlyCount.delete().where((MonthlyCount.site == site)
                                    & (MonthlyCount.month == month)).execute()


def _insert_visitors(rows: list[dict[str, Any]]) -> None:
    DailyVisitor.insert_many(rows).on_conflict_ignore().execute()


def write_sessions(rows: list[dict[str, Any]]) -> None:
    """Merge each session-day into the stored one, and add the difference it makes to
    the day's counters (:func:`.sessions.counts_added`), in the caller's transaction."""
    groups: dict[tuple[int, Any], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[(row["site"], row["day"])].append(row)
    for (site, day), group in groups.items():
        query = DailySession.select().where(
            (DailySession.site == site) & (DailySession.day == day)
            & DailySession.session.in_([row["session"] for row in group]))
        if isinstance(database.obj, MySQLDatabase):
            query = query.for_update()  # two workers flushing one session wait in turn
        stored = {row.session: _stored_touch(row) for row in query}
        added: Counter[tuple[str, str]] = Counter()
        merged = []
        for row in group:
            old = stored.get(row["session"])
            touch = SessionTouch.from_row(row)
            new = touch if old is None else merge(old, touch)
            added.update(counts_added(old, new))
            merged.append({"site": site, "day": day, "session": row["session"],
                           "started": new.started, "ended": new.ended,
                           "entry_page": new.entry[:300], "exit_page": new.exit[:300],
                           "pageviews": new.pageviews, "orders": new.orders,
                           "channel": new.channel})
        changed = [DailySession.started, DailySession.ended, DailySession.entry_page,
                   DailySession.exit_page, DailySession.pageviews, DailySession.orders,
                   DailySession.channel]
        upsert(DailySession.insert_many(merged),
               [DailySession.site, DailySession.day, DailySession.session],
               {field: incoming(field) for field in changed}).execute()
        added.update(progress(site, day, [(row["session"], SessionTouch.from_row(row))
                                          for row in group]))
        counts = [{"site": site, "day": day, "metric": metric, "key": key[:255],
                   "value": amount} for (metric, key), amount in added.items() if amount]
        if counts:
            write_counts(counts)


def _stored_touch(row: DailySession) -> SessionTouch:
    return SessionTouch(started=row.started, ended=row.ended, entry=row.entry_page,
                        exit=row.exit_page, pageviews=row.pageviews, orders=row.orders,
                        channel=row.channel)


def write_visitors(rows: list[dict[str, Any]]) -> None:
    """One row per visitor-day (the first one stays), and each visitor in the day's
    sketch (adding one twice changes nothing)."""
    _insert_visitors(rows)
    groups: dict[tuple[int, Any], list[str]] = defaultdict(list)
    for row in rows:
        groups[(row["site"], row["day"])].append(row["visitor"])
    for (site, day), hashes in groups.items():
        query = DailySketch.select().where((DailySketch.site == site) & (DailySketch.day == day))
        if isinstance(database.obj, MySQLDatabase):
            query = query.for_update()
        stored = query.first()
        registers = sketch.add(bytes(stored.registers) if stored else sketch.empty(), hashes)
        upsert(DailySketch.insert(site=site, day=day, registers=registers),
               [DailySketch.site, DailySketch.day],
               {DailySketch.registers: incoming(DailySketch.registers)}).execute()
