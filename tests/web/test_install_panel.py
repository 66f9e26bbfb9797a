"""The site page's installation panel: what was seen or the likely causes, the refused
pages, and the verify session shown."""

from __future__ import annotations

from ..install.test_sightings import beacon, tick


def test_a_new_site_says_the_widget_is_not_detected_with_likely_causes(client, world,
                                                                       login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    page = client.get(f"/sites/{world.site_a.public_key}").data.decode()
    assert page.count("not detected yet") == 2  # widget and overlay
    assert "Do Not Track" in page and "Content-Security-Policy" in page
    assert "mixed content" in page


def test_a_refused_domain_is_listed_on_the_site_page(app, client, world, login_as):
    assert beacon(client, world.site_a.public_key, "https://elsewhere.test").status_code == 403
    tick(app)
    login_as("o@a.test", "owner", organization=world.org_a)
    page = client.get(f"/sites/{world.site_a.public_key}").data.decode()
    assert "Refused pages" in page and "https://elsewhere.test" in page


def test_the_verify_session_is_shown_only_for_a_code_of_the_site(app, client, world,
                                                                 login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    verifier = app.extensions["sitetracker"].install.verifier
    own, other = verifier.start(world.site_a.id), verifier.start(world.site_a2.id)
    key = world.site_a.public_key
    page = client.get(f"/sites/{key}?verify={own}").get_data(as_text=True)
    assert f'data-code="{own}"' in page
    assert f"https://shop-a.test/?st_verify={own}" in page
    for code in (other, "not-a-code"):
        page = client.get(f"/sites/{key}?verify={code}").get_data(as_text=True)
        assert 'class="verify"' not in page


def test_a_connected_platform_is_a_part_of_the_installation(app, client, world, login_as):
    from sitetracker.adapters.connections import connect_woocommerce
    from sitetracker.db import database
    from sitetracker.models import Site

    login_as("o@a.test", "owner", organization=world.org_a)
    key = world.site_a.public_key
    with database.connection_context():
        connect_woocommerce(Site.get_by_id(world.site_a.id), "a secret of woo")
    page = client.get(f"/sites/{key}").get_data(as_text=True)
    assert page.count("not detected yet") == 3  # widget, overlay and WooCommerce
    assert "no webhook has arrived" in page
