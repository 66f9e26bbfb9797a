"""``POST /api/collect`` beside a bare Flask app on eventlet that parses the body and
answers 204 (:mod:`bench.baselines.bare_http`).

Both run as servers of their own, started here; each run loads the bare one and ours
in turn, one-second slices each, with the same keep-alive connections and the same
bodies (one visitor each, cycling through :data:`VISITORS`), and counts the events of
the requests answered 2xx.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import load
from .ingest import EVENTS, make_site
from .ratio import Ratio

TITLE = "HTTP ingestion"
ROOT = Path(__file__).resolve().parent.parent
VISITORS = 500
CONNECTIONS = 64
SECONDS = 5.0
TARGET = "≥ 0.80"
NOTES = """
Targets missed. Where the time goes (py-spy, 200 samples a second for 8 s under the same
64-connection load, commit 8a6e2b5, share of the server's busy samples):

| share of samples | bare stack | ours, one page view | ours, batches of 10 |
| --- | --- | --- | --- |
| eventlet's HTTP server: parse the request, send the answer | 68 % | 32 % | 22 % |
| Flask: request context, hooks, response, headers | 32 % | 24 % | 18 % |
| collect: limits, JSON, origin, visit (user agent, geo), answer | — | 18 % | 13 % |
| validation (profiled with a fast copy of the rules, since taken back) | — | 0.4 % | 4 % |
| pipeline: steps, live state, buffer counters | — | 13 % | 28 % |
| commerce listener: funnel, carts, page types | — | 3 % | 11 % |
| the write buffer's flush to SQLite (every 2 s) | — | 9 % | 3 % |

Before this work the same profile had a third of the time in opening and closing a
SQLite connection (pragmas on every open, a checkpoint of the write-ahead log on every
last close) for each beacon whose batch stored something durable, and marshmallow's
field machinery at 12 % of a batch: connections are now pooled (the validation row was
measured with a straight-line copy of the rules, taken back since for one implementation
of them, so marshmallow's share is back). The same harness before these changes (3 runs,
earlier the same day, when most batches were a shopper's first and carried a first add
to cart, a durable write): one page view 0.21 / 0.23 / 0.27, batches of 10 0.02 / 0.03 /
0.04 (773 events/s against 18,208); with pooled connections alone, the same batches 0.11
/ 0.19 / 0.26 (1,960 events/s). The runs now post each body once before measuring, so
they measure shoppers already seen today. No single cost is left to remove: a page view
does about three times the bare stack's work in Python (validation, identity, the steps,
live state, the buffer, the metrics and the headers every answer carries), and about
half of the bare stack's own time is eventlet's HTTP parsing and socket writes. Reaching
0.8 would take a cheaper server under the same code (an ASGI or gevent server with a C
HTTP parser, which would speed the bare stack too), or moving the per-event live-state
and buffer work out of the request (a queue drained by a worker of its own), which
"acknowledged means stored" allows only for what is not durable. The machine ran other
jobs (load average 13 on 2 cores), so the spread between runs is wide.
"""
# Ours counts every request against the address's limit, but one address sends it all.
OUR_SETTINGS = {"collect_per_ip_per_minute": "10000000"}


def bodies(key: str, events: Callable[[int], Any], visitors: int = VISITORS) -> list[str]:
    """One body per visitor, ``events(n)`` its ``ev``."""
    return [json.dumps({"k": key, "v": f"benchvisitor{n:05d}", "s": f"benchsession{n:05d}",
                        "ev": events(n)}) for n in range(visitors)]


def page_view(n: int) -> dict[str, str]:
    return {"n": "pageview", "u": f"https://shop.test/products/p{n % 50}",
            "r": "https://google.com/"}


def batch_of_ten(n: int) -> list[Any]:
    return EVENTS * 2


@contextmanager
def bare_server(tmp: Path) -> Iterator[int]:
    """The bare stack on a free port, until the block ends."""
    from tests.servers import free_port, stop, wait_ready

    port = free_port()
    log_path = tmp / "bare-http.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bench.baselines.bare_http", "--port", str(port)],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)

    def ready() -> bool:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).close()
            return True
        except OSError:
            return False

    try:
        wait_ready(process, ready, log_path)
        yield port
    finally:
        stop(process)


def kept(port: int, given: list[str]) -> int:
    """The fewest events of one of ``given`` ours says it kept (a check that none is
    dropped), having posted each once: the runs then measure shoppers already seen
    today, whose first add to cart (stored before its answer) is behind them."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    fewest = None
    try:
        for body in given:
            conn.request("POST", "/api/collect", body, load.HEADERS)
            response = conn.getresponse()
            answer = response.read()
            if response.status != 202:
                raise RuntimeError(f"/api/collect answered {response.status}: {answer!r}")
            ok = int(json.loads(answer)["ok"])
            fewest = ok if fewest is None else min(fewest, ok)
        return fewest or 0
    finally:
        conn.close()


def interleaved(bare: int, ours: int, given: list[str], connections: int, seconds: float
                ) -> tuple[float, float]:
    """One run: answers a second of the bare server and of ours, each loaded for
    ``seconds`` in one-second slices taken in turn (who goes first alternates), so a
    change in the machine's load falls on both alike."""
    totals = {bare: [0, 0.0], ours: [0, 0.0]}
    for turn in range(max(1, round(seconds))):
        for port in (bare, ours) if turn % 2 == 0 else (ours, bare):
            got = load.run(port, "/api/collect", given, connections, 1.0)
            totals[port][0] += got.ok
            totals[port][1] += got.seconds
    return (totals[bare][0] / totals[bare][1], totals[ours][0] / totals[ours][1])


def measure(runs: int, quick: bool) -> list[Ratio]:
    connections, seconds = (4, 1.0) if quick else (CONNECTIONS, SECONDS)
    rows = [
        (Ratio(f"`POST /api/collect`, one page view per request, {connections} connections",
               "events/s", TARGET), page_view, 1),
        (Ratio(f"the same, batches of 10 events, {connections} connections", "events/s",
               TARGET), batch_of_ten, 10),
    ]
    from tests.servers import running_server

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        url = f"sqlite:///{tmp / 'bench.db'}"
        key = make_site(url)
        with bare_server(tmp) as bare, running_server(tmp, url, **OUR_SETTINGS) as ours:
            for row, events, size in rows:
                given = bodies(key, events, 50 if quick else VISITORS)
                if kept(ours.port, given) != size:
                    row.note = "some events were dropped: the figure counts requests"
                for port in (bare, ours.port):  # warm up both
                    load.run(port, "/api/collect", given, connections, 1.0)
                for _ in range(runs):
                    bare_rate, our_rate = interleaved(bare, ours.port, given, connections,
                                                      seconds)
                    row.bare.append(size * bare_rate)
                    row.ours.append(size * our_rate)
    return [row for row, _, _ in rows]
