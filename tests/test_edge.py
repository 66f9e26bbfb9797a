"""The check every HTTP request passes before its route (edge.py): query strings and
form fields that are not UTF-8 are refused with 400 naming the field."""

from __future__ import annotations

import pytest

from sitetracker.db import database
from sitetracker.models import Site

from . import bearers
from .bearers import fields_of
from .conftest import csrf_of

# An admin's API token (tests/bearers.py), a fixture, by its name.
bearer = bearers.bearer


@pytest.mark.parametrize(("query", "field"), [("code=%ED%A0%80", "code"),
                                               ("limit=5&email=a%FF@b.test", "email")])
def test_query_parameters_that_are_not_utf8_are_400_naming_them(
        client, world, bearer, query, field):
    response = client.get(f"/api/sites/{world.site_a.public_key}/payment-errors?{query}",
                          headers=bearer)
    assert field in fields_of(response)


def test_query_numbers_still_come_as_text(client, world, bearer):
    response = client.get(f"/api/sites/{world.site_a.public_key}/alerts?limit=5",
                          headers=bearer)
    assert response.status_code == 200


def test_a_form_field_that_is_not_utf8_is_refused_and_nothing_changes(
        client, world, login_as):
    login_as("o@a.test", "owner", organization=world.org_a)
    body = f"csrf_token={csrf_of(client)}&name=Shop%ED%A0%80&timezone=UTC".encode()
    response = client.post(f"/sites/{world.site_a.public_key}", data=body,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert b"not valid UTF-8" in response.data
    with database.connection_context():
        assert Site.get_by_id(world.site_a.id).name == "Shop A"
