"""Limits per address: shoppers' sockets open at once and beacons a minute, configurable,
and counted in /healthz."""

from __future__ import annotations

import json

import pytest

from sitetracker.app import socketio_of
from sitetracker.auth import signing
from sitetracker.auth.tokens import mint_admin_token
from sitetracker.limits import MAX_ADDRESSES, AddressLimits

from .agents import CHROME
from .beacons import live

OFFICE = "203.0.113.7"
ELSEWHERE = "198.51.100.9"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "shopper_sockets_per_ip": 3, "collect_per_ip_per_minute": 5,
            "max_connections": 16}


@pytest.fixture
def app_clock(clock):
    return clock


def shopper_socket(app, site, visitor, ip):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return socketio_of(app).test_client(
        app, namespace=f"/site/{site.public_key}",
        auth={"v": visitor, "s": "session-0001", "ret": 0},
        headers={"Origin": "https://shop-a.test", "User-Agent": CHROME},
        flask_test_client=client)


def post_beacon(client, site, visitor, ip, headers=None):
    body = json.dumps({"k": site.public_key, "v": visitor, "ev": {
        "n": "pageview", "u": "https://shop-a.test/"}})
    return client.post("/api/collect", data=body, environ_base={"REMOTE_ADDR": ip},
                       headers={"Origin": "https://shop-a.test", "User-Agent": CHROME,
                                "Content-Type": "text/plain", **(headers or {})})


def test_one_address_opens_at_most_the_configured_shopper_sockets(app, client, world):
    site = world.site_a
    namespace = f"/site/{site.public_key}"
    socks = [shopper_socket(app, site, f"visitor-{n:04d}", OFFICE) for n in range(4)]
    assert [s.is_connected(namespace) for s in socks] == [True, True, True, False]
    assert live(app, site)["users"] == 3
    assert shopper_socket(app, site, "visitor-9999", ELSEWHERE).is_connected(namespace)
    socks[0].disconnect(namespace)
    assert shopper_socket(app, site, "visitor-0005", OFFICE).is_connected(namespace)
    report = client.get("/healthz").get_json()["limits"]
    assert report["shopper_sockets_per_ip"] == 3
    assert report["refused"]["sockets"] == 1
    assert report["shopper_sockets_open"] == 4


def test_one_address_sends_at_most_the_configured_beacons_a_minute(app, client, world,
                                                                    clock):
    site = world.site_a
    statuses = [post_beacon(client, site, "visitor-0001", OFFICE).status_code
                for _ in range(6)]
    assert statuses == [202] * 5 + [429]
    refused = post_beacon(client, site, "visitor-0001", OFFICE)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert refused.get_json()["error"]["status"] == 429
    assert refused.headers["Access-Control-Allow-Origin"] == "https://shop-a.test"
    assert post_beacon(client, site, "visitor-0002", ELSEWHERE).status_code == 202
    clock.advance(61)
    assert post_beacon(client, site, "visitor-0001", OFFICE).status_code == 202
    assert client.get("/healthz").get_json()["limits"]["refused"]["collect"] == 2


def test_signed_server_side_beacons_are_not_limited_by_address(app, client, world, clock):
    site = world.site_a
    for n in range(8):
        body = json.dumps({"k": site.public_key, "v": f"visitor-{n:04d}",
                           "ev": {"n": "purchase"}}).encode()
        timestamp, nonce = str(int(clock.now())), f"limits-nonce-{n:04d}"
        response = client.post("/api/collect", data=body, environ_base={"REMOTE_ADDR": OFFICE},
                               headers={
                                   signing.TIMESTAMP_HEADER: timestamp,
                                   signing.NONCE_HEADER: nonce,
                                   signing.SIGNATURE_HEADER: signing.sign(
                                       site.secret, timestamp, nonce, body)})
        assert response.status_code == 202


def test_a_limit_of_zero_turns_it_off():
    limits = AddressLimits(0, 0)
    assert all(limits.open_socket(f"sid{n}", OFFICE) for n in range(1000))
    assert all(limits.take_collect(OFFICE, 0.0) == 0 for _ in range(1000))


def test_remembered_addresses_stay_bounded():
    limits = AddressLimits(0, 10)
    for n in range(MAX_ADDRESSES + 50):
        limits.take_collect(f"10.{n >> 16}.{(n >> 8) & 255}.{n & 255}", float(n) / 1000)
    assert len(limits._collect) <= MAX_ADDRESSES


def test_shoppers_at_the_worker_limit_leave_room_for_admins_and_health(app, client, world):
    site = world.site_a
    namespace = f"/site/{site.public_key}"
    socks = [shopper_socket(app, site, f"visitor-{n:04d}", f"198.51.100.{n}")
             for n in range(17)]
    assert [s.is_connected(namespace) for s in socks] == [True] * 16 + [False]
    token = mint_admin_token(site.secret, site.public_key, "owner@a.test")
    admin = socketio_of(app).test_client(app, namespace=namespace, auth={"token": token},
                                         flask_test_client=client)
    assert admin.is_connected(namespace)
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.get_json()["limits"]["shopper_sockets_max"] == 16
    socks[0].disconnect(namespace)
    assert shopper_socket(app, site, "visitor-0100", "198.51.100.100").is_connected(namespace)
