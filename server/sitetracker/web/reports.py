"""A site's reports page: a shell whose browser code (``/reports.js``, built from
``dashboard/src/reports.js``) asks ``GET /api/sites/<key>/reports`` for the period
chosen and draws it; every table exports as CSV, and the page prints to PDF. Those whose
role may change funnels (admins, as ``api/funnels.py`` asks) define, rename and delete
them from the page, through the same API with the page's CSRF token."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from ..auth import access
from ..auth.session import login_required
from . import bp
from .site_page import site_for


@bp.get("/sites/<key>/reports")
@login_required
def reports(key: str) -> ResponseReturnValue:
    site, role = site_for(key)
    return render_template("reports.html", site=site, role=role,
                           can_edit_funnels=access.at_least(role, "admin"))
