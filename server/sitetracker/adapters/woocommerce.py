"""WooCommerce's own webhooks: checking their signature, and mapping orders to events.

Pure functions, no I/O: the route (:mod:`.webhooks`) reads the request and records.
WooCommerce (``WC_Webhook::deliver``) posts the order as its REST API (``/wc/v3``) shows
it, JSON-encoded by ``wp_json_encode``, with ``X-WC-Webhook-Topic``, ``-Resource``,
``-Event``, ``-Source`` (the shop's ``home_url('/')``), ``-ID``, ``-Delivery-ID`` and
``-Signature``: the base64 HMAC-SHA256 of the raw body under the webhook's secret. When
a webhook is saved it first sends a ping, ``webhook_id=<id>`` as a form, unsigned, and
activates the webhook only on a 200.

================================  ===========================================
``order.created``/``order.updated``  event, by the order's ``status``
================================  ===========================================
``pending``                       ``checkout`` (value, currency, items)
``processing``, ``completed``     ``purchase`` (order_id, value, currency, items, method)
``failed``                        ``payment_error`` (code ``payment_failed``, method, ...)
any other status                  nothing (answered 200, ignored)
================================  ===========================================

The shopper is the plugin's visitor id kept on the order (``_sitetracker_vid`` in
``meta_data``) when the plugin runs too, else the visitor a browser linked to the order
key (its thank-you page) or the cart hash (``j``), else the same stand-in the plugin
uses (a hash of the shop's address and the customer, the email or the order), so the
plugin's signed events and the webhooks of one order count as one shopper.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from ..ingest.platform import detect
from ..ingest.schemas import ID_RE, JOIN_VALUE_RE
from .shopify import InvalidPayload, _amount, _items, event_id
from .signatures import signature_ok  # noqa: F401  (the platform's check)

SIGNATURE_HEADER = "X-WC-Webhook-Signature"
TOPIC_HEADER = "X-WC-Webhook-Topic"
SOURCE_HEADER = "X-WC-Webhook-Source"
DELIVERY_HEADER = "X-WC-Webhook-Delivery-ID"
WEBHOOK_ID_HEADER = "X-WC-Webhook-ID"
TOPICS = ("order.created", "order.updated")
STATUSES = {
    "pending": "checkout",
    "processing": "purchase",
    "completed": "purchase",
    "failed": "payment_error",
}
VISITOR_META = ("_sitetracker_vid",)
WEBHOOK_AGENT = "WooCommerce webhook"
PING_RE = re.compile(rb"^webhook_id=[0-9]{1,20}$")
CURRENCY_RE = re.compile(r"^[A-Za-z]{3}$")


def is_ping(body: bytes) -> bool:
    """WooCommerce's test delivery when a webhook is saved: ``webhook_id=<id>``."""
    return bool(PING_RE.match(body.strip()))


def order_id(payload: dict[str, Any]) -> str | None:
    value = payload.get("id")
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return None
    return str(value)


def meta(payload: dict[str, Any], name: str) -> str | None:
    """A ``meta_data`` entry's value (``[{id, key, value}]``)."""
    entries = payload.get("meta_data")
    if isinstance(entries, list):
        for entry in entries:
            if isinstance(entry, dict) and entry.get("key") == name:
                value = entry.get("value")
                return value if isinstance(value, str) else None
    return None


def visitor_for(source: str, payload: dict[str, Any]) -> str:
    """The plugin's visitor id kept on the order, else the plugin's own stand-in:
    ``wc-`` and a hash of the shop's ``home_url()`` and the customer (account, else
    email, else order), as ``SiteTracker_Visitor::for_order`` makes it."""
    for name in VISITOR_META:
        value = meta(payload, name)
        if value and ID_RE.match(value):
            return value
    customer = payload.get("customer_id")
    billing = payload.get("billing")
    email = billing.get("email") if isinstance(billing, dict) else None
    email = email.strip().lower() if isinstance(email, str) else ""
    if isinstance(customer, int) and not isinstance(customer, bool) and customer > 0:
        basis = f"customer:{customer}"
    elif email:
        basis = f"email:{email}"
    else:
        basis = f"order:{payload.get('id')}"
    home = source.rstrip("/")
    return "wc-" + hashlib.sha256(f"{home}|{basis}".encode()).hexdigest()[:32]


def links_for(payload: dict[str, Any]) -> dict[str, str]:
    links = {"wc_order": payload.get("order_key"), "wc_cart": payload.get("cart_hash")}
    return {kind: value for kind, value in links.items()
            if isinstance(value, str) and JOIN_VALUE_RE.match(value)}


def _currency(payload: dict[str, Any]) -> str | None:
    value = payload.get("currency")
    return value.upper() if isinstance(value, str) and CURRENCY_RE.match(value) else None


def _method(payload: dict[str, Any]) -> str | None:
    for key in ("payment_method_title", "payment_method"):
        value = payload.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:40]
    return None


def event_for(topic: str, payload: dict[str, Any]) -> dict[str, Any] | None:
    """The event an order delivery stands for (``{"n", "i", "p"}``), None for a topic or
    status that maps to nothing; :class:`InvalidPayload` for an order without an id or
    a valid total."""
    if topic not in TOPICS:
        return None
    name = STATUSES.get(str(payload.get("status") or ""))
    if name is None:
        return None
    order = order_id(payload)
    value = _amount(payload.get("total"))
    if order is None:
        raise InvalidPayload("the order has no id")
    if value is None:
        raise InvalidPayload("the order has no valid total")
    props: dict[str, Any] = {"value": value, "currency": _currency(payload),
                             "items": _items(payload.get("line_items"))}
    if name == "purchase":
        props.update(order_id=order, method=_method(payload))
        ident = event_id("wc", "order", order, "purchase")
    elif name == "payment_error":
        props.update(code="payment_failed", method=_method(payload),
                     message="the payment failed")
        # Each failure of the order is one error: a retry of the same delivery is not.
        ident = event_id("wc", "order", order, "payment_error",
                         re.sub(r"[^0-9]", "", str(payload.get("date_modified_gmt") or "")))
    else:
        ident = event_id("wc", "order", order, "checkout")
    return {"n": name, "i": ident,
            "p": {key: item for key, item in props.items() if item is not None}}


def user_agent_of(payload: dict[str, Any]) -> str | None:
    """The shopper's browser as WooCommerce kept it, unless it looks like a bot."""
    agent = payload.get("customer_user_agent")
    if not isinstance(agent, str) or not agent.strip():
        return None
    agent = agent[:512]
    return None if detect(agent).is_bot else agent


def beacon_for(site_key: str, source: str, topic: str, payload: dict[str, Any]
               ) -> dict[str, Any] | None:
    """The ``/api/collect`` body an order delivery stands for, or None."""
    event = event_for(topic, payload)
    if event is None:
        return None
    visitor = visitor_for(source, payload)
    body: dict[str, Any] = {"k": site_key, "v": visitor, "ev": [event]}
    links = {} if meta(payload, VISITOR_META[0]) else links_for(payload)
    if links:
        body["j"] = links
    agent = user_agent_of(payload)
    if agent:
        body["ua"] = agent
    return body
