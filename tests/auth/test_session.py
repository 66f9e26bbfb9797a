"""Sessions live on the server: signing out ends a session wherever its cookie is used
(pages, the API, the live channel), one session or all of them from the account page,
and the list of sessions shows where one is signed in."""

from __future__ import annotations

import re

from sitetracker.app import socketio_of
from sitetracker.auth.models import UserSession
from sitetracker.db import database

from ..conftest import csrf_of, login

COOKIE = "sitetracker_session"
FIREFOX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def post(client, path, **data):
    data.setdefault("csrf_token", csrf_of(client))
    return client.post(path, data=data)


def copy_of(app, client):
    """Another browser carrying a copy of ``client``'s session cookie."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return thief


def admin_socket(app, site, http):
    return socketio_of(app).test_client(
        app, namespace=f"/site/{site.public_key}", auth={"admin": True},
        headers={"Origin": "http://localhost"}, flask_test_client=http)


def test_signing_out_ends_the_session_for_a_copied_cookie_too(app, client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    thief = copy_of(app, client)
    assert thief.get("/api/me").status_code == 200
    assert thief.get("/account").status_code == 200
    assert admin_socket(app, world.site_a, thief).is_connected(
        f"/site/{world.site_a.public_key}")

    assert post(client, "/logout").status_code == 302

    assert thief.get("/api/me").status_code == 401
    account = thief.get("/account")
    assert account.status_code == 302 and "/login" in account.headers["Location"]
    assert not admin_socket(app, world.site_a, copy_of(app, client)).is_connected(
        f"/site/{world.site_a.public_key}")
    # The copy made before signing out is refused as well.
    assert not admin_socket(app, world.site_a, thief).is_connected(
        f"/site/{world.site_a.public_key}")


def test_the_cookie_carries_a_session_key_not_the_user(app, client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    with client.session_transaction() as sess:
        assert set(sess) <= {"sid", "csrf", "_flashes", "_permanent"}
        assert "uid" not in sess


def test_account_lists_sessions_and_signs_out_another_one(app, client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    laptop = app.test_client()
    laptop.environ_base["HTTP_USER_AGENT"] = FIREFOX
    login(laptop, "o@a.test")
    page = client.get("/account").data.decode()
    assert "Firefox on Ubuntu" in page and "this one" in page
    with database.connection_context():
        theirs = UserSession.get(UserSession.user_agent == "Firefox on Ubuntu")
    assert post(client, f"/account/sessions/{theirs.id}/end").status_code == 302
    assert laptop.get("/api/me").status_code == 401
    assert "Signed out the session on Firefox on Ubuntu" in client.get("/account").data.decode()
    assert "Firefox on Ubuntu" not in client.get("/account").data.decode()
    assert client.get("/api/me").status_code == 200


def test_sign_out_everywhere_ends_every_session(app, client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    others = [app.test_client() for _ in range(2)]
    for other in others:
        login(other, "o@a.test")
    response = post(client, "/account/sessions/end-all")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "Signed out everywhere (3 sessions)" in client.get("/login").data.decode()
    for browser in (client, *others):
        assert browser.get("/api/me").status_code == 401


def test_another_persons_session_cannot_be_ended(app, client, world, login_as, make_user):
    make_user("b@b.test", "owner", organization=world.org_b)
    theirs = app.test_client()
    login(theirs, "b@b.test")
    login_as("o@a.test", "owner", organization=world.org_a)
    with database.connection_context():
        row = UserSession.select().join(UserSession.user.rel_model).where(
            UserSession.user.rel_model.email == "b@b.test").get()
    assert post(client, f"/account/sessions/{row.id}/end").status_code == 404
    assert theirs.get("/api/me").status_code == 200


def test_sessions_page_escapes_nothing_it_did_not_make(app, client, world, login_as):
    """The browser summary comes from the User-Agent header, a stranger's text."""
    client.environ_base["HTTP_USER_AGENT"] = "<script>alert(1)</script>"
    login_as("o@a.test", "owner", organization=world.org_a)
    page = client.get("/account").data.decode()
    assert "<script>alert" not in page
    assert re.search(r"Other on Other|&lt;script&gt;", page)
