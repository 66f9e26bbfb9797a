"""Alerts for the overlay over the admin socket: those not yet acknowledged come back on
every admin page until someone acknowledges one; an alert opens its shopper's chat."""

from __future__ import annotations

import pytest

from ..messaging_world import AdminPage, ShopperPage


@pytest.fixture
def app_clock(clock):
    return clock


def checkout_trouble(shopper):
    for _ in range(3):
        shopper.ask("ev", {"n": "pay_now", "p": {"value": 89.0}})


def test_unacknowledged_alerts_come_back_until_one_admin_acknowledges(app, world):
    shopper = ShopperPage(app, world.site_a)
    shopper.view("/checkout")
    checkout_trouble(shopper)

    first_page = AdminPage(app, world.site_a)
    [alert] = first_page.ask("alerts_pending")["alerts"]
    assert alert["severity"] == "emergency" and alert["ref"] == shopper.ref
    assert alert["details"]["pages"][0] == "/checkout"
    next_page = AdminPage(app, world.site_a, "bob@shop-a.test")
    assert next_page.ask("alerts_pending")["alerts"] == [alert]

    acked = next_page.ask("alert_ack", {"id": alert["id"]})["alert"]
    assert acked["acknowledged"] is True and acked["acknowledged_by"] == "bob@shop-a.test"
    for page in (first_page, next_page):
        [told] = page.received("alert_ack")
        assert told["id"] == alert["id"] and told["acknowledged_by"] == "bob@shop-a.test"
    assert AdminPage(app, world.site_a).ask("alerts_pending")["alerts"] == []
    again = first_page.ask("alert_ack", {"id": alert["id"]})["alert"]
    assert again["acknowledged_by"] == "bob@shop-a.test"  # the first one stays
    assert first_page.received("alert_ack") == []


def test_an_alert_opens_the_chat_with_its_shopper(app, world):
    shopper = ShopperPage(app, world.site_a)
    checkout_trouble(shopper)
    admin = AdminPage(app, world.site_a)
    [alert] = admin.ask("alerts_pending")["alerts"]

    opened = admin.ask("chat_history", {"alert": alert["id"]})
    assert opened["ref"] == shopper.ref and opened["live"] is True
    admin.ask("chat_send", {"ref": opened["ref"], "text": "Having trouble paying?"})
    assert shopper.received("message")[0]["text"] == "Having trouble paying?"


def test_alerts_of_another_site_stay_there(app, world):
    checkout_trouble(ShopperPage(app, world.site_a))
    other = AdminPage(app, world.site_b)
    assert other.ask("alerts_pending")["alerts"] == []
    mine = AdminPage(app, world.site_a).ask("alerts_pending")["alerts"][0]
    assert other.ask("alert_ack", {"id": mine["id"]})["error"]["status"] == 404
    assert other.ask("chat_history", {"alert": mine["id"]})["error"]["status"] == 404
    refused = other.ask("chat_history", {"alert": mine["id"], "ref": "0123456789abcdef"})
    assert refused["error"]["fields"] == {"ref": "give the shopper's ref or an alert id"}


def test_sales_are_notifications_that_never_wait_nor_count(app, world, clock):
    from ..shopping import gauges

    admin = AdminPage(app, world.site_a)
    shopper = ShopperPage(app, world.site_a)
    for n in range(2):
        shopper.ask("ev", {"n": "purchase", "p": {"order_id": f"S{n}", "value": 20.0,
                                                  "currency": "EUR"}})
    sales = admin.received("alert")
    assert [s["kind"] for s in sales] == ["sale", "sale"]
    assert [s["waits"] for s in sales] == [False, False]
    assert admin.ask("alerts_pending")["alerts"] == []
    assert gauges(app, world.site_a)["alerts"] == {"unacknowledged": 0}

    checkout_trouble(shopper)
    [emergency] = admin.received("alert")
    assert emergency["waits"] is True
    assert [a["id"] for a in admin.ask("alerts_pending")["alerts"]] == [emergency["id"]]


def test_how_sales_are_shown_is_stored_per_admin(app, world):
    alice = AdminPage(app, world.site_a, "alice@shop-a.test")
    assert alice.ask("alerts_pending")["prefs"] == {"sales": "modal"}
    assert alice.ask("alert_prefs", {"sales": "toast"}) == {"prefs": {"sales": "toast"}}
    assert alice.ask("alert_prefs", {"sales": "toast"}) == {"prefs": {"sales": "toast"}}

    again = AdminPage(app, world.site_b, "alice@shop-a.test")  # her, on another site
    assert again.ask("alerts_pending")["prefs"] == {"sales": "toast"}
    bob = AdminPage(app, world.site_a, "bob@shop-a.test")
    assert bob.ask("alerts_pending")["prefs"] == {"sales": "modal"}
    refused = bob.ask("alert_prefs", {"sales": "popup"})["error"]
    assert refused["status"] == 400 and "sales" in refused["fields"]
