"""How many events a second ingestion keeps up with, with no bare counterpart.

1. the pipeline alone, in process, on the memory store and on Redis;
2. a real server (eventlet, one process, SQLite) taking events over live sockets with
   acknowledgements.

HTTP beacons are measured beside their bare stack in :mod:`bench.http`.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from .ratio import Figure

CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/126.0 Safari/537.36")
EVENTS = [{"n": "pageview", "u": "https://shop.test/products/p1", "r": "https://google.com/"},
          {"n": "engage", "e": 5}, {"n": "add_to_cart", "p": {"value": 25.0}},
          {"n": "pageview", "u": "https://shop.test/cart"}, {"n": "engage", "e": 3}]


def pipeline_rate(store: Any, seconds: float = 3.0) -> float:
    from sitetracker.clock import Clock
    from sitetracker.domain import SiteInfo
    from sitetracker.ingest.buffer import WriteBuffer
    from sitetracker.ingest.geo import GeoLocator
    from sitetracker.ingest.pipeline import Pipeline
    from sitetracker.ingest.visit import identify
    from sitetracker.live.state import LiveState

    site = SiteInfo(1, "k", 1, ("shop.test",), "UTC", "s")
    pipeline = Pipeline(LiveState(store), WriteBuffer(), Clock())
    geo = GeoLocator(None)
    done = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        for n in range(200):
            visit = identify(site, {"v": f"visitor-{n:05d}", "s": f"sess-{n:05d}"}, CHROME,
                             "81.2.69.142", geo)
            done += pipeline.run(visit, EVENTS).kept  # type: ignore[arg-type]
    return done / (time.perf_counter() - started)


def make_site(database_url: str) -> str:
    from sitetracker import migrations, tenancy
    from sitetracker.db import connect, database

    connect(database_url)
    migrations.upgrade()
    with database.connection_context():
        org = tenancy.create_organization("Bench")
        return tenancy.create_site(org, "Bench shop", ["shop.test"]).public_key


def socket_rate(port: int, key: str, clients: int = 8, seconds: float = 8.0) -> float:
    import websocket

    stop = time.perf_counter() + seconds
    counts = [0] * clients
    batch = json.dumps(["ev", EVENTS])

    def worker(index: int) -> None:
        ws = websocket.create_connection(
            f"ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket",
            origin="https://shop.test", header={"User-Agent": CHROME}, timeout=10)
        ws.recv()
        auth = json.dumps({"v": f"visitor-s{index:04d}", "s": f"sess-s{index:04d}"})
        ws.send(f"40/site/{key},{auth}")
        while not ws.recv().startswith(f"40/site/{key}"):
            pass
        ack = 0
        while time.perf_counter() < stop:
            ws.send(f"42/site/{key},{ack}{batch}")
            while True:
                message = ws.recv()
                if message == "2":
                    ws.send("3")
                elif message.startswith(f"43/site/{key},{ack}"):
                    counts[index] += json.loads(message.split(",", 1)[1][len(str(ack)):])[0]["ok"]
                    break
            ack += 1
            # A real widget sends a handful of events a minute; pace each client to stay
            # within its rate limit (10 a second) so this measures capacity, not throttling.
            time.sleep(0.4)
        ws.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.perf_counter() - started)


TITLE = "Ingestion"


def measure(runs: int, quick: bool) -> list[Figure]:
    from sitetracker.live.store import MemoryStore

    seconds = 0.5 if quick else 3.0
    memory = Figure("pipeline in process, memory store", "events/s", "—")
    on_redis = Figure("pipeline in process, Redis store", "events/s", "—")
    redis_url = os.environ.get("SITETRACKER_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    client: Any = None
    try:
        import redis

        client = redis.Redis.from_url(redis_url, decode_responses=True)
        client.ping()
    except Exception as exc:  # noqa: BLE001
        client = None
        on_redis.note = f"not measured: {exc}"
    for _ in range(runs):
        memory.values.append(pipeline_rate(MemoryStore(), seconds))
        if client is not None:
            client.flushdb()
            on_redis.values.append(pipeline_rate(client, seconds))
            client.flushdb()

    from tests.servers import running_server

    clients = 4 if quick else 200
    sockets = Figure(f"live sockets, {clients} shoppers each sending a batch of 5 every "
                     "0.4 s, acknowledged", "events/s", "—")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        key = make_site(url)
        with running_server(Path(tmp), url) as server:
            sockets.values.append(socket_rate(server.port, key, clients=clients,
                                              seconds=1.0 if quick else 8.0))
    return [memory, on_redis, sockets]
