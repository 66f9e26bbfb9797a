"""What the write path saw last: whether the database took its latest write, and why
not. ``/healthz``, the admin pages' banner and the board's snapshot read it; nothing here
touches the database, so reading it never waits."""

from __future__ import annotations

import time
from dataclasses import dataclass
from threading import Lock


@dataclass
class Problem:
    reason: str
    since: float  # wall-clock time of the first failure in a row


class StorageStatus:
    """The outcome of the latest write (of the write path, the flusher or the probe)."""

    def __init__(self) -> None:
        self._lock = Lock()
        self._problem: Problem | None = None

    def failed(self, reason: str) -> None:
        with self._lock:
            if self._problem is None:
                self._problem = Problem(reason, time.time())
            else:
                self._problem.reason = reason

    def succeeded(self) -> None:
        with self._lock:
            self._problem = None

    def problem(self) -> Problem | None:
        """The current problem, if the latest write failed."""
        return self._problem
