"""Reading submitted forms and reporting their errors, shared by every page."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache
from urllib.parse import urlsplit

from flask import request
from marshmallow import ValidationError

from ..conflict import Conflict
from ..validation import first_errors

FormErrors = dict[str, str]


def form_values(*names: str) -> dict[str, str]:
    """The named fields of the posted form (absent ones left out), as plain strings."""
    return {name: request.form[name] for name in names if name in request.form}


def errors_of(exc: ValidationError | Conflict) -> FormErrors:
    """``{field: message}`` for a schema's ValidationError or a tenancy Conflict."""
    if isinstance(exc, Conflict):
        return {exc.field: exc.message}
    return first_errors(exc)


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site (one leading ``/``), else None.

    Refuses ``//host``, ``/\\host`` and anything with white space or control characters,
    which browsers may read as another origin.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target.rstrip("?") or "/"


@lru_cache(maxsize=1)
def timezone_names() -> tuple[str, ...]:
    """Every IANA time zone name, sorted, for the time zone <select>."""
    names = {n for n in zoneinfo.available_timezones() if "/" in n and not n.startswith("Etc/")}
    return ("UTC", *sorted(names))


def timezone_choices(current: str) -> tuple[str, ...]:
    """The time zone names to offer, with ``current`` first if the list lacks it."""
    names = timezone_names()
    return names if current in names else (current, *names)
