"""Socket events skip the per-request work of Flask that the live channel does not use.

Flask-SocketIO runs each event inside a request context built from the socket's
handshake request (``/socket.io/``). For every event, Flask would match that path
against every route (failing with a ``NotFound`` it then stores) and open the session
from the handshake's cookie again (parsing cookies, building the signer): together about
a fifth of the work of a small event. The live channel uses no routes (no ``url_for``,
no endpoint), and the handshake's cookie never changes, so once a socket connects its
environ carries :data:`LIVE`: the app builds no URL adapter for its events, and the
session read at connect is handed out again (a copy, as reading the cookie would give).
HTTP requests are matched and their sessions opened as always.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Request
from flask.sessions import SessionMixin
from werkzeug.routing import MapAdapter

from ..auth.session import SigningSessions

LIVE = "sitetracker.live_socket"
SESSION = "sitetracker.live_session"


class LiveSessions(SigningSessions):
    """Signed-cookie sessions (the serializer built once per key); a live socket's is read
    once, at connect."""

    def open_session(self, app: Flask, request: Request) -> Any:
        environ = request.environ
        if not environ.get(LIVE):
            return super().open_session(app, request)
        known: SessionMixin | None = environ.get(SESSION)
        if known is None:
            known = environ[SESSION] = super().open_session(app, request)
        return None if known is None else self.session_class(known)


class App(Flask):
    """Flask, without URL matching or session parsing for the live channel's events."""

    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        if request is not None and request.environ.get(LIVE):
            return None
        return super().create_url_adapter(request)


def mark_live(environ: dict[str, Any]) -> None:
    """From now on, this socket's events are neither matched against the routes nor
    read the session cookie again."""
    environ[LIVE] = True
