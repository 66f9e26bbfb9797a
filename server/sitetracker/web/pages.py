"""Placeholder pages; replaced by the admin web."""

from __future__ import annotations

from flask.typing import ResponseReturnValue

from . import bp


@bp.get("/login")
def login() -> ResponseReturnValue:
    return "login"
