"""The tracking services of one app, built from its settings and wired together.

``Tracking`` owns the clock, the geo database, live state, the write buffer, the
pipeline and the emitter, and runs the background loop (:mod:`sitetracker.live.ticker`).
Routes and socket handlers reach it as ``current_app.extensions["sitetracker"]``.
"""

from __future__ import annotations

import logging
from typing import Any

from .clock import Clock, local_day
from .config import Settings
from .db import database
from .ingest.buffer import WriteBuffer
from .ingest.geo import GeoLocator
from .ingest.pipeline import Pipeline
from .live.connections import Connections
from .live.directory import SiteInfo
from .live.emit import Emitter
from .live.state import LiveState
from .live.store import open_store
from .models import DailyCount, MonthlyPeak, RawEvent
from .site_cache import SiteCache

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
        self.buffer = WriteBuffer()
        self.pipeline = Pipeline(self.live, self.buffer, self.clock,
                                 keep_raw=settings.raw_event_retention_days > 0)
        self.emitter = Emitter(socketio)
        self.connections = Connections()
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
        self._seeded.add((site.id, day.isoformat()))
        with database.connection_context():
            engaged = DailyCount.get_or_none(
                (DailyCount.site == site.id) & (DailyCount.day == day)
                & (DailyCount.metric == "engaged") & (DailyCount.key == "")
            )
            peak = MonthlyPeak.get_or_none(
                (MonthlyPeak.site == site.id) & (MonthlyPeak.month == day.strftime("%Y-%m"))
            )
        pending = sum(v for (s, d, m, _), v in self.buffer.counts.items()
                      if s == site.id and d == day and m == "engaged")
        self.live.seed_engaged(site.id, (engaged.value if engaged else 0) + pending, now,
                               site.timezone)
        if peak is not None:
            self.live.seed_peak(site.id, peak.peak, float(peak.at), now, site.timezone)

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
        return self.live.snapshot(site.id, self.clock.now(), site.timezone)

    def start(self) -> None:
        """Start the background loop (once)."""
        if self._ticker_started:
            return
        self._ticker_started = True
        from .live.ticker import run

        self.socketio.start_background_task(run, self)

    def shutdown(self) -> None:
        """Write what is buffered (called at exit)."""
        written = self.buffer.flush()
        log.info("flushed %d rows at shutdown", written)
