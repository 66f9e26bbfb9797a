"""Sites by public key for the hot paths (socket connects, ingestion), cached briefly.

Entries live ``TTL`` seconds, so a change made through another worker (a new domain, a
rotated key or secret) reaches this one within that time; changes made here are seen at
once through :meth:`SiteCache.forget`.

Only a site never seen is read while the caller waits. An entry past its time is
answered as it is and read again in the background (``spawn``, the app's background
tasks), so the hot paths never wait on the database for a site they know; if the
database does not answer, the entry stays as it was.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from threading import Lock
from typing import Any

from .auth import access, two_factor
from .auth.models import UserSession
from .auth.session import find_session
from .db import database
from .domain import SiteInfo
from .live.connections import AdminGrant
from .live.directory import secret_stamp
from .models import Site

TTL = 5.0
log = logging.getLogger(__name__)


def site_info(site: Site) -> SiteInfo:
    return SiteInfo(
        id=site.id,
        key=site.public_key,
        organization_id=site.organization_id,
        domains=tuple(site.domain_list),
        timezone=site.timezone,
        secret=site.secret,
        consent=site.consent,
    )


class SiteCache:
    """The stored sites as :class:`SiteInfo`, implementing ``SiteDirectory``."""

    def __init__(self, ttl: float = TTL) -> None:
        self.ttl = ttl
        self._entries: dict[str, tuple[float, SiteInfo | None]] = {}
        self._refreshing: set[str] = set()
        self._lock = Lock()
        # How to read an entry again without waiting (set by the app factory).
        self.spawn: Callable[[Callable[[], Any]], Any] | None = None

    def by_key(self, key: str) -> SiteInfo | None:
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is None:
            return self._read(key)
        if now - entry[0] >= self.ttl and key not in self._refreshing:
            if self.spawn is None:
                return self._read(key, entry[1])
            self._refreshing.add(key)
            self.spawn(lambda: self._refresh(key, entry[1]))
        return entry[1]

    def _refresh(self, key: str, known: SiteInfo | None) -> None:
        try:
            self._read(key, known)
        finally:
            self._refreshing.discard(key)

    def _read(self, key: str, *known: SiteInfo | None) -> SiteInfo | None:
        """Read the site; if the database fails and there is a ``known`` entry, keep it."""
        try:
            with database.connection_context():
                site = Site.get_or_none(Site.public_key == key)
        except Exception:
            if not known:
                raise
            log.warning("could not read site %s again; keeping what is known", key)
            return known[0]
        info = site_info(site) if site is not None else None
        with self._lock:
            if len(self._entries) > 10000:
                self._entries.clear()
            self._entries[key] = (time.monotonic(), info)
        return info

    def by_id(self, site_id: int) -> SiteInfo | None:
        for _, info in list(self._entries.values()):
            if info is not None and info.id == site_id:
                return self.by_key(info.key)
        with database.connection_context():
            site = Site.get_or_none(Site.id == site_id)
        return self.by_key(site.public_key) if site is not None else None

    def forget(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._entries.pop(key, None)

    def session_admin(self, site: SiteInfo, session_key: str) -> tuple[AdminGrant, str] | None:
        with database.connection_context():
            row = find_session(session_key)
            if row is None or two_factor.must_enrol(row.user):
                return None
            stored = Site.get_or_none(Site.id == site.id)
            role = access.site_role(row.user, stored) if stored is not None else None
            if role is None or not access.at_least(role, "viewer"):  # none, or an operator's
                return None
            grant = AdminGrant(site.id, role, user_id=row.user.id, session_id=row.id)
            return grant, (row.user.name or row.user.email)[:120]

    def grant_holds(self, grant: AdminGrant) -> bool:
        """Asked fresh from storage (never from this cache): access may have ended on
        another worker a moment ago."""
        with database.connection_context():
            stored = Site.get_or_none(Site.id == grant.site_id)
            if stored is None:
                return False
            if grant.by_token:
                return secret_stamp(stored.secret) == grant.secret_stamp
            row = (UserSession.select(UserSession.id)
                   .where((UserSession.id == grant.session_id)
                          & UserSession.revoked_at.is_null()).first())
            if row is None:
                return False
            role = access.site_role(grant.user_id, stored)
            return access.at_least(role, grant.role)

