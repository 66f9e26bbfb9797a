"""What the settings pages accept: endpoints (http/https URLs, bounded), a person's
quiet hours and scheduled reports; and how an endpoint's address and secret are shown
(never in full)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from marshmallow import ValidationError, fields, validate, validates_schema

from ..schemas import FormSchema
from ..web.forms import timezone_names
from .quiet import minutes_of

KINDS = {"slack": "Slack", "teams": "Microsoft Teams", "webhook": "Signed webhook"}


class EndpointSchema(FormSchema):
    kind = fields.String(required=True, validate=validate.OneOf(
        list(KINDS), error="one of " + ", ".join(KINDS)))
    name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    url = fields.String(required=True, validate=[
        validate.Length(max=500, error="at most 500 characters"),
        validate.URL(schemes={"http", "https"}, require_tld=False,
                     error="an http:// or https:// address")])
    secret = fields.String(load_default="", validate=validate.Length(
        max=64, error="at most 64 characters"))
    sales = fields.Boolean(load_default=False)


class QuietSchema(FormSchema):
    timezone = fields.String(required=True, validate=validate.Length(max=64))
    quiet_start = fields.String(load_default="00:00", validate=validate.Length(max=5))
    quiet_end = fields.String(load_default="00:00", validate=validate.Length(max=5))
    emergencies = fields.Boolean(load_default=False)

    @validates_schema
    def check(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["timezone"] not in timezone_names():
            raise ValidationError({"timezone": ["not a known time zone"]})
        for name in ("quiet_start", "quiet_end"):
            try:
                minutes_of(data[name] or "00:00")
            except ValueError:
                raise ValidationError({name: ["a time such as 22:00"]}) from None


REPORTS = {"off": "Off", "daily": "Daily: yesterday", "weekly": "Weekly: last week, on Monday"}
HOURS = [(str(hour), f"{hour:02d}:00") for hour in range(24)]


class ReportSchema(FormSchema):
    """One site's scheduled report: off, daily or weekly, at an hour of the site's day."""

    frequency = fields.String(load_default="off", validate=validate.OneOf(
        list(REPORTS), error="off, daily or weekly"))
    hour = fields.Integer(load_default=8, validate=validate.Range(
        min=0, max=23, error="an hour from 0 to 23"))


def rules_choice(values: list[str], rule_ids: set[int]) -> str:
    """Checked boxes (``all`` or rule ids) as stored: ``all``, ids, or empty."""
    if "all" in values:
        return "all"
    return ",".join(str(i) for i in sorted(rule_ids) if str(i) in values)


def masked_url(url: str) -> str:
    """An endpoint's address as shown back: scheme, host and the last 4 characters."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}/…{url[-4:]}"


def masked_secret(secret: str) -> str:
    return f"…{secret[-4:]}" if secret else "none"
