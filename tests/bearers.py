"""An admin's API token for the API's tests, and the fields a 400 names."""

from __future__ import annotations

import pytest

from sitetracker import tenancy
from sitetracker.db import database


@pytest.fixture
def bearer(world, make_user):
    user = make_user("admin@a.test", "admin", organization=world.org_a)
    with database.connection_context():
        token, _ = tenancy.create_api_token(user, "ci")
    return {"Authorization": f"Bearer {token}"}


def fields_of(response):
    assert response.status_code == 400, response.data
    return response.get_json()["error"]["fields"]
