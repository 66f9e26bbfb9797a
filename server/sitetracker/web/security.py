"""Security headers on every HTML page of the admin web.

The policy allows scripts, styles and images from our own origin only (no inline
script or style), sockets back to us for the live board, and no framing.
"""

from __future__ import annotations

from flask import Response

from . import bp

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self' ws: wss:; frame-ancestors 'none'"
)

HTML_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    # Pages show secrets, tokens and one-time passwords: keep them out of caches.
    "Cache-Control": "no-store",
}


@bp.after_request
def add_security_headers(response: Response) -> Response:
    if response.mimetype == "text/html":
        for name, value in HTML_HEADERS.items():
            response.headers.setdefault(name, value)
    return response
