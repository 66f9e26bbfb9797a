"""The live board's server side: layouts per person and site, their validation, the
history the graphs need, the board and overview pages."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from sitetracker.board.models import BoardLayout
from sitetracker.board.tiles import default_layout
from sitetracker.db import database
from sitetracker.models import DailyCount

from .. import minutes
from ..conftest import csrf_of, login
from ..minutes import NOW, seed

# The board's clock (tests/minutes.py), a fixture, by its name.
clock = minutes.clock


def put(client: Any, key: str, body: Any) -> Any:
    return client.put(f"/api/sites/{key}/board", json=body,
                      headers={"X-CSRF-Token": csrf_of(client)})


def layout(**changes: Any) -> dict[str, Any]:
    board = default_layout()
    board.update(changes)
    return board


# -- layouts ---------------------------------------------------------------------------
def test_a_new_board_is_the_default_layout(client, world, login_as):
    login_as("v@a.test", "viewer", organization=world.org_a)
    board = client.get(f"/api/sites/{world.site_a.public_key}/board").get_json()
    assert board["saved"] is False
    assert board["theme"] == "dark"
    assert [t["type"] for t in board["tiles"]] == [t["type"] for t in default_layout()["tiles"]]
    assert "live_users" in board["tile_types"]


def test_the_board_names_its_tile_types_in_the_add_menus_order(client, world, login_as):
    login_as("v@a.test", "viewer", organization=world.org_a)
    board = client.get(f"/api/sites/{world.site_a.public_key}/board").get_json()
    assert board["tile_types"] == [
        "live_users", "engaged", "peak", "map", "pages", "stream", "devices", "visitors",
        "platforms", "sources", "activity", "shoppers",
        # The features' tiles after the board's own, as the app factory adds them.
        "funnel", "carts", "abandonment", "events", "page_types", "rescues",
        "vitals", "products", "searches",
    ]


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


# -- history ---------------------------------------------------------------------------
def test_history_gives_the_typical_band_and_last_weeks_value(client, world, login_as, clock):
    site = world.site_a2  # UTC
    midnight = NOW.replace(hour=0, minute=0, second=0)
    rows = []
    # Four previous days with traffic at 14:30-14:34: 2, 4, 6 and 8 shoppers each minute.
    for days_back, users in ((1, 2), (2, 4), (3, 6), (7, 8)):
        for minute in range(5):
            rows.append((midnight - timedelta(days=days_back) + timedelta(hours=14,
                                                                          minutes=30 + minute),
                         users, users * 30.0))
    # Last week at 14:28-14:30 (this time of day): 8, then 11.
    rows.append((midnight - timedelta(days=7) + timedelta(hours=14, minutes=29), 11, 0.0))
    # Today so far.
    rows += [(midnight + timedelta(hours=14, minutes=5), 3, 60.0),
             (midnight + timedelta(hours=14, minutes=29), 5, 90.0)]
    seed(site.id, rows)
    login_as("v@a.test", "viewer", organization=world.org_a)

    answer = client.get(f"/api/sites/{site.public_key}/history?minutes=30").get_json()
    assert answer["midnight"] == midnight.timestamp()
    assert answer["minutes"] == [
        [int((midnight + timedelta(hours=14, minutes=5)).timestamp()), 3, 1.0],
        [int((midnight + timedelta(hours=14, minutes=29)).timestamp()), 5, 1.5],
    ]
    typical = answer["typical"]
    assert typical["days"] == 4 and typical["bucket"] == 5
    slot = (14 * 60 + 30) // 5
    # Each day's mean over the 14:30 bucket is 2, 4, 6 and 8 (last week's 14:29 belongs
    # to the bucket before): p25 = 3.5, median = 5, p75 = 6.5.
    assert typical["concurrents"][slot] == [870, 3.5, 5.0, 6.5]
    assert typical["engaged"][slot] == [870, 1.75, 2.5, 3.25]
    assert typical["concurrents"][slot + 1][1:] == [0.0, 0.0, 0.0]
    assert len(typical["concurrents"]) == 288

    week = answer["last_week"]
    assert week["now"] == 11
    assert [14 * 60 + 29, 11] in week["concurrents"]


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


def test_sources_today_are_ranked_and_in_the_snapshot(client, world, login_as, clock):
    day = NOW.date()
    with database.connection_context():
        for metric, key, value in (("referrer", "google.com", 5), ("referrer", "direct", 9),
                                   ("utm_campaign", "spring", 2), ("pageviews", "", 14)):
            DailyCount.create(site=world.site_a2.id, day=day, metric=metric, key=key,
                              value=value)
        DailyCount.create(site=world.site_a2.id, day=day - timedelta(days=1),
                          metric="referrer", key="yesterday.com", value=50)
    login_as("v@a.test", "viewer", organization=world.org_a)
    expected = {"referrers": [["direct", 9], ["google.com", 5]], "utm_sources": [],
                "utm_campaigns": [["spring", 2]]}
    key = world.site_a2.public_key
    assert client.get(f"/api/sites/{key}/history").get_json()["sources"] == expected
    assert client.get(f"/api/sites/{key}/live").get_json()["sources_today"] == expected


# -- pages -----------------------------------------------------------------------------
def test_the_board_page_carries_the_csrf_token_and_scripts(client, world, login_as):
    login_as("v@a.test", "viewer", organization=world.org_a)
    page = client.get(f"/sites/{world.site_a.public_key}/board")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'<meta name="csrf-token" content="{csrf_of(client)}">' in html
    assert 'src="/board.js"' in html and 'data-theme="dark"' in html
    assert f'data-site="{world.site_a.public_key}"' in html
    assert f'href="/sites/{world.site_a.public_key}"' in html  # Settings
    # Only our own scripts run; inline styles are allowed for the live view's replayer,
    # whose frame shows the shopper's page with its styles (headers.REPLAYER_POLICY).
    directives = dict(part.strip().split(" ", 1) for part in
                      page.headers["Content-Security-Policy"].split(";"))
    assert directives["script-src"] == "'self'"


def test_the_overview_lists_exactly_the_visible_sites(client, world, login_as):
    login_as("v@a.test", "viewer", organization=world.org_a)
    html = client.get("/overview").get_data(as_text=True)
    assert html.count('class="overview-card"') == 2
    for site in (world.site_a, world.site_a2):
        assert f'data-site="{site.public_key}"' in html
    assert world.site_b.public_key not in html
