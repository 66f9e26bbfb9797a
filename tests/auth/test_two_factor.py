"""Two-factor enrolment: cancelling one not yet confirmed."""

from __future__ import annotations

import pytest

from sitetracker.auth import two_factor
from sitetracker.auth.models import TwoFactor
from sitetracker.db import database
from sitetracker.models import utcnow


@pytest.fixture
def db(app):
    with database.connection_context():
        yield


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
