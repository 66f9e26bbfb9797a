"""``GET /api/openapi.json``: the API described from its marshmallow schemas."""

from __future__ import annotations

from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import current_app
from flask.typing import ResponseReturnValue

from ..commerce.events import EventDefinitionSchema
from ..commerce.rules import RuleSchema
from ..ingest.schemas import BeaconSchema, EventSchema, IdentitySchema
from ..privacy.erasure import ShopperSchema
from ..privacy.retention import RetentionSchema
from ..schemas import SiteSchema, SiteUpdateSchema
from . import bp
from .alerts import AlertsQuerySchema
from .commerce import FunnelQuerySchema, PaymentErrorsQuerySchema
from .live import StatsQuerySchema
from .privacy import AuditQuerySchema

ERROR = {"$ref": "#/components/schemas/Error"}


def _json(schema: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


def _op(summary: str, ok: str = "200", body: str | None = None, secured: bool = True,
        params: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    op: dict[str, Any] = {
        "summary": summary,
        "responses": {ok: {"description": "OK"},
                      "400": {"description": "invalid input, fields named",
                              "content": {"application/json": {"schema": ERROR}}}},
    }
    if body:
        op["requestBody"] = {"required": True, **_json(body)}
    if secured:
        op["security"] = [{"bearer": []}]
        op["responses"]["401"] = {"description": "not signed in"}
        op["responses"]["404"] = {"description": "no such site, or not yours"}
    if params:
        op["parameters"] = params
    return op


KEY = {"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}


def build_spec() -> dict[str, Any]:
    spec = APISpec(title="SiteTracker", version="1", openapi_version="3.0.3",
                   plugins=[MarshmallowPlugin()])
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", {"type": "object", "properties": {"error": {
        "type": "object", "properties": {"status": {"type": "integer"},
                                         "message": {"type": "string"},
                                         "fields": {"type": "object"}}}}})
    for name, schema in (("Event", EventSchema), ("Identity", IdentitySchema),
                         ("Beacon", BeaconSchema), ("Site", SiteSchema),
                         ("SiteUpdate", SiteUpdateSchema), ("StatsQuery", StatsQuerySchema),
                         ("Retention", RetentionSchema)):
        spec.components.schema(name, schema=schema)
    spec.path("/api/collect", operations={"post": _op(
        "Events by beacon (text/plain JSON body; Origin, or X-SiteTracker-Timestamp, "
        "-Nonce and -Signature: HMAC-SHA256 of timestamp.nonce.body)",
        ok="202", body="Beacon", secured=False)})
    spec.path("/api/sites", operations={"get": _op("Sites you may see"),
                                        "post": _op("Create a site", "201", "Site")})
    spec.path("/api/sites/{key}", operations={
        "get": _op("One site", params=[KEY]),
        "patch": _op("Change name, domains or timezone", body="SiteUpdate", params=[KEY])})
    spec.path("/api/sites/{key}/rotate-secret",
              operations={"post": _op("New site secret", params=[KEY])})
    spec.path("/api/sites/{key}/rotate-key",
              operations={"post": _op("New public site key", params=[KEY])})
    spec.path("/api/sites/{key}/live", operations={"get": _op("The live snapshot",
                                                              params=[KEY])})
    spec.path("/api/sites/{key}/live/stream", operations={"get": _op(
        "The live snapshot every second as server-sent events", params=[KEY])})
    spec.path("/api/sites/{key}/stats", operations={"get": _op(
        "Daily history", params=[KEY, {"in": "query", "schema": StatsQuerySchema}])})
    _commerce_paths(spec)
    return spec.to_dict()


def _commerce_paths(spec: APISpec) -> None:
    """Alerts, rules, custom events, the payment-error log and the funnel's history."""
    spec.components.schema("Rule", schema=RuleSchema)
    spec.components.schema("EventDefinition", schema=EventDefinitionSchema)
    rule_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}

    def query(schema: type) -> dict[str, Any]:
        return {"in": "query", "schema": schema}

    spec.path("/api/sites/{key}/alerts", operations={"get": _op(
        "Latest alerts, filtered by kind and acknowledgement",
        params=[KEY, query(AlertsQuerySchema)])})
    spec.path("/api/sites/{key}/alerts/{id}/ack", operations={"post": _op(
        "Acknowledge an alert (admins)", params=[KEY, rule_id])})
    spec.path("/api/sites/{key}/rules", operations={
        "get": _op("Alert rules", params=[KEY]),
        "post": _op("Create an alert rule (admins)", "201", "Rule", params=[KEY])})
    spec.path("/api/sites/{key}/rules/{id}", operations={
        "patch": _op("Change an alert rule (admins)", body="Rule", params=[KEY, rule_id]),
        "delete": _op("Delete an alert rule (admins)", "204", params=[KEY, rule_id])})
    spec.path("/api/sites/{key}/events", operations={
        "get": _op("Custom event definitions", params=[KEY]),
        "post": _op("Define a custom event (admins)", "201", "EventDefinition",
                    params=[KEY])})
    spec.path("/api/sites/{key}/events/{id}", operations={
        "patch": _op("Change a custom event (admins)", body="EventDefinition",
                     params=[KEY, rule_id]),
        "delete": _op("Delete a custom event (admins)", "204", params=[KEY, rule_id])})
    spec.path("/api/sites/{key}/payment-errors", operations={
        "get": _op("The payment-error log, newest first",
                   params=[KEY, query(PaymentErrorsQuerySchema)]),
        "delete": _op("Erase one shopper entirely, as DELETE /shoppers (admins)",
                      params=[KEY, query(ShopperSchema)])})
    spec.path("/api/sites/{key}/shoppers", operations={
        "delete": _op("Erase everything stored about one shopper (admins)",
                      params=[KEY, query(ShopperSchema)])})
    spec.path("/api/sites/{key}/retention", operations={
        "get": _op("The site's retention periods, in days", params=[KEY]),
        "patch": _op("Change them (admins)", body="Retention", params=[KEY])})
    spec.path("/api/audit", operations={"get": _op(
        "Admin actions in the organizations you own, newest first",
        params=[query(AuditQuerySchema)])})
    spec.path("/api/sites/{key}/funnel", operations={"get": _op(
        "The daily funnel and abandonment rates", params=[KEY, query(FunnelQuerySchema)])})
    spec.path("/api/sites/{key}/funnel.csv", operations={"get": _op(
        "The same as CSV", params=[KEY, query(FunnelQuerySchema)])})


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    cached = current_app.extensions.get("sitetracker.openapi")
    if cached is None:
        cached = current_app.extensions["sitetracker.openapi"] = build_spec()
    return cached
