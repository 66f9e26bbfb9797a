"""The account page: changing one's password, personal API tokens."""

from __future__ import annotations

import re

from sitetracker import tenancy
from sitetracker.db import database
from sitetracker.models import ApiToken

from ..conftest import PASSWORD, csrf_of, login

NEW_PASSWORD = "a much longer new password"


def post(client, path: str, **data: str):
    data.setdefault("csrf_token", csrf_of(client))
    return client.post(path, data=data)


def token_shown(page: bytes) -> str:
    match = re.search(r'id="new-token"[^>]*>(st_[^<]+)</textarea>', page.decode())
    assert match, "the new token is shown"
    return match.group(1)


def test_password_change_keeps_this_session_and_ends_the_others(app, client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    elsewhere = app.test_client()
    login(elsewhere, "o@a.test")
    assert elsewhere.get("/").status_code == 200

    response = post(client, "/account/password", current_password=PASSWORD,
                    new_password=NEW_PASSWORD)
    assert response.status_code == 302
    assert b"Password changed" in client.get("/account").data
    assert client.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302

    assert login(app.test_client(), "o@a.test", PASSWORD).status_code == 400
    assert login(app.test_client(), "o@a.test", NEW_PASSWORD).status_code == 302


def test_password_change_with_wrong_current_password_is_400(app, client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    response = post(client, "/account/password", current_password="wrong one",
                    new_password=NEW_PASSWORD)
    assert response.status_code == 400
    assert b'id="current_password-error"' in response.data
    assert login(app.test_client(), "o@a.test", PASSWORD).status_code == 302


def test_too_short_new_password_is_400_beside_the_field(app, client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    response = post(client, "/account/password", current_password=PASSWORD, new_password="short")
    assert response.status_code == 400
    assert b'id="new_password-error"' in response.data
    assert login(app.test_client(), "o@a.test", PASSWORD).status_code == 302


def test_password_change_without_csrf_token_is_refused(app, client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": NEW_PASSWORD,
    })
    assert response.status_code == 400
    assert login(app.test_client(), "o@a.test", PASSWORD).status_code == 302


def test_api_token_is_shown_once_and_works_as_bearer(client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    response = post(client, "/account/tokens", name="Nightly export")
    assert response.status_code == 200
    token = token_shown(response.data)

    listing = client.get("/account").data
    assert token.encode() not in listing
    assert b"Nightly export" in listing and token[:10].encode() in listing

    api = client.application.test_client()
    sites = api.get("/api/sites", headers={"Authorization": f"Bearer {token}"})
    assert sites.status_code == 200
    assert [s["name"] for s in sites.json["sites"]] == ["Shop A", "Shop A2"]


def test_revoked_api_token_gets_401(client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    token = token_shown(post(client, "/account/tokens", name="ci").data)
    with database.connection_context():
        row = ApiToken.get(ApiToken.name == "ci")
    response = post(client, f"/account/tokens/{row.id}/delete")
    assert response.status_code == 302
    assert b"revoked" in client.get("/account").data
    api = client.application.test_client()
    assert api.get("/api/sites", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_another_persons_token_cannot_be_revoked(client, world, login_as, make_user):
    other = make_user("b@b.test", "owner", organization=world.org_b)
    with database.connection_context():
        token, row = tenancy.create_api_token(other, "theirs")
    login_as("o@a.test", "owner", organization=world.org_a)
    assert b"theirs" not in client.get("/account").data
    assert post(client, f"/account/tokens/{row.id}/delete").status_code == 404
    api = client.application.test_client()
    assert api.get("/api/sites", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_api_token_without_a_name_is_400_and_none_is_made(client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    response = post(client, "/account/tokens", name="  ")
    assert response.status_code == 400
    assert b'id="token-name-error"' in response.data
    with database.connection_context():
        assert ApiToken.select().count() == 0


def test_api_token_markup_in_name_is_escaped(client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    post(client, "/account/tokens", name="<b>x</b>")
    page = client.get("/account").data
    assert b"<b>x</b>" not in page and b"&lt;b&gt;x&lt;/b&gt;" in page
