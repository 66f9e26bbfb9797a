"""The live channel's guard, for the pages that end someone's access (signing out,
roles, secrets, passwords): they tell it, and it closes the sockets that access held."""

from __future__ import annotations

from flask import current_app

from ..live.guard import AdminGuard


def guard() -> AdminGuard:
    found: AdminGuard = current_app.extensions["sitetracker"].guard
    return found
