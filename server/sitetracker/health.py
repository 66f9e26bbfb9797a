"""``GET /healthz``: is this worker up, and can it reach its database?"""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue

from .db import is_reachable

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    ok = is_reachable()
    return {"status": "ok" if ok else "unavailable", "database": "ok" if ok else "unreachable"}, (
        200 if ok else 503
    )
