"""The application factory."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from flask_socketio import SocketIO
from werkzeug.middleware.proxy_fix import ProxyFix

from . import db, logs, migrations
from .auth import csrf
from .auth.session import load_user
from .config import Settings, load_settings
from .live.namespaces import SiteNamespace
from .site_cache import SiteCache

MAX_BODY_BYTES = 256 * 1024


def create_app(config: dict[str, Any] | Settings | None = None) -> Flask:
    """Build the app from settings (environment, file, then ``config`` overrides)."""
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
    if settings.trusted_proxies:
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n
        )

    db.init_app(app, settings.database_url)
    migrations.upgrade()

    sites = SiteCache()
    app.extensions["sitetracker.sites"] = sites

    app.before_request(load_user)
    app.before_request(csrf.protect)
    app.jinja_env.globals["csrf_token"] = csrf.csrf_token

    from .api import bp as api_bp
    from .health import bp as health_bp
    from .web import bp as web_bp

    app.register_blueprint(health_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(web_bp)

    socketio = SocketIO(
        app,
        async_mode=settings.async_mode,
        message_queue=settings.redis_url or None,
        cors_allowed_origins="*",  # each site's own domains are checked at connect
        manage_session=False,
        max_http_buffer_size=64 * 1024,
        ping_interval=10,
        ping_timeout=10,
        logger=False,
        engineio_logger=False,
    )
    socketio.on_namespace(SiteNamespace(sites, settings.base_url))
    return app


def socketio_of(app: Flask) -> SocketIO:
    return app.extensions["socketio"]  # type: ignore[no-any-return]
