"""The sockets this worker holds, by site: who to keep alive, and who to push to.

In-process only (each worker knows its own sockets); what all workers share lives in
:mod:`sitetracker.live.state`.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..domain import SiteInfo

EVENTS_PER_SECOND = 10.0
# The buckets' time source; tests freeze it to count tokens without racing the clock.
monotonic = time.monotonic
BURST_SECONDS = 6.0  # a burst is this many seconds' worth of events
BURST = EVENTS_PER_SECOND * BURST_SECONDS


@dataclass
class RateLimit:
    """A token bucket: ``rate`` events a second, bursts up to ``burst``."""

    rate: float = EVENTS_PER_SECOND
    burst: float = BURST
    tokens: float = BURST
    stamp: float = field(default_factory=lambda: monotonic())
    warned_at: float = 0.0

    def take(self, n: int = 1) -> int:
        """Take up to ``n`` tokens; return how many were granted."""
        now = monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        granted = min(n, int(self.tokens))
        self.tokens -= granted
        return granted

    def should_warn(self) -> bool:
        now = monotonic()
        if now - self.warned_at >= 1.0:
            self.warned_at = now
            return True
        return False


@dataclass(frozen=True)
class AdminGrant:
    """Why an admin socket may act on a site, so it can be asked again on every event.

    A dashboard's socket holds the session it was opened with (``user_id``,
    ``session_id``); an overlay's holds a digest of the site secret that signed its token
    (``secret_stamp``). Either ends when that session, that role or that secret does.
    """

    site_id: int
    role: str
    user_id: int = 0
    session_id: int = 0
    secret_stamp: str = ""

    @property
    def by_token(self) -> bool:
        return not self.session_id


@dataclass
class Connection:
    """One connected socket: which site, and as whom."""

    site: SiteInfo
    kind: str  # "admin" or "shopper"
    role: str = ""
    name: str = ""
    visit: Any = None  # the shopper's Visit; None for admins and bots
    turned_away: Any = None  # a bot's page: identify's Drop, its events' reason
    expires: float = 0.0  # an admin token's expiry (Unix seconds); 0: none
    grant: AdminGrant | None = None  # admins only
    limit: RateLimit = field(default_factory=RateLimit)
    since: float = 0.0  # when the shopper's page connected (Unix seconds)
    # The shopper's page and source as last sent here: republished after a Redis outage.
    page: dict[str, str] = field(default_factory=dict)
    verify: str = ""  # the site page's verify code the shopper's page was opened with


class Connections:
    """sid -> Connection, with counts per site and per visitor."""

    def __init__(self) -> None:
        self.by_sid: dict[str, Connection] = {}
        self.visitor_sockets: dict[int, Counter[str]] = defaultdict(Counter)
        self.admin_sockets: Counter[int] = Counter()
        self.sites: dict[int, SiteInfo] = {}

    def add(self, sid: str, conn: Connection) -> bool:
        """Register; True when this is the visitor's first socket on this worker."""
        self.by_sid[sid] = conn
        self.sites[conn.site.id] = conn.site
        if conn.kind == "admin":
            self.admin_sockets[conn.site.id] += 1
            return False
        if conn.visit is None:
            return False
        sockets = self.visitor_sockets[conn.site.id]
        sockets[conn.visit.visitor] += 1
        return sockets[conn.visit.visitor] == 1

    def remove(self, sid: str) -> tuple[Connection | None, bool]:
        """Forget; returns the connection and whether it was the visitor's last one here."""
        conn = self.by_sid.pop(sid, None)
        if conn is None:
            return None, False
        site = conn.site.id
        if conn.kind == "admin":
            self.admin_sockets[site] -= 1
            if self.admin_sockets[site] <= 0:
                del self.admin_sockets[site]
            return conn, False
        if conn.visit is None:
            return conn, False
        sockets = self.visitor_sockets[site]
        sockets[conn.visit.visitor] -= 1
        if sockets[conn.visit.visitor] <= 0:
            del sockets[conn.visit.visitor]
            if not sockets:
                del self.visitor_sockets[site]
            return conn, True
        return conn, False

    def connected_visitors(self) -> dict[int, list[str]]:
        return {site: list(counts) for site, counts in self.visitor_sockets.items()}

    def sites_with_admins(self) -> list[SiteInfo]:
        return [self.sites[s] for s in self.admin_sockets]
