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

import builtins
import logging
import time
from collections.abc import Iterable
from typing import Any

from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from ..store_api import Bound, QueuedCalls
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
    """The live store of a worker with Redis configured (see the module docstring).

    Holds the Redis client, this worker's fallback :class:`MemoryStore` (``local``,
    fresh at each outage), whether it is ``degraded`` and the switches so far
    (``generation``). Speaks exactly the commands of
    :class:`~sitetracker.store_api.Store`, nothing else."""

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

    def _run(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Run one command on Redis, or in memory while (or once found) degraded."""
        if self.target() is self.redis:
            try:
                return getattr(self.redis, name)(*args, **kwargs)
            except UNREACHABLE as exc:
                self.unreachable(exc)
        return getattr(self.local, name)(*args, **kwargs)

    def pipeline(self, transaction: bool = False) -> _Pipeline:
        return _Pipeline(self)

    # -- the commands (store_api.Store), each through _run ----------------------------
    def delete(self, *keys: str) -> int:
        return self._run("delete", *keys)

    def expire(self, key: str, seconds: float) -> bool:
        return self._run("expire", key, seconds)

    def scan_iter(self, match: str = "*", count: int = 100) -> Iterable[str]:
        return self._run("scan_iter", match=match, count=count)

    def flushdb(self) -> None:
        self._run("flushdb")

    def get(self, key: str) -> str | None:
        return self._run("get", key)

    def set(self, key: str, value: Any, nx: bool = False, ex: float | None = None,
            get: bool = False) -> Any:
        return self._run("set", key, value, nx=nx, ex=ex, get=get)

    def incrbyfloat(self, key: str, amount: float) -> float:
        return self._run("incrbyfloat", key, amount)

    def hset(self, key: str, *, mapping: dict[str, Any]) -> int:
        return self._run("hset", key, mapping=mapping)

    def hsetnx(self, key: str, field: str, value: Any) -> bool:
        return self._run("hsetnx", key, field, value)

    def hget(self, key: str, field: str) -> str | None:
        return self._run("hget", key, field)

    def hgetall(self, key: str) -> dict[str, str]:
        return self._run("hgetall", key)

    def hincrby(self, key: str, field: str, amount: int = 1) -> int:
        return self._run("hincrby", key, field, amount)

    def hincrbyfloat(self, key: str, field: str, amount: float) -> float:
        return self._run("hincrbyfloat", key, field, amount)

    def hdel(self, key: str, *fields: str) -> int:
        return self._run("hdel", key, *fields)

    def sadd(self, key: str, *members: Any) -> int:
        return self._run("sadd", key, *members)

    def srem(self, key: str, *members: Any) -> int:
        return self._run("srem", key, *members)

    def sismember(self, key: str, member: Any) -> bool:
        return self._run("sismember", key, member)

    def smembers(self, key: str) -> builtins.set[str]:
        return self._run("smembers", key)

    def scard(self, key: str) -> int:
        return self._run("scard", key)

    def zadd(self, key: str, mapping: dict[str, float], gt: bool = False) -> int:
        return self._run("zadd", key, mapping, gt=gt)

    def zrem(self, key: str, *members: str) -> int:
        return self._run("zrem", key, *members)

    def zscore(self, key: str, member: str) -> float | None:
        return self._run("zscore", key, member)

    def zcount(self, key: str, low: Bound, high: Bound) -> int:
        return self._run("zcount", key, low, high)

    def zcard(self, key: str) -> int:
        return self._run("zcard", key)

    def zrangebyscore(self, key: str, low: Bound, high: Bound,
                      withscores: bool = False) -> list[Any]:
        return self._run("zrangebyscore", key, low, high, withscores=withscores)

    def zrange(self, key: str, start: int, end: int, withscores: bool = False
               ) -> list[Any]:
        return self._run("zrange", key, start, end, withscores=withscores)

    def zrevrange(self, key: str, start: int, end: int, withscores: bool = False
                  ) -> list[Any]:
        return self._run("zrevrange", key, start, end, withscores=withscores)

    def zremrangebyrank(self, key: str, start: int, end: int) -> int:
        return self._run("zremrangebyrank", key, start, end)

    def lpush(self, key: str, *values: Any) -> int:
        return self._run("lpush", key, *values)

    def ltrim(self, key: str, start: int, end: int) -> bool:
        return self._run("ltrim", key, start, end)

    def lrange(self, key: str, start: int, end: int) -> list[str]:
        return self._run("lrange", key, start, end)


class _Pipeline(QueuedCalls):
    """Queues calls; ``execute()`` sends them to Redis in one round trip, or runs them
    in memory if Redis cannot take them."""

    def __init__(self, store: ResilientStore) -> None:
        super().__init__()
        self._store = store

    def execute(self) -> list[Any]:
        calls = self._take()
        store = self._store
        if store.target() is store.redis:
            pipe = store.redis.pipeline(transaction=False)
            for name, args, kwargs in calls:
                getattr(pipe, name)(*args, **kwargs)
            try:
                return list(pipe.execute())
            except UNREACHABLE as exc:
                store.unreachable(exc)
        local = store.local
        return [getattr(local, name)(*args, **kwargs) for name, args, kwargs in calls]
