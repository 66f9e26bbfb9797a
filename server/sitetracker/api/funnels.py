"""Funnels through the JSON API: their definitions (admins change them) and a funnel's
figures over a period (the reports' period query)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app, g, request
from flask.typing import ResponseReturnValue

from ..auth.session import login_required
from ..clock import local_day
from ..db import database
from ..funnels import definitions as funnel_writes
from ..funnels.models import FunnelDefinition
from ..funnels.progress import funnels_of
from ..funnels.schemas import FunnelDefinitionSchema, RenameSchema, definition_json
from ..models import Site
from ..reports import funnel_definitions
from ..reports.funnels import funnel_report
from . import bp, responses
from .docs import doc
from .errors import ApiError
from .reports import ReportQuerySchema, period_of
from .sites import json_body, site_for


def definitions(site: Site) -> list[FunnelDefinition]:
    """The site's funnels, the cart funnel first (defined on first use)."""
    with database.atomic():
        funnels_of(site.id, now())
    return funnel_definitions.definitions_of(site.id)


def now() -> datetime:
    """The app clock's time, naive UTC without microseconds, as timestamps are stored."""
    at = current_app.extensions["sitetracker"].clock.now()
    return datetime.fromtimestamp(int(at), UTC).replace(tzinfo=None)


def funnel_of(site: Site, funnel_id: int) -> FunnelDefinition:
    row = funnel_definitions.definition_of(site.id, funnel_id)
    if row is None:
        raise ApiError(404, "no such funnel")
    return row


@bp.get("/sites/<key>/funnels")
@doc("The site's funnels, the cart funnel first", response=responses.Funnels)
@login_required
def list_funnels(key: str) -> ResponseReturnValue:
    site, _ = site_for(key)
    return {"funnels": [definition_json(row) for row in definitions(site)]}


@bp.post("/sites/<key>/funnels")
@doc("Define a funnel (admins); it counts from now on", ok=201,
     response=responses.FunnelOut, body=FunnelDefinitionSchema, errors=(403,))
@login_required
def create_funnel(key: str) -> ResponseReturnValue:
    site, _ = site_for(key, "admin")
    data = FunnelDefinitionSchema().load(json_body())
    row = funnel_writes.define(site.id, data["name"], data["scope"], data["steps"], now())
    current_app.logger.info("funnel %s defined on site %s by %s", row.id, site.id,
                            g.user.email)
    return definition_json(row), 201


@bp.get("/sites/<key>/funnels/<int:funnel_id>")
@doc("A funnel's entrants, conversion and drop-off per step over a period",
     response=responses.FunnelReport, query=ReportQuerySchema, errors=(404,))
@login_required
def get_funnel(key: str, funnel_id: int) -> ResponseReturnValue:
    site, _ = site_for(key)
    row = funnel_of(site, funnel_id)
    query = ReportQuerySchema().load(request.args.to_dict())
    today = local_day(current_app.extensions["sitetracker"].clock.now(), site.timezone)
    return funnel_report(row, period_of(query, today))


@bp.patch("/sites/<key>/funnels/<int:funnel_id>")
@doc("Rename a funnel (admins; its steps stay)", response=responses.FunnelOut,
     body=RenameSchema, errors=(403, 404))
@login_required
def rename_funnel(key: str, funnel_id: int) -> ResponseReturnValue:
    site, _ = site_for(key, "admin")
    row = funnel_of(site, funnel_id)
    funnel_writes.rename(row, RenameSchema().load(json_body())["name"])
    return definition_json(row)


@bp.delete("/sites/<key>/funnels/<int:funnel_id>")
@doc("Delete a funnel and its counts (admins; not the cart funnel)", ok=204,
     errors=(403, 404, 409))
@login_required
def remove_funnel(key: str, funnel_id: int) -> ResponseReturnValue:
    site, _ = site_for(key, "admin")
    row = funnel_of(site, funnel_id)
    if row.kind == "cart":
        raise ApiError(409, "the cart funnel can't be deleted")
    funnel_writes.remove(row)
    return "", 204
