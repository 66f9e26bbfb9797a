"""The one shape of every error answer, over HTTP and on the sockets alike::

    {"error": {"status": 400, "message": "invalid input",
               "fields": {"domains": "'x y' is not a domain name"}}}

``fields`` is there when particular inputs are at fault, ``retry_after`` (seconds) when
the same request may be sent again later (a 503 while storage is away).
"""

from __future__ import annotations

from typing import Any


def error_body(status: int, message: str, fields: dict[str, str] | None = None,
               retry_after: float | None = None) -> dict[str, Any]:
    """The error answer as a JSON-ready dict."""
    body: dict[str, Any] = {"status": status, "message": message}
    if fields:
        body["fields"] = fields
    if retry_after is not None:
        body["retry_after"] = retry_after
    return {"error": body}
