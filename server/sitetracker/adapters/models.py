"""A site's connection to a store platform."""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField

from ..models import BaseModel, Site, utcnow

PLATFORMS = ("shopify", "woocommerce")


class PlatformConnection(BaseModel):
    """One row per (site, platform). For Shopify, ``webhook_secret`` is the key the
    store signs its webhooks with and ``shop_domain`` its ``*.myshopify.com`` name
    (Shopify's ``X-Shopify-Shop-Domain``); WooCommerce signs with the site secret and
    needs neither."""

    site = ForeignKeyField(Site, on_delete="CASCADE")
    platform = CharField(max_length=16)
    webhook_secret = CharField(max_length=255, default="")
    shop_domain = CharField(max_length=255, default="")
    created_at = DateTimeField(default=utcnow)
    site_id: int

    class Meta:
        indexes = ((("site", "platform"), True),)
