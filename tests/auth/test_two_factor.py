"""A person's TOTP enrolment and recovery codes, organizations that require them, and
cancelling an enrolment not yet confirmed."""

from __future__ import annotations

from sitetracker.auth import totp, two_factor
from sitetracker.auth.models import TwoFactor
from sitetracker.db import database
from sitetracker.models import Organization, utcnow


def enrolled_user(make_user, world):
    """A person with confirmed two-factor sign-in, their secret and recovery codes."""
    user = make_user("o@a.test", "owner", organization=world.org_a)
    with database.connection_context():
        row = two_factor.start_enrolment(user)
        codes = two_factor.confirm(user, totp.code_at(row.secret, totp.now_step()))
    assert codes is not None
    return user, row.secret, codes


def test_an_enrolment_counts_only_once_confirmed_by_a_code(world, make_user):
    user = make_user("o@a.test", "owner", organization=world.org_a)
    with database.connection_context():
        row = two_factor.start_enrolment(user)
        assert two_factor.enrolled(user) is None
        assert two_factor.pending_enrolment(user).secret == row.secret
        far = totp.code_at(row.secret, totp.now_step() + 10)  # outside the window
        assert two_factor.confirm(user, far) is None
        assert two_factor.enrolled(user) is None
        codes = two_factor.confirm(user, totp.code_at(row.secret, totp.now_step()))
        assert codes is not None and len(set(codes)) == 10
        assert two_factor.enrolled(user) is not None
        assert two_factor.pending_enrolment(user) is None
        assert two_factor.recovery_codes_left(user) == 10


def test_restarting_an_unconfirmed_enrolment_gives_a_new_secret_a_confirmed_one_stays(
        world, make_user):
    user = make_user("o@a.test", "owner", organization=world.org_a)
    with database.connection_context():
        first = two_factor.start_enrolment(user).secret
        second = two_factor.start_enrolment(user).secret
        assert first != second
        two_factor.confirm(user, totp.code_at(second, totp.now_step()))
        assert two_factor.start_enrolment(user).secret == second


def test_a_recovery_code_works_once_and_new_codes_replace_the_old(world, make_user):
    user, _, codes = enrolled_user(make_user, world)
    with database.connection_context():
        assert two_factor.check(user, codes[0]) == "recovery"
        assert two_factor.check(user, codes[0]) is None
        assert two_factor.recovery_codes_left(user) == 9
        fresh = two_factor.replace_recovery_codes(user)
        assert two_factor.check(user, codes[1]) is None
        assert two_factor.check(user, fresh[0]) == "recovery"
        assert two_factor.check(user, "not a code") is None


def test_a_code_is_accepted_once(world, make_user):
    user, secret, _ = enrolled_user(make_user, world)
    with database.connection_context():
        later = totp.code_at(secret, totp.now_step() + 1)
        assert two_factor.check(user, later) == "code"
        assert two_factor.check(user, later) is None


def test_turning_off_removes_the_enrolment_and_the_codes(world, make_user):
    user, _, codes = enrolled_user(make_user, world)
    with database.connection_context():
        two_factor.turn_off(user)
        assert two_factor.enrolled(user) is None
        assert two_factor.recovery_codes_left(user) == 0
        assert two_factor.check(user, codes[0]) is None


def test_an_organization_requiring_it_makes_its_members_enrol(world, make_user):
    user = make_user("v@a.test", "viewer", organization=world.org_a)
    with database.connection_context():
        assert not two_factor.must_enrol(user)
        Organization.update(require_two_factor=True).where(
            Organization.id == world.org_a.id).execute()
        assert [o.id for o in two_factor.requiring_organizations(user)] == [world.org_a.id]
        assert two_factor.must_enrol(user)
        row = two_factor.start_enrolment(user)
        two_factor.confirm(user, totp.code_at(row.secret, totp.now_step()))
        assert not two_factor.must_enrol(user)


def test_cancel_enrolment_forgets_a_pending_one_and_keeps_a_confirmed_one(db, world,
                                                                         make_user):
    pending = make_user("ann@a.test", "viewer", organization=world.org_a)
    confirmed = make_user("bob@a.test", "viewer", organization=world.org_a)
    two_factor.start_enrolment(pending)
    row = two_factor.start_enrolment(confirmed)
    TwoFactor.update(enabled_at=utcnow()).where(TwoFactor.id == row.id).execute()

    two_factor.cancel_enrolment(pending)
    two_factor.cancel_enrolment(confirmed)

    assert [r.user_id for r in TwoFactor.select()] == [confirmed.id]
    assert two_factor.pending_enrolment(pending) is None
