"""The signed-in user: server-side sessions, API bearer tokens, and view guards.

The session cookie (signed by Flask) carries a random session key as its only
credential, beside the CSRF token and flashed messages. The key's SHA-256 names a
:class:`UserSession` row; signing out revokes the row, so a copied cookie stops working
for pages, the API and the live channel alike. A session whose password step passed but
whose second step has not is ``pending``: it signs nobody in (``g.pending`` holds it for
the code page), and lapses after :data:`PENDING_SECONDS`.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Flask, abort, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface

from ..db import NO_REQUEST_CONNECTION
from ..ingest.platform import detect
from ..models import ApiToken, User, utcnow
from .models import UserSession
from .tokens import API_TOKEN_PREFIX, hash_api_token

F = TypeVar("F", bound=Callable[..., Any])

LIFETIME = timedelta(days=14)  # unused for this long, a session ends
PENDING_SECONDS = 600  # time to type the second step's code
SEEN_EVERY = 60  # last_seen_at is written at most once a minute per session


def hash_session_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def user_agent_summary(user_agent: str) -> str:
    """``Firefox on Ubuntu``: enough to tell one's sessions apart, nothing more."""
    platform = detect(user_agent or "")
    return f"{platform.browser} on {platform.os}"[:120]


def _new_key() -> str:
    key = secrets.token_urlsafe(32)
    session["sid"] = key
    return key


def log_in(user: User, pending: bool = False) -> UserSession:
    """A new session for ``user`` in a fresh cookie; ``pending`` until the second step."""
    session.clear()
    session.permanent = True
    row = UserSession.create(
        user=user, key_hash=hash_session_key(_new_key()), pending=pending,
        user_agent=user_agent_summary(request.headers.get("User-Agent", "")),
    )
    if not pending:
        _signed_in(user)
    return row


def complete_second_step(row: UserSession) -> None:
    """The pending session passed its second step: signed in, under a new key."""
    row.key_hash = hash_session_key(_new_key())
    row.pending = False
    row.last_seen_at = utcnow()
    row.save(only=[UserSession.key_hash, UserSession.pending, UserSession.last_seen_at])
    _signed_in(row.user)


def _signed_in(user: User) -> None:
    user.last_login_at = utcnow()
    user.save(only=[User.last_login_at])


def find_session(key: Any, pending: bool = False) -> UserSession | None:
    """The live session (with its user) for a cookie's key, or None: unknown, revoked,
    unused for too long, or pending when ``pending`` is False (and vice versa)."""
    if not isinstance(key, str) or not 0 < len(key) <= 100:
        return None
    now = utcnow()
    row = (
        UserSession.select(UserSession, User).join(User)
        .where((UserSession.key_hash == hash_session_key(key))
               & UserSession.revoked_at.is_null()
               & (UserSession.pending == pending))
        .first()
    )
    if row is None or now - row.last_seen_at > LIFETIME:
        return None
    if pending and (now - row.created_at).total_seconds() > PENDING_SECONDS:
        return None
    return cast(UserSession | None, row)


def revoke(rows: list[UserSession] | None = None, *, user: User | None = None,
           keep: UserSession | None = None) -> list[int]:
    """End the given sessions, or every live one of ``user`` (but ``keep``); returns the
    ids ended, for the live channel to close their sockets."""
    query = UserSession.select(UserSession.id).where(UserSession.revoked_at.is_null())
    if rows is not None:
        query = query.where(UserSession.id.in_([r.get_id() for r in rows]))
    if user is not None:
        query = query.where(UserSession.user == user)
    if keep is not None:
        query = query.where(UserSession.id != keep.get_id())
    ids = [r.id for r in query]
    if ids:
        UserSession.update(revoked_at=utcnow()).where(UserSession.id.in_(ids)).execute()
    return ids


def log_out() -> list[int]:
    """End this browser's session (signed in or pending); returns the ids ended."""
    row = current_session() or g.get("pending")
    session.clear()
    return revoke([row]) if row is not None else []


class SigningSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signing serializer built once per key:
    Flask builds one for every request, which costs a beacon more than its validation."""

    def __init__(self) -> None:
        self._serializers: dict[Any, Any] = {}

    def get_signing_serializer(self, app: Flask) -> Any:
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        if keys not in self._serializers:
            self._serializers = {keys: super().get_signing_serializer(app)}
        return self._serializers[keys]


def load_user() -> None:
    """``before_request``: set ``g.user`` from the session or a bearer token."""
    g.user = None
    g.via_token = False
    g.user_session = g.pending = None
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
    key = session.get("sid")
    if key is None:
        return
    row = find_session(key)
    if row is not None:
        g.user, g.user_session = row.user, row
        now = utcnow()
        if (now - row.last_seen_at).total_seconds() > SEEN_EVERY:
            row.last_seen_at = now
            row.save(only=[UserSession.last_seen_at])
        return
    g.pending = find_session(key, pending=True)
    if g.pending is None:
        session.pop("sid", None)  # ended elsewhere: this browser is signed out


def current_user() -> User | None:
    return cast(User | None, g.get("user"))


def current_session() -> UserSession | None:
    return cast(UserSession | None, g.get("user_session"))


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
