"""Signing in and out with email and password."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from ..auth.csrf import csrf_token
from ..auth.passwords import verify_password
from ..auth.session import log_in, log_out
from ..models import User
from ..schemas import LoginSchema
from . import bp
from .board import landing
from .forms import FormErrors, errors_of, form_values, safe_next

WRONG_CREDENTIALS = "email or password is wrong"


def sign_in(user: User) -> None:
    """Start a fresh session for ``user`` (also after a password change).

    The new session gets a new CSRF token at once (scripts read it before any page),
    and the ``name`` the live channel shows other admins.
    """
    log_in(user)
    session["name"] = (user.name or user.email)[:120]
    csrf_token()


def login_form(
    status: int = 200, errors: FormErrors | None = None, email: str = "", next_url: str = ""
) -> ResponseReturnValue:
    html = render_template(
        "login.html", errors=errors or {}, email=email, next_url=safe_next(next_url) or ""
    )
    return html, status


@bp.get("/login")
def login() -> ResponseReturnValue:
    return login_form(next_url=request.args.get("next", ""))


@bp.post("/login")
def login_post() -> ResponseReturnValue:
    """Check the credentials; any mismatch gets one generic message and changes nothing."""
    values = form_values("email", "password", "next")
    try:
        data = LoginSchema().load(values)
    except ValidationError as exc:
        return login_form(400, errors_of(exc), values.get("email", ""), values.get("next", ""))
    email = data["email"].strip().lower()
    user = User.get_or_none(User.email == email)
    # An unknown email still costs one hash check, so timing tells nothing.
    password_hash = user.password_hash if user is not None else None
    if not verify_password(password_hash, data["password"]) or user is None:
        return login_form(400, {"_form": WRONG_CREDENTIALS}, data["email"], data["next"])
    sign_in(user)
    wanted = safe_next(data["next"])
    if wanted in ("/", "/?"):
        wanted = ""  # the front door is no particular page: go where this user works
    return redirect(wanted or landing(user))


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    was_signed_in = g.get("user") is not None
    log_out()
    if was_signed_in:
        flash("You are signed out.", "ok")
    return redirect(url_for("web.login"))
