"""The platforms' webhooks, as events: ``POST /api/adapters/shopify/<site key>/webhook``
and ``POST /api/adapters/woocommerce/<site key>/webhook``.

Guards, in order: the site key names a site connected to the platform (404 otherwise);
(WooCommerce) an unsigned ping ``webhook_id=<id>`` is answered 200, so WooCommerce
activates the webhook; the signature matches the raw body under the connection's secret
(401); (Shopify) the shop, when named, is the connected one (403); the topic is one we
map (any other is answered 200 and ignored, so the platform does not retry it); the body
is a JSON object (400 naming ``body``); an order without an id or a valid total is
answered 200 ``"ignored": "invalid"`` and logged, never counted; the delivery was not
seen in the last day (Shopify's ``X-Shopify-Webhook-Id``, WooCommerce's
``X-WC-Webhook-Delivery-ID``) and the event (its id ``i``, e.g. the order's purchase)
was not reported before. Then the event goes through the same pipeline as a signed
``/api/collect`` (never a live shopper), and the answer is 200.

Seen deliveries and orders are kept in the database with an expiry
(:mod:`sitetracker.ingest.received`), so a retry after a restart, or on another worker,
is still recognised.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import current_app, jsonify, request
from flask.typing import ResponseReturnValue

from ..adapters import shopify, woocommerce
from ..adapters.connections import PLATFORM_NAMES, connection_of, record_delivery
from ..adapters.models import PlatformConnection
from ..auth import csrf
from ..db import database
from ..domain import SiteInfo
from ..ingest import received
from ..ingest.schemas import KEY_RE
from . import bp
from .collect import collect_signed
from .docs import doc
from .errors import ApiError
from .responses import Collected

log = logging.getLogger(__name__)

MAX_WEBHOOK_BYTES = 2 * 1024 * 1024  # an order of many lines is larger than a beacon
DELIVERY_TTL = received.DELIVERY_TTL
EVENT_TTL = received.ORDER_TTL


def _ignored(connection: PlatformConnection, reason: str) -> ResponseReturnValue:
    record_delivery(connection, f"ignored: {reason}")
    return jsonify(ok=0, dropped={}, ignored=reason), 200


def _connected(key: str, platform: str) -> tuple[SiteInfo, PlatformConnection]:
    tracking = current_app.extensions["sitetracker"]
    site = tracking.sites.by_key(key) if KEY_RE.match(key) else None
    connection = None
    if site is not None:
        with database.connection_context():
            connection = connection_of(site.id, platform)
    if site is None or connection is None:
        name = PLATFORM_NAMES[platform]
        raise ApiError(404, f"no {name} store is connected to this site key",
                       {"key": f"no site with this key is connected to {name}"})
    return site, connection


def _json(body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "the body must be JSON", {"body": "not valid JSON"}) from None
    if not isinstance(payload, dict):
        raise ApiError(400, "the body must be a JSON object", {"body": "expected an object"})
    return payload


def _bad_signature(connection: PlatformConnection, header: str) -> ApiError:
    record_delivery(connection, "refused: bad signature")
    return ApiError(401, "bad webhook signature",
                    {header: "does not match the body under the webhook's secret"})


@bp.post("/adapters/shopify/<key>/webhook")
@doc("A Shopify webhook (signed with the shop's secret)", response=Collected,
     body={"type": "object"}, auth=False, errors=(401, 403, 404, 413))
@csrf.exempt
def shopify_webhook(key: str) -> ResponseReturnValue:
    request.max_content_length = MAX_WEBHOOK_BYTES
    body = request.get_data(cache=False)
    site, connection = _connected(key, "shopify")
    if not shopify.signature_ok(connection.webhook_secret, body,
                                request.headers.get(shopify.HMAC_HEADER)):
        raise _bad_signature(connection, shopify.HMAC_HEADER)
    shop = (request.headers.get(shopify.SHOP_HEADER) or connection.shop_domain).lower()
    if shop != connection.shop_domain:
        raise ApiError(403, "this shop is not the one connected to the site",
                       {shopify.SHOP_HEADER: f"expected {connection.shop_domain}"})

    topic = request.headers.get(shopify.TOPIC_HEADER, "")
    if topic not in shopify.TOPICS:
        return _ignored(connection, "topic")
    payload = _json(body)
    try:
        beacon = shopify.beacon_for(site.key, shop, topic, payload)
    except shopify.InvalidPayload as exc:
        log.warning("shopify %s for site %s ignored: %s", topic, site.key, exc)
        return _ignored(connection, "invalid")
    if beacon is None:
        return _ignored(connection, "topic")
    delivery = (request.headers.get(shopify.WEBHOOK_ID_HEADER)
                or request.headers.get(shopify.EVENT_ID_HEADER) or "")
    return _deliver(site, connection, beacon, delivery, shopify.WEBHOOK_AGENT, topic)


@bp.post("/adapters/woocommerce/<key>/webhook")
@doc("A WooCommerce webhook (signed with the webhook's secret; its unsigned ping is "
     "answered 200)", response=Collected, body={"type": "object"}, auth=False,
     errors=(401, 404, 413))
@csrf.exempt
def woocommerce_webhook(key: str) -> ResponseReturnValue:
    request.max_content_length = MAX_WEBHOOK_BYTES
    body = request.get_data(cache=False)
    site, connection = _connected(key, "woocommerce")
    signature = request.headers.get(woocommerce.SIGNATURE_HEADER)
    if signature is None and woocommerce.is_ping(body):
        record_delivery(connection, "ping")
        return jsonify(ok=0, dropped={}, ignored="ping"), 200
    if not woocommerce.signature_ok(connection.webhook_secret, body, signature):
        raise _bad_signature(connection, woocommerce.SIGNATURE_HEADER)

    topic = request.headers.get(woocommerce.TOPIC_HEADER, "")
    if topic not in woocommerce.TOPICS:
        return _ignored(connection, "topic")
    payload = _json(body)
    source = request.headers.get(woocommerce.SOURCE_HEADER, "")
    try:
        beacon = woocommerce.beacon_for(site.key, source, topic, payload)
    except shopify.InvalidPayload as exc:
        log.warning("woocommerce %s for site %s ignored: %s", topic, site.key, exc)
        return _ignored(connection, "invalid")
    if beacon is None:
        return _ignored(connection, "status")
    # WooCommerce's delivery id is a hash of the webhook and the second it was sent:
    # two orders in one second share it, so a delivery is the id and its order.
    delivery = request.headers.get(woocommerce.DELIVERY_HEADER, "")
    if delivery:
        delivery = f"{delivery[:100]}:{payload.get('id')}"
    return _deliver(site, connection, beacon, delivery, woocommerce.WEBHOOK_AGENT, topic)


def _deliver(site: SiteInfo, connection: PlatformConnection, beacon: dict[str, Any],
             delivery: str, agent: str, topic: str) -> ResponseReturnValue:
    """Count the delivery and its event once (in the database, so a retry after a
    restart or on another worker is still recognised), then record it like a signed
    beacon."""
    tracking = current_app.extensions["sitetracker"]
    now = tracking.clock.now()
    platform = connection.platform
    claims: list[tuple[str, int]] = []

    def first(key: str, ttl: int) -> bool:
        """Claim ``key``; a claim still held by an earlier delivery answers 503 (the
        platform retries), as its work may not be stored yet."""
        state = received.claim(site.id, key, ttl, now)
        if state == received.PENDING:
            received.release(site.id, [k for k, _ in claims])
            raise received.ClaimPending(key)
        if state == received.NEW:
            claims.append((key, ttl))
        return state == received.NEW

    if delivery and not first(f"{platform}:delivery:{delivery}", DELIVERY_TTL):
        return _ignored(connection, "duplicate")
    event = beacon["ev"][0]
    order = event["p"].get("order_id")
    once = f"{platform}:order:{order}" if order else f"{platform}:event:{event['i']}"
    if not first(once, EVENT_TTL):
        received.release(site.id, [k for k, _ in claims])
        return _ignored(connection, "order already reported" if order else "duplicate")
    try:
        result = collect_signed(site, beacon, agent)
    except BaseException:
        received.release(site.id, [k for k, _ in claims])  # the platform's retry counts
        raise
    with database.connection_context(), database.atomic():
        for key, ttl in claims:  # stored: a retry of this delivery is a duplicate now
            received.confirm(site.id, key, ttl, now)
    record_delivery(connection, f"{event['n']} ({topic})")
    tracking.install.seen(site.id, platform, f"{connection.shop_domain} {topic}".strip())
    log.debug("%s %s for site %s: %s", connection.platform, topic, site.key,
              result.as_json())
    return jsonify(result.as_json()), 200

