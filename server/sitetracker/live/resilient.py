"""Redis, or this worker's memory while Redis is unreachable: live state rides out an
outage instead of failing every request.

Every command goes to Redis, with short timeouts and no retries. When one fails for the
connection (refused, reset, timed out: Redis killed, restarting or frozen), the store
turns **degraded**: commands go to a fresh in-process :class:`MemoryStore`, and the
background loop tries Redis again once a second (:meth:`ResilientStore.probe`, a
``PING``), so no request waits on a dead Redis but the one that found it dead. When
Redis answers, commands go back to it.

Each switch bumps :attr:`ResilientStore.generation`. The ticker watches it and
republishes the shoppers this worker holds into whichever store is now in use (into
memory at the start of an outage, so the worker's numbers show its own shoppers; into
Redis when it returns, which may have lost everything), and features seed today's
numbers again from storage. What was counted in memory during the outage stays there:
the database has it, the shared live numbers do not.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from .store import MemoryStore

log = logging.getLogger(__name__)

PROBE_EVERY = 1.0
# A command waits at most this long on Redis before the store degrades.
REDIS_OPTIONS: dict[str, Any] = {
    "socket_timeout": 0.5,
    "socket_connect_timeout": 0.5,
    "retry": Retry(NoBackoff(), 0),
    "health_check_interval": 30,
}
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class ResilientStore:
    """The live store of a worker with Redis configured (see the module docstring)."""

    def __init__(self, redis: Any, probe_every: float = PROBE_EVERY) -> None:
        self.redis = redis
        self.local = MemoryStore()
        self.degraded = False
        self.generation = 0
        self.probe_every = probe_every
        self._probe_at = 0.0

    def target(self) -> Any:
        """Where the next command goes."""
        return self.local if self.degraded else self.redis

    def probe(self) -> None:
        """While degraded, at most every ``probe_every`` seconds: is Redis back?"""
        if not self.degraded or time.monotonic() < self._probe_at:
            return
        self._probe_at = time.monotonic() + self.probe_every
        try:
            self.redis.ping()
        except UNREACHABLE:
            return
        log.warning("Redis answers again: live state is shared again")
        self.degraded = False
        self.generation += 1

    def unreachable(self, exc: BaseException) -> None:
        """A command failed for the connection: use memory until Redis answers."""
        self._probe_at = time.monotonic() + self.probe_every
        if not self.degraded:
            log.warning("Redis is unreachable (%s): live numbers are this worker's own "
                        "until it answers", exc)
            self.local = MemoryStore()
            self.degraded = True
            self.generation += 1

    def __getattr__(self, name: str) -> Any:
        def command(*args: Any, **kwargs: Any) -> Any:
            target = self.target()
            if target is self.redis:
                try:
                    return getattr(self.redis, name)(*args, **kwargs)
                except UNREACHABLE as exc:
                    self.unreachable(exc)
            return getattr(self.local, name)(*args, **kwargs)

        return command

    def pipeline(self, transaction: bool = False) -> _Pipeline:
        return _Pipeline(self)


class _Pipeline:
    """Queues calls; ``execute()`` sends them to Redis in one round trip, or runs them
    in memory if Redis cannot take them."""

    def __init__(self, store: ResilientStore) -> None:
        self._store = store
        self._calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def __getattr__(self, name: str) -> Any:
        def queue(*args: Any, **kwargs: Any) -> _Pipeline:
            self._calls.append((name, args, kwargs))
            return self

        return queue

    def execute(self) -> list[Any]:
        calls, self._calls = self._calls, []
        store = self._store
        target = store.target()
        if target is store.redis:
            pipe = store.redis.pipeline(transaction=False)
            for name, args, kwargs in calls:
                getattr(pipe, name)(*args, **kwargs)
            try:
                return list(pipe.execute())
            except UNREACHABLE as exc:
                store.unreachable(exc)
        local = store.local
        return [getattr(local, name)(*args, **kwargs) for name, args, kwargs in calls]

    def __enter__(self) -> _Pipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self._calls = []
