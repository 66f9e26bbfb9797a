"""Validation of what shoppers' browsers and server-side senders post.

Every string is length-bound; event names come from a closed grammar; properties are
a small flat object. Anything else is refused with the field named.
"""

from __future__ import annotations

import re
from typing import Any

from marshmallow import EXCLUDE, RAISE, ValidationError, fields, pre_load, validate

from ..validation import Number, Schema, Whole
from .catalog_props import TRACKED_EVENTS, load_tracked_props
from .commerce_props import (
    COMMERCE_EVENTS,
    CONTACT_ONLY_ON_PAYMENT_ERROR,
    CONTACT_PROPS,
    load_commerce_props,
)

MAX_BATCH = 100
MAX_URL = 2000
MAX_PROPS = 20
MAX_PROP_KEY = 40
MAX_PROP_VALUE = 500
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
ID_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
KEY_RE = re.compile(r"^[A-Za-z0-9]{1,32}$")
# An event's id, chosen by its sender, counted once per site (docs/protocol.md).
EVENT_ID_RE = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")
# What a platform's channels share about one shopper (see :mod:`sitetracker.ingest.join`).
JOIN_KINDS = ("shopify_checkout", "shopify_cart", "wc_order", "wc_cart")
JOIN_VALUE_RE = re.compile(r"^[A-Za-z0-9_.:-]{4,128}$")
PIXEL_MARKER = "shopify_pixel"
MAX_WIDTH = 20000
VERIFY_CODE_RE = re.compile(r"^[a-z0-9]{6,16}$")

BUILTIN_EVENTS = ("pageview", "engage", "leave")


class Props(fields.Field):
    """A flat object: at most 20 keys of at most 40 characters; values are short strings,
    numbers or booleans. Commerce events' properties follow their own table
    (:data:`sitetracker.ingest.commerce_props.SCHEMAS`), as do product views, searches
    and Web Vitals (:mod:`sitetracker.ingest.catalog_props`); a shopper's contact (``email``,
    ``phone``) is accepted on ``payment_error`` only."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any
                     ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ValidationError("must be an object")
        if len(value) > MAX_PROPS:
            raise ValidationError(f"at most {MAX_PROPS} properties")
        name = data.get("n") if isinstance(data, dict) else None
        if name in COMMERCE_EVENTS:
            return load_commerce_props(str(name), value)
        if name in TRACKED_EVENTS:
            return load_tracked_props(str(name), value)
        clean: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str) or not 0 < len(key) <= MAX_PROP_KEY:
                raise ValidationError(f"property names are 1 to {MAX_PROP_KEY} characters")
            if key in CONTACT_PROPS:
                raise ValidationError({key: [CONTACT_ONLY_ON_PAYMENT_ERROR]})
            if isinstance(item, bool) or item is None:
                clean[key] = item
            elif isinstance(item, int | float):
                if item != item or abs(item) > 1e12:  # NaN or absurd
                    raise ValidationError(f"{key[:40]}: number out of range")
                clean[key] = item
            elif isinstance(item, str):
                if len(item) > MAX_PROP_VALUE:
                    raise ValidationError(f"{key[:40]}: at most {MAX_PROP_VALUE} characters")
                clean[key] = item
            else:
                raise ValidationError(f"{key[:40]}: must be a string, number or boolean")
        return clean


class EventSchema(Schema):
    """One event, as in docs/protocol.md."""

    class Meta:
        unknown = RAISE

    n = fields.String(required=True, validate=validate.Regexp(
        NAME_RE, error="event names are lower-case letters, digits and _, at most 40"))
    u = fields.String(validate=validate.Length(max=MAX_URL))
    r = fields.String(validate=validate.Length(max=MAX_URL))
    e = Number(validate=validate.Range(min=0, max=600))
    p = Props()
    # The sender's id for the event: a retry carries the same one and is counted once.
    i = fields.String(validate=validate.Regexp(
        EVENT_ID_RE, error="8 to 64 letters, digits, _ . : or -"))

    @pre_load
    def page_views_need_a_url(self, data: Any, **kwargs: Any) -> Any:
        if isinstance(data, dict) and data.get("n") == "pageview" and not data.get("u"):
            raise ValidationError("a pageview needs the page URL", "u")
        return data


class IdentitySchema(Schema):
    """Who the browser says it is: visitor, session, returning."""

    class Meta:
        unknown = EXCLUDE

    v = fields.String(required=True, validate=validate.Regexp(
        ID_RE, error="8 to 64 letters, digits, - or _"))
    s = fields.String(validate=validate.Regexp(ID_RE, error="8 to 64 letters, digits, - or _"))
    ret = Whole(validate=validate.OneOf([0, 1]), load_default=0)
    # 1: the page has a touch screen (iPadOS Safari sends a Mac's User-Agent).
    t = Whole(validate=validate.OneOf([0, 1]))
    # The page's width in CSS pixels (window.innerWidth): its screen size class.
    w = Whole(validate=validate.Range(min=1, max=MAX_WIDTH,
                                      error=f"a width in CSS pixels, 1 to {MAX_WIDTH}"))
    # The site page's verify code this browser was opened with (sitetracker.install).
    vf = fields.String(validate=validate.Regexp(VERIFY_CODE_RE, error="not a verify code"))


class EventList(fields.Field):
    """One event object or a list of up to 100."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any
                     ) -> list[dict[str, Any]]:
        return load_events(value)


class BeaconSchema(IdentitySchema):
    """The body of ``POST /api/collect``."""

    class Meta:
        unknown = RAISE

    k = fields.String(required=True, validate=validate.Regexp(KEY_RE, error="not a site key"))
    ev = EventList(required=True)
    # Signed server-side senders may pass on the shopper's browser.
    ua = fields.String(validate=validate.Length(max=512))
    # What other channels know this shopper by (a checkout token, an order key).
    j = fields.Dict(keys=fields.String(validate=validate.OneOf(JOIN_KINDS)),
                    values=fields.String(validate=validate.Regexp(
                        JOIN_VALUE_RE, error="4 to 128 letters, digits, _ . : or -")),
                    validate=validate.Length(max=len(JOIN_KINDS)))
    # Sent by Shopify's customer-events pixel, which runs in an opaque-origin sandbox.
    src = fields.String(validate=validate.OneOf([PIXEL_MARKER]))

    @pre_load
    def refuse_invalid_text(self, data: Any, **kwargs: Any) -> Any:
        # One event counts as a batch of one, so its fields are named ev.0.<field>.
        if isinstance(data, dict) and isinstance(data.get("ev"), dict):
            data = {**data, "ev": [data["ev"]]}
        return super().refuse_invalid_text(data, **kwargs)


_event_schema = EventSchema()


def load_events(value: Any) -> list[dict[str, Any]]:
    """Validate one event or a batch; errors name the field as ``ev.<i>.<field>``."""
    items = value if isinstance(value, list) else [value]
    if not items:
        raise ValidationError("at least one event")
    if len(items) > MAX_BATCH:
        raise ValidationError(f"at most {MAX_BATCH} events per batch")
    loaded = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise ValidationError({str(index): ["must be an object"]})
        try:
            loaded.append(_event_schema.load(item))
        except ValidationError as exc:
            raise ValidationError({str(index): exc.messages}) from None
    return loaded
