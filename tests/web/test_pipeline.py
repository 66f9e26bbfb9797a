"""The pipeline health page: for owners, with the counts /metrics has."""

from __future__ import annotations

from ..agents import GOOGLEBOT
from ..beacons import beacon


def test_owners_see_events_received_kept_and_dropped_by_reason(client, world, login_as):
    key = world.site_a.public_key
    beacon(client, key, [{"n": "pageview", "u": "https://shop-a.test/"},
                         {"n": "pageview", "u": "https://elsewhere.test/"}])
    beacon(client, key, {"n": "pageview", "u": "https://shop-a.test/"}, ua=GOOGLEBOT)
    login_as("owner@a.test", "owner", organization=world.org_a)
    page = client.get("/health")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<span class="muted">Events received</span><strong>3</strong>' in html
    assert '<span class="muted">Events kept</span><strong>1</strong>' in html
    assert '<td data-dropped="foreign_page">1</td>' in html
    assert '<td data-dropped="bot">1</td>' in html
    assert ">Health</a>" in client.get("/").get_data(as_text=True)


def test_admins_and_viewers_do_not_see_the_pipeline(client, world, login_as):
    login_as("admin@a.test", "admin", organization=world.org_a)
    assert client.get("/health").status_code == 403
    assert ">Health</a>" not in client.get("/").get_data(as_text=True)
