"""A site's platform connections on its page: shown with their webhook address and last
delivery; admins connect, change the secret and disconnect (CSRF-checked), viewers only
read them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from sitetracker.adapters.connections import connect_shopify
from sitetracker.adapters.models import PlatformConnection
from sitetracker.db import database
from sitetracker.models import Site

from ..conftest import csrf_of

SHOPIFY_SECRET = "whsec-5f1c2b8e9a7d4c3b2a1f0e9d8c7b6a59"


def post(client, path: str, **data: str):
    data.setdefault("csrf_token", csrf_of(client))
    return client.post(path, data=data)


def connections_of(site) -> dict[str, PlatformConnection]:
    with database.connection_context():
        return {c.platform: c for c in
                PlatformConnection.select().where(PlatformConnection.site == site.id)}


def section(page: bytes) -> str:
    text = page.decode()
    start = text.index('id="connections-title"')
    return text[start:text.index("</section>", start)]


def test_the_site_page_shows_each_platform_and_its_webhook_address(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    page = section(client.get(f"/sites/{world.site_a.public_key}").data)
    assert "Shopify" in page and "WooCommerce" in page
    assert page.count("not connected") == 2


def test_an_admin_connects_shopify_and_sees_the_last_delivery(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    key = world.site_a.public_key
    response = post(client, f"/sites/{key}/connections/shopify", shop="shop-a.myshopify.com",
                    secret=SHOPIFY_SECRET)
    assert response.status_code == 302
    assert connections_of(world.site_a)["shopify"].webhook_secret == SHOPIFY_SECRET
    body = b'{"id": 1}'
    signature = base64.b64encode(hmac.new(SHOPIFY_SECRET.encode(), body,
                                          hashlib.sha256).digest()).decode()
    client.post(f"/api/adapters/shopify/{key}/webhook", data=body, headers={
        "X-Shopify-Topic": "products/update", "X-Shopify-Hmac-Sha256": signature})
    page = section(client.get(f"/sites/{key}").data)
    assert f"/api/adapters/shopify/{key}/webhook" in page
    assert "shop-a.myshopify.com" in page
    assert "ignored: topic" in page


def test_woocommerce_gets_a_new_secret_shown_once_and_rotating_replaces_it(client, world,
                                                                           login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    key = world.site_a.public_key
    first = post(client, f"/sites/{key}/connections/woocommerce", secret="")
    page = client.get(first.headers["Location"]).data.decode()
    made = connections_of(world.site_a)["woocommerce"].webhook_secret
    assert len(made) >= 32 and made in page  # shown in this one message
    assert made not in client.get(f"/sites/{key}").data.decode()  # and never again
    post(client, f"/sites/{key}/connections/woocommerce", secret="")
    assert connections_of(world.site_a)["woocommerce"].webhook_secret != made


def test_an_admin_disconnects(client, world, login_as):
    with database.connection_context():
        connect_shopify(Site.get_by_id(world.site_a.id), "shop-a.myshopify.com", SHOPIFY_SECRET)
    login_as("a@a.test", "admin", organization=world.org_a)
    response = post(client, f"/sites/{world.site_a.public_key}/connections/shopify/disconnect")
    assert response.status_code == 302
    assert connections_of(world.site_a) == {}


def test_a_bad_shop_is_refused_with_its_reason_and_changes_nothing(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    key = world.site_a.public_key
    response = post(client, f"/sites/{key}/connections/shopify", shop="<b>evil</b>",
                    secret=SHOPIFY_SECRET)
    page = client.get(response.headers["Location"]).data.decode()
    assert "myshopify.com domain" in page and "<b>evil</b>" not in page
    assert connections_of(world.site_a) == {}


def test_forms_need_the_csrf_token(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    response = client.post(f"/sites/{world.site_a.public_key}/connections/woocommerce",
                           data={"secret": "a-secret-of-the-shop"})
    assert response.status_code == 400
    assert connections_of(world.site_a) == {}


def test_viewers_read_the_connections_but_have_no_forms_and_get_403(client, world, login_as):
    with database.connection_context():
        connect_shopify(Site.get_by_id(world.site_a.id), "shop-a.myshopify.com", SHOPIFY_SECRET)
    login_as("v@a.test", "viewer", organization=world.org_a)
    key = world.site_a.public_key
    page = section(client.get(f"/sites/{key}").data)
    assert f"/api/adapters/shopify/{key}/webhook" in page
    assert not re.search(r"<form", page)
    assert post(client, f"/sites/{key}/connections/shopify/disconnect").status_code == 403
    assert post(client, f"/sites/{key}/connections/woocommerce", secret="").status_code == 403
    assert set(connections_of(world.site_a)) == {"shopify"}


def test_another_organizations_site_is_404(client, world, login_as):
    login_as("a@a.test", "admin", organization=world.org_a)
    response = post(client, f"/sites/{world.site_b.public_key}/connections/woocommerce",
                    secret="")
    assert response.status_code == 404
