"""The sites of organizations: all of one's, some by key, those of several."""

from __future__ import annotations

from sitetracker.reports import organizations


def test_sites_of_an_organization_are_its_own_by_name(db, world):
    assert [s.name for s in organizations.sites_of(world.org_a)] == ["Shop A", "Shop A2"]
    assert organizations.sites_of(world.org_b) == [world.site_b]


def test_site_of_finds_only_the_organizations_own(db, world):
    assert organizations.site_of(world.org_a, world.site_a2.public_key) == world.site_a2
    assert organizations.site_of(world.org_a, world.site_b.public_key) is None
    assert organizations.site_of(world.org_a, "nokey") is None


def test_sites_with_keys_leave_out_other_organizations_sites(db, world):
    keys = {world.site_a.public_key, world.site_b.public_key}

    assert organizations.sites_with_keys(world.org_a, keys) == [world.site_a]
    assert organizations.sites_with_keys(world.org_a, set()) == []


def test_sites_by_id_and_their_keys_cover_the_organizations_asked(db, world):
    only_a = [world.org_a.id]

    assert organizations.sites_by_id(only_a) == {world.site_a.id: world.site_a,
                                                 world.site_a2.id: world.site_a2}
    assert organizations.site_keys([world.org_a.id, world.org_b.id]) == {
        site.id: site.public_key for site in (world.site_a, world.site_a2, world.site_b)}
    assert organizations.site_keys([]) == {}


def test_site_in_finds_a_site_of_the_organizations_or_none(db, world):
    assert organizations.site_in([world.org_b.id], world.site_b.public_key) == world.site_b
    assert organizations.site_in([world.org_b.id], world.site_a.public_key) is None
