"""Answering when the database does not take (or give) what a request needs: 503 with
``Retry-After``, never a success and never a 500.

HTTP routes raise :class:`StorageUnavailable` (the write path does) or let a database
error through; :func:`init_app` answers both, in the API's one JSON error shape under
``/api/`` and as an error page elsewhere. Socket handlers answer :func:`ack` instead.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import ServiceUnavailable

from .error_shape import error_body
from .storage.failures import DATABASE_AWAY, RETRY_AFTER, StorageUnavailable, describe

log = logging.getLogger(__name__)
MESSAGE = "not stored: the database is not taking writes; send again later"


def ack(exc: BaseException) -> dict[str, Any]:
    """The acknowledgement of a socket event that could not be stored."""
    retry = exc.retry_after if isinstance(exc, StorageUnavailable) else RETRY_AFTER
    return error_body(503, MESSAGE, retry_after=retry)


def answer(exc: BaseException) -> ResponseReturnValue:
    retry = exc.retry_after if isinstance(exc, StorageUnavailable) else RETRY_AFTER
    if not isinstance(exc, StorageUnavailable):
        log.warning("database unavailable during %s %s: %s", request.method, request.path,
                    describe(exc))
    headers = {"Retry-After": str(retry)}
    if request.path.startswith("/api/") or request.path == "/healthz":
        response = jsonify(error_body(503, MESSAGE))
        return response, 503, headers
    error = ServiceUnavailable("The database is not taking writes right now: nothing was "
                               "saved. Try again in a few seconds.")
    try:
        page = render_template("error.html", error=error, description=error.description)
    except Exception:  # noqa: BLE001 - the layout itself may need the database
        page = f"<h1>503 Service Unavailable</h1><p>{error.description}</p>"
    return page, 503, headers


def init_app(app: Flask) -> None:
    kinds: tuple[type[Exception], ...] = (StorageUnavailable, *DATABASE_AWAY)
    for kind in kinds:
        app.register_error_handler(kind, answer)
