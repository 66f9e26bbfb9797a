"""The database handle: timeouts on MariaDB, short lock waits on SQLite, and no
connection for the hot path's requests."""

from __future__ import annotations

from sitetracker import db
from sitetracker.db import database, open_database

from .shopping import Shopper


def test_mariadb_connections_time_out_on_connect_read_and_write():
    real = open_database("mysql://root@127.0.0.1/shop")
    assert real.connect_params["connect_timeout"] == db.MYSQL_TIMEOUTS["connect_timeout"]
    assert real.connect_params["read_timeout"] == db.MYSQL_TIMEOUTS["read_timeout"]
    assert real.connect_params["write_timeout"] == db.MYSQL_TIMEOUTS["write_timeout"]


def test_the_url_may_give_longer_timeouts():
    real = open_database("mysql://root@127.0.0.1/shop?read_timeout=60")
    assert int(real.connect_params["read_timeout"]) == 60


def test_sqlite_waits_less_than_a_second_for_a_lock():
    assert db.SQLITE_PRAGMAS["busy_timeout"] < 1000


def test_page_views_open_no_database_connection_once_the_site_is_known(app, world,
                                                                       monkeypatch):
    shopper = Shopper(app, world.site_a)
    assert shopper.beacon({"n": "pageview", "u": "https://shop-a.test/"}).status_code == 202
    opened: list[str] = []
    real_connect = database.obj.connect

    def connect(*args, **kwargs):
        opened.append("connect")
        return real_connect(*args, **kwargs)

    monkeypatch.setattr(database.obj, "connect", connect)
    for n in range(5):
        response = shopper.beacon({"n": "pageview", "u": f"https://shop-a.test/p{n}"})
        assert response.status_code == 202
    assert opened == []
