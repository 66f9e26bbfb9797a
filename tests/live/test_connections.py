"""The sockets this worker holds, by site, and each one's rate limit
(live/connections.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from sitetracker.domain import SiteInfo
from sitetracker.live import connections
from sitetracker.live.connections import (
    BURST,
    EVENTS_PER_SECOND,
    AdminGrant,
    Connection,
    Connections,
    RateLimit,
)

SITE = SiteInfo(id=1, key="k1", organization_id=1, domains=("shop.test",), timezone="UTC",
                secret="s")
OTHER = SiteInfo(id=2, key="k2", organization_id=1, domains=("b.test",), timezone="UTC",
                 secret="s")


@pytest.fixture
def monotonic(monkeypatch):
    """The buckets' clock, moved by the test (``monotonic.now``)."""
    clock = SimpleNamespace(now=1000.0)
    monkeypatch.setattr(connections, "monotonic", lambda: clock.now)
    return clock


def shopper(site: SiteInfo, visitor: str) -> Connection:
    return Connection(site, "shopper", visit=SimpleNamespace(visitor=visitor))


def test_a_burst_is_granted_then_tokens_come_back_at_the_rate(monotonic):
    limit = RateLimit()
    assert limit.take(int(BURST) + 5) == int(BURST)
    assert limit.take() == 0
    monotonic.now += 1.0
    assert limit.take(100) == int(EVENTS_PER_SECOND)
    monotonic.now += 3600
    assert limit.take(int(BURST) * 2) == int(BURST)  # never more than a burst


def test_a_warning_is_due_at_most_once_a_second(monotonic):
    limit = RateLimit()
    assert limit.should_warn()
    monotonic.now += 0.5
    assert not limit.should_warn()
    monotonic.now += 0.5
    assert limit.should_warn()


def test_a_visitors_first_and_last_socket_on_this_worker_are_told(monotonic):
    held = Connections()
    assert held.add("sid-1", shopper(SITE, "v1")) is True
    assert held.add("sid-2", shopper(SITE, "v1")) is False  # a second tab
    assert held.add("sid-3", shopper(OTHER, "v1")) is True  # another site
    assert held.connected_visitors() == {1: ["v1"], 2: ["v1"]}
    conn, last = held.remove("sid-1")
    assert conn is not None and last is False
    assert held.remove("sid-2")[1] is True
    assert held.connected_visitors() == {2: ["v1"]}
    assert held.remove("sid-2") == (None, False)


def test_admins_and_bots_are_held_but_are_no_visitors(monotonic):
    held = Connections()
    grant = AdminGrant(1, "admin", user_id=7, session_id=70)
    assert held.add("sid-a", Connection(SITE, "admin", grant=grant)) is False
    assert held.add("sid-b", Connection(SITE, "shopper")) is False  # a bot's page
    assert held.connected_visitors() == {}
    assert held.sites_with_admins() == [SITE]
    assert held.remove("sid-a")[1] is False and held.sites_with_admins() == []
    assert held.remove("sid-b")[1] is False


def test_an_overlays_grant_is_by_token_and_a_dashboards_by_session():
    assert AdminGrant(1, "admin", secret_stamp="abc").by_token
    assert not AdminGrant(1, "admin", user_id=7, session_id=70).by_token
