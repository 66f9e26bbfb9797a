"""Verify mode: an admin's code, and what becomes of one browser's events told to the
site's admins (kept, dropped with the reason spelled out, or refused)."""

from __future__ import annotations

import pytest

from sitetracker.install.verify import code_key, valid_code

from ..agents import DESKTOP_UA
from ..beacons import SHOPPER
from .test_sightings import beacon, messages, verifying


def test_verify_mode_tells_admins_why_a_domain_is_refused(app, client, world, login_as):
    key = world.site_a.public_key
    admin, code = verifying(app, client, world, login_as, world.site_a.id)
    beacon(app.test_client(), key, "https://elsewhere.test", vf=code)
    beacon(app.test_client(), key, "https://shop-a.test", vf=code)
    told = messages(admin, key)
    assert told[0]["refused"] == "origin"
    assert "not one of the site's domains" in told[0]["dropped"][0]["why"]
    assert "https://elsewhere.test" in told[0]["dropped"][0]["why"]
    assert told[1]["kept"] == 1 and told[1]["page"] == "shop-a.test/shoes"


def test_verify_mode_spells_out_a_pipeline_drop(app, client, world, login_as):
    key = world.site_a.public_key
    admin, code = verifying(app, client, world, login_as, world.site_a.id)
    event = {"n": "pageview", "u": "https://shop-a.test/", "i": "event-00000001"}
    for _ in range(2):  # the second is a duplicate
        app.test_client().post("/api/collect", json={"k": key, **SHOPPER, "vf": code,
                                                      "ev": [event]},
                               headers={"Origin": "https://shop-a.test",
                                        "User-Agent": DESKTOP_UA})
    told = messages(admin, key)
    assert told[1]["kept"] == 0
    assert told[1]["dropped"][0]["reason"] == "duplicate"
    assert "already counted" in told[1]["dropped"][0]["why"]


def test_a_code_of_another_site_tells_nobody(app, client, world, login_as):
    key = world.site_a.public_key
    admin, code = verifying(app, client, world, login_as, world.site_a2.id)
    beacon(app.test_client(), key, "https://shop-a.test", vf=code)
    assert messages(admin, key) == []


@pytest.mark.parametrize(("value", "valid"), [
    ("0a1b2c3d", True), ("0a1b2c", True), ("0" * 16, True), ("0a1b2", False),
    ("0" * 17, False), ("0A1B2C3D", False), ("0a1b-2c3d", False), (None, False),
    (12345678, False), ("", False),
])
def test_only_a_code_of_the_right_shape_is_valid(value, valid):
    assert valid_code(value) == (value if valid else "")


def test_a_started_code_is_for_its_site_only(app, world):
    tracking = app.extensions["sitetracker"]
    verifier = tracking.install.verifier
    code = verifier.start(world.site_a.id)
    assert valid_code(code) == code
    site_a = tracking.sites.by_key(world.site_a.public_key)
    site_b = tracking.sites.by_key(world.site_b.public_key)
    assert verifier.is_for(site_a, code) and not verifier.is_for(site_b, code)
    assert not verifier.is_for(site_a, "ffffffff" if code != "ffffffff" else "eeeeeeee")
    assert not verifier.is_for(site_a, "not a code")


def test_a_codes_key_is_under_the_apps_prefix():
    assert code_key("st", "0a1b2c3d") == "st:verify:0a1b2c3d"
