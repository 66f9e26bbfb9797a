"""``POST /api/adapters/shopify/<site key>/webhook``: Shopify's webhooks, as events.

Guards, in order: the site key names a site connected to Shopify (404 otherwise); the
``X-Shopify-Hmac-Sha256`` signature matches the raw body under the connection's secret
(401); the shop, when named, is the connected one (403); the topic is one we map
(any other is answered 200 and ignored, so Shopify does not retry it); the body is a
JSON object (400 naming ``body``); the delivery was not seen in the last day
(``X-Shopify-Webhook-Id``: Shopify retries a delivery it thinks failed) and the order
was not reported by another topic (``orders/create`` then ``orders/paid``). Then the
event goes through the same pipeline as ``/api/collect``, and the answer is 200 at once.

Seen deliveries and orders are kept in the database with an expiry
(:mod:`sitetracker.ingest.received`), so a retry after a restart, or on another worker,
is still recognised.
"""

from __future__ import annotations

import json
import logging

from flask import current_app, jsonify, request
from flask.typing import ResponseReturnValue

from ..api import bp
from ..api.collect import collect_signed
from ..api.errors import ApiError
from ..auth import csrf
from ..db import database
from ..ingest import received
from ..ingest.schemas import KEY_RE
from . import shopify
from .connections import shopify_connection

log = logging.getLogger(__name__)

MAX_WEBHOOK_BYTES = 2 * 1024 * 1024  # an order of many lines is larger than a beacon
DELIVERY_TTL = received.DELIVERY_TTL
ORDER_TTL = received.ORDER_TTL


def _ignored(reason: str) -> ResponseReturnValue:
    return jsonify(ok=0, dropped={}, ignored=reason), 200


@bp.post("/adapters/shopify/<key>/webhook")
def shopify_webhook(key: str) -> ResponseReturnValue:
    request.max_content_length = MAX_WEBHOOK_BYTES
    body = request.get_data(cache=False)

    tracking = current_app.extensions["sitetracker"]
    site = tracking.sites.by_key(key) if KEY_RE.match(key) else None
    connection = None
    if site is not None:
        with database.connection_context():
            connection = shopify_connection(site.id)
    if site is None or connection is None:
        raise ApiError(404, "no Shopify store is connected to this site key",
                       {"key": "no site with this key is connected to Shopify"})

    if not shopify.signature_ok(connection.webhook_secret, body,
                                request.headers.get(shopify.HMAC_HEADER)):
        raise ApiError(401, "bad webhook signature",
                       {shopify.HMAC_HEADER: "does not match the body under the shop's secret"})
    shop = (request.headers.get(shopify.SHOP_HEADER) or connection.shop_domain).lower()
    if shop != connection.shop_domain:
        raise ApiError(403, "this shop is not the one connected to the site",
                       {shopify.SHOP_HEADER: f"expected {connection.shop_domain}"})

    topic = request.headers.get(shopify.TOPIC_HEADER, "")
    if topic not in shopify.TOPICS:
        return _ignored("topic")
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "the body must be JSON", {"body": "not valid JSON"}) from None
    if not isinstance(payload, dict):
        raise ApiError(400, "the body must be a JSON object", {"body": "expected an object"})

    beacon = shopify.beacon_for(site.key, shop, topic, payload)
    if beacon is None:
        return _ignored("topic")
    claims: list[str] = []
    now = tracking.clock.now()
    delivery = (request.headers.get(shopify.WEBHOOK_ID_HEADER)
                or request.headers.get(shopify.EVENT_ID_HEADER) or "")
    if delivery:
        if not received.claim(site.id, f"shopify:delivery:{delivery[:90]}", DELIVERY_TTL, now):
            return _ignored("duplicate")
        claims.append(f"shopify:delivery:{delivery[:90]}")
    order = beacon["ev"][0]["p"].get("order_id")
    if order:
        if not received.claim(site.id, f"shopify:order:{order}", ORDER_TTL, now):
            return _ignored("order already reported")
        claims.append(f"shopify:order:{order}")
    try:
        result = collect_signed(site, beacon, shopify.WEBHOOK_AGENT)
    except BaseException:
        received.release(site.id, claims)  # let Shopify's retry try again
        raise
    log.debug("shopify %s for site %s: %s", topic, site.key, result.as_json())
    return jsonify(result.as_json()), 200


csrf.exempt("api.shopify_webhook")
