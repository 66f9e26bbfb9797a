"""The shared domain types: a site, a shopper's visit, an event, a live presence.

Every feature names these, so they live here, apart from the packages that make or
store them, and this module imports only the standard library: no package has to reach
into another's internals to name a site or an event, and importing them pulls in
neither Flask nor the database. Their methods are pure (no I/O).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

NAMESPACE_PREFIX = "/site/"


@dataclass(frozen=True)
class SiteInfo:
    """A site as the live channel sees it: a read-only copy, refreshed from storage."""

    id: int
    key: str
    organization_id: int
    domains: tuple[str, ...]
    timezone: str
    secret: str
    consent: str = "keep"

    @property
    def namespace(self) -> str:
        return NAMESPACE_PREFIX + self.key

    def allows_origin(self, origin: str | None) -> bool:
        """True when ``origin``'s host is one of the domains or a subdomain of one."""
        if not origin:
            return False
        host = (urlparse(origin).hostname or "").lower().rstrip(".")
        return any(host == d or host.endswith("." + d) for d in self.domains)


@dataclass(frozen=True)
class Platform:
    """A shopper's device, OS and browser (:mod:`sitetracker.ingest.platform`)."""

    device: str  # "mobile", "tablet" or "desktop"
    os: str
    browser: str
    is_bot: bool
    is_browser: bool = True  # False: an HTTP library or tool, never a shopper's browser
    screen: str = ""  # phone, tablet, laptop or desktop by page width; "" not measured


@dataclass(frozen=True)
class Location:
    """Where a shopper is, as far as their IP tells (:mod:`sitetracker.ingest.geo`)."""

    country: str = ""  # ISO 3166-1 alpha-2
    country_name: str = ""
    region: str = ""
    city: str = ""
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Visit:
    """A shopper's browser, as far as the server knows it. Holds no IP address."""

    site: SiteInfo
    visitor: str
    session: str
    returning: bool
    platform: Platform
    location: Location

    # Computed once per visit (a batch's every event stores them).
    @functools.cached_property
    def visitor_hash(self) -> str:
        return _digest(self.site.id, self.visitor)

    @functools.cached_property
    def session_hash(self) -> str:
        return _digest(self.site.id, self.session or self.visitor)


def _digest(site_id: int, value: str) -> str:
    return hashlib.sha256(f"{site_id}:{value}".encode()).hexdigest()[:16]


def visitor_hash(site_id: int, visitor: str) -> str:
    """What stored rows keep of a visitor id (as :attr:`Visit.visitor_hash`)."""
    return _digest(site_id, visitor)


@dataclass(frozen=True)
class Drop:
    """A visit or an event not counted, and why (the pipeline's reasons)."""

    reason: str


@dataclass
class Write:
    """One row (or a few) that must be stored before answering
    (:mod:`sitetracker.storage.writes` stores them)."""

    what: str  # e.g. "alert", "payment_error", "sale"
    run: Callable[[], Any]
    row: Any = None  # the row as set aside if the database refuses it
    then: Callable[[], None] | None = None
    undo: Callable[[], None] | None = None


@dataclass(frozen=True)
class Event:
    """A validated event on its way through the steps."""

    name: str
    url: str = ""
    referrer: str = ""
    engaged: float = 0.0
    props: dict[str, Any] = field(default_factory=dict)
    path: str = ""
    source: str = ""
    utm_source: str = ""
    utm_campaign: str = ""
    utm_medium: str = ""
    channel: str = ""  # of a page view (ingest.channels); a session takes its first's
    page_type: str = ""  # home, product, checkout... (commerce.page_types), when known
    id: str = ""  # the sender's id (``i``), or "" when it sent none
    # What a step said must be stored before the batch is answered (a payment error).
    writes: tuple[Write, ...] = ()

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> Event:
        return cls(name=data["n"], url=data.get("u", ""), referrer=data.get("r", ""),
                   engaged=float(data.get("e", 0) or 0), props=data.get("p") or {},
                   id=data.get("i", ""))


@dataclass
class Presence:
    """What the board shows about one live shopper."""

    visitor: str
    device: str = "desktop"
    os: str = "Other"
    browser: str = "Other"
    country: str = ""
    country_name: str = ""
    region: str = ""
    city: str = ""
    lat: float | None = None
    lon: float | None = None
    returning: bool = False
    url: str = ""
    source: str = ""
    since: float = 0.0
    cart: float = 0.0
    page_type: str = ""

    def to_hash(self) -> dict[str, str]:
        """The fields that describe the shopper's browser and place; the page, source,
        cart and arrival time are kept by their own updates."""
        return {
            "device": self.device, "os": self.os, "browser": self.browser,
            "country": self.country, "country_name": self.country_name,
            "region": self.region, "city": self.city,
            "lat": "" if self.lat is None else repr(self.lat),
            "lon": "" if self.lon is None else repr(self.lon),
            "returning": "1" if self.returning else "0",
        }

    @classmethod
    def from_hash(cls, visitor: str, data: dict[str, str]) -> Presence:
        def num(name: str) -> float | None:
            value = data.get(name, "")
            return float(value) if value else None

        return cls(
            visitor=visitor,
            device=data.get("device", "desktop"),
            os=data.get("os", "Other"),
            browser=data.get("browser", "Other"),
            country=data.get("country", ""),
            country_name=data.get("country_name", ""),
            region=data.get("region", ""),
            city=data.get("city", ""),
            lat=num("lat"),
            lon=num("lon"),
            returning=data.get("returning") == "1",
            url=data.get("url", ""),
            source=data.get("source", ""),
            since=float(data.get("since") or 0),
            cart=float(data.get("cart") or 0),
            page_type=data.get("pt", ""),
        )
