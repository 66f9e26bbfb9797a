"""The sites page (every site the user may see, by organization) and new sites."""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from .. import tenancy
from ..auth import access
from ..auth.session import login_required
from ..conflict import Conflict
from ..models import Organization
from ..reports import agency
from ..schemas import SiteFormSchema
from . import bp
from .forms import FormErrors, errors_of, form_values, timezone_choices
from .layout import by_organization, managed, nav_sites, today_rows


def forget_sites(*keys: str) -> None:
    """Tell the live channel's cache that these site keys changed."""
    current_app.extensions["sitetracker.sites"].forget(*keys)


@bp.get("/")
@login_required
def sites() -> ResponseReturnValue:
    """Sites grouped by organization, each with the user's role on it, its state (live,
    quiet for N minutes, never seen), events today and last event; ``?q=`` keeps the
    sites whose name, organization or a domain holds it."""
    query = request.args.get("q", "")[:120]
    shown = agency.matching(nav_sites(), query)
    today = {row.site.id: row for row in today_rows(shown)}
    groups = [
        (org, [(site, access.site_role(g.user, site) or "viewer", today[site.id])
               for site in org_sites])
        for org, org_sites in by_organization(shown)
    ]
    return render_template("sites.html", groups=groups, can_create=bool(managed()),
                           query=query, searched=bool(query.strip()))


@bp.get("/switch")
@login_required
def switch_site() -> ResponseReturnValue:
    """Where the top bar's site switcher goes when scripts are off."""
    key = request.args.get("site", "")
    if key not in {site.public_key for site in nav_sites()}:
        abort(404, description="no such site, or not one of yours")
    return redirect(url_for("web.board", key=key))


def new_site_form(
    status: int = 200, errors: FormErrors | None = None, values: dict[str, str] | None = None
) -> ResponseReturnValue:
    values = values or {}
    html = render_template(
        "site_new.html",
        organization_options=[(org.slug, org.name) for org, _ in managed()],
        errors=errors or {},
        values=values,
        timezones=timezone_choices(values.get("timezone", "UTC")),
    )
    return html, status


def require_manager() -> None:
    if not managed():
        abort(403, description="only admins and owners of an organization create sites")


def chosen_organization(slug: str | None) -> Organization | None:
    """The managed organization named by ``slug``; without one, the only one managed."""
    organizations = [org for org, _ in managed()]
    if slug is None:
        return organizations[0] if len(organizations) == 1 else None
    return next((org for org in organizations if org.slug == slug), None)


@bp.get("/sites/new")
@login_required
def new_site() -> ResponseReturnValue:
    require_manager()
    return new_site_form()


@bp.post("/sites/new")
@login_required
def new_site_post() -> ResponseReturnValue:
    require_manager()
    values = form_values("name", "domains", "timezone", "organization")
    try:
        data = SiteFormSchema().load(values)
    except ValidationError as exc:
        return new_site_form(400, errors_of(exc), values)
    org = chosen_organization(data.get("organization"))
    if org is None:
        return new_site_form(400, {"organization": "choose an organization you manage"}, values)
    try:
        site = tenancy.create_site(org, data["name"], data["domains"], data["timezone"])
    except Conflict as exc:
        return new_site_form(409, errors_of(exc), values)
    forget_sites(site.public_key)
    flash(f"Site “{site.name}” created. Put the widget snippet on its pages.", "ok")
    return redirect(url_for("web.site", key=site.public_key))
