"""Two-factor sign-in on the account page: enrolment with a QR code, confirmation by a
code, recovery codes shown once, turning it off; and, for members of an organization
that requires it, no other page until they have enrolled.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup
from marshmallow import ValidationError

from ..auth import totp, two_factor
from ..auth.passwords import verify_password
from ..auth.session import login_required
from ..models import User
from ..schemas import CodeSchema
from . import bp
from .forms import FormErrors, form_values

# What a member who must enrol may still reach (beside static files and health).
ENROLMENT_ENDPOINTS = frozenset({
    "web.two_factor", "web.two_factor_confirm", "web.two_factor_restart", "web.logout",
    "web.end_all_sessions", "web.login", "web.login_post", "web.login_code",
    "web.login_code_post",
})


@bp.before_app_request
def require_enrolment() -> ResponseReturnValue | None:
    """Members of an organization requiring two-factor sign-in use nothing else until
    they enrolled (API tokens excepted: they are a separate credential)."""
    user = g.get("user")
    if user is None or g.get("via_token") or request.blueprint not in ("web", "api"):
        return None
    if request.endpoint in ENROLMENT_ENDPOINTS or not two_factor.must_enrol(user):
        return None
    if request.blueprint == "api":
        abort(403, description="two-factor sign-in: your organization requires it; set it "
                               "up on the account page")
    return redirect(url_for("web.two_factor"))


def qr_svg(uri: str) -> Markup:
    """The otpauth URI as an inline SVG QR code (no script, no style attribute)."""
    import segno

    svg = segno.make(uri, error="m").svg_inline(
        scale=5, border=3, dark="#111827", light="#ffffff",
        title="QR code for your authenticator app", svgclass="qr-code")
    return Markup(svg)  # noqa: S704 (made by segno from our own URI, escaped by it)


def setup_view(status: int = 200, errors: FormErrors | None = None,
               new_codes: list[str] | None = None) -> ResponseReturnValue:
    user: User = g.user
    enrolled = two_factor.enrolled(user)
    pending = None if enrolled else two_factor.start_enrolment(user)
    uri = totp.provisioning_uri(pending.secret, user.email) if pending else ""
    html = render_template(
        "two_factor.html", enrolled=enrolled, pending=pending, uri=uri,
        qr=qr_svg(uri) if uri else "", errors=errors or {}, new_codes=new_codes,
        recovery_left=two_factor.recovery_codes_left(user),
        required_by=two_factor.requiring_organizations(user),
    )
    return html, status


@bp.get("/account/two-factor", endpoint="two_factor")
@login_required
def setup_page() -> ResponseReturnValue:
    return setup_view()


def code_of() -> str | None:
    try:
        return str(CodeSchema().load(form_values("code"))["code"])
    except ValidationError:
        return None


@bp.post("/account/two-factor/confirm")
@login_required
def two_factor_confirm() -> ResponseReturnValue:
    """The first code from the app turns it on; the recovery codes are shown this once."""
    code = code_of()
    codes = two_factor.confirm(g.user, code) if code else None
    if codes is None:
        return setup_view(400, {"code": "this code is not right: type the 6 digits the app "
                                        "shows now"})
    flash("Two-factor sign-in is on. Keep the recovery codes somewhere safe.", "ok")
    return setup_view(new_codes=codes)


@bp.post("/account/two-factor/restart")
@login_required
def two_factor_restart() -> ResponseReturnValue:
    """A new secret for an enrolment not yet confirmed (a QR code scanned badly)."""
    two_factor.cancel_enrolment(g.user)
    return redirect(url_for("web.two_factor"))


@bp.post("/account/two-factor/recovery-codes")
@login_required
def two_factor_new_codes() -> ResponseReturnValue:
    """New recovery codes (the old stop working), for a current code from the app."""
    code = code_of()
    if two_factor.enrolled(g.user) is None or code is None or two_factor.check(
            g.user, code) != "code":
        return setup_view(400, {"code": "this code is not right: type the 6 digits the app "
                                        "shows now"})
    flash("New recovery codes made; the old ones no longer work.", "ok")
    return setup_view(new_codes=two_factor.replace_recovery_codes(g.user))


@bp.post("/account/two-factor/off")
@login_required
def two_factor_off() -> ResponseReturnValue:
    user: User = g.user
    required = two_factor.requiring_organizations(user)
    if required:
        names = ", ".join(org.name for org in required)
        return setup_view(400, {"password": f"{names} requires two-factor sign-in"})
    password = form_values("password").get("password", "")
    if len(password) > 200 or not verify_password(user.password_hash, password):
        return setup_view(400, {"password": "this is not your current password"})
    two_factor.turn_off(user)
    flash("Two-factor sign-in is off.", "ok")
    return redirect(url_for("web.account"))

