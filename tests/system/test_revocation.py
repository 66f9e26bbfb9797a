"""Access ends on every worker: with two workers sharing Redis, signing out, removing an
admin from the organization or rotating the site secret on one worker disconnects the
admin sockets the other worker holds, within seconds."""

from __future__ import annotations

import http.cookiejar
import re
import time
import urllib.parse
import urllib.request
import uuid

import pytest
import socketio

from sitetracker import migrations, tenancy
from sitetracker.auth.tokens import mint_admin_token
from sitetracker.db import connect, database
from sitetracker.models import Membership, User

from ..conftest import REDIS_URL, redis_or_skip
from ..servers import running_server

PASSWORD = "long enough password"


class Browser:
    """Signs in through the login form and keeps the cookie, like a person's browser."""

    def __init__(self, server) -> None:
        self.server = server
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self, path: str) -> str:
        with self.opener.open(self.server.url + path, timeout=10) as response:
            return re.search(r'name="csrf_token" value="([^"]+)"', response.read().decode())[1]

    def post(self, path: str, form_page: str, **data: str) -> int:
        data["csrf_token"] = self.csrf(form_page)
        body = urllib.parse.urlencode(data).encode()
        with self.opener.open(self.server.url + path, body, timeout=10) as response:
            return response.status

    def sign_in(self, email: str) -> None:
        self.post("/login", "/login", email=email, password=PASSWORD)

    @property
    def cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def admin_socket(server, key: str, auth: dict, cookie: str = "") -> socketio.Client:
    client = socketio.Client(reconnection=False,
                             websocket_extra_options={"origin": server.url})
    client.connect(server.url, namespaces=[f"/site/{key}"], transports=["websocket"],
                   headers={"Cookie": cookie} if cookie else {}, auth=auth, wait_timeout=10)
    return client


def wait_for(predicate, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return bool(predicate())


@pytest.fixture
def shop(database_url):
    connect(database_url)
    migrations.upgrade()
    with database.connection_context():
        org = tenancy.create_organization("Workers")
        site = tenancy.create_site(org, "Worker shop", ["shop-a.test"])
        for email, role in [("owner@workers.test", "owner"), ("ann@workers.test", "admin"),
                            ("bob@workers.test", "admin")]:
            tenancy.add_member(email, role, organization=org, password=PASSWORD)
    return site


def test_access_ended_on_one_worker_disconnects_sockets_held_by_the_other(
        tmp_path, database_url, shop):
    redis_or_skip()
    key = shop.public_key
    shared = {"redis_url": REDIS_URL, "redis_prefix": "t" + uuid.uuid4().hex[:8],
              "secret_key": uuid.uuid4().hex}
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with running_server(tmp_path / "a", database_url, **shared) as a, \
            running_server(tmp_path / "b", database_url, **shared) as b:
        owner, ann, bob = Browser(b), Browser(b), Browser(b)
        for person, email in [(owner, "owner"), (ann, "ann"), (bob, "bob")]:
            person.sign_in(f"{email}@workers.test")
        # Their dashboards' sockets are held by worker A; what ends access happens on B.
        ann_socket = admin_socket(a, key, {"admin": True}, ann.cookie)
        bob_socket = admin_socket(a, key, {"admin": True}, bob.cookie)
        overlay = admin_socket(a, key, {"token": mint_admin_token(shop.secret, key, "overlay")})
        watcher = admin_socket(a, key, {"admin": True}, owner.cookie)
        assert all(s.connected for s in (ann_socket, bob_socket, overlay, watcher))

        assert ann.post("/logout", "/account") == 200
        assert wait_for(lambda: not ann_socket.connected), "signing out on B ends it on A"

        with database.connection_context():
            bob_role = Membership.select().join(User).where(
                User.email == "bob@workers.test").get()
        assert owner.post(f"/users/{bob_role.id}/delete", "/users") == 200
        assert wait_for(lambda: not bob_socket.connected), "removal on B ends it on A"

        assert owner.post(f"/sites/{key}/rotate-secret", f"/sites/{key}/rotate-secret") == 200
        assert wait_for(lambda: not overlay.connected), "a rotation on B ends it on A"

        assert watcher.connected, "the owner's own socket is untouched"
        watcher.disconnect()
