"""Shared fixtures: an app on a fresh database, clients, people and sites.

The suite runs on SQLite by default. Set ``SITETRACKER_TEST_DATABASE_URL`` (for example
``mysql://root@127.0.0.1/test``) to run the same tests on MariaDB/MySQL; each pytest
worker then uses its own database, ``<name>_<worker>``, emptied before every test.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sitetracker import create_app, tenancy
from sitetracker.clock import Clock, ManualClock
from sitetracker.db import database
from sitetracker.models import Organization, Site, User

TEST_DB_URL = os.environ.get("SITETRACKER_TEST_DATABASE_URL", "")
PASSWORD = "correct horse battery"


def _mysql_admin(url: str) -> Any:
    import pymysql

    parsed = urlparse(url)
    return pymysql.connect(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 3306,
        user=parsed.username or "root",
        password=parsed.password or "",
        autocommit=True,
    )


@pytest.fixture(scope="session")
def mysql_url(worker_id: str) -> Iterator[str | None]:
    """A MySQL database of this pytest process's own, or None on the SQLite run.

    Named after the configured one plus the worker and process, so parallel runs never
    share tables; dropped at the end of the session.
    """
    if not TEST_DB_URL:
        yield None
        return
    parsed = urlparse(TEST_DB_URL)
    name = f"{parsed.path.strip('/')}_{worker_id}_{os.getpid()}"
    conn = _mysql_admin(TEST_DB_URL)
    try:
        with conn.cursor() as cur:
            cur.execute(f"CREATE DATABASE IF NOT EXISTS `{name}` CHARACTER SET utf8mb4")
        yield urlunparse(parsed._replace(path="/" + name))
    finally:
        if not database.is_closed():
            database.close()
        with conn.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
        conn.close()


def drop_all_tables() -> None:
    """Empty the current database completely (MySQL runs share one per worker)."""
    from peewee import MySQLDatabase

    is_mysql = isinstance(database.obj, MySQLDatabase)
    with database.connection_context():
        if is_mysql:
            database.execute_sql("SET FOREIGN_KEY_CHECKS=0")
        for table in database.get_tables():
            database.execute_sql(f"DROP TABLE IF EXISTS {table}")
        if is_mysql:
            database.execute_sql("SET FOREIGN_KEY_CHECKS=1")


@pytest.fixture
def database_url(tmp_path: Path, mysql_url: str | None) -> str:
    if mysql_url is None:
        return f"sqlite:///{tmp_path / 'test.db'}"
    from sitetracker import migrations
    from sitetracker.db import connect

    connect(mysql_url)
    with database.connection_context():
        migrated = "schema_migrations" in database.get_tables() and not migrations.pending()
    if migrated:
        empty_all_tables()  # much faster on MySQL than dropping and creating them again
    else:
        drop_all_tables()
    return mysql_url


def empty_all_tables() -> None:
    """Delete every row but the record of applied migrations."""
    with database.connection_context():
        database.execute_sql("SET FOREIGN_KEY_CHECKS=0")
        for table in database.get_tables():
            if table != "schema_migrations":
                database.execute_sql(f"DELETE FROM {table}")
        database.execute_sql("SET FOREIGN_KEY_CHECKS=1")


@pytest.fixture
def app_config(tmp_path: Path, database_url: str) -> dict[str, Any]:
    """Override in a test module to change settings for its ``app``."""
    return {
        "data_dir": str(tmp_path),
        "database_url": database_url,
        "testing": True,
        "async_mode": "threading",
        "base_url": "http://localhost",
        "log_level": "WARNING",
    }


@pytest.fixture
def clock() -> ManualClock:
    """A clock that moves only when told to: noon in Paris on 10 March 2026."""
    return ManualClock(datetime(2026, 3, 10, 11, 0, tzinfo=UTC))


@pytest.fixture
def app_clock() -> Clock | None:
    """The clock of ``app``: the wall clock. Override in a test module with
    ``def app_clock(clock): return clock`` to cross midnight or a window at will."""
    return None


@pytest.fixture
def app(app_config: dict[str, Any], app_clock: Clock | None) -> Iterator[Flask]:
    application = create_app(app_config, clock=app_clock)
    yield application
    if not database.is_closed():
        database.close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def db(app: Flask) -> Iterator[None]:
    """A connection to ``app``'s database held for the whole test."""
    with database.connection_context():
        yield


@pytest.fixture
def runner(app: Flask) -> Any:
    """Click's runner for the ``sitetracker`` command, bound to ``app``'s settings."""
    from click.testing import CliRunner

    return CliRunner()


@dataclass
class World:
    """Two tenants: organization A (with two sites) and organization B (one site)."""

    org_a: Organization
    org_b: Organization
    site_a: Site
    site_a2: Site
    site_b: Site


@pytest.fixture
def world(app: Flask) -> World:
    with database.connection_context():
        org_a = tenancy.create_organization("Agency A")
        org_b = tenancy.create_organization("Store B")
        site_a = tenancy.create_site(org_a, "Shop A", ["shop-a.test"], "Europe/Paris")
        site_a2 = tenancy.create_site(org_a, "Shop A2", ["a2.test"])
        site_b = tenancy.create_site(org_b, "Shop B", ["shop-b.test"])
    return World(org_a, org_b, site_a, site_a2, site_b)


@pytest.fixture
def make_user(app: Flask) -> Callable[..., User]:
    """``make_user("x@a.test", "admin", organization=org)`` (or ``site=site``)."""

    def make(email: str, role: str, **scope: Any) -> User:
        with database.connection_context():
            user, _ = tenancy.add_member(email, role, password=PASSWORD, **scope)
        return user

    return make


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> Any:
    """Sign in through the login form, as a person would (CSRF token included)."""
    client.get("/login")
    with client.session_transaction() as sess:
        token = sess.get("csrf", "")
    return client.post(
        "/login", data={"email": email, "password": password, "csrf_token": token}
    )


def csrf_of(client: FlaskClient) -> str:
    with client.session_transaction() as sess:
        return str(sess.get("csrf", ""))


@pytest.fixture
def login_as(client: FlaskClient, make_user: Callable[..., User]) -> Callable[..., User]:
    """Create a user with a role and sign ``client`` in as them."""

    def do(email: str, role: str, **scope: Any) -> User:
        user = make_user(email, role, **scope)
        response = login(client, email)
        assert response.status_code == 302, response.data
        return user

    return do


def _worker_redis_url(base: str) -> str:
    """The test Redis database of this pytest worker: the configured one for the first
    worker, the one below it for the second, and so on, so that one worker emptying its
    database never empties another's mid-test."""
    parsed = urlparse(base)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:]
    number = int(parsed.path.strip("/") or 0) - (int(worker) if worker.isdigit() else 0)
    return urlunparse(parsed._replace(path=f"/{number % 16}"))


REDIS_URL = _worker_redis_url(
    os.environ.get("SITETRACKER_TEST_REDIS_URL", "redis://127.0.0.1:6379/15"))


def redis_or_skip() -> Any:
    """A client on the test Redis database, emptied. With CI=true an unreachable Redis
    fails the test; elsewhere it skips with the reason."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, decode_responses=True)
    try:
        client.ping()
    except redis.RedisError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis at {REDIS_URL} is required in CI: {exc}")
        pytest.skip(f"Redis at {REDIS_URL} not reachable: {exc}")
    client.flushdb()
    return client


@pytest.fixture(params=["memory", "redis"])
def store(request: pytest.FixtureRequest) -> Iterator[Any]:
    """Each live-state test runs on the in-process store and on real Redis."""
    from sitetracker.live.store import MemoryStore

    if request.param == "memory":
        yield MemoryStore()
        return
    client = redis_or_skip()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def frozen_buckets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stop the connections' token buckets from refilling, so a test counts exactly how
    many events a burst allows however slowly the machine runs it."""
    from sitetracker.live import connections

    monkeypatch.setattr(connections, "monotonic", lambda: 1000.0)
