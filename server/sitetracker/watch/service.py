"""The live view and lead-up recordings of one app: who watches whom, relaying a
shopper's page to the admins who asked (and to nobody else), and what a checkout page
is told to keep or send.

Nothing of a live view is stored: frames go from the shopper's socket to the watching
admins' sockets and are forgotten. A watch ends when its admin stops it or leaves, when
the shopper leaves the site, or after :data:`LIMIT` seconds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..commerce.rescues import record_help
from ..domain import Event, SiteInfo, Visit
from ..feature import Feature
from ..live.connections import Connection
from ..live.refused import Refused
from ..messaging.state import MessagingState
from ..shoppers import shopper_name
from .recordings import recording, recording_write
from .schemas import LEAD_MAX, LIVE_MAX, load_recording
from .settings import Settings
from .state import WatchState

if TYPE_CHECKING:
    from ..tracking import Tracking

LIMIT = 600  # seconds a live view lasts at most (the admin may start it again)
KEEP_ON = ("checkout", "payment")  # page types that keep the last two minutes
BUDGET_WINDOW = 10.0  # seconds; a shopper's frames per window, and their characters:
BUDGET_FRAMES = 200
BUDGET_CHARS = 4_000_000
SWEEP_EVERY = 1.0


class Watch(Feature):
    """The live view of one app (``app.extensions["sitetracker.watch"]``): a watched
    shopper's pages start sending on connect, an admin leaving stops their watches, an
    alert asks its shopper's checkout page for the lead-up, the snapshot says whether
    admins may watch, and every tick ends the watches that ran out."""

    def __init__(self, tracking: Tracking, refs: MessagingState) -> None:
        self.tracking = tracking
        self.refs = refs
        self.state = WatchState(tracking.store, tracking.live.prefix)
        self.settings = Settings()
        # sid -> pieces of the batch a shopper's page of this worker is sending.
        self.pieces: dict[str, list[str]] = {}
        self._swept = 0.0

    # -- admins ---------------------------------------------------------------------
    def start(self, site: SiteInfo, sid: str, ref: str) -> dict[str, Any]:
        """Watch the shopper ``ref``: their pages start sending (``watch_start``)."""
        if not self.settings.of(site.id).live:
            raise Refused(403, "the live view is off for this site: turn it on on the "
                               "site's page in SiteTracker", {"ref": "live view off"})
        now = self.tracking.clock.now()
        visitor = self.refs.visitor_of(site.id, ref)
        if visitor is None or not self.tracking.live.is_live(site.id, visitor, now):
            raise Refused(404, "this shopper is not on the site now", {"ref": "not live"})
        # Watching is help: the shopper's open emergency ends as rescued if they buy.
        record_help(site, ref, "watch")
        until = now + LIMIT
        self.state.start(site.id, ref, sid, until)
        self.tracking.emitter.to_visitor(site, visitor, "watch_start", {"ttl": LIMIT})
        return {"ref": ref, "name": shopper_name(ref, now), "until": int(until)}

    def stop(self, site: SiteInfo, sid: str, ref: str) -> None:
        """``sid`` stops watching; the shopper's pages stop when nobody watches."""
        if self.state.stop(site.id, ref, sid):
            visitor = self.refs.visitor_of(site.id, ref)
            if visitor is not None:
                self.tracking.emitter.to_visitor(site, visitor, "watch_stop", {})

    def replay(self, site: SiteInfo, alert: int) -> dict[str, Any]:
        events = recording(site.id, alert)
        if events is None:
            raise Refused(404, "no recording was kept for this alert", {"alert": "none"})
        return {"alert": alert, "events": events}

    # -- shoppers -------------------------------------------------------------------
    def _gather(self, conn: Connection, sid: str, piece: dict[str, Any], most: int
                ) -> str | None:
        """Add a piece to what the page is sending: the whole text once the last piece
        is in, else None. Over ``most`` characters, the batch is dropped (413)."""
        ref = conn.visit.visitor_hash
        now = self.tracking.clock.now()
        if not self.state.spend(conn.site.id, ref, len(piece["d"]), now, BUDGET_WINDOW,
                                BUDGET_FRAMES, BUDGET_CHARS):
            self.pieces.pop(sid, None)
            raise Refused(429, "too much recording: slow down")
        pieces = self.pieces.setdefault(sid, [])
        pieces.append(piece["d"])
        if sum(map(len, pieces)) > most:
            self.pieces.pop(sid, None)
            raise Refused(413, f"a recording is at most {most} characters", {"d": "too long"})
        if piece["more"]:
            return None
        return "".join(self.pieces.pop(sid))

    def relay(self, conn: Connection, sid: str, piece: dict[str, Any]) -> dict[str, Any]:
        """A batch of the live view, to the admins watching this shopper (only them)."""
        site, ref = conn.site, conn.visit.visitor_hash
        now = self.tracking.clock.now()
        watchers = [s for s, until in self.state.watchers(site.id, ref).items() if until > now]
        if not watchers:
            self.pieces.pop(sid, None)
            return {"ok": 0, "stop": True}
        text = self._gather(conn, sid, piece, LIVE_MAX)
        if text is None:
            return {"ok": 0}
        events = load_recording(text)
        frame = {"ref": ref, "p": piece["p"], "ev": events}
        for watcher in watchers:
            self.tracking.emitter.to_sid(site, watcher, "watch_events", frame)
        return {"ok": len(events)}

    def lead(self, conn: Connection, sid: str, piece: dict[str, Any]) -> dict[str, Any]:
        """The lead-up a page was asked for: stored with its alert before answering."""
        site, ref = conn.site, conn.visit.visitor_hash
        alert = piece.get("alert")
        if alert is None or self.state.lead_asked(site.id, alert) != ref:
            raise Refused(403, "no recording was asked of this page for this alert",
                          {"alert": "not asked"})
        text = self._gather(conn, sid, piece, LEAD_MAX)
        if text is None:
            return {"ok": 0}
        events = load_recording(text)
        self.tracking.write_path.commit([recording_write(site.id, alert, ref, events)])
        self.state.lead_done(site.id, alert)
        self.tracking.emitter.to_admins(site, "watch_recorded", {"alert": alert})
        return {"ok": len(events)}

    # -- what the feature plugs in ----------------------------------------------------
    def shopper_connected(self, conn: Connection, sid: str) -> None:
        """A page of a watched shopper starts sending; a checkout page keeps its last
        two minutes when the site wants lead-ups."""
        visit = conn.visit
        if visit is None:
            return
        now = self.tracking.clock.now()
        until = max(self.state.watchers(conn.site.id, visit.visitor_hash).values(), default=0)
        if until > now:
            self.tracking.emitter.to_sid(conn.site, sid, "watch_start", {"ttl": int(until - now)})
        presence = self.tracking.live.presence(conn.site.id, visit.visitor)
        if presence is not None and presence.page_type in KEEP_ON \
                and self.settings.of(conn.site.id).lead:
            self.tracking.emitter.to_sid(conn.site, sid, "watch_keep", {})

    def disconnected(self, conn: Connection, sid: str) -> None:
        self.pieces.pop(sid, None)
        if conn.kind == "admin":
            for site_id, ref in self.state.watched_by(sid):
                if site_id == conn.site.id:
                    self.stop(conn.site, sid, ref)

    def on_event(self, visit: Visit, event: Event, now: float) -> None:
        """The pipeline reaction: a shopper reached a checkout page."""
        if event.page_type in KEEP_ON and self.settings.of(visit.site.id).lead:
            data = {"u": event.url} if event.name == "pageview" and event.url else {}
            self.tracking.emitter.to_visitor(visit.site, visit.visitor, "watch_keep", data)

    def alert_raised(self, site: SiteInfo, visit: Visit | None, alert: dict[str, Any]
                     ) -> None:
        """An alert about a shopper: their checkout pages send what they kept."""
        if visit is None or alert.get("kind") == "sale" or not self.settings.of(site.id).lead:
            return
        self.state.ask_lead(site.id, int(alert["id"]), visit.visitor_hash)
        self.tracking.emitter.to_visitor(site, visit.visitor, "watch_send",
                                         {"alert": alert["id"]})

    def snapshot(self, site: SiteInfo, now: float) -> dict[str, Any]:
        """Part of the live snapshot: whether admins may watch (the board's buttons)."""
        return {"watch": {"live": self.settings.of(site.id).live}}

    def tick(self, now: float) -> None:
        """About every second: end the watches of this worker's admins that ran out of
        time, and those whose shopper left the site."""
        if 0 <= now - self._swept < SWEEP_EVERY:
            return
        self._swept = now
        mine = self.tracking.connections.by_sid
        for site in self.tracking.connections.sites_with_admins():
            for ref in self.state.watched(site.id):
                visitor = self.refs.visitor_of(site.id, ref)
                gone = visitor is None or not self.tracking.live.is_live(site.id, visitor, now)
                for sid, until in self.state.watchers(site.id, ref).items():
                    if sid in mine and (gone or until <= now):
                        reason = "left" if gone else "time"
                        self.tracking.emitter.to_sid(site, sid, "watch_end",
                                                     {"ref": ref, "reason": reason})
                        self.stop(site, sid, ref)
