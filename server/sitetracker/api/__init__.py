"""The JSON API under ``/api``: one blueprint, one error shape."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api")

from . import (  # noqa: E402,F401  (routes register on import)
    alerts,
    board,
    collect,
    commerce,
    errors,
    funnels,
    live,
    openapi,
    overview,
    privacy,
    reports,
    sites,
    vitals,
    webhooks,
)
