"""Socket events skip Flask's URL matching.

Flask-SocketIO runs each event inside a request context built from the socket's
handshake request (``/socket.io/``), and Flask matches that path against every route
each time, failing with a ``NotFound`` it then stores: about a tenth of the work of a
small event. The live channel uses no routes (no ``url_for``, no endpoint), so the
environ of a connected socket carries :data:`LIVE` and the app builds no URL adapter for
it. HTTP requests are matched as always.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Request
from werkzeug.routing import MapAdapter

LIVE = "sitetracker.live_socket"


class App(Flask):
    """Flask, without URL matching for the live channel's events."""

    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        if request is not None and request.environ.get(LIVE):
            return None
        return super().create_url_adapter(request)


def mark_live(environ: dict[str, Any]) -> None:
    """From now on, this socket's events are not matched against the routes."""
    environ[LIVE] = True
