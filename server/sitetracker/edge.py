"""The check every HTTP request passes before its route runs: its query string and form
fields are UTF-8 text.

Werkzeug keeps undecodable percent-escapes as literal text (``%ED%A0%80``), so a route
would quietly store something other than what was sent; they are refused with 400
naming the field instead (as JSON under ``/api``, as the error page elsewhere). JSON
bodies are checked by the schemas (:mod:`sitetracker.validation`).
"""

from __future__ import annotations

from flask import abort, request

from .validation import NOT_UTF8, undecodable_field

FORM_TYPE = "application/x-www-form-urlencoded"


def refuse_undecodable() -> None:
    """``before_request``: abort 400 naming the first field that is not UTF-8."""
    field = undecodable_field(request.query_string)
    if field is None and request.mimetype == FORM_TYPE:
        field = undecodable_field(request.get_data(cache=True))
    if field is not None:
        abort(400, description=f"{field}: {NOT_UTF8}")
