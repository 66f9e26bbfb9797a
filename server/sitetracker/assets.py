"""The built browser scripts, served from the site root: ``GET /widget.js`` and any other
``<name>.js`` that ``npm run build`` wrote to ``static/build/`` (the admin overlay,
the dashboard).

Stores embed these from their own pages, so the answer allows any origin, may be cached
for five minutes, and carries a strong ETag: after that, browsers revalidate and get
``304 Not Modified`` until the next build.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from threading import Lock

from flask import Blueprint, Response, request, session
from flask.typing import ResponseReturnValue

from .api.errors import error_response

bp = Blueprint("assets", __name__)

BUILD_DIR = Path(__file__).parent / "static" / "build"
NAME = re.compile(r"[a-z][a-z0-9-]{0,39}")
HEADERS = {
    "Cache-Control": "public, max-age=300",
    "Access-Control-Allow-Origin": "*",
    "Cross-Origin-Resource-Policy": "cross-origin",
    "X-Content-Type-Options": "nosniff",
}


class BuiltFiles:
    """Built files read once per build: path -> ((mtime_ns, size), bytes, etag)."""

    def __init__(self) -> None:
        self._files: dict[Path, tuple[tuple[int, int], bytes, str]] = {}
        self._lock = Lock()

    def get(self, path: Path) -> tuple[bytes, str] | None:
        """The file's bytes and ETag, or None when it is not built."""
        try:
            stat = path.stat()
        except OSError:
            return None
        version = (stat.st_mtime_ns, stat.st_size)
        cached = self._files.get(path)
        if cached is None or cached[0] != version:
            try:
                data = path.read_bytes()
            except OSError:
                return None
            cached = (version, data, hashlib.sha256(data).hexdigest()[:32])
            with self._lock:
                self._files[path] = cached
        return cached[1], cached[2]


built = BuiltFiles()


@bp.get("/<name>.js")
def script(name: str) -> ResponseReturnValue:
    if not NAME.fullmatch(name):
        return error_response(404, "not found")
    found = built.get(BUILD_DIR / f"{name}.js")
    if found is None:
        return error_response(404, f"{name}.js is not built: run npm run build")
    data, etag = found
    # The answer is the same for everyone: shared caches need not vary on Cookie (which
    # the app's before_request looked at).
    session.accessed = False
    response = Response(data, content_type="application/javascript; charset=utf-8")
    response.headers.update(HEADERS)
    response.set_etag(etag)
    return response.make_conditional(request)
