"""Shopify's webhooks: checking their signature, and mapping them to tracked events.

Pure functions, no I/O: the route (:mod:`.webhooks`) reads the request and records.

==================  ===========  ==================================================
topic               event        properties
==================  ===========  ==================================================
``orders/create``   ``purchase`` order_id, value (``total_price``), currency, items
``orders/paid``     ``purchase`` (the same; an order is reported once, see webhooks)
``checkouts/create`` ``checkout`` value, currency, items
==================  ===========  ==================================================

``items`` is how many items the lines hold. An order without an id or a valid total is
not a sale (:class:`InvalidPayload`). Every event carries its id (``i``:
``shopify:order:<id>:purchase``, ``shopify:checkout:<token>:checkout``). The shopper is
the visitor id the theme snippet put in the cart's attributes (``st_vid``, which Shopify
copies to the checkout's and the order's ``note_attributes``), else the visitor the pixel
linked to the checkout or cart token (``j``, :mod:`sitetracker.ingest.join`), else a
stable hash of the checkout, the customer or the order, so that a checkout and its order
count as one shopper.
"""

from __future__ import annotations

import hashlib
import math
import re
from typing import Any

from ..ingest.commerce_props import MAX_QUANTITY, MAX_VALUE
from ..ingest.platform import detect
from ..ingest.schemas import EVENT_ID_RE, ID_RE, JOIN_VALUE_RE
from .signatures import signature_ok  # noqa: F401  (the platform's check)

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
    """The shopper's visitor id: the ``st_vid`` cart attribute when valid, else a stand-in,
    a hash of the checkout token (shared by a checkout and its order), the cart token,
    the customer, the email or the order, in that order of preference. The stand-in is
    replaced by the browser's visitor when the pixel linked the tokens (:func:`links_for`)."""
    visitor = attribute_visitor(payload)
    if visitor:
        return visitor
    customer = payload.get("customer")
    candidates = (
        ("checkout", checkout_token(topic, payload)),
        ("cart", payload.get("cart_token")),
        ("customer", customer.get("id") if isinstance(customer, dict) else None),
        ("email", str(payload.get("email") or "").strip().lower()),
        ("order", order_id(payload) if topic.startswith("orders/") else None),
    )
    basis = next((f"{kind}:{value}" for kind, value in candidates
                  if value not in (None, "") and not isinstance(value, bool | dict | list)),
                 "unknown")
    # Hash first, so the short id the board shows (its first 8 characters) tells
    # shoppers apart.
    return hashlib.sha256(f"{shop}|{basis}".encode()).hexdigest()[:32] + "-shopify"


def attribute_visitor(payload: dict[str, Any]) -> str | None:
    """The widget's visitor id the theme snippet put in the cart's attributes."""
    for name in VISITOR_ATTRIBUTES:
        value = note_attribute(payload, name)
        if value and ID_RE.match(value):
            return value
    return None


def checkout_token(topic: str, payload: dict[str, Any]) -> str | None:
    value = payload.get("checkout_token" if topic.startswith("orders/") else "token")
    return value if isinstance(value, str) and value else None


def links_for(topic: str, payload: dict[str, Any]) -> dict[str, str]:
    """The tokens the pixel links to the shopper's visitor (``j`` of the beacon)."""
    links = {"shopify_checkout": checkout_token(topic, payload),
             "shopify_cart": payload.get("cart_token")}
    return {kind: value for kind, value in links.items()
            if isinstance(value, str) and JOIN_VALUE_RE.match(value)}


def event_id(*parts: Any) -> str:
    """An event id (``i``) from its parts, like ``shopify:order:6113582317846:purchase``;
    hashed when the parts make an id that is too long or holds other characters."""
    text = ":".join(str(part) for part in parts)
    if EVENT_ID_RE.match(text):
        return text
    return f"{parts[0]}:" + hashlib.sha256(text.encode()).hexdigest()[:40]


def user_agent_of(payload: dict[str, Any]) -> str | None:
    """The shopper's browser from the order's ``client_details``, unless it looks like a
    bot (a purchase is never dropped as one)."""
    details = payload.get("client_details")
    agent = details.get("user_agent") if isinstance(details, dict) else None
    if not isinstance(agent, str) or not agent.strip():
        return None
    agent = agent[:512]
    return None if detect(agent).is_bot else agent


class InvalidPayload(ValueError):
    """A delivery that cannot stand for its event (an order without an id or a total):
    answered 200 so the platform does not retry it forever, logged, never counted."""


def event_for(topic: str, payload: dict[str, Any]) -> dict[str, Any] | None:
    """The event a webhook stands for, as on the wire (``{"n", "p", "i"}``), or None for
    a topic that maps to nothing; :class:`InvalidPayload` for an order that is not a sale."""
    name = TOPICS.get(topic)
    if name is None:
        return None
    props: dict[str, Any] = {}
    value = _amount(payload.get("total_price"))
    if name == "purchase":
        props["order_id"] = order_id(payload)
        if not props["order_id"]:
            raise InvalidPayload("the order has no id")
        if value is None:
            raise InvalidPayload("the order has no valid total_price")
        gateways = payload.get("payment_gateway_names")
        if isinstance(gateways, list) and gateways and isinstance(gateways[0], str):
            props["method"] = gateways[0][:40]
        ident = event_id("shopify", "order", props["order_id"], "purchase")
    else:
        token = checkout_token(topic, payload) or payload.get("id") or ""
        ident = event_id("shopify", "checkout", token, "checkout")
    props["value"] = value
    props["currency"] = _currency(payload)
    props["items"] = _items(payload.get("line_items"))
    return {"n": name, "i": ident,
            "p": {key: value for key, value in props.items() if value is not None}}


def beacon_for(site_key: str, shop: str, topic: str, payload: dict[str, Any]
               ) -> dict[str, Any] | None:
    """The ``/api/collect`` body a webhook stands for, or None (``InvalidPayload``)."""
    event = event_for(topic, payload)
    if event is None:
        return None
    body: dict[str, Any] = {"k": site_key, "v": visitor_for(shop, topic, payload), "ev": [event]}
    links = {} if attribute_visitor(payload) else links_for(topic, payload)
    if links:
        body["j"] = links
    agent = user_agent_of(payload)
    if agent:
        body["ua"] = agent
    return body
