"""A site's reports page: a shell whose browser code (``/reports.js``, built from
``dashboard/src/reports.js``) asks ``GET /api/sites/<key>/reports`` for the period
chosen and draws it; every table exports as CSV, and the page prints to PDF. Those whose
role may change funnels (admins, as ``api/funnels.py`` asks) define, rename and delete
them from the page, through the same API with the page's CSRF token.

``?range=30d`` or ``?from=2026-03-02&to=2026-03-08`` opens it on that period (the
links of the scheduled reports' mails)."""

from __future__ import annotations

from datetime import date

from flask import render_template, request
from flask.typing import ResponseReturnValue

from ..auth import access
from ..auth.session import login_required
from ..reports.periods import PRESETS
from . import bp
from .site_page import site_for


def _day(text: str | None) -> str:
    """A ``YYYY-MM-DD`` from the query string, or "" for anything else."""
    try:
        return date.fromisoformat(text or "").isoformat()
    except ValueError:
        return ""


@bp.get("/sites/<key>/reports")
@login_required
def reports(key: str) -> ResponseReturnValue:
    site, role = site_for(key)
    start, end = _day(request.args.get("from")), _day(request.args.get("to"))
    chosen = request.args.get("range", "7d")
    if start and end:
        chosen = "custom"
    elif chosen not in PRESETS or chosen == "custom":
        chosen = "7d"
    return render_template("reports.html", site=site, role=role, chosen=chosen,
                           start=start, end=end,
                           can_edit_funnels=access.at_least(role, "admin"))
