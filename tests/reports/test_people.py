"""Who is who: a person by email, whether they hold a role somewhere, the organizations
a person owns."""

from __future__ import annotations

from sitetracker.reports import people


def test_user_by_email_finds_the_person_or_none(db, world, make_user):
    ann = make_user("ann@a.test", "viewer", organization=world.org_a)

    assert people.user_by_email("ann@a.test") == ann
    assert people.user_by_email("nobody@a.test") is None


def test_holds_role_tells_a_site_role_from_an_organization_role(db, world, make_user):
    org_wide = make_user("org@a.test", "viewer", organization=world.org_a)
    one_site = make_user("site@a.test", "viewer", site=world.site_a)

    assert people.holds_role(org_wide, world.org_a)
    assert not people.holds_role(org_wide, world.org_a, world.site_a)
    assert people.holds_role(one_site, world.org_a, world.site_a)
    assert not people.holds_role(one_site, world.org_a)
    assert not people.holds_role(one_site, world.org_a, world.site_a2)
    assert not people.holds_role(org_wide, world.org_b)


def test_owned_organizations_are_those_owned_by_name(db, world, make_user):
    ann = make_user("ann@a.test", "owner", organization=world.org_b)
    make_user("ann@a.test", "owner", organization=world.org_a)
    make_user("bob@a.test", "admin", organization=world.org_b)

    assert [o.name for o in people.owned_organizations(ann)] == ["Agency A", "Store B"]
    assert people.owned_organizations(people.user_by_email("bob@a.test")) == []
