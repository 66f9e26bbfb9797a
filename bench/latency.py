"""How soon an admin hears of a shopper, while other shoppers keep the server busy.

Rows: the checkout-trouble alert (a shopper's third ``pay_now`` sent, to the ``alert``
event on an admin's socket) and a page view to the first ``live_delta`` that shows it,
each as percentiles over probes, while background shoppers send about 1,000 events a
second (batches of 10, each client pausing a second between answers). One probe
shopper at a time: a fresh visitor each, so every third press is a new alert.
``quick`` uses a light background and a few probes.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from .live_clients import Load, _connect, run_load
from .ratio import Figure, Ratio
from .sockets import PROCESSES, Target, our_server, raise_fd_limit

TITLE = "Live latency"
WAIT = 10.0  # seconds a probe waits for what it expects before it counts as missed
NOTES = """
The alert is met (p99 well under 100 ms): it is emitted from the event's own handling,
once the third `pay_now` is stored. The live delta is one tick + 100 ms at the median,
and its p99 passes that by a few tens of milliseconds: the board is pushed by the
one-second tick, so a page view that lands just after a push waits for the next one, and
the loop sleeps a second less its own work, so a tick is a little over a second apart
(the push itself, a snapshot kept between changes, costs about 2 ms: see the tick's
section). Meeting it outright would take pushing a delta when an event lands (at most
one every quarter second per site), not only on the tick.
"""


def _pct(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def _acked(ws: Any, prefix: str, ack: int) -> None:
    """Read the shopper's socket until the answer to ``ack`` (answering pings)."""
    while True:
        message = await ws.receive_str()
        if message == "2":
            await ws.send_str("3")
        elif message.startswith(f"43{prefix}{ack}["):
            return


async def _probe(target: Target, samples: int) -> tuple[list[float], list[float], int]:
    """(alert latencies ms, page view to live_delta ms, probes that timed out)."""
    import aiohttp

    prefix = f"/site/{target.key},"
    alerts: list[float] = []
    deltas: list[float] = []
    missed = 0
    heard: dict[str, list[tuple[float, str]]] = {"alert": [], "live_delta": []}
    news = asyncio.Event()
    async with aiohttp.ClientSession() as session:
        admin = await _connect(session, target.port, target.key, target.admin_auth)

        async def listen() -> None:
            async for message in admin:
                data = str(message.data)
                if data == "2":
                    await admin.send_str("3")
                elif data.startswith(f"42{prefix}["):
                    name = data.split('"', 2)[1]
                    if name in heard:
                        heard[name].append((time.perf_counter(), data))
                        news.set()

        async def first(name: str, since: float, marker: str) -> float | None:
            deadline = time.perf_counter() + WAIT
            while time.perf_counter() < deadline:
                for at, data in heard[name]:
                    if at >= since and marker in data:
                        return (at - since) * 1000
                news.clear()
                try:
                    await asyncio.wait_for(news.wait(), max(0.01, deadline - time.perf_counter()))
                except TimeoutError:
                    break
            return None

        listener = asyncio.ensure_future(listen())
        # The board's first push is the whole snapshot (``live``): probe from the deltas on.
        await first("live_delta", time.perf_counter(), "")
        for _ in range(samples):
            probe = uuid.uuid4().hex[:12]
            shopper = await _connect(session, target.port, target.key, json.dumps(
                {"v": f"probe-{probe}", "s": f"sess-{probe}"}))
            for events in heard.values():
                events.clear()
            sent = time.perf_counter()
            await shopper.send_str(f'42{prefix}1["ev",{{"n":"pageview",'
                                   f'"u":"https://shop.test/probe/{probe}"}}]')
            await _acked(shopper, prefix, 1)
            delta = await first("live_delta", sent, probe)
            for ack in (2, 3, 4):
                if ack == 4:
                    sent = time.perf_counter()
                await shopper.send_str(f'42{prefix}{ack}["ev",{{"n":"pay_now"}}]')
                await _acked(shopper, prefix, ack)
            alert = await first("alert", sent, '"alert"')
            for found, into in ((delta, deltas), (alert, alerts)):
                if found is None:
                    missed += 1
                else:
                    into.append(found)
            await shopper.close()
        listener.cancel()
        await admin.close()
    return alerts, deltas, missed


def one_run(target: Target, tmp: Path, clients: int, samples: int
            ) -> tuple[list[float], list[float], int, float]:
    """Probes under the background load: (alerts, deltas, missed, background events/s)."""
    stop_file = tmp / f"stop-latency-{time.monotonic_ns()}"
    results: list[Any] = []
    load = Load((target.port,), target.key, clients, 3600.0, batch=10, pause=1.0,
                offset=700_000, stop_file=str(stop_file))
    background = threading.Thread(target=lambda: results.append(run_load(load, PROCESSES)))
    background.start()
    deadline = time.monotonic() + max(120.0, clients / 10)
    while (len(list(tmp.glob(f"{stop_file.name}.ready.*"))) < PROCESSES
           and time.monotonic() < deadline):
        time.sleep(0.2)
    time.sleep(2.0)  # the background at its pace
    started = time.monotonic()
    alerts, deltas, missed = asyncio.run(_probe(target, samples))
    elapsed = time.monotonic() - started
    stop_file.touch()
    background.join()
    done = results[0][0] if results else 0
    return alerts, deltas, missed, done / (elapsed + 2.0)


def measure(runs: int, quick: bool) -> list[Ratio | Figure]:
    raise_fd_limit()
    clients = 10 if quick else 100
    samples = 5 if quick else 40
    alert = {p: Figure(f"checkout-trouble alert, third pay_now → admin socket, {p}", "ms",
                       "p99 ≤ 100 ms") for p in ("p50", "p95", "p99", "max")}
    delta = {p: Figure(f"page view → next `live_delta` on the admin socket, {p}", "ms",
                       "≤ one tick + 100 ms") for p in ("p50", "p99", "max")}
    background = Figure(f"background load during the probes ({clients} shoppers, "
                        "batches of 10, 1 s apart)", "events/s", "≈ 1,000 (full run)")
    lost = 0
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        with our_server(tmp) as ours:
            for _ in range(runs):
                alerts, deltas, missed, rate = one_run(ours, tmp, clients, samples)
                lost += missed
                background.values.append(rate)
                for rows, values in ((alert, alerts), (delta, deltas)):
                    for p, row in rows.items():
                        row.values.append(max(values) if p == "max" and values else
                                          _pct(values, int(p[1:]) / 100)
                                          if p != "max" else float("nan"))
    note = f"{samples} probes a run; {lost} waited over {WAIT:.0f} s (left out)"
    alert["p50"].note = delta["p50"].note = note
    background.note = f"median {statistics.median(background.values):,.0f}"
    return [*alert.values(), *delta.values(), background]


if __name__ == "__main__":
    import sys

    from .ratio import table

    print("\n".join(table(measure(1 if "--quick" in sys.argv else 3, "--quick" in sys.argv))))
