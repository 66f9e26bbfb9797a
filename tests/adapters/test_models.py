"""What a site's connection to a platform stores: one a platform, one last delivery."""

from __future__ import annotations

import pytest
from peewee import IntegrityError

from sitetracker.adapters.models import PlatformConnection, PlatformDelivery
from sitetracker.db import database
from sitetracker.models import Site


def test_a_site_connects_once_to_each_platform(world):
    with database.connection_context():
        PlatformConnection.create(site=world.site_a.id, platform="shopify")
        with pytest.raises(IntegrityError), database.atomic():
            PlatformConnection.create(site=world.site_a.id, platform="shopify")
        PlatformConnection.create(site=world.site_a.id, platform="woocommerce")
        PlatformConnection.create(site=world.site_b.id, platform="shopify")
        assert PlatformConnection.select().count() == 3


def test_a_connection_without_a_secret_or_shop_has_empty_ones(world):
    with database.connection_context():
        row = PlatformConnection.create(site=world.site_a.id, platform="woocommerce")
        again = PlatformConnection.get_by_id(row.id)
    assert (again.webhook_secret, again.shop_domain) == ("", "")
    assert again.created_at is not None


def test_a_connection_keeps_one_last_delivery(world):
    with database.connection_context():
        row = PlatformConnection.create(site=world.site_a.id, platform="shopify")
        PlatformDelivery.create(connection=row.id, result="purchase (orders/create)")
        with pytest.raises(IntegrityError), database.atomic():
            PlatformDelivery.create(connection=row.id, result="ignored: duplicate")


def test_connections_and_their_deliveries_go_with_their_site(world):
    with database.connection_context():
        row = PlatformConnection.create(site=world.site_a.id, platform="shopify")
        PlatformDelivery.create(connection=row.id, result="purchase (orders/create)")
        PlatformConnection.create(site=world.site_b.id, platform="shopify")
        Site.delete().where(Site.id == world.site_a.id).execute()
        assert [c.site_id for c in PlatformConnection.select()] == [world.site_b.id]
        assert PlatformDelivery.select().count() == 0
