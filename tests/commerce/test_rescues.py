"""How emergencies end: rescued (bought after an admin's chat message, a broadcast that
reached them, or watching their page), recovered (bought with no help), lost (left
without buying, decided on the tick); each stored, and told to admins."""

from __future__ import annotations

import pytest

from sitetracker.commerce.models import Alert
from sitetracker.commerce.rescues import SESSION_GAP, record_help
from sitetracker.live.ticker import keepalive
from sitetracker.storage.failures import StorageUnavailable

from ..messaging_world import AdminPage, ShopperPage, buy, emergency, site_info
from ..shopping import commerce_of, stored


@pytest.fixture
def app_clock(clock):
    return clock


def the_emergency(site):
    [row] = stored(Alert, Alert.site == site.id, Alert.kind == "event_count")
    return row


def test_a_shopper_helped_by_chat_who_buys_is_rescued_and_admins_see_it(app, world, clock):
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    emergency(shopper)
    [alert] = admin.received("alert")
    assert alert["outcome"] is None and alert["helped_by"] is None

    clock.advance(60)
    admin.ask("chat_send", {"ref": shopper.ref, "text": "Trouble paying? Try PayPal"})
    assert the_emergency(world.site_a).helped_by == "chat"
    clock.advance(120)
    buy(shopper, value=89.0)

    [ended] = admin.received("alert_outcome")
    assert ended["id"] == alert["id"] and ended["ref"] == shopper.ref
    assert ended["outcome"] == "rescued" and ended["helped_by"] == "chat"
    assert ended["sale"] == {"value": 89.0, "currency": "EUR"}
    assert ended["ended_at"] == int(clock.now())
    [pending] = admin.ask("alerts_pending")["alerts"]  # it still waits, showing its end
    assert pending["outcome"] == "rescued"


def test_a_broadcast_that_reached_the_shopper_counts_as_help(app, world, clock):
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    emergency(shopper)
    admin.ask("broadcast_send", {"text": "Free shipping today"})
    buy(shopper)
    row = the_emergency(world.site_a)
    assert (row.outcome, row.helped_by, row.outcome_value) == ("rescued", "broadcast", 89.0)


def test_a_broadcast_to_other_pages_is_no_help_and_the_purchase_is_a_recovery(
        app, world, clock):
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    emergency(shopper)
    admin.ask("broadcast_send", {"text": "New arrivals", "path": "/blog/*"})
    buy(shopper)
    row = the_emergency(world.site_a)
    assert (row.outcome, row.helped_by) == ("recovered", "")
    assert [a["outcome"] for a in admin.received("alert_outcome")] == ["recovered"]


def test_watching_the_shoppers_page_counts_as_help(app, world, clock):
    shopper = ShopperPage(app, world.site_a)
    emergency(shopper)
    with app.app_context():
        record_help(site_info(app, world.site_a), shopper.ref, "watch")
    buy(shopper)
    assert the_emergency(world.site_a).outcome == "rescued"
    assert the_emergency(world.site_a).helped_by == "watch"


def test_the_first_help_stays(app, world, clock):
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    emergency(shopper)
    admin.ask("chat_send", {"ref": shopper.ref, "text": "Hello"})
    admin.ask("broadcast_send", {"text": "Free shipping today"})
    assert the_emergency(world.site_a).helped_by == "chat"


def test_help_for_another_shopper_does_not_rescue_this_one(app, world, clock):
    admin = AdminPage(app, world.site_a)
    stuck = ShopperPage(app, world.site_a, "shopper-0001")
    other = ShopperPage(app, world.site_a, "shopper-0002")
    emergency(stuck)
    other.view("/")
    admin.ask("chat_send", {"ref": other.ref, "text": "Hello"})
    buy(stuck)
    assert the_emergency(world.site_a).outcome == "recovered"


def test_a_shopper_who_leaves_without_buying_is_lost_on_the_tick(app, world, clock):
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    emergency(shopper)
    shopper.close()
    rescues = commerce_of(app).rescues

    clock.advance(SESSION_GAP - 60)
    rescues.tick(clock.now())
    assert the_emergency(world.site_a).outcome == ""  # not yet: they might come back
    clock.advance(120)
    rescues.tick(clock.now())

    row = the_emergency(world.site_a)
    assert row.outcome == "lost" and row.outcome_value is None
    [ended] = admin.received("alert_outcome")
    assert ended["outcome"] == "lost" and ended["sale"] is None


def test_a_shopper_still_on_the_site_is_not_lost_and_can_still_be_rescued(
        app, world, clock):
    tracking = app.extensions["sitetracker"]
    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    emergency(shopper)
    admin.ask("chat_send", {"ref": shopper.ref, "text": "Need a hand?"})
    for _ in range(4):  # 40 minutes browsing, the page kept open
        clock.advance(10 * 60)
        keepalive(tracking)
        commerce_of(app).rescues.tick(clock.now())
    assert the_emergency(world.site_a).outcome == ""
    buy(shopper)
    assert the_emergency(world.site_a).outcome == "rescued"


def test_a_lost_shopper_buying_later_stays_lost_and_a_retried_order_counts_once(
        app, world, clock):
    shopper = ShopperPage(app, world.site_a)
    emergency(shopper)
    buy(shopper, order="A1")
    buy(shopper, order="A1")  # the same order sent again
    row = the_emergency(world.site_a)
    assert (row.outcome, row.outcome_value) == ("recovered", 89.0)

    second = ShopperPage(app, world.site_a, "shopper-0002")
    emergency(second)
    second.close()
    clock.advance(SESSION_GAP + 60)
    commerce_of(app).rescues.tick(clock.now())
    buy(ShopperPage(app, world.site_a, "shopper-0002"), order="B1")
    rows = stored(Alert, Alert.site == world.site_a.id, Alert.kind == "event_count")
    assert [r.outcome for r in rows] == ["recovered", "lost"]


def test_a_help_that_cannot_be_stored_answers_unavailable(app, world, clock, monkeypatch):
    shopper = ShopperPage(app, world.site_a)
    emergency(shopper)
    write_path = app.extensions["sitetracker"].write_path

    def refuse(writes):
        raise StorageUnavailable("database is locked")

    monkeypatch.setattr(write_path, "commit", refuse)
    with app.app_context(), pytest.raises(StorageUnavailable):
        record_help(site_info(app, world.site_a), shopper.ref, "watch")
    monkeypatch.undo()
    buy(shopper)
    assert the_emergency(world.site_a).outcome == "recovered"
