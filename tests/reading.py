"""Reading a site's figures through the JSON API: an API token's headers for a user of
a role (and ``admin``, the fixture of an admin's), a GET that must succeed, and the exact
75th percentile the Web Vitals figures are checked against."""

from __future__ import annotations

import math
from typing import Any

import pytest

from sitetracker import tenancy
from sitetracker.db import database


def token_headers(make_user: Any, world: Any, role: str = "admin", org: Any = None
                  ) -> dict[str, str]:
    """The ``Authorization`` header of a new ``role`` of ``org`` (organization A)."""
    user = make_user(f"{role}@x.test", role, organization=org or world.org_a)
    with database.connection_context():
        token, _ = tenancy.create_api_token(user, "test")
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def admin(make_user, world):
    """The headers of an admin of organization A's API token."""
    return token_headers(make_user, world)


def read(client: Any, world: Any, headers: dict[str, str], what: str, query: str = ""
         ) -> Any:
    """``GET /api/sites/<site A>/<what><query>``'s answer, which must be a success."""
    response = client.get(f"/api/sites/{world.site_a.public_key}/{what}{query}",
                          headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def exact_p75(values: list[float]) -> float:
    """Nearest rank: the smallest value at or above 75% of the sorted values."""
    ordered = sorted(values)
    return ordered[math.ceil(0.75 * len(ordered)) - 1]
