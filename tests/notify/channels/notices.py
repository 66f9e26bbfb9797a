"""The notice every channel's tests send, and the moment it is sent."""

from __future__ import annotations

from sitetracker.notify.content import Notice

NOW = 1773140400.0  # 10 March 2026, 11:00 UTC

NOTICE = Notice(
    site="Shop A", title="Checkout trouble: pay_now 3 times in 10 minutes",
    severity="emergency", kind="event_count", at=int(NOW),
    facts=[("Site", "Shop A"), ("Shopper", "shopper-"), ("Page", "/checkout")],
    link="http://localhost/sites/abc/alerts",
    data={"id": 7, "kind": "event_count", "title": "Checkout trouble"})
