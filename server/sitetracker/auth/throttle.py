"""Login throttling, per account and per address, in the live store (Redis when
several workers run, so every worker sees the same counts; memory otherwise).

Every failed attempt (a wrong password, a wrong code, or an attempt made while told to
wait) counts against the email typed and the address it came from, whether or not the
account exists, so the answers never tell an attacker which emails are real. Past a few
failures each attempt must wait (1 s, 2 s, 4 s... at most a minute); past the lock
threshold sign-in is locked for ``lock_seconds``. Counts are forgotten ``lock_seconds``
after the last failure; a successful sign-in clears the account's (not the address's).
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..store_api import Hashes

log = logging.getLogger(__name__)
MAX_BACKOFF = 60.0


@dataclass(frozen=True)
class LoginLimits:
    backoff_after: int = 3
    lock_after: int = 10
    address_backoff_after: int = 20
    address_lock_after: int = 100
    lock_seconds: int = 900


def delay_after(failures: int, backoff_after: int, lock_after: int, lock_seconds: int
                ) -> float:
    """How long the next attempt must wait after ``failures`` failures."""
    if failures >= lock_after:
        return float(lock_seconds)
    if failures >= backoff_after:
        return min(MAX_BACKOFF, 2.0 ** (failures - backoff_after))
    return 0.0


def account_key(prefix: str, email: str) -> str:
    """An account's failures: ``<prefix>:login:account:<hash of the email>``."""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    return f"{prefix}:login:account:{digest}"


def address_key(prefix: str, address: str) -> str:
    """An address's failures: ``<prefix>:login:address:<address>``."""
    return f"{prefix}:login:address:{address}"


class LoginThrottle:
    """Failed sign-ins per account and per address (a hash each: ``fails`` and
    ``until``), in the live store; kept ``lock_seconds`` after the last failure, one
    process's only with the in-memory store (a restart forgets them)."""

    def __init__(self, store: Hashes, prefix: str, limits: LoginLimits,
                 clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.prefix = prefix
        self.limits = limits
        self.clock = clock
        # Attempts this worker refused while their account or address had to wait
        # (shown with the other limits on /healthz).
        self.refused = 0

    def _account(self, email: str) -> str:
        return account_key(self.prefix, email)

    def _address(self, address: str) -> str:
        return address_key(self.prefix, address)

    def wait(self, email: str, address: str) -> int:
        """Whole seconds before ``email`` may try again from ``address``; 0: now."""
        now = self.clock()
        until = 0.0
        for key in (self._account(email), self._address(address)):
            until = max(until, float(self.store.hget(key, "until") or 0))
        if until <= now:
            return 0
        self.refused += 1
        return math.ceil(until - now)

    def failed(self, email: str, address: str) -> None:
        """Count a failed attempt; past the thresholds, set when the next may come."""
        now, limits = self.clock(), self.limits
        checks = (
            (self._account(email), limits.backoff_after, limits.lock_after, "account"),
            (self._address(address), limits.address_backoff_after, limits.address_lock_after,
             "address"),
        )
        for key, backoff_after, lock_after, what in checks:
            failures = int(self.store.hincrby(key, "fails", 1))
            delay = delay_after(failures, backoff_after, lock_after, limits.lock_seconds)
            if delay:
                current = float(self.store.hget(key, "until") or 0)
                self.store.hset(key, mapping={"until": max(current, now + delay)})
            self.store.expire(key, limits.lock_seconds)
            if failures == lock_after:
                log.warning("sign-in locked for %d s after %d failures for one %s (%s)",
                            limits.lock_seconds, failures, what,
                            address if what == "address" else key.rsplit(":", 1)[1][:12])

    def succeeded(self, email: str) -> None:
        self.store.delete(self._account(email))

    def locked(self, seconds: int) -> bool:
        """Whether a wait of ``seconds`` is a lock (rather than a short backoff)."""
        return seconds > MAX_BACKOFF
