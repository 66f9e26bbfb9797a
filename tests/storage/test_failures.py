"""Telling a database that is away from a row it refuses (storage/failures.py)."""

from __future__ import annotations

import pytest
from peewee import DataError, IntegrityError, InterfaceError, OperationalError
from playhouse.pool import MaxConnectionsExceeded

from sitetracker.storage.failures import (
    RETRY_AFTER,
    StorageUnavailable,
    describe,
    refused_for_content,
)


@pytest.mark.parametrize("exc", [
    IntegrityError("UNIQUE constraint failed"), DataError("value too long"),
    UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed"),
    ValueError("bad"), TypeError("bad"), OverflowError("too big"),
])
def test_a_rows_own_content_is_a_refusal_that_would_fail_again(exc):
    assert refused_for_content(exc)


@pytest.mark.parametrize("exc", [
    OperationalError("database is locked"), InterfaceError("closed"),
    MaxConnectionsExceeded("every connection is busy"), RuntimeError("other"),
])
def test_a_database_that_is_away_is_not_a_refusal_for_content(exc):
    assert not refused_for_content(exc)


@pytest.mark.parametrize(("exc", "reason"), [
    (OperationalError("attempt to write a readonly database"), "database is read-only"),
    (OperationalError("(1290, 'The MariaDB server is running with the --read-only "
                      "option')"), "database is read-only"),
    (OperationalError("database is locked"), "database is locked"),
    (OperationalError("(1205, 'Lock wait timeout exceeded')"), "database is locked"),
    (OperationalError("(2003, \"Can't connect to MySQL server\")"), "database unreachable"),
    (OperationalError("(2006, 'MySQL server has gone away')"), "database unreachable"),
    (OperationalError("unable to open database file"), "database unreachable"),
    (MaxConnectionsExceeded("Exceeded maximum connections."),
     "database not answering (every connection is waiting)"),
])
def test_describe_names_the_reason_an_operator_recognises(exc, reason):
    assert describe(exc) == reason


def test_describe_names_any_other_error_by_its_type_and_a_bounded_text():
    reason = describe(OperationalError("no such table: x" + "y" * 500))
    assert reason.startswith("database error: OperationalError: no such table: x")
    assert len(reason) <= len("database error: OperationalError: ") + 160


def test_storage_unavailable_carries_its_reason_and_when_to_send_again():
    exc = StorageUnavailable("database is locked")
    assert (exc.reason, exc.retry_after, str(exc)) == (
        "database is locked", RETRY_AFTER, "database is locked")
    assert StorageUnavailable("x", retry_after=30).retry_after == 30
