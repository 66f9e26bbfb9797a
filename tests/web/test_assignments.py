"""A manager edits the sites assigned to them on the people page and reads the rest."""

from __future__ import annotations

from sitetracker.db import database
from sitetracker.models import Membership, User

from ..conftest import csrf_of, login

SETTINGS = {"name": "Renamed", "domains": "shop-a.test", "timezone": "UTC", "consent": "keep"}


def post(client, path: str, **data):
    data.setdefault("csrf_token", csrf_of(client))
    return client.post(path, data=data)


def manager_row(email: str) -> Membership:
    with database.connection_context():
        user = User.get(User.email == email)
        return Membership.get((Membership.user == user) & Membership.organization.is_null(False))


def test_manager_edits_an_assigned_site_and_only_reads_the_others(
        app, client, world, login_as, make_user):
    make_user("m@a.test", "manager", organization=world.org_a)
    login_as("owner@a.test", "owner", organization=world.org_a)
    assert "Edits 0 of 2 sites" in client.get("/users").data.decode()
    row = manager_row("m@a.test")
    assert post(client, f"/users/{row.id}/sites", site=world.site_a.public_key).status_code == 302
    assert "Edits 1 of 2 sites" in client.get("/users").data.decode()

    manager = app.test_client()
    assert login(manager, "m@a.test").status_code == 302
    assigned, other = world.site_a.public_key, world.site_a2.public_key
    assert post(manager, f"/sites/{assigned}", **SETTINGS).status_code == 302
    assert post(manager, f"/sites/{other}", **SETTINGS).status_code == 403
    page = manager.get(f"/sites/{other}")
    assert page.status_code == 200 and b"Save changes" not in page.data
    assert manager.get(f"/sites/{other}/board").status_code == 200
    assert manager.get("/users").status_code == 403  # managers do not manage people


def test_unassigning_a_site_takes_its_editing_away(app, client, world, login_as, make_user):
    make_user("m@a.test", "manager", organization=world.org_a)
    login_as("owner@a.test", "owner", organization=world.org_a)
    row = manager_row("m@a.test")
    post(client, f"/users/{row.id}/sites", site=world.site_a.public_key)
    post(client, f"/users/{row.id}/sites")  # nothing checked
    manager = app.test_client()
    login(manager, "m@a.test")
    assert post(manager, f"/sites/{world.site_a.public_key}", **SETTINGS).status_code == 403


def test_a_site_of_another_organization_cannot_be_assigned(client, world, login_as,
                                                           make_user):
    make_user("m@a.test", "manager", organization=world.org_a)
    login_as("owner@a.test", "owner", organization=world.org_a)
    row = manager_row("m@a.test")
    assert post(client, f"/users/{row.id}/sites", site=world.site_b.public_key).status_code == 400


def test_a_manager_cannot_assign_sites(client, world, login_as, make_user):
    make_user("other@a.test", "manager", organization=world.org_a)
    login_as("m@a.test", "manager", organization=world.org_a)
    row = manager_row("other@a.test")
    assert post(client, f"/users/{row.id}/sites", site=world.site_a.public_key).status_code == 403
