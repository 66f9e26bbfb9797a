"""GET /api/overview: today's totals and figures of the user's sites only."""

from __future__ import annotations

from ..beacons import beacon


def test_the_overview_holds_only_the_users_sites_and_their_sum(app, client, world, login_as):
    for key, n in ((world.site_a.public_key, 2), (world.site_a2.public_key, 1),
                   (world.site_b.public_key, 5)):
        domain = {world.site_a.public_key: "shop-a.test", world.site_a2.public_key: "a2.test",
                  world.site_b.public_key: "shop-b.test"}[key]
        beacon(client, key, [{"n": "pageview", "u": f"https://{domain}/{i}"} for i in range(n)],
               origin=f"https://{domain}")
    app.extensions["sitetracker"].buffer.flush()
    login_as("owner@a.test", "owner", organization=world.org_a)
    body = client.get("/api/overview").json
    assert [s["key"] for s in body["sites"]] == [world.site_a.public_key,
                                                 world.site_a2.public_key]
    assert body["totals"]["pageviews"] == 3 == sum(s["pageviews"] for s in body["sites"])
    assert body["totals"]["active_sites"] == 2
    searched = client.get("/api/overview?q=a2.test").json
    assert [s["key"] for s in searched["sites"]] == [world.site_a2.public_key]
    assert searched["totals"]["pageviews"] == 1


def test_a_search_longer_than_120_characters_is_refused(client, world, login_as):
    login_as("viewer@a.test", "viewer", organization=world.org_a)
    response = client.get("/api/overview?q=" + "x" * 121)
    assert response.status_code == 400
    assert "q" in response.json["error"]["fields"]
    assert client.get("/api/overview").status_code == 200
