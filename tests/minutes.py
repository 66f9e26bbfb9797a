"""The board's minutes (``MinuteStat`` rows) seeded for its graphs' tests, and the clock
they are read at."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sitetracker.clock import ManualClock
from sitetracker.db import database
from sitetracker.models import MinuteStat

# A Wednesday, 14:30 UTC.
NOW = datetime(2026, 3, 11, 14, 30, 20, tzinfo=UTC)


@pytest.fixture
def clock(app):
    manual = ManualClock(NOW)
    app.extensions["sitetracker"].clock = manual
    return manual


def seed(site_id: int, rows: list[tuple[datetime, int, float]]) -> None:
    with database.connection_context():
        MinuteStat.insert_many([
            {"site": site_id, "minute": int(at.timestamp()) // 60 * 60, "concurrents": n,
             "engaged": e, "pageviews": 0} for at, n, e in rows
        ]).execute()
