"""The payment-error log: when a payment fails, who (their contact, when the store sends
it), what (items and amount), how (method, error code and message) and on what browser.
Shoppers are erased from it, and from everything else, by :mod:`sitetracker.privacy.erasure`.

:class:`PaymentLog` is a pipeline step, after the others: it adds the ``payment_error``
entry to what the batch must store (the write path commits it before the answer), then
strips the contact from the event, so that nothing after it (live
state, the stream, the raw event log, rollups, alerts) ever holds it. The log is the
only place a shopper's contact is kept, and it is erasable per shopper. It is read back
by :func:`sitetracker.reports.commerce.payment_errors`.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from typing import Any

from ..clock import Clock, utc
from ..domain import Event, Visit, Write
from ..ingest.commerce_props import CONTACT_PROPS, items_count
from .models import PaymentError
from .state import CommerceState

log = logging.getLogger(__name__)
MAX_ROWS = 500


class PaymentLog:
    """The pipeline step ``log_payment_error``."""

    def __init__(self, state: CommerceState, clock: Clock) -> None:
        self.state = state
        self.clock = clock

    def __call__(self, event: Event, visit: Visit) -> Event:
        if event.name == "payment_error":
            event = replace(event, writes=(*event.writes, self.entry(event, visit)))
        if any(key in event.props for key in CONTACT_PROPS):
            props = {k: v for k, v in event.props.items() if k not in CONTACT_PROPS}
            event = replace(event, props=props)
        return event

    def entry(self, event: Event, visit: Visit) -> Write:
        """The log entry of a ``payment_error`` event, to be stored by the write path."""
        props, site = event.props, visit.site
        pages, cart, _ = self.state.shopper(site.id, visit.visitor)
        listed = props.get("items")
        lines = listed if isinstance(listed, list) else cart.lines
        count = items_count(listed)
        plat, loc = visit.platform, visit.location
        row: dict[str, Any] = dict(
            site=site.id, created_at=utc(self.clock.now()).replace(microsecond=0),
            shopper=visit.visitor[:8], visitor=visit.visitor_hash,
            email=props.get("email"), phone=props.get("phone"),
            amount=props.get("value", cart.value if cart.lines else None),
            currency=props.get("currency", ""),
            items=count if count is not None else cart.items,
            lines=json.dumps(lines, separators=(",", ":"))[:4000],
            method=props.get("method", ""), code=props.get("code", ""),
            message=props.get("message", ""), device=plat.device, os=plat.os[:40],
            browser=plat.browser[:40], country=loc.country, city=loc.city[:100],
            path=event.path or (pages[0] if pages else ""),
        )
        # Set aside without the contact, should the database refuse the entry.
        shown = {k: v for k, v in row.items() if k not in ("email", "phone")}
        return Write("payment_error", lambda: PaymentError.insert(**row).execute(), shown)


def error_json(row: PaymentError, with_contact: bool) -> dict[str, Any]:
    """One entry; viewers see the contact masked."""
    email, phone = row.email, row.phone
    if not with_contact:
        email = _mask_email(email) if email else None
        phone = ("•••" + phone[-2:]) if phone else None
    return {
        "id": row.id, "at": row.created_at.isoformat() + "Z", "shopper": row.shopper,
        "ref": row.visitor or None,
        "email": email, "phone": phone, "amount": row.amount,
        "currency": row.currency or None, "items": row.items, "lines": json.loads(row.lines),
        "method": row.method or None, "code": row.code or None, "message": row.message or None,
        "device": row.device, "os": row.os, "browser": row.browser,
        "country": row.country or None, "city": row.city or None, "path": row.path,
    }


def _mask_email(email: str) -> str:
    name, _, domain = email.partition("@")
    return f"{name[:1]}•••@{domain}"
