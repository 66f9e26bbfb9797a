"""Custom event definitions, the payment-error log and the funnel's history through the
JSON API.

* ``/api/sites/<key>/events``: list, define (``POST``), change (``PATCH /events/<id>``)
  and delete custom events; every change reaches the site's open pages at once.
* ``/payment-errors?from=&to=&code=&email=&visitor=&ref=``: the log, newest first;
  ``DELETE /payment-errors?email=...`` (or ``?visitor=`` the exact id, or ``?ref=``)
  erases that shopper entirely (:mod:`sitetracker.privacy.erasure`), as
  ``DELETE /shoppers`` does.
* ``/funnel?days=7|30|90`` and ``/funnel.csv``: the daily funnel and abandonment.

Viewers read (with shoppers' contact masked); admins change.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, g, request
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError, fields, validate, validates_schema

from ..auth import access
from ..auth.session import login_required
from ..clock import local_day
from ..commerce import admin, payments
from ..commerce.events import EventDefinitionSchema, definition_json
from ..commerce.models import EventDefinition
from ..models import Site
from ..privacy import erasure
from ..reports import abandonment
from ..reports import commerce as history
from ..validation import Day, QuerySchema, Whole
from . import bp, responses
from .alerts import commerce_services
from .docs import doc
from .errors import ApiError
from .sites import json_body, site_for


class PaymentErrorsQuerySchema(QuerySchema):
    """``?from=YYYY-MM-DD&to=YYYY-MM-DD&code=card_declined&email=a@b.test&visitor=id``
    (the exact visitor id) or ``&ref=<16 hex>``"""

    from_ = Day(data_key="from")
    to = Day()
    code = fields.String(validate=validate.Length(max=64))
    email = fields.String(validate=validate.Length(max=254))
    visitor = fields.String(validate=validate.Length(min=8, max=64))
    ref = fields.String(validate=validate.Regexp(erasure.REF, error="16 hexadecimal characters"))
    limit = Whole(load_default=100, validate=validate.Range(1, payments.MAX_ROWS))

    @validates_schema
    def check_range(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("from_") and data.get("to") and data["to"] < data["from_"]:
            raise ValidationError("must not be before from", "to")


class FunnelQuerySchema(QuerySchema):
    """``?days=7``, ``30`` or ``90``."""

    days = Whole(load_default=30, validate=validate.OneOf(
        abandonment.DAY_CHOICES, error="7, 30 or 90"))


# -- custom events -------------------------------------------------------------------


def definition_of(site: Site, event_id: int) -> EventDefinition:
    row = admin.definition_of(site.id, event_id)
    if row is None:
        raise ApiError(404, "no such event")
    return row


def event_json(row: EventDefinition) -> dict[str, Any]:
    return {"id": row.id, **definition_json(row)}


@bp.get("/sites/<key>/events")
@doc("Custom event definitions", response=responses.EventDefinitions)
@login_required
def list_events(key: str) -> ResponseReturnValue:
    site, _ = site_for(key)
    return {"events": [event_json(row) for row in admin.definitions_of(site.id)]}


@bp.post("/sites/<key>/events")
@doc("Define a custom event (admins)", ok=201, response=responses.EventDefinitionOut,
     body=EventDefinitionSchema, errors=(403, 409))
@login_required
def create_event(key: str) -> ResponseReturnValue:
    site, _ = site_for(key, "admin")
    data = EventDefinitionSchema().load(json_body())
    row = admin.save_definition(commerce_services(), site, data, by=g.user.email)
    return event_json(row), 201


@bp.patch("/sites/<key>/events/<int:event_id>")
@doc("Change a custom event (admins)", response=responses.EventDefinitionOut,
     body=EventDefinitionSchema, errors=(403, 409))
@login_required
def update_event(key: str, event_id: int) -> ResponseReturnValue:
    site, _ = site_for(key, "admin")
    row = definition_of(site, event_id)
    merged = {**event_json(row), **json_body()}
    merged.pop("id", None)
    data = EventDefinitionSchema().load(merged)
    row = admin.save_definition(commerce_services(), site, data, row, by=g.user.email)
    return event_json(row)


@bp.delete("/sites/<key>/events/<int:event_id>")
@doc("Delete a custom event (admins)", ok=204, errors=(403, 409))
@login_required
def remove_event(key: str, event_id: int) -> ResponseReturnValue:
    site, _ = site_for(key, "admin")
    admin.delete_definition(commerce_services(), site, definition_of(site, event_id),
                            by=g.user.email)
    return "", 204


# -- the payment-error log --------------------------------------------------------------


@bp.get("/sites/<key>/payment-errors")
@doc("The payment-error log, newest first", response=responses.PaymentErrors,
     query=PaymentErrorsQuerySchema)
@login_required
def list_payment_errors(key: str) -> ResponseReturnValue:
    site, role = site_for(key)
    query = PaymentErrorsQuerySchema().load(request.args.to_dict())
    rows = history.payment_errors(site.id, site.timezone, start=query.get("from_"),
                                  end=query.get("to"), code=query.get("code"),
                                  email=query.get("email"), visitor=query.get("visitor"),
                                  ref=query.get("ref"), limit=query["limit"])
    admin = access.at_least(role, "admin")
    return {"payment_errors": [payments.error_json(row, admin) for row in rows]}


@bp.delete("/sites/<key>/payment-errors")
@doc("Erase one shopper's entries (admins)", response=responses.Erased,
     query=erasure.ShopperSchema, errors=(403,))
@login_required
def erase_payment_errors(key: str) -> ResponseReturnValue:
    """Kept for the clients of earlier versions: the whole erasure, and how many
    payment errors went as ``erased``."""
    from .privacy import erase_shopper

    removed = erase_shopper(key)
    return {"erased": removed["payment_errors"], "removed": removed}


# -- the funnel's history ------------------------------------------------------------------


def funnel_days(site: Site, days: int) -> tuple[Any, list[dict[str, Any]]]:
    """Today (in the site's timezone) and the last ``days`` days, today's live."""
    tracking = current_app.extensions["sitetracker"]
    info = commerce_services().site_info(site)
    now = tracking.clock.now()
    live = commerce_services().funnel.gauges(info, now)["funnel"]
    today = local_day(now, site.timezone)
    return today, abandonment.daily(site.id, today, days, live)


@bp.get("/sites/<key>/funnel")
@doc("The daily funnel and abandonment rates", response=responses.Funnel,
     query=FunnelQuerySchema)
@login_required
def funnel_history(key: str) -> ResponseReturnValue:
    site, _ = site_for(key)
    query = FunnelQuerySchema().load(request.args.to_dict())
    today, days = funnel_days(site, query["days"])
    return {"site": site.public_key, "timezone": site.timezone, "today": today.isoformat(),
            "days": days}


@bp.get("/sites/<key>/funnel.csv")
@doc("The same as CSV", response="csv", content="text/csv", query=FunnelQuerySchema)
@login_required
def funnel_csv(key: str) -> ResponseReturnValue:
    site, _ = site_for(key)
    query = FunnelQuerySchema().load(request.args.to_dict())
    today, days = funnel_days(site, query["days"])
    name = f"abandonment-{site.public_key}-{today.isoformat()}-{query['days']}d.csv"
    return current_app.response_class(
        abandonment.to_csv(days), mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'})
