"""The live snapshot, its server-sent event stream, and daily stats through the API."""

from __future__ import annotations

import json

import pytest

from sitetracker import tenancy
from sitetracker.db import database

from ..beacons import beacon


@pytest.fixture
def headers(world, make_user):
    user = make_user("owner@a.test", "owner", organization=world.org_a)
    with database.connection_context():
        token, _ = tenancy.create_api_token(user, "wallboard")
    return {"Authorization": f"Bearer {token}"}


def test_live_snapshot_shows_a_shopper(client, world, headers):
    beacon(client, world.site_a.public_key, {"n": "pageview", "u": "https://shop-a.test/x"})
    snap = client.get(f"/api/sites/{world.site_a.public_key}/live", headers=headers).json
    assert snap["users"] == 1 and snap["pages"] == [["/x", 1]]


def test_live_snapshot_of_another_organization_is_404(client, world, headers):
    response = client.get(f"/api/sites/{world.site_b.public_key}/live", headers=headers)
    assert response.status_code == 404


def test_live_stream_sends_snapshots_as_server_sent_events(client, world, headers):
    beacon(client, world.site_a.public_key, {"n": "pageview", "u": "https://shop-a.test/x"})
    response = client.get(f"/api/sites/{world.site_a.public_key}/live/stream", headers=headers,
                          buffered=False)
    assert response.mimetype == "text/event-stream"
    chunks = response.response
    assert next(chunks).startswith(b"retry:")
    event = next(chunks).decode()
    assert event.startswith("event: live\ndata: ")
    assert json.loads(event.split("data: ", 1)[1])["users"] == 1
    response.close()


def test_stats_give_daily_history(app, client, world, headers):
    beacon(client, world.site_a.public_key,
           {"n": "pageview", "u": "https://shop-a.test/x", "r": "https://www.google.com/"})
    app.extensions["sitetracker"].buffer.flush()
    body = client.get(f"/api/sites/{world.site_a.public_key}/stats", headers=headers).json
    assert body["timezone"] == "Europe/Paris" and len(body["days"]) == 7
    today = body["days"][-1]
    assert (today["visitors"], today["pageviews"]) == (1, 1)
    assert today["referrers"] == [["google.com", 1]]
    assert today["pages"] == [["/x", 1]]


@pytest.mark.parametrize(
    ("query", "field"),
    [("from=yesterday", "from"), ("from=2026-02-10&to=2026-01-01", "to"),
     ("from=2024-01-01&to=2026-01-01", "to"), ("from=0001-01-01&to=0001-01-31", "from")],
)
def test_bad_stats_ranges_are_400_naming_the_field(client, world, headers, query, field):
    response = client.get(f"/api/sites/{world.site_a.public_key}/stats?{query}",
                          headers=headers)
    assert response.status_code == 400
    assert field in response.json["error"]["fields"]


def test_openapi_document_describes_collect_and_live(client):
    spec = client.get("/api/openapi.json").json
    assert spec["openapi"].startswith("3.")
    assert {"/api/collect", "/api/sites/{key}/live", "/api/sites/{key}/stats"} <= set(
        spec["paths"])
    event = spec["components"]["schemas"]["Event"]
    assert event["properties"]["u"]["maxLength"] == 2000
