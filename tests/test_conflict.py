"""A request that clashes with stored data (conflict.py): a ``ValueError`` naming the
input at fault, answered 409."""

from __future__ import annotations

from sitetracker.conflict import Conflict


def test_a_conflict_names_its_field_and_says_why():
    conflict = Conflict("name", "the organization already has a site named 'Shop'")
    assert isinstance(conflict, ValueError)
    assert conflict.field == "name"
    assert conflict.message == str(conflict) == "the organization already has a site named 'Shop'"


def test_taking_a_sites_name_twice_is_answered_409_naming_the_field(client, world, login_as):
    from .conftest import csrf_of

    login_as("o@a.test", "owner", organization=world.org_a)
    response = client.post("/api/sites", json={"name": "Shop A2", "domains": ["x.test"],
                                               "organization": world.org_a.slug},
                           headers={"X-CSRF-Token": csrf_of(client)})
    assert response.status_code == 409
    assert response.get_json()["error"]["fields"] == {
        "name": "the organization already has a site named 'Shop A2'"}
