"""The site page's live view section: off for a new site, turned on by an admin (the
live channel follows at once), read-only for viewers."""

from __future__ import annotations

from sitetracker.watch import settings

from ..conftest import csrf_of
from ..messaging_world import AdminPage, ShopperPage


def test_an_admin_turns_the_live_view_on_and_admins_can_watch_at_once(app, client, world,
                                                                        login_as):
    site = world.site_a
    admin = AdminPage(app, site)
    shopper = ShopperPage(app, site)
    assert admin.ask("watch_start", {"ref": shopper.ref})["error"]["status"] == 403
    login_as("a@a.test", "admin", organization=world.org_a)
    page = client.get(f"/sites/{site.public_key}").get_data(as_text=True)
    assert 'id="watch-title"' in page and 'id="watch-live"' in page
    assert "checked" not in page.split('id="watch-live"')[1][:20]  # off for a new site

    response = client.post(f"/sites/{site.public_key}/watch",
                           data={"live": "1", "csrf_token": csrf_of(client)})

    assert response.status_code == 302
    assert settings.stored(site.id) == settings.Setting(live=True, lead=False)
    assert admin.ask("watch_start", {"ref": shopper.ref})["ref"] == shopper.ref
    page = client.get(f"/sites/{site.public_key}").get_data(as_text=True)
    assert "checked" in page.split('id="watch-live"')[1][:20]


def test_a_viewer_sees_the_setting_but_cannot_change_it(app, client, world, login_as):
    login_as("v@a.test", "viewer", organization=world.org_a)
    page = client.get(f"/sites/{world.site_a.public_key}").get_data(as_text=True)
    assert "Live view" in page and 'name="live"' not in page
    response = client.post(f"/sites/{world.site_a.public_key}/watch",
                           data={"live": "1", "csrf_token": csrf_of(client)})
    assert response.status_code == 403
    assert settings.stored(world.site_a.id) == settings.Setting()
