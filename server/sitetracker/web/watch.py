"""The site page's live view section: turning the live view and lead-up recordings on
or off (admins), shown to every member."""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, g, redirect, request, url_for
from flask.typing import ResponseReturnValue

from .. import audit
from ..auth.session import login_required
from ..models import Site
from ..watch import settings
from . import bp
from .site_page import site_for


@bp.app_template_global("watch_section")
def watch_section(site: Site) -> dict[str, Any]:
    setting = settings.stored(site.id)
    return {"live": setting.live, "lead": setting.lead}


@bp.post("/sites/<key>/watch")
@login_required
def update_watch(key: str) -> ResponseReturnValue:
    site, _ = site_for(key, "admin")
    before = settings.stored(site.id)
    after = settings.save(site.id, settings.Setting(live=request.form.get("live") == "1",
                                                    lead=request.form.get("lead") == "1"))
    watch = current_app.extensions.get("sitetracker.watch")
    if watch is not None:
        watch.settings.forget(site.id)
    if after != before:
        audit.record(g.user.email, site, "watch_changed",
                     {"live": [before.live, after.live], "lead": [before.lead, after.lead]})
    flash("Live view saved.", "ok")
    return redirect(url_for("web.site", key=site.public_key) + "#watch-title")
