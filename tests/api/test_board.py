"""The board API: a person's layout per site (read, saved, reset) and the history the
board's graphs read."""

from __future__ import annotations

import json

from sitetracker.board.models import BoardLayout
from sitetracker.board.tiles import default_layout
from sitetracker.db import database

from ..board import test_board as board
from ..board.test_board import layout, put
from ..conftest import csrf_of, login

clock = board.clock  # the fixture: the app's clock at a Wednesday, 14:30 UTC


def test_a_new_board_is_the_default_layout(client, world, login_as):
    login_as("v@a.test", "viewer", organization=world.org_a)
    board = client.get(f"/api/sites/{world.site_a.public_key}/board").get_json()
    assert board["saved"] is False
    assert board["theme"] == "dark"
    assert [t["type"] for t in board["tiles"]] == [t["type"] for t in default_layout()["tiles"]]
    assert "live_users" in board["tile_types"]


def test_a_viewer_saves_their_own_layout_per_site(client, world, login_as, make_user):
    login_as("v@a.test", "viewer", organization=world.org_a)
    tiles = [{"id": "users", "type": "live_users", "x": 6, "y": 0, "w": 3, "h": 2,
              "thresholds": {"above": 200, "below": None}},
             {"id": "map", "type": "map", "x": 0, "y": 0, "w": 6, "h": 5}]
    response = put(client, world.site_a.public_key, {"theme": "light", "tiles": tiles})
    assert response.status_code == 200, response.get_json()
    saved = client.get(f"/api/sites/{world.site_a.public_key}/board").get_json()
    assert saved["saved"] is True and saved["theme"] == "light"
    assert saved["tiles"][0] == tiles[0] | {"thresholds": {"above": 200.0, "below": None}}
    assert saved["tiles"][1]["thresholds"] == {"above": None, "below": None}

    # The other site, and another person on the same site, keep the default.
    other = client.get(f"/api/sites/{world.site_a2.public_key}/board").get_json()
    assert other["saved"] is False
    make_user("w@a.test", "viewer", organization=world.org_a)
    assert login(client, "w@a.test").status_code == 302
    assert client.get(f"/api/sites/{world.site_a.public_key}/board").get_json()["saved"] is False

    # Saving again replaces the row; DELETE goes back to the default.
    assert login(client, "v@a.test").status_code == 302
    put(client, world.site_a.public_key, {"tiles": tiles[:1]})
    with database.connection_context():
        rows = list(BoardLayout.select().where(BoardLayout.site == world.site_a.id))
    assert len(rows) == 1 and json.loads(rows[0].layout)["tiles"][0]["id"] == "users"
    assert rows[0].theme == "dark"
    reset = client.delete(f"/api/sites/{world.site_a.public_key}/board",
                          headers={"X-CSRF-Token": csrf_of(client)})
    assert reset.get_json()["saved"] is False


def test_a_body_that_is_not_an_object_is_400(client, world, login_as):
    login_as("v@a.test", "viewer", organization=world.org_a)
    response = put(client, world.site_a.public_key, [1, 2])
    assert response.status_code == 400
    assert "body" in response.get_json()["error"]["fields"]


def test_another_organizations_board_is_404(client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    key = world.site_b.public_key
    assert client.get(f"/api/sites/{key}/board").status_code == 404
    assert put(client, key, layout()).status_code == 404
    assert client.get(f"/api/sites/{key}/history").status_code == 404
    assert client.get(f"/sites/{key}/board").status_code == 404


def test_saving_needs_the_csrf_token_and_a_session(client, world, login_as):
    response = client.get(f"/api/sites/{world.site_a.public_key}/board")
    assert response.status_code == 401
    login_as("o@a.test", "owner", organization=world.org_a)
    response = client.put(f"/api/sites/{world.site_a.public_key}/board", json=layout())
    assert response.status_code == 400
    assert "csrf_token" in response.get_json()["error"]["fields"]


def test_history_of_a_new_site_is_empty(client, world, login_as, clock):
    login_as("v@a.test", "viewer", organization=world.org_a)
    answer = client.get(f"/api/sites/{world.site_a2.public_key}/history").get_json()
    assert answer["minutes"] == []
    assert answer["typical"] == {"days": 0, "bucket": 5, "concurrents": [], "engaged": []}
    assert answer["last_week"] == {"now": None, "concurrents": []}
    assert answer["sources"] == {"referrers": [], "utm_sources": [], "utm_campaigns": []}


def test_history_minutes_are_bounded(client, world, login_as, clock):
    login_as("v@a.test", "viewer", organization=world.org_a)
    response = client.get(f"/api/sites/{world.site_a2.public_key}/history?minutes=5000")
    assert response.status_code == 400
    assert "minutes" in response.get_json()["error"]["fields"]
