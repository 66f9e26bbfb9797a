"""Creating, finding and removing sites' connections to store platforms (the CLI's and
the webhook route's shared operations). Inputs are validated by
:class:`ShopifyConnectionSchema` first."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from marshmallow import ValidationError, fields, pre_load, validate
from peewee import DatabaseError

from ..db import database
from ..models import Site, utcnow
from ..validation import Schema
from .models import PLATFORMS, PlatformConnection, PlatformDelivery

log = logging.getLogger(__name__)

SHOP_DOMAIN_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}\.myshopify\.com$")
# Shopify's signing secrets are printable ASCII without spaces (64 hex digits for
# webhooks made in the store's admin; the app's client secret for an app's webhooks).
SECRET_RE = re.compile(r"^[\x21-\x7e]{16,255}$")
# WooCommerce's secrets are what the shop manager typed, or wp_generate_password(50),
# whose special characters include the space.
WC_SECRET_RE = re.compile(r"^[\x20-\x7e]{8,255}$")


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


class WooCommerceConnectionSchema(Schema):
    """``sitetracker adapters woocommerce``'s arguments."""

    site = fields.String(required=True, validate=validate.Length(min=1, max=120))
    secret = fields.String(required=True, validate=validate.Regexp(
        WC_SECRET_RE, error="8 to 255 printable characters (the webhook's secret)"))


def connect_woocommerce(site: Site, secret: str) -> tuple[PlatformConnection, bool]:
    """Connect ``site``'s WooCommerce webhooks (signed with ``secret``), or change the
    secret; answer the connection and whether it is new."""
    existing = connection_of(site.id, "woocommerce")
    if existing is not None:
        existing.webhook_secret = secret
        existing.save()
        return existing, False
    created = PlatformConnection.create(site=site, platform="woocommerce",
                                        webhook_secret=secret, created_at=utcnow())
    return created, True


def connection_of(site_id: int, platform: str) -> PlatformConnection | None:
    """The site's connection to ``platform``, or None."""
    return PlatformConnection.get_or_none(
        (PlatformConnection.site == site_id) & (PlatformConnection.platform == platform))


def shopify_connection(site_id: int) -> PlatformConnection | None:
    """The site's Shopify connection, or None."""
    return connection_of(site_id, "shopify")


def record_delivery(connection: PlatformConnection, result: str) -> None:
    """Keep what came of the connection's latest webhook delivery (shown on the site
    page). Best effort: a failure to keep it never fails the delivery."""
    try:
        with database.connection_context(), database.atomic():
            PlatformDelivery.delete().where(
                PlatformDelivery.connection == connection.id).execute()
            PlatformDelivery.create(connection=connection.id, at=utcnow(), result=result[:120])
    except DatabaseError:
        log.warning("could not keep the last delivery of connection %s", connection.id,
                    exc_info=True)


def last_delivery(connection_id: int) -> PlatformDelivery | None:
    return PlatformDelivery.get_or_none(PlatformDelivery.connection == connection_id)


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


PLATFORM_NAMES = {"shopify": "Shopify", "woocommerce": "WooCommerce"}


@dataclass(frozen=True)
class ConnectionView:
    """What a site's page shows of one platform."""

    platform: str
    name: str
    connected: bool
    shop: str
    webhook_url: str
    last_at: datetime | None
    last_result: str


def connection_views(site: Site, base_url: str) -> list[ConnectionView]:
    """Every platform, connected or not, with its webhook address and last delivery."""
    base = base_url.rstrip("/")
    views = []
    for platform in PLATFORMS:
        connection = connection_of(site.id, platform)
        delivery = last_delivery(connection.id) if connection is not None else None
        views.append(ConnectionView(
            platform=platform, name=PLATFORM_NAMES[platform],
            connected=connection is not None,
            shop=connection.shop_domain if connection is not None else "",
            webhook_url=f"{base}/api/adapters/{platform}/{site.public_key}/webhook",
            last_at=delivery.at if delivery else None,
            last_result=delivery.result if delivery else ""))
    return views
