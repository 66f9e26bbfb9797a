"""What a notification says (content.py): a stored alert as a notice, its facts in the
order the channels show them."""

from __future__ import annotations

import json
from datetime import datetime

from sitetracker.commerce.models import Alert
from sitetracker.notify import content
from sitetracker.notify.content import Notice, notice_of

LINK = "http://localhost/sites/abc/alerts"


def alert(**fields) -> Alert:
    return Alert(id=7, kind="event_count", severity="emergency",
                 title="Checkout trouble: pay_now 3 times in 10 minutes",
                 created_at=datetime(2026, 3, 10, 11, 0), **fields)


def test_an_alert_about_a_shopper_tells_their_cart_page_place_and_device():
    details = {"cart": {"items": 2, "value": 1234.5, "currency": "EUR"},
               "pages": ["/checkout", "/cart"], "device": "mobile", "browser": "Safari",
               "location": {"city": "Paris", "country_name": "France"}}
    notice = notice_of(alert(shopper="aB3dE5fG", visitor="v1", value=89.0, currency="EUR",
                             details=json.dumps(details)), "Shop A", LINK)
    assert notice.facts == [("Site", "Shop A"), ("Shopper", "aB3dE5fG"),
                            ("Value", "89.00 EUR"), ("Cart", "2 items, 1,234.50 EUR"),
                            ("Page", "/checkout"), ("Where", "Paris, France"),
                            ("Device", "mobile, Safari")]
    assert (notice.site, notice.severity, notice.kind, notice.link) == (
        "Shop A", "emergency", "event_count", LINK)
    assert notice.at == 1773140400 and notice.data["id"] == 7
    assert notice.heading == "Emergency: Checkout trouble: pay_now 3 times in 10 minutes"


def test_a_sites_alert_tells_only_what_is_known():
    notice = notice_of(alert(), "Shop A", LINK)
    assert notice.facts == [("Site", "Shop A")]


def test_a_severity_without_a_word_is_shown_as_it_is():
    notice = Notice(site="S", title="t", severity="custom", kind="k", at=0)
    assert notice.heading == "custom: t"


def test_the_test_button_sends_an_info_notice_of_the_site():
    notice = content.test_notice("Shop A", LINK, 1773140400)
    assert notice.heading == "Info: Test notification from SiteTracker"
    assert notice.facts == [("Site", "Shop A")] and notice.kind == "test"
