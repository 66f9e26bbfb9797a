"""The one-second tick's cost as the live shoppers grow.

In process, on the memory store: ``FEW`` and then ``MANY`` shoppers each arrive with a
page view, and one in five adds to a cart, through the real pipeline. Then the tick's
two per-site steps are timed, many times over: ``sample`` (forget shoppers whose time
ran out, count who is live) and the snapshot an admin is pushed (``Tracking.snapshot``:
the live numbers, the funnel's gauges, carts at risk, every feature's part). The row is
the time at ``MANY`` against the time at ``FEW``, measured in the same run: a tick whose
cost stays flat as shoppers grow has a ratio near 1, one that rescans every shopper each
second grows with them (100 times the shoppers, up to 100 times the time).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .ingest import CHROME
from .ratio import Figure, Ratio

TITLE = "The tick as shoppers grow"
FEW = 100
NOTES = """
The snapshot's cost is flat: the board's counts and the funnel's live part (open carts,
carts at risk) are kept with the versions of the presences and carts they were counted
at, and counted again only when one of them moved, on any worker. Before this, the
snapshot at 10,000 shoppers took 180 ms, all of it in reading every live shopper's cart
each second (cProfile, 10 snapshots: `Funnel.gauges` 1.78 s of 1.84 s). `sample` still
grows with the shoppers on the embedded in-memory store, whose sorted sets are scanned
(the sweep and the count of who is live); at 10,000 shoppers it is under 10 ms a
second, under 1 % of a core. On Redis the same two are `ZRANGEBYSCORE` and `ZCOUNT`,
logarithmic in the set's size.
"""


def _tracking(tmp: Path) -> tuple[Any, Any, str]:
    from sitetracker.app import create_app

    from .ingest import make_site

    url = f"sqlite:///{tmp / 'tick.db'}"
    key = make_site(url)
    app = create_app({"data_dir": str(tmp), "database_url": url, "testing": True,
                      "async_mode": "threading", "log_level": "ERROR"})
    tracking = app.extensions["sitetracker"]
    return app, tracking, key


def _arrive(app: Any, tracking: Any, key: str, shoppers: int) -> Any:
    """``shoppers`` live shoppers on the site, a fifth of them with a cart."""
    from sitetracker.db import database
    from sitetracker.ingest.visit import identify

    site = tracking.sites.by_key(key)
    with app.app_context(), database.connection_context():
        for n in range(shoppers):
            visit = identify(site, {"v": f"visitor-{n:06d}", "s": f"sess-{n:06d}"}, CHROME,
                             f"81.2.{n // 250 % 250}.{n % 250 + 1}", tracking.geo)
            events: list[dict[str, Any]] = [
                {"n": "pageview", "u": f"https://shop.test/products/p{n % 50}"}]
            if n % 5 == 0:
                events.append({"n": "add_to_cart",
                               "p": {"value": 20.0 + n % 7, "currency": "EUR"}})
            tracking.pipeline.run(visit, events, live=True)
    return site


def _time(step: Any, repeat: int) -> float:
    """Median milliseconds of ``step()`` over ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        step()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def one_run(shoppers: int, repeat: int) -> dict[str, float]:
    from sitetracker.db import database
    from sitetracker.live.ticker import sample

    with tempfile.TemporaryDirectory() as name:
        app, tracking, key = _tracking(Path(name))
        site = _arrive(app, tracking, key, shoppers)
        with app.app_context(), database.connection_context():
            tracking.snapshot(site)  # today's seeds, once
            live = tracking.live.snapshot(site.id, tracking.clock.now(),
                                          site.timezone)["users"]
            return {"sample": _time(lambda: sample(tracking), repeat),
                    "snapshot": _time(lambda: tracking.snapshot(site), repeat),
                    "live": float(live)}


def measure(runs: int, quick: bool) -> list[Ratio | Figure]:
    many = 1_000 if quick else 10_000
    repeat = 5 if quick else 20
    sample_row = Ratio(f"`sample` (sweep, count who is live): {many:,} shoppers against "
                       f"{FEW}", "ms", "≈ 1 (flat)", higher_is_better=False)
    snapshot_row = Ratio(f"the snapshot pushed to an admin: {many:,} shoppers against "
                         f"{FEW}", "ms", "≈ 1 (flat)", higher_is_better=False)
    live = Figure(f"live users counted at {many:,} shoppers", "", f"{many:,}")
    for _ in range(runs):
        few = one_run(FEW, repeat)
        lots = one_run(many, repeat)
        sample_row.bare.append(few["sample"])
        sample_row.ours.append(lots["sample"])
        snapshot_row.bare.append(few["snapshot"])
        snapshot_row.ours.append(lots["snapshot"])
        live.values.append(lots["live"])
    for row in (sample_row, snapshot_row):
        row.fmt = "{:,.2f}"
        row.note = f"the bare column is the same tick at {FEW} shoppers, same run"
    return [sample_row, snapshot_row, live]


if __name__ == "__main__":
    from .ratio import table

    quick = "--quick" in sys.argv
    print("\n".join(table(measure(1 if quick else 3, quick))))
