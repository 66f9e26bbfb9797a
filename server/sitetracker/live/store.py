"""Where live state is kept: Redis when several workers run, else this process's memory.

:class:`MemoryStore` speaks the handful of Redis commands live state uses, with the same
meaning, so one implementation of live state serves both and one test suite checks both.
It suits a single process only: nothing is shared and nothing survives a restart (today's
totals are re-seeded from the database at start).
"""

from __future__ import annotations

import builtins
import fnmatch
import time
from collections.abc import Iterable
from threading import RLock
from typing import Any

from ..store_api import QueuedCalls, Store


class MemoryStore:
    """A tiny in-process stand-in with Redis semantics for hashes, sets, sorted sets,
    lists and counters, including key expiry: every command of
    :class:`~sitetracker.store_api.Store`.

    Holds ``key -> value`` (a str, dict, set or list) and ``key -> deadline``
    (monotonic seconds) under one lock; expired keys are dropped when next touched, and
    all of them every :data:`SWEEP_EVERY` expiring writes. One process only: nothing is
    shared between workers and nothing survives a restart."""

    SWEEP_EVERY = 1000  # expiring writes between two sweeps of the keys past their time

    def __init__(self) -> None:
        self._data: dict[str, Any] = {}
        self._expires: dict[str, float] = {}
        self._lock = RLock()
        self._until_sweep = self.SWEEP_EVERY

    # -- keys -------------------------------------------------------------------------
    def _live(self, key: str) -> Any:
        deadline = self._expires.get(key)
        if deadline is not None and deadline <= time.monotonic():
            self._data.pop(key, None)
            self._expires.pop(key, None)
        return self._data.get(key)

    def delete(self, *keys: str) -> int:
        with self._lock:
            removed = 0
            for key in keys:
                removed += self._data.pop(key, None) is not None
                self._expires.pop(key, None)
            return removed

    def expire(self, key: str, seconds: float) -> bool:
        with self._lock:
            if self._live(key) is None:
                return False
            self._set_deadline(key, seconds)
            return True

    def _set_deadline(self, key: str, seconds: float) -> None:
        """Expire ``key`` in ``seconds``; now and then forget every key past its time, as
        Redis does, so keys written once and never read again (nonces) do not pile up."""
        self._expires[key] = time.monotonic() + seconds
        self._until_sweep -= 1
        if self._until_sweep <= 0:
            self._until_sweep = self.SWEEP_EVERY
            now = time.monotonic()
            for doomed in [k for k, deadline in self._expires.items() if deadline <= now]:
                self._data.pop(doomed, None)
                self._expires.pop(doomed, None)

    def scan_iter(self, match: str = "*", count: int = 100) -> Iterable[str]:
        with self._lock:
            keys = [k for k in list(self._data) if self._live(k) is not None]
        return [k for k in keys if fnmatch.fnmatchcase(k, match)]

    def flushdb(self) -> None:
        with self._lock:
            self._data.clear()
            self._expires.clear()

    # -- strings ----------------------------------------------------------------------
    def get(self, key: str) -> str | None:
        with self._lock:
            value = self._live(key)
            return None if value is None else str(value)

    def set(self, key: str, value: Any, nx: bool = False, ex: float | None = None,
            get: bool = False) -> Any:
        """``SET``; with ``get``, answers the previous value (None if there was none)."""
        with self._lock:
            old = self._live(key)
            if nx and old is not None:
                return None if get else False
            self._data[key] = str(value)
            self._expires.pop(key, None)
            if ex:
                self._set_deadline(key, ex)
            if get:
                return None if old is None else str(old)
            return True

    def incrbyfloat(self, key: str, amount: float) -> float:
        with self._lock:
            value = float(self._live(key) or 0) + amount
            self._data[key] = repr(value)
            return value

    # -- hashes -----------------------------------------------------------------------
    def _hash(self, key: str) -> dict[str, str]:
        value = self._live(key)
        if value is None:
            value = self._data[key] = {}
        return value

    def hset(self, key: str, mapping: dict[str, Any]) -> int:
        with self._lock:
            target = self._hash(key)
            added = sum(1 for k in mapping if k not in target)
            target.update({k: str(v) for k, v in mapping.items()})
            return added

    def hsetnx(self, key: str, field: str, value: Any) -> bool:
        with self._lock:
            target = self._hash(key)
            if field in target:
                return False
            target[field] = str(value)
            return True

    def hgetall(self, key: str) -> dict[str, str]:
        with self._lock:
            value = self._live(key)
            return dict(value) if value else {}

    def hincrby(self, key: str, field: str, amount: int = 1) -> int:
        with self._lock:
            target = self._hash(key)
            number = int(target.get(field, 0)) + amount
            target[field] = str(number)
            return number

    def hincrbyfloat(self, key: str, field: str, amount: float) -> float:
        with self._lock:
            target = self._hash(key)
            number = float(target.get(field, 0)) + amount
            target[field] = repr(number)
            return number

    def hget(self, key: str, field: str) -> str | None:
        with self._lock:
            return (self._live(key) or {}).get(field)

    def hdel(self, key: str, *fields: str) -> int:
        with self._lock:
            target = self._live(key)
            if not target:
                return 0
            removed = sum(target.pop(f, None) is not None for f in fields)
            if not target:
                self.delete(key)
            return removed

    # -- sets -------------------------------------------------------------------------
    def sadd(self, key: str, *members: Any) -> int:
        with self._lock:
            target = self._live(key)
            if target is None:
                target = self._data[key] = set()
            before = len(target)
            target.update(str(m) for m in members)
            return len(target) - before

    def srem(self, key: str, *members: Any) -> int:
        with self._lock:
            target = self._live(key)
            if not target:
                return 0
            before = len(target)
            target.difference_update(str(m) for m in members)
            removed = before - len(target)
            if not target:
                self.delete(key)
            return removed

    def sismember(self, key: str, member: Any) -> bool:
        with self._lock:
            return str(member) in (self._live(key) or set())

    def smembers(self, key: str) -> builtins.set[str]:
        with self._lock:
            return set(self._live(key) or set())

    def scard(self, key: str) -> int:
        with self._lock:
            return len(self._live(key) or set())

    # -- sorted sets ------------------------------------------------------------------
    def _zset(self, key: str) -> dict[str, float]:
        value = self._live(key)
        if value is None:
            value = self._data[key] = {}
        return value

    def zadd(self, key: str, mapping: dict[str, float], gt: bool = False) -> int:
        with self._lock:
            target = self._zset(key)
            added = 0
            for member, score in mapping.items():
                old = target.get(member)
                if old is None:
                    added += 1
                    target[member] = float(score)
                elif not gt or score > old:
                    target[member] = float(score)
            return added

    def zrem(self, key: str, *members: str) -> int:
        with self._lock:
            target = self._live(key) or {}
            return sum(target.pop(m, None) is not None for m in members)

    def zrangebyscore(self, key: str, low: float | str, high: float | str,
                      withscores: bool = False) -> list[Any]:
        lo, hi = _bound(low, float("-inf")), _bound(high, float("inf"))
        with self._lock:
            items = sorted((s, m) for m, s in (self._live(key) or {}).items() if lo <= s <= hi)
        return [(m, s) for s, m in items] if withscores else [m for _, m in items]

    def zrevrange(self, key: str, start: int, end: int, withscores: bool = False
                  ) -> list[Any]:
        with self._lock:
            items = sorted(((s, m) for m, s in (self._live(key) or {}).items()), reverse=True)
        chosen = items[start: None if end == -1 else end + 1]
        return [(m, s) for s, m in chosen] if withscores else [m for _, m in chosen]

    def zrange(self, key: str, start: int, end: int, withscores: bool = False) -> list[Any]:
        with self._lock:
            items = sorted((s, m) for m, s in (self._live(key) or {}).items())
        chosen = items[start: None if end == -1 else end + 1]
        return [(m, s) for s, m in chosen] if withscores else [m for _, m in chosen]

    def zremrangebyrank(self, key: str, start: int, end: int) -> int:
        """Remove the members ranked ``start`` to ``end`` (lowest score first; negative
        ranks count from the highest)."""
        with self._lock:
            target = self._live(key)
            if not target:
                return 0
            ranked = [m for _, m in sorted((s, m) for m, s in target.items())]
            n = len(ranked)
            first = max(start + n if start < 0 else start, 0)
            last = min(end + n if end < 0 else end, n - 1)
            doomed = ranked[first: last + 1] if first <= last else []
            for member in doomed:
                del target[member]
            if not target:
                self.delete(key)
            return len(doomed)

    def zscore(self, key: str, member: str) -> float | None:
        with self._lock:
            return (self._live(key) or {}).get(member)

    def zcount(self, key: str, low: float | str, high: float | str) -> int:
        lo, hi = _bound(low, float("-inf")), _bound(high, float("inf"))
        with self._lock:
            return sum(1 for s in (self._live(key) or {}).values() if lo <= s <= hi)

    def zcard(self, key: str) -> int:
        with self._lock:
            return len(self._live(key) or {})

    # -- lists ------------------------------------------------------------------------
    def lpush(self, key: str, *values: Any) -> int:
        with self._lock:
            target = self._live(key)
            if target is None:
                target = self._data[key] = []
            for value in values:
                target.insert(0, str(value))
            return len(target)

    def ltrim(self, key: str, start: int, end: int) -> bool:
        with self._lock:
            target = self._live(key)
            if target is not None:
                target[:] = target[start: None if end == -1 else end + 1]
            return True

    def lrange(self, key: str, start: int, end: int) -> list[str]:
        with self._lock:
            target = self._live(key) or []
            return list(target[start: None if end == -1 else end + 1])

    # -- batching ---------------------------------------------------------------------
    def pipeline(self, transaction: bool = False) -> _MemoryPipeline:
        return _MemoryPipeline(self)


class _MemoryPipeline(QueuedCalls):
    """Queues calls and runs them on ``execute()``, like a Redis pipeline."""

    def __init__(self, store: MemoryStore) -> None:
        super().__init__()
        self._store = store

    def execute(self) -> list[Any]:
        return [getattr(self._store, name)(*args, **kwargs)
                for name, args, kwargs in self._take()]


def _bound(value: float | str, infinite: float) -> float:
    """A score bound as Redis reads it: ``-inf`` / ``+inf`` or a number."""
    return infinite if value in ("-inf", "+inf") else float(value)


def open_store(redis_url: str) -> Store:
    """Redis at ``redis_url``, falling back to memory while it is unreachable
    (:class:`~sitetracker.live.resilient.ResilientStore`), or a :class:`MemoryStore`
    when the URL is empty: either as a :class:`~sitetracker.store_api.Store`, so
    mypy fails here when one of them stops answering a command live state uses."""
    if not redis_url:
        return MemoryStore()
    import redis

    from .resilient import REDIS_OPTIONS, ResilientStore

    return ResilientStore(redis.Redis.from_url(redis_url, decode_responses=True,
                                               **REDIS_OPTIONS))
