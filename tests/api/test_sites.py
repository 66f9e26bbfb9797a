from __future__ import annotations

import pytest

from sitetracker import tenancy
from sitetracker.db import database
from sitetracker.models import Site


@pytest.fixture
def bearer(world, make_user):
    """Headers for an API token of an organization-A user with ``role``."""

    def make(role: str = "admin", **scope):
        scope = scope or {"organization": world.org_a}
        user = make_user(f"{role}@a.test", role, **scope)
        with database.connection_context():
            token, _ = tenancy.create_api_token(user, "ci")
        return {"Authorization": f"Bearer {token}"}

    return make


def stored(site: Site) -> Site:
    with database.connection_context():
        return Site.get_by_id(site.id)


def test_api_without_credentials_is_401_with_json_error(client):
    response = client.get("/api/sites")
    assert response.status_code == 401
    assert "authorization" in response.json["error"]["fields"]


def test_api_with_unknown_token_is_401(client):
    response = client.get("/api/sites", headers={"Authorization": "Bearer st_nope"})
    assert response.status_code == 401


def test_api_lists_only_own_organizations_sites(client, world, bearer):
    response = client.get("/api/sites", headers=bearer())
    assert response.status_code == 200
    assert [s["name"] for s in response.json["sites"]] == ["Shop A", "Shop A2"]


def test_api_hides_another_organizations_site_as_404(client, world, bearer):
    headers = bearer()
    key = world.site_b.public_key
    assert client.get(f"/api/sites/{key}", headers=headers).status_code == 404
    assert client.patch(f"/api/sites/{key}", json={"name": "x"}, headers=headers).status_code == 404
    assert client.post(f"/api/sites/{key}/rotate-secret", headers=headers).status_code == 404
    assert stored(world.site_b).name == "Shop B"


def test_viewer_reads_but_cannot_change_a_site(client, world, bearer):
    headers = bearer("viewer")
    key = world.site_a.public_key
    site = client.get(f"/api/sites/{key}", headers=headers).json
    assert site["name"] == "Shop A" and "secret" not in site
    response = client.patch(f"/api/sites/{key}", json={"name": "Hacked"}, headers=headers)
    assert response.status_code == 403
    assert client.post(f"/api/sites/{key}/rotate-secret", headers=headers).status_code == 403
    assert stored(world.site_a).name == "Shop A"


def test_admin_changes_domains_and_timezone(client, world, bearer):
    key = world.site_a.public_key
    response = client.patch(
        f"/api/sites/{key}",
        json={"domains": ["https://WWW.Shop-A.test/cart", "shop-a.test"], "timezone": "Asia/Tokyo"},
        headers=bearer(),
    )
    assert response.status_code == 200
    assert response.json["domains"] == ["www.shop-a.test", "shop-a.test"]
    assert stored(world.site_a).timezone == "Asia/Tokyo"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"domains": ["not a domain"]}, "domains"),
        ({"domains": []}, "domains"),
        ({"domains": [f"d{i}.test" for i in range(21)]}, "domains"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"name": "x" * 121}, "name"),
        ({"name": ""}, "name"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_site_changes_are_400_naming_the_field_and_change_nothing(
    client, world, bearer, body, field
):
    response = client.patch(f"/api/sites/{world.site_a.public_key}", json=body, headers=bearer())
    assert response.status_code == 400
    assert field in response.json["error"]["fields"]
    site = stored(world.site_a)
    assert (site.name, site.domains, site.timezone) == ("Shop A", "shop-a.test", "Europe/Paris")


def test_non_json_body_is_400_naming_the_body(client, world, bearer):
    response = client.patch(
        f"/api/sites/{world.site_a.public_key}", data="name=x", headers=bearer()
    )
    assert response.status_code == 400
    assert "body" in response.json["error"]["fields"]


def test_rotating_the_secret_changes_it_and_keeps_the_key(client, world, bearer):
    key, old_secret = world.site_a.public_key, world.site_a.secret
    response = client.post(f"/api/sites/{key}/rotate-secret", headers=bearer())
    assert response.status_code == 200
    assert response.json["key"] == key
    assert response.json["secret"] != old_secret == world.site_a.secret
    assert stored(world.site_a).secret == response.json["secret"]


def test_rotating_the_key_retires_the_old_one(client, world, bearer):
    headers = bearer()
    old = world.site_a.public_key
    new = client.post(f"/api/sites/{old}/rotate-key", headers=headers).json["key"]
    assert new != old
    assert client.get(f"/api/sites/{old}", headers=headers).status_code == 404
    assert client.get(f"/api/sites/{new}", headers=headers).json["name"] == "Shop A"


def test_org_admin_creates_a_site_but_viewer_cannot(client, world, bearer):
    body = {"name": "New Shop", "domains": "new.test, www.new.test"}
    response = client.post("/api/sites", json=body, headers=bearer())
    assert response.status_code == 201
    assert response.json["domains"] == ["new.test", "www.new.test"]
    assert response.json["organization"] == "agency-a"
    assert client.post("/api/sites", json=body, headers=bearer("viewer")).status_code == 403


def test_a_site_name_the_organization_has_is_a_409_naming_name(client, world, bearer):
    headers = bearer()
    body = {"name": "Shop A2", "domains": "dup.test"}
    response = client.post("/api/sites", json=body, headers=headers)
    assert response.status_code == 409
    assert "name" in response.json["error"]["fields"]
    renamed = client.patch(f"/api/sites/{world.site_a.public_key}", json={"name": "Shop A2"},
                           headers=headers)
    assert renamed.status_code == 409 and "name" in renamed.json["error"]["fields"]
    assert client.get(f"/api/sites/{world.site_a.public_key}",
                      headers=headers).json["name"] == "Shop A"


def test_using_a_token_records_when_it_was_last_used(client, world, bearer):
    from sitetracker.models import ApiToken

    headers = bearer()
    with database.connection_context():
        assert ApiToken.get().last_used_at is None
    client.get("/api/sites", headers=headers)
    with database.connection_context():
        assert ApiToken.get().last_used_at is not None


def test_admin_sets_the_consent_mode_and_a_bad_one_is_refused(client, world, bearer):
    headers = bearer()
    key = world.site_a.public_key
    assert client.patch(f"/api/sites/{key}", json={"consent": "ask"},
                        headers=headers).json["consent"] == "ask"
    response = client.patch(f"/api/sites/{key}", json={"consent": "always"}, headers=headers)
    assert response.status_code == 400 and "consent" in response.json["error"]["fields"]
    assert stored(world.site_a).consent == "ask"
