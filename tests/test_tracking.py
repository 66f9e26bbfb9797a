"""The tracking services of one app (tracking.py): the features plugged in once, what a
widget is told and what the snapshot holds, seeding from storage after a restart, the
raw events' retention."""

from __future__ import annotations

import pytest

from sitetracker import create_app
from sitetracker.db import database
from sitetracker.feature import Feature
from sitetracker.models import RawEvent

from .beacons import send


@pytest.fixture
def app_config(app_config):
    return {**app_config, "raw_event_retention_days": 7}


@pytest.fixture
def app_clock(clock):
    return clock


def info(app, site):
    return app.extensions["sitetracker"].sites.by_key(site.public_key)


def test_the_features_are_plugged_in_once(app):
    tracking = app.extensions["sitetracker"]
    assert tracking.features
    with pytest.raises(RuntimeError, match="plugged in already"):
        tracking.plug(Feature())


def test_every_feature_ticks_beside_the_guard_and_the_install_notes(app):
    tracking = app.extensions["sitetracker"]
    jobs = tracking.tick_jobs()
    assert jobs[:2] == [tracking.guard.sweep, tracking.install.sightings.flush]
    assert jobs[2:] == [feature.tick for feature in tracking.features]


def test_the_widget_is_told_the_sites_consent_and_each_features_part(app, world):
    tracking = app.extensions["sitetracker"]
    config = tracking.config(info(app, world.site_a))
    assert config["consent"] == "keep"
    for feature in tracking.features:
        for key, value in feature.config(info(app, world.site_a)).items():
            assert config[key] == value


def test_the_snapshot_has_each_features_part_and_says_live_state_is_whole(app, world):
    tracking = app.extensions["sitetracker"]
    snap = tracking.snapshot(info(app, world.site_a))
    assert snap["live_degraded"] is False and snap["users"] == 0
    assert snap["watch"] == {"live": False}  # the live view's part


def test_a_restart_keeps_todays_engaged_time_and_the_months_peak(app, client, world, clock,
                                                                  app_config):
    tracking = app.extensions["sitetracker"]
    send(client, world.site_a, [{"n": "pageview", "u": "https://shop-a.test/"},
                                {"n": "engage", "e": 30}])
    site = tracking.sites.by_key(world.site_a.public_key)
    tracking.live.sample_concurrents(site.id, clock.now(), site.timezone)
    tracking.buffer.concurrent(site.id, int(clock.now()) // 60 * 60, 1, "2026-03")
    tracking.shutdown()

    restarted = create_app(app_config, clock=clock)
    again = restarted.extensions["sitetracker"]
    snap = again.snapshot(again.sites.by_key(world.site_a.public_key))
    assert snap["engaged_today"] == 30
    assert snap["peak_month"]["value"] == 1


def test_raw_events_past_retention_are_purged(app, client, world, clock):
    tracking = app.extensions["sitetracker"]
    with database.connection_context():
        RawEvent.create(site=world.site_a.id, ts=int(clock.now()) - 8 * 86400, visitor="old",
                        name="pageview")
        RawEvent.create(site=world.site_a.id, ts=int(clock.now()) - 86400, visitor="new",
                        name="pageview")
    assert tracking.purge_raw_events() == 1
    with database.connection_context():
        assert [r.visitor for r in RawEvent.select()] == ["new"]
