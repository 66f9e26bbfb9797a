"""A site's own page-type rules on its page: admins save them, a bad one is named and
nothing saved, viewers read them."""

from __future__ import annotations

from ..commerce.test_page_types import beacon, snapshot
from ..conftest import csrf_of


def test_an_admin_saves_rules_that_apply_at_once(app, client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    site = world.site_a
    response = client.post(f"/sites/{site.public_key}/page-types", data={
        "csrf_token": csrf_of(client), "rules": "/deals/* offers"})
    assert response.status_code == 302
    assert "/deals/* offers" in client.get(f"/sites/{site.public_key}").data.decode()
    beacon(client, site, "visitor-000009",
           {"n": "pageview", "u": "https://shop-a.test/deals/today"})
    assert snapshot(app, site)["page_types"] == {"offers": 1}


def test_a_bad_rule_is_named_and_nothing_is_saved(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    key = world.site_a.public_key
    response = client.post(f"/sites/{key}/page-types", data={
        "csrf_token": csrf_of(client), "rules": "/deals/* <script>"})
    page = client.get(response.headers["Location"]).data.decode()
    assert "line 1: the type is one of" in page
    assert "<script>" not in page.split('id="page-types-title"')[1].split("</section>")[0]


def test_viewers_read_the_rules_and_cannot_change_them(client, world, login_as):
    login_as("v@a.test", "viewer", organization=world.org_a)
    key = world.site_a.public_key
    response = client.post(f"/sites/{key}/page-types", data={
        "csrf_token": csrf_of(client), "rules": "/x home"})
    assert response.status_code == 403
    page = client.get(f"/sites/{key}").data.decode()
    section = page.split('id="page-types-title"')[1].split("</section>")[0]
    assert "<form" not in section
