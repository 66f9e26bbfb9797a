"""The database handle, chosen at run time from a URL.

Models bind to :data:`database`, a proxy initialised by :func:`init_app` (or
:func:`connect` outside Flask). SQLite runs in WAL mode; ``mysql://`` URLs become a
pooled pymysql connection with utf8mb4.
"""

from __future__ import annotations

from typing import Any

from peewee import Database, DatabaseProxy
from playhouse.db_url import connect as connect_url

database = DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10000,
    "synchronous": "normal",
}


def open_database(url: str) -> Database:
    """Return an unconnected peewee database for ``url``."""
    if url.startswith("sqlite"):
        return connect_url(url, pragmas=SQLITE_PRAGMAS)
    if url.startswith("mysql://"):
        url = "mysql+pool://" + url[len("mysql://") :]
    return connect_url(
        url, charset="utf8mb4", max_connections=32, stale_timeout=300, timeout=10
    )


def connect(url: str) -> Database:
    """Initialise the shared proxy with ``url`` and return the real database."""
    real = open_database(url)
    database.initialize(real)
    return real


def init_app(app: Any, url: str) -> None:
    """Bind the database to ``app``: a connection per request, closed at teardown."""
    connect(url)

    from flask import g

    @app.before_request
    def _open_connection() -> None:
        # A context (not a bare connect) so nested ``connection_context()`` blocks
        # reuse this connection instead of closing it under the request.
        g._db_context = database.connection_context()
        g._db_context.__enter__()

    @app.teardown_request
    def _close_connection(exc: BaseException | None) -> None:
        context = g.pop("_db_context", None)
        if context is not None:
            context.__exit__(None, None, None)


def is_reachable() -> bool:
    """True when a trivial query succeeds."""
    try:
        with database.connection_context():
            database.execute_sql("SELECT 1")
        return True
    except Exception:  # noqa: BLE001 - any failure means unreachable
        return False
