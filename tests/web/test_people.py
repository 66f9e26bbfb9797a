"""The people page: who holds which role, adding, changing and removing roles."""

from __future__ import annotations

import re

import pytest

from sitetracker.db import database
from sitetracker.models import Membership, User

from ..conftest import csrf_of, login


def post(client, path: str, **data: str):
    data.setdefault("csrf_token", csrf_of(client))
    return client.post(path, data=data)


def membership_of(user: User, **scope) -> Membership | None:
    (kind, target), = scope.items()
    column = Membership.organization if kind == "organization" else Membership.site
    with database.connection_context():
        return Membership.get_or_none((Membership.user == user) & (column == target))


def role_of(user: User, **scope) -> str | None:
    membership = membership_of(user, **scope)
    return membership.role if membership else None


def add(client, org, **form: str):
    form.setdefault("org", org.slug)
    form.setdefault("scope", "organization")
    form.setdefault("name", "")
    return post(client, "/users", **form)


def test_users_page_is_403_for_who_manages_no_organization(client, world, login_as):
    login_as("v@a.test", "viewer", organization=world.org_a)
    assert client.get("/users").status_code == 403
    response = add(client, world.org_a, email="x@a.test", role="viewer")
    assert response.status_code == 403
    with database.connection_context():
        assert not User.select().where(User.email == "x@a.test").exists()


def test_site_admin_does_not_manage_people(client, world, login_as):
    login_as("s@a.test", "admin", site=world.site_a)
    assert client.get("/users").status_code == 403


def test_users_page_lists_members_with_role_and_scope(client, world, login_as, make_user):
    make_user("v@a.test", "viewer", site=world.site_a2)
    make_user("b@b.test", "owner", organization=world.org_b)
    login_as("o@a.test", "owner", organization=world.org_a)
    page = client.get("/users").data.decode()
    assert "o@a.test" in page and "Whole organization" in page
    viewer_row = page[page.index("v@a.test"):]
    viewer_row = viewer_row[:viewer_row.index("</tr>")]
    assert "Site: Shop A2" in viewer_row and 'value="viewer" selected' in viewer_row
    assert "b@b.test" not in page and "Store B" not in page


def test_admin_adds_a_new_person_and_sees_their_password_once(app, client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    response = add(client, world.org_a, email="New@A.test", name="Nia", role="viewer")
    assert response.status_code == 200
    match = re.search(r'id="new-password"[^>]*>([^<]+)</textarea>', response.data.decode())
    assert match, "the generated password is shown"
    with database.connection_context():
        user = User.get(User.email == "new@a.test")
    assert user.name == "Nia"
    assert role_of(user, organization=world.org_a) == "viewer"
    assert match.group(1).encode() not in client.get("/users").data  # shown once only
    other = app.test_client()
    assert login(other, "new@a.test", match.group(1)).status_code == 302


def test_adding_someone_with_an_account_keeps_their_password(client, world, login_as,
                                                            make_user):
    user = make_user("b@b.test", "owner", organization=world.org_b)
    login_as("a@a.test", "admin", organization=world.org_a)
    response = add(client, world.org_a, email="b@b.test", role="viewer",
                   scope=f"site:{world.site_a.public_key}")
    assert response.status_code == 302
    assert role_of(user, site=world.site_a) == "viewer"
    assert b'id="new-password"' not in client.get(response.headers["Location"]).data


def test_add_with_bad_email_is_400_beside_the_field(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    response = add(client, world.org_a, email="not-an-email", role="viewer")
    assert response.status_code == 400
    assert re.search(rb'id="agency-a-email-error"[^>]*>not an email address<', response.data)
    with database.connection_context():
        assert User.select().count() == 1


@pytest.mark.parametrize("scope", ["site:{site_b}", "site:", "everything"])
def test_add_with_a_scope_outside_the_organization_is_400(client, world, login_as, scope):
    login_as("a@a.test", "admin", organization=world.org_a)
    response = add(client, world.org_a, email="x@a.test", role="viewer",
                   scope=scope.format(site_b=world.site_b.public_key))
    assert response.status_code == 400
    assert b'id="agency-a-scope-error"' in response.data
    with database.connection_context():
        assert not User.select().where(User.email == "x@a.test").exists()


def test_add_to_an_organization_not_managed_is_404(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    response = add(client, world.org_b, email="x@a.test", role="viewer")
    assert response.status_code == 404
    with database.connection_context():
        assert not User.select().where(User.email == "x@a.test").exists()


def test_admin_cannot_grant_owner(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    assert b'value="owner"' not in client.get("/users").data
    response = add(client, world.org_a, email="x@a.test", role="owner")
    assert response.status_code == 403
    with database.connection_context():
        assert not User.select().where(User.email == "x@a.test").exists()


def test_owner_grants_owner(client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    response = add(client, world.org_a, email="x@a.test", role="owner")
    assert response.status_code == 200
    with database.connection_context():
        user = User.get(User.email == "x@a.test")
    assert role_of(user, organization=world.org_a) == "owner"


def test_adding_someone_who_already_holds_a_role_there_is_400(client, world, login_as,
                                                             make_user):
    owner = make_user("o@a.test", "owner", organization=world.org_a)
    login_as("a@a.test", "admin", organization=world.org_a)
    response = add(client, world.org_a, email="o@a.test", role="viewer")
    assert response.status_code == 400
    assert b"already has a role there" in response.data
    assert role_of(owner, organization=world.org_a) == "owner"


def test_admin_changes_a_role_and_removes_a_person(client, world, login_as, make_user):
    viewer = make_user("v@a.test", "viewer", organization=world.org_a)
    login_as("a@a.test", "admin", organization=world.org_a)
    membership = membership_of(viewer, organization=world.org_a)
    response = post(client, f"/users/{membership.id}/role", role="admin")
    assert response.status_code == 302
    assert role_of(viewer, organization=world.org_a) == "admin"
    assert b"v@a.test is now admin" in client.get("/users").data
    response = post(client, f"/users/{membership.id}/delete")
    assert response.status_code == 302
    assert membership_of(viewer, organization=world.org_a) is None


def test_change_to_an_unknown_role_is_400(client, world, login_as, make_user):
    viewer = make_user("v@a.test", "viewer", organization=world.org_a)
    login_as("a@a.test", "admin", organization=world.org_a)
    membership = membership_of(viewer, organization=world.org_a)
    response = post(client, f"/users/{membership.id}/role", role="emperor")
    assert response.status_code == 400
    assert role_of(viewer, organization=world.org_a) == "viewer"


@pytest.mark.parametrize(("action", "data"), [("role", {"role": "viewer"}), ("delete", {})])
def test_admin_cannot_change_or_remove_an_owner(client, world, login_as, make_user, action,
                                                data):
    owner = make_user("o@a.test", "owner", organization=world.org_a)
    login_as("a@a.test", "admin", organization=world.org_a)
    membership = membership_of(owner, organization=world.org_a)
    response = post(client, f"/users/{membership.id}/{action}", **data)
    assert response.status_code == 403
    assert role_of(owner, organization=world.org_a) == "owner"


def test_admin_cannot_promote_anyone_to_owner(client, world, login_as, make_user):
    viewer = make_user("v@a.test", "viewer", organization=world.org_a)
    login_as("a@a.test", "admin", organization=world.org_a)
    membership = membership_of(viewer, organization=world.org_a)
    assert post(client, f"/users/{membership.id}/role", role="owner").status_code == 403
    assert role_of(viewer, organization=world.org_a) == "viewer"


@pytest.mark.parametrize(("action", "data"), [("role", {"role": "admin"}), ("delete", {})])
def test_the_last_owner_stays(client, world, login_as, action, data):
    owner = login_as("o@a.test", "owner", organization=world.org_a)
    membership = membership_of(owner, organization=world.org_a)
    response = post(client, f"/users/{membership.id}/{action}", **data)
    assert response.status_code == 400
    assert b"at least one owner" in response.data
    assert role_of(owner, organization=world.org_a) == "owner"


def test_owner_hands_over_and_steps_down(client, world, login_as, make_user):
    other = make_user("p@a.test", "admin", organization=world.org_a)
    owner = login_as("o@a.test", "owner", organization=world.org_a)
    theirs = membership_of(other, organization=world.org_a)
    mine = membership_of(owner, organization=world.org_a)
    assert post(client, f"/users/{theirs.id}/role", role="owner").status_code == 302
    response = post(client, f"/users/{mine.id}/role", role="viewer")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"  # no longer manages anyone
    assert role_of(owner, organization=world.org_a) == "viewer"


@pytest.mark.parametrize(("action", "data"), [("role", {"role": "viewer"}), ("delete", {})])
def test_another_organizations_membership_is_404(client, world, login_as, make_user, action,
                                                 data):
    stranger = make_user("b@b.test", "admin", organization=world.org_b)
    login_as("o@a.test", "owner", organization=world.org_a)
    membership = membership_of(stranger, organization=world.org_b)
    response = post(client, f"/users/{membership.id}/{action}", **data)
    assert response.status_code == 404
    assert role_of(stranger, organization=world.org_b) == "admin"


def test_people_changes_without_csrf_token_are_refused(client, world, login_as, make_user):
    viewer = make_user("v@a.test", "viewer", organization=world.org_a)
    login_as("o@a.test", "owner", organization=world.org_a)
    membership = membership_of(viewer, organization=world.org_a)
    assert client.post(f"/users/{membership.id}/role", data={"role": "admin"}).status_code == 400
    assert client.post(f"/users/{membership.id}/delete").status_code == 400
    response = client.post("/users", data={"org": world.org_a.slug, "email": "x@a.test",
                                           "role": "viewer", "scope": "organization"})
    assert response.status_code == 400
    assert role_of(viewer, organization=world.org_a) == "viewer"
    with database.connection_context():
        assert not User.select().where(User.email == "x@a.test").exists()
