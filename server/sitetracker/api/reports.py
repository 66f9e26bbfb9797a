"""The reports through the JSON API: a period of site days compared with the one before."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app, request
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError, fields, validate, validates_schema

from ..auth.session import login_required
from ..clock import local_day
from ..models import Site
from ..reports.periods import PRESETS, Period, preset
from ..reports.report import report
from ..validation import Day, QuerySchema
from . import bp, responses
from .docs import doc
from .sites import site_for

MAX_DAYS = 366


class ReportQuerySchema(QuerySchema):
    """``?range=7d`` (today, yesterday, 7d, 30d, 90d, month) or
    ``?from=YYYY-MM-DD&to=YYYY-MM-DD`` (site days from 2000 to 2100, at most 366);
    ``compare=0`` leaves out the period before."""

    range = fields.String(validate=validate.OneOf(PRESETS), load_default="7d")
    from_ = Day(data_key="from")
    to = Day()
    compare = fields.Boolean(load_default=True)

    @validates_schema
    def check_range(self, data: dict[str, Any], **kwargs: Any) -> None:
        start, end = data.get("from_"), data.get("to")
        if (start is None) != (end is None):
            raise ValidationError("from and to go together", "to" if start else "from")
        if start and end:
            if end < start:
                raise ValidationError("must not be before from", "to")
            if (end - start).days >= MAX_DAYS:
                raise ValidationError(f"at most {MAX_DAYS} days", "to")


def period_of(query: dict[str, Any], today: date) -> Period:
    """The period a validated query asks for: its dates, else its preset."""
    if query.get("from_") and query.get("to"):
        return Period(query["from_"], query["to"])
    return preset(query["range"], today)


def site_report(site: Site, args: dict[str, str]) -> dict[str, Any]:
    """The report a query string asks for (raises ValidationError: a 400)."""
    query = ReportQuerySchema().load(args)
    today = local_day(current_app.extensions["sitetracker"].clock.now(), site.timezone)
    found = report(site.id, period_of(query, today), query["compare"])
    return {"site": site.public_key, "timezone": site.timezone, **found}


@bp.get("/sites/<key>/reports")
@doc("A report of a period compared with the one before", response=responses.Report,
     query=ReportQuerySchema)
@login_required
def site_reports(key: str) -> ResponseReturnValue:
    site, _ = site_for(key)
    return site_report(site, request.args.to_dict())
