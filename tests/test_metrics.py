"""GET /metrics: Prometheus' text format, for owners' API tokens, and numbers that move
with the load."""

from __future__ import annotations

from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from sitetracker import tenancy
from sitetracker.app import socketio_of
from sitetracker.auth.tokens import mint_admin_token
from sitetracker.db import database

from .agents import CHROME, GOOGLEBOT
from .beacons import SHOPPER, beacon


@pytest.fixture
def owner_token(world, make_user) -> dict[str, str]:
    user = make_user("owner@a.test", "owner", organization=world.org_a)
    with database.connection_context():
        token, _ = tenancy.create_api_token(user, "prometheus")
    return {"Authorization": f"Bearer {token}"}


def scrape(client, headers) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of /metrics, parsed by prometheus_client's own parser."""
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.data
    assert response.content_type.startswith("text/plain; version=0.0.4")
    samples = {}
    for family in text_string_to_metric_families(response.data.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_need_an_owners_api_token(client, world, make_user, login_as):
    assert client.get("/metrics").status_code == 401
    admin = make_user("admin@a.test", "admin", organization=world.org_a)
    with database.connection_context():
        token, _ = tenancy.create_api_token(admin, "prometheus")
    refused = client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 403
    assert refused.json["error"]["message"] == "only organization owners read /metrics"
    login_as("owner@a.test", "owner", organization=world.org_a)
    assert client.get("/metrics").status_code == 401  # a browser session is not enough


def test_counts_move_with_a_known_load(app, client, world, owner_token):
    key = world.site_a.public_key
    before = scrape(client, owner_token)
    assert value(before, "sitetracker_events_dropped_total", reason="throttled") == 0
    assert value(before, "sitetracker_journal_backlog") == 0

    for n in range(3):
        beacon(client, key, {"n": "pageview", "u": f"https://shop-a.test/p{n}"})
    beacon(client, key, [{"n": "pageview", "u": "https://elsewhere.test/"},
                         {"n": "pageview", "u": "https://shop-a.test/"}])
    beacon(client, key, {"n": "pageview", "u": "https://shop-a.test/"}, ua=GOOGLEBOT)
    after = scrape(client, owner_token)

    def moved(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("sitetracker_events_received_total") == 6
    assert moved("sitetracker_events_kept_total") == 4
    assert moved("sitetracker_events_dropped_total", reason="foreign_page") == 1
    assert moved("sitetracker_events_dropped_total", reason="bot") == 1
    route = {"method": "POST", "route": "/api/collect", "status": "2xx"}
    assert moved("sitetracker_request_duration_seconds_count", **route) == 5
    assert moved("sitetracker_request_duration_seconds_bucket", le="+Inf", **route) == 5
    assert value(after, "sitetracker_buffered_items") > 0

    app.extensions["sitetracker"].buffer.flush()
    flushed = scrape(client, owner_token)
    assert value(flushed, "sitetracker_buffered_items") == 0
    assert 0 <= value(flushed, "sitetracker_flush_lag_seconds") < value(
        after, "sitetracker_flush_lag_seconds") + 1


def test_connected_sockets_are_counted_per_kind(app, client, world, owner_token):
    site = world.site_a
    connected: list[Any] = []

    def connect(auth: dict[str, Any]) -> None:
        connected.append(socketio_of(app).test_client(
            app, namespace=f"/site/{site.public_key}", auth=auth, flask_test_client=client,
            headers={"Origin": "https://shop-a.test", "User-Agent": CHROME}))

    connect(SHOPPER)
    connect({**SHOPPER, "v": "visitor-0002", "s": "session-0002"})
    connect({"token": mint_admin_token(site.secret, site.public_key, "owner@a.test")})
    samples = scrape(client, owner_token)
    assert value(samples, "sitetracker_connected_sockets", kind="shopper") == 2
    assert value(samples, "sitetracker_connected_sockets", kind="admin") == 1

    for sio in connected:
        sio.disconnect(namespace=f"/site/{site.public_key}")
    samples = scrape(client, owner_token)
    assert value(samples, "sitetracker_connected_sockets", kind="shopper") == 0
    assert value(samples, "sitetracker_connected_sockets", kind="admin") == 0
