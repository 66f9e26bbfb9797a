"""``GET /metrics``: this worker's numbers in the Prometheus text exposition format.

Protected like the API: a bearer API token of an organization owner (Prometheus'
``authorization: {credentials: ...}``); 401 without a token, 403 for anyone else. The
numbers are the worker's own (its connections, its write buffer), summed over every
site, so they name no shop: scrape each worker's own port, not nginx's sticky address.

What it holds, all in one registry per app (tests build many apps in one process):

* ``sitetracker_events_received_total``, ``..._kept_total`` and
  ``..._dropped_total{reason}``, one ``reason`` per ``DROP_REASONS``, zeros included;
* ``sitetracker_flush_lag_seconds``: since the write buffer was last written (or found
  empty); it grows while the database refuses writes;
* ``sitetracker_buffered_items`` and ``sitetracker_journal_backlog`` (what the journal
  still holds unwritten: :func:`journal_backlog`);
* ``sitetracker_connected_sockets{kind="shopper"|"admin"}`` on this worker;
* ``sitetracker_request_duration_seconds{method, route, status}``: HTTP requests, by
  route pattern (``/api/sites/<key>/live``), never by raw path.

The pipeline health page reads the same registry (:mod:`sitetracker.health_figures`),
with this worker's last minutes and latest server errors kept beside it.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Flask, Response, current_app, g, request
from flask.typing import ResponseReturnValue
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

from .api.errors import error_response
from .auth.access import may_see_health
from .feature import Feature
from .health_figures import MinuteRing, RecentErrors, WorkerFigures, figures
from .ingest.pipeline import DROP_REASONS, Result

if TYPE_CHECKING:
    from .tracking import Tracking

KEY = "sitetracker.metrics"
# The classic text format, which every Prometheus version reads (our names need nothing
# newer).
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

bp = Blueprint("metrics", __name__)


def journal_backlog(tracking: Tracking) -> int:
    """Batches of counts acknowledged but waiting in the local journal for the database
    (:mod:`sitetracker.storage.journal`): 0 while the database takes every flush."""
    return int(tracking.buffer.journal.backlog()["entries"])


class Metrics(Feature):
    """The registry of one app and the counters the app's parts move; on every tick,
    this worker's figures go to the others."""

    def __init__(self, tracking: Tracking) -> None:
        self.clock = tracking.clock
        self.minutes = MinuteRing()
        self.errors = RecentErrors()
        self.workers = WorkerFigures(tracking.store, tracking.settings.redis_prefix,
                                     tracking.worker)
        self.registry = registry = CollectorRegistry()
        self.received = Counter("sitetracker_events_received", "Events that reached the "
                                "pipeline (after validation).", registry=registry)
        self.kept = Counter("sitetracker_events_kept", "Events counted.", registry=registry)
        self.dropped = Counter("sitetracker_events_dropped", "Events answered but not "
                               "counted, by reason.", ["reason"], registry=registry)
        for reason in DROP_REASONS:
            self.dropped.labels(reason)
        Gauge("sitetracker_flush_lag_seconds", "Seconds since the write buffer was last "
              "written to the database or found empty.", registry=registry,
              ).set_function(lambda: time.monotonic() - tracking.buffer.flushed_at)
        Gauge("sitetracker_buffered_items", "Rows waiting in the write buffer.",
              registry=registry).set_function(tracking.buffer.size)
        Gauge("sitetracker_journal_backlog", "Batches of counts waiting in the journal.",
              registry=registry).set_function(lambda: journal_backlog(tracking))
        connected = Gauge("sitetracker_connected_sockets", "Live sockets on this worker.",
                          ["kind"], registry=registry)
        sockets = tracking.connections
        connected.labels("shopper").set_function(
            lambda: sum(sum(counts.values()) for counts in sockets.visitor_sockets.values()))
        connected.labels("admin").set_function(lambda: sum(sockets.admin_sockets.values()))
        self.latency = Histogram("sitetracker_request_duration_seconds", "HTTP requests, "
                                 "by route pattern.", ["method", "route", "status"],
                                 buckets=LATENCY_BUCKETS, registry=registry)

    def count_batch(self, received: int, result: Result) -> None:
        """A pipeline observer: one batch of events, kept and dropped."""
        self.received.inc(received)
        self.kept.inc(result.kept)
        for reason, n in result.dropped.items():
            self.dropped.labels(reason).inc(n)
        self.minutes.count_batch(self.clock.now(), received, result.kept, result.dropped)

    def figures(self) -> dict[str, Any]:
        """This worker's figures, from the registry /metrics serves."""
        return figures(self.registry, self.minutes, self.errors)

    def tick(self, now: float) -> None:
        """Share this worker's figures with the others' health pages."""
        self.workers.publish(self.figures(), now)

    def start_request(self) -> None:
        g.metrics_started = time.perf_counter()

    def end_request(self, response: Response) -> Response:
        started = g.pop("metrics_started", None)
        if started is not None:
            rule = request.url_rule.rule if request.url_rule else "unmatched"
            self.latency.labels(request.method, rule, f"{response.status_code // 100}xx"
                                ).observe(time.perf_counter() - started)
            now = self.clock.now()
            self.minutes.count_request(now)
            if response.status_code >= 500:
                self.errors.add(now, request.method, rule, response.status_code)
        return response


def init_app(app: Flask, tracking: Tracking) -> Metrics:
    metrics = Metrics(tracking)
    app.extensions[KEY] = metrics
    tracking.pipeline.observers.append(metrics.count_batch)
    # First, so the time includes loading the user and the CSRF check.
    app.before_request_funcs.setdefault(None, []).insert(0, metrics.start_request)
    app.after_request(metrics.end_request)
    app.register_blueprint(bp)
    return metrics


@bp.get("/metrics")
def metrics_page() -> ResponseReturnValue:
    user = g.get("user")
    if user is None or not g.get("via_token"):
        return error_response(401, "authorization: send the Bearer API token of an owner")
    if not may_see_health(user):
        return error_response(403, "only organization owners read /metrics")
    metrics: Metrics = current_app.extensions[KEY]
    body: Any = generate_latest(metrics.registry)
    return Response(body, content_type=CONTENT_TYPE)
