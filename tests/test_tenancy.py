"""Organizations, sites, people and their roles (tenancy.py), the operations the admin
web, the API and the CLI share (a clash with stored data is a ``Conflict`` naming the
field), and the writes the account and people pages call: a new password, a revoked API
token, an organization's two-factor requirement."""

from __future__ import annotations

import pytest

from sitetracker import tenancy
from sitetracker.auth.passwords import verify_password
from sitetracker.commerce.models import AlertRule
from sitetracker.conflict import Conflict
from sitetracker.models import ApiToken, Membership, Organization, Site, User


def test_set_password_stores_a_hash_the_new_password_matches(db, world, make_user):
    ann = make_user("ann@a.test", "viewer", organization=world.org_a)

    tenancy.set_password(ann, "a much newer secret")

    stored = User.get_by_id(ann.id).password_hash
    assert verify_password(stored, "a much newer secret")
    assert "a much newer secret" not in stored


def test_revoke_api_token_deletes_only_that_token(db, world, make_user):
    ann = make_user("ann@a.test", "viewer", organization=world.org_a)
    _, gone = tenancy.create_api_token(ann, "gone")
    tenancy.create_api_token(ann, "kept")

    tenancy.revoke_api_token(gone)

    assert [t.name for t in ApiToken.select()] == ["kept"]


def test_require_two_factor_is_stored_on_and_off(db, world):
    tenancy.require_two_factor(world.org_a, True)
    assert Organization.get_by_id(world.org_a.id).require_two_factor is True
    assert Organization.get_by_id(world.org_b.id).require_two_factor is False

    tenancy.require_two_factor(world.org_a, False)
    assert Organization.get_by_id(world.org_a.id).require_two_factor is False


def test_an_organizations_slug_is_made_from_its_name_and_kept_unique(db):
    assert tenancy.slugify("Élan & Co. Store!") == "lan-co-store"
    assert tenancy.slugify("***") == "org"
    first = tenancy.create_organization("Shop Stuff")
    second = tenancy.create_organization("Shop stuff")
    assert (first.slug, second.slug) == ("shop-stuff", "shop-stuff-2")
    with pytest.raises(Conflict) as caught:
        tenancy.create_organization("Other", slug="shop-stuff")
    assert caught.value.field == "slug"


def test_organizations_and_sites_are_found_by_slug_key_or_a_unique_name(db):
    # Names unlike any slug: MySQL compares text without case, SQLite with it.
    org = tenancy.create_organization("The Agency", slug="agency")
    site = tenancy.create_site(org, "Shop", ["shop.test"])
    other = tenancy.create_organization("The Agency")  # the name twice
    assert tenancy.find_organization("agency") == org
    assert tenancy.find_organization("The Agency") is None  # the name of two
    solo = tenancy.create_organization("Solo Store")
    assert tenancy.find_organization("Solo Store") == solo
    assert tenancy.find_organization(other.slug) == other
    assert tenancy.find_site(site.public_key) == site
    assert tenancy.find_site("Shop") == site
    tenancy.create_site(other, "Shop", ["shop2.test"])
    assert tenancy.find_site("Shop") is None  # two sites of that name
    assert tenancy.find_site("nothing") is None


def test_a_new_site_has_its_keys_domains_and_default_rule_and_a_name_of_its_own(db):
    org = tenancy.create_organization("Agency")
    site = tenancy.create_site(org, "Shop", ["shop.test", "www.shop.test"], "Europe/Paris")
    assert site.domains == "shop.test www.shop.test" and site.timezone == "Europe/Paris"
    assert site.public_key and site.secret and site.public_key != site.secret
    assert AlertRule.select().where(AlertRule.site == site.id, AlertRule.is_default).exists()
    with pytest.raises(Conflict) as caught:
        tenancy.create_site(org, "Shop", ["other.test"])
    assert caught.value.field == "name"
    assert Site.select().where(Site.organization == org).count() == 1


def test_a_site_changes_what_it_is_given_and_keeps_a_name_of_its_own(db):
    org = tenancy.create_organization("Agency")
    site = tenancy.create_site(org, "Shop", ["shop.test"])
    tenancy.create_site(org, "Other", ["other.test"])
    tenancy.update_site(site, {"name": "Shop", "domains": ["new.test"], "consent": "ask"})
    stored = Site.get_by_id(site.id)
    assert (stored.name, stored.domains, stored.consent, stored.timezone) == (
        "Shop", "new.test", "ask", "UTC")
    with pytest.raises(Conflict):
        tenancy.update_site(site, {"name": "Other"})


def test_rotating_gives_a_new_secret_or_key(db):
    org = tenancy.create_organization("Agency")
    site = tenancy.create_site(org, "Shop", ["shop.test"])
    secret, key = site.secret, site.public_key
    assert tenancy.rotate_secret(site) != secret
    assert tenancy.rotate_key(site) != key
    stored = Site.get_by_id(site.id)
    assert (stored.secret, stored.public_key) == (site.secret, site.public_key)
    assert stored.secret_rotated_at is not None


def test_a_new_member_gets_a_generated_password_once_and_a_second_role_changes_it(db):
    org = tenancy.create_organization("Agency")
    user, generated = tenancy.add_member("new@a.test", "viewer", organization=org)
    assert generated and len(generated) >= 16
    again, none = tenancy.add_member("new@a.test", "admin", organization=org)
    assert again == user and none is None
    [membership] = tenancy.members(org)
    assert membership.role == "admin"


def test_an_organization_keeps_at_least_one_owner(db):
    org = tenancy.create_organization("Agency")
    owner, _ = tenancy.add_member("owner@a.test", "owner", organization=org, password="x" * 12)
    mine = Membership.get(Membership.user == owner)
    with pytest.raises(Conflict) as caught:
        tenancy.change_role(mine, org, "admin")
    assert caught.value.field == "role"
    with pytest.raises(Conflict):
        tenancy.remove_membership(mine, org)
    tenancy.add_member("second@a.test", "owner", organization=org, password="x" * 12)
    tenancy.change_role(mine, org, "admin")
    assert Membership.get_by_id(mine.id).role == "admin"


@pytest.mark.parametrize(("granter", "role", "may"), [
    ("admin", "viewer", True), ("admin", "admin", True), ("admin", "owner", False),
    ("owner", "owner", True), ("manager", "viewer", False), (None, "viewer", False)])
def test_admins_grant_up_to_admin_and_only_owners_grant_owner(granter, role, may):
    assert tenancy.may_grant(granter, role) is may


def test_assigning_sites_makes_a_manager_of_exactly_those(db):
    org = tenancy.create_organization("Agency")
    one, two, three = (tenancy.create_site(org, n, [f"{n}.test"]) for n in ("a", "b", "c"))
    user, _ = tenancy.add_member("m@a.test", "viewer", site=two, password="x" * 12)
    tenancy.add_member("m@a.test", "admin", site=three, password="x" * 12)
    assert tenancy.assign_sites(user, org, {one.id, two.id}) == (2, 0)
    assert tenancy.assigned_sites(user, org) == {one.id, two.id}
    assert tenancy.assign_sites(user, org, {two.id, three.id}) == (1, 1)
    # The admin role on the third site stays what it was.
    assert tenancy.assigned_sites(user, org) == {two.id}
    assert Membership.get(Membership.user == user, Membership.site == three.id).role == "admin"


def test_snippets_carry_the_sites_key_escaped(db):
    org = tenancy.create_organization("Agency")
    site = tenancy.create_site(org, "Shop", ["shop.test"])
    assert tenancy.widget_snippet(site, "https://st.test") == (
        f'<script async src="https://st.test/widget.js" data-site="{site.public_key}">'
        "</script>")
    assert 'data-token="a&quot;b"' in tenancy.overlay_snippet(site, "https://st.test", 'a"b')


def test_an_api_token_is_shown_once_and_stored_hashed(db):
    org = tenancy.create_organization("Agency")
    user, _ = tenancy.add_member("o@a.test", "owner", organization=org, password="x" * 12)
    token, row = tenancy.create_api_token(user, "ci")
    assert token.startswith(row.prefix) and row.token_hash != token and token not in row.prefix
