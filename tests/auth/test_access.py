from __future__ import annotations

from sitetracker.auth import access
from sitetracker.db import database


def test_organization_admin_sees_all_its_sites_and_none_of_another(world, make_user):
    user = make_user("a@a.test", "admin", organization=world.org_a)
    with database.connection_context():
        names = [s.name for s in access.visible_sites(user)]
        assert names == ["Shop A", "Shop A2"]
        assert access.visible_site(user, world.site_b.public_key) is None


def test_site_viewer_sees_only_that_site(world, make_user):
    user = make_user("v@a.test", "viewer", site=world.site_a)
    with database.connection_context():
        assert [s.name for s in access.visible_sites(user)] == ["Shop A"]
        assert access.site_role(user, world.site_a2) is None


def test_strongest_role_wins_between_organization_and_site(world, make_user):
    make_user("m@a.test", "viewer", organization=world.org_a)
    user = make_user("m@a.test", "admin", site=world.site_a)
    with database.connection_context():
        assert access.site_role(user, world.site_a) == "admin"
        assert access.site_role(user, world.site_a2) == "viewer"


def test_only_admins_and_owners_manage_an_organization(world, make_user):
    viewer = make_user("v@a.test", "viewer", organization=world.org_a)
    owner = make_user("o@a.test", "owner", organization=world.org_a)
    with database.connection_context():
        assert access.managed_organizations(viewer) == []
        assert [(o.slug, r) for o, r in access.managed_organizations(owner)] == [
            ("agency-a", "owner")
        ]


def test_member_organizations_include_those_reached_through_a_site(world, make_user):
    user = make_user("s@b.test", "viewer", site=world.site_b)
    with database.connection_context():
        assert [o.name for o in access.member_organizations(user)] == ["Store B"]
