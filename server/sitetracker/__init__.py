"""SiteTracker: a self-hosted, real-time visitor tracker for online stores."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
