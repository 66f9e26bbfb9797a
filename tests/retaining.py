"""The app of the retention tests (the API's, the site page's and the purge's): on the
test's manual clock, keeping raw events for 30 days."""

from __future__ import annotations

import pytest


@pytest.fixture
def app_clock(clock):
    return clock


@pytest.fixture
def app_config(app_config):
    return {**app_config, "raw_event_retention_days": 30}
