"""The commerce pages' history (reports/commerce.py): the latest alerts, the
payment-error log and the store's currency."""

from __future__ import annotations

from datetime import date, datetime

from sitetracker.commerce.models import Alert, PaymentError
from sitetracker.db import database
from sitetracker.domain import visitor_hash
from sitetracker.reports import commerce


def alert(site, kind: str, **fields) -> int:
    return Alert.create(site=site.id, kind=kind, severity=fields.pop("severity", "warning"),
                        title=kind, **fields).id


def ids(rows) -> list[int]:
    return [row.id for row in rows]


def test_alerts_are_newest_first_and_filtered(app, world):
    site = world.site_a
    with database.connection_context():
        first = alert(site, "event_count")
        sale = alert(site, "sale", currency="EUR")
        done = alert(site, "event_count", acknowledged_at=datetime(2026, 3, 10, 11, 0))
        last = alert(site, "live_users")
        alert(world.site_b, "event_count")  # another site's
        assert ids(commerce.alerts(site.id)) == [last, done, sale, first]
        assert ids(commerce.alerts(site.id, kind="event_count")) == [done, first]
        assert ids(commerce.alerts(site.id, waiting_only=True)) == [last, first]
        assert ids(commerce.alerts(site.id, acknowledged=True)) == [done]
        assert ids(commerce.alerts(site.id, acknowledged=False)) == [last, sale, first]
        assert ids(commerce.alerts(site.id, before=done, limit=1)) == [sale]


def error(site, at: datetime, **fields) -> int:
    return PaymentError.create(site=site.id, created_at=at, **fields).id


def test_payment_errors_are_filtered_by_the_sites_days_and_the_shopper(app, world):
    site = world.site_a  # Europe/Paris: UTC+1 in March
    with database.connection_context():
        late = error(site, datetime(2026, 3, 9, 23, 30), code="card_declined",
                     email="a@shop.test", visitor=visitor_hash(site.id, "visitor-1"))
        early = error(site, datetime(2026, 3, 9, 22, 30), code="expired", visitor="ref1")
        error(world.site_b, datetime(2026, 3, 9, 23, 30), code="card_declined")
        # 23:30 UTC on the 9th is the 10th in Paris, 22:30 UTC still the 9th.
        assert ids(commerce.payment_errors(site.id, "Europe/Paris",
                                           start=date(2026, 3, 10))) == [late]
        assert ids(commerce.payment_errors(site.id, "Europe/Paris",
                                           end=date(2026, 3, 9))) == [early]
        assert ids(commerce.payment_errors(site.id, "UTC", start=date(2026, 3, 9))) == [
            late, early]
        assert ids(commerce.payment_errors(site.id, "UTC", code="expired")) == [early]
        assert ids(commerce.payment_errors(site.id, "UTC", email=" A@Shop.test ")) == [late]
        assert ids(commerce.payment_errors(site.id, "UTC", visitor="visitor-1")) == [late]
        assert ids(commerce.payment_errors(site.id, "UTC", ref="ref1")) == [early]
        assert ids(commerce.payment_errors(site.id, "UTC", limit=1, offset=1)) == [early]


def test_the_store_currency_is_the_last_one_reported(app, world):
    site = world.site_a
    with database.connection_context():
        assert commerce.store_currency(site.id) == ""
        error(site, datetime(2026, 3, 9, 10, 0), currency="USD")
        assert commerce.store_currency(site.id) == "USD"
        alert(site, "sale", currency="EUR")
        alert(site, "event_count")  # carries none
        assert commerce.store_currency(site.id) == "EUR"
