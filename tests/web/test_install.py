"""Starting the verify mode from the site page: admins get a code for their site."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from ..conftest import csrf_of


def start(client, key: str):
    return client.post(f"/sites/{key}/verify", data={"csrf_token": csrf_of(client)})


def test_an_admin_gets_a_code_for_the_site_shown_on_its_page(app, client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    key = world.site_a.public_key
    response = start(client, key)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == f"/sites/{key}" and location.fragment == "install"
    [code] = parse_qs(location.query)["verify"]
    tracking = app.extensions["sitetracker"]
    assert tracking.install.verifier.is_for(tracking.sites.by_key(key), code)
    page = client.get(f"/sites/{key}?verify={code}").get_data(as_text=True)
    assert f'data-code="{code}"' in page


def test_each_start_is_a_new_code(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    key = world.site_a.public_key
    first, second = (start(client, key).headers["Location"] for _ in range(2))
    assert first != second


def test_viewers_and_other_organizations_cannot_start_it(client, world, login_as):
    login_as("v@a.test", "viewer", organization=world.org_a)
    assert start(client, world.site_a.public_key).status_code == 403
    login_as("o@b.test", "owner", organization=world.org_b)
    assert start(client, world.site_a.public_key).status_code == 404


def test_starting_needs_the_csrf_token(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    assert client.post(f"/sites/{world.site_a.public_key}/verify").status_code == 400
