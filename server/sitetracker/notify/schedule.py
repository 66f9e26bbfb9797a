"""Scheduled reports: when each person's daily or weekly report of a site falls due,
queueing it once, and what a person chose.

A daily report covers yesterday and falls due at the chosen hour (08:00 unless told) of
the site's day; a weekly one covers last Monday to Sunday and falls due on Monday. Each
is queued as a delivery (channel ``report``) whose ``report`` names the period, unique
per person and site: however many senders look, and however often, it is stored once
and the queue's claims send it once. A report not sent at its hour (no worker was
running) is queued when one looks again the same day; the next day the next period is
due instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ..auth.access import at_least, site_role
from ..clock import zone
from ..db import database
from ..models import Site
from ..reports.periods import Period
from .models import Delivery, ReportChoice

log = logging.getLogger(__name__)
FREQUENCIES = {"daily": "Daily", "weekly": "Weekly"}
DEFAULT_HOUR = 8


@dataclass(frozen=True)
class Due:
    """A report that has fallen due: ``key`` as stored (``daily:2026-03-09``), the
    period it covers and when it fell due (Unix seconds)."""

    key: str
    period: Period
    at: float


def due(frequency: str, hour: int, timezone: str, now: float) -> Due | None:
    """The report of ``frequency`` due on ``now``'s day in ``timezone``, once ``hour``
    has come (None before it, and on other days than Monday for a weekly one)."""
    today = datetime.fromtimestamp(now, zone(timezone)).date()
    if frequency == "weekly" and today.weekday() != 0:
        return None
    at = datetime.combine(today, time(hour), zone(timezone)).timestamp()
    if now < at:
        return None
    days = 7 if frequency == "weekly" else 1
    period = Period(today - timedelta(days=days), today - timedelta(days=1))
    return Due(f"{frequency}:{period.start.isoformat()}", period, at)


def period_of(key: str) -> tuple[str, Period]:
    """A stored key back as its frequency and period: ``("weekly", Period(...))``."""
    frequency, _, start = key.partition(":")
    first = date.fromisoformat(start)
    return frequency, Period(first, first + timedelta(days=6 if frequency == "weekly" else 0))


def title(key: str) -> str:
    """``Daily report, 2026-03-09`` or ``Weekly report, 2026-03-02 to 2026-03-08``."""
    frequency, period = period_of(key)
    if period.days == 1:
        return f"{FREQUENCIES.get(frequency, frequency)} report, {period.start.isoformat()}"
    return (f"{FREQUENCIES.get(frequency, frequency)} report, {period.start.isoformat()} "
            f"to {period.end.isoformat()}")


def may_receive(user_id: int, site: Site) -> bool:
    """Whether the person may read the site's figures (a viewer or more; an operator
    without a role there sees no shopper data)."""
    return at_least(site_role(user_id, site), "viewer")


def queue_due(now: float) -> int:
    """Queue every report due now and not queued yet, for people who still see the
    site; how many were queued (by this call)."""
    with database.connection_context():
        found = _due_choices(now)
        if not found:
            return 0
        # Read through the unique index (its first column is the person).
        queued = {(d.user_id, d.site_id, d.report) for d in Delivery.select(
            Delivery.user, Delivery.site, Delivery.report).where(
            Delivery.user.in_(sorted({choice.user_id for choice, _ in found}))
            & Delivery.report.in_(sorted({when.key for _, when in found})))}
        added = 0
        for choice, when in found:
            if (choice.user_id, choice.site_id, when.key) in queued:
                continue
            if not may_receive(choice.user_id, choice.site):
                continue  # lost access: the choice stays, and sleeps
            # Another worker may have queued it since: the unique key keeps one.
            added += Delivery.insert(site=choice.site_id, user=choice.user_id,
                                     channel="report", report=when.key, due=now
                                     ).on_conflict_ignore().as_rowcount().execute()
        if added:
            log.info("queued %d scheduled reports", added)
        return added


def _due_choices(now: float) -> list[tuple[ReportChoice, Due]]:
    """Every choice (with its site) whose report is due now; one turned on after its
    report fell due waits for the next."""
    found = []
    for choice in ReportChoice.select(ReportChoice, Site).join(Site):
        when = due(choice.frequency, choice.hour, choice.site.timezone, now)
        if when is not None and choice.since <= when.at:
            found.append((choice, when))
    return found


def choices_of(user_id: int) -> dict[int, ReportChoice]:
    """The person's scheduled reports by site id."""
    with database.connection_context():
        return {c.site_id: c for c in ReportChoice.select().where(ReportChoice.user == user_id)}


def save(user_id: int, wanted: dict[int, tuple[str, int]], now: float) -> None:
    """Keep exactly the reports in ``wanted`` (site id: frequency, hour; ``off``
    removes one). One already on keeps its ``since``, so changing its hour later the
    same day does not send that day's report a second time, nor skip it."""
    with database.connection_context(), database.atomic():
        have = {c.site_id: c for c in ReportChoice.select().where(ReportChoice.user == user_id)}
        for site_id, choice in have.items():
            frequency, hour = wanted.get(site_id, ("off", DEFAULT_HOUR))
            if frequency not in FREQUENCIES:
                choice.delete_instance()
            elif (choice.frequency, choice.hour) != (frequency, hour):
                ReportChoice.update(frequency=frequency, hour=hour).where(
                    ReportChoice.id == choice.id).execute()
        for site_id, (frequency, hour) in wanted.items():
            if frequency in FREQUENCIES and site_id not in have:
                ReportChoice.create(user=user_id, site=site_id, frequency=frequency,
                                    hour=hour, since=now)
