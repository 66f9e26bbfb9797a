"""What every page shows around its content: the top bar, and the error pages."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import current_app, g, render_template
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from ..auth import access
from ..models import Organization, Site
from ..reports import agency
from . import bp


def nav_sites() -> list[Site]:
    """The sites of the signed-in user, fetched once per request."""
    if "web_sites" not in g:
        g.web_sites = access.visible_sites(g.user) if g.get("user") is not None else []
    return g.web_sites


def today_rows(sites: list[Site]) -> list[agency.SiteToday]:
    """Today's figures and the state of ``sites`` (:mod:`sitetracker.reports.agency`)."""
    tracking = current_app.extensions["sitetracker"]
    return agency.sites_today(sites, tracking.live, tracking.clock.now())


def managed() -> list[tuple[Organization, str]]:
    """Organizations the signed-in user manages, with their role, once per request."""
    if "web_managed" not in g:
        user = g.get("user")
        g.web_managed = access.managed_organizations(user) if user is not None else []
    return g.web_managed


def by_organization(sites: list[Site]) -> list[tuple[Organization, list[Site]]]:
    """Sites grouped by organization: by its name, then id (names may repeat)."""
    groups: dict[int, tuple[Organization, list[Site]]] = {}
    for site in sites:
        org = site.organization
        groups.setdefault(org.get_id(), (org, []))[1].append(site)
    return sorted(groups.values(), key=lambda group: (group[0].name, group[0].get_id()))


@bp.context_processor
def top_bar() -> dict[str, Any]:
    """The site switcher's sites by organization, and whether to link the people page."""
    return {"nav_groups": by_organization(nav_sites()), "manages_people": bool(managed())}


@bp.app_template_filter("when")
def format_when(value: datetime | None) -> str:
    """A stored (naive UTC) timestamp as ``2025-01-31 14:05 UTC``; ``—`` when unset."""
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "—"


@bp.app_template_filter("unix_when")
def format_unix_when(value: float | None) -> str:
    """Unix seconds as ``2025-01-31 14:05:09 UTC``; ``—`` when unset."""
    if value is None:
        return "—"
    return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


@bp.errorhandler(HTTPException)
def error_page(exc: HTTPException) -> ResponseReturnValue:
    """400, 403, 404, 405... as a page in the layout, with the reason."""
    if exc.code is None or exc.code < 400:
        return exc
    description = exc.description or ""
    return render_template("error.html", error=exc, description=description), exc.code
