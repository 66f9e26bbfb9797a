"""The commerce pages' history: the latest alerts (and one of them), the payment-error
log and the currency the store last reported (the alerts and payment-error pages, and
``GET /api/sites/<key>/alerts`` and ``/payment-errors``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from ..clock import utc, zone
from ..commerce.alerts import waiting
from ..commerce.models import Alert, PaymentError
from ..commerce.payments import MAX_ROWS
from ..domain import visitor_hash

ALERTS = 100


def alerts(site_id: int, *, kind: str | None = None, waiting_only: bool = False,
           acknowledged: bool | None = None, before: int | None = None,
           limit: int = ALERTS) -> list[Alert]:
    """The newest alerts first, ``[Alert, ...]``, of one kind if given; those that
    wait for acknowledgement (``waiting_only``: sales never wait), or those acknowledged
    or not; only those older than the alert ``before``."""
    where = Alert.site == site_id
    if kind is not None:
        where &= Alert.kind == kind
    if waiting_only:
        where &= waiting(site_id)
    if acknowledged is not None:
        where &= (Alert.acknowledged_at.is_null(False) if acknowledged
                  else Alert.acknowledged_at.is_null())
    if before is not None:
        where &= Alert.id < before
    return list(Alert.select().where(where).order_by(Alert.id.desc()).limit(limit))


def _day_start(day: date, timezone: str) -> datetime:
    """The stored (naive UTC) time at which ``day`` begins in ``timezone``."""
    local = datetime(day.year, day.month, day.day, tzinfo=zone(timezone))
    return utc(local.timestamp())


def _shopper(site_id: int, visitor: str) -> Any:
    """Entries of one shopper, by their exact visitor id (stored hashed)."""
    return PaymentError.visitor == visitor_hash(site_id, visitor)


def payment_errors(site_id: int, timezone: str, *, start: date | None = None,
                   end: date | None = None, code: str | None = None,
                   email: str | None = None, visitor: str | None = None,
                   ref: str | None = None, limit: int = 100, offset: int = 0
                   ) -> list[PaymentError]:
    """The payment-error log's newest entries first, ``[PaymentError, ...]``, filtered
    by site days, error code, email or shopper (their exact visitor id, or their ref);
    ``offset`` newer ones skipped (a page of the log)."""
    where = PaymentError.site == site_id
    if start is not None:
        where &= PaymentError.created_at >= _day_start(start, timezone)
    if end is not None:
        where &= PaymentError.created_at < _day_start(end + timedelta(days=1), timezone)
    if code:
        where &= PaymentError.code == code
    if email:
        where &= PaymentError.email == email.strip().lower()
    if visitor:
        where &= _shopper(site_id, visitor)
    if ref:
        where &= PaymentError.visitor == ref
    return list(PaymentError.select().where(where)
                .order_by(PaymentError.created_at.desc(), PaymentError.id.desc())
                .limit(min(limit, MAX_ROWS)).offset(max(0, offset)))


def store_currency(site_id: int) -> str:
    """The currency the store last reported (on a sale, or a payment error), for amounts
    that carry none of their own (carts): ``"EUR"``; "" before any."""
    for model in (Alert, PaymentError):
        row = (model.select(model.currency)
               .where((model.site == site_id) & (model.currency != ""))
               .order_by(model.id.desc()).first())
        if row is not None:
            return str(row.currency)
    return ""
