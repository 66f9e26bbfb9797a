"""A site's platform connections on its page: each one's webhook address and last
delivery; admins connect, change the secret (WooCommerce: a new one is made) and
disconnect, with CSRF-protected forms. Viewers read them only."""

from __future__ import annotations

import secrets

from flask import abort, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from ..adapters.connections import (
    PLATFORM_NAMES as NAMES,
)
from ..adapters.connections import (
    ShopifyConnectionSchema,
    WooCommerceConnectionSchema,
    connect_shopify,
    connect_woocommerce,
    disconnect,
)
from ..adapters.models import PLATFORMS
from ..auth.session import login_required
from . import bp
from .forms import errors_of, form_values
from .site_page import site_for


@bp.post("/sites/<key>/connections/<platform>")
@login_required
def connect_platform(key: str, platform: str) -> ResponseReturnValue:
    """Connect the platform, or change its secret (and Shopify's shop)."""
    site, _ = site_for(key, "admin")
    if platform not in PLATFORMS:
        abort(404, description="no such platform")
    values = form_values("shop", "secret")
    made = ""
    try:
        if platform == "shopify":
            data = ShopifyConnectionSchema().load({"site": site.public_key, **values})
            connect_shopify(site, data["shop"], data["secret"])
        else:
            secret = values.get("secret", "").strip() or (made := secrets.token_urlsafe(32))
            data = WooCommerceConnectionSchema().load({"site": site.public_key,
                                                       "secret": secret})
            connect_woocommerce(site, data["secret"])
    except ValidationError as exc:
        field, message = next(iter(errors_of(exc).items()))
        flash(f"{NAMES[platform]}: {field}: {message}", "error")
        return redirect(url_for("web.site", key=site.public_key) + "#connections-title")
    if made:
        flash(f"WooCommerce connected. Its webhooks' secret, shown this once: {made}", "ok")
    else:
        flash(f"{NAMES[platform]} connected.", "ok")
    return redirect(url_for("web.site", key=site.public_key) + "#connections-title")


@bp.post("/sites/<key>/connections/<platform>/disconnect")
@login_required
def disconnect_platform(key: str, platform: str) -> ResponseReturnValue:
    site, _ = site_for(key, "admin")
    if platform not in PLATFORMS:
        abort(404, description="no such platform")
    if disconnect(site, platform):
        flash(f"{NAMES[platform]} disconnected: its webhooks are refused from now on.", "ok")
    return redirect(url_for("web.site", key=site.public_key) + "#connections-title")
