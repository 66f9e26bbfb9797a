"""Broadcasts: one message to every live shopper of a site, or to those matching filters
(a path pattern, a device, a country), now or at a set time, until it expires.

A broadcast is stored first. When it starts it goes to the matching shoppers live at
that moment (their live presence says where they are); shoppers who arrive while it is
active get it when their page connects (and, for path filters, when their page view
matches). A scheduled broadcast is announced by the background loop of whichever worker
claims it first in the live store, so it goes out once however many workers run.
Shoppers' pages hide it at its expiry, or when they dismiss it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from peewee import InterfaceError, OperationalError

from .. import audit
from ..db import database
from ..domain import Event, SiteInfo, Visit, Write, visitor_hash
from ..live.connections import Connection
from ..live.refused import Refused, too_many
from ..patterns import path_matches
from ..storage.failures import StorageUnavailable
from .models import Broadcast, stored, unix
from .schemas import check_schedule
from .state import MessagingState

if TYPE_CHECKING:
    from ..commerce.rescues import Rescues
    from ..tracking import Tracking

log = logging.getLogger(__name__)
ADMIN_BROADCASTS = (5, 60.0)  # per admin: 5 broadcasts a minute
RECHECK = 1.0  # seconds a worker trusts its copy of a site's broadcasts
DUE_REFRESH = 10.0  # seconds between two reads of the scheduled broadcasts
# Above this many shoppers, a broadcast sent now goes out from a background task, so
# the admin's answer does not wait behind thousands of sockets' sends.
FANOUT_IN_BACKGROUND = 1000


@dataclass(frozen=True)
class Active:
    """A broadcast not cancelled nor expired, as each worker keeps it in memory."""

    id: int
    text: str
    path: str
    device: str
    country: str
    starts: float
    expires: float

    @classmethod
    def of(cls, row: Broadcast) -> Active:
        return cls(row.id, row.text, row.path_pattern, row.device, row.country,
                   float(unix(row.starts_at) or 0), float(unix(row.expires_at) or 0))

    def running(self, now: float) -> bool:
        return self.starts <= now < self.expires

    def matches(self, device: str, country: str, path: str | None) -> bool:
        """Whether a shopper on ``path`` (None: not known) with this device and country is
        in the audience."""
        if self.device and device != self.device:
            return False
        if self.country and country != self.country:
            return False
        if self.path:
            return path is not None and path_matches(self.path, path)
        return True

    def payload(self, now: float) -> dict[str, Any]:
        """What a shopper's page gets: ``{"id", "text", "expires", "ttl", "path"}``;
        ``ttl`` is the seconds left (pages go by it, not by their own clock)."""
        return {"id": self.id, "text": self.text, "expires": int(self.expires),
                "ttl": max(int(self.expires - now), 1), "path": self.path}


def broadcast_json(row: Broadcast, now: float) -> dict[str, Any]:
    """A broadcast as admins see it::

        {"id": 3, "text": "...", "filters": {"path": "/products/*", "device": "",
         "country": "FR"}, "starts_at": ts, "expires_at": ts, "created_by": "alice",
         "sent_at": ts, "reached": 12, "state": "active"}

    ``state``: scheduled, active, expired or cancelled.
    """
    starts, expires = unix(row.starts_at) or 0, unix(row.expires_at) or 0
    if row.cancelled_at is not None:
        state = "cancelled"
    elif now >= expires:
        state = "expired"
    elif now < starts:
        state = "scheduled"
    else:
        state = "active"
    return {"id": row.id, "text": row.text,
            "filters": {"path": row.path_pattern, "device": row.device,
                        "country": row.country},
            "starts_at": starts, "expires_at": expires, "created_by": row.created_by or None,
            "sent_at": unix(row.sent_at), "reached": row.reached, "state": state}


class Broadcasts:
    def __init__(self, tracking: Tracking, state: MessagingState,
                 rescues: Rescues | None = None) -> None:
        self.tracking = tracking
        self.state = state
        self.rescues = rescues  # commerce's, when installed: reaching a shopper helps
        # site -> (version in the store, when checked, the site's current broadcasts)
        self._sites: dict[int, tuple[str, float, list[Active]]] = {}
        # broadcast id -> (site, start) of those not sent yet
        self._due: dict[int, tuple[int, float]] = {}
        self._due_read_at: float | None = None

    # -- admins -----------------------------------------------------------------------
    def create(self, site: SiteInfo, data: dict[str, Any], author: str) -> dict[str, Any]:
        """Store a broadcast (``data`` loaded by :class:`.schemas.BroadcastSchema`), then
        send it now or schedule it. Raises ValidationError for a bad schedule."""
        now = self.tracking.clock.now()
        start, expiry = check_schedule(data, now)
        wait = self.state.allow("broadcast", f"{site.id}:{author}", *ADMIN_BROADCASTS, now)
        if wait:
            raise too_many(wait, "broadcasts")
        fields: dict[str, Any] = dict(
            site=site.id, text=data["text"], path_pattern=data.get("path", ""),
            device=data.get("device", ""), country=data.get("country", ""),
            starts_at=stored(start), expires_at=stored(expiry),
            created_by=author[:120], created_at=stored(now))
        rows: list[Broadcast] = []
        self.tracking.write_path.commit([Write(
            "broadcast", lambda: rows.append(Broadcast.create(**fields)), fields)])
        row = rows[0]
        audit.record(author, site, "broadcast_sent", {
            "broadcast": row.id, "text": row.text, "path": row.path_pattern,
            "device": row.device, "country": row.country, "starts_at": unix(row.starts_at)})
        self._changed(site.id)
        if start <= now and self.state.claim_announcement(row.id, self.tracking.worker,
                                                          expiry - now):
            visitors = self.audience(site, row, now)
            if len(visitors) > FANOUT_IN_BACKGROUND:
                self._announce_later(site, row, now, visitors)
            else:
                self.announce(site, row, now, visitors)
        else:
            self._due[row.id] = (site.id, start)
            self.emit_list(site, now)
        return broadcast_json(row, now)

    def cancel(self, site: SiteInfo, broadcast_id: int, by: str) -> dict[str, Any]:
        """Stop a broadcast: scheduled ones never go out, active ones leave pages."""
        now = self.tracking.clock.now()
        with database.connection_context():
            row = Broadcast.get_or_none((Broadcast.id == broadcast_id)
                                        & (Broadcast.site == site.id))
            if row is None:
                raise Refused(404, "no such broadcast", {"id": "not a broadcast of this site"})
            if row.cancelled_at is None:
                row.cancelled_at = stored(now)
                row.save(only=[Broadcast.cancelled_at])
                audit.record(by, site, "broadcast_cancelled", {"broadcast": row.id})
        self._due.pop(row.id, None)
        self._changed(site.id)
        self.tracking.emitter.to_shoppers(site, "broadcast_end", {"id": row.id})
        self.emit_list(site, now)
        return broadcast_json(row, now)

    def listing(self, site: SiteInfo, recent: int = 0) -> list[dict[str, Any]]:
        """The site's active and scheduled broadcasts, by start; with ``recent``, also
        that many of the latest ended or cancelled ones after them."""
        now = self.tracking.clock.now()
        with database.connection_context():
            current = list(Broadcast.select().where(
                (Broadcast.site == site.id) & Broadcast.cancelled_at.is_null()
                & (Broadcast.expires_at > stored(now))).order_by(Broadcast.starts_at))
            ended: list[Broadcast] = []
            if recent:
                ended = list(Broadcast.select().where(
                    (Broadcast.site == site.id)
                    & (Broadcast.cancelled_at.is_null(False)
                       | (Broadcast.expires_at <= stored(now))))
                    .order_by(Broadcast.id.desc()).limit(recent))
        return [broadcast_json(row, now) for row in current + ended]

    def emit_list(self, site: SiteInfo, now: float) -> None:
        self.tracking.emitter.to_admins(site, "broadcasts", {"broadcasts": self.listing(site)})

    # -- sending ----------------------------------------------------------------------
    def audience(self, site: SiteInfo, row: Broadcast, now: float) -> list[str]:
        """The live shoppers the broadcast reaches now (those its filters match)."""
        active = Active.of(row)
        live = self.tracking.live
        if active.path or active.device or active.country:
            return [p.visitor for p in live.presences(site.id, now)
                    if active.matches(p.device, p.country, p.url)]
        return live.live_visitors(site.id, now)

    def announce(self, site: SiteInfo, row: Broadcast, now: float,
                 visitors: list[str] | None = None) -> None:
        """Send a broadcast that starts now to the matching shoppers live now (or
        ``visitors``, found by :meth:`audience`), then tell the admins
        (``broadcast_sent`` marks the board's time graphs). It is noted as sent first
        (one row); noting whom it helped (many) waits until the shoppers have it."""
        active = Active.of(row)
        emitter = self.tracking.emitter
        if visitors is None:
            visitors = self.audience(site, row, now)
        row.sent_at = stored(now)
        row.reached = len(visitors)
        try:
            with database.connection_context():
                row.save(only=[Broadcast.sent_at, Broadcast.reached])
        except (OperationalError, InterfaceError):
            # Stored already, and claimed by this worker: it goes out all the same.
            log.warning("could not note that broadcast %s went out", row.id)
        self._changed(site.id)
        if active.path or active.device or active.country:
            emitter.to_visitors(site, visitors, "broadcast", active.payload(now))
        else:
            emitter.to_shoppers(site, "broadcast", active.payload(now))
        self._helped(site, visitors, now)
        emitter.to_admins(site, "broadcast_sent", {
            "id": row.id, "text": row.text, "at": int(now), "expires": int(active.expires),
            "filters": {"path": active.path, "device": active.device,
                        "country": active.country},
            "reached": len(visitors)})
        self.emit_list(site, now)

    def _announce_later(self, site: SiteInfo, row: Broadcast, now: float,
                        visitors: list[str]) -> None:
        """:meth:`announce` from a background task: the admin's answer goes first."""

        def job() -> None:
            try:
                self.announce(site, row, now, visitors)
            except Exception:
                log.exception("broadcast %s could not go out", row.id)

        self.tracking.socketio.start_background_task(job)

    def _helped(self, site: SiteInfo, visitors: list[str], now: float) -> None:
        """The shoppers it reaches were helped: an emergency of theirs that ends in a
        purchase is a rescue. (Not stored: the broadcast goes out all the same.)"""
        if self.rescues is None or not visitors:
            return
        refs = [visitor_hash(site.id, v) for v in visitors]
        try:
            self.tracking.write_path.commit([self.rescues.helped(site, refs, "broadcast", now)])
        except StorageUnavailable:
            log.warning("could not note that broadcast reached %s shoppers", len(refs))

    def current(self, site_id: int, now: float) -> list[Active]:
        """The site's broadcasts running now (a copy checked against the store's version
        at most every ``RECHECK`` seconds)."""
        checked = time.monotonic()
        cached = self._sites.get(site_id)
        if cached is None or not 0 <= checked - cached[1] < RECHECK:
            version = self.state.broadcasts_version(site_id)
            if cached is None or cached[0] != version:
                with database.connection_context():
                    rows = Broadcast.select().where(
                        (Broadcast.site == site_id) & Broadcast.cancelled_at.is_null()
                        & (Broadcast.expires_at > stored(now)))
                    found = [Active.of(row) for row in rows]
            else:
                found = cached[2]
            if len(self._sites) > 10000:
                self._sites.clear()
            cached = self._sites[site_id] = (version, checked, found)
        return [b for b in cached[2] if b.running(now)]

    def _changed(self, site_id: int) -> None:
        self.state.broadcasts_changed(site_id)
        self._sites.pop(site_id, None)

    def shopper_connected(self, conn: Connection, sid: str) -> None:
        """A page connected: the broadcasts running now that are meant for this shopper
        (path filters against the page the live state knows, if any)."""
        visit = conn.visit
        if visit is None:
            return
        now = self.tracking.clock.now()
        running = self.current(conn.site.id, now)
        if not running:
            return
        presence = self.tracking.live.presence(conn.site.id, visit.visitor)
        path = presence.url if presence is not None and presence.url else None
        dismissed = self.state.dismissed(conn.site.id, visit.visitor)
        for active in running:
            if active.id not in dismissed and active.matches(
                    visit.platform.device, visit.location.country, path):
                self.tracking.emitter.to_sid(conn.site, sid, "broadcast", active.payload(now))

    def on_event(self, visit: Visit, event: Event, now: float) -> None:
        """The pipeline reaction: a page view matching a running path-filtered broadcast
        brings it to the shopper's pages."""
        if event.name != "pageview":
            return
        running = [b for b in self.current(visit.site.id, now) if b.path]
        if not running:
            return
        matching = [b for b in running if b.matches(visit.platform.device,
                                                    visit.location.country, event.path)]
        if not matching:
            return
        dismissed = self.state.dismissed(visit.site.id, visit.visitor)
        for active in matching:
            if active.id not in dismissed:
                self.tracking.emitter.to_visitor(visit.site, visit.visitor, "broadcast",
                                                 active.payload(now))

    def dismiss(self, visit: Visit, broadcast_id: int) -> None:
        self.state.dismiss(visit.site.id, visit.visitor, broadcast_id)

    # -- the background loop ----------------------------------------------------------
    def tick(self, now: float) -> None:
        """Announce scheduled broadcasts whose time has come (once, across workers)."""
        checked = time.monotonic()
        if self._due_read_at is None or not 0 <= checked - self._due_read_at < DUE_REFRESH:
            self._due_read_at = checked
            with database.connection_context():
                rows = Broadcast.select(Broadcast.id, Broadcast.site, Broadcast.starts_at).where(
                    Broadcast.sent_at.is_null() & Broadcast.cancelled_at.is_null()
                    & (Broadcast.expires_at > stored(now)))
                self._due = {row.id: (row.site_id, float(unix(row.starts_at) or 0))
                             for row in rows}
        for broadcast_id, (site_id, start) in list(self._due.items()):
            if start <= now:
                del self._due[broadcast_id]
                self._announce_due(broadcast_id, site_id, now)

    def _announce_due(self, broadcast_id: int, site_id: int, now: float) -> None:
        with database.connection_context():
            row = Broadcast.get_or_none(Broadcast.id == broadcast_id)
        if (row is None or row.cancelled_at is not None or row.sent_at is not None
                or (unix(row.expires_at) or 0) <= now):
            return
        site = self.tracking.site_by_id(site_id)
        if site is None:
            return
        if self.state.claim_announcement(row.id, self.tracking.worker,
                                         (unix(row.expires_at) or 0) - now):
            self.announce(site, row, now)
