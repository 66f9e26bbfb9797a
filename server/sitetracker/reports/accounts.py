"""A signed-in person's own account: their API tokens and their live sessions (the
account page)."""

from __future__ import annotations

from datetime import datetime

from ..auth.models import UserSession
from ..models import ApiToken, User


def api_tokens(user: User) -> list[ApiToken]:
    """The person's API tokens, newest first (then by name)::

        [ApiToken(name="deploy", created_at=2026-03-10 09:00, ...), ApiToken(...)]
    """
    return list(
        ApiToken.select()
        .where(ApiToken.user == user)
        .order_by(ApiToken.created_at.desc(), ApiToken.name)
    )


def live_sessions(user: User, seen_since: datetime) -> list[UserSession]:
    """The person's signed-in sessions used after ``seen_since`` (naive UTC), neither
    revoked nor halfway through the second step, most recently used first::

        [UserSession(user_agent="Firefox ...", last_seen_at=2026-03-10 09:05, ...), ...]
    """
    return list(
        UserSession.select()
        .where((UserSession.user == user) & UserSession.revoked_at.is_null()
               & (UserSession.pending == False)  # noqa: E712 (a peewee expression)
               & (UserSession.last_seen_at > seen_since))
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    )
