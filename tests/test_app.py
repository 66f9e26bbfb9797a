"""The app factory (app.py): each app made from its own settings with its own services,
its clock, its body limit, its session cookie, and the errors no route answers."""

from __future__ import annotations

import json

from sitetracker import create_app
from sitetracker.app import MAX_BODY_BYTES, socketio_of
from sitetracker.clock import ManualClock

from .conftest import login


def test_each_app_has_its_own_services_and_the_clock_it_was_given(app_config, clock):
    first = create_app(app_config, clock=clock)
    second = create_app(app_config)
    assert first.extensions["sitetracker"].clock is clock
    assert not isinstance(second.extensions["sitetracker"].clock, ManualClock)
    for name in ("sitetracker", "sitetracker.watch", "sitetracker.messaging",
                 "sitetracker.notify", "socketio"):
        assert first.extensions[name] is not second.extensions[name], name
    assert socketio_of(first) is first.extensions["socketio"]


def test_a_body_over_the_limit_is_refused_413(client, world):
    body = {"k": world.site_a.public_key, "v": "visitor-0001",
            "ev": {"n": "pageview", "u": "https://shop-a.test/" + "x" * MAX_BODY_BYTES}}
    response = client.post("/api/collect", data=json.dumps(body), headers={
        "Origin": "https://shop-a.test", "Content-Type": "text/plain"})
    assert response.status_code == 413
    assert response.get_json()["error"]["status"] == 413


def test_no_route_is_a_json_error_under_api_and_the_error_page_elsewhere(client):
    api = client.get("/api/nothing/here")
    assert api.status_code == 404 and api.get_json()["error"]["status"] == 404
    wrong_method = client.delete("/api/collect")
    assert wrong_method.status_code == 405 and wrong_method.get_json()["error"]["status"] == 405
    page = client.get("/nothing/here")
    assert page.status_code == 404 and page.mimetype == "text/html"


def test_signing_in_sets_the_apps_own_http_only_cookie(client, world, make_user):
    make_user("o@a.test", "owner", organization=world.org_a)
    response = login(client, "o@a.test")
    assert response.status_code == 302
    [cookie] = [c for c in response.headers.getlist("Set-Cookie")
                if c.startswith("sitetracker_session=")]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
