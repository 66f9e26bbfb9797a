"""``GET /api/openapi.json``: the API described from its real routes and schemas.

Every rule of the app's URL map under ``/api`` becomes an operation; its parameters come
from the rule (``<key>``, ``<int:id>``) and its body, query, answer and errors from the
route's :func:`~sitetracker.api.docs.doc`. Errors every route of a kind can answer are
added here: 400 (input, including an undecodable query string), 401 and 404 when
signed in, 404 when the path names something, 413 with a body. A route without a
declaration is listed by :func:`undocumented` (the tests fail on it) and described as
answering anything, so the document stays whole.
"""

from __future__ import annotations

import re
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask, current_app
from flask.typing import ResponseReturnValue
from werkzeug.routing import IntegerConverter, Rule

from ..ingest.schemas import EventList, EventSchema
from ..messaging.schemas import PlainText
from ..schemas import DomainList
from ..validation import MAX_ID
from . import bp, responses
from .docs import Doc, doc, doc_of

PREFIX = "/api"
ERROR = {"$ref": "#/components/schemas/Error"}
REASONS = {200: "OK", 201: "created", 202: "accepted", 204: "done, no content",
           400: "invalid input; the fields at fault are named", 401: "not signed in",
           403: "your role does not allow this", 404: "no such thing, or not yours",
           409: "conflicts with what exists", 413: "the body is too large",
           429: "too many requests; see Retry-After", 503: "try again later"}
_PARAM = re.compile(r"<(?:([a-z_]+):)?([a-z_]+)>")


def api_rules(app: Flask) -> list[tuple[Rule, str]]:
    """Every (rule, method) of the API, in a stable order."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.rule == PREFIX or rule.rule.startswith(PREFIX + "/"):
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                found.append((rule, method))
    return sorted(found, key=lambda item: (item[0].rule, item[1]))


def undocumented(app: Flask) -> list[str]:
    """``"METHOD /api/path"`` of every API route without a :func:`doc`."""
    return [f"{method} {rule.rule}" for rule, method in api_rules(app)
            if doc_of(app.view_functions[rule.endpoint]) is None]


def _path_parameters(rule: Rule) -> list[dict[str, Any]]:
    params = []
    for name, converter in rule._converters.items():
        schema: dict[str, Any] = {"type": "string", "maxLength": 64}
        if isinstance(converter, IntegerConverter):
            schema = {"type": "integer", "minimum": 0, "maximum": MAX_ID}
        params.append({"name": name, "in": "path", "required": True, "schema": schema})
    return params


def _answer(reason: str, schema: Any = None, content: str = "application/json"
            ) -> dict[str, Any]:
    answer: dict[str, Any] = {"description": reason}
    if schema is not None:
        answer["content"] = {content: {"schema": schema}}
    return answer


def operation(spec: APISpec, rule: Rule, declared: Doc | None) -> dict[str, Any]:
    """The OpenAPI operation of ``rule`` from its declaration."""
    declared = declared or Doc("undocumented", response=None)
    op: dict[str, Any] = {"summary": declared.summary, "responses": {}}
    params = _path_parameters(rule)
    if declared.query is not None:
        params.append({"in": "query", "schema": declared.query})
    if params:
        op["parameters"] = params
    if declared.body is not None:
        op["requestBody"] = {"required": True, "content": {
            declared.body_content: {"schema": declared.body}}}
    responses_: dict[str, Any] = op["responses"]
    if declared.summary == "undocumented":
        responses_["default"] = {"description": "undocumented"}
        return op
    ok_schema = declared.response
    if isinstance(ok_schema, str):
        ok_schema = {"type": "string"}
    responses_[str(declared.ok)] = _answer(REASONS.get(declared.ok, "OK"), ok_schema,
                                           declared.content)
    errors = {400, *declared.errors}
    if declared.auth:
        op["security"] = [{"bearer": []}]
        errors |= {401, 404}
    if rule.arguments:
        errors.add(404)
    if declared.body is not None:
        errors.add(413)
    for status in sorted(errors):
        responses_[str(status)] = _answer(REASONS[status], ERROR)
    return op


def build_spec(app: Flask) -> dict[str, Any]:
    plugin = MarshmallowPlugin()
    spec = APISpec(title="SiteTracker", version="1", openapi_version="3.0.3",
                   plugins=[plugin])
    plugin.map_to_openapi_type(PlainText, "string", None)
    plugin.map_to_openapi_type(DomainList, "array", None)
    plugin.map_to_openapi_type(EventList, "array", None)
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Error", schema=responses.Error)
    spec.components.schema("Event", schema=EventSchema)  # what ``ev`` holds
    paths: dict[str, dict[str, Any]] = {}
    for rule, method in api_rules(app):
        path = _PARAM.sub(lambda m: "{" + m.group(2) + "}", rule.rule)
        declared = doc_of(app.view_functions[rule.endpoint])
        op = operation(spec, rule, declared)
        if declared is not None and not declared.fuzz:
            op["x-no-fuzz"] = True
        paths.setdefault(path, {})[method.lower()] = op
    for path, operations in paths.items():
        spec.path(path, operations=operations)
    return spec.to_dict()


@bp.get("/openapi.json")
@doc("This document", response=responses.OpenApi, auth=False)
def openapi() -> ResponseReturnValue:
    cached = current_app.extensions.get("sitetracker.openapi")
    if cached is None:
        cached = current_app.extensions["sitetracker.openapi"] = build_spec(current_app)
    return cached
