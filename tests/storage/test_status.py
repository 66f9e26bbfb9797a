"""What the write path saw last (storage/status.py)."""

from __future__ import annotations

from sitetracker.storage.status import StorageStatus


def test_no_problem_until_a_write_fails():
    assert StorageStatus().problem() is None


def test_a_failure_is_the_problem_until_a_write_succeeds():
    status = StorageStatus()
    status.failed("database is locked")
    problem = status.problem()
    assert problem is not None and problem.reason == "database is locked"
    status.succeeded()
    assert status.problem() is None


def test_failures_in_a_row_keep_the_first_ones_time_and_the_latest_reason():
    status = StorageStatus()
    status.failed("database is locked")
    first = status.problem()
    assert first is not None
    since = first.since
    status.failed("database unreachable")
    problem = status.problem()
    assert problem is not None
    assert (problem.reason, problem.since) == ("database unreachable", since)
