"""A site's connection to a store platform."""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField

from ..models import BaseModel, Site, utcnow

PLATFORMS = ("shopify", "woocommerce")


class PlatformConnection(BaseModel):
    """One row per (site, platform). ``webhook_secret`` is the key the platform signs
    its webhooks with (Shopify's shown in the store's admin; WooCommerce's the secret
    of the webhook made under WooCommerce → Settings → Advanced → Webhooks).
    ``shop_domain`` is Shopify's ``*.myshopify.com`` name (``X-Shopify-Shop-Domain``),
    empty for WooCommerce. The plugin's signed events need no connection: they are
    signed with the site secret."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    platform = CharField(max_length=16)
    webhook_secret = CharField(max_length=255, default="")
    shop_domain = CharField(max_length=255, default="")
    created_at = DateTimeField(default=utcnow)
    site_id: int

    class Meta:
        indexes = ((("site", "platform"), True),)


class PlatformDelivery(BaseModel):
    """A connection's last webhook delivery: when, and what came of it (``purchase
    (orders/create)``, ``ignored: duplicate``, ``refused: bad signature``...)."""

    connection = ForeignKeyField(PlatformConnection, on_delete="CASCADE", unique=True)
    at = DateTimeField(default=utcnow)
    result = CharField(max_length=120, default="")
