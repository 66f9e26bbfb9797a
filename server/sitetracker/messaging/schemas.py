"""Validation of what admins and shoppers send over the live channel for messaging.

Every field is bounded. Texts are plain text: surrounding white space is stripped,
line ends become ``\\n`` and other control characters are dropped; nothing is escaped
here, because every client shows them as text, never as HTML. A refusal names the
field (:func:`sitetracker.validation.first_errors`).
"""

from __future__ import annotations

import re
from typing import Any

from marshmallow import RAISE, ValidationError, fields, pre_load, validate, validates_schema

from ..validation import Id, Number, Schema
from .models import DEVICES

CHAT_TEXT_MAX = 1000
BROADCAST_TEXT_MAX = 500
PATTERN_MAX = 200
MAX_IDS = 100
MAX_AHEAD = 30 * 24 * 3600  # a broadcast starts at most 30 days from now
MAX_DURATION = 30 * 24 * 3600  # and lasts at most 30 days
DEFAULT_DURATION = 3600
REF_RE = re.compile(r"^[0-9a-f]{16}$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
PATTERN_RE = re.compile(r"^[/*][\x21-\x7e]*$")  # a path: printable, no spaces
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def plain_text(value: Any, limit: int) -> str:
    """``value`` as clean plain text of 1 to ``limit`` characters; else ValidationError."""
    if not isinstance(value, str):
        raise ValidationError("must be text")
    text = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text:
        raise ValidationError("write something first")
    if len(text) > limit:
        raise ValidationError(f"at most {limit} characters (this is {len(text)})")
    return text


class PlainText(fields.Field):
    def __init__(self, limit: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.limit = limit

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        return plain_text(value, self.limit)


class Strict(Schema):
    """Unknown keys are refused; a payload that is not an object too."""

    class Meta:
        unknown = RAISE

    @pre_load
    def an_object(self, data: Any, **kwargs: Any) -> Any:
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise ValidationError({"_schema": ["must be an object"]})
        return data


def _ref() -> fields.String:
    return fields.String(required=True, validate=validate.Regexp(
        REF_RE, error="a shopper's ref: 16 hexadecimal characters"))


class ChatSendSchema(Strict):
    """``chat_send``: ``{"ref": "<visitor hash>", "text": "..."}``"""

    ref = _ref()
    text = PlainText(CHAT_TEXT_MAX, required=True)


class ChatOpenSchema(Strict):
    """``chat_history``: ``{"ref": ...}``, or ``{"alert": <id>}`` for the shopper an alert
    is about."""

    ref = fields.String(validate=validate.Regexp(
        REF_RE, error="a shopper's ref: 16 hexadecimal characters"))
    alert = Id()

    @validates_schema
    def one_of(self, data: dict[str, Any], **kwargs: Any) -> None:
        if ("ref" in data) == ("alert" in data):
            raise ValidationError("give the shopper's ref or an alert id", "ref")


class ReplySchema(Strict):
    """``chat_reply``: ``{"text": "..."}``"""

    text = PlainText(CHAT_TEXT_MAX, required=True)


class IdsSchema(Strict):
    """``chat_delivered`` and ``chat_seen``: ``{"ids": [1, 2]}``"""

    ids = fields.List(Id(),
                      required=True, validate=validate.Length(
                          1, MAX_IDS, error=f"1 to {MAX_IDS} message ids"))


class IdSchema(Strict):
    """``broadcast_cancel``, ``broadcast_dismiss``, ``alert_ack``: ``{"id": 7}``"""

    id = Id(required=True)


class PrefsSchema(Strict):
    """``alert_prefs``: ``{"sales": "modal"}`` or ``{"sales": "toast"}``"""

    sales = fields.String(required=True, validate=validate.OneOf(("modal", "toast")))


class BroadcastSchema(Strict):
    """``broadcast_send`` (and the dashboard's form)::

        {"text": "Free shipping until midnight", "path": "/products/*",
         "device": "mobile", "country": "FR", "starts_at": 1773153000,
         "expires_at": 1773156600}

    Filters left out (or empty) match everyone; ``starts_at`` defaults to now and
    ``expires_at`` to an hour after the start. Times are Unix seconds.
    """

    text = PlainText(BROADCAST_TEXT_MAX, required=True)
    path = fields.String(load_default="", validate=validate.Length(max=PATTERN_MAX))
    device = fields.String(load_default="", validate=validate.OneOf(
        DEVICES, error="mobile, tablet, desktop, or empty for every device"))
    country = fields.String(load_default="")
    starts_at = Number(allow_none=True, load_default=None)
    expires_at = Number(allow_none=True, load_default=None)

    @pre_load
    def normalise(self, data: Any, **kwargs: Any) -> Any:
        if isinstance(data, dict):
            data = {k: (v.strip() if isinstance(v, str) and k != "text" else v)
                    for k, v in data.items() if v != "" or k == "text"}
            if isinstance(data.get("country"), str):
                data["country"] = data["country"].upper()
        return data

    @validates_schema
    def filters(self, data: dict[str, Any], **kwargs: Any) -> None:
        path = data.get("path", "")
        if path and not PATTERN_RE.match(path):
            raise ValidationError("a path like /products/* (starting with / or *, no "
                                  "spaces)", "path")
        country = data.get("country", "")
        if country and not COUNTRY_RE.match(country):
            raise ValidationError("a two-letter country code such as FR", "country")


def check_schedule(data: dict[str, Any], now: float) -> tuple[float, float]:
    """The broadcast's (start, expiry) in Unix seconds, bounded; ValidationError naming
    ``starts_at`` or ``expires_at`` otherwise."""
    starts = data.get("starts_at")
    start = float(now if starts is None or starts <= now else starts)
    if start > now + MAX_AHEAD:
        raise ValidationError({"starts_at": ["at most 30 days ahead"]})
    expires = data.get("expires_at")
    expiry = start + DEFAULT_DURATION if expires is None else float(expires)
    if expiry <= now:
        raise ValidationError({"expires_at": ["the expiry has already passed"]})
    if expiry <= start:
        raise ValidationError({"expires_at": ["must be after the start"]})
    if expiry > start + MAX_DURATION:
        raise ValidationError({"expires_at": ["a broadcast lasts at most 30 days"]})
    return start, expiry
