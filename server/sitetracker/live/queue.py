"""The Socket.IO message queue between workers (Redis pub/sub), made to ride out a
Redis outage.

Flask-SocketIO's own queue publishes without timeouts (a frozen Redis hangs every emit)
and its subscriber backs off to a minute between reconnections (so a worker may go on
missing other workers' messages long after Redis is back). Here:

* an emit always reaches this worker's own clients first (python-socketio does that);
  publishing to the other workers has short timeouts, and while Redis is unreachable
  it is skipped (for a second after a failure, and while the live store says Redis is
  unreachable: :attr:`QueueManager.unreachable`), so an outage costs a request no wait;
  the other workers miss those messages, as they miss everything meanwhile;
* the subscriber has its own connection, without a read timeout (it waits for
  messages), and reconnects every second until Redis answers.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import redis
import socketio

from .resilient import REDIS_OPTIONS

log = logging.getLogger(__name__)

SKIP_AFTER_FAILURE = 1.0
RECONNECT_EVERY = 1.0


class QueueManager(socketio.RedisManager):
    """``client_manager`` for Flask-SocketIO with Redis configured."""

    name = "redis"

    def __init__(self, url: str, channel: str) -> None:
        super().__init__(url, channel=channel, redis_options=dict(REDIS_OPTIONS))
        self._skip_until = 0.0
        # Set by the app factory: whether the live store found Redis unreachable.
        self.unreachable: Callable[[], bool] = lambda: False

    def _redis_connect(self) -> None:
        # For publishing only: the subscriber opens its own connection.
        self.redis = redis.Redis.from_url(self.redis_url, **self.redis_options)
        self.connected = True

    def _publish(self, data: Any) -> Any:
        if time.monotonic() < self._skip_until or self.unreachable():
            return None
        try:
            if not self.connected:
                self._redis_connect()
            return self.redis.publish(self.channel, self.json.dumps(data))
        except Exception as exc:  # noqa: BLE001 - any failure: the others miss it
            self.connected = False
            self._skip_until = time.monotonic() + SKIP_AFTER_FAILURE
            log.warning("could not pass a message to the other workers: %s", exc)
            return None

    def _redis_listen_with_retries(self) -> Iterator[Any]:
        while True:
            try:
                client = redis.Redis.from_url(self.redis_url, socket_connect_timeout=1.0,
                                              socket_keepalive=True)
                self.pubsub = client.pubsub(ignore_subscribe_messages=True)
                self.pubsub.subscribe(self.channel)
                yield from self.pubsub.listen()
            except Exception as exc:  # noqa: BLE001 - reconnect whatever happened
                log.warning("not receiving the other workers' messages (%s); retrying",
                            exc)
                time.sleep(RECONNECT_EVERY)
