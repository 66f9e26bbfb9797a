"""Security headers on every answer of the app, error pages and JSON errors included.

* every answer: ``X-Content-Type-Options: nosniff``, a ``Referrer-Policy`` and a
  Content-Security-Policy with ``frame-ancestors 'none'`` (nothing of ours is meant to
  be framed; the widget and overlay are loaded by script tags, which frame-ancestors
  does not affect);
* HTML pages: the admin web's policy (our own scripts, styles and sockets only) and
  ``Cache-Control: no-store`` (pages show secrets and one-time passwords);
* answers to a signed-in person or an API token (JSON, CSV, streams):
  ``Cache-Control: no-store``, so no cache keeps a site's secret or shoppers' contacts;
* ``Strict-Transport-Security`` when the server's base URL is https.

Headers a route set itself (the assets' caching, the stream's ``no-cache``) are kept.
"""

from __future__ import annotations

from flask import Flask, Response, g

HTML_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self' ws: wss:; frame-ancestors 'none'"
)
# The pages that show a shopper's page in the live view's replayer (the board, Messages):
# its frame inherits the page's policy, and the shopper's page has inline styles and
# the store's own images and stylesheets. The frame is sandboxed (no script runs in it);
# scripts stay our own.
REPLAYER_POLICY = (
    "default-src 'self'; img-src 'self' data: https: http:; "
    "style-src 'self' 'unsafe-inline' https: http:; font-src 'self' data: https: http:; "
    "script-src 'self'; connect-src 'self' ws: wss:; frame-ancestors 'none'"
)
# Anything that is not a page (JSON, scripts, CSV) runs nothing and embeds nothing.
OTHER_POLICY = "default-src 'none'; frame-ancestors 'none'"
HSTS = "max-age=31536000"

EVERY_ANSWER = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def init_app(app: Flask, https: bool) -> None:
    """Add the headers to every answer of ``app``; HSTS too when served over ``https``."""

    def add_security_headers(response: Response) -> Response:
        headers = response.headers
        for name, value in EVERY_ANSWER.items():
            headers.setdefault(name, value)
        if response.mimetype == "text/html":
            headers.setdefault("Content-Security-Policy", HTML_POLICY)
            headers.setdefault("Cache-Control", "no-store")
        else:
            headers.setdefault("Content-Security-Policy", OTHER_POLICY)
            if g.get("user") is not None:
                headers.setdefault("Cache-Control", "no-store")
        if https:
            headers.setdefault("Strict-Transport-Security", HSTS)
        return response

    app.after_request(add_security_headers)
