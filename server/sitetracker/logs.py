"""Logging a person can read: one line per record, time, level, where, what."""

from __future__ import annotations

import logging
import sys

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def configure(level: str) -> None:
    root = logging.getLogger()
    if not any(getattr(h, "_sitetracker", False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(FORMAT, "%Y-%m-%d %H:%M:%S"))
        handler._sitetracker = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level)
    # Engine.IO and Socket.IO log every packet at INFO; keep them to warnings.
    for noisy in ("engineio.server", "socketio.server", "peewee"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
