"""Free text loses what identifies a person before it is stored: e-mail addresses, phone
numbers and card numbers become ``[email]``, ``[phone]`` and ``[card]``.

Stores put whatever they like in event properties (a payment provider's message may
quote the shopper's address; a custom event may carry a form's value), and those texts
reach the raw event log, the payment-error log and alerts. The rules, with their cases
in tests/ingest/test_scrub.py:

* a card number is 13 to 19 digits, alone or grouped by single spaces or dashes, whose
  Luhn checksum holds (an order number rarely does);
* an e-mail address is ``name@domain.tld``;
* a phone number is 8 to 15 digits after a ``+`` (``+33 6 12 34 56 78``), or 10 to 15
  digits with spaces, dots, dashes or brackets between groups (``(555) 123-4567``), or
  10 to 15 digits in one run starting with a 0 (``0612345678``). Dates, times, prices
  and long plain numbers (Unix times, order numbers) stay.

Imports nothing of ours: the ingest pipeline's first step runs it on every property.
"""

from __future__ import annotations

import re
from typing import Any

EMAIL = "[email]"
PHONE = "[phone]"
CARD = "[card]"

_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\w+])(\+)?\(?\d(?:[ .()-]{0,2}\d){7,14}(?![\w:])")
_MAX_DEPTH = 4


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _card(match: re.Match[str]) -> str:
    text = match.group()
    separators = {c for c in text if not c.isdigit()}
    digits = re.sub(r"\D", "", text)
    if len(separators) <= 1 and 13 <= len(digits) <= 19 and luhn_ok(digits):
        return CARD
    return text


def _phone(match: re.Match[str]) -> str:
    text = match.group()
    digits = re.sub(r"\D", "", text)
    if match.group(1):
        return PHONE if 8 <= len(digits) <= 15 else text
    if not 10 <= len(digits) <= 15:
        return text
    grouped = len(digits) != len(text)
    return PHONE if grouped or digits.startswith("0") else text


def scrub_text(text: str) -> str:
    """``text`` without e-mail addresses, phone or card numbers."""
    if not any(c.isdigit() or c == "@" for c in text):
        return text
    text = _CARD.sub(_card, text)
    text = _EMAIL.sub(EMAIL, text)
    return _PHONE.sub(_phone, text)


def scrub(value: Any, depth: int = 0) -> Any:
    """Every string in ``value`` (a property: text, a list or an object of them) scrubbed;
    numbers and booleans as they are."""
    if isinstance(value, str):
        return scrub_text(value)
    if depth >= _MAX_DEPTH:
        return value
    if isinstance(value, list):
        return [scrub(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return {key: scrub(item, depth + 1) for key, item in value.items()}
    return value
