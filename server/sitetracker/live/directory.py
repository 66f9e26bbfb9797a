"""What the live channel needs to know about a site, and how it asks for it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
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


class SiteDirectory(Protocol):
    def by_key(self, key: str) -> SiteInfo | None:
        """The site with this public key, or None."""
        ...

    def user_role(self, site: SiteInfo, user_id: int, stamp: str) -> str | None:
        """The role a signed-in user holds on the site, or None.

        ``stamp`` is the session's password stamp: a stale session gets None.
        """
        ...


def site_key_of(namespace: str) -> str | None:
    if namespace.startswith(NAMESPACE_PREFIX):
        key = namespace[len(NAMESPACE_PREFIX):]
        if 0 < len(key) <= 32 and key.isalnum():
            return key
    return None
