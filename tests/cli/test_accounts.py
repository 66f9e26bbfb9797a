"""``users sessions list/revoke``, ``users 2fa reset`` and ``users password``: the operator
ends a person's sessions and turns off a second factor whose phone was lost."""

from __future__ import annotations

from sitetracker.app import socketio_of
from sitetracker.auth import totp
from sitetracker.auth.models import TwoFactor
from sitetracker.db import database
from sitetracker.models import utcnow

from ..conftest import csrf_of, login


def test_sessions_revoke_signs_the_person_out_everywhere(app, world, make_user, invoke):  # noqa: F811
    make_user("ann@a.test", "admin", organization=world.org_a)
    browsers = [app.test_client() for _ in range(2)]
    for browser in browsers:
        login(browser, "ann@a.test")
    listed = invoke("users", "sessions", "list", "ann@a.test")
    assert listed.exit_code == 0 and len(listed.output.strip().splitlines()) == 2
    result = invoke("users", "sessions", "revoke", "ann@a.test")
    assert result.exit_code == 0, result.output
    assert "2 session(s) ended" in result.output
    for browser in browsers:
        assert browser.get("/api/me").status_code == 401


def test_2fa_reset_lets_the_person_sign_in_with_the_password(app, world, make_user, invoke):  # noqa: F811
    user = make_user("ann@a.test", "admin", organization=world.org_a)
    with database.connection_context():
        TwoFactor.create(user=user, secret=totp.new_secret(), enabled_at=utcnow())
    assert login(app.test_client(), "ann@a.test").headers["Location"] == "/login/code"
    result = invoke("users", "2fa", "reset", "ann@a.test")
    assert result.exit_code == 0, result.output
    assert login(app.test_client(), "ann@a.test").headers["Location"] != "/login/code"


def test_password_from_the_command_line_ends_sessions(app, world, make_user, invoke):  # noqa: F811
    make_user("ann@a.test", "admin", organization=world.org_a)
    browser = app.test_client()
    login(browser, "ann@a.test")
    result = invoke("users", "password", "ann@a.test", "--password-stdin",
                    input="a brand new secret\n")
    assert result.exit_code == 0, result.output
    assert browser.get("/api/me").status_code == 401


def test_unknown_or_invalid_emails_are_refused(app, world, invoke):  # noqa: F811
    assert invoke("users", "sessions", "revoke", "nobody@a.test").exit_code == 2
    assert invoke("users", "2fa", "reset", "not an email").exit_code == 2


def operator(world, make_user, invoke):  # noqa: F811
    """Someone with no role but on organization B's site, made operator by the CLI."""
    make_user("ops@x.test", "viewer", site=world.site_b)
    result = invoke("users", "operator", "grant", "ops@x.test")
    assert result.exit_code == 0, result.output
    assert "ops@x.test is an operator" in result.output


def test_an_operator_sees_every_organization_and_site_page(app, client, world, make_user,
                                                           invoke):  # noqa: F811
    operator(world, make_user, invoke)
    login(client, "ops@x.test")
    sites = client.get("/").data.decode()
    assert "Agency A" in sites and "Shop A2" in sites and "Store B" in sites
    page = client.get(f"/sites/{world.site_a.public_key}")
    assert page.status_code == 200
    assert b"Installation" in page.data and b"overlay.js" not in page.data  # no admin token


def test_an_operator_gets_403_on_shopper_data(app, client, world, make_user,
                                              invoke):  # noqa: F811
    operator(world, make_user, invoke)
    login(client, "ops@x.test")
    key = world.site_a.public_key
    for path in (f"/sites/{key}/board", f"/sites/{key}/messages", f"/api/sites/{key}/live",
                 f"/sites/{key}/abandonment", f"/api/sites/{key}/live/stream"):
        assert client.get(path).status_code == 403, path
    settings = {"name": "X", "csrf_token": csrf_of(client)}
    assert client.post(f"/sites/{key}", data=settings).status_code == 403


def test_an_operator_cannot_open_an_admin_socket(app, client, world, make_user,
                                                 invoke):  # noqa: F811
    operator(world, make_user, invoke)
    login(client, "ops@x.test")
    key = world.site_a.public_key
    sio = socketio_of(app).test_client(app, namespace=f"/site/{key}", auth={"admin": True},
                                       flask_test_client=client)
    assert not sio.is_connected(f"/site/{key}")


def test_revoking_the_operator_role_hides_other_organizations(app, client, world, make_user,
                                                              invoke):  # noqa: F811
    operator(world, make_user, invoke)
    assert invoke("users", "operator", "revoke", "ops@x.test").exit_code == 0
    login(client, "ops@x.test")
    assert client.get(f"/sites/{world.site_a.public_key}").status_code == 404
