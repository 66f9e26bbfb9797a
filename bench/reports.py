"""How long the reports API takes on a year of a busy store (10,000 visitors a day).

A year of rollups is written straight into the tables (``sitetracker.simulate.history``:
daily counters, each day's visitors sketch, the visitor-day rows of the last two days),
on SQLite in a temporary directory; then ``GET /api/sites/<key>/reports`` is asked for
each period, signed in with an API token, interleaved with a bare request that only
runs ``SELECT 1`` through the same app, connection handling and sign-in: the ratio is
what reading the rollups costs beyond the bare stack.
"""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from .ratio import Figure, Ratio

TITLE = "Reports API on a year of a store with 10,000 visitors a day"
TODAY = date(2026, 3, 10)
VISITORS = 10_000
PERIODS = ("range=today", "range=7d", "range=30d", "range=90d",
           "from=2025-03-11&to=2026-03-10")


def _app(folder: Path, days: int) -> tuple[Any, str, str, float]:
    from sitetracker import create_app, tenancy
    from sitetracker.clock import ManualClock
    from sitetracker.db import database
    from sitetracker.simulate.history import seed

    app = create_app({"data_dir": str(folder), "database_url": f"sqlite:///{folder}/bench.db",
                      "testing": True, "async_mode": "threading", "log_level": "WARNING",
                      "base_url": "http://localhost"},
                     clock=ManualClock(time.mktime((2026, 3, 10, 12, 0, 0, 0, 0, 0))))

    def bare() -> dict[str, int]:
        return {"one": int(database.execute_sql("SELECT 1").fetchone()[0])}

    app.add_url_rule("/api/bench/select-one", "bench_select_one", bare)
    with database.connection_context():
        org = tenancy.create_organization("Bench")
        site = tenancy.create_site(org, "Bench shop", ["bench.test"], "UTC")
        user, _ = tenancy.add_member("bench@bench.test", "owner", password="bench-password-1",
                                  organization=org)
        token, _ = tenancy.create_api_token(user, "bench")
    started = time.perf_counter()
    seed(site.id, TODAY, days, VISITORS, visitor_rows_days=2)
    return app, site.public_key, token, time.perf_counter() - started


def measure(runs: int = 5, quick: bool = False) -> list[Ratio | Figure]:
    """One row per period: milliseconds per report against the bare request."""
    days = 30 if quick else 365
    with tempfile.TemporaryDirectory() as tmp:
        app, key, token, seeded = _app(Path(tmp), days)
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}

        def timed(url: str) -> float:
            started = time.perf_counter()
            response = client.get(url, headers=headers)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise RuntimeError(f"{url}: {response.status_code} {response.get_data()!r}")
            return elapsed

        rows: list[Ratio | Figure] = []
        first = Figure("first report of the year (adds up its 11 whole months once)", "ms",
                       "under 5,000 ms on SQLite")
        for period in PERIODS:
            row = Ratio(f"report, {period}", "ms", "under 1,000 ms on SQLite",
                        higher_is_better=False,
                        note=f"{days} days seeded in {seeded:,.0f} s; with the period before")
            warm = timed(f"/api/sites/{key}/reports?{period}")  # pages cached, months added up
            if period.startswith("from="):
                first.values.append(warm)
            for _ in range(runs):
                row.bare.append(timed("/api/bench/select-one"))
                row.ours.append(timed(f"/api/sites/{key}/reports?{period}"))
            rows.append(row)
        return [*rows, first]


if __name__ == "__main__":
    from .ratio import table

    print("\n".join(table(measure(3))))
