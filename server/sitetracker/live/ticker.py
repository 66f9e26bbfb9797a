"""The background loop of each worker, once a second.

1. renew the shoppers whose live connection this worker holds (every few seconds), or
   republish them in full when the live store switched between Redis and memory (Redis
   went away, or came back, perhaps empty), and seed today's numbers again;
2. forget shoppers whose time ran out, and sample how many are live, for the minute's
   and the month's maxima;
3. push the snapshot, or what changed in it, to the admins connected here;
4. flush the write buffer every ``flush_interval`` seconds (and when it is large);
5. once an hour, delete raw events past their retention and received ids past their
   expiry.

Every step is guarded: a failing step is logged and the loop goes on. What waits on the
database (the flush, the purge, the features' ``tick``) runs as a background job of
its own, at most one of each at a time: a database that is slow or frozen delays that
job, never the loop, so pushes and presence go on (a job still running when its turn
comes again simply skips the turn).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..clock import local_day, minute_of
from ..ingest.buffer import FLUSH_WHEN_ITEMS
from ..ingest.pipeline import presence_of
from .state import KEEPALIVE_EVERY

if TYPE_CHECKING:
    from ..tracking import Tracking

log = logging.getLogger(__name__)
TICK = 1.0
PURGE_EVERY = 3600.0


class Jobs:
    """Background jobs by name, at most one running per name."""

    def __init__(self, tracking: Tracking) -> None:
        self.tracking = tracking
        self.running: set[str] = set()

    def start(self, name: str, step: Callable[..., Any], *args: Any) -> bool:
        """Start ``step`` unless the job ``name`` still runs; True if started."""
        if name in self.running:
            return False
        self.running.add(name)

        def job() -> None:
            try:
                guarded(step, *args)
            finally:
                self.running.discard(name)

        self.tracking.socketio.start_background_task(job)
        return True


def run(tracking: Tracking) -> None:
    jobs = Jobs(tracking)
    jobs.start("flush", tracking.buffer.flush)  # first, the journal a crash left
    last_keepalive = last_purge = 0.0
    last_flush = time.monotonic()
    generation = store_generation(tracking)
    while True:
        started = time.monotonic()
        guarded(getattr(tracking.store, "probe", _nothing))
        if store_generation(tracking) != generation:
            generation = store_generation(tracking)
            guarded(republish, tracking)
            last_keepalive = started
        elif started - last_keepalive >= KEEPALIVE_EVERY:
            guarded(keepalive, tracking)
            last_keepalive = started
        guarded(sample, tracking)
        guarded(push, tracking)
        now = tracking.clock.now()
        for number, job in enumerate(tracking.tick_jobs()):
            jobs.start(f"tick-{number}", job, now)
        if (started - last_flush >= tracking.settings.flush_interval
                or tracking.buffer.size() >= FLUSH_WHEN_ITEMS):
            if jobs.start("flush", tracking.buffer.flush):
                last_flush = started
        if started - last_purge >= PURGE_EVERY:
            jobs.start("purge", purge, tracking)
            last_purge = started
        tracking.socketio.sleep(max(0.05, TICK - (time.monotonic() - started)))


def guarded(step: Callable[..., Any], *args: Any) -> None:
    """Run one step; a failure is logged and the loop goes on."""
    try:
        step(*args)
    except Exception:
        log.exception("live tick step %s failed", getattr(step, "__name__", step))


def purge(tracking: Tracking) -> None:
    """Raw events past their retention, received ids past their expiry, and the ids of
    journal batches long written (:meth:`Tracking.purge_expired`: the loop reaches
    storage only through the services it is given)."""
    tracking.purge_expired()


def keepalive(tracking: Tracking) -> None:
    now = tracking.clock.now()
    for site, visitors in tracking.connections.connected_visitors().items():
        tracking.live.keepalive(site, visitors, now)


def _nothing() -> None:
    """The probe of a store that needs none (memory)."""


def store_generation(tracking: Tracking) -> int:
    """Bumped each time the live store switches between Redis and memory."""
    return int(getattr(tracking.store, "generation", 0))


def republish(tracking: Tracking) -> None:
    """Every shopper connected here, in full (who, where, on which page), into the live
    store now in use; then today's numbers are seeded again from storage at next use."""
    now = tracking.clock.now()
    done: set[tuple[int, str]] = set()
    for conn in list(tracking.connections.by_sid.values()):
        if conn.kind != "shopper" or conn.visit is None:
            continue
        site, visitor = conn.site.id, conn.visit.visitor
        if (site, visitor) in done:
            continue
        done.add((site, visitor))
        tracking.live.connected(site, presence_of(conn.visit, conn.since or now), now)
        if conn.page:
            tracking.live.update(site, visitor, conn.page)
    tracking.forget_seeds()
    log.warning("republished %d connected shoppers", len(done))


def sample(tracking: Tracking) -> None:
    now = tracking.clock.now()
    for site_id in tracking.live.active_sites(now):
        site = tracking.site_by_id(site_id)
        if site is None:
            continue
        tracking.live.sweep(site_id, now)
        users = tracking.live.sample_concurrents(site_id, now, site.timezone)
        month = local_day(now, site.timezone).strftime("%Y-%m")
        tracking.buffer.concurrent(site_id, minute_of(now), users, month)


def push(tracking: Tracking) -> None:
    """Each second, to the admins connected to this worker: the whole snapshot (``live``)
    the first time, then only the parts that changed (``live_delta``)."""
    for site in tracking.connections.sites_with_admins():
        snap = tracking.snapshot(site)
        last = tracking.last_pushed.get(site.id)
        tracking.last_pushed[site.id] = snap
        if last is None:
            tracking.emitter.to_board(site, "live", snap)
            continue
        delta = {k: v for k, v in snap.items() if last.get(k) != v}
        tracking.emitter.to_board(site, "live_delta", delta)
