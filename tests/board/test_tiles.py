"""The tile types and the layout schema: bad layouts refused naming the field, the
features' tiles on a new board and savable."""

from __future__ import annotations

import pytest
from marshmallow import ValidationError

from sitetracker.board.models import BoardLayout
from sitetracker.board.tiles import BOARD_TILES, COLUMNS, LayoutSchema, default_layout
from sitetracker.db import database

from .test_board import put


@pytest.mark.parametrize(("body", "field"), [
    ({"tiles": [{"id": "a", "type": "nope", "x": 0, "y": 0, "w": 3, "h": 3}]}, "tiles.0.type"),
    ({"tiles": [{"id": "a", "type": "map", "x": 12, "y": 0, "w": 3, "h": 3}]}, "tiles.0.x"),
    ({"tiles": [{"id": "a", "type": "map", "x": 10, "y": 0, "w": 3, "h": 3}]}, "tiles.0.w"),
    ({"tiles": [{"id": "a", "type": "map", "x": 0, "y": 0, "w": 3, "h": 99}]}, "tiles.0.h"),
    ({"tiles": [{"id": "a", "type": "map", "x": 0, "y": -1, "w": 3, "h": 3}]}, "tiles.0.y"),
    ({"tiles": [{"id": "a", "type": "map", "x": "0", "y": 0, "w": 3, "h": 3}]}, "tiles.0.x"),
    ({"tiles": [{"id": "<b>", "type": "map", "x": 0, "y": 0, "w": 3, "h": 3}]}, "tiles.0.id"),
    ({"tiles": [{"id": "a", "type": "map", "x": 0, "y": 0, "w": 3, "h": 3,
                 "thresholds": {"above": -1}}]}, "tiles.0.thresholds.above"),
    ({"tiles": [{"id": "a", "type": "map", "x": 0, "y": 0, "w": 3, "h": 3,
                 "thresholds": {"below": 1e12}}]}, "tiles.0.thresholds.below"),
    ({"tiles": [{"id": f"t{n}", "type": "map", "x": 0, "y": n, "w": 3, "h": 3}
                for n in range(41)]}, "tiles"),
    ({"tiles": [{"id": "a", "type": "map", "x": 0, "y": 0, "w": 3, "h": 3}] * 2}, "tiles"),
    ({"theme": "pink", "tiles": []}, "theme"),
    ({"tiles": [{"id": "e", "type": "events", "x": 0, "y": 0, "w": 6, "h": 4,
                 "options": {"event": "Bad-Name"}}]}, "tiles.0.options.event"),
    ({"tiles": [{"id": "e", "type": "events", "x": 0, "y": 0, "w": 6, "h": 4,
                 "options": {"event": "a" * 41}}]}, "tiles.0.options.event"),
    ({"tiles": [{"id": "e", "type": "events", "x": 0, "y": 0, "w": 6, "h": 4,
                 "options": {"event": "<img src=x>"}}]}, "tiles.0.options.event"),
    ({"theme": "dark"}, "tiles"),
])
def test_a_bad_layout_is_400_naming_the_field(client, world, login_as, body, field):
    login_as("v@a.test", "viewer", organization=world.org_a)
    response = put(client, world.site_a.public_key, body)
    assert response.status_code == 400
    assert field in response.get_json()["error"]["fields"], response.get_json()
    with database.connection_context():
        assert BoardLayout.select().count() == 0


def test_the_commerce_tiles_are_on_a_new_board_and_savable(client, world, login_as):
    login_as("v@a.test", "viewer", organization=world.org_a)
    board = client.get(f"/api/sites/{world.site_a.public_key}/board").get_json()
    assert {"funnel", "abandonment", "carts", "events"} <= set(board["tile_types"])
    second_row = sorted((t["x"], t["type"]) for t in board["tiles"] if t["y"] == 3)
    assert [kind for _, kind in second_row] == ["funnel", "carts", "abandonment"]

    tiles = [{"id": "funnel", "type": "funnel", "x": 0, "y": 0, "w": 5, "h": 4},
             {"id": "carts", "type": "carts", "x": 5, "y": 0, "w": 3, "h": 4},
             {"id": "history", "type": "abandonment", "x": 8, "y": 0, "w": 4, "h": 4},
             {"id": "guide", "type": "events", "x": 0, "y": 4, "w": 6, "h": 4,
              "options": {"event": "size_guide", "colour": "ignored"}}]
    response = put(client, world.site_a.public_key, {"tiles": tiles})
    assert response.status_code == 200, response.get_json()
    saved = {t["id"]: t for t in response.get_json()["tiles"]}
    assert saved["guide"]["options"] == {"event": "size_guide"}
    assert "options" not in saved["funnel"]


def test_the_default_board_fits_the_grid_with_distinct_tiles():
    board = default_layout()
    ids = [tile["id"] for tile in board["tiles"]]
    assert len(ids) == len(set(ids))
    assert all(tile["x"] + tile["w"] <= COLUMNS for tile in board["tiles"])
    assert {tile["type"] for tile in board["tiles"]} >= set(BOARD_TILES)
    assert LayoutSchema(tile_types={t["type"] for t in board["tiles"]}).load(board) == board


def test_the_default_board_shows_only_the_installed_tiles():
    board = default_layout(BOARD_TILES)
    assert [tile["type"] for tile in board["tiles"]][:3] == ["live_users", "engaged", "peak"]
    assert not {tile["type"] for tile in board["tiles"]} - set(BOARD_TILES)
    assert "funnel" not in {tile["type"] for tile in board["tiles"]}


def test_a_layout_naming_a_tile_of_a_feature_not_installed_is_refused():
    body = {"tiles": [{"id": "f", "type": "funnel", "x": 0, "y": 0, "w": 5, "h": 4}]}
    with pytest.raises(ValidationError) as refused:
        LayoutSchema().load(body)
    assert "tiles" in refused.value.messages
    loaded = LayoutSchema(tile_types=(*BOARD_TILES, "funnel")).load(body)
    assert loaded["theme"] == "dark"
    assert loaded["tiles"][0]["thresholds"] == {"above": None, "below": None}
