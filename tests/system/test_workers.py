"""Several workers sharing live state and messages through Redis show the same numbers
as one worker."""

from __future__ import annotations

import uuid

import pytest
import socketio

from sitetracker import migrations, tenancy
from sitetracker.auth.tokens import mint_admin_token
from sitetracker.db import connect, database

from ..agents import DESKTOP, PHONE
from ..conftest import REDIS_URL, redis_or_skip
from ..servers import running_server, wait_for


@pytest.fixture
def shop(database_url):
    connect(database_url)
    migrations.upgrade()
    with database.connection_context():
        org = tenancy.create_organization("Workers")
        site = tenancy.create_site(org, "Worker shop", ["shop-a.test"])
        user, _ = tenancy.add_member("owner@workers.test", "owner", organization=org,
                                     password="long enough password")
        token, _ = tenancy.create_api_token(user, "test")
    return site, {"Authorization": f"Bearer {token}"}


def shopper(server, key: str, visitor: str, ua: str, path: str) -> socketio.Client:
    # websocket-client sends its own Origin header unless told which one to send.
    client = socketio.Client(reconnection=False,
                             websocket_extra_options={"origin": "https://shop-a.test"})
    client.connect(server.url, namespaces=[f"/site/{key}"], transports=["websocket"],
                   headers={"User-Agent": ua},
                   auth={"v": visitor, "s": visitor, "ret": 0}, wait_timeout=10)
    client.call("ev", {"n": "pageview", "u": f"https://shop-a.test{path}"},
                namespace=f"/site/{key}", timeout=10)
    return client


def live(server, key, headers):
    return server.get(f"/api/sites/{key}/live", headers)


def numbers(snap):
    return snap["users"], snap["devices"], sorted(map(tuple, snap["pages"]))


def test_two_workers_show_the_same_numbers_as_one(tmp_path, database_url, shop):
    redis_or_skip()
    site, headers = shop
    key = site.public_key
    shared = {"redis_url": REDIS_URL, "redis_prefix": "t" + uuid.uuid4().hex[:8]}
    people = [("visitor-aaaa1", DESKTOP, "/"), ("visitor-bbbb2", DESKTOP, "/cart"),
              ("visitor-cccc3", PHONE, "/")]

    with running_server(tmp_path, database_url) as single:
        clients = [shopper(single, key, *p) for p in people]
        expected = wait_for(lambda: numbers(live(single, key, headers)))
        for c in clients:
            c.disconnect()

    assert expected[0] == 3
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with running_server(tmp_path / "a", database_url, **shared) as a, \
            running_server(tmp_path / "b", database_url, **shared) as b:
        # Shoppers land on both workers, as behind a load balancer.
        clients = [shopper(a, key, *people[0]), shopper(b, key, *people[1]),
                   shopper(a, key, *people[2])]
        seen_a = wait_for(lambda: numbers(live(a, key, headers)) == expected
                          and numbers(live(a, key, headers)))
        seen_b = numbers(live(b, key, headers))

        # An admin on worker B is pushed the numbers of shoppers held by worker A.
        pushed: list[dict] = []
        admin = socketio.Client(reconnection=False)
        admin.on("live", pushed.append, namespace=f"/site/{key}")
        admin.connect(b.url, namespaces=[f"/site/{key}"], transports=["websocket"],
                      auth={"token": mint_admin_token(site.secret, key, "owner")},
                      wait_timeout=10)
        assert wait_for(lambda: len(pushed) >= 2)
        assert pushed[-1]["users"] == 3

        # One leaves from worker A; both workers see it within the departure grace.
        clients[0].disconnect()
        assert wait_for(lambda: live(b, key, headers)["users"] == 2, 15)
        for c in [*clients[1:], admin]:
            c.disconnect()

    assert seen_a == expected
    assert seen_b == expected
