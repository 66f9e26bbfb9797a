"""A funnel definition as the API and the reports page send it, and as it is answered."""

from __future__ import annotations

import json
from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from ..validation import BaseSchema
from .models import FunnelDefinition

MIN_STEPS, MAX_STEPS = 2, 8
EVENT_NAME = r"^[A-Za-z0-9_.:-]{1,40}$"


class StepSchema(BaseSchema):
    """One step: a page path pattern (``*`` for any run of characters) or an event."""

    page = fields.String(validate=validate.Length(min=1, max=200))
    event = fields.String(validate=validate.Regexp(
        EVENT_NAME, error="an event name: 1 to 40 letters, digits, _ . : -"))

    @validates_schema
    def one_of_both(self, data: dict[str, Any], **kwargs: Any) -> None:
        if ("page" in data) == ("event" in data):
            raise ValidationError("a step is either a page or an event", "page")


class FunnelDefinitionSchema(BaseSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    scope = fields.String(load_default="session", validate=validate.OneOf(
        ("session", "day"), error="session or day"))
    steps = fields.List(fields.Nested(StepSchema), required=True, validate=validate.Length(
        MIN_STEPS, MAX_STEPS, error=f"{MIN_STEPS} to {MAX_STEPS} steps"))


class RenameSchema(BaseSchema):
    """Steps can't change (the counts so far would not mean them): only the name."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=80))


def definition_json(row: FunnelDefinition) -> dict[str, Any]:
    """``{"id": 3, "name": "Shirts", "scope": "session", "kind": "custom", "steps": [...],
    "counts_since": "2026-03-04T09:00:00Z"}``."""
    return {"id": row.id, "name": row.name, "scope": row.scope, "kind": row.kind,
            "steps": json.loads(row.steps),
            "counts_since": row.created_at.isoformat() + "Z"}
