"""The admin web: login, sites, people, personal API tokens (server-rendered pages)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("web", __name__)

from . import pages  # noqa: E402,F401  (routes register on import)
