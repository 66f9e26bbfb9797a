"""The verify mode's start: one browser's events, live on the site page, with every
drop spelled out (:mod:`sitetracker.install.verify`)."""

from __future__ import annotations

from flask import current_app, redirect, url_for
from flask.typing import ResponseReturnValue

from ..auth.session import login_required
from . import bp
from .site_page import site_for


@bp.post("/sites/<key>/verify")
@login_required
def start_verify(key: str) -> ResponseReturnValue:
    """Start verifying the installation: a code for one browser, valid an hour."""
    found, _ = site_for(key, "admin")
    tracking = current_app.extensions["sitetracker"]
    code = tracking.install.verifier.start(found.get_id())
    return redirect(url_for("web.site", key=found.public_key, verify=code) + "#install")
