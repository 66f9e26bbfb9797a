"""Admin sockets lose their power when access ends, on every worker.

Each worker records its admin sockets in the live store (a hash of its own, ``sid`` ->
the socket's namespace and :class:`AdminGrant`, kept alive by its sweep so a worker that
died is forgotten within :data:`RECORD_TTL` seconds), so the worker where access ends (a sign-out,
a role removed, a secret rotated, a password changed) can find the affected sockets
wherever they are held and disconnect them: Socket.IO's message queue carries the
disconnect to the worker holding each one. Independently, every admin event asks the
directory whether the grant still stands (:meth:`AdminGuard.holds`), and each worker
sweeps its own admin sockets every :data:`SWEEP_EVERY` seconds, which catches changes
made where no live channel runs (the command line).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict
from typing import Any, Protocol

from ..store_api import Hashes, Scans
from .connections import AdminGrant, Connection, Connections
from .directory import SiteDirectory

log = logging.getLogger(__name__)
SWEEP_EVERY = 5.0
RECORD_TTL = 60


class GuardStore(Hashes, Scans, Protocol):
    """The live store's commands the guard uses."""


def record_key(prefix: str, worker: str) -> str:
    """A worker's record of its admin sockets: ``<prefix>:admin-sockets:<worker>``
    (``worker`` "*": the pattern of every worker's)."""
    return f"{prefix}:admin-sockets:{worker}"


class AdminGuard:
    """Every worker's admin sockets, one hash per worker under :func:`record_key`
    (``sid`` -> ``{"ns": namespace, **grant}`` as JSON), and the ending of those whose
    access ended. A record outlives its worker by at most :data:`RECORD_TTL` seconds;
    with the in-memory store only this worker's sockets are found (one process)."""

    def __init__(self, store: GuardStore, socketio: Any, directory: SiteDirectory,
                 prefix: str, connections: Connections, worker: str) -> None:
        self.store = store
        self.socketio = socketio
        self.directory = directory
        self.records = record_key(prefix, "*")  # every worker's
        self.key = record_key(prefix, worker)  # this worker's record
        self.connections = connections
        self._swept = 0.0

    # -- the shared record ------------------------------------------------------------
    def opened(self, sid: str, namespace: str, grant: AdminGrant) -> None:
        self.store.hset(self.key, mapping={sid: json.dumps({"ns": namespace, **asdict(grant)})})
        self.store.expire(self.key, RECORD_TTL)

    def closed(self, sid: str) -> None:
        self.store.hdel(self.key, sid)

    def _recorded(self) -> Iterable[tuple[str, str, str, AdminGrant]]:
        """(record, sid, namespace, grant) of every worker's admin sockets."""
        for record in list(self.store.scan_iter(match=self.records, count=100)):
            for sid, raw in self.store.hgetall(record).items():
                try:
                    entry = json.loads(raw)
                    namespace = entry.pop("ns")
                    yield record, sid, namespace, AdminGrant(**entry)
                except (ValueError, TypeError, KeyError):
                    self.store.hdel(record, sid)

    # -- asking -----------------------------------------------------------------------
    def holds(self, conn: Connection) -> bool:
        """Whether an admin socket may still act (asked on every event)."""
        return conn.grant is not None and self.directory.grant_holds(conn.grant)

    # -- ending -----------------------------------------------------------------------
    def end(self, sid: str, namespace: str, record: str = "") -> None:
        """Disconnect ``sid`` on whichever worker holds it."""
        self.store.hdel(record or self.key, sid)
        self.socketio.server.disconnect(sid, namespace=namespace)

    def end_where(self, match: Callable[[AdminGrant], bool], recheck: bool = False) -> int:
        """End every admin socket whose grant ``match``es (and, with ``recheck``, no
        longer holds); returns how many."""
        ended = 0
        for record, sid, namespace, grant in list(self._recorded()):
            if match(grant) and not (recheck and self.directory.grant_holds(grant)):
                self.end(sid, namespace, record)
                ended += 1
        if ended:
            log.info("ended %d admin socket(s) whose access ended", ended)
        return ended

    def end_sessions(self, session_ids: Iterable[int]) -> int:
        ids = set(session_ids)
        return self.end_where(lambda g: g.session_id in ids) if ids else 0

    def end_user(self, user_id: int) -> int:
        """After a role of the user changed: end those sockets it no longer covers."""
        return self.end_where(lambda g: g.user_id == user_id, recheck=True)

    def end_site_tokens(self, site_id: int) -> int:
        """After the site's secret rotated: end the sockets opened with old tokens."""
        return self.end_where(lambda g: g.site_id == site_id and g.by_token, recheck=True)

    def sweep(self, now: float = 0.0) -> None:
        """On every tick (a job of the background loop), every few seconds: end this
        worker's admin sockets whose grant no longer holds, and keep this worker's
        record alive."""
        started = time.monotonic()
        if started - self._swept < SWEEP_EVERY:
            return
        self._swept = started
        admins = [(sid, c) for sid, c in list(self.connections.by_sid.items())
                  if c.kind == "admin"]
        for sid, conn in admins:
            if not self.holds(conn):
                self.end(sid, conn.site.namespace)
        if admins:
            self.store.expire(self.key, RECORD_TTL)
