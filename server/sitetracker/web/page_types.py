"""A site's own page-type rules, on its page: for stores whose URLs follow neither
Shopify's nor WooCommerce's conventions. Admins change them; viewers read them."""

from __future__ import annotations

from flask import current_app, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue

from ..auth.session import login_required
from ..commerce.page_types import parse_rules, save_rules
from . import bp
from .site_page import site_for


@bp.post("/sites/<key>/page-types")
@login_required
def save_page_types(key: str) -> ResponseReturnValue:
    site, _ = site_for(key, "admin")
    try:
        rules = parse_rules(request.form.get("rules", "")[:20_000])
    except ValueError as exc:
        flash(f"Page types: {exc}", "error")
        return redirect(url_for("web.site", key=site.public_key) + "#page-types-title")
    save_rules(site.id, rules)
    commerce = current_app.extensions.get("sitetracker.commerce")
    if commerce is not None:
        commerce.page_types.forget(site.id)
    flash("Page type rules saved.", "ok")
    return redirect(url_for("web.site", key=site.public_key) + "#page-types-title")
