"""The signed-in person's own page: their password, sessions, two-factor sign-in (in
:mod:`.two_factor`) and personal API tokens."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from .. import tenancy
from ..auth import two_factor
from ..auth.models import UserSession
from ..auth.passwords import MIN_LENGTH, verify_password
from ..auth.session import LIFETIME, current_session, log_out, login_required, revoke
from ..models import ApiToken, User, utcnow
from ..reports import accounts
from ..schemas import ApiTokenSchema, PasswordFormSchema
from . import bp
from .auth_pages import sign_in
from .forms import FormErrors, errors_of, form_values
from .guarding import guard


def own_tokens() -> list[ApiToken]:
    return accounts.api_tokens(g.user)


def own_sessions() -> list[UserSession]:
    """The person's live, signed-in sessions, most recently used first."""
    return accounts.live_sessions(g.user, seen_since=utcnow() - LIFETIME)


def account_view(
    status: int = 200,
    password_errors: FormErrors | None = None,
    token_errors: FormErrors | None = None,
    token_name: str = "",
    new_token: str | None = None,
) -> ResponseReturnValue:
    """The page; ``new_token`` is shown this once and never again."""
    html = render_template(
        "account.html",
        tokens=own_tokens(),
        sessions=own_sessions(),
        this_session=current_session(),
        two_factor_on=two_factor.enrolled(g.user),
        recovery_left=two_factor.recovery_codes_left(g.user),
        password_errors=password_errors or {},
        token_errors=token_errors or {},
        token_name=token_name,
        new_token=new_token,
        password_min=MIN_LENGTH,
    )
    return html, status


@bp.get("/account")
@login_required
def account() -> ResponseReturnValue:
    return account_view()


@bp.post("/account/password")
@login_required
def change_password() -> ResponseReturnValue:
    """A new password ends every other session; this one is signed in again."""
    try:
        data = PasswordFormSchema().load(form_values("current_password", "new_password"))
    except ValidationError as exc:
        return account_view(400, password_errors=errors_of(exc))
    user: User = g.user
    if not verify_password(user.password_hash, data["current_password"]):
        wrong = {"current_password": "this is not your current password"}
        return account_view(400, password_errors=wrong)
    tenancy.set_password(user, data["new_password"])
    guard().end_sessions(revoke(user=user))
    sign_in(user)
    flash("Password changed. Your other sessions are signed out.", "ok")
    return redirect(url_for("web.account"))


@bp.post("/account/tokens")
@login_required
def create_token() -> ResponseReturnValue:
    values = form_values("name")
    try:
        data = ApiTokenSchema().load(values)
    except ValidationError as exc:
        return account_view(400, token_errors=errors_of(exc), token_name=values.get("name", ""))
    token, _ = tenancy.create_api_token(g.user, data["name"])
    flash(f"API token “{data['name']}” created.", "ok")
    return account_view(new_token=token)


@bp.post("/account/tokens/<int:token_id>/delete")
@login_required
def revoke_token(token_id: int) -> ResponseReturnValue:
    """Revoke one of the user's own tokens; anyone else's answers 404."""
    token = next((t for t in own_tokens() if t.get_id() == token_id), None)
    if token is None:
        abort(404, description="no such API token of yours")
    tenancy.revoke_api_token(token)
    flash(f"API token “{token.name}” revoked; it no longer works.", "ok")
    return redirect(url_for("web.account"))


@bp.post("/account/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int) -> ResponseReturnValue:
    """Sign out one of the person's sessions (this one too); anyone else's answers 404."""
    row = next((s for s in own_sessions() if s.get_id() == session_id), None)
    if row is None:
        abort(404, description="no such session of yours")
    this = current_session()
    if this is not None and this.get_id() == session_id:
        guard().end_sessions(log_out())
        flash("You are signed out.", "ok")
        return redirect(url_for("web.login"))
    guard().end_sessions(revoke([row]))
    flash(f"Signed out the session on {row.user_agent or 'an unknown browser'}.", "ok")
    return redirect(url_for("web.account"))


@bp.post("/account/sessions/end-all")
@login_required
def end_all_sessions() -> ResponseReturnValue:
    """Sign out everywhere: every session of the person, this one included."""
    user: User = g.user
    ended = revoke(user=user)
    log_out()
    guard().end_sessions(ended)
    flash(f"Signed out everywhere ({len(ended)} session{'s' if len(ended) != 1 else ''}).",
          "ok")
    return redirect(url_for("web.login"))
