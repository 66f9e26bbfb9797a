"""An agency's view of many sites: today's figures of each, their totals, their state.

Each site's figures come from the very queries behind the site's own pages
(:func:`sitetracker.reports.daily_stats`, as ``/api/sites/<key>/stats`` answers, and
:func:`sitetracker.reports.abandonment.daily`, as ``/api/sites/<key>/funnel`` does), so the
overview's totals are the sum of what each site shows. ``events`` are page views plus
named events (``add_to_cart``, ``purchase``, custom ones); ``conversions`` are orders.

A site's state comes from its latest event in live state (the event stream's newest):
``live`` within :data:`ACTIVE_SECONDS`, ``quiet`` after that (for N minutes), ``never``
when nothing was ever seen. Without a kept event (live state started empty, no Redis)
the latest stored minute stands in, without its page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from peewee import fn

from ..clock import local_day
from ..live.state import LiveState
from ..models import MinuteStat, Site
from . import abandonment
from .daily import daily_stats

ACTIVE_SECONDS = 300
STATES = ("live", "quiet", "never")


@dataclass
class SiteToday:
    """One site's figures for today (in its timezone) and its state now."""

    site: Site
    events: int = 0
    sessions: int = 0
    pageviews: int = 0
    conversions: int = 0
    revenue: dict[str, float] = field(default_factory=dict)
    last_at: float | None = None
    last_page: str = ""
    state: str = "never"
    quiet_minutes: int = 0

    @property
    def conversion_rate(self) -> float:
        """Orders per session, 0 without sessions."""
        return round(self.conversions / self.sessions, 4) if self.sessions else 0.0

    def as_json(self) -> dict[str, Any]:
        return {"key": self.site.public_key, "name": self.site.name,
                "organization": self.site.organization.slug, "events": self.events,
                "sessions": self.sessions, "pageviews": self.pageviews,
                "conversions": self.conversions, "conversion_rate": self.conversion_rate,
                "revenue": self.revenue, "state": self.state,
                "quiet_minutes": self.quiet_minutes, "last_event_at": self.last_at,
                "last_page": self.last_page}


def state_of(last_at: float | None, now: float) -> tuple[str, int]:
    """``("live", 0)``, ``("quiet", minutes since the last event)`` or ``("never", 0)``."""
    if last_at is None:
        return "never", 0
    if now - last_at <= ACTIVE_SECONDS:
        return "live", 0
    return "quiet", int((now - last_at) // 60)


def _stored_last_minutes(site_ids: list[int]) -> dict[int, float]:
    """Each site's latest stored minute (page views or engaged time in it)."""
    query: Any = (MinuteStat.select(MinuteStat.site, fn.MAX(MinuteStat.minute))
                  .where(MinuteStat.site.in_(site_ids)).group_by(MinuteStat.site).tuples())
    rows: list[tuple[Any, Any]] = list(query)
    return {int(site): float(minute) for site, minute in rows}


def site_today(site: Site, now: float, last: dict[str, Any] | None) -> SiteToday:
    """``site``'s figures for today, from the queries of its own pages."""
    today = local_day(now, site.timezone)
    stats = daily_stats(site.id, today, today)[0]
    sales = abandonment.daily(site.id, today, 1)[0]
    row = SiteToday(site, events=stats["pageviews"] + sum(stats["events"].values()),
                    sessions=stats["sessions"], pageviews=stats["pageviews"],
                    conversions=sales["orders"],
                    revenue={cur: line["value"] for cur, line in sales["sales"].items()})
    if last is not None:
        row.last_at, row.last_page = float(last["t"]), str(last.get("u") or "")
    row.state, row.quiet_minutes = state_of(row.last_at, now)
    return row


def sites_today(sites: list[Site], live: LiveState, now: float) -> list[SiteToday]:
    """Every site's figures, in the order given."""
    if not sites:
        return []
    last = live.last_events([s.id for s in sites])
    stored = _stored_last_minutes([s.id for s in sites if last[s.id] is None])
    rows = []
    for site in sites:
        latest = last[site.id]
        if latest is None and site.id in stored:
            latest = {"t": stored[site.id]}
        rows.append(site_today(site, now, latest))
    return rows


def totals(rows: list[SiteToday]) -> dict[str, Any]:
    """The sum over ``rows``; revenue per currency; ``active_sites`` are the live ones."""
    revenue: dict[str, float] = {}
    for row in rows:
        for currency, value in row.revenue.items():
            revenue[currency] = round(revenue.get(currency, 0.0) + value, 2)
    return {"sites": len(rows), "active_sites": sum(r.state == "live" for r in rows),
            "events": sum(r.events for r in rows), "sessions": sum(r.sessions for r in rows),
            "pageviews": sum(r.pageviews for r in rows),
            "conversions": sum(r.conversions for r in rows),
            "revenue": dict(sorted(revenue.items()))}


def matching(sites: list[Site], query: str) -> list[Site]:
    """The sites whose name, organization or a domain holds ``query`` (any case)."""
    needle = query.strip().casefold()
    if not needle:
        return sites
    return [s for s in sites if needle in " ".join(
        [s.name, s.organization.name, *s.domain_list]).casefold()]
