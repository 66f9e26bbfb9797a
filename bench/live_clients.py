"""Raw Engine.IO clients for the live-channel benchmarks, the same for both servers.

Each load process runs many websocket clients on one asyncio loop (aiohttp), speaking
Engine.IO 4 / Socket.IO 5 frames directly, so the clients stay cheap next to the server
they measure. :func:`run_load` spreads clients over processes and sums what they saw.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import time
from dataclasses import dataclass, replace
from typing import Any

ORIGIN = "https://shop.test"
CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/126.0 Safari/537.36")
PAGEVIEW = {"n": "pageview", "u": "https://shop.test/products/p1"}
ENGAGE = {"n": "engage", "e": 5}


@dataclass(frozen=True)
class Load:
    """What one load process does: ``clients`` sockets on ``ports`` (round robin)."""

    ports: tuple[int, ...]
    key: str
    clients: int
    seconds: float = 5.0
    batch: int = 1  # events per message; 1 sends the event alone, not in a list
    offset: int = 0  # first visitor number
    hold: float = 0.0  # >0: connect, then stay idle this long (sending nothing)
    auth: str = ""  # JSON auth to send instead of a shopper's (an admin token)
    wait_for: str = ""  # with hold: note when an event of this name arrives
    stop_file: str = ""  # with hold: stop holding once this file exists
    pause: float = 0.0  # seconds each client waits after an answer (an open loop's pace)


def _events(batch: int) -> Any:
    if batch == 1:
        return PAGEVIEW
    return [PAGEVIEW if n % 2 == 0 else ENGAGE for n in range(batch)]


async def _connect(session: Any, port: int, key: str, auth: str) -> Any:
    ws = await session.ws_connect(
        f"ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket",
        origin=ORIGIN, headers={"User-Agent": CHROME}, autoping=False, max_msg_size=0)
    await ws.receive_str()  # the Engine.IO open packet
    await ws.send_str(f"40/site/{key},{auth}")
    while True:
        message = await ws.receive_str()
        if message.startswith(f"40/site/{key}"):
            return ws
        if message.startswith(f"44/site/{key}"):
            raise RuntimeError(f"refused: {message}")


CONNECT_TIMEOUT = 120.0  # seconds a socket may take to connect before it counts as failed
CONNECTING = 200  # sockets of one process connecting at once (pages arrive, not all at once)


async def _client(session: Any, load: Load, index: int, go: Any, counts: list[int],
                  marks: list[float], connecting: Any) -> None:
    number = load.offset + index
    auth = load.auth or json.dumps({"v": f"visitor-{number:06d}", "s": f"sess-{number:06d}"})
    ws = None
    try:
        async with connecting:
            ws = await asyncio.wait_for(_connect(
                session, load.ports[index % len(load.ports)], load.key, auth), CONNECT_TIMEOUT)
        counts[1] += 1
    finally:
        counts[2] += 1  # tried: connected, refused or timed out
        if counts[2] == load.clients:
            go.set()
            if load.stop_file:  # tell the bench this process's clients have all tried
                with open(f"{load.stop_file}.ready.{load.offset}", "w"):
                    pass
    await go.wait()
    stop = time.monotonic() + load.seconds
    prefix = f"42/site/{load.key},"
    if load.hold:
        stop = time.monotonic() + load.hold
        while time.monotonic() < stop:
            if load.stop_file and os.path.exists(load.stop_file):
                break
            try:
                message = await asyncio.wait_for(ws.receive_str(), 1.0)
            except TimeoutError:
                continue
            except TypeError:
                break
            if message == "2":
                await ws.send_str("3")
            elif load.wait_for and message.startswith(f'{prefix}["{load.wait_for}"'):
                marks.append(time.time())
        await ws.close()
        return
    body = json.dumps(["ev", _events(load.batch)])
    ack = 0
    while time.monotonic() < stop and not (load.stop_file and os.path.exists(load.stop_file)):
        await ws.send_str(f"{prefix}{ack}{body}")
        while True:
            message = await ws.receive_str()
            if message == "2":
                await ws.send_str("3")
            elif message.startswith(f"43/site/{load.key},{ack}["):
                counts[0] += int(json.loads(message.split(",", 1)[1][len(str(ack)):])[0]["ok"])
                break
        ack += 1
        if load.pause:
            await asyncio.sleep(load.pause)
    await ws.close()


async def _run(load: Load, ready: Any = None) -> tuple[int, int, list[float]]:
    import aiohttp

    counts: list[int] = [0, 0, 0]  # events acknowledged, sockets connected, sockets tried
    marks: list[float] = []
    connector = aiohttp.TCPConnector(limit=0)
    connecting = asyncio.Semaphore(CONNECTING)
    async with aiohttp.ClientSession(connector=connector) as session:
        go = asyncio.Event()
        if load.hold:
            go.set()
        tasks = [asyncio.ensure_future(_client(session, load, i, go, counts, marks, connecting))
                 for i in range(load.clients)]
        await asyncio.gather(*tasks, return_exceptions=True)
    return counts[0], counts[1], marks


def _process(load: Load, out: Any) -> None:
    out.put(asyncio.run(_run(load)))


def run_load(load: Load, processes: int) -> tuple[int, int, list[float]]:
    """Run ``load`` split over ``processes``; (events acknowledged as kept in the
    ``seconds`` after each process's clients all connected, sockets that connected,
    times the awaited event arrived)."""
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    share = load.clients // processes
    procs = [context.Process(target=_process, args=(replace(
        load, clients=share, offset=load.offset + n * share), out)) for n in range(processes)]
    for proc in procs:
        proc.start()
    results = [out.get() for _ in procs]
    for proc in procs:
        proc.join()
    marks = [m for _, _, ms in results for m in ms]
    return sum(r[0] for r in results), sum(r[1] for r in results), marks
