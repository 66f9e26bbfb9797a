"""CSRF protection: unsafe requests signed in by the session cookie need the session's
token (the form field or the ``X-CSRF-Token`` header); bearer tokens and unmatched
routes are not asked for one."""

from __future__ import annotations

from sitetracker import tenancy
from sitetracker.db import database
from sitetracker.headers import OTHER_POLICY

from ..api.test_sites import stored
from ..conftest import PASSWORD, csrf_of
from ..test_headers import assert_protected


def test_session_cookie_api_write_without_csrf_header_is_refused(client, world, login_as):
    login_as("s@a.test", "admin", organization=world.org_a)
    key = world.site_a.public_key
    response = client.patch(f"/api/sites/{key}", json={"name": "CSRF"})
    assert response.status_code == 400
    assert "csrf_token" in response.json["error"]["fields"]
    assert stored(world.site_a).name == "Shop A"
    with client.session_transaction() as sess:
        token = sess["csrf"]
    response = client.patch(f"/api/sites/{key}", json={"name": "Ok"},
                            headers={"X-CSRF-Token": token})
    assert response.status_code == 200


def test_login_without_csrf_token_is_refused(client, world, make_user):
    make_user("o@a.test", "owner", organization=world.org_a)
    client.get("/login")
    response = client.post("/login", data={"email": "o@a.test", "password": PASSWORD})
    assert response.status_code == 400
    with client.session_transaction() as sess:
        assert "sid" not in sess


def test_logout_without_csrf_token_is_refused_and_keeps_the_session(client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    response = client.post("/logout")
    assert response.status_code == 400
    assert b"csrf_token" in response.data
    assert client.get("/").status_code == 200


def test_csrf_still_guards_real_routes(client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    response = client.post("/api/sites", json={"name": "x", "domains": ["x.test"]})
    assert response.status_code == 400
    assert "csrf_token" in response.get_json()["error"]["fields"]
    assert_protected(response, OTHER_POLICY)


def test_the_token_is_the_same_for_the_whole_session_and_the_form_field_is_accepted(
        client, world, make_user):
    make_user("o@a.test", "owner", organization=world.org_a)
    client.get("/login")
    token = csrf_of(client)
    client.get("/login")
    assert token and csrf_of(client) == token
    response = client.post("/login", data={"email": "o@a.test", "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302


def test_a_wrong_token_is_refused_like_a_missing_one(client, world, login_as):
    login_as("s@a.test", "admin", organization=world.org_a)
    response = client.patch(f"/api/sites/{world.site_a.public_key}", json={"name": "X"},
                            headers={"X-CSRF-Token": "not-the-token"})
    assert response.status_code == 400
    assert "csrf_token" in response.json["error"]["fields"]
    assert stored(world.site_a).name == "Shop A"


def test_a_bearer_token_needs_no_csrf_token(client, world, make_user):
    user = make_user("admin@a.test", "admin", organization=world.org_a)
    with database.connection_context():
        token, _ = tenancy.create_api_token(user, "ci")
    response = client.patch(f"/api/sites/{world.site_a.public_key}", json={"name": "Bearer"},
                            headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert stored(world.site_a).name == "Bearer"
