"""Commerce as the feature the app factory plugs in (commerce/__init__.py): its reaction
to each event (the funnel, the order's claim, the rules, a thank-you page settling the
cart), what it does when that reaction fails, and its part of the live snapshot."""

from __future__ import annotations

import pytest
from peewee import OperationalError

from sitetracker.domain import Event
from sitetracker.ingest.visit import identify
from sitetracker.storage.failures import StorageUnavailable

from ..agents import CHROME
from ..shopping import Shopper, commerce_of, gauges


@pytest.fixture
def app_clock(clock):
    return clock


def visit_of(app, site, visitor="shopper-0001"):
    tracking = app.extensions["sitetracker"]
    return identify(tracking.sites.by_key(site.public_key), {"v": visitor, "s": "sess-0001"},
                    CHROME, "81.2.69.142", tracking.geo)


def test_time_on_page_and_leaving_ask_nothing_of_commerce(app, world, clock):
    commerce = commerce_of(app)
    visit = visit_of(app, world.site_a)
    for name in ("engage", "leave"):
        assert commerce.on_event(visit, Event.from_payload({"n": name}), clock.now()) == []


def test_a_thank_you_page_empties_the_shoppers_cart_on_the_board(app, world, clock):
    shopper = Shopper(app, world.site_a).open()
    shopper.event("add_to_cart", product="boot", value=149.0)
    tracking = app.extensions["sitetracker"]
    site = tracking.sites.by_key(world.site_a.public_key)
    assert tracking.snapshot(site)["shoppers"][0]["cart"] == 149.0
    shopper.page("/checkout/thank-you")
    assert tracking.snapshot(site)["shoppers"][0]["cart"] == 0.0
    assert gauges(app, world.site_a)["carts_at_risk"]["count"] == 0


def test_a_database_error_on_a_commerce_event_is_a_retryable_refusal(
        app, world, clock, monkeypatch):
    commerce = commerce_of(app)
    visit = visit_of(app, world.site_a)
    undone: list[str] = []
    real = commerce.funnel.record

    def record(visit, event, now):
        writes = real(visit, event, now)
        for write in writes:
            original = write.undo
            write.undo = (lambda original=original: (undone.append("stage"),
                                                     original and original()))
        return writes

    def rules_fail(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(commerce.funnel, "record", record)
    monkeypatch.setattr(commerce.alerts, "on_event", rules_fail)
    event = Event.from_payload({"n": "add_to_cart", "p": {"value": 10.0}})
    with pytest.raises(StorageUnavailable):
        commerce.on_event(visit, event, clock.now())
    assert undone  # the funnel stage noted first was given back


def test_any_other_failure_is_logged_and_ingestion_goes_on(app, world, clock, monkeypatch,
                                                          caplog):
    commerce = commerce_of(app)
    visit = visit_of(app, world.site_a)

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(commerce.alerts, "on_event", broken)
    event = Event.from_payload({"n": "signup"})
    assert commerce.on_event(visit, event, clock.now()) == []
    assert "commerce could not record a signup event" in caplog.text


def test_the_snapshot_part_holds_the_gauges_alerts_and_rescues(app, world, clock):
    part = gauges(app, world.site_a)
    assert {"funnel", "carts_at_risk", "sales_today", "events_today", "alerts",
            "rescues"} <= set(part)
    assert part["alerts"] == {"unacknowledged": 0}
