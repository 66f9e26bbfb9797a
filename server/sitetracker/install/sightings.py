"""Install sightings: when a store's widget, overlay and platforms were first and last seen.

Ingestion only notes a sighting in this worker's memory, and at most once a minute per
site and kind (:data:`EVERY`): the hot path never waits for the database. The notes are
stored by :meth:`Sightings.flush`, a tick of the background loop, through the one write
path; a flush the database refuses keeps them for the next tick. Refused origins (a page
on a domain the site does not list) are noted the same way, and each site keeps only its
latest :data:`REFUSALS_KEPT`.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from threading import Lock

from ..domain import Write
from ..storage.failures import StorageUnavailable
from ..storage.writes import WritePath
from .models import InstallSighting, RefusedOrigin

log = logging.getLogger(__name__)

WIDGET, OVERLAY = "widget", "overlay"
KINDS = (WIDGET, OVERLAY, "woocommerce", "shopify")
EVERY = 60.0  # seconds between two notes of one site and kind (or refused origin)
REFUSALS_KEPT = 20
MAX_PENDING = 1000  # notes waiting for a flush, past which new ones are not taken
MAX_PAGE = 300
MAX_ORIGIN = 200


@dataclass(frozen=True)
class Seen:
    """A sighting as the site page shows it."""

    kind: str
    first_at: datetime
    first_page: str
    last_at: datetime
    last_page: str


def _stamp(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC).replace(tzinfo=None, microsecond=0)


def _store_sighting(site_id: int, kind: str, page: str, ts: float) -> None:
    at = _stamp(ts)
    row = InstallSighting.get_or_none((InstallSighting.site == site_id)
                                      & (InstallSighting.kind == kind))
    if row is None:
        InstallSighting.create(site=site_id, kind=kind, first_at=at, first_page=page,
                               last_at=at, last_page=page)
    elif at >= row.last_at:
        row.last_at, row.last_page = at, page
        row.save(only=[InstallSighting.last_at, InstallSighting.last_page])


def _store_refusal(site_id: int, origin: str, ts: float, attempts: int) -> None:
    at = _stamp(ts)
    row = RefusedOrigin.get_or_none((RefusedOrigin.site == site_id)
                                    & (RefusedOrigin.origin == origin))
    if row is None:
        RefusedOrigin.create(site=site_id, origin=origin, last_at=at, attempts=attempts)
    else:
        row.last_at, row.attempts = max(at, row.last_at), row.attempts + attempts
        row.save(only=[RefusedOrigin.last_at, RefusedOrigin.attempts])
    older = [r.id for r in RefusedOrigin.select(RefusedOrigin.id)
             .where(RefusedOrigin.site == site_id)
             .order_by(RefusedOrigin.last_at.desc(), RefusedOrigin.id.desc())
             .offset(REFUSALS_KEPT)]
    if older:
        RefusedOrigin.delete().where(RefusedOrigin.id.in_(older)).execute()


class Sightings:
    """This worker's notes, waiting to be stored. Thread- and greenlet-safe."""

    def __init__(self, write_path: WritePath) -> None:
        self.write_path = write_path
        self._lock = Lock()
        # (site, kind) -> (page, when); (site, origin) -> (when, attempts)
        self._seen: dict[tuple[int, str], tuple[str, float]] = {}
        self._refused: dict[tuple[int, str], tuple[float, int]] = {}
        # When each was last noted (Unix seconds), for the once-a-minute rule.
        self._noted: dict[tuple[int, str, str], float] = {}

    def _due(self, key: tuple[int, str, str], now: float) -> bool:
        if now - self._noted.get(key, float("-inf")) < EVERY:
            return False
        if len(self._seen) + len(self._refused) >= MAX_PENDING:
            return False
        self._noted[key] = now
        return True

    def wants(self, site_id: int, kind: str, now: float) -> bool:
        """Whether a sighting of ``kind`` would be noted now (a read without the lock, so
        the hot path skips working out the page most of the time)."""
        return now - self._noted.get((site_id, "seen", kind), float("-inf")) >= EVERY

    def seen(self, site_id: int, kind: str, page: str, now: float) -> None:
        """Note that ``kind`` of the site's installation talked to us from ``page``."""
        with self._lock:
            if self._due((site_id, "seen", kind), now):
                self._seen[(site_id, kind)] = (page[:MAX_PAGE], now)

    def refused(self, site_id: int, origin: str, now: float) -> None:
        """Note a page refused because its domain is not one of the site's."""
        origin = (origin or "(no origin)")[:MAX_ORIGIN]
        with self._lock:
            pending = self._refused.get((site_id, origin))
            if pending is not None:
                self._refused[(site_id, origin)] = (now, pending[1] + 1)
            elif self._due((site_id, "refused", origin), now):
                self._refused[(site_id, origin)] = (now, 1)

    def pending_seen(self, site_id: int) -> dict[str, tuple[str, float]]:
        """What this worker saw of the site and has not stored yet: kind -> (page, when)."""
        with self._lock:
            return {kind: seen for (site, kind), seen in self._seen.items() if site == site_id}

    def flush(self, now: float = 0.0) -> None:
        """On every tick (a job of the background loop): store the notes (those the
        database refuses wait for the next)."""
        with self._lock:
            seen, refused = self._seen, self._refused
            if not seen and not refused:
                return
            self._seen, self._refused = {}, {}
            if now:  # forget what the once-a-minute rule no longer needs
                self._noted = {k: t for k, t in self._noted.items() if t > now - EVERY}
        writes = [Write("install_sighting", functools.partial(
                      _store_sighting, site, kind, page, ts), {"site": site, "kind": kind})
                  for (site, kind), (page, ts) in seen.items()]
        writes += [Write("refused_origin", functools.partial(
                       _store_refusal, site, origin, ts, attempts),
                       {"site": site, "origin": origin})
                   for (site, origin), (ts, attempts) in refused.items()]
        try:
            self.write_path.commit(writes)
        except StorageUnavailable:
            with self._lock:  # kept for the next tick (newer notes win)
                self._seen = {**seen, **self._seen}
                self._refused = {**refused, **self._refused}


def sightings_of(site_id: int, pending: dict[str, tuple[str, float]]) -> dict[str, Seen]:
    """Each kind seen of the site: what is stored, and newer what this worker holds."""
    found = {row.kind: Seen(row.kind, row.first_at, row.first_page, row.last_at,
                            row.last_page)
             for row in InstallSighting.select().where(InstallSighting.site == site_id)}
    for kind, (page, ts) in pending.items():
        at = _stamp(ts)
        stored = found.get(kind)
        found[kind] = (Seen(kind, at, page, at, page) if stored is None
                       else Seen(kind, stored.first_at, stored.first_page, at, page))
    return found


def refusals_of(site_id: int) -> list[RefusedOrigin]:
    """The site's latest refused origins, newest first."""
    return list(RefusedOrigin.select().where(RefusedOrigin.site == site_id)
                .order_by(RefusedOrigin.last_at.desc()).limit(REFUSALS_KEPT))

