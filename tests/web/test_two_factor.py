"""Two-factor enrolment on the account page, recovery codes, turning it off, and
organizations that require it."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from sitetracker.auth import totp
from sitetracker.auth.models import RecoveryCode
from sitetracker.db import database
from sitetracker.models import Organization

from ..conftest import PASSWORD, csrf_of, login


def post(client, path, **data):
    data.setdefault("csrf_token", csrf_of(client))
    return client.post(path, data=data)


def secret_on(page: bytes) -> str:
    uri = re.search(r'id="totp-uri" type="text" readonly value="([^"]+)"', page.decode())
    assert uri, "the otpauth URI is shown as text"
    return parse_qs(urlsplit(uri.group(1).replace("&amp;", "&")).query)["secret"][0]


def codes_on(page: bytes) -> list[str]:
    return re.findall(r"<li>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</li>", page.decode())


def enrol(client) -> tuple[str, list[str]]:
    secret = secret_on(client.get("/account/two-factor").data)
    response = post(client, "/account/two-factor/confirm",
                    code=totp.code_at(secret, totp.now_step()))
    assert response.status_code == 200
    return secret, codes_on(response.data)


def sign_in_with(app, email, code):
    browser = app.test_client()
    login(browser, email)
    return browser, post(browser, "/login/code", code=code)


def test_enrolment_shows_a_qr_code_and_the_uri_and_needs_a_code(client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    page = client.get("/account/two-factor")
    assert page.status_code == 200
    html = page.data.decode()
    assert '<svg' in html and 'class="qr-code"' in html
    assert "otpauth://totp/SiteTracker:o@a.test?secret=" in html
    assert "<script" not in html.split("</head>")[1] and " style=" not in html

    wrong = post(client, "/account/two-factor/confirm", code="000000")
    assert wrong.status_code == 400 and b'id="code-error"' in wrong.data
    assert b"Two-factor sign-in is on" not in client.get("/account").data


def test_confirming_shows_ten_recovery_codes_once_and_stores_them_hashed(
        client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    _, codes = enrol(client)
    assert len(set(codes)) == 10
    with database.connection_context():
        stored = {r.code_hash for r in RecoveryCode.select()}
    assert len(stored) == 10 and not set(codes) & stored
    assert stored == {totp.hash_recovery_code(c) for c in codes}
    again = client.get("/account/two-factor").data
    assert codes_on(again) == [] and b"10 of 10" in again


def test_after_enrolment_sign_in_asks_for_the_code(app, client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    secret, _ = enrol(client)
    browser, response = sign_in_with(app, "o@a.test", totp.code_at(secret, totp.now_step() + 1))
    assert response.status_code == 302
    assert browser.get("/api/me").status_code == 200


def test_a_recovery_code_signs_in_once(app, client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    _, codes = enrol(client)
    browser, response = sign_in_with(app, "o@a.test", codes[0].upper())
    assert response.status_code == 302
    assert b"9 left" in browser.get(response.headers["Location"], follow_redirects=True).data
    _, reused = sign_in_with(app, "o@a.test", codes[0])
    assert reused.status_code == 400


def test_new_recovery_codes_replace_the_old_ones(app, client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    secret, old = enrol(client)
    fresh = post(client, "/account/two-factor/recovery-codes",
                 code=totp.code_at(secret, totp.now_step() + 1))
    new = codes_on(fresh.data)
    assert len(new) == 10 and not set(new) & set(old)
    assert sign_in_with(app, "o@a.test", old[1])[1].status_code == 400
    assert sign_in_with(app, "o@a.test", new[1])[1].status_code == 302


def test_turning_off_needs_the_password(app, client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    enrol(client)
    assert post(client, "/account/two-factor/off", password="wrong").status_code == 400
    assert post(client, "/account/two-factor/off", password=PASSWORD).status_code == 302
    assert login(app.test_client(), "o@a.test").headers["Location"] != "/login/code"


def test_an_owner_can_require_two_factor_and_members_must_enrol_first(
        app, client, world, login_as, make_user):
    login_as("o@a.test", "owner", organization=world.org_a)
    assert post(client, "/users/agency-a/two-factor", require="on").status_code == 302
    with database.connection_context():
        assert Organization.get_by_id(world.org_a.id).require_two_factor

    make_user("m@a.test", "admin", organization=world.org_a)
    member = app.test_client()
    response = login(member, "m@a.test")
    assert response.headers["Location"] == "/account/two-factor"
    assert member.get("/").headers["Location"] == "/account/two-factor"
    assert member.get("/api/me").status_code == 403
    assert b"Agency A requires two-factor sign-in" in member.get("/account/two-factor").data
    enrol(member)
    assert member.get("/").status_code == 200
    assert member.get("/api/me").status_code == 200
    assert post(member, "/account/two-factor/off", password=PASSWORD).status_code == 400


def test_only_owners_set_the_requirement(app, client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    assert post(client, "/users/agency-a/two-factor", require="on").status_code == 403
    assert post(client, "/users/store-b/two-factor", require="on").status_code == 404
    with database.connection_context():
        assert not Organization.get_by_id(world.org_a.id).require_two_factor
