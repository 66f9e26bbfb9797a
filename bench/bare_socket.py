"""The bare baseline of the live channel: Flask-SocketIO on eventlet, one handler.

``python -m bench.bare_socket PORT``: any ``/site/<key>`` namespace accepts every socket;
``ev`` answers ``{"ok": <events>}`` at once; ``POST /broadcast`` sends one ``broadcast``
to every socket of a namespace (``?ns=``), as SiteTracker's fan-out does.
"""

from __future__ import annotations

import eventlet

eventlet.monkey_patch()

import sys  # noqa: E402
from typing import Any  # noqa: E402

from flask import Flask, request  # noqa: E402
from flask_socketio import SocketIO  # noqa: E402


def build() -> tuple[Flask, SocketIO]:
    app = Flask(__name__)
    socketio = SocketIO(app, async_mode="eventlet", namespaces="*", cors_allowed_origins="*",
                        async_handlers=False, ping_interval=10, ping_timeout=10,
                        logger=False, engineio_logger=False)

    # Flask-SocketIO calls a catch-all namespace's handlers with the event's arguments
    # alone (the namespace is in ``request.namespace``).
    @socketio.on("connect", namespace="*")
    def connect(auth: Any = None) -> bool:
        return True

    @socketio.on("ev", namespace="*")
    def ev(data: Any = None) -> dict[str, int]:
        return {"ok": len(data) if isinstance(data, list) else 1}

    @app.post("/broadcast")
    def broadcast() -> tuple[str, int]:
        socketio.emit("broadcast", {"text": "hello"}, namespace=request.args["ns"])
        return "", 204

    return app, socketio


if __name__ == "__main__":
    application, server = build()
    server.run(application, host="127.0.0.1", port=int(sys.argv[1]), max_size=30000,
               log_output=False)
