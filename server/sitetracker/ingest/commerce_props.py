"""The properties of commerce events, one small schema per event, checked strictly.

What each event may carry (every key optional; any other key is refused, so a typo like
``valeu`` is named instead of silently ignored):

==================  ==========================================================
``add_to_cart``     product, quantity, value, currency
``remove_from_cart`` product, quantity, value, currency
``checkout``        value, currency, items
``pay_now``         value, currency, items, method
``payment_error``   code, message, method, value, currency, items, email, phone
``purchase``        order_id, value, currency, items, method
==================  ==========================================================

Amounts are numbers from 0 to 1e9, quantities whole numbers from 1 to 10,000, currencies
ISO 4217 codes (``EUR``), ``items`` a count or a short list of lines. A shopper's
contact (``email``, ``phone``) is accepted on ``payment_error`` only: it goes to the
payment-error log and nowhere else (see :mod:`sitetracker.commerce.payments`).
"""

from __future__ import annotations

import math
import re
from typing import Any

from marshmallow import RAISE, ValidationError, fields, validate

from ..validation import Schema

COMMERCE_EVENTS = (
    "add_to_cart", "remove_from_cart", "checkout", "pay_now", "payment_error", "purchase",
)
CONTACT_PROPS = ("email", "phone")
CONTACT_ONLY_ON_PAYMENT_ERROR = "a shopper's contact is accepted on payment_error only"
MAX_VALUE = 1e9
MAX_QUANTITY = 10_000
MAX_LINES = 50
CURRENCY_RE = re.compile(r"^[A-Za-z]{3}$")
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{2,63}$")
PHONE_RE = re.compile(r"^\+?[0-9 ]{3,31}$")


class Amount(fields.Field):
    """A JSON number from 0 to 1e9 (not a string, not a boolean)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError("must be a number")
        if not math.isfinite(value) or not 0 <= value <= MAX_VALUE:
            raise ValidationError("must be from 0 to 1000000000")
        return round(float(value), 2)


class Quantity(fields.Field):
    """A whole JSON number from 1 to 10,000."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            raise ValidationError("must be a whole number")
        if not 1 <= value <= MAX_QUANTITY:
            raise ValidationError(f"must be from 1 to {MAX_QUANTITY}")
        return int(value)


class Currency(fields.String):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if not CURRENCY_RE.match(text):
            raise ValidationError("an ISO 4217 currency code of 3 letters, like EUR")
        return text.upper()


def _text(limit: int) -> fields.String:
    return fields.String(validate=validate.Length(max=limit))


class LineSchema(Schema):
    """One line of ``items`` given as a list."""

    class Meta:
        unknown = RAISE

    product = _text(200)
    quantity = Quantity()
    value = Amount()


class Items(fields.Field):
    """How many items: a count (0 to 10,000) or a list of at most 50 lines, each a
    product name or ``{product, quantity, value}`` (loaded as such objects)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any
                     ) -> int | list[dict[str, Any]]:
        if isinstance(value, int | float) and not isinstance(value, bool):
            if value != int(value) or not 0 <= value <= MAX_QUANTITY:
                raise ValidationError(f"a count must be a whole number from 0 to {MAX_QUANTITY}")
            return int(value)
        if not isinstance(value, list):
            raise ValidationError("a count, or a list of lines")
        if len(value) > MAX_LINES:
            raise ValidationError(f"at most {MAX_LINES} lines")
        lines: list[dict[str, Any]] = []
        for index, line in enumerate(value):
            if isinstance(line, str):
                line = {"product": line}
            if not isinstance(line, dict):
                raise ValidationError({str(index): ["a product name or an object"]})
            try:
                lines.append(LineSchema().load(line))
            except ValidationError as exc:
                raise ValidationError({str(index): exc.messages}) from None
        return lines


def items_count(items: Any) -> int | None:
    """How many items a loaded ``items`` property names (None when absent)."""
    if isinstance(items, int):
        return items
    if isinstance(items, list):
        return sum(int(line.get("quantity", 1)) for line in items)
    return None


class Email(fields.String):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs).strip().lower()
        if len(text) > 254 or not EMAIL_RE.match(text):
            raise ValidationError("not an email address")
        return text


class Phone(fields.String):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if len(text) > 32 or not PHONE_RE.match(text):
            raise ValidationError("at most 32 digits, spaces and a leading +")
        return text


class _Props(Schema):
    class Meta:
        unknown = RAISE

    error_messages = {"unknown": "not a property of this event"}


class CartProps(_Props):
    product = _text(200)
    quantity = Quantity()
    value = Amount()
    currency = Currency()


class CheckoutProps(_Props):
    value = Amount()
    currency = Currency()
    items = Items()


class PayNowProps(CheckoutProps):
    method = _text(40)


class PaymentErrorProps(PayNowProps):
    code = _text(64)
    message = _text(300)
    email = Email()
    phone = Phone()


class PurchaseProps(PayNowProps):
    order_id = _text(64)


SCHEMAS: dict[str, Schema] = {
    "add_to_cart": CartProps(),
    "remove_from_cart": CartProps(),
    "checkout": CheckoutProps(),
    "pay_now": PayNowProps(),
    "payment_error": PaymentErrorProps(),
    "purchase": PurchaseProps(),
}


def load_commerce_props(name: str, value: dict[str, Any]) -> dict[str, Any]:
    """``value`` checked against ``name``'s table; errors name the property."""
    if name != "payment_error":
        for key in CONTACT_PROPS:
            if key in value:
                raise ValidationError({key: [CONTACT_ONLY_ON_PAYMENT_ERROR]})
    loaded: dict[str, Any] = SCHEMAS[name].load(value)
    return loaded
