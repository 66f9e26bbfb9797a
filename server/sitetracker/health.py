"""``GET /healthz``: is this worker saving what it is sent? Answers within a second.

200 when a real write commits (each worker rewrites its row in ``health_probe``: a
read-only or locked database fails it, where ``SELECT 1`` would pass) and Redis, if
configured, answers; 503 otherwise, with a body naming what is wrong::

    {"status": "unavailable", "database": "read-only", "redis": "ok",
     "journal": {"entries": 4, "oldest_age": 31.5},
     "rejected": {"count": 1, "last": "counts: UnicodeEncodeError: ..."},
     "problems": ["database: read-only", "journal: 4 batches wait to be written"]}

A healthy answer is just ``{"status": "ok", "database": "ok"}`` (and ``"redis": "ok"``
with Redis; ``journal``/``rejected`` when there is something to say). Rows set aside
are reported but do not make the answer 503: they need a person, not a restart.

The checks run in background tasks, so a database or Redis that does not answer
(frozen, or a lost network) costs the answer at most :data:`WAIT` seconds.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from flask import Blueprint, current_app
from flask.typing import ResponseReturnValue

from .db import database, is_reachable
from .feature import Feature
from .storage.failures import describe
from .storage.models import HealthProbe

if TYPE_CHECKING:
    from .domain import SiteInfo
    from .tracking import Tracking

bp = Blueprint("health", __name__)
WAIT = 0.8  # seconds the answer waits for the checks
PROBE_EVERY = 5.0  # seconds between the background loop's own probes


def probe_database(worker: str) -> str:
    """``"ok"`` when a write commits; else what is wrong."""
    if not is_reachable():
        return "unreachable"
    try:
        with database.connection_context(), database.atomic():
            # REPLACE: MySQL counts an UPDATE that changes nothing as no row at all.
            HealthProbe.replace(worker=worker, at=int(time.time())).execute()
    except Exception as exc:  # noqa: BLE001 - any failure is the answer
        return describe(exc).removeprefix("database is ").removeprefix("database ")
    return "ok"


def probe_redis(tracking: Tracking) -> str:
    """Redis itself, not the in-process store a worker falls back to while it is away
    (:mod:`sitetracker.live.resilient`)."""
    store = tracking.store
    if getattr(store, "degraded", False):
        return "down"
    try:
        redis: Any = getattr(store, "redis", store)
        redis.ping()
    except Exception:  # noqa: BLE001 - any failure means down
        return "down"
    return "ok"


class Check:
    """One check running in a background task; at most one in flight per kind, so a
    frozen database does not collect a pile of waiting probes."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.answer = "not answering"


class Health(Feature):
    """This worker's health (``app.extensions["sitetracker.health"]``): probed on the
    tick, and whether it is saving in every live snapshot (the board's banner)."""

    def __init__(self, tracking: Tracking) -> None:
        self.tracking = tracking
        self._running: dict[str, Check] = {}
        self._lock = threading.Lock()
        self._probed = 0.0

    def tick(self, now: float) -> None:
        """Probe every few seconds, so the banners notice an outage, and its end, even
        when nobody sends anything."""
        started = time.monotonic()
        if 0 <= started - self._probed < PROBE_EVERY:
            return
        self._probed = started
        answer = probe_database(self.tracking.worker)
        if answer == "ok":
            self.tracking.storage.succeeded()
        else:
            self.tracking.storage.failed(f"database {answer}")

    def snapshot(self, site: SiteInfo, now: float) -> dict[str, Any]:
        """The snapshot's ``storage`` part: is data being saved, and if not, why."""
        message = not_saving(self.tracking)
        return {"storage": {"saving": message is None, "message": message}}

    def _start(self, kind: str, probe: Any) -> Check:
        with self._lock:
            check = self._running.get(kind)
            if check is not None and not check.done.is_set():
                return check
            check = self._running[kind] = Check()

        def run() -> None:
            try:
                check.answer = probe()
            finally:
                check.done.set()

        self.tracking.socketio.start_background_task(run)
        return check

    def report(self) -> tuple[dict[str, Any], int]:
        tracking = self.tracking
        deadline = time.monotonic() + WAIT
        checks = {"database": self._start(
            "database", lambda: probe_database(tracking.worker))}
        if tracking.settings.redis_url:
            checks["redis"] = self._start("redis", lambda: probe_redis(tracking))
        for check in checks.values():
            check.done.wait(max(0.0, deadline - time.monotonic()))
        body: dict[str, Any] = {"status": "ok"}
        problems = []
        for kind, check in checks.items():
            answer = check.answer if check.done.is_set() else "not answering"
            body[kind] = answer
            if answer != "ok":
                problems.append(f"{kind}: {answer}")
        if body["database"] == "ok":
            tracking.storage.succeeded()
        else:
            tracking.storage.failed(f"database {body['database']}")
        backlog = tracking.buffer.journal.backlog()
        if backlog["entries"]:
            body["journal"] = backlog
            problems.append(f"journal: {backlog['entries']} batches wait to be written "
                            f"(oldest {backlog['oldest_age']} s)")
        if tracking.rejects.count:
            body["rejected"] = tracking.rejects.as_json()
        if problems:
            body["status"] = "unavailable"
            body["problems"] = problems
        return body, 503 if problems else 200


def not_saving(tracking: Tracking) -> str | None:
    """Why data is not being saved right now, or None: for the banners. Reads only
    what the write path last saw (never waits)."""
    problem = tracking.storage.problem()
    if problem is not None:
        return f"Data is not being saved: {problem.reason}. SiteTracker keeps trying."
    backlog = tracking.buffer.journal.backlog()
    if backlog["entries"]:
        return (f"Data is waiting to be saved: {backlog['entries']} batches in the "
                "journal, written as soon as the database takes them.")
    return None


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    health: Health = current_app.extensions["sitetracker.health"]
    body, status = health.report()
    limits = current_app.extensions.get("sitetracker.limits")
    if limits is not None:
        body["limits"] = limits.report()  # this worker's limits per address, refusals
        logins = current_app.extensions.get("sitetracker.logins")
        if logins is not None:
            body["limits"]["refused"]["logins"] = logins.refused
    return body, status, {"Cache-Control": "no-store"}
