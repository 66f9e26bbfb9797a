"""The application factory."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from flask_socketio import SocketIO
from werkzeug.middleware.proxy_fix import ProxyFix

from . import board, commerce, db, logs, messaging, migrations, unavailable
from .auth import csrf
from .auth.session import load_user
from .clock import Clock
from .config import Settings, load_settings
from .health import Health, not_saving
from .live.namespaces import SiteNamespace
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

    app = Flask(__name__)
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
    db.init_app(app, settings.database_url)
    migrations.upgrade()

    sites = SiteCache()
    app.extensions["sitetracker.sites"] = sites

    app.before_request(load_user)
    app.before_request(csrf.protect)
    app.jinja_env.globals["csrf_token"] = csrf.csrf_token

    from .api import bp as api_bp
    from .assets import bp as assets_bp
    from .health import bp as health_bp
    from .web import bp as web_bp

    app.register_blueprint(health_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(web_bp)
    app.register_blueprint(assets_bp)
    unavailable.init_app(app)

    socketio = SocketIO(
        app,
        async_mode=settings.async_mode,
        message_queue=settings.redis_url or None,
        channel=f"{settings.redis_prefix}-socketio",
        namespaces="*",  # every /site/<key>; unknown keys are refused at connect
        cors_allowed_origins="*",  # each site's own domains are checked at connect
        manage_session=False,
        max_http_buffer_size=64 * 1024,
        # One client's messages are handled in turn, never a task each: a client that
        # sends without pause cannot pile up work (its handler yields after each).
        async_handlers=False,
        ping_interval=10,
        ping_timeout=10,
        logger=False,
        engineio_logger=False,
    )
    tracking = Tracking(settings, sites, socketio, clock)
    if not settings.testing:  # tests change sites under the cache and expect it to see
        sites.spawn = socketio.start_background_task
    app.extensions["sitetracker"] = tracking
    health = app.extensions["sitetracker.health"] = Health(tracking)
    tracking.hooks.tick.append(health.tick)
    app.jinja_env.globals["not_saving"] = lambda: not_saving(tracking)
    tracking.hooks.snapshot.append(lambda site, now: {"storage": {
        "saving": not_saving(tracking) is None, "message": not_saving(tracking)}})
    board.init_app(app, tracking)
    commerce.init_app(app, tracking)
    messaging.init_app(app, tracking)
    socketio.on_namespace(SiteNamespace(sites, tracking, settings.base_url))

    if settings.trusted_proxies:
        # Outermost, so the live channel sees the client address the proxies report.
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n
        )
    return app


def socketio_of(app: Flask) -> SocketIO:
    socketio: SocketIO = app.extensions["socketio"]
    return socketio
