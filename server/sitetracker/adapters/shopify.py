"""Shopify's webhooks: checking their signature, and mapping them to tracked events.

Pure functions, no I/O: the route (:mod:`.webhooks`) reads the request and records.

==================  ===========  ==================================================
topic               event        properties
==================  ===========  ==================================================
``orders/create``   ``purchase`` order_id, value (``total_price``), currency, items
``orders/paid``     ``purchase`` (the same; an order is reported once, see webhooks)
``checkouts/create`` ``checkout`` value, currency, items
==================  ===========  ==================================================

``items`` is how many items the lines hold. The shopper is the visitor id the theme
snippet put in the cart's attributes (``st_vid``, which Shopify copies to the checkout's
and the order's ``note_attributes``), else a stable hash of the checkout, the customer or
the order, so that a checkout and its order count as one shopper.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import re
from typing import Any

from ..ingest.commerce_props import MAX_QUANTITY, MAX_VALUE
from ..ingest.platform import detect
from ..ingest.schemas import ID_RE

HMAC_HEADER = "X-Shopify-Hmac-Sha256"
TOPIC_HEADER = "X-Shopify-Topic"
SHOP_HEADER = "X-Shopify-Shop-Domain"
WEBHOOK_ID_HEADER = "X-Shopify-Webhook-Id"
EVENT_ID_HEADER = "X-Shopify-Event-Id"

TOPICS = {
    "orders/create": "purchase",
    "orders/paid": "purchase",
    "checkouts/create": "checkout",
}
VISITOR_ATTRIBUTES = ("st_vid", "_st_vid")
WEBHOOK_AGENT = "Shopify webhook"
CURRENCY_RE = re.compile(r"^[A-Za-z]{3}$")
GID_RE = re.compile(r"^gid://shopify/\w+/")


def signature_ok(secret: str, body: bytes, header: str | None) -> bool:
    """True when ``header`` is the base64 HMAC-SHA256 of the raw ``body`` under
    ``secret`` (Shopify's ``X-Shopify-Hmac-Sha256``)."""
    if not header or not secret:
        return False
    expected = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest())
    return hmac.compare_digest(expected, header.strip().encode("ascii", "replace"))


def order_id(payload: dict[str, Any]) -> str | None:
    """The order's id as the pixel's ``checkout.order.id`` gives it (digits)."""
    value = payload.get("id")
    if isinstance(value, bool) or not isinstance(value, int | str) or value == "":
        return None
    return GID_RE.sub("", str(value))[:64]


def _amount(value: Any) -> float | None:
    """Shopify's money strings (``"19.90"``) as numbers the schema accepts."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return round(number, 2) if math.isfinite(number) and 0 <= number <= MAX_VALUE else None


def _items(lines: Any) -> int | None:
    if not isinstance(lines, list):
        return None
    count = 0
    for line in lines:
        quantity = line.get("quantity") if isinstance(line, dict) else None
        if isinstance(quantity, int) and not isinstance(quantity, bool) and quantity > 0:
            count += quantity
    return min(count, MAX_QUANTITY)


def _currency(payload: dict[str, Any]) -> str | None:
    for key in ("currency", "presentment_currency"):
        value = payload.get(key)
        if isinstance(value, str) and CURRENCY_RE.match(value):
            return value.upper()
    return None


def note_attribute(payload: dict[str, Any], name: str) -> str | None:
    """A note attribute: orders list them as ``[{name, value}]``, checkouts as an object."""
    attributes = payload.get("note_attributes")
    if isinstance(attributes, dict):
        value = attributes.get(name)
        return value if isinstance(value, str) else None
    if isinstance(attributes, list):
        for item in attributes:
            if isinstance(item, dict) and item.get("name") == name:
                value = item.get("value")
                return value if isinstance(value, str) else None
    return None


def visitor_for(shop: str, topic: str, payload: dict[str, Any]) -> str:
    """The shopper's visitor id: the ``st_vid`` cart attribute when valid, else a hash of
    the checkout token (shared by a checkout and its order), the cart token, the
    customer, the email or the order, in that order of preference."""
    for name in VISITOR_ATTRIBUTES:
        value = note_attribute(payload, name)
        if value and ID_RE.match(value):
            return value
    customer = payload.get("customer")
    checkout_token = payload.get("checkout_token" if topic.startswith("orders/") else "token")
    candidates = (
        ("checkout", checkout_token),
        ("cart", payload.get("cart_token")),
        ("customer", customer.get("id") if isinstance(customer, dict) else None),
        ("email", str(payload.get("email") or "").strip().lower()),
        ("order", order_id(payload) if topic.startswith("orders/") else None),
    )
    basis = next((f"{kind}:{value}" for kind, value in candidates
                  if value not in (None, "") and not isinstance(value, bool | dict | list)),
                 "unknown")
    return "shopify-" + hashlib.sha256(f"{shop}|{basis}".encode()).hexdigest()[:32]


def user_agent_of(payload: dict[str, Any]) -> str | None:
    """The shopper's browser from the order's ``client_details``, unless it looks like a
    bot (a purchase is never dropped as one)."""
    details = payload.get("client_details")
    agent = details.get("user_agent") if isinstance(details, dict) else None
    if not isinstance(agent, str) or not agent.strip():
        return None
    agent = agent[:512]
    return None if detect(agent).is_bot else agent


def event_for(topic: str, payload: dict[str, Any]) -> dict[str, Any] | None:
    """The event a webhook stands for, as on the wire (``{"n", "p"}``), or None for a
    topic that maps to nothing."""
    name = TOPICS.get(topic)
    if name is None:
        return None
    props: dict[str, Any] = {}
    if name == "purchase":
        props["order_id"] = order_id(payload)
        gateways = payload.get("payment_gateway_names")
        if isinstance(gateways, list) and gateways and isinstance(gateways[0], str):
            props["method"] = gateways[0][:40]
    props["value"] = _amount(payload.get("total_price"))
    props["currency"] = _currency(payload)
    props["items"] = _items(payload.get("line_items"))
    return {"n": name, "p": {key: value for key, value in props.items() if value is not None}}


def beacon_for(site_key: str, shop: str, topic: str, payload: dict[str, Any]
               ) -> dict[str, Any] | None:
    """The ``/api/collect`` body a webhook stands for, or None."""
    event = event_for(topic, payload)
    if event is None:
        return None
    # The same delivery (or a re-sent one of the same version) has the same event id.
    version = f"{shop}|{topic}|{payload.get('id')}|{payload.get('updated_at')}"
    event["i"] = "shopify:" + hashlib.sha256(version.encode()).hexdigest()[:40]
    body: dict[str, Any] = {"k": site_key, "v": visitor_for(shop, topic, payload), "ev": [event]}
    agent = user_agent_of(payload)
    if agent:
        body["ua"] = agent
    return body
