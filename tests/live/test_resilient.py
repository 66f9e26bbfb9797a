"""The live store rides out a Redis outage: memory while Redis is away, Redis again once
it answers, each switch counted (so the ticker republishes connected shoppers)."""

from __future__ import annotations

import time

import pytest
import redis

from sitetracker.domain import Presence
from sitetracker.live.resilient import REDIS_OPTIONS, ResilientStore
from sitetracker.live.state import LiveState

from ..servers import own_redis


def wait_for(predicate, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not predicate():
        time.sleep(0.05)
    return predicate()


def answers_again(store) -> bool:
    store.probe()  # what the background loop does every second
    return not store.degraded


@pytest.fixture
def outage(tmp_path):
    with own_redis(tmp_path) as server:
        client = redis.Redis.from_url(server.url, decode_responses=True, **REDIS_OPTIONS)
        yield server, ResilientStore(client, probe_every=0.1)
        client.close()


def test_commands_go_to_redis_while_it_answers(outage):
    server, store = outage
    store.set("st:x", "1")
    assert redis.Redis(port=server.port).get("st:x") == b"1"
    assert not store.degraded and store.generation == 0


def test_a_killed_redis_degrades_to_memory_then_comes_back(outage):
    server, store = outage
    live = LiveState(store)
    live.connected(1, Presence("visitor-a"), 1000.0)
    server.kill()
    live.connected(1, Presence("visitor-b"), 1000.0)  # no error: kept in memory
    assert store.degraded and store.generation == 1
    assert live.live_visitors(1, 1000.0) == ["visitor-b"]  # only what memory holds
    server.start()  # empty: nothing was saved
    assert wait_for(lambda: answers_again(store))
    assert store.generation == 2
    assert live.live_visitors(1, 1000.0) == []  # Redis lost everything: republish needed
    live.connected(1, Presence("visitor-a"), 1000.0)
    assert redis.Redis(port=server.port).zcard("st:live:1") == 1


def test_a_frozen_redis_costs_one_timeout_then_memory_until_it_thaws(outage):
    server, store = outage
    store.set("st:kept", "yes")
    server.freeze()
    pipe = store.pipeline()
    pipe.set("st:during", "1")
    pipe.get("st:during")
    assert pipe.execute() == [True, "1"]
    assert store.degraded
    assert store.get("st:during") == "1"  # memory answers while Redis is frozen
    server.thaw()
    assert wait_for(lambda: answers_again(store))
    assert store.get("st:kept") == "yes"
    assert not store.degraded and store.generation == 2
