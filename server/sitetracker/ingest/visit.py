"""Who is sending: worked out once per live connection or beacon request.

Steps, in order, each keeping the visit or dropping it with a reason:
``drop_bot`` (the maintained crawler list, user-agents' bot flag, API tools and
automation markers; from a browser endpoint, anything whose User-Agent is not a
browser's), then
``put_platform`` and ``put_location`` (the client IP, taken from trusted proxies only,
is used for the lookup and then forgotten).
"""

from __future__ import annotations

from typing import Any

from ..domain import Drop, SiteInfo, Visit
from .geo import UNKNOWN, GeoLocator
from .platform import detect, with_screen
from .stages import DROP_BOT


def identify(
    site: SiteInfo,
    identity: dict[str, Any],
    user_agent: str,
    ip: str | None,
    geo: GeoLocator,
    trusted_headers: Any = None,
    browser: bool = True,
) -> Visit | Drop:
    """Run the visit steps; ``identity`` is validated ``{v, s, ret, t, w}``. ``browser``:
    the request came from the shopper's browser itself (not a server vouching for
    them), so its User-Agent must be a browser's."""
    platform = detect(user_agent or "", bool(identity.get("t")))
    if platform.is_bot or (browser and not platform.is_browser):
        return Drop(DROP_BOT)
    platform = with_screen(platform, identity.get("w"))
    location = geo.locate(ip, trusted_headers) if ip else UNKNOWN
    return Visit(
        site=site,
        visitor=identity["v"],
        session=identity.get("s") or identity["v"],
        returning=bool(identity.get("ret")),
        platform=platform,
        location=location,
    )
