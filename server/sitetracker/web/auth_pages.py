"""Signing in and out: the password step, the second step's code, signing out.

Both steps are throttled per account and per address (:mod:`..auth.throttle`); while an
email or an address must wait, attempts are refused with 429 before any check, with one
message whether or not the account exists.
"""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from ..auth import two_factor
from ..auth.csrf import csrf_token
from ..auth.passwords import verify_password
from ..auth.session import complete_second_step, log_in, log_out
from ..auth.throttle import LoginThrottle
from ..models import User
from ..reports import people
from ..schemas import CodeSchema, LoginSchema
from . import bp
from .board import landing
from .forms import FormErrors, errors_of, form_values, safe_next
from .guarding import guard

WRONG_CREDENTIALS = "email or password is wrong"
WRONG_CODE = "this code is not right (or was used already): try the newest one"


def throttle() -> LoginThrottle:
    found: LoginThrottle = current_app.extensions["sitetracker.logins"]
    return found


def address() -> str:
    return request.remote_addr or ""


def too_many(seconds: int) -> str:
    if throttle().locked(seconds):
        minutes = -(-seconds // 60)
        return (f"Too many failed sign-in attempts for this email or from this network: "
                f"sign-in is locked for {minutes} minutes. Try again later.")
    return f"Too many failed sign-in attempts: wait {seconds} seconds and try again."


def sign_in(user: User) -> None:
    """Start a fresh session for ``user`` (also after a password change).

    The new session gets a new CSRF token at once (scripts read it before any page).
    """
    log_in(user)
    csrf_token()


def login_form(
    status: int = 200, errors: FormErrors | None = None, email: str = "", next_url: str = "",
    retry_after: int = 0,
) -> ResponseReturnValue:
    html = render_template(
        "login.html", errors=errors or {}, email=email, next_url=safe_next(next_url) or ""
    )
    headers = {"Retry-After": str(retry_after)} if retry_after else {}
    return html, status, headers


def destination(user: User, wanted: str | None) -> str:
    if wanted in ("/", "/?"):
        wanted = ""  # the front door is no particular page: go where this user works
    if two_factor.must_enrol(user):
        flash("Your organization requires two-factor sign-in: set it up to go on.", "error")
        return url_for("web.two_factor")
    return wanted or landing(user)


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
    logins = throttle()
    wait = logins.wait(email, address())
    if wait:
        logins.failed(email, address())
        return login_form(429, {"_form": too_many(wait)}, data["email"], data["next"], wait)
    user = people.user_by_email(email)
    # An unknown email still costs one hash check, so timing tells nothing.
    password_hash = user.password_hash if user is not None else None
    if not verify_password(password_hash, data["password"]) or user is None:
        logins.failed(email, address())
        return login_form(400, {"_form": WRONG_CREDENTIALS}, data["email"], data["next"])
    wanted = safe_next(data["next"])
    if two_factor.enrolled(user) is not None:
        log_in(user, pending=True)
        session["next"] = wanted or ""
        csrf_token()
        return redirect(url_for("web.login_code"))
    logins.succeeded(email)
    sign_in(user)
    return redirect(destination(user, wanted))


def code_form(status: int = 200, errors: FormErrors | None = None, retry_after: int = 0
              ) -> ResponseReturnValue:
    headers = {"Retry-After": str(retry_after)} if retry_after else {}
    return render_template("login_code.html", errors=errors or {}), status, headers


def pending_or_restart() -> ResponseReturnValue | None:
    if g.get("pending") is None:
        flash("Sign in again: the code step lasts 10 minutes.", "error")
        return redirect(url_for("web.login"))
    return None


@bp.get("/login/code")
def login_code() -> ResponseReturnValue:
    """The second step: a session that passed the password step but is not signed in."""
    return pending_or_restart() or code_form()


@bp.post("/login/code")
def login_code_post() -> ResponseReturnValue:
    restart = pending_or_restart()
    if restart is not None:
        return restart
    pending = g.pending
    user: User = pending.user
    try:
        code = CodeSchema().load(form_values("code"))["code"]
    except ValidationError as exc:
        return code_form(400, errors_of(exc))
    logins = throttle()
    wait = logins.wait(user.email, address())
    if wait:
        logins.failed(user.email, address())
        return code_form(429, {"_form": too_many(wait)}, wait)
    used = two_factor.check(user, code)
    if used is None:
        logins.failed(user.email, address())
        return code_form(400, {"code": WRONG_CODE})
    logins.succeeded(user.email)
    wanted = safe_next(session.pop("next", "")) or ""
    complete_second_step(pending)
    if used == "recovery":
        left = two_factor.recovery_codes_left(user)
        flash(f"You signed in with a recovery code; {left} left. Make new ones on your "
              "account page if you are running out.", "ok")
    return redirect(destination(user, wanted))


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """End this session on the server: its cookie, wherever copied, and its sockets."""
    was_signed_in = g.get("user") is not None
    guard().end_sessions(log_out())
    if was_signed_in:
        flash("You are signed out.", "ok")
    return redirect(url_for("web.login"))
