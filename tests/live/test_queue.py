"""The Socket.IO message queue between workers, made to ride out a Redis outage
(live/queue.py). Against the test Redis, and a port where nothing listens."""

from __future__ import annotations

import json
import threading
import time

import pytest

from sitetracker.live.queue import QueueManager

from ..conftest import REDIS_URL, redis_or_skip

CHANNEL = "sitetracker-test-queue"
NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_client():
    client = redis_or_skip()
    yield client
    client.close()


def next_message(pubsub, within: float = 10.0):
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        message = pubsub.get_message(ignore_subscribe_messages=True, timeout=0.5)
        if message is not None:
            return message
    raise AssertionError("no message arrived")


def test_a_message_reaches_the_other_workers_channel(redis_client):
    pubsub = redis_client.pubsub()
    pubsub.subscribe(CHANNEL)
    pubsub.get_message(timeout=5)  # the subscription's confirmation
    manager = QueueManager(REDIS_URL, CHANNEL)
    assert manager._publish({"method": "emit", "event": "note"}) == 1
    assert json.loads(next_message(pubsub)["data"]) == {"method": "emit", "event": "note"}
    pubsub.close()


def test_nothing_is_published_while_the_live_store_finds_redis_unreachable(redis_client):
    pubsub = redis_client.pubsub()
    pubsub.subscribe(CHANNEL)
    pubsub.get_message(timeout=5)
    manager = QueueManager(REDIS_URL, CHANNEL)
    manager.unreachable = lambda: True
    assert manager._publish({"event": "missed"}) is None
    manager.unreachable = lambda: False
    assert manager._publish({"event": "sent"}) == 1
    assert json.loads(next_message(pubsub)["data"]) == {"event": "sent"}
    pubsub.close()


def test_an_unreachable_redis_costs_the_emit_no_error(caplog):
    manager = QueueManager(NOWHERE, CHANNEL)
    assert manager._publish({"event": "lost"}) is None
    assert manager.connected is False
    assert "could not pass a message to the other workers" in caplog.text


def test_the_subscriber_yields_what_other_workers_publish(redis_client):
    manager = QueueManager(REDIS_URL, CHANNEL)
    listening = manager._redis_listen_with_retries()
    got: list = []
    reader = threading.Thread(target=lambda: got.append(next(listening)), daemon=True)
    reader.start()
    deadline = time.monotonic() + 10
    while redis_client.pubsub_numsub(CHANNEL)[0][1] < 1:
        assert time.monotonic() < deadline, "the subscriber never subscribed"
        time.sleep(0.05)
    redis_client.publish(CHANNEL, "hello")
    reader.join(10)
    assert [message["data"] for message in got] == [b"hello"]
    manager.pubsub.close()
    listening.close()
