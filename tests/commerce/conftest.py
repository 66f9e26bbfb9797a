"""Fixtures of commerce's tests: an admin's API token headers on organization A."""

from __future__ import annotations

import pytest

from ..reading import token_headers


@pytest.fixture
def admin(make_user, world):
    return token_headers(make_user, world)
