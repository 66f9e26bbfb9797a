"""How long each site keeps what it knows about its shoppers, and the hourly purge.

Four periods, in days, each within bounds:

* ``payment_errors`` (the log with shoppers' contact): 1 to 730, 90 by default;
* ``chats``: a conversation goes with its messages this long after its last message:
  1 to 730, 180 by default;
* ``alerts``: 1 to 730, 365 by default;
* recordings of what led to an alert (the live view's lead-ups): with their alert, and
  after 30 days at the latest;
* ``raw_events``: 1 up to the server's ``raw_event_retention_days`` (the operator's
  ceiling, and the default; with 0 the server keeps no raw event at all).

The purge runs on every worker's background loop once an hour (deleting twice is
harmless); the server-wide raw-event purge (:meth:`Tracking.purge_raw_events`) still
applies its ceiling to every site.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marshmallow import ValidationError, validate
from peewee import IntegrityError

from ..clock import utc
from ..commerce.models import Alert, PaymentError
from ..db import database
from ..feature import Feature
from ..messaging.models import Conversation, Message
from ..models import RawEvent, Site, utcnow
from ..validation import Schema, Whole
from ..watch.models import AlertRecording
from .models import Retention

KINDS = ("raw_events", "payment_errors", "chats", "alerts")
DEFAULTS = {"payment_errors": 90, "chats": 180, "alerts": 365}
MAX_DAYS = 730
PURGE_EVERY = 3600.0
# A recording of what led to an alert goes with its alert, and after 30 days at most.
RECORDING_DAYS = 30


class RetentionSchema(Schema):
    """``{"raw_events": 7 | null, "payment_errors": 90, "chats": 180, "alerts": 365}``
    (any of them; null raw events: the server's setting)."""

    raw_events = Whole(allow_none=True,
                                validate=validate.Range(1, MAX_DAYS))
    payment_errors = Whole(validate=validate.Range(1, MAX_DAYS))
    chats = Whole(validate=validate.Range(1, MAX_DAYS))
    alerts = Whole(validate=validate.Range(1, MAX_DAYS))


@dataclass(frozen=True)
class Periods:
    """A site's periods in days; ``raw_events`` None: the server's setting."""

    raw_events: int | None
    payment_errors: int
    chats: int
    alerts: int

    def as_json(self, server_raw_days: int) -> dict[str, Any]:
        return {"raw_events": self.raw_events, "payment_errors": self.payment_errors,
                "chats": self.chats, "alerts": self.alerts,
                "raw_events_ceiling": server_raw_days,
                "raw_events_effective": min(self.raw_events or server_raw_days,
                                            server_raw_days)}


def differences(before: Periods, after: Periods) -> dict[str, list[int | None]]:
    """``{"chats": [180, 60]}``: the periods a change moved, from and to (for the audit)."""
    return {kind: [getattr(before, kind), getattr(after, kind)] for kind in KINDS
            if getattr(before, kind) != getattr(after, kind)}


def periods(site_id: int) -> Periods:
    with database.connection_context():
        row = Retention.get_or_none(Retention.site == site_id)
    if row is None:
        return Periods(None, **DEFAULTS)
    return Periods(row.raw_events_days, row.payment_errors_days, row.chats_days,
                   row.alerts_days)


def change(site: Site, changes: dict[str, Any], server_raw_days: int) -> Periods:
    """Apply ``changes`` (loaded by :class:`RetentionSchema`); raw events may not be
    kept longer than the server does (``ValidationError`` naming the field)."""
    raw = changes.get("raw_events")
    if raw is not None and raw > server_raw_days:
        message = (f"at most {server_raw_days}, the server's setting" if server_raw_days
                   else "this server keeps no raw events")
        raise ValidationError({"raw_events": [message]})
    current = periods(site.id)
    values = {
        "raw_events_days": changes.get("raw_events", current.raw_events),
        "payment_errors_days": changes.get("payment_errors", current.payment_errors),
        "chats_days": changes.get("chats", current.chats),
        "alerts_days": changes.get("alerts", current.alerts),
    }
    with database.connection_context(), database.atomic():
        # Whether the site has its row, asked directly: MySQL counts an UPDATE that
        # changes nothing (the same periods again) as no row.
        if Retention.select().where(Retention.site == site.id).exists():
            Retention.update(**values, updated_at=utcnow()).where(
                Retention.site == site.id).execute()
        else:
            try:
                with database.atomic():
                    Retention.create(site=site.id, **values)
            except IntegrityError:  # created at the same moment by another request
                Retention.update(**values, updated_at=utcnow()).where(
                    Retention.site == site.id).execute()
    return periods(site.id)


def purge(now: float) -> dict[str, int]:
    """Delete, for every site, what is older than its periods; count per kind."""
    removed = dict.fromkeys(KINDS, 0)
    with database.connection_context():
        rows = list(Retention.select())
        custom = [row.site_id for row in rows]
        plans = [(row.site_id, row) for row in rows] + [(None, None)]
        for site_id, row in plans:
            scope = Site.id.not_in(custom or [0]) if site_id is None else Site.id == site_id
            days = DEFAULTS if row is None else {"payment_errors": row.payment_errors_days,
                                                 "chats": row.chats_days,
                                                 "alerts": row.alerts_days}
            sites = Site.select(Site.id).where(scope)
            removed["payment_errors"] += PaymentError.delete().where(
                PaymentError.site.in_(sites)
                & (PaymentError.created_at < _cutoff(now, days["payment_errors"]))).execute()
            old_alerts = Alert.select(Alert.id).where(
                Alert.site.in_(sites) & (Alert.created_at < _cutoff(now, days["alerts"])))
            AlertRecording.delete().where(
                AlertRecording.site.in_(sites)
                & (AlertRecording.alert.in_(old_alerts)
                   | (AlertRecording.created_at < _cutoff(now, RECORDING_DAYS)))).execute()
            removed["alerts"] += Alert.delete().where(
                Alert.site.in_(sites) & (Alert.created_at < _cutoff(now, days["alerts"]))
            ).execute()
            removed["chats"] += _purge_chats(sites, _cutoff(now, days["chats"]))
            if row is not None and row.raw_events_days:
                removed["raw_events"] += RawEvent.delete().where(
                    (RawEvent.site == site_id)
                    & (RawEvent.ts < int(now - row.raw_events_days * 86400))).execute()
    return removed


def _cutoff(now: float, days: int) -> Any:
    return utc(now - days * 86400).replace(microsecond=0)


def _purge_chats(sites: Any, cutoff: Any) -> int:
    old = [row.id for row in Conversation.select(Conversation.id).where(
        Conversation.site.in_(sites) & (Conversation.last_at < cutoff))]
    if not old:
        return 0
    with database.atomic():
        Message.delete().where(Message.conversation.in_(old)).execute()
        return int(Conversation.delete().where(Conversation.id.in_(old)).execute())


class HourlyPurge(Feature):
    """The retention purge, plugged into the background loop: :func:`purge` once an
    hour of the clock."""

    def __init__(self) -> None:
        self.last: float | None = None

    def tick(self, now: float) -> None:
        if self.last is not None and 0 <= now - self.last < PURGE_EVERY:
            return
        self.last = now
        purge(now)
