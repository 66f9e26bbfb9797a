"""The application factory."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask, request
from flask.typing import ResponseReturnValue
from flask_socketio import SocketIO
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from . import (
    board,
    commerce,
    db,
    headers,
    logs,
    messaging,
    metrics,
    migrations,
    notify,
    privacy,
    unavailable,
    vitals,
    watch,
)
from .auth import csrf
from .auth.session import load_user
from .auth.throttle import LoginLimits, LoginThrottle
from .channel import SiteNamespace
from .clock import Clock
from .config import Settings, load_settings
from .edge import refuse_undecodable
from .health import Health, not_saving
from .ingest.pipeline import ingestion
from .limits import AddressLimits
from .live.namespaces import LivePacket, handler_failed
from .live.queue import QueueManager
from .live.requests import App, LiveSessions
from .reports import board as board_graphs
from .reports import rescues, shop
from .routing import IdConverter
from .site_cache import SiteCache
from .tracking import Tracking

MAX_BODY_BYTES = 256 * 1024


def create_app(config: dict[str, Any] | Settings | None = None, clock: Clock | None = None
               ) -> Flask:
    """Build the app from settings (environment, file, then ``config`` overrides).

    ``clock`` replaces the wall clock (tests cross midnight with a manual one).
    """
    settings = config if isinstance(config, Settings) else load_settings(config)
    logs.configure(settings.log_level)

    app = App(__name__)
    app.url_map.converters["int"] = IdConverter  # before any route is added
    app.config.update(
        SETTINGS=settings,
        SECRET_KEY=settings.secret_key,
        TESTING=settings.testing,
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        SESSION_COOKIE_NAME="sitetracker_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=timedelta(days=14),
    )
    app.session_interface = LiveSessions()
    db.init_app(app, settings.database_url)
    migrations.upgrade()

    sites = SiteCache()
    app.extensions["sitetracker.sites"] = sites

    app.before_request(refuse_undecodable)
    app.before_request(load_user)
    app.before_request(csrf.protect)
    app.jinja_env.globals["csrf_token"] = csrf.csrf_token

    from .api import bp as api_bp
    from .assets import bp as assets_bp
    from .health import bp as health_bp
    from .web import bp as web_bp

    app.register_error_handler(HTTPException, _unrouted_error)
    headers.init_app(app, https=settings.base_url.startswith("https://"))
    app.register_blueprint(health_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(web_bp)
    app.register_blueprint(assets_bp)
    unavailable.init_app(app)

    queue = (QueueManager(settings.redis_url, f"{settings.redis_prefix}-socketio")
             if settings.redis_url else None)
    socketio = SocketIO(
        app,
        async_mode=settings.async_mode,
        # Between workers through Redis, riding out its outages (live/queue.py).
        client_manager=queue,
        namespaces="*",  # every /site/<key>; unknown keys are refused at connect
        cors_allowed_origins="*",  # each site's own domains are checked at connect
        manage_session=False,
        # The transport takes messages up to 256 KB (as HTTP bodies), so that a frame
        # over the live channel's 64 KB is still read and answered with an error.
        max_http_buffer_size=MAX_BODY_BYTES,
        serializer=LivePacket,
        # One client's messages are handled in turn, never a task each: a client that
        # sends without pause cannot pile up work (its handler yields after each).
        async_handlers=False,
        ping_interval=10,
        ping_timeout=10,
        logger=False,
        engineio_logger=False,
    )
    tracking = Tracking(settings, sites, socketio, clock)
    if queue is not None:
        queue.unreachable = lambda: tracking.live_degraded
    app.extensions["sitetracker"] = tracking
    app.extensions["sitetracker.logins"] = LoginThrottle(
        tracking.store, settings.redis_prefix,
        LoginLimits(settings.login_backoff_after, settings.login_lock_after,
                    settings.login_address_backoff_after, settings.login_address_lock_after,
                    settings.login_lock_minutes * 60),
    )
    if not settings.testing:  # tests change sites under the cache and expect it to see
        sites.spawn = socketio.start_background_task
    health = app.extensions["sitetracker.health"] = Health(tracking)
    app.jinja_env.globals["not_saving"] = lambda: not_saving(tracking)

    # The features, made for this app. The board draws their tiles; tracking.plug gives
    # them the live channel's seams (feature.py: the widget's config, snapshot parts,
    # connects and leaves, alerts raised, the tick), in this order; the namespace
    # answers their socket events.
    the_board = board.init_app(app, tracking, board_graphs.sources_today)  # from storage
    the_board.add_tiles(*commerce.TILES, *vitals.TILES, *shop.TILES)
    the_commerce = commerce.init_app(app, tracking, rescues.figures)  # read from storage
    the_messaging = messaging.init_app(app, tracking, the_commerce.rescues)
    the_watch = watch.init_app(app, tracking, the_messaging)
    # What happens to every event, in order: the features' steps and reactions where
    # the list says they sit.
    tracking.pipeline.steps = ingestion(
        put_page_type=the_commerce.page_types, log_payment_error=the_commerce.payments,
        reactions=(tracking.links.on_event, the_commerce.on_event, the_messaging.on_event,
                   the_watch.on_event))
    notify.init_app(app, tracking, the_commerce)  # queues deliveries with its alerts
    the_metrics = metrics.init_app(app, tracking)
    tracking.plug(health, the_board, the_commerce, the_messaging, the_watch,
                  privacy.HourlyPurge(), the_metrics)
    limits = AddressLimits(settings.shopper_sockets_per_ip, settings.collect_per_ip_per_minute,
                           settings.max_connections)
    app.extensions["sitetracker.limits"] = limits
    socketio.on_namespace(SiteNamespace(sites, tracking, settings.base_url, limits,
                                        messaging=the_messaging, watch=the_watch))
    socketio.on_error_default(handler_failed)

    if settings.trusted_proxies:
        # Outermost, so the live channel sees the client address the proxies report.
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n
        )
    return app


def _unrouted_error(exc: HTTPException) -> ResponseReturnValue:
    """An error no blueprint answered (no route matched, a method not allowed): JSON
    under ``/api``, the error page elsewhere."""
    from .api.errors import http_error
    from .web.layout import error_page

    if request.path == "/api" or request.path.startswith("/api/"):
        return http_error(exc)
    return error_page(exc)


def socketio_of(app: Flask) -> SocketIO:
    socketio: SocketIO = app.extensions["socketio"]
    return socketio
