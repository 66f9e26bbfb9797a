"""One site's page: its details and embed snippets; for admins, edit and rotate.

This is the page a live board will later grow on; the sections sit in a grid so one
more can join them. Viewers see it read-only and get 403 on every change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from .. import audit, tenancy
from ..adapters.connections import connection_views
from ..auth import access
from ..auth.session import login_required
from ..auth.tokens import MAX_ADMIN_TOKEN_LIFETIME, mint_admin_token
from ..commerce.page_types import PAGE_TYPES, stored_rules
from ..conflict import Conflict
from ..models import OPERATOR, Site
from ..schemas import SiteUpdateFormSchema
from . import bp
from .forms import FormErrors, errors_of, form_values, timezone_choices
from .guarding import guard
from .install_panel import install_view
from .sites import forget_sites


def site_for(key: str, needed: str = "viewer") -> tuple[Site, str]:
    """The site if the user may act on it at ``needed``; 404 hides other tenants' sites."""
    found = access.visible_site(g.user, key) if len(key) <= 32 else None
    if found is None:
        abort(404, description="no such site, or not one of yours")
    site, role = found
    if not access.at_least(role, needed):
        abort(403, description=f"your role on this site is {role}; this needs {needed}")
    return site, role


def overlay_token(site: Site, role: str) -> str:
    """A 7-day admin token for the overlay snippet, as the signed-in user."""
    return mint_admin_token(
        site.secret,
        site.public_key,
        sub=g.user.email[:120],
        role="viewer" if role == "viewer" else "admin",
        ttl=MAX_ADMIN_TOKEN_LIFETIME,
    )


def site_view(
    site: Site,
    role: str,
    status: int = 200,
    errors: FormErrors | None = None,
    values: dict[str, str] | None = None,
) -> ResponseReturnValue:
    base_url = current_app.config["SETTINGS"].base_url
    connections = connection_views(site, base_url)
    values = values or {
        "name": site.name,
        "domains": "\n".join(site.domain_list),
        "timezone": site.timezone,
        "consent": site.consent,
    }
    html = render_template(
        "site.html",
        site=site,
        role=role,
        can_edit=access.at_least(role, "admin"),
        widget_snippet=tenancy.widget_snippet(site, base_url),
        # The overlay shows live shoppers: no token for an operator.
        overlay_snippet=(tenancy.overlay_snippet(site, base_url, overlay_token(site, role))
                         if access.at_least(role, "viewer") else ""),
        errors=errors or {},
        values=values,
        timezones=timezone_choices(values.get("timezone", site.timezone)),
        consent_modes=CONSENT_CHOICES,
        connections=connections,
        install=install_view(site, connections),
        page_types=PAGE_TYPES,
        page_rules="\n".join(f"{pattern} {kind}" for pattern, kind in stored_rules(site.id)),
    )
    return html, status


CONSENT_CHOICES = [
    ("keep", "Keep the visitor id (new and returning shoppers are told apart)"),
    ("session", "Only for the browser session (every visit counts as new)"),
    ("ask", "Ask: session only until the store reports the shopper's consent"),
]


@bp.get("/sites/<key>")
@login_required
def site(key: str) -> ResponseReturnValue:
    """The site's details, embedding and installation: an operator sees it too."""
    found, role = site_for(key, OPERATOR)
    return site_view(found, role)


@bp.post("/sites/<key>")
@login_required
def update_site(key: str) -> ResponseReturnValue:
    found, role = site_for(key, "admin")
    values = form_values("name", "domains", "timezone", "consent")
    try:
        changes = SiteUpdateFormSchema(partial=True).load(values)
    except ValidationError as exc:
        return site_view(found, role, 400, errors_of(exc), values)
    changes.pop("organization", None)
    try:
        tenancy.update_site(found, changes)
    except Conflict as exc:
        return site_view(found, role, 409, errors_of(exc), values)
    audit.record(g.user.email, found, "site_changed", changes)
    forget_sites(found.public_key)
    flash("Changes saved.", "ok")
    return redirect(url_for("web.site", key=found.public_key))


@dataclass(frozen=True)
class Rotation:
    """A replaceable credential of a site, and what replacing it breaks."""

    title: str
    consequence: str
    button: str
    done: str
    rotate: Callable[[Site], str]


ROTATIONS = {
    "secret": Rotation(
        title="Rotate the secret",
        consequence=(
            "Admin tokens made with the current secret stop working at once: the overlay "
            "snippets already placed, and any store backend that mints tokens, need the "
            "new secret."
        ),
        button="Rotate secret",
        done="New secret made. Update the overlay snippet and your backend.",
        rotate=tenancy.rotate_secret,
    ),
    "key": Rotation(
        title="Change the public key",
        consequence=(
            "The widget snippet changes: pages still carrying the old snippet stop being "
            "tracked until you replace it, and this page moves to a new address."
        ),
        button="Change public key",
        done="New public key made. Replace the widget snippet on your pages.",
        rotate=tenancy.rotate_key,
    ),
}


def confirm_rotation(key: str, what: str) -> ResponseReturnValue:
    found, _ = site_for(key, "admin")
    rotation = ROTATIONS[what]
    action = url_for(f"web.rotate_{what}", key=found.public_key)
    return render_template("confirm.html", site=found, rotation=rotation, action=action)


def apply_rotation(key: str, what: str) -> ResponseReturnValue:
    found, _ = site_for(key, "admin")
    old_key = found.public_key
    ROTATIONS[what].rotate(found)
    audit.record(g.user.email, found, f"{what}_rotated",
                 {"key": found.public_key} if what == "key" else {})
    forget_sites(old_key, found.public_key)
    if what == "secret":
        guard().end_site_tokens(found.get_id())
    flash(ROTATIONS[what].done, "ok")
    return redirect(url_for("web.site", key=found.public_key))


@bp.get("/sites/<key>/rotate-secret")
@login_required
def confirm_rotate_secret(key: str) -> ResponseReturnValue:
    return confirm_rotation(key, "secret")


@bp.post("/sites/<key>/rotate-secret")
@login_required
def rotate_secret(key: str) -> ResponseReturnValue:
    return apply_rotation(key, "secret")


@bp.get("/sites/<key>/rotate-key")
@login_required
def confirm_rotate_key(key: str) -> ResponseReturnValue:
    return confirm_rotation(key, "key")


@bp.post("/sites/<key>/rotate-key")
@login_required
def rotate_key(key: str) -> ResponseReturnValue:
    return apply_rotation(key, "key")
