"""Telling a database that is away from a row it refuses, and the retryable error."""

from __future__ import annotations

from peewee import DataError, IntegrityError, InterfaceError, OperationalError
from playhouse.pool import MaxConnectionsExceeded

RETRY_AFTER = 5  # seconds a client should wait before sending again

# What a database raises for a row's content (a constraint, a value it cannot hold, a
# string the driver cannot encode): writing it again will fail again.
CONTENT_ERRORS: tuple[type[BaseException], ...] = (
    IntegrityError, DataError, UnicodeError, ValueError, TypeError, OverflowError,
)

# What a database that is away raises (unreachable, read-only, locked, every pooled
# connection busy): catch these where a feature can go on without storage.
DATABASE_AWAY: tuple[type[Exception], ...] = (
    OperationalError, InterfaceError, MaxConnectionsExceeded,
)


class StorageUnavailable(Exception):
    """The database did not take a write that had to be stored before answering; the
    sender should send it again after ``retry_after`` seconds."""

    def __init__(self, reason: str, retry_after: int = RETRY_AFTER) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def refused_for_content(exc: BaseException) -> bool:
    """True when ``exc`` is about the row written, not about the database."""
    if isinstance(exc, MaxConnectionsExceeded):  # a ValueError, but about the database
        return False
    return isinstance(exc, CONTENT_ERRORS)


def describe(exc: BaseException) -> str:
    """A short reason an operator recognises: read-only, locked, unreachable..."""
    text = str(exc).lower()
    if isinstance(exc, MaxConnectionsExceeded):
        return "database not answering (every connection is waiting)"
    if "read-only" in text or "readonly" in text or "read only" in text:
        return "database is read-only"
    if "locked" in text or "lock wait" in text:
        return "database is locked"
    if ("can't connect" in text or "lost connection" in text or "gone away" in text
            or "timed out" in text or "unable to open" in text or "connection" in text):
        return "database unreachable"
    return f"database error: {type(exc).__name__}: {str(exc)[:160]}"
