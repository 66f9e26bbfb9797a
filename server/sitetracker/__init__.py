"""SiteTracker: a self-hosted, real-time visitor tracker for online stores.

Importing the package imports nothing else, so the ``sitetracker`` command
(:mod:`sitetracker.entry`) can monkey-patch the standard library before Flask, the
database driver or Socket.IO are loaded. :func:`create_app` is loaded on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
