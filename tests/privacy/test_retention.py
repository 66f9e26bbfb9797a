"""Retention per site: the hourly purge deleting what is older, site by site (the
periods' API and form are tests/api/test_privacy.py's and tests/web/test_privacy.py's)."""

from __future__ import annotations

from sitetracker.clock import utc
from sitetracker.commerce.models import Alert, PaymentError
from sitetracker.db import database
from sitetracker.messaging.models import Conversation, Message
from sitetracker.models import RawEvent
from sitetracker.privacy import retention
from sitetracker.watch.models import AlertRecording
from sitetracker.watch.recordings import recording_write

from .. import retaining
from ..reading import token_headers
from ..shopping import stored

DAY = 86400


# The app on the test's clock, keeping raw events 30 days (tests/retaining.py): fixtures,
# by their names.
app_clock = retaining.app_clock
app_config = retaining.app_config


def old_records(site_id: int, now: float, days_ago: int) -> None:
    """One record of every kind, ``days_ago`` days old."""
    at = utc(now - days_ago * DAY).replace(microsecond=0)
    with database.connection_context():
        PaymentError.create(site=site_id, created_at=at, message=f"{days_ago}")
        Alert.create(site=site_id, kind="sale", severity="info", title=f"{days_ago}",
                     created_at=at)
        conv = Conversation.create(site=site_id, visitor_hash=f"{site_id:04d}{days_ago:012d}",
                                   visitor=f"visitor-{days_ago:08d}", created_at=at,
                                   last_at=at)
        Message.create(conversation=conv, sender="shopper", text="hi", created_at=at)
        RawEvent.create(site=site_id, ts=int(now - days_ago * DAY), visitor="v" * 16,
                        name="pageview")


def kept(site_id: int) -> dict[str, list[str]]:
    with database.connection_context():
        return {
            "payment_errors": sorted(r.message for r in PaymentError.select().where(
                PaymentError.site == site_id)),
            "alerts": sorted(r.title for r in Alert.select().where(Alert.site == site_id)),
            "chats": sorted(r.visitor[-3:] for r in Conversation.select().where(
                Conversation.site == site_id)),
            "raw_events": sorted(str(r.ts) for r in RawEvent.select().where(
                RawEvent.site == site_id)),
        }


def test_the_purge_deletes_what_is_older_than_each_sites_periods(app, client, world, clock,
                                                                 make_user):
    now = clock.now()
    for site in (world.site_a, world.site_b):
        for days in (5, 20, 100, 200, 400):
            old_records(site.id, now, days)
    response = client.patch(f"/api/sites/{world.site_a.public_key}/retention",
                            json={"payment_errors": 10, "chats": 10, "alerts": 150,
                                  "raw_events": 15},
                            headers=token_headers(make_user, world))
    assert response.status_code == 200, response.json
    removed = retention.purge(now)
    assert kept(world.site_a.id) == {"payment_errors": ["5"], "alerts": ["100", "20", "5"],
                                     "chats": ["005"], "raw_events": [str(int(now - 5 * DAY))]}
    # Site B keeps the defaults; its raw events are the server-wide purge's.
    b = kept(world.site_b.id)
    assert b["payment_errors"] == ["20", "5"] and b["chats"] == ["005", "020", "100"]
    assert b["alerts"] == ["100", "20", "200", "5"] and len(b["raw_events"]) == 5
    assert removed == {"payment_errors": 4 + 3, "chats": 4 + 2, "alerts": 2 + 1,
                       "raw_events": 4}
    with database.connection_context():
        assert Message.select().count() == 1 + 3  # messages went with their conversations


def test_the_background_loop_purges_once_an_hour(app, world, clock):
    old_records(world.site_a.id, clock.now(), 400)
    purge = retention.HourlyPurge()
    purge.tick(clock.now())
    assert stored(PaymentError) == []
    old_records(world.site_a.id, clock.now(), 400)
    clock.advance(600)
    purge.tick(clock.now())
    assert len(stored(PaymentError)) == 1  # not yet an hour
    clock.advance(3000)
    purge.tick(clock.now())
    assert stored(PaymentError) == []


def test_the_hourly_purge_is_plugged_into_the_background_loop(app):
    hooks = app.extensions["sitetracker"].features
    assert any(isinstance(hook, retention.HourlyPurge) for hook in hooks)


def test_a_recording_of_what_led_to_an_alert_goes_with_it_and_after_30_days(app, world,
                                                                             clock):
    now = clock.now()
    site = world.site_a.id
    with database.connection_context():
        old = Alert.create(site=site, kind="event_count", severity="emergency", title="old",
                           created_at=utc(now - 400 * DAY).replace(microsecond=0))
        month = Alert.create(site=site, kind="event_count", severity="emergency",
                             title="month", created_at=utc(now - 40 * DAY).replace(microsecond=0))
        fresh = Alert.create(site=site, kind="event_count", severity="emergency",
                             title="fresh", created_at=utc(now).replace(microsecond=0))
    write_path = app.extensions["sitetracker"].write_path
    for alert, age in ((old, 400), (month, 40), (fresh, 0)):
        event = {"type": 4, "data": {}, "timestamp": 1}
        write = recording_write(site, alert.id, "ab" * 8, [event])
        write_path.commit([write])
        with database.connection_context():
            AlertRecording.update(created_at=utc(now - age * DAY).replace(microsecond=0)
                                  ).where(AlertRecording.alert == alert.id).execute()

    retention.purge(now)

    with database.connection_context():
        left = {r.alert_id for r in AlertRecording.select()}
    assert left == {fresh.id}
    assert sorted(kept(site)["alerts"]) == ["fresh", "month"]
