"""The admin web as a whole: signing in and out, security headers (CSRF is
tests/auth/test_csrf.py's, the layout test_layout.py's)."""

from __future__ import annotations

import re

import pytest

from sitetracker import tenancy
from sitetracker.db import database

from ..conftest import PASSWORD, csrf_of, login

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self' ws: wss:; frame-ancestors 'none'"
)


def test_login_then_logout_returns_to_the_login_page(client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    page = client.get("/")
    assert page.status_code == 200
    assert b"o@a.test" in page.data

    response = client.post("/logout", data={"csrf_token": csrf_of(client)})
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    after = client.get("/")
    assert after.status_code == 302
    assert after.headers["Location"].startswith("/login")


def test_login_leads_to_the_overview_for_several_sites(client, world, make_user):
    make_user("o@a.test", "owner", organization=world.org_a)
    response = login(client, "o@a.test")
    assert response.status_code == 302
    assert response.headers["Location"] == "/overview"


def test_login_leads_to_the_board_of_the_only_site(client, world, make_user):
    make_user("o@b.test", "owner", organization=world.org_b)
    response = login(client, "o@b.test")
    assert response.headers["Location"] == f"/sites/{world.site_b.public_key}/board"


def test_login_leads_to_the_sites_page_without_sites(client, world, make_user):
    with database.connection_context():
        org = tenancy.create_organization("Empty C")
    make_user("o@c.test", "owner", organization=org)
    response = login(client, "o@c.test")
    assert response.headers["Location"] == "/"


def test_login_with_wrong_password_is_400_and_signs_nobody_in(client, world, make_user):
    make_user("o@a.test", "owner", organization=world.org_a)
    response = login(client, "o@a.test", "not the password")
    assert response.status_code == 400
    assert b"email or password is wrong" in response.data
    with client.session_transaction() as sess:
        assert "sid" not in sess
    assert client.get("/").status_code == 302


def test_login_with_unknown_email_gives_the_same_error(client, world, make_user):
    make_user("o@a.test", "owner", organization=world.org_a)
    wrong_password = login(client, "o@a.test", "not the password")
    unknown = login(client, "nobody@a.test", PASSWORD)
    assert unknown.status_code == wrong_password.status_code == 400
    assert b"email or password is wrong" in unknown.data
    assert b"nobody@a.test" in unknown.data  # the form keeps what was typed


def test_login_is_case_insensitive_on_the_email(client, world, make_user):
    make_user("o@a.test", "owner", organization=world.org_a)
    assert login(client, "O@A.Test").status_code == 302


def test_login_without_email_is_400_naming_the_field(client):
    client.get("/login")
    response = client.post("/login", data={"password": "x", "csrf_token": csrf_of(client)})
    assert response.status_code == 400
    assert re.search(rb'id="email-error"[^>]*>[^<]*required', response.data, re.I)


def test_login_follows_a_local_next_path(client, world, make_user):
    make_user("o@a.test", "owner", organization=world.org_a)
    client.get("/login")
    response = client.post("/login", data={
        "email": "o@a.test", "password": PASSWORD, "next": "/account",
        "csrf_token": csrf_of(client),
    })
    assert response.headers["Location"] == "/account"


@pytest.mark.parametrize(
    "target",
    ["//evil.test", "//evil.test/path", "https://evil.test/", "/\\evil.test", "/\t/evil.test",
     "javascript:alert(1)", "evil.test"],
)
def test_login_does_not_follow_next_to_another_host(client, world, make_user, target):
    make_user("o@a.test", "owner", organization=world.org_a)
    page = client.get("/login", query_string={"next": target})
    assert b"evil.test" not in page.data
    response = client.post("/login", data={
        "email": "o@a.test", "password": PASSWORD, "next": target,
        "csrf_token": csrf_of(client),
    })
    assert response.status_code == 302
    assert response.headers["Location"] == "/overview"


def test_signed_out_visit_comes_back_after_login(client, world, make_user):
    make_user("o@a.test", "owner", organization=world.org_a)
    response = client.get("/account")
    assert response.status_code == 302
    form = client.get(response.headers["Location"])
    assert b'name="next" value="/account"' in form.data
    response = client.post("/login", data={
        "email": "o@a.test", "password": PASSWORD, "next": "/account",
        "csrf_token": csrf_of(client),
    })
    assert response.headers["Location"] == "/account"


@pytest.mark.parametrize("path", ["/", "/sites/new", "/users", "/account", "/sites/abc"])
def test_pages_send_signed_out_visitors_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


@pytest.mark.parametrize("path", ["/login", "/", "/sites/unknown", "/account"])
def test_html_pages_carry_security_headers(client, world, login_as, path):
    login_as("o@a.test", "owner", organization=world.org_a)
    response = client.get(path)
    assert response.mimetype == "text/html"
    assert response.headers["Content-Security-Policy"] == CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_refused_csrf_page_also_carries_security_headers(client):
    response = client.post("/logout")
    assert response.status_code == 400
    assert response.headers["Content-Security-Policy"] == CSP


def test_pages_have_no_inline_script_or_style(client, world, login_as):
    """A strict CSP blocks inline code, so the pages must not depend on any."""
    login_as("o@a.test", "owner", organization=world.org_a)
    key = world.site_a.public_key
    for path in ["/", f"/sites/{key}", "/sites/new", "/users", "/account"]:
        html = client.get(path).data.decode()
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
        assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)
        assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=", html), path


def test_stylesheet_and_script_are_served(client):
    css = client.get("/static/css/app.css")
    js = client.get("/static/js/app.js")
    assert css.status_code == js.status_code == 200
    assert css.mimetype == "text/css"
    assert b"data-copy" in js.data
    css.close()
    js.close()


def test_signing_in_from_the_front_door_opens_the_board_of_a_single_site(client, world,
                                                                          make_user):
    from ..conftest import PASSWORD

    make_user("solo@a.test", "viewer", site=world.site_a)
    assert client.get("/").status_code == 302  # to /login?next=/?
    client.get("/login?next=/?")
    with client.session_transaction() as sess:
        token = sess.get("csrf", "")
    response = client.post("/login", data={"email": "solo@a.test", "password": PASSWORD,
                                           "csrf_token": token, "next": "/?"})
    assert response.headers["Location"].endswith(f"/sites/{world.site_a.public_key}/board")
