"""One client flooding the live channel, beside the bare Flask-SocketIO handler.

A flooding socket sends ``ev`` messages as fast as its connection takes them, without
waiting for answers (it reads and drops them, so the server is never held up writing to
it), while other shoppers each send one event at a time and time the round trip to its
acknowledgement. Rows: the others' round trip (median and p99) during the flood, and how
much the server's memory grew over it. SiteTracker runs with its default per-socket rate
limit, the setting that is meant to protect the others; the bare stack has none.
``quick`` uses a short flood and a few shoppers.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .latency import _acked
from .live_clients import PAGEVIEW, _connect
from .ratio import Ratio
from .sockets import Target, bare_server, our_server, raise_fd_limit

TITLE = "Flood from one client"
# Ours with its default per-socket event rate (10 a second): the limit under test.
DEFAULT_RATE = {"shopper_events_per_second": "10"}
NOTES = """
Met. The per-socket rate limit (10 events a second by default) answers the flooder's
extra events as `throttled` at once, so the server's memory grows a few MiB over the
flood while the bare stack, which queues an answer for every message, grows ten times
that; other shoppers' round trip stays in milliseconds (about twice the bare stack's:
each of their events goes through the pipeline, the bare handler does nothing).
"""


async def _flood(port: int, key: str, seconds: float) -> int:
    """Send as fast as the socket takes it for ``seconds``; the messages sent."""
    import json

    import aiohttp

    async with aiohttp.ClientSession() as session:
        ws = await _connect(session, port, key, json.dumps(
            {"v": "flooder-000001", "s": "flood-session-01"}))

        async def drain() -> None:
            async for message in ws:
                if message.data == "2":
                    await ws.send_str("3")

        reader = asyncio.ensure_future(drain())
        body = json.dumps(["ev", PAGEVIEW])
        sent = 0
        stop = time.monotonic() + seconds
        while time.monotonic() < stop:
            await ws.send_str(f"42/site/{key},{sent}{body}")
            sent += 1
            if sent % 50 == 0:
                await asyncio.sleep(0)  # let the reader run
        reader.cancel()
        await ws.close()
    return sent


async def _probes(port: int, key: str, shoppers: int, seconds: float) -> list[float]:
    """``shoppers`` sockets, each sending one event and awaiting its answer, 20 a second
    each, for ``seconds``: every round trip in milliseconds."""
    import json

    import aiohttp

    prefix = f"/site/{key},"
    trips: list[float] = []
    async with aiohttp.ClientSession() as session:

        async def one(index: int) -> None:
            ws = await _connect(session, port, key, json.dumps(
                {"v": f"probe-{index:04d}", "s": f"probe-s-{index:04d}"}))
            stop = time.monotonic() + seconds
            ack = 0
            while time.monotonic() < stop:
                sent = time.perf_counter()
                await ws.send_str(f'42{prefix}{ack}["ev",{json.dumps(PAGEVIEW)}]')
                await _acked(ws, prefix, ack)
                trips.append((time.perf_counter() - sent) * 1000)
                ack += 1
                await asyncio.sleep(0.05)
            await ws.close()

        await asyncio.gather(*(one(n) for n in range(shoppers)))
    return trips


def _flood_process(port: int, key: str, seconds: float, out: Any) -> None:
    out.put(asyncio.run(_flood(port, key, seconds)))


def _probe_process(port: int, key: str, shoppers: int, seconds: float, out: Any) -> None:
    out.put(asyncio.run(_probes(port, key, shoppers, seconds)))


def one_run(target: Target, shoppers: int, seconds: float) -> dict[str, float]:
    """The flood and the probes side by side, in processes of their own."""
    context = multiprocessing.get_context("spawn")
    flood_out, probe_out = context.Queue(), context.Queue()
    before = target.rss_kib()
    flooder = context.Process(target=_flood_process,
                              args=(target.port, target.key, seconds + 1.0, flood_out))
    prober = context.Process(target=_probe_process,
                             args=(target.port, target.key, shoppers, seconds, probe_out))
    flooder.start()
    time.sleep(0.5)  # the flood under way before the first probe
    prober.start()
    peak = before
    trips: list[float] | None = None
    while trips is None:
        peak = max(peak, target.rss_kib())
        try:
            trips = probe_out.get(timeout=0.5)
        except Exception:  # noqa: BLE001 - queue.Empty: still probing
            continue
    sent = flood_out.get(timeout=seconds + 60)
    flooder.join()
    prober.join()
    trips.sort()
    return {"p50": trips[len(trips) // 2] if trips else float("nan"),
            "p99": trips[min(len(trips) - 1, int(len(trips) * 0.99))] if trips else float("nan"),
            "grew": max(0, peak - before), "flood": sent / (seconds + 1.0)}


def measure(runs: int, quick: bool) -> list[Ratio]:
    raise_fd_limit()
    seconds, shoppers = (3.0, 5) if quick else (10.0, 20)
    p50 = Ratio("others' round trip during one client's flood, p50", "ms",
                "ours ≤ 100 ms", higher_is_better=False)
    p99 = Ratio("others' round trip during one client's flood, p99", "ms",
                "ours ≤ 100 ms", higher_is_better=False)
    grew = Ratio(f"server memory grown over a {seconds:.0f} s flood", "KiB", "bounded",
                 higher_is_better=False)
    floods: list[float] = []
    for _ in range(runs):
        with bare_server() as bare:
            b = one_run(bare, shoppers, seconds)
        with tempfile.TemporaryDirectory() as name, \
                our_server(Path(name), **DEFAULT_RATE) as ours:
            o = one_run(ours, shoppers, seconds)
        for row, part in ((p50, "p50"), (p99, "p99"), (grew, "grew")):
            row.bare.append(b[part])
            row.ours.append(o[part])
        floods.append(o["flood"])
    p50.note = (f"{shoppers} shoppers probing, each 20 events a second; the flood sent "
                f"about {sorted(floods)[len(floods) // 2]:,.0f} messages a second to ours")
    return [p50, p99, grew]


if __name__ == "__main__":
    from .ratio import table

    quick = "--quick" in sys.argv
    print("\n".join(table(measure(1 if quick else 3, quick))))
