"""Creating, finding and removing sites' connections to store platforms (the CLI's and
the webhook route's shared operations). Inputs are validated by
:class:`ShopifyConnectionSchema` first."""

from __future__ import annotations

import re
from typing import Any

from marshmallow import ValidationError, fields, pre_load, validate

from ..models import Site, utcnow
from ..validation import Schema
from .models import PlatformConnection

SHOP_DOMAIN_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}\.myshopify\.com$")
# Shopify's signing secrets are printable ASCII without spaces (64 hex digits for
# webhooks made in the store's admin; the app's client secret for an app's webhooks).
SECRET_RE = re.compile(r"^[\x21-\x7e]{16,255}$")


class ShopifyConnectionSchema(Schema):
    """``sitetracker adapters shopify``'s arguments."""

    site = fields.String(required=True, validate=validate.Length(min=1, max=120))
    shop = fields.String(required=True, validate=validate.Regexp(
        SHOP_DOMAIN_RE, error="the store's myshopify.com domain, like my-store.myshopify.com"))
    secret = fields.String(required=True, validate=validate.Regexp(
        SECRET_RE, error="16 to 255 characters without spaces (the webhooks' signing secret)"))

    @pre_load
    def normalise_shop(self, data: Any, **kwargs: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("shop"), str):
            shop = data["shop"].strip().lower()
            shop = re.sub(r"^https?://", "", shop).split("/", 1)[0]
            data = {**data, "shop": shop}
        if isinstance(data, dict) and isinstance(data.get("secret"), str):
            data = {**data, "secret": data["secret"].strip()}
        return data


def connect_shopify(site: Site, shop: str, secret: str) -> tuple[PlatformConnection, bool]:
    """Connect ``site`` to the Shopify store ``shop`` (validated), or change the shop and
    secret of its connection; answer the connection and whether it is new."""
    existing = PlatformConnection.get_or_none(
        (PlatformConnection.site == site) & (PlatformConnection.platform == "shopify"))
    if existing is not None:
        existing.shop_domain, existing.webhook_secret = shop, secret
        existing.save()
        return existing, False
    other = PlatformConnection.get_or_none(
        (PlatformConnection.platform == "shopify") & (PlatformConnection.shop_domain == shop))
    if other is not None:
        raise ValidationError({"shop": [f"{shop} is already connected to another site"]})
    created = PlatformConnection.create(site=site, platform="shopify", shop_domain=shop,
                                        webhook_secret=secret, created_at=utcnow())
    return created, True


def shopify_connection(site_id: int) -> PlatformConnection | None:
    """The site's Shopify connection, or None."""
    return PlatformConnection.get_or_none(
        (PlatformConnection.site == site_id) & (PlatformConnection.platform == "shopify"))


def connections() -> list[PlatformConnection]:
    """Every connection, with its site, ordered by site name then platform."""
    return list(
        PlatformConnection.select(PlatformConnection, Site)
        .join(Site)
        .order_by(Site.name, PlatformConnection.platform)
    )


def disconnect(site: Site, platform: str) -> bool:
    """Remove the site's connection to ``platform``; False when there was none."""
    removed = PlatformConnection.delete().where(
        (PlatformConnection.site == site) & (PlatformConnection.platform == platform)).execute()
    return bool(removed)
