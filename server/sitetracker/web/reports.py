"""A site's reports page: a shell whose browser code (``/reports.js``, built from
``dashboard/src/reports.js``) asks ``GET /api/sites/<key>/reports`` for the period
chosen and draws it; every table exports as CSV, and the page prints to PDF."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from ..auth.session import login_required
from . import bp
from .site_page import site_for


@bp.get("/sites/<key>/reports")
@login_required
def reports(key: str) -> ResponseReturnValue:
    site, role = site_for(key)
    return render_template("reports.html", site=site, role=role)
