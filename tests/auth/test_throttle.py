"""Login throttling's arithmetic and its shared state, on the in-process store and on
Redis: backoff after a few failures, a lock past the threshold, per account and per
address, forgotten after a success (the account's) or after the lock time."""

from __future__ import annotations

import pytest

from sitetracker.auth.throttle import LoginLimits, LoginThrottle, delay_after

LIMITS = LoginLimits(backoff_after=3, lock_after=10, address_backoff_after=20,
                     address_lock_after=50, lock_seconds=900)


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def throttle(store, clock):
    return LoginThrottle(store, "t", LIMITS, clock)


@pytest.mark.parametrize("failures, wait", [
    (0, 0), (2, 0), (3, 1), (4, 2), (5, 4), (9, 60), (10, 900), (60, 900)])
def test_the_wait_doubles_after_the_backoff_threshold_then_locks(failures, wait):
    assert delay_after(failures, 3, 10, 900) == wait


def test_first_failures_cost_nothing_then_each_must_wait(throttle, clock):
    for _ in range(2):
        throttle.failed("ann@shop.test", "10.0.0.1")
    assert throttle.wait("ann@shop.test", "10.0.0.1") == 0
    throttle.failed("ann@shop.test", "10.0.0.1")
    assert throttle.wait("ann@shop.test", "10.0.0.1") == 1
    clock.now += 1
    assert throttle.wait("ann@shop.test", "10.0.0.1") == 0


def test_ten_failures_lock_the_account_from_every_address(throttle, clock):
    for n in range(10):
        throttle.failed("ann@shop.test", f"10.0.0.{n}")
    wait = throttle.wait("ann@shop.test", "192.0.2.7")
    assert wait == 900 and throttle.locked(wait)
    assert throttle.wait("bob@shop.test", "192.0.2.7") == 0
    clock.now += 900
    assert throttle.wait("ann@shop.test", "192.0.2.7") == 0


def test_many_failures_from_one_address_lock_it_for_every_email(throttle):
    for n in range(50):
        throttle.failed(f"user{n}@shop.test", "10.0.0.1")
    assert throttle.wait("someone-else@shop.test", "10.0.0.1") == 900
    assert throttle.wait("someone-else@shop.test", "10.0.0.2") == 0


def test_success_forgets_the_accounts_failures_but_not_the_addresss(throttle):
    for _ in range(25):
        throttle.failed("ann@shop.test", "10.0.0.1")
    throttle.succeeded("ann@shop.test")
    assert throttle.wait("ann@shop.test", "10.0.0.2") == 0
    assert throttle.wait("ann@shop.test", "10.0.0.1") > 0


def test_emails_are_counted_however_they_are_typed(throttle):
    for _ in range(10):
        throttle.failed(" Ann@Shop.TEST ", "10.0.0.1")
    assert throttle.wait("ann@shop.test", "10.0.0.2") == 900


def test_workers_sharing_a_store_share_the_counts(store, clock):
    one = LoginThrottle(store, "t", LIMITS, clock)
    other = LoginThrottle(store, "t", LIMITS, clock)
    for _ in range(10):
        one.failed("ann@shop.test", "10.0.0.1")
    assert other.wait("ann@shop.test", "10.0.0.9") == 900
