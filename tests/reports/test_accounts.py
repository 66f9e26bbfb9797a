"""A person's own API tokens and live sessions, as the account page lists them."""

from __future__ import annotations

from datetime import datetime

from sitetracker import tenancy
from sitetracker.auth.models import UserSession
from sitetracker.models import ApiToken
from sitetracker.reports import accounts

SINCE = datetime(2026, 3, 10, 8, 0)


def session(user, key, last_seen, **fields):
    return UserSession.create(user=user, key_hash=key * 64, last_seen_at=last_seen,
                              created_at=datetime(2026, 3, 1), **fields)


def test_api_tokens_are_the_persons_own_newest_first_then_by_name(db, world, make_user):
    ann = make_user("ann@a.test", "admin", organization=world.org_a)
    bob = make_user("bob@a.test", "admin", organization=world.org_a)
    for name, day in (("old", 1), ("zeta", 5), ("alpha", 5)):
        _, row = tenancy.create_api_token(ann, name)
        ApiToken.update(created_at=datetime(2026, 3, day)).where(
            ApiToken.id == row.id).execute()
    tenancy.create_api_token(bob, "bob's")

    assert [t.name for t in accounts.api_tokens(ann)] == ["alpha", "zeta", "old"]
    assert [t.name for t in accounts.api_tokens(bob)] == ["bob's"]


def test_live_sessions_leave_out_revoked_pending_stale_and_others(db, world, make_user):
    ann = make_user("ann@a.test", "admin", organization=world.org_a)
    bob = make_user("bob@a.test", "admin", organization=world.org_a)
    session(ann, "a", datetime(2026, 3, 10, 9, 0), user_agent="older")
    session(ann, "b", datetime(2026, 3, 10, 11, 0), user_agent="newest")
    session(ann, "c", datetime(2026, 3, 10, 10, 0), revoked_at=datetime(2026, 3, 10, 10))
    session(ann, "d", datetime(2026, 3, 10, 10, 0), pending=True)
    session(ann, "e", datetime(2026, 3, 10, 7, 0), user_agent="stale")
    session(bob, "f", datetime(2026, 3, 10, 10, 0))

    found = accounts.live_sessions(ann, seen_since=SINCE)

    assert [s.user_agent for s in found] == ["newest", "older"]
    assert [s.user_agent for s in accounts.live_sessions(ann, datetime(2026, 3, 10, 6))] \
        == ["newest", "older", "stale"]
