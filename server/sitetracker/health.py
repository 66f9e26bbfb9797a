"""``GET /healthz``: is this worker up, and can it reach its database?"""

from __future__ import annotations

from flask import Blueprint, current_app
from flask.typing import ResponseReturnValue

from .db import is_reachable

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    ok = is_reachable()
    body = {"status": "ok" if ok else "unavailable", "database": "ok" if ok else "unreachable"}
    limits = current_app.extensions.get("sitetracker.limits")
    if limits is not None:
        body["limits"] = limits.report()  # this worker's limits per address, refusals
    return body, 200 if ok else 503
