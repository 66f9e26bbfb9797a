"""The signed-in user: session login, API bearer tokens, and view guards."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import abort, g, redirect, request, session, url_for

from ..db import NO_REQUEST_CONNECTION
from ..models import ApiToken, User, utcnow
from .tokens import API_TOKEN_PREFIX, hash_api_token

F = TypeVar("F", bound=Callable[..., Any])


def log_in(user: User) -> None:
    session.clear()
    session["uid"] = user.id
    session["pw"] = password_stamp(user)
    session.permanent = True
    user.last_login_at = utcnow()
    user.save(only=[User.last_login_at])


def password_stamp(user: User) -> str:
    """A short digest of the password hash: changes when the password does."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def log_out() -> None:
    session.clear()


def load_user() -> None:
    """``before_request``: set ``g.user`` from the session or a bearer token."""
    g.user = None
    g.via_token = False
    if request.endpoint in NO_REQUEST_CONNECTION:
        return  # beacons and health checks act for nobody, and must not wait on storage
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        token = header[7:].strip()
        if token.startswith(API_TOKEN_PREFIX) and len(token) < 100:
            row = (
                ApiToken.select(ApiToken, User)
                .join(User)
                .where(ApiToken.token_hash == hash_api_token(token))
                .first()
            )
            if row is not None:
                g.user, g.via_token = row.user, True
                now = utcnow()
                if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
                    row.last_used_at = now  # at most one write a minute per token
                    row.save(only=[ApiToken.last_used_at])
        return
    uid = session.get("uid")
    if uid is not None:
        user = User.get_or_none(User.id == uid)
        # A changed password ends every other session.
        if user is not None and session.get("pw") == password_stamp(user):
            g.user = user
        else:
            session.clear()


def current_user() -> User | None:
    return cast(User | None, g.get("user"))


def login_required(view: F) -> F:
    """Redirect to the login page (or 401 for the API) when nobody is signed in."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if g.get("user") is None:
            if request.blueprint == "api":
                abort(401, description="authorization: sign in or send a Bearer API token")
            return redirect(url_for("web.login", next=request.full_path))
        return view(*args, **kwargs)

    return cast(F, wrapped)
