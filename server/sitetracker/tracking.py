"""The tracking services of one app, built from its settings and wired together.

``Tracking`` owns the clock, the geo database, live state, the write buffer, the
pipeline and the emitter, and runs the background loop (:mod:`sitetracker.live.ticker`).
Routes and socket handlers reach it as ``current_app.extensions["sitetracker"]``.

Features do not edit the live channel: the app factory plugs them in, once
(:meth:`Tracking.plug`). Each is a :class:`~.feature.Feature`, adding to what a
shopper's widget is told on connect and to the live snapshot, and working at connect,
when an alert is raised and on every tick. Their socket events are ``on_<event>``
methods of the namespace's parts (:mod:`.live.namespaces`); their pipeline steps and
reactions are passed in by the app factory (:func:`sitetracker.ingest.pipeline.ingestion`).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from .clock import Clock, local_day
from .config import Settings
from .db import database
from .domain import SiteInfo
from .feature import Feature
from .ingest import received
from .ingest.buffer import WriteBuffer, purge_replayed
from .ingest.geo import GeoLocator
from .ingest.join import ShopperLinks
from .ingest.pipeline import Pipeline
from .install import Install
from .install.sightings import Sightings
from .install.verify import Verifier
from .live.connections import Connections
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
                                 write_path=self.write_path, seed=self.seed)
        self.worker = uuid.uuid4().hex[:12]
        self.emitter = Emitter(socketio, self.worker)
        # site id -> the snapshot last pushed to this worker's admins (for deltas).
        self.last_pushed: dict[int, dict[str, Any]] = {}
        self.connections = Connections()
        self.guard = AdminGuard(self.store, socketio, sites, settings.redis_prefix,
                                self.connections, self.worker)
        # Install detection: noted in memory by ingestion, stored on the tick.
        self.install = Install(Sightings(self.write_path),
                               Verifier(self.store, settings.redis_prefix, self.emitter),
                               self.clock)
        # The app's features, in the order they are asked (see plug).
        self.features: tuple[Feature, ...] = ()
        self._seeded: set[tuple[int, str]] = set()
        self._ticker_started = False

    def plug(self, *features: Feature) -> None:
        """Plug in the app's features, once (the app factory does): their config and
        snapshot parts, and their work at connect, on alerts and on every tick."""
        if self.features:
            raise RuntimeError("the app's features are plugged in already")
        self.features = features

    def tick_jobs(self) -> list[Callable[[float], None]]:
        """What the background loop starts on every tick, each a job of its own: the
        admin guard's sweep, storing the install notes, and each feature's ``tick``."""
        return [self.guard.sweep, self.install.sightings.flush,
                *(feature.tick for feature in self.features)]

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
        for feature in self.features:
            feature.forget_seeds()

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

    def purge_expired(self) -> dict[str, int]:
        """The background loop's hourly purge: raw events past their retention, received
        ids past their expiry, the ids of journal batches long written; how many of each
        went, ``{"raw_events": 3, "received_ids": 12, "replayed_batches": 0}``."""
        return {"raw_events": self.purge_raw_events(),
                "received_ids": received.purge(self.clock.now()),
                "replayed_batches": purge_replayed()}

    def snapshot(self, site: SiteInfo) -> dict[str, Any]:
        self.seed(site)
        now = self.clock.now()
        snap = self.live.snapshot(site.id, now, site.timezone)
        for feature in self.features:
            try:
                snap.update(feature.snapshot(site, now))
            except DATABASE_AWAY:  # the live numbers go out all the same
                log.warning("a part of site %s's snapshot needs the database, which is "
                            "away", site.id)
        snap["live_degraded"] = self.live_degraded
        return snap

    def config(self, site: SiteInfo) -> dict[str, Any]:
        """What a shopper's widget is told when it connects."""
        data: dict[str, Any] = {"consent": site.consent, "events": []}
        for feature in self.features:
            data.update(feature.config(site))
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
