"""Validation of everything an admin sends: forms, JSON API bodies and CLI arguments.

Each schema bounds every string. ``load`` returns trusted, normalised data or raises
``marshmallow.ValidationError`` whose ``messages`` name the fields.
"""

from __future__ import annotations

import re
import zoneinfo
from functools import lru_cache
from typing import Any

from marshmallow import (
    EXCLUDE,
    ValidationError,
    fields,
    post_load,
    validate,
    validates,
)

from .auth.passwords import MAX_LENGTH as PASSWORD_MAX
from .auth.passwords import MIN_LENGTH as PASSWORD_MIN
from .models import ROLES
from .validation import BaseSchema

MAX_DOMAINS = 20
CONSENT_MODES = ("keep", "session", "ask")
_HOST_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
HOSTNAME_RE = re.compile(rf"^{_HOST_LABEL}(\.{_HOST_LABEL})*$")
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{2,63}$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@lru_cache(maxsize=1)
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones()) | {"UTC"}


def normalize_domain(value: str) -> str:
    """``https://Shop.Example.com:443/x`` -> ``shop.example.com``; raise if not a host."""
    text = value.strip().lower()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)
    text = text.split("/", 1)[0].split(":", 1)[0].rstrip(".")
    if text.startswith("*."):
        text = text[2:]
    if not text or len(text) > 253 or not HOSTNAME_RE.match(text):
        raise ValidationError(f"{value.strip()[:80]!r} is not a domain name")
    return text


def parse_domains(value: Any) -> list[str]:
    """A list, or text separated by commas, spaces or new lines, into unique domains."""
    if isinstance(value, str):
        items = [part for part in re.split(r"[\s,]+", value) if part]
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        items = value
    else:
        raise ValidationError("must be a list of domain names")
    if len(items) > MAX_DOMAINS:
        raise ValidationError(f"at most {MAX_DOMAINS} domains")
    result: list[str] = []
    for item in items:
        if len(item) > 300:
            raise ValidationError("a domain is at most 253 characters")
        domain = normalize_domain(item)
        if domain not in result:
            result.append(domain)
    return result


class DomainList(fields.Field):
    """Domains as a JSON list or as text; loads to a list of normalised host names."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list[str]:
        return parse_domains(value)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return value


class FormSchema(BaseSchema):
    """For HTML forms, which also carry ``csrf_token`` and buttons' names; their numbers
    arrive as text."""

    coerce = True

    class Meta:
        unknown = EXCLUDE


def _timezone_field(**kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Length(max=64), **kwargs)


class SiteSchema(BaseSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    domains = DomainList(required=True)
    timezone = _timezone_field(load_default="UTC")
    organization = fields.String(validate=validate.Length(min=1, max=64))
    # Where the widget keeps the visitor id: keep (localStorage), session, ask.
    consent = fields.String(validate=validate.OneOf(CONSENT_MODES), load_default="keep")

    @validates("timezone")
    def check_timezone(self, value: str, **kwargs: Any) -> None:
        if value not in _timezones():
            raise ValidationError(f"unknown time zone {value[:64]!r}; use a name like Europe/Paris")

    @validates("domains")
    def check_domains(self, value: list[str], **kwargs: Any) -> None:
        if not value:
            raise ValidationError("give at least one domain the widget may run on")


class SiteFormSchema(SiteSchema, FormSchema):
    pass


class SiteUpdateSchema(SiteSchema):
    """Any subset of a site's fields."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("partial", True)
        super().__init__(**kwargs)


class SiteUpdateFormSchema(SiteUpdateSchema, FormSchema):
    pass


class OrganizationSchema(BaseSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    slug = fields.String(validate=validate.Regexp(SLUG_RE, error="lower-case letters, digits "
                                                  "and dashes, at most 64"))


class LoginSchema(FormSchema):
    email = fields.String(required=True, validate=validate.Length(min=3, max=254))
    password = fields.String(required=True, validate=validate.Length(min=1, max=PASSWORD_MAX))
    next = fields.String(validate=validate.Length(max=500), load_default="")


class CodeSchema(FormSchema):
    """A second step's code: six digits from the app, or a recovery code."""

    code = fields.String(required=True, validate=validate.Length(min=1, max=40))


class EmailField(fields.String):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs).strip().lower()
        if len(text) > 254 or not EMAIL_RE.match(text):
            raise ValidationError("not an email address")
        return text


class NewUserSchema(BaseSchema):
    email = EmailField(required=True)
    name = fields.String(validate=validate.Length(max=120), load_default="")
    password = fields.String(
        validate=validate.Length(min=PASSWORD_MIN, max=PASSWORD_MAX), load_default=None
    )
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    organization = fields.String(validate=validate.Length(min=1, max=64), load_default=None)
    site = fields.String(validate=validate.Length(min=1, max=32), load_default=None)

    @post_load
    def one_scope(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        if bool(data.get("organization")) == bool(data.get("site")):
            raise ValidationError("give either an organization or a site", "organization")
        return data


class NewUserFormSchema(NewUserSchema, FormSchema):
    pass


class RoleFormSchema(FormSchema):
    role = fields.String(required=True, validate=validate.OneOf(ROLES))


class PasswordFormSchema(FormSchema):
    current_password = fields.String(required=True, validate=validate.Length(max=PASSWORD_MAX))
    new_password = fields.String(
        required=True, validate=validate.Length(min=PASSWORD_MIN, max=PASSWORD_MAX)
    )


class ApiTokenSchema(FormSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=80))
