"""The live channel beside a bare Flask-SocketIO handler, with the same raw clients.

Rows: ``ev`` from 50 clients in a closed loop (one event a message); 1,000 clients
sending batches of 10; many connected shoppers (memory each, time to connect them, idle
CPU with one admin watching); a broadcast to all of them (until the last receipt).
``quick`` uses small loads for a smoke run.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .live_clients import Load, run_load
from .ratio import Figure, Ratio

TITLE = "Live channel"
# Ours, tuned so the rows measure capacity: every client shares one address and sends
# as fast as it is answered.
OURS = {"shopper_sockets_per_ip": "0", "shopper_events_per_second": "1000000",
        "max_connections": "20000", "collect_per_ip_per_minute": "0"}
PROCESSES = 2
NOTES = """
Met: memory (about 3 KiB a shopper over the bare server's 63 KiB: the connection's
record, its rate-limit bucket, its rooms and its presence in the live store), the time to
connect them and the idle CPU with them connected and an admin watching (as the bare
server's: its own pings are most of it). The snapshot pushed each second no longer reads
every cart (see the tick's section), which is what held the idle CPU at 89 % and the
broadcast at seconds before.

Missed: the event rates, and the broadcast's 1 s. Where a socket event's time goes
(py-spy as for HTTP, our server under the same load, shares of its busy samples):

| share of samples | 50 clients, one event a message | 1,000 clients, batches of 10 |
| --- | --- | --- |
| Engine.IO and Socket.IO: frames, packets, eventlet's websocket | 30 % | 10 % |
| the namespace's `ev`: the frame's bounds, the connection, its rate limit | 17 % | 9 % |
| validation | 8 % | 19 % |
| the pipeline's steps | 14 % | 19 % |
| live state | 10 % | 14 % |
| the write buffer's day counters and their journal | 3 % | 15 % |
| commerce's reaction | 3 % | 4 % |
| the rest of ours: domain types, the clock, patterns | 8 % | 5 % |

The bare handler's whole cost is the first row, which is under a third of ours for single
events: 0.8 would need our part per message cut to a quarter of the stack's, three times
less than now, and per batch five times less; the largest single part left is
validation of a batch (19 %). The same two moves as for HTTP would take the most: the
live-state and counter work of a batch done once a tick from a queue (about 30 % of a
batch), and a validator compiled for the widget's fixed event shape (most of the 19 %).
The broadcast's last receipt is at the bare server's own pace: at 10,000 sockets both
take one to several seconds to write every socket's frame (eventlet writes each in its
own green thread), and ours is no slower (median ratios 0.99 and 0.69 in the two full
runs of this commit's work, with one outlier run at 8.1). One second for 10,000 would
take a server that writes websocket frames outside Python's per-socket green threads
(an ASGI server with a C websocket, or fan-out split over several workers with Redis,
each writing a share); the admin is answered before the fan-out already.
"""


def raise_fd_limit() -> None:
    """Every socket is a file on both ends: lift the soft limit to the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


@dataclass
class Target:
    """A server under test: its port, process, and the site key to use."""

    port: int
    process: subprocess.Popen[bytes]
    key: str
    admin_auth: str = ""

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0


@contextmanager
def bare_server() -> Iterator[Target]:
    from tests.servers import free_port, stop, wait_ready

    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "bench.bare_socket", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(process, lambda: _answers(port, "/socket.io/?EIO=4&transport=polling"))
        yield Target(port, process, "bare0000")
    finally:
        stop(process)


@contextmanager
def our_server(tmp: Path, **settings: str) -> Iterator[Target]:
    from tests.servers import running_server

    from .ingest import make_site

    url = f"sqlite:///{tmp / 'bench.db'}"
    key = make_site(url)
    with running_server(tmp, url, **{**OURS, **settings}) as server:
        yield Target(server.port, server.process, key, admin_auth(url, key))


def admin_auth(database_url: str, key: str) -> str:
    """The Socket.IO auth of an admin of the bench site (a signed admin token)."""
    from sitetracker.auth.tokens import mint_admin_token
    from sitetracker.db import connect, database
    from sitetracker.models import Site

    connect(database_url)
    with database.connection_context():
        site = Site.get(Site.public_key == key)
    return json.dumps({"token": mint_admin_token(site.secret, key, "bench@shop.test")})


def _answers(port: int, path: str) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2):
            return True
    except OSError:
        return False


def rate(target: Target, clients: int, batch: int, seconds: float) -> float:
    """Events a second acknowledged as kept, ``clients`` in a closed loop."""
    done, _, _ = run_load(Load((target.port,), target.key, clients, seconds, batch),
                          min(PROCESSES, clients))
    return done / seconds


def _cpu_seconds(pid: int) -> float:
    from tests.servers import cpu_ticks

    return cpu_ticks(pid) / os.sysconf("SC_CLK_TCK")


def connected(target: Target, shoppers: int, tmp: Path, watch: bool) -> dict[str, float]:
    """Hold ``shoppers`` idle sockets (and one admin when ``watch``): memory each, seconds
    to connect them all, idle CPU share, and a broadcast's time to its last receipt."""
    stop_file = tmp / f"stop-{target.port}"
    stop_file.unlink(missing_ok=True)
    base_rss = target.rss_kib()
    results: list[Any] = []
    load = Load((target.port,), target.key, shoppers, 0.0, hold=3600.0,
                wait_for="broadcast", stop_file=str(stop_file), offset=500_000)
    holder = threading.Thread(target=lambda: results.append(run_load(load, PROCESSES)))
    started = time.monotonic()
    holder.start()
    deadline = started + max(120.0, shoppers / 20)
    while (len(list(tmp.glob(f"{stop_file.name}.ready.*"))) < PROCESSES
           and time.monotonic() < deadline):
        time.sleep(0.2)
    for ready in tmp.glob(f"{stop_file.name}.ready.*"):
        ready.unlink()
    connect_seconds = time.monotonic() - started
    admin = _admin(target) if watch else None  # watching from here on
    time.sleep(2.0)
    per_shopper = (target.rss_kib() - base_rss) / shoppers
    cpu0, t0 = _cpu_seconds(target.process.pid), time.monotonic()
    time.sleep(5.0)
    idle = (_cpu_seconds(target.process.pid) - cpu0) / (time.monotonic() - t0)
    sent = time.time()
    if admin is not None:
        admin.send(f'42/site/{target.key},1["broadcast_send",{{"text":"hello"}}]')
    else:
        urllib.request.urlopen(urllib.request.Request(
            f"http://127.0.0.1:{target.port}/broadcast?ns=/site/{target.key}", data=b"",
            method="POST"), timeout=30).read()
    time.sleep(min(30.0, 3.0 + shoppers / 1000))
    stop_file.touch()
    holder.join()
    if admin is not None:
        admin.close()
    marks = results[0][2] if results else []
    joined = results[0][1] if results else 0
    last = (max(marks) - sent) * 1000 if len(marks) >= shoppers * 0.99 else float("nan")
    return {"kib": per_shopper, "connect": connect_seconds, "idle": idle * 100,
            "broadcast": last, "received": len(marks), "joined": joined}


def _admin(target: Target) -> Any:
    import websocket

    ws = websocket.create_connection(
        f"ws://127.0.0.1:{target.port}/socket.io/?EIO=4&transport=websocket", timeout=30)
    ws.recv()
    ws.send(f"40/site/{target.key},{target.admin_auth}")
    while not str(ws.recv()).startswith(f"40/site/{target.key}"):
        pass
    ws.settimeout(None)

    def answer_pings() -> None:
        try:
            while True:
                if ws.recv() == "2":
                    ws.send("3")
        except Exception as exc:  # noqa: BLE001 - closed at the end
            print("admin socket:", repr(exc), file=sys.stderr)

    threading.Thread(target=answer_pings, daemon=True).start()
    return ws


def measure(runs: int, quick: bool, shoppers: int = 0) -> list[Ratio | Figure]:
    """The rows; ``shoppers`` overrides how many connect for the held rows."""
    raise_fd_limit()
    seconds = 3.0 if quick else 8.0
    many = 100 if quick else 1000
    shoppers = shoppers or (200 if quick else 10_000)
    single = Ratio("socket `ev`, 50 clients closed loop, 1 event a message", "events/s",
                   "≥ 0.80")
    batches = Ratio(f"socket, {many:,} clients, batches of 10", "events/s", "≥ 0.80")
    memory = Ratio(f"{shoppers:,} connected shoppers, memory each", "KiB", "≤ bare + 5 KiB",
                   higher_is_better=False)
    connect = Ratio(f"connecting {shoppers:,} shoppers", "s", "close to bare",
                    higher_is_better=False)
    idle = Ratio(f"idle CPU with {shoppers:,} shoppers (one admin watching ours)", "%",
                 "close to bare", higher_is_better=False)
    fanout = Ratio(f"broadcast to {shoppers:,} shoppers, last receipt", "ms", "≤ 1,000 ms",
                   higher_is_better=False)
    joined: list[tuple[float, ...]] = []
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        with bare_server() as bare, our_server(tmp) as ours:
            for _ in range(runs):
                single.bare.append(rate(bare, 50, 1, seconds))
                single.ours.append(rate(ours, 50, 1, seconds))
                batches.bare.append(rate(bare, many, 10, seconds))
                batches.ours.append(rate(ours, many, 10, seconds))
        for _ in range(runs):
            # Fresh servers, so memory is counted from the same start.
            with bare_server() as bare:
                b = connected(bare, shoppers, tmp, watch=False)
            with tempfile.TemporaryDirectory() as inner, our_server(Path(inner)) as ours:
                o = connected(ours, shoppers, tmp, watch=True)
            for row, part in ((memory, "kib"), (connect, "connect"), (idle, "idle"),
                              (fanout, "broadcast")):
                row.bare.append(b[part])
                row.ours.append(o[part])
            joined.append((b["joined"], o["joined"], b["received"], o["received"]))
    memory.note = "sockets connected (bare, ours), broadcast received: " + "; ".join(
        f"{int(jb):,} / {int(jo):,}, {int(rb):,} / {int(ro):,}" for jb, jo, rb, ro in joined)
    return [single, batches, memory, connect, idle, fanout]


if __name__ == "__main__":
    from .ratio import table

    quick = "--quick" in sys.argv
    held = next((int(a.split("=", 1)[1]) for a in sys.argv if a.startswith("--shoppers=")), 0)
    print("\n".join(table(measure(1 if quick else 3, quick, held))))
