"""One site's page: its details and snippets, the secret for admins, changing the site
and rotating its secret and key."""

from __future__ import annotations

import re
import time

import pytest
from markupsafe import escape

from sitetracker.auth.tokens import verify_admin_token

from .test_sites import edit_form, post, stored


def overlay_token_in(page: bytes) -> str:
    match = re.search(r'data-token=&#34;([^&]+)&#34;', page.decode())
    assert match, "no overlay snippet with a token"
    return match.group(1)


def test_site_page_shows_details_and_both_snippets(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    key = world.site_a.public_key
    page = client.get(f"/sites/{key}").data
    text = page.decode()
    assert "Shop A" in text and "Agency A" in text and "shop-a.test" in text
    assert "Europe/Paris" in text
    snippet = f'<script async src="http://localhost/widget.js" data-site="{key}"></script>'
    assert str(escape(snippet)) in text
    assert text.count("data-copy=") >= 2
    claims = verify_admin_token(overlay_token_in(page), world.site_a.secret, key)
    assert (claims.sub, claims.role) == ("a@a.test", "admin")
    assert 6.9 * 86400 < claims.exp - time.time() <= 7 * 86400


def test_admin_sees_the_secret_behind_reveal(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    page = client.get(f"/sites/{world.site_a.public_key}").data.decode()
    reveal = page[page.index("<details"):page.index("</details>")]
    assert world.site_a.secret in reveal


def test_viewer_sees_the_site_read_only_without_the_secret(client, world, login_as):
    login_as("v@a.test", "viewer", organization=world.org_a)
    key = world.site_a.public_key
    page = client.get(f"/sites/{key}").data
    assert page.count(b"Shop A") >= 1
    assert world.site_a.secret.encode() not in page
    assert b"rotate" not in page.lower()
    assert f'action="/sites/{key}"'.encode() not in page
    claims = verify_admin_token(overlay_token_in(page), world.site_a.secret, key)
    assert claims.role == "viewer"


@pytest.mark.parametrize("action", ["", "/rotate-secret", "/rotate-key"])
def test_viewer_cannot_change_the_site(client, world, login_as, action):
    login_as("v@a.test", "viewer", site=world.site_a)
    key = world.site_a.public_key
    response = post(client, f"/sites/{key}{action}", **edit_form(world.site_a, name="Hacked"))
    assert response.status_code == 403
    after = stored(world.site_a)
    assert (after.name, after.public_key, after.secret) == (
        "Shop A", key, world.site_a.secret
    )


@pytest.mark.parametrize("action", ["", "/rotate-secret", "/rotate-key"])
def test_another_organizations_site_is_404(client, world, login_as, action):
    login_as("o@a.test", "owner", organization=world.org_a)
    key = world.site_b.public_key
    assert client.get(f"/sites/{key}{action}").status_code == 404
    response = post(client, f"/sites/{key}{action}", **edit_form(world.site_b, name="Hacked"))
    assert response.status_code == 404
    after = stored(world.site_b)
    assert (after.name, after.public_key, after.secret) == (
        "Shop B", key, world.site_b.secret
    )


def test_admin_edits_name_domains_and_timezone(client, app, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    key = world.site_a.public_key
    cache = app.extensions["sitetracker.sites"]
    assert cache.by_key(key).domains == ("shop-a.test",)
    response = post(client, f"/sites/{key}", name="Shop A+",
                    domains="https://Shop-A.test/cart, b.test\nc.test", timezone="America/Lima")
    assert response.status_code == 302
    after = stored(world.site_a)
    assert (after.name, after.domain_list, after.timezone) == (
        "Shop A+", ["shop-a.test", "b.test", "c.test"], "America/Lima"
    )
    assert cache.by_key(key).domains == ("shop-a.test", "b.test", "c.test")  # seen at once
    assert b"Changes saved" in client.get(response.headers["Location"]).data


@pytest.mark.parametrize(
    ("field", "value"), [("domains", "not a domain!"), ("domains", ""),
                         ("timezone", "Mars/Base"), ("name", "")]
)
def test_edit_with_bad_input_is_400_naming_the_field(client, world, login_as, field, value):
    login_as("a@a.test", "admin", organization=world.org_a)
    key = world.site_a.public_key
    response = post(client, f"/sites/{key}", **edit_form(world.site_a, **{field: value}))
    assert response.status_code == 400
    assert re.search(rf'id="{field}-error"[^>]*>[^<]+<'.encode(), response.data)
    after = stored(world.site_a)
    assert (after.name, after.domain_list, after.timezone) == (
        "Shop A", ["shop-a.test"], "Europe/Paris"
    )


def test_edit_without_csrf_token_is_refused_and_changes_nothing(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    key = world.site_a.public_key
    response = client.post(f"/sites/{key}", data=edit_form(world.site_a, name="CSRF"))
    assert response.status_code == 400
    wrong = post(client, f"/sites/{key}", csrf_token="forged", **edit_form(world.site_a,
                                                                            name="CSRF"))
    assert wrong.status_code == 400
    assert stored(world.site_a).name == "Shop A"


def test_rotation_pages_ask_before_changing_anything(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    key = world.site_a.public_key
    for action in ("rotate-secret", "rotate-key"):
        page = client.get(f"/sites/{key}/{action}")
        assert page.status_code == 200
        assert f'action="/sites/{key}/{action}"'.encode() in page.data
    after = stored(world.site_a)
    assert (after.public_key, after.secret) == (key, world.site_a.secret)


def test_rotating_the_secret_replaces_it(client, app, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    key = world.site_a.public_key
    cache = app.extensions["sitetracker.sites"]
    assert cache.by_key(key).secret == world.site_a.secret
    response = post(client, f"/sites/{key}/rotate-secret")
    assert response.headers["Location"] == f"/sites/{key}"
    after = stored(world.site_a)
    assert after.secret != world.site_a.secret and after.secret_rotated_at is not None
    assert cache.by_key(key).secret == after.secret
    page = client.get(f"/sites/{key}").data
    verify_admin_token(overlay_token_in(page), after.secret, key)


def test_rotating_the_key_moves_the_page_and_the_old_key_is_gone(client, app, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    old = world.site_a.public_key
    cache = app.extensions["sitetracker.sites"]
    assert cache.by_key(old) is not None
    response = post(client, f"/sites/{old}/rotate-key")
    new = stored(world.site_a).public_key
    assert new != old
    assert response.headers["Location"] == f"/sites/{new}"
    assert client.get(f"/sites/{new}").status_code == 200
    assert client.get(f"/sites/{old}").status_code == 404
    assert cache.by_key(old) is None and cache.by_key(new) is not None
