"""The live store's commands, named: what a feature may ask of the store it is given.

The store is Redis (through :class:`~sitetracker.live.resilient.ResilientStore`) or this
process's memory (:class:`~sitetracker.live.store.MemoryStore`); both answer every
protocol here, which mypy checks (:func:`~sitetracker.live.store.open_store` answers
either as a :class:`Store`). A feature's state class declares the few groups it uses,
e.g.::

    class CommerceStore(KeyValue, Hashes, Sets, SortedSets, Lists, Pipelines, Protocol):
        ...

so a command it does not declare is a type error, and a store that stops speaking a
command some feature uses is one too.

The commands have Redis's meaning (values come back as ``str``). A :class:`Pipeline`
queues the same commands and answers them all, in order, on ``execute()``; what a
queued command returns is not its answer (never use it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

Mapping = dict[str, Any]  # a hash's fields, or a sorted set's members -> scores
Bound = float | str  # a score bound: a number, or "-inf" / "+inf"


class Keys(Protocol):
    """Any key: forget it, or let it expire."""

    def delete(self, *keys: str) -> int: ...
    def expire(self, key: str, seconds: float) -> bool: ...


class Scans(Protocol):
    """The keys matching a glob pattern (walks the whole keyspace: for rare work)."""

    def scan_iter(self, match: str = "*", count: int = 100) -> Iterable[str]: ...


class KeyValue(Keys, Protocol):
    """Strings: ``SET`` (with ``NX``, ``EX``, ``GET``), ``GET``, ``INCRBYFLOAT``."""

    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: Any, nx: bool = False, ex: float | None = None,
            get: bool = False) -> Any: ...
    def incrbyfloat(self, key: str, amount: float) -> float: ...


class Hashes(Keys, Protocol):
    """Hashes of str fields; ``hset`` takes its fields by name (``mapping=``), as
    redis-py reads a second positional argument as one field's name."""

    def hset(self, key: str, *, mapping: Mapping) -> int: ...
    def hsetnx(self, key: str, field: str, value: Any) -> bool: ...
    def hget(self, key: str, field: str) -> str | None: ...
    def hgetall(self, key: str) -> dict[str, str]: ...
    def hincrby(self, key: str, field: str, amount: int = 1) -> int: ...
    def hincrbyfloat(self, key: str, field: str, amount: float) -> float: ...
    def hdel(self, key: str, *fields: str) -> int: ...


class Sets(Keys, Protocol):
    def sadd(self, key: str, *members: Any) -> int: ...
    def srem(self, key: str, *members: Any) -> int: ...
    def sismember(self, key: str, member: Any) -> bool: ...
    def smembers(self, key: str) -> set[str]: ...
    def scard(self, key: str) -> int: ...


class SortedSets(Keys, Protocol):
    """Sorted sets; ranges with ``withscores`` answer ``[(member, score)]``."""

    def zadd(self, key: str, mapping: dict[str, float], gt: bool = False) -> int: ...
    def zrem(self, key: str, *members: str) -> int: ...
    def zscore(self, key: str, member: str) -> float | None: ...
    def zcount(self, key: str, low: Bound, high: Bound) -> int: ...
    def zcard(self, key: str) -> int: ...
    def zrangebyscore(self, key: str, low: Bound, high: Bound,
                      withscores: bool = False) -> list[Any]: ...
    def zrange(self, key: str, start: int, end: int, withscores: bool = False
               ) -> list[Any]: ...
    def zrevrange(self, key: str, start: int, end: int, withscores: bool = False
                  ) -> list[Any]: ...
    def zremrangebyrank(self, key: str, start: int, end: int) -> int: ...


class Lists(Keys, Protocol):
    def lpush(self, key: str, *values: Any) -> int: ...
    def ltrim(self, key: str, start: int, end: int) -> bool: ...
    def lrange(self, key: str, start: int, end: int) -> list[str]: ...


class Pipeline(Protocol):
    """Every command, queued; ``execute()`` answers them in order (one round trip)."""

    def execute(self) -> list[Any]: ...
    def delete(self, *keys: str) -> object: ...
    def expire(self, key: str, seconds: float) -> object: ...
    def get(self, key: str) -> object: ...
    def set(self, key: str, value: Any, nx: bool = False, ex: float | None = None,
            get: bool = False) -> object: ...
    def incrbyfloat(self, key: str, amount: float) -> object: ...
    def hset(self, key: str, *, mapping: Mapping) -> object: ...
    def hsetnx(self, key: str, field: str, value: Any) -> object: ...
    def hget(self, key: str, field: str) -> object: ...
    def hgetall(self, key: str) -> object: ...
    def hincrby(self, key: str, field: str, amount: int = 1) -> object: ...
    def hincrbyfloat(self, key: str, field: str, amount: float) -> object: ...
    def hdel(self, key: str, *fields: str) -> object: ...
    def sadd(self, key: str, *members: Any) -> object: ...
    def srem(self, key: str, *members: Any) -> object: ...
    def sismember(self, key: str, member: Any) -> object: ...
    def smembers(self, key: str) -> object: ...
    def zadd(self, key: str, mapping: dict[str, float], gt: bool = False) -> object: ...
    def zrem(self, key: str, *members: str) -> object: ...
    def zrangebyscore(self, key: str, low: Bound, high: Bound,
                      withscores: bool = False) -> object: ...
    def zrevrange(self, key: str, start: int, end: int, withscores: bool = False
                  ) -> object: ...
    def zremrangebyrank(self, key: str, start: int, end: int) -> object: ...
    def lpush(self, key: str, *values: Any) -> object: ...
    def ltrim(self, key: str, start: int, end: int) -> object: ...
    def lrange(self, key: str, start: int, end: int) -> object: ...


class Pipelines(Protocol):
    """Batches: several commands in one round trip (not a transaction)."""

    def pipeline(self, transaction: bool = False) -> Pipeline: ...


class Store(KeyValue, Hashes, Sets, SortedSets, Lists, Scans, Pipelines, Protocol):
    """Every command live state uses: what :func:`~sitetracker.live.store.open_store`
    answers, and what the features' narrower protocols are cut from."""


class QueuedCalls:
    """The commands of a :class:`Pipeline`, each queued as ``(name, args, kwargs)``;
    the store's pipeline runs them on ``execute()``."""

    def __init__(self) -> None:
        self._calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def _queue(self, name: str, *args: Any, **kwargs: Any) -> QueuedCalls:
        self._calls.append((name, args, kwargs))
        return self

    def _take(self) -> list[tuple[str, tuple[Any, ...], dict[str, Any]]]:
        calls, self._calls = self._calls, []
        return calls

    def execute(self) -> list[Any]:
        raise NotImplementedError

    def __enter__(self) -> QueuedCalls:
        return self

    def __exit__(self, *exc: object) -> None:
        self._calls = []

    def delete(self, *keys: str) -> QueuedCalls:
        return self._queue("delete", *keys)

    def expire(self, key: str, seconds: float) -> QueuedCalls:
        return self._queue("expire", key, seconds)

    def get(self, key: str) -> QueuedCalls:
        return self._queue("get", key)

    def set(self, key: str, value: Any, nx: bool = False, ex: float | None = None,
            get: bool = False) -> QueuedCalls:
        return self._queue("set", key, value, nx=nx, ex=ex, get=get)

    def incrbyfloat(self, key: str, amount: float) -> QueuedCalls:
        return self._queue("incrbyfloat", key, amount)

    def hset(self, key: str, *, mapping: Mapping) -> QueuedCalls:
        return self._queue("hset", key, mapping=mapping)

    def hsetnx(self, key: str, field: str, value: Any) -> QueuedCalls:
        return self._queue("hsetnx", key, field, value)

    def hget(self, key: str, field: str) -> QueuedCalls:
        return self._queue("hget", key, field)

    def hgetall(self, key: str) -> QueuedCalls:
        return self._queue("hgetall", key)

    def hincrby(self, key: str, field: str, amount: int = 1) -> QueuedCalls:
        return self._queue("hincrby", key, field, amount)

    def hincrbyfloat(self, key: str, field: str, amount: float) -> QueuedCalls:
        return self._queue("hincrbyfloat", key, field, amount)

    def hdel(self, key: str, *fields: str) -> QueuedCalls:
        return self._queue("hdel", key, *fields)

    def sadd(self, key: str, *members: Any) -> QueuedCalls:
        return self._queue("sadd", key, *members)

    def srem(self, key: str, *members: Any) -> QueuedCalls:
        return self._queue("srem", key, *members)

    def sismember(self, key: str, member: Any) -> QueuedCalls:
        return self._queue("sismember", key, member)

    def smembers(self, key: str) -> QueuedCalls:
        return self._queue("smembers", key)

    def zadd(self, key: str, mapping: dict[str, float], gt: bool = False) -> QueuedCalls:
        return self._queue("zadd", key, mapping, gt=gt)

    def zrem(self, key: str, *members: str) -> QueuedCalls:
        return self._queue("zrem", key, *members)

    def zrangebyscore(self, key: str, low: Bound, high: Bound,
                      withscores: bool = False) -> QueuedCalls:
        return self._queue("zrangebyscore", key, low, high, withscores=withscores)

    def zrevrange(self, key: str, start: int, end: int, withscores: bool = False
                  ) -> QueuedCalls:
        return self._queue("zrevrange", key, start, end, withscores=withscores)

    def zremrangebyrank(self, key: str, start: int, end: int) -> QueuedCalls:
        return self._queue("zremrangebyrank", key, start, end)

    def lpush(self, key: str, *values: Any) -> QueuedCalls:
        return self._queue("lpush", key, *values)

    def ltrim(self, key: str, start: int, end: int) -> QueuedCalls:
        return self._queue("ltrim", key, start, end)

    def lrange(self, key: str, start: int, end: int) -> QueuedCalls:
        return self._queue("lrange", key, start, end)
