"""Install detection and the verify mode: is a store's snippet installed, and what becomes
of one browser's events.

The collect route, the live channel and the platforms' webhooks tell :class:`Install`
what they saw (:meth:`Install.seen`), refused (:meth:`Install.refused`) and did with a
verifying browser's events (:meth:`Install.outcome`); the site page reads it back
(:mod:`sitetracker.web.install`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from ..clock import Clock
from ..domain import SiteInfo
from ..ingest.pipeline import Result
from .sightings import Sightings
from .verify import REFUSED_INVALID, REFUSED_ORIGIN, Verifier, valid_code


def page_of(url: str) -> str:
    """A page as the site page names it: host and path, without query or fragment."""
    try:
        parts = urlparse(url)
    except ValueError:
        return ""
    return f"{parts.hostname or ''}{parts.path or '/'}" if parts.hostname else ""


class Install:
    def __init__(self, sightings: Sightings, verifier: Verifier, clock: Clock) -> None:
        self.sightings = sightings
        self.verifier = verifier
        self.clock = clock

    def seen(self, site_id: int, kind: str, page: str) -> None:
        self.sightings.seen(site_id, kind, page, self.clock.now())

    def refused(self, site: SiteInfo, origin: str | None, code: Any = "") -> None:
        """A page whose origin is not one of the site's domains tried to send."""
        now = self.clock.now()
        self.sightings.refused(site.id, origin or "", now)
        if valid_code(code):
            self.verifier.refusal(site, code, REFUSED_ORIGIN, now, origin or "no origin")

    def invalid(self, site: SiteInfo, code: Any, fields: dict[str, str]) -> None:
        """A verifying browser's request failed validation: name the fields."""
        if valid_code(code):
            detail = "; ".join(f"{name}: {message}" for name, message in fields.items())
            self.verifier.refusal(site, code, REFUSED_INVALID, self.clock.now(), detail)

    def outcome(self, site: SiteInfo, code: Any, events: list[dict[str, Any]],
                result: Result) -> None:
        """What the pipeline did with a batch (told only when it carries a code)."""
        if valid_code(code):
            page = next((page_of(e.get("u", "")) for e in events if e.get("u")), "")
            self.verifier.outcome(site, code, [str(e.get("n", "")) for e in events], page,
                                  result, self.clock.now())

    def kept(self, site_id: int, kind: str, events: list[dict[str, Any]],
             result: Result) -> None:
        """A batch of ``kind`` (the widget, a platform) had events kept: it is installed."""
        now = self.clock.now()
        if result.kept and self.sightings.wants(site_id, kind, now):
            page = next((page_of(e.get("u", "")) for e in events if e.get("u")), "")
            self.sightings.seen(site_id, kind, page, now)
