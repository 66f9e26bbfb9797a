"""Writing Web Vitals' bucket counts (rollup.py), through the pipeline and the write
buffer: counts added per bucket, a bounded number of paths a day."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sitetracker.db import database
from sitetracker.models import DailyCount
from sitetracker.vitals import rollup
from sitetracker.vitals.models import VitalBucket

from ..reading import token_headers
from ..shopping import Shopper
from .sending import send_vitals, vitals_of


@pytest.fixture
def app_clock(clock):
    clock.set(datetime(2026, 3, 10, 12, 0, tzinfo=UTC))
    return clock


def test_vitals_are_stored_as_bucket_counts_not_events(app, world):
    shopper = Shopper(app, world.site_a, "shopper-many")
    send_vitals(shopper, "/", "TTFB", [120] * 30 + [130] * 20)
    app.extensions["sitetracker"].buffer.flush()
    with database.connection_context():
        rows = list(VitalBucket.select().where(VitalBucket.site == world.site_a.id))
        events = list(DailyCount.select().where((DailyCount.site == world.site_a.id)
                                                & (DailyCount.metric == "event")))
    assert sorted((r.bucket, r.count) for r in rows) == [(3, 50)]  # 120 and 130: (100, 150]
    assert events == []  # not counted as custom events either


def test_a_day_keeps_a_bounded_number_of_paths(app, client, world, make_user, monkeypatch):
    monkeypatch.setattr(rollup, "MAX_PATHS", 3)
    shopper = Shopper(app, world.site_a, "shopper-paths")
    buffer = app.extensions["sitetracker"].buffer
    for n in range(2):
        send_vitals(shopper, f"/page-{n}", "LCP", [1000])
    buffer.flush()
    for n in range(2, 6):
        send_vitals(shopper, f"/page-{n}", "LCP", [1000])
    buffer.flush()
    body = vitals_of(client, world, token_headers(make_user, world, "viewer"))
    paths = {p["path"]: p["count"] for p in body["pages"]}
    assert paths == {"/page-0": 1, "/page-1": 1, "/page-2": 1, rollup.OTHER_PATHS: 3}
