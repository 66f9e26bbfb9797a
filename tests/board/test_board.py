"""The live board's server side: the tile types an app's board holds, the history the
graphs need and today's sources in the snapshot. The routes are tested in
tests/api/test_board.py and tests/web/test_board.py, the layouts' validation in
test_tiles.py."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sitetracker.board.tiles import default_layout
from sitetracker.db import database
from sitetracker.models import DailyCount

from .. import minutes
from ..conftest import csrf_of
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
