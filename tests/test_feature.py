"""What a feature may plug into the tracking services (feature.py): every seam of
``Feature`` does nothing until a feature overrides it."""

from __future__ import annotations

from sitetracker.feature import Feature

from .messaging_world import site_info


def test_a_feature_that_overrides_nothing_adds_nothing(app, world):
    site = site_info(app, world.site_a)
    feature = Feature()
    assert feature.config(site) == {} and feature.snapshot(site, 0.0) == {}
    assert feature.alert_raised(site, None, {"id": 1}) is None
    assert feature.tick(0.0) is None and feature.forget_seeds() is None


def test_every_feature_of_an_app_is_one(app):
    tracking = app.extensions["sitetracker"]
    assert tracking.features and all(isinstance(f, Feature) for f in tracking.features)
