"""The live view plugged into an app (watch/__init__.py: ``init_app``): one ``Watch`` per
app, whose part is in the live snapshot."""

from __future__ import annotations

from sitetracker import create_app
from sitetracker.watch import Watch, settings

from ..messaging_world import site_info


def test_each_app_has_its_own_watch_in_the_live_snapshot(app, app_config, world):
    watch = app.extensions["sitetracker.watch"]
    assert isinstance(watch, Watch)
    assert watch.refs is app.extensions["sitetracker.messaging"].state
    tracking = app.extensions["sitetracker"]
    assert tracking.snapshot(site_info(app, world.site_a))["watch"] == {"live": False}
    settings.save(world.site_a.id, settings.Setting(live=True))
    other = create_app(app_config)
    assert other.extensions["sitetracker.watch"] is not watch
    assert other.extensions["sitetracker"].snapshot(
        site_info(other, world.site_a))["watch"] == {"live": True}
