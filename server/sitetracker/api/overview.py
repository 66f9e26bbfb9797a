"""The agency overview through the JSON API: today's totals and each site's figures.

``GET /api/overview?q=shoes`` answers, for every site the user may see (those whose
name, organization or domain holds ``q``), today's figures from the same queries as the
site's own ``/stats`` and ``/funnel``, their totals, and each site's state
(:mod:`sitetracker.reports.agency`).
"""

from __future__ import annotations

from flask import current_app, g, request
from flask.typing import ResponseReturnValue
from marshmallow import fields, validate

from ..auth import access
from ..auth.session import login_required
from ..reports import agency
from ..validation import QuerySchema
from . import bp, responses
from .docs import doc

MAX_QUERY = 120


class OverviewQuerySchema(QuerySchema):
    """``?q=``: only the sites whose name, organization or a domain holds it."""

    q = fields.String(load_default="", validate=validate.Length(max=MAX_QUERY))


@bp.get("/overview")
@doc("Today's totals across your sites, and each site's figures and state",
     response=responses.Overview, query=OverviewQuerySchema)
@login_required
def overview() -> ResponseReturnValue:
    query = OverviewQuerySchema().load(request.args.to_dict())
    tracking = current_app.extensions["sitetracker"]
    sites = agency.matching(access.visible_sites(g.user), query["q"])
    rows = agency.sites_today(sites, tracking.live, tracking.clock.now())
    return {"totals": agency.totals(rows), "sites": [row.as_json() for row in rows]}
