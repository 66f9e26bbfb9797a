"""Which sites an organization's manager edits: the people page's assignment form.

A manager of the whole organization reads all of its sites; the sites checked here they
also edit (a ``manager`` role on each site). Only the organization's admins and owners
assign them; the manager's open dashboards lose what was taken away at once.
"""

from __future__ import annotations

from flask import abort, flash, g, request
from flask.typing import ResponseReturnValue

from .. import audit, tenancy
from ..auth.session import login_required
from ..reports import organizations
from . import bp
from .guarding import guard
from .people import back_to_people, managed_membership, require_manager


@bp.post("/users/<int:membership_id>/sites")
@login_required
def assign_sites(membership_id: int) -> ResponseReturnValue:
    """Set the sites an organization manager edits to those checked."""
    require_manager()
    membership, org, _ = managed_membership(membership_id)
    if membership.role != "manager" or membership.site_id is not None:
        abort(400, description="sites are assigned to an organization's managers only")
    keys = set(request.form.getlist("site"))
    if any(len(key) > 32 for key in keys):
        abort(400, description="site: not a site key")
    sites = organizations.sites_with_keys(org, keys)
    if len(sites) != len(keys):
        abort(400, description="site: not a site of this organization")
    added, removed = tenancy.assign_sites(membership.user, org, {s.get_id() for s in sites})
    audit.record(g.user.email, org, "sites_assigned", {
        "email": membership.user.email, "sites": sorted(s.public_key for s in sites)})
    if removed:
        guard().end_user(membership.user.get_id())
    names = ", ".join(sorted(s.name for s in sites)) or "no site"
    flash(f"{membership.user.email} now edits {names} ({added} added, {removed} removed).",
          "ok")
    return back_to_people()
