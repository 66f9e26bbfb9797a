"""Privacy in the admin web: a site's retention periods (a section of the site's page)
and the audit log of admin actions (``/audit``, for organization owners).

Erasing a shopper is on the payment-errors page (:mod:`.commerce`), where admins meet
their contact.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from .. import audit
from ..auth.session import login_required
from ..models import Organization, Site
from ..privacy import retention
from ..reports import organizations, people
from . import bp
from .forms import errors_of
from .site_page import site_for, site_view

FIELDS = ("raw_events", "payment_errors", "chats", "alerts")
PAGE_SIZE = 100


def owned_organizations() -> list[Organization]:
    """Organizations the signed-in user owns, once per request."""
    if "owned_orgs" not in g:
        user = g.get("user")
        g.owned_orgs = [] if user is None else people.owned_organizations(user)
    return list(g.owned_orgs)


@bp.context_processor
def audit_link() -> dict[str, Any]:
    return {"reads_audit": bool(owned_organizations()) if g.get("user") else False}


def server_raw_days() -> int:
    return int(current_app.config["SETTINGS"].raw_event_retention_days)


@bp.app_template_global("retention_section")
def retention_section(site: Site) -> dict[str, Any]:
    """What the site page's retention section shows: the periods, or the form as posted
    with its errors."""
    posted = g.get("retention_posted")
    current = retention.periods(site.id)
    values = {name: "" if getattr(current, name) is None else str(getattr(current, name))
              for name in FIELDS}
    return {"values": posted[0] if posted else values, "errors": posted[1] if posted else {},
            "ceiling": server_raw_days(), "defaults": retention.DEFAULTS,
            "max": retention.MAX_DAYS}


def _numbers(form: dict[str, str]) -> dict[str, Any]:
    """Digits as numbers, an empty raw-events field as "the server's setting"; anything
    else is left for the schema to refuse, naming the field."""
    loaded: dict[str, Any] = {}
    for name in FIELDS:
        text = form.get(name, "").strip()
        if name == "raw_events" and not text:
            loaded[name] = None
        elif text:
            loaded[name] = int(text) if text.isdigit() and len(text) < 7 else text
    return loaded


@bp.post("/sites/<key>/retention")
@login_required
def update_retention(key: str) -> ResponseReturnValue:
    site, role = site_for(key, "admin")
    values = {name: request.form.get(name, "").strip()[:12] for name in FIELDS}
    before = retention.periods(site.id)
    try:
        changes = retention.RetentionSchema().load(_numbers(values))
        after = retention.change(site, changes, server_raw_days())
    except ValidationError as exc:
        g.retention_posted = (values, errors_of(exc))
        return site_view(site, role, 400)
    if after != before:
        audit.record(g.user.email, site, "retention_changed",
                     retention.differences(before, after))
    flash("Retention saved.", "ok")
    return redirect(url_for("web.site", key=site.public_key) + "#retention-title")


@bp.get("/audit")
@login_required
def audit_page() -> ResponseReturnValue:
    owned = owned_organizations()
    if not owned:
        abort(403, description="only organization owners read the audit log")
    slug = request.args.get("org", "")
    chosen = [org for org in owned if org.slug == slug] or owned
    before = request.args.get("before", "")
    rows = audit.entries([org.id for org in chosen],
                         before=int(before) if before.isdigit() and len(before) < 16 else None,
                         limit=PAGE_SIZE)
    sites = organizations.sites_by_id([org.id for org in owned])
    orgs = {org.id: org for org in owned}
    entries = [(row, audit.entry_json(row), sites.get(row.site_id or 0),
                orgs.get(row.organization_id)) for row in rows]
    older = rows[-1].id if len(rows) == PAGE_SIZE else None
    return render_template("audit.html", entries=entries, owned=owned,
                           chosen=slug if len(chosen) == 1 and slug else "", older=older)
