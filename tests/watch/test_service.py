"""The live view of one app (service.py: ``Watch``), asked directly: who may be watched,
what the shopper's page is told, what a replay answers, what the snapshot says."""

from __future__ import annotations

import pytest

from sitetracker.commerce.models import Alert
from sitetracker.db import database
from sitetracker.live.refused import Refused
from sitetracker.shoppers import shopper_name
from sitetracker.watch import service, settings
from sitetracker.watch.recordings import recording_write

from ..messaging_world import ShopperPage, site_info


@pytest.fixture
def app_clock(clock):
    return clock


def watch_of(app):
    return app.extensions["sitetracker.watch"]


def turn_on(app, site, live=True, lead=False):
    settings.save(site.id, settings.Setting(live=live, lead=lead))
    watch_of(app).settings.forget(site.id)


def test_watching_a_live_shopper_tells_their_page_for_how_long(app, world, clock):
    turn_on(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    shopper.view("/products/boot")
    with app.app_context():  # as in the socket's handler
        started = watch_of(app).start(site_info(app, world.site_a), "admin-sid",
                                      shopper.ref)
    now = clock.now()
    assert started == {"ref": shopper.ref, "name": shopper_name(shopper.ref, now),
                       "until": int(now + service.LIMIT)}
    assert shopper.received("watch_start") == [{"ttl": service.LIMIT}]
    watch_of(app).stop(site_info(app, world.site_a), "admin-sid", shopper.ref)
    assert shopper.received("watch_stop") == [{}]


def test_nobody_is_watched_while_the_live_view_is_off(app, world):
    shopper = ShopperPage(app, world.site_a)
    shopper.view("/")
    with pytest.raises(Refused) as caught:
        watch_of(app).start(site_info(app, world.site_a), "admin-sid", shopper.ref)
    assert caught.value.status == 403 and caught.value.fields == {"ref": "live view off"}
    assert shopper.received("watch_start") == []


def test_a_shopper_not_on_the_site_cannot_be_watched(app, world):
    turn_on(app, world.site_a)
    with pytest.raises(Refused) as caught:
        watch_of(app).start(site_info(app, world.site_a), "admin-sid", "0123456789abcdef")
    assert caught.value.status == 404 and caught.value.fields == {"ref": "not live"}


def test_a_replay_answers_the_alerts_recording_or_404(app, world):
    with database.connection_context():
        alert = Alert.create(site=world.site_a.id, kind="event_count",
                             severity="emergency", title="t").id
    site = site_info(app, world.site_a)
    with pytest.raises(Refused) as caught:
        watch_of(app).replay(site, alert)
    assert caught.value.status == 404
    events = [{"type": 3, "timestamp": 1773140000000, "data": {}}]
    app.extensions["sitetracker"].write_path.commit(
        [recording_write(world.site_a.id, alert, "0123456789abcdef", events)])
    assert watch_of(app).replay(site, alert) == {"alert": alert, "events": events}


def test_the_snapshot_says_whether_admins_may_watch(app, world, clock):
    site = site_info(app, world.site_a)
    assert watch_of(app).snapshot(site, clock.now()) == {"watch": {"live": False}}
    turn_on(app, world.site_a)
    assert watch_of(app).snapshot(site, clock.now()) == {"watch": {"live": True}}
