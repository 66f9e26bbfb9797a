"""Tenancy's writes the account and people pages call: a new password, a revoked API
token, an organization's two-factor requirement."""

from __future__ import annotations

import pytest

from sitetracker import tenancy
from sitetracker.auth.passwords import verify_password
from sitetracker.db import database
from sitetracker.models import ApiToken, Organization, User


@pytest.fixture
def db(app):
    with database.connection_context():
        yield


def test_set_password_stores_a_hash_the_new_password_matches(db, world, make_user):
    ann = make_user("ann@a.test", "viewer", organization=world.org_a)

    tenancy.set_password(ann, "a much newer secret")

    stored = User.get_by_id(ann.id).password_hash
    assert verify_password(stored, "a much newer secret")
    assert "a much newer secret" not in stored


def test_revoke_api_token_deletes_only_that_token(db, world, make_user):
    ann = make_user("ann@a.test", "viewer", organization=world.org_a)
    _, gone = tenancy.create_api_token(ann, "gone")
    tenancy.create_api_token(ann, "kept")

    tenancy.revoke_api_token(gone)

    assert [t.name for t in ApiToken.select()] == ["kept"]


def test_require_two_factor_is_stored_on_and_off(db, world):
    tenancy.require_two_factor(world.org_a, True)
    assert Organization.get_by_id(world.org_a.id).require_two_factor is True
    assert Organization.get_by_id(world.org_b.id).require_two_factor is False

    tenancy.require_two_factor(world.org_a, False)
    assert Organization.get_by_id(world.org_a.id).require_two_factor is False
