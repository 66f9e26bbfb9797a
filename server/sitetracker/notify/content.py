"""What a notification says, whatever carries it: a title, its severity, a few facts
and a link to the site's alerts, from a stored alert."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..commerce.alerts import alert_json

SEVERITY_WORDS = {"emergency": "Emergency", "warning": "Warning", "info": "Info"}


@dataclass(frozen=True)
class Notice:
    """One alert as notifications tell it."""

    site: str
    title: str
    severity: str  # emergency, warning, info
    kind: str
    at: int  # Unix seconds
    facts: list[tuple[str, str]] = field(default_factory=list)
    link: str = ""
    data: dict[str, Any] = field(default_factory=dict)  # the alert as the API shows it

    @property
    def heading(self) -> str:
        return f"{SEVERITY_WORDS.get(self.severity, self.severity)}: {self.title}"


def _money(value: Any, currency: Any) -> str:
    return f"{float(value):,.2f} {currency or ''}".strip()


def notice_of(alert: Any, site_name: str, link: str) -> Notice:
    """A stored alert as a notice (its shopper's pages, cart and place as facts)."""
    data = alert_json(alert)
    details = data["details"]
    facts: list[tuple[str, str]] = [("Site", site_name)]
    if data["shopper"]:
        facts.append(("Shopper", str(data["shopper"])))
    if data["value"] is not None:
        facts.append(("Value", _money(data["value"], data["currency"])))
    cart = details.get("cart") or {}
    if cart.get("items"):
        facts.append(("Cart", f"{cart.get('items')} items, "
                              f"{_money(cart.get('value', 0), cart.get('currency'))}"))
    pages = details.get("pages") or []
    if pages:
        facts.append(("Page", str(pages[0])[:200]))
    place = details.get("location") or {}
    where = ", ".join(p for p in (place.get("city"), place.get("country_name")) if p)
    if where:
        facts.append(("Where", where))
    if details.get("device"):
        facts.append(("Device", f"{details.get('device')}, {details.get('browser') or '?'}"))
    return Notice(site=site_name, title=data["title"], severity=data["severity"],
                  kind=data["kind"], at=int(data["at"] or 0), facts=facts, link=link,
                  data=data)


def test_notice(site_name: str, link: str, at: int) -> Notice:
    """What the test button sends."""
    return Notice(site=site_name, title="Test notification from SiteTracker",
                  severity="info", kind="test", at=at, facts=[("Site", site_name)],
                  link=link, data={"kind": "test", "title": "Test notification"})
