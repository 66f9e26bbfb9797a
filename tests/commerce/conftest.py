"""Fixtures of commerce's tests: an admin's API token headers on organization A."""

from __future__ import annotations

from .. import reading

admin = reading.admin  # the fixture (tests/reading.py)
