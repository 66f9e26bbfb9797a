"""The reports API: the period query (a preset, or from and to) and its refusals."""

from __future__ import annotations

import json

import pytest

from ..conftest import login


@pytest.mark.parametrize(("query", "field_name"), [
    ("range=week", "range"), ("from=2026-03-01", "to"), ("from=2026-03-05&to=2026-03-01", "to"),
    ("from=2025-01-01&to=2026-03-01", "to"), ("compare=maybe", "compare"),
    ("from=0001-01-01&to=0002-01-01", "from"), ("from=2999-06-01&to=2999-06-02", "from"),
])
def test_a_bad_query_is_refused_naming_the_field(client, world, make_user, query, field_name):
    make_user("owner@a.test", "owner", organization=world.org_a)
    login(client, "owner@a.test")
    response = client.get(f"/api/sites/{world.site_a.public_key}/reports?{query}")
    assert response.status_code == 400
    assert field_name in json.dumps(response.json)
