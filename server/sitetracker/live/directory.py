"""What the live channel needs to know about a site, and how it asks for it."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Protocol

from ..domain import NAMESPACE_PREFIX, SiteInfo

if TYPE_CHECKING:
    from .connections import AdminGrant

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
