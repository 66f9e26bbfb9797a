"""``GET /api/openapi.json``: the API described from its marshmallow schemas."""

from __future__ import annotations

from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import current_app
from flask.typing import ResponseReturnValue

from ..ingest.schemas import BeaconSchema, EventSchema, IdentitySchema
from ..schemas import SiteSchema, SiteUpdateSchema
from . import bp
from .live import StatsQuerySchema

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
                         ("SiteUpdate", SiteUpdateSchema), ("StatsQuery", StatsQuerySchema)):
        spec.components.schema(name, schema=schema)
    spec.path("/api/collect", operations={"post": _op(
        "Events by beacon (text/plain JSON body; Origin or X-SiteTracker-Signature)",
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
    return spec.to_dict()


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    cached = current_app.extensions.get("sitetracker.openapi")
    if cached is None:
        cached = current_app.extensions["sitetracker.openapi"] = build_spec()
    return cached
