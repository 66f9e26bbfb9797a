"""CSRF protection for cookie-authenticated requests.

A random token lives in the session; forms carry it as ``csrf_token`` and scripts send
it as the ``X-CSRF-Token`` header. Unsafe requests authenticated by the session cookie
without a matching token are refused with 400. Requests authenticated by a bearer token
carry no ambient credentials and are exempt, and so are the views marked with
:func:`exempt` (they authenticate otherwise). The check runs after routing: a request no
route matches gets its 404 or 405.
"""

from __future__ import annotations

import hmac
import secrets
from typing import TypeVar

from flask import abort, current_app, g, request, session

F = TypeVar("F")
EXEMPT = "csrf_exempt"  # the attribute :func:`exempt` sets on a view

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def protect() -> None:
    """``before_request`` guard: abort 400 on a missing or wrong token."""
    if request.method in SAFE_METHODS:
        return
    if request.routing_exception is not None:
        return  # no route: answer its 404 or 405, not a CSRF refusal
    if request.headers.get("Authorization", "").startswith("Bearer "):
        return
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, EXEMPT, False):
        return
    if request.blueprint == "api" and g.get("user") is None:
        return  # nothing ambient to abuse: the API will answer 401
    sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token", "")
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(str(sent), str(expected)):
        abort(400, description="csrf_token: missing or invalid; reload the page and try again")


def exempt(view: F) -> F:
    """Mark a view that authenticates otherwise (signed beacons, webhooks) as exempt."""
    setattr(view, EXEMPT, True)
    return view
