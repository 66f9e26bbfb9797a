"""What runs when the server stops: callbacks registered by what the app started (the
notification sender, the write buffer's last flush), run once, in order.

Imports nothing of ours, so a feature registers its stop without reaching for the
server (:mod:`.serve` runs them).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask

log = logging.getLogger(__name__)

SHUTDOWN_KEY = "sitetracker.shutdown"


def shutdown_callbacks(app: Flask) -> list[Callable[[], None]]:
    """The callbacks run once, in order, when the server stops: append to this list."""
    callbacks: list[Callable[[], None]] = app.extensions.setdefault(SHUTDOWN_KEY, [])
    return callbacks


def run_shutdown_callbacks(app: Flask) -> None:
    """Run and forget every shutdown callback; one that fails does not stop the rest."""
    callbacks = app.extensions.pop(SHUTDOWN_KEY, [])
    with app.app_context():
        for callback in callbacks:
            try:
                callback()
            except Exception:
                log.exception("shutdown callback %r failed", callback)
