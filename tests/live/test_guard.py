"""Open admin sockets lose their power when access ends: a sign-out, a role removed or
lowered, the admin removed from the organization, the site secret rotated, a password
changed. The worker where it happens disconnects them (tests/system/test_revocation.py
shows it across workers); every admin event asks again; the sweep catches changes made
where no live channel runs (the command line)."""

from __future__ import annotations

import pytest

from sitetracker import tenancy
from sitetracker.app import socketio_of
from sitetracker.db import database
from sitetracker.live import guard as guard_module
from sitetracker.messaging.models import Broadcast
from sitetracker.models import Membership

from ..conftest import PASSWORD, csrf_of, login
from ..messaging_world import AdminPage, ShopperPage


@pytest.fixture
def app_clock(clock):
    return clock


class SessionAdminPage(AdminPage):
    """The dashboard's socket, opened with a signed-in browser's session cookie."""

    def __init__(self, app, site, http) -> None:  # noqa: D107
        self.app, self.site = app, site
        self.namespace = f"/site/{site.public_key}"
        self.inbox = []
        self.sio = socketio_of(app).test_client(
            app, namespace=self.namespace, auth={"admin": True},
            headers={"Origin": "http://localhost"}, flask_test_client=http)
        assert self.connected, "the signed-in admin connects"
        self.received("live")

    @property
    def connected(self) -> bool:
        return self.sio.is_connected(self.namespace)


def signed_in(app, make_user, email, role, **scope):
    make_user(email, role, **scope)
    http = app.test_client()
    assert login(http, email).status_code == 302
    return http


def post(http, path, **data):
    data.setdefault("csrf_token", csrf_of(http))
    return http.post(path, data=data)


def membership_of(email):
    with database.connection_context():
        return Membership.select().join(tenancy.User).where(tenancy.User.email == email).get()


def sent_broadcasts(site):
    with database.connection_context():
        return Broadcast.select().where(Broadcast.site == site.id).count()


def test_admin_removed_from_the_organization_is_disconnected_and_cannot_broadcast(
        app, world, make_user):
    owner = signed_in(app, make_user, "owner@a.test", "owner", organization=world.org_a)
    admin = SessionAdminPage(app, world.site_a,
                             signed_in(app, make_user, "ann@a.test", "admin",
                                       organization=world.org_a))
    shopper = ShopperPage(app, world.site_a)
    assert "broadcast" in admin.ask("broadcast_send", {"text": "Before"})
    assert [b["text"] for b in shopper.received("broadcast")] == ["Before"]

    removed = post(owner, f"/users/{membership_of('ann@a.test').id}/delete")
    assert removed.status_code == 302
    assert not admin.connected
    assert sent_broadcasts(world.site_a) == 1


def test_removed_elsewhere_the_next_admin_event_is_refused_and_reaches_no_shopper(
        app, world, make_user):
    """Removed where no live channel runs (the command line, another server): the next
    event asks again, is refused, and the socket is closed."""
    admin = SessionAdminPage(app, world.site_a,
                             signed_in(app, make_user, "ann@a.test", "admin",
                                       organization=world.org_a))
    shopper = ShopperPage(app, world.site_a)
    with database.connection_context():
        membership_of("ann@a.test").delete_instance()

    ack = admin.ask("broadcast_send", {"text": "After removal"})
    assert ack["error"]["status"] == 401
    assert shopper.received("broadcast") == []
    assert sent_broadcasts(world.site_a) == 0
    assert not admin.connected


def test_admin_lowered_to_viewer_is_disconnected(app, world, make_user):
    owner = signed_in(app, make_user, "owner@a.test", "owner", organization=world.org_a)
    admin = SessionAdminPage(app, world.site_a,
                             signed_in(app, make_user, "ann@a.test", "admin",
                                       organization=world.org_a))
    other_site = SessionAdminPage(app, world.site_b,
                                  signed_in(app, make_user, "bob@b.test", "admin",
                                            organization=world.org_b))
    response = post(owner, f"/users/{membership_of('ann@a.test').id}/role", role="viewer")
    assert response.status_code == 302
    assert not admin.connected
    assert other_site.connected


def test_rotating_the_secret_disconnects_overlays_opened_with_old_tokens(
        app, world, make_user):
    owner = signed_in(app, make_user, "owner@a.test", "owner", organization=world.org_a)
    overlay = AdminPage(app, world.site_a)
    dashboard = SessionAdminPage(app, world.site_a, owner)
    elsewhere = AdminPage(app, world.site_a2)
    assert post(owner, f"/sites/{world.site_a.public_key}/rotate-secret").status_code == 302
    assert not overlay.sio.is_connected(overlay.namespace)
    assert dashboard.connected, "a session's socket does not depend on the secret"
    assert elsewhere.sio.is_connected(elsewhere.namespace)


def test_old_token_socket_is_refused_after_a_rotation_made_elsewhere(app, world):
    overlay = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    with database.connection_context():
        tenancy.rotate_secret(tenancy.Site.get_by_id(world.site_a.id))
    assert overlay.ask("broadcast_send", {"text": "Stale"})["error"]["status"] == 401
    assert shopper.received("broadcast") == []


def test_password_change_disconnects_the_other_sessions_sockets(app, world, make_user):
    here = signed_in(app, make_user, "ann@a.test", "admin", organization=world.org_a)
    there = app.test_client()
    login(there, "ann@a.test")
    mine = SessionAdminPage(app, world.site_a, here)
    theirs = SessionAdminPage(app, world.site_a, there)
    response = post(here, "/account/password", current_password=PASSWORD,
                    new_password="a brand new long password")
    assert response.status_code == 302
    assert not theirs.connected
    assert not mine.connected, "this browser's session was replaced by a new one too"
    assert SessionAdminPage(app, world.site_a, here).connected


def test_signing_out_disconnects_that_sessions_sockets_only(app, world, make_user):
    here = signed_in(app, make_user, "ann@a.test", "admin", organization=world.org_a)
    there = app.test_client()
    login(there, "ann@a.test")
    mine = SessionAdminPage(app, world.site_a, here)
    theirs = SessionAdminPage(app, world.site_a, there)
    assert post(here, "/logout").status_code == 302
    assert not mine.connected
    assert theirs.connected


def test_the_sweep_ends_sockets_whose_access_ended_without_an_event(
        app, world, make_user, monkeypatch):
    admin = SessionAdminPage(app, world.site_a,
                             signed_in(app, make_user, "ann@a.test", "admin",
                                       organization=world.org_a))
    keeper = SessionAdminPage(app, world.site_a,
                              signed_in(app, make_user, "kim@a.test", "admin",
                                        organization=world.org_a))
    with database.connection_context():
        membership_of("ann@a.test").delete_instance()
    assert admin.connected
    monkeypatch.setattr(guard_module, "SWEEP_EVERY", 0.0)
    with app.app_context():
        app.extensions["sitetracker"].guard.sweep()
    assert not admin.connected
    assert keeper.connected


class FakeServer:
    def __init__(self) -> None:
        self.disconnected: list[tuple[str, str]] = []

    def disconnect(self, sid, namespace=None):
        self.disconnected.append((sid, namespace))


class FakeSocketIO:
    def __init__(self) -> None:
        self.server = FakeServer()


class Directory:
    def __init__(self, holding) -> None:
        self.holding = holding

    def grant_holds(self, grant):
        return self.holding(grant)


def test_any_worker_finds_and_ends_the_sockets_another_worker_records(store):
    from sitetracker.live.connections import AdminGrant, Connections
    from sitetracker.live.guard import AdminGuard

    sio = FakeSocketIO()
    directory = Directory(lambda grant: grant.user_id != 7)
    holder = AdminGuard(store, sio, directory, "t", Connections(), "worker-a")
    elsewhere = AdminGuard(store, sio, directory, "t", Connections(), "worker-b")
    holder.opened("sid-ann", "/site/k1", AdminGrant(1, "admin", user_id=7, session_id=70))
    holder.opened("sid-bob", "/site/k1", AdminGrant(1, "admin", user_id=8, session_id=80))
    holder.opened("sid-overlay", "/site/k1", AdminGrant(1, "admin", secret_stamp="s"))
    holder.opened("sid-other-site", "/site/k2", AdminGrant(2, "admin", secret_stamp="s"))

    assert elsewhere.end_user(7) == 1
    assert elsewhere.end_sessions([80]) == 1
    assert elsewhere.end_site_tokens(1) == 0, "the overlay's secret still holds"
    directory.holding = lambda grant: False
    assert elsewhere.end_site_tokens(1) == 1
    assert sio.server.disconnected == [
        ("sid-ann", "/site/k1"), ("sid-bob", "/site/k1"), ("sid-overlay", "/site/k1")]
    assert list(store.hgetall("t:admin-sockets:worker-a")) == ["sid-other-site"]
