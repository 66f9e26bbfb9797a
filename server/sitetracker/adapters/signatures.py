"""How the platforms sign their webhooks: Shopify (``X-Shopify-Hmac-Sha256``) and
WooCommerce (``X-WC-Webhook-Signature``) both send the base64 HMAC-SHA256 of the raw
body under the webhook's secret."""

from __future__ import annotations

import base64
import hashlib
import hmac


def signature_ok(secret: str, body: bytes, header: str | None) -> bool:
    """True when ``header`` is the base64 HMAC-SHA256 of the raw ``body`` under
    ``secret``."""
    if not header or not secret:
        return False
    expected = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest())
    return hmac.compare_digest(expected, header.strip().encode("ascii", "replace"))
