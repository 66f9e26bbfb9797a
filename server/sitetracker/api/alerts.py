"""Alerts and alert rules through the JSON API.

``GET /api/sites/<key>/alerts?kind=&acknowledged=0|1&limit=&before=`` lists the latest
alerts (see :func:`sitetracker.commerce.alerts.alert_json`); ``POST .../alerts/<id>/ack``
acknowledges one. ``/rules`` lists, creates, changes (``PATCH /rules/<id>``) and deletes
rules (see :mod:`sitetracker.commerce.rules`). Viewers read; admins change.
"""

from __future__ import annotations

from flask import current_app, g, request
from flask.typing import ResponseReturnValue
from marshmallow import fields, validate

from ..auth.session import login_required
from ..commerce import Commerce, admin
from ..commerce.alerts import alert_json
from ..commerce.models import AlertRule
from ..commerce.rules import KINDS, Rule, RuleSchema
from ..models import Site
from ..reports import commerce as history
from ..validation import Flag, Id, QuerySchema, Whole
from . import bp, responses
from .docs import doc
from .errors import ApiError
from .sites import json_body, site_for


class AlertsQuerySchema(QuerySchema):
    """``?kind=sale&acknowledged=0&limit=50&before=<id>``"""

    kind = fields.String(validate=validate.OneOf((*KINDS, "sale")))
    acknowledged = Flag()
    limit = Whole(load_default=50, validate=validate.Range(1, 200))
    before = Id()


def commerce_services() -> Commerce:
    found: Commerce = current_app.extensions["sitetracker.commerce"]
    return found


@bp.get("/sites/<key>/alerts")
@doc("Latest alerts, filtered by kind and acknowledgement", response=responses.Alerts,
     query=AlertsQuerySchema)
@login_required
def list_alerts(key: str) -> ResponseReturnValue:
    site, _ = site_for(key)
    query = AlertsQuerySchema().load(request.args.to_dict())
    rows = history.alerts(site.id, kind=query.get("kind"),
                          acknowledged=query.get("acknowledged"),
                          before=query.get("before"), limit=query["limit"])
    return {"alerts": [alert_json(row) for row in rows]}


@bp.post("/sites/<key>/alerts/<int:alert_id>/ack")
@doc("Acknowledge an alert (admins)", response=responses.Alert, errors=(403,))
@login_required
def ack_alert(key: str, alert_id: int) -> ResponseReturnValue:
    site, _ = site_for(key, "admin")
    commerce = commerce_services()
    row = commerce.alerts.acknowledge(commerce.site_info(site), alert_id, g.user.email)
    if row is None:
        raise ApiError(404, "no such alert")
    return alert_json(row)


# -- rules -------------------------------------------------------------------------------


def rule_of(site: Site, rule_id: int) -> AlertRule:
    row = admin.rule_of(site.id, rule_id)
    if row is None:
        raise ApiError(404, "no such rule")
    return row


@bp.get("/sites/<key>/rules")
@doc("Alert rules", response=responses.Rules)
@login_required
def list_rules(key: str) -> ResponseReturnValue:
    site, _ = site_for(key)
    return {"rules": [Rule.of(row).as_json() for row in admin.rules_of(site.id)],
            "kinds": list(KINDS)}


@bp.post("/sites/<key>/rules")
@doc("Create an alert rule (admins)", ok=201, response=responses.RuleOut, body=RuleSchema,
     errors=(403, 409))
@login_required
def create_rule(key: str) -> ResponseReturnValue:
    site, _ = site_for(key, "admin")
    changes = RuleSchema().load(json_body())
    row = admin.save_rule(commerce_services(), site, changes, by=g.user.email)
    return Rule.of(row).as_json(), 201


@bp.patch("/sites/<key>/rules/<int:rule_id>")
@doc("Change an alert rule (admins)", response=responses.RuleOut, body=RuleSchema,
     errors=(403, 409))
@login_required
def update_rule(key: str, rule_id: int) -> ResponseReturnValue:
    site, _ = site_for(key, "admin")
    row = rule_of(site, rule_id)
    changes = RuleSchema(partial=True).load(json_body())
    row = admin.save_rule(commerce_services(), site, changes, row, by=g.user.email)
    return Rule.of(row).as_json()


@bp.delete("/sites/<key>/rules/<int:rule_id>")
@doc("Delete an alert rule (admins)", ok=204, errors=(403, 409))
@login_required
def remove_rule(key: str, rule_id: int) -> ResponseReturnValue:
    site, _ = site_for(key, "admin")
    admin.delete_rule(commerce_services(), site, rule_of(site, rule_id),
                      by=g.user.email)
    return "", 204
