"""The sites pages: listing and switching sites, and creating one (one site's page is
tests/web/test_site_page.py's)."""

from __future__ import annotations

import html

from sitetracker.db import database
from sitetracker.models import Site

from ..conftest import csrf_of


def stored(site: Site) -> Site:
    with database.connection_context():
        return Site.get_by_id(site.id)


def post(client, path: str, **data: str):
    """Post a form as the page would, CSRF token included."""
    data.setdefault("csrf_token", csrf_of(client))
    return client.post(path, data=data)


def edit_form(site: Site, **changes: str) -> dict[str, str]:
    form = {"name": site.name, "domains": " ".join(site.domain_list), "timezone": site.timezone}
    form.update(changes)
    return form


def main_of(page: bytes) -> str:
    """The page's own content, without the top bar (whose switcher names every site)."""
    text = page.decode()
    return text[text.index("<main"):]


# -- the sites page -------------------------------------------------------------------


def test_sites_page_lists_only_own_organizations_sites(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    page = client.get("/").data
    assert b"Shop A" in page and b"Shop A2" in page
    assert b"Shop B" not in page
    assert world.site_b.public_key.encode() not in page  # nor in the site switcher


def test_sites_page_groups_sites_by_organization_with_each_role(client, world, login_as,
                                                                make_user):
    make_user("m@a.test", "viewer", site=world.site_b)
    login_as("m@a.test", "admin", organization=world.org_a)
    page = main_of(client.get("/").data)
    assert page.index("Agency A") < page.index("Shop A") < page.index("Store B")
    b_section = page[page.index("Store B"):]
    assert "Shop B" in b_section and "viewer" in b_section
    assert "admin" in page[page.index("Agency A"):page.index("Store B")]


def test_sites_page_shows_each_sites_state_events_today_and_last_page(app, client, world,
                                                                     login_as):
    from ..beacons import beacon

    beacon(client, world.site_a.public_key, [{"n": "pageview", "u": "https://shop-a.test/"},
                                            {"n": "pageview", "u": "https://shop-a.test/hats"}])
    app.extensions["sitetracker"].buffer.flush()
    login_as("v@a.test", "viewer", organization=world.org_a)
    page = main_of(client.get("/").data)
    live = page[page.index(f'data-site="{world.site_a.public_key}"'):]
    assert live.startswith(f'data-site="{world.site_a.public_key}" data-state="live"')
    assert '<strong data-value="events">2</strong> events today' in live
    assert '<span class="site-last-page">/hats</span>' in live
    assert f'data-site="{world.site_a2.public_key}" data-state="never"' in page


def test_sites_page_search_keeps_the_matching_sites(client, world, login_as):
    login_as("v@a.test", "viewer", organization=world.org_a)
    page = main_of(client.get("/?q=A2.test").data)
    assert world.site_a2.public_key in page and world.site_a.public_key not in page
    empty = main_of(client.get("/?q=<nothing>").data)
    assert "No site matches “&lt;nothing&gt;”" in empty


def test_site_switcher_lists_visible_sites_and_goes_to_them(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    page = client.get("/").data.decode()
    switcher = page[page.index('id="site-switcher"'):page.index("</select>")]
    assert world.site_a.public_key in switcher and world.site_a2.public_key in switcher
    response = client.get("/switch", query_string={"site": world.site_a.public_key})
    assert response.headers["Location"] == f"/sites/{world.site_a.public_key}/board"
    assert client.get("/switch", query_string={"site": world.site_b.public_key}).status_code == 404


def test_site_markup_in_names_is_escaped(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    key = world.site_a.public_key
    name = "<script>alert(1)</script>"
    post(client, f"/sites/{key}", **edit_form(world.site_a, name=name))
    assert stored(world.site_a).name == name
    for path in ("/", f"/sites/{key}"):
        page = client.get(path).data.decode()
        assert name not in page, path
        assert html.escape(name, quote=False) in page, path


def test_sites_page_without_sites_says_so(client, world, login_as):
    login_as("new@a.test", "viewer", organization=world.org_a)
    with database.connection_context():
        Site.delete().execute()
    assert b"No sites yet" in client.get("/").data


# -- creating a site ------------------------------------------------------------------


def test_admin_creates_a_site_and_lands_on_its_page(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    assert b'href="/sites/new"' in client.get("/").data
    response = post(client, "/sites/new", name="New shop",
                    domains="new.test\nwww.new.test", timezone="Asia/Tokyo")
    assert response.status_code == 302
    with database.connection_context():
        site = Site.get(Site.name == "New shop")
        assert site.organization_id == world.org_a.id
    assert (site.domain_list, site.timezone) == (["new.test", "www.new.test"], "Asia/Tokyo")
    assert response.headers["Location"] == f"/sites/{site.public_key}"
    assert b"New shop" in client.get(response.headers["Location"]).data


def test_new_site_with_bad_input_is_400_and_stores_nothing(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    response = post(client, "/sites/new", name="", domains="not a domain!", timezone="Mars/Base")
    assert response.status_code == 400
    page = response.data.decode()
    for field in ("name", "domains", "timezone"):
        assert f'id="{field}-error"' in page
    with database.connection_context():
        assert Site.select().count() == 3


def test_new_site_with_a_name_the_organization_has_is_refused(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    response = post(client, "/sites/new", name="Shop A2", domains="dup.test", timezone="UTC")
    assert response.status_code == 409
    assert 'id="name-error"' in response.data.decode()
    assert "already has a site named" in response.data.decode()
    renamed = post(client, f"/sites/{world.site_a.public_key}",
                   **edit_form(world.site_a, name="Shop A2"))
    assert renamed.status_code == 409 and b'id="name-error"' in renamed.data
    with database.connection_context():
        assert Site.select().where(Site.name == "Shop A2").count() == 1
        assert Site.get_by_id(world.site_a.id).name == "Shop A"


def test_new_site_asks_which_organization_when_user_manages_several(client, world, login_as,
                                                                    make_user):
    make_user("a@a.test", "owner", organization=world.org_b)
    login_as("a@a.test", "admin", organization=world.org_a)
    assert b'name="organization"' in client.get("/sites/new").data
    form = {"name": "Shop C", "domains": "c.test", "timezone": "UTC"}
    missing = post(client, "/sites/new", **form)
    assert missing.status_code == 400 and b'id="organization-error"' in missing.data
    created = post(client, "/sites/new", organization=world.org_b.slug, **form)
    assert created.status_code == 302
    with database.connection_context():
        assert Site.get(Site.name == "Shop C").organization_id == world.org_b.id


def test_new_site_in_an_organization_not_managed_is_refused(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    response = post(client, "/sites/new", name="Sneaky", domains="s.test", timezone="UTC",
                    organization=world.org_b.slug)
    assert response.status_code == 400
    with database.connection_context():
        assert not Site.select().where(Site.name == "Sneaky").exists()


def test_new_site_is_403_for_who_manages_no_organization(client, world, login_as):
    login_as("v@a.test", "admin", site=world.site_a)
    assert b'href="/sites/new"' not in client.get("/").data
    assert client.get("/sites/new").status_code == 403
    response = post(client, "/sites/new", name="Nope", domains="n.test", timezone="UTC")
    assert response.status_code == 403
    with database.connection_context():
        assert Site.select().count() == 3
