"""The database handle, chosen at run time from a URL.

Models bind to :data:`database`, a proxy initialised by :func:`init_app` (or
:func:`connect` outside Flask). SQLite runs in WAL mode; ``mysql://`` URLs become a
pooled pymysql connection with utf8mb4.

SQLite connections are pooled too: opening one sets every pragma again, and closing
the last one checkpoints the write-ahead log into the database file, which together
cost more than the write they were opened for. Each ``connection_context()`` still has a
connection of its own (taken from the pool, given back at its end), so transactions of
concurrent green threads never mix; a connection given back inside a transaction is
rolled back first.

No database wait may hold up the server for long: MariaDB connections time out on
connect, read and write (:data:`MYSQL_TIMEOUTS`, each overridable in the URL's query,
e.g. ``?read_timeout=30`` for huge reports), a full pool is waited on for
:data:`POOL_WAIT` seconds, and SQLite (whose calls block the whole process under
eventlet) waits :data:`SQLITE_BUSY_MS` for a lock, then refuses. The hot path (the
collect endpoint, the health check, socket events) gets no connection per request: it
opens one only for a write that must be stored.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from peewee import Database, DatabaseProxy
from playhouse.db_url import connect as connect_url

database = DatabaseProxy()

SQLITE_BUSY_MS = 750
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": SQLITE_BUSY_MS,
    "synchronous": "normal",
}
MYSQL_TIMEOUTS = {"connect_timeout": 3, "read_timeout": 10, "write_timeout": 10}
POOL_WAIT = 2
# Endpoints that open no connection of their own (they may for a write).
NO_REQUEST_CONNECTION = frozenset({"api.collect", "health.healthz", "assets.script"})


def open_database(url: str) -> Database:
    """Return an unconnected peewee database for ``url``."""
    if url.startswith("sqlite:"):
        # No cap: a connection is a file handle, and SQLite serialises writers itself.
        # check_same_thread is off because a pooled connection may serve a later
        # context on another thread (the threading mode); one context holds it at a time.
        return connect_url("sqlite+pool:" + url[len("sqlite:"):], pragmas=SQLITE_PRAGMAS,
                           max_connections=0, stale_timeout=300, check_same_thread=False)
    if url.startswith("mysql://"):
        url = "mysql+pool://" + url[len("mysql://") :]
    given = parse_qs(urlsplit(url).query)
    timeouts = {k: v for k, v in MYSQL_TIMEOUTS.items() if k not in given}
    return connect_url(
        url, charset="utf8mb4", max_connections=32, stale_timeout=300, timeout=POOL_WAIT,
        **timeouts,
    )


def connect(url: str) -> Database:
    """Initialise the shared proxy with ``url`` and return the real database."""
    real = open_database(url)
    database.initialize(real)
    return real


def init_app(app: Any, url: str) -> None:
    """Bind the database to ``app``: a connection per request, closed at teardown."""
    connect(url)

    from flask import g, request

    @app.before_request
    def _open_connection() -> None:
        if request.endpoint in NO_REQUEST_CONNECTION:
            return
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
