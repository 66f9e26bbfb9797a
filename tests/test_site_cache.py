"""The sites cache of the hot paths: known sites answered without waiting, read again
in the background, and kept while the database does not answer."""

from __future__ import annotations

from peewee import OperationalError

from sitetracker import site_cache
from sitetracker.db import database
from sitetracker.models import Site
from sitetracker.site_cache import SiteCache


def fail_reads(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("(2003, \"Can't connect to MySQL server\")")

    monkeypatch.setattr(database.obj, "execute_sql", refuse)


def test_a_known_site_is_kept_while_the_database_does_not_answer(app, world, monkeypatch):
    cache = SiteCache(ttl=0)
    key = world.site_a.public_key
    assert cache.by_key(key).id == world.site_a.id
    fail_reads(monkeypatch)
    assert cache.by_key(key).id == world.site_a.id


def test_a_stale_site_is_answered_at_once_and_read_again_in_the_background(app, world):
    cache = SiteCache(ttl=0)
    later: list = []
    cache.spawn = later.append
    key = world.site_a.public_key
    cache.by_key(key)
    with database.connection_context():
        Site.update(timezone="Asia/Tokyo").where(Site.id == world.site_a.id).execute()
    assert cache.by_key(key).timezone == world.site_a.timezone  # no wait
    assert len(later) == 1
    assert cache.by_key(key).timezone == world.site_a.timezone  # one refresh at a time
    assert len(later) == 1
    later[0]()
    assert cache.by_key(key).timezone == "Asia/Tokyo"


def test_an_unknown_key_is_read_while_waiting(app, world):
    assert SiteCache().by_key("no-such-key") is None
    assert site_cache.TTL > 0
