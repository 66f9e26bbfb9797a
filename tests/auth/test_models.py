"""What sign-in stores: sessions by the hash of their key, one second factor a person."""

from __future__ import annotations

import pytest
from peewee import IntegrityError

from sitetracker.auth.models import Operator, RecoveryCode, TwoFactor, UserSession
from sitetracker.db import database


def test_a_new_session_is_live_and_not_pending(world, make_user):
    user = make_user("o@a.test", "owner", organization=world.org_a)
    with database.connection_context():
        row = UserSession.create(user=user, key_hash="a" * 64)
        again = UserSession.get_by_id(row.id)
    assert again.pending is False and again.revoked_at is None
    assert again.user_agent == "" and again.created_at is not None


def test_two_sessions_cannot_share_a_key_hash(world, make_user):
    one = make_user("o@a.test", "owner", organization=world.org_a)
    two = make_user("v@a.test", "viewer", organization=world.org_a)
    with database.connection_context():
        UserSession.create(user=one, key_hash="b" * 64)
        with pytest.raises(IntegrityError), database.atomic():
            UserSession.create(user=two, key_hash="b" * 64)


def test_a_person_has_one_second_factor_and_one_operator_grant(world, make_user):
    user = make_user("o@a.test", "owner", organization=world.org_a)
    with database.connection_context():
        TwoFactor.create(user=user, secret="JBSWY3DPEHPK3PXP")
        with pytest.raises(IntegrityError), database.atomic():
            TwoFactor.create(user=user, secret="JBSWY3DPEHPK3PXQ")
        Operator.create(user=user)
        with pytest.raises(IntegrityError), database.atomic():
            Operator.create(user=user)
        assert TwoFactor.get(TwoFactor.user == user).enabled_at is None
        assert TwoFactor.get(TwoFactor.user == user).last_step == 0


def test_removing_a_person_removes_their_sessions_and_codes(world, make_user):
    user = make_user("o@a.test", "owner", organization=world.org_a)
    with database.connection_context():
        UserSession.create(user=user, key_hash="c" * 64)
        RecoveryCode.create(user=user, code_hash="d" * 64)
        TwoFactor.create(user=user, secret="JBSWY3DPEHPK3PXP")
        user.delete_instance()
        assert UserSession.select().count() == 0
        assert RecoveryCode.select().count() == 0
        assert TwoFactor.select().count() == 0
