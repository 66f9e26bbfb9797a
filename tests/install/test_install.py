"""What the collect route, the live channel and the webhooks tell install detection:
pages named by host and path, a batch with events kept noted as seen, a refused page
noted and told to the verify view."""

from __future__ import annotations

import pytest

from sitetracker.app import socketio_of
from sitetracker.db import database
from sitetracker.ingest.pipeline import Result
from sitetracker.install import page_of
from sitetracker.install.models import RefusedOrigin

from ..agents import DESKTOP_UA
from ..beacons import SHOPPER
from .test_sightings import messages, tick, verifying


@pytest.mark.parametrize(("url", "page"), [
    ("https://shop-a.test/shoes?size=42#top", "shop-a.test/shoes"),
    ("https://Shop-A.test", "shop-a.test/"),
    ("http://shop-a.test:8080/a/b", "shop-a.test/a/b"),
    ("/relative/path", ""),
    ("", ""),
    ("http://[::1", ""),
])
def test_a_page_is_its_host_and_path(url, page):
    assert page_of(url) == page


def test_a_refused_live_connection_tells_the_verify_view_and_is_listed(app, client, world,
                                                                       login_as):
    key = world.site_a.public_key
    admin, code = verifying(app, client, world, login_as, world.site_a.id)
    shopper = socketio_of(app).test_client(
        app, namespace=f"/site/{key}", auth={**SHOPPER, "vf": code},
        headers={"Origin": "https://elsewhere.test", "User-Agent": DESKTOP_UA},
        flask_test_client=app.test_client())
    assert not shopper.is_connected(f"/site/{key}")
    told = messages(admin, key)
    assert told[0]["refused"] == "origin" and "elsewhere.test" in told[0]["dropped"][0]["why"]
    tick(app)
    with database.connection_context():
        assert RefusedOrigin.get(RefusedOrigin.site == world.site_a.id).origin == \
            "https://elsewhere.test"


@pytest.fixture
def app_clock(clock):
    return clock


def test_a_batch_is_noted_as_seen_only_when_events_were_kept(app, world):
    install = app.extensions["sitetracker"].install
    events = [{"n": "purchase"}, {"n": "pageview", "u": "https://shop-a.test/thanks?o=1"}]
    install.kept(world.site_a.id, "woocommerce", events, Result(kept=0))
    assert install.sightings.pending_seen(world.site_a.id) == {}
    install.kept(world.site_a.id, "woocommerce", events, Result(kept=2))
    page, _ = install.sightings.pending_seen(world.site_a.id)["woocommerce"]
    assert page == "shop-a.test/thanks"


def test_a_refused_page_is_noted_for_the_site_page_with_or_without_its_origin(app, world):
    tracking = app.extensions["sitetracker"]
    site = tracking.sites.by_key(world.site_a.public_key)
    tracking.install.refused(site, "https://elsewhere.test")
    tracking.install.refused(site, None, code="not a code")
    tick(app)
    with database.connection_context():
        assert sorted(r.origin for r in RefusedOrigin.select()) == [
            "(no origin)", "https://elsewhere.test"]
