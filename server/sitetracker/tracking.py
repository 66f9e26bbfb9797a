"""The tracking services of one app, built from its settings and wired together.

``Tracking`` owns the clock, the geo database, live state, the write buffer, the
pipeline and the emitter, and runs the background loop (:mod:`sitetracker.live.ticker`).
Routes and socket handlers reach it as ``current_app.extensions["sitetracker"]``.

Features (commerce, messaging, the board) plug in through the seams listed in
:class:`Hooks` instead of editing the live channel: socket event handlers, what a
shopper's widget is told on connect, parts of the live snapshot, work at connect and on
every tick, and pipeline listeners (``pipeline.listeners``).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .clock import Clock, local_day
from .config import Settings
from .db import database
from .domain import SiteInfo
from .ingest.buffer import WriteBuffer
from .ingest.geo import GeoLocator
from .ingest.join import ShopperLinks
from .ingest.pipeline import Pipeline
from .install import Install
from .install.sightings import Sightings
from .install.verify import Verifier
from .live.connections import Connection, Connections
from .live.emit import Emitter
from .live.guard import AdminGuard
from .live.state import LiveState
from .live.store import open_store
from .models import DailyCount, MonthlyPeak, RawEvent
from .site_cache import SiteCache
from .storage.failures import DATABASE_AWAY
from .storage.journal import Journal
from .storage.rejects import Rejects
from .storage.status import StorageStatus
from .storage.writes import WritePath

log = logging.getLogger(__name__)


SocketHandler = Callable[[Connection, Any], Any]


@dataclass
class Hooks:
    """Where features plug in. Every callable runs inside the app and request context
    of the event that triggers it; socket handlers get the sender's Connection."""

    # event name -> handler(conn, data) -> acknowledgement; e.g. "chat_reply".
    socket: dict[str, SocketHandler] = field(default_factory=dict)
    # Merged into the ``config`` a shopper's widget receives on connect.
    config: list[Callable[[SiteInfo], dict[str, Any]]] = field(default_factory=list)
    # Merged into every live snapshot (admins' board, the API, the stream).
    snapshot: list[Callable[[SiteInfo, float], dict[str, Any]]] = field(default_factory=list)
    # Called after a shopper's or an admin's socket joined its rooms: (conn, sid).
    shopper_connected: list[Callable[[Connection, str], None]] = field(default_factory=list)
    admin_connected: list[Callable[[Connection, str], None]] = field(default_factory=list)
    # Called when any socket (a shopper's page, an admin's) left: (conn, sid).
    disconnected: list[Callable[[Connection, str], None]] = field(default_factory=list)
    # Called once an alert is stored and sent to admins: (site, the shopper's Visit or
    # None, the alert as admins receive it).
    alert_raised: list[Callable[[SiteInfo, Any, dict[str, Any]], None]] = field(
        default_factory=list)
    # Called on every tick of the background loop with the current time.
    tick: list[Callable[[float], None]] = field(default_factory=list)
    # Called when the live store may have lost what was seeded into it (Redis came
    # back): seed again from storage at next use.
    reseed: list[Callable[[], None]] = field(default_factory=list)


class Tracking:
    def __init__(self, settings: Settings, sites: SiteCache, socketio: Any,
                 clock: Clock | None = None) -> None:
        self.settings = settings
        self.sites = sites
        self.socketio = socketio
        self.clock = clock or Clock()
        self.geo = GeoLocator(settings.geoip_db or None)
        self.store = open_store(settings.redis_url)
        self.live = LiveState(self.store, beacon_window=float(settings.live_window),
                              prefix=settings.redis_prefix)
        self.links = ShopperLinks(self.store, prefix=settings.redis_prefix)
        # The write path, the buffer and its journal share what they saw last (for
        # /healthz and the banners) and the rows set aside.
        self.storage = StorageStatus()
        self.rejects = Rejects(settings.data_dir)
        self.write_path = WritePath(self.storage, self.rejects)
        self.buffer = WriteBuffer(Journal(settings.data_dir), self.rejects, self.storage)
        self.pipeline = Pipeline(self.live, self.buffer, self.clock,
                                 keep_raw=settings.raw_event_retention_days > 0,
                                 write_path=self.write_path)
        self.pipeline.listeners.append(self.links.on_event)
        self.worker = uuid.uuid4().hex[:12]
        self.emitter = Emitter(socketio, self.worker)
        # site id -> the snapshot last pushed to this worker's admins (for deltas).
        self.last_pushed: dict[int, dict[str, Any]] = {}
        self.connections = Connections()
        self.hooks = Hooks()
        self.guard = AdminGuard(self.store, socketio, sites, settings.redis_prefix,
                                self.connections, self.worker)
        self.hooks.tick.append(self.guard.sweep)
        # Install detection: noted in memory by ingestion, stored on the tick.
        self.install = Install(Sightings(self.write_path),
                               Verifier(self.store, settings.redis_prefix, self.emitter),
                               self.clock)
        self.hooks.tick.append(self.install.sightings.flush)
        self._seeded: set[tuple[int, str]] = set()
        self._ticker_started = False

    def site_by_id(self, site_id: int) -> SiteInfo | None:
        return self.sites.by_id(site_id)

    def seed(self, site: SiteInfo) -> None:
        """Once per site and day: today's engaged time and the month's peak from storage,
        so a restart keeps them (live state in memory starts empty)."""
        now = self.clock.now()
        day = local_day(now, site.timezone)
        if (site.id, day.isoformat()) in self._seeded:
            return
        try:
            with database.connection_context():
                engaged = DailyCount.get_or_none(
                    (DailyCount.site == site.id) & (DailyCount.day == day)
                    & (DailyCount.metric == "engaged") & (DailyCount.key == "")
                )
                peak = MonthlyPeak.get_or_none(
                    (MonthlyPeak.site == site.id)
                    & (MonthlyPeak.month == day.strftime("%Y-%m"))
                )
        except DATABASE_AWAY:
            log.warning("could not read today's figures of site %s; trying later", site.id)
            return  # the database is away: live numbers start from what comes in
        self._seeded.add((site.id, day.isoformat()))
        pending = sum(v for (s, d, m, _), v in self.buffer.counts.items()
                      if s == site.id and d == day and m == "engaged")
        self.live.seed_engaged(site.id, (engaged.value if engaged else 0) + pending, now,
                               site.timezone)
        if peak is not None:
            self.live.seed_peak(site.id, peak.peak, float(peak.at), now, site.timezone)

    def forget_seeds(self) -> None:
        """The live store may have lost what was seeded (Redis came back after an
        outage): seed every site again from storage at next use."""
        self._seeded.clear()
        for hook in self.hooks.reseed:
            hook()

    @property
    def live_degraded(self) -> bool:
        """True while Redis is unreachable and live numbers are this worker's own."""
        return bool(getattr(self.store, "degraded", False))

    def purge_raw_events(self) -> int:
        """Delete raw events older than the retention setting; return how many."""
        days = self.settings.raw_event_retention_days
        if days <= 0:
            return 0
        cutoff = int(self.clock.now() - days * 86400)
        with database.connection_context():
            return int(RawEvent.delete().where(RawEvent.ts < cutoff).execute())

    def snapshot(self, site: SiteInfo) -> dict[str, Any]:
        self.seed(site)
        now = self.clock.now()
        snap = self.live.snapshot(site.id, now, site.timezone)
        for part in self.hooks.snapshot:
            try:
                snap.update(part(site, now))
            except DATABASE_AWAY:  # the live numbers go out all the same
                log.warning("a part of site %s's snapshot needs the database, which is "
                            "away", site.id)
        snap["live_degraded"] = self.live_degraded
        return snap

    def config(self, site: SiteInfo) -> dict[str, Any]:
        """What a shopper's widget is told when it connects."""
        data: dict[str, Any] = {"consent": site.consent, "events": []}
        for part in self.hooks.config:
            data.update(part(site))
        return data

    def start(self) -> None:
        """Start the background loop (once)."""
        if self._ticker_started:
            return
        self._ticker_started = True
        from .live.ticker import run

        self.socketio.start_background_task(run, self)

    def shutdown(self) -> None:
        """Write what is buffered (called at exit): to the database, or if it is away
        to the journal, replayed at the next start."""
        written = self.buffer.flush()
        log.info("flushed %d rows at shutdown", written)
