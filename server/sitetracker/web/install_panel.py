"""The site page's installation panel: what of the store's installation was seen (or
why it may not be), the refused pages, and the verify session being shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, request

from ..adapters.connections import ConnectionView
from ..domain import SiteInfo
from ..install.sightings import OVERLAY, WIDGET, Seen, refusals_of, sightings_of
from ..install.verify import CODE_TTL, valid_code
from ..models import Site

# Why a part may not have been seen yet, as the panel lists them.
LIKELY_CAUSES = {
    WIDGET: [
        "the page's domain is not one of the site's domains (see the refused pages below)",
        "the browser sends Do Not Track or Global Privacy Control, or opted out: the widget "
        "sends nothing there",
        "the store's Content-Security-Policy refuses the script: allow this server in "
        "script-src and connect-src (the browser's console names the blocked address)",
        "mixed content: an https store cannot load the widget from an http address",
        "the snippet is not on the page yet, or a cache still serves the page without it",
    ],
    OVERLAY: [
        "the overlay snippet is not on an admin page yet, or its token expired (7 days) or "
        "the site's secret changed",
        "the store's Content-Security-Policy refuses the script or its connection",
    ],
}
PLATFORM_CAUSE = ["no webhook has arrived: check the webhook address and secret in the "
                  "platform's settings"]


@dataclass(frozen=True)
class Part:
    kind: str
    name: str
    seen: Seen | None
    causes: list[str]


def install_view(site: Site, connections: list[ConnectionView]) -> dict[str, Any]:
    """The panel's content: each part with its sighting or likely causes, the refused
    origins, and the verify session asked for in ``?verify=``."""
    tracking = current_app.extensions["sitetracker"]
    seen = sightings_of(site.get_id(), tracking.install.sightings.pending_seen(site.get_id()))
    parts = [Part(WIDGET, "Widget", seen.get(WIDGET), LIKELY_CAUSES[WIDGET]),
             Part(OVERLAY, "Admin overlay", seen.get(OVERLAY), LIKELY_CAUSES[OVERLAY])]
    parts += [Part(c.platform, c.name, seen.get(c.platform), PLATFORM_CAUSE)
              for c in connections if c.connected]
    code = valid_code(request.args.get("verify", ""))
    info = tracking.sites.by_key(site.public_key)
    if code and not (isinstance(info, SiteInfo) and tracking.install.verifier.is_for(info, code)):
        code = ""
    return {"parts": parts, "refusals": refusals_of(site.get_id()), "verify_code": code,
            "verify_minutes": CODE_TTL // 60, "verify_pages": [
                f"https://{domain}/?st_verify={code}" for domain in site.domain_list]}
