"""The command line's sites and users commands (cli/tenants.py)."""

from __future__ import annotations

import pytest

from sitetracker import db, tenancy
from sitetracker.auth.passwords import verify_password
from sitetracker.models import Membership, Organization, Site, User

from ..commands import Invoke


def add_site(invoke: Invoke, name: str = "Shop", *args: str) -> Site:
    result = invoke("sites", "add", name, "--domain", f"{name.lower()}.example.com", *args)
    assert result.exit_code == 0, result.output
    with db.database.connection_context():
        return Site.get(Site.name == name)


def test_sites_add_prints_key_secret_and_snippet_and_stores_the_site(invoke, stored):
    result = invoke("sites", "add", "Corner Shop", "--domain", "https://Shop.Example.com/",
                    "--domain", "www.shop.example.com", "--timezone", "Europe/Paris")

    assert result.exit_code == 0, result.output
    [site] = stored(Site)
    assert site.domain_list == ["shop.example.com", "www.shop.example.com"]
    assert site.timezone == "Europe/Paris"
    assert site.public_key in result.output
    assert site.secret in result.output
    assert tenancy.widget_snippet(site, "http://localhost") in result.output
    [org] = stored(Organization)
    assert org.name == "Corner Shop"
    assert "Created organization 'Corner Shop'" in result.output


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--domain", "not a domain!"], "'--domain'"),
        (["--domain", "shop.example.com", "--timezone", "Mars/Olympus_Mons"], "'--timezone'"),
        (["--domain", "shop.example.com", "--org", "x" * 65], "'--org'"),
    ],
)
def test_sites_add_with_bad_input_names_the_option_and_stores_nothing(
    invoke, stored, args, option
):
    result = invoke("sites", "add", "Shop", *args)

    assert result.exit_code == 2
    assert f"Invalid value for {option}" in result.output
    assert stored(Site) == []
    assert stored(Organization) == []


def test_sites_add_refuses_a_name_the_organization_has_in_one_line(invoke, stored):
    add_site(invoke, "Shop", "--org", "Agency")

    result = invoke("sites", "add", "Shop", "--domain", "other.example.com", "--org", "agency")

    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert line.startswith("Error: Invalid value for 'NAME': the organization already has a "
                           "site named 'Shop' (see: ")
    assert line.endswith(" sites add --help)")
    assert [site.name for site in stored(Site)] == ["Shop"]
    add_site(invoke, "Shop", "--org", "Other")  # another organization may use it
    assert len(stored(Site)) == 2


def test_sites_add_uses_the_only_organization(invoke, stored):
    first = add_site(invoke, "One", "--org", "Agency")
    second = add_site(invoke, "Two")

    assert second.organization_id == first.organization_id
    assert [org.name for org in stored(Organization)] == ["Agency"]


def test_sites_add_with_several_organizations_asks_for_org(invoke, stored):
    add_site(invoke, "One", "--org", "Agency")
    add_site(invoke, "Two", "--org", "Other")

    result = invoke("sites", "add", "Three", "--domain", "three.example.com")

    assert result.exit_code == 2
    assert "choose one with --org" in result.output
    assert len(stored(Site)) == 2


def test_sites_add_creates_a_new_org_named_by_org(invoke, stored):
    add_site(invoke, "One", "--org", "Agency")

    result = invoke("sites", "add", "Two", "--domain", "two.example.com", "--org", "agency")
    created = invoke("sites", "add", "Three", "--domain", "three.test", "--org", "New Co")

    assert "Created organization" not in result.output
    assert "Created organization 'New Co' (slug new-co)" in created.output
    assert sorted(org.slug for org in stored(Organization)) == ["agency", "new-co"]


def test_sites_list_shows_key_name_organization_and_domains(invoke):
    site = add_site(invoke, "Shop", "--org", "Agency")

    result = invoke("sites", "list")

    assert result.exit_code == 0
    line = result.output.splitlines()[1].split()
    assert line == [site.public_key, "Shop", "agency", "shop.example.com"]


def test_users_add_to_an_organization_prints_the_generated_password(invoke, stored):
    site = add_site(invoke, "Shop", "--org", "Agency")

    result = invoke("users", "add", "Ann@Example.com", "--role", "owner", "--org", "agency",
                    "--name", "Ann")

    assert result.exit_code == 0, result.output
    [user] = stored(User)
    [membership] = stored(Membership)
    assert (user.email, user.name) == ("ann@example.com", "Ann")
    assert (membership.organization_id, membership.role) == (site.organization_id, "owner")
    password = result.output.split("Password (shown once): ")[1].strip()
    assert verify_password(user.password_hash, password)


def test_users_add_to_a_site_reads_the_password_from_stdin(invoke, stored):
    site = add_site(invoke, "Shop")

    result = invoke("users", "add", "bob@example.com", "--role", "viewer", "--site",
                    site.public_key, "--password-stdin", input="a long password\n")

    assert result.exit_code == 0, result.output
    assert "Password" not in result.output
    [user] = stored(User)
    [membership] = stored(Membership)
    assert (membership.site_id, membership.role) == (site.id, "viewer")
    assert verify_password(user.password_hash, "a long password")


@pytest.mark.parametrize(
    "scope", [[], ["--org", "agency", "--site", "Shop"]], ids=["neither", "both"]
)
def test_users_add_needs_exactly_one_of_org_and_site(invoke, stored, scope):
    add_site(invoke, "Shop", "--org", "Agency")

    result = invoke("users", "add", "ann@example.com", "--role", "admin", *scope)

    assert result.exit_code == 2
    assert "exactly one of --org ORG or --site SITE" in result.output
    assert stored(User) == []


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["ann@example.com", "--role", "boss", "--org", "agency"], "'--role'"),
        (["not-an-email", "--role", "admin", "--org", "agency"], "'EMAIL'"),
        (["ann@example.com", "--role", "admin", "--org", "nobody"], "'--org'"),
        (["ann@example.com", "--role", "admin", "--site", "nothing"], "'--site'"),
    ],
)
def test_users_add_with_bad_input_names_the_argument_and_stores_nothing(
    invoke, stored, args, option
):
    add_site(invoke, "Shop", "--org", "Agency")

    result = invoke("users", "add", *args)

    assert result.exit_code == 2
    assert f"Invalid value for {option}" in result.output
    assert stored(User) == []


def test_users_add_rejects_a_short_password_from_stdin(invoke, stored):
    add_site(invoke, "Shop", "--org", "Agency")

    result = invoke("users", "add", "ann@example.com", "--role", "admin", "--org", "agency",
                    "--password-stdin", input="short\n")

    assert result.exit_code == 2
    assert "Invalid value for '--password-stdin'" in result.output
    assert stored(User) == []


def test_users_password_resets_a_forgotten_password(invoke, app_config):
    from sitetracker.auth.passwords import verify_password
    from sitetracker.models import User

    assert invoke("sites", "add", "Shop", "--domain", "shop.test").exit_code == 0
    assert invoke("users", "add", "ann@shop.test", "--role", "admin", "--org", "shop"
                  ).exit_code == 0
    result = invoke("users", "password", "ann@shop.test", "--password-stdin",
                    input="a brand new secret\n")
    assert result.exit_code == 0, result.output
    db.connect(app_config["database_url"])
    with db.database.connection_context():
        user = User.get(User.email == "ann@shop.test")
        assert verify_password(user.password_hash, "a brand new secret")
    unknown = invoke("users", "password", "nobody@shop.test")
    assert unknown.exit_code == 2 and "no account" in unknown.output
    short = invoke("users", "password", "ann@shop.test", "--password-stdin", input="short\n")
    assert short.exit_code == 2 and "--password-stdin" in short.output
