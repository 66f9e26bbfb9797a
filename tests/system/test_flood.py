"""One client sending without pause must neither starve other shoppers nor grow the
server's memory. Timings are compared with a baseline taken in the same run."""

from __future__ import annotations

import json
import statistics
import threading
import time

import pytest
import websocket

from sitetracker import migrations, tenancy
from sitetracker.db import connect, database

from ..servers import running_server

FLOOD_SECONDS = 6.0
CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0"


def open_raw_socket(server, key: str, visitor: str) -> websocket.WebSocket:
    """A plain Engine.IO/Socket.IO client over a websocket, speaking the wire format."""
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{server.port}/socket.io/?EIO=4&transport=websocket",
        origin="https://shop-a.test", header={"User-Agent": CHROME}, timeout=10)
    assert ws.recv().startswith("0")  # engine.io open
    auth = json.dumps({"v": visitor, "s": visitor, "ret": 0})
    ws.send(f"40/site/{key},{auth}")
    while True:
        reply = ws.recv()
        if reply.startswith(f"40/site/{key}"):
            return ws
        if reply.startswith(f"44/site/{key}"):
            raise AssertionError(f"refused: {reply}")


def round_trip(ws: websocket.WebSocket, key: str, ack: int) -> float:
    """Seconds for one event to be acknowledged."""
    event = json.dumps(["ev", {"n": "pageview", "u": "https://shop-a.test/"}])
    started = time.perf_counter()
    ws.send(f"42/site/{key},{ack}{event}")
    while True:
        message = ws.recv()
        if message == "2":
            ws.send("3")  # engine.io ping/pong
        elif message.startswith(f"43/site/{key},{ack}"):
            return time.perf_counter() - started


@pytest.fixture
def site_key(database_url, tmp_path):
    connect(database_url)
    migrations.upgrade()
    with database.connection_context():
        org = tenancy.create_organization("Flood")
        site = tenancy.create_site(org, "Flood shop", ["shop-a.test"])
    return site.public_key


def test_a_flooding_socket_does_not_starve_others_or_grow_memory(tmp_path, database_url,
                                                                  site_key):
    with running_server(tmp_path, database_url) as server:
        calm = open_raw_socket(server, site_key, "calm-visitor-1")
        baseline = [round_trip(calm, site_key, n) for n in range(20)]
        rss_before = server.rss_kib()

        stop = threading.Event()
        sent = [0]

        def flood() -> None:
            ws = open_raw_socket(server, site_key, "flood-visitor-1")
            frame = f'42/site/{site_key},["ev",{{"n":"share"}}]'
            try:
                while not stop.is_set():
                    ws.send(frame)
                    sent[0] += 1
            except (websocket.WebSocketException, OSError):
                pass  # the server may cut a client this abusive
            finally:
                ws.close()

        flooder = threading.Thread(target=flood, daemon=True)
        flooder.start()
        time.sleep(1.0)
        during = []
        deadline = time.monotonic() + FLOOD_SECONDS
        n = 100
        while time.monotonic() < deadline:
            during.append(round_trip(calm, site_key, n))
            n += 1
        stop.set()
        flooder.join(timeout=10)
        rss_after = server.rss_kib()
        calm.close()

    slow = statistics.median(during) / max(statistics.median(baseline), 1e-4)
    print(f"flood: {sent[0]} frames sent; calm client median "
          f"{statistics.median(baseline) * 1000:.2f} ms -> {statistics.median(during) * 1000:.2f} "
          f"ms (x{slow:.1f}); rss {rss_before} -> {rss_after} KiB")
    assert sent[0] > 10_000, "the flood did not flood"
    assert len(during) > 20, "the calm shopper was starved"
    assert slow < 50, f"the calm shopper slowed {slow:.0f} times"
    assert rss_after - rss_before < 64 * 1024, "memory grew with the flood"
