"""What the live channel needs to know about a site, and how it asks for it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlparse

if TYPE_CHECKING:
    from .connections import AdminGrant

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

    def session_admin(self, site: SiteInfo, session_key: str) -> tuple[AdminGrant, str] | None:
        """The grant (and the name shown to other admins) of the signed-in session with
        this cookie key on the site, or None: no live session, or no role there."""
        ...

    def grant_holds(self, grant: AdminGrant) -> bool:
        """Whether the grant still stands: its session live and its role still held, or
        its token's site secret unchanged."""
        ...


def site_key_of(namespace: str) -> str | None:
    if namespace.startswith(NAMESPACE_PREFIX):
        key = namespace[len(NAMESPACE_PREFIX):]
        if 0 < len(key) <= 32 and key.isalnum():
            return key
    return None


def secret_stamp(secret: str) -> str:
    """A digest of a site secret, to tell later whether it rotated."""
    return hashlib.sha256(secret.encode()).hexdigest()[:16]
