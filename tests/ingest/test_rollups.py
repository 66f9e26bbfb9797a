"""What one kept event adds to the rollups, through the write buffer
(ingest/rollups.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from sitetracker.db import database
from sitetracker.domain import Event, Location, SiteInfo, Visit
from sitetracker.ingest.buffer import WriteBuffer
from sitetracker.ingest.geo import UNKNOWN
from sitetracker.ingest.platform import detect
from sitetracker.ingest.rollups import (
    MAX_PROP_VALUE,
    MAX_PROPS,
    product_counts,
    prop_counts,
    to_buffer,
    touch,
)
from sitetracker.models import DailyCount

from ..agents import CHROME, IPHONE
from ..beacons import send
from . import test_buffer as buffer

SITE = SiteInfo(id=1, key="k", organization_id=1, domains=("shop.test",),
                timezone="Europe/Paris", secret="s")
NOW = datetime(2026, 3, 10, 11, 0, 30, tzinfo=UTC).timestamp()
DAY = date(2026, 3, 10)


clock = buffer.clock  # the fixture: noon UTC on 10 March 2026


@pytest.fixture
def app_clock(clock):
    """The app runs on the buffer tests' clock: noon UTC on 10 March 2026."""
    return clock


def visit(ua: str = CHROME, location: Location = UNKNOWN) -> Visit:
    return Visit(SITE, "visitor-1", "session-1", True, detect(ua), location)


def test_days_are_the_sites_days(app, client, world, clock):
    """Site A is in Europe/Paris: 23:30 UTC on March 10th is March 11th there."""
    clock.set(datetime(2026, 3, 10, 23, 30, tzinfo=UTC))
    send(client, world.site_a, {"n": "pageview", "u": "https://shop-a.test/"})
    app.extensions["sitetracker"].buffer.flush()
    with database.connection_context():
        days = [r.day for r in DailyCount.select().where(DailyCount.metric == "pageviews")]
    assert [str(d)[:10] for d in days] == ["2026-03-11"]


def test_products_are_counted_from_views_carts_and_purchase_lines():
    assert product_counts(Event("view_item", props={"product": "boot"})) == [
        ("product_view", "boot", 1)]
    assert product_counts(Event("add_to_cart", props={"product": "boot", "quantity": 3})) == [
        ("product_cart", "boot", 3.0)]
    purchase = Event("purchase", props={"items": [
        {"product": "boot", "quantity": 2, "value": 240}, {"product": "sock"}, {"value": 5}]})
    assert product_counts(purchase) == [
        ("product_buy", "boot", 2.0), ("product_rev", "boot", 240.0),
        ("product_buy", "sock", 1.0)]
    assert product_counts(Event("purchase", props={"items": 3})) == []
    assert product_counts(Event("pageview")) == []


def test_a_custom_events_properties_are_broken_down_bounded():
    event = Event("share", props={"network": "mastodon", "ok": True, "n": 3,
                                  "long": "x" * 200, "none": None})
    assert prop_counts(event) == ["share\tnetwork\tmastodon", "share\tok\ttrue",
                                  "share\tn\t3", "share\tlong\t" + "x" * MAX_PROP_VALUE]
    many = Event("share", props={f"p{i}": i for i in range(MAX_PROPS + 5)})
    assert len(prop_counts(many)) == MAX_PROPS


def test_commerce_and_tracked_events_properties_are_not_broken_down():
    assert prop_counts(Event("add_to_cart", props={"product": "boot"})) == []
    assert prop_counts(Event("search", props={"q": "boot"})) == []
    assert prop_counts(Event("share")) == []


def test_a_page_view_tells_its_session_its_pages_and_channel():
    page = Event("pageview", path="/shoes", channel="Organic Search", source="google")
    seen = touch(visit(IPHONE, Location(country="FR", city="Paris")), page, NOW)
    assert (seen.entry, seen.exit, seen.pageviews, seen.orders) == ("/shoes", "/shoes", 1, 0)
    assert (seen.channel, seen.source, seen.device) == ("Organic Search", "google", "mobile")
    assert (seen.country, seen.city, seen.trail) == ("FR", "FR\tParis", ("p/shoes",))
    bought = touch(visit(), Event("purchase", path="/thanks"), NOW)
    assert (bought.entry, bought.pageviews, bought.orders) == ("", 0, 1)
    assert bought.trail == ("epurchase",)
    assert touch(visit(), Event("engage", engaged=5), NOW).trail == ()


def test_a_page_view_counts_the_page_the_minute_and_the_visitor():
    buffer = WriteBuffer()
    to_buffer(buffer, visit(), Event("pageview", path="/shoes"), NOW)
    to_buffer(buffer, visit(), Event("engage", engaged=4.5), NOW)
    minute = int(NOW // 60 * 60)
    assert dict(buffer.counts) == {(1, DAY, "pageviews", ""): 1, (1, DAY, "page", "/shoes"): 1,
                                   (1, DAY, "engaged", ""): 4.5}
    assert dict(buffer.minutes) == {(1, minute, "pageviews"): 1, (1, minute, "engaged"): 4.5}
    [row] = buffer.visitors.values()
    assert (row.returning, row.device) == (True, "desktop")
    assert len(buffer.sessions) == 1 and buffer.raw == []


def test_events_are_counted_by_name_except_the_quiet_ones():
    buffer = WriteBuffer()
    for name in ("share", "share", "leave", "engage", "add_to_cart"):
        to_buffer(buffer, visit(), Event(name), NOW)
    assert {key[3]: value for key, value in buffer.counts.items() if key[2] == "event"} == {
        "share": 2, "add_to_cart": 1}


def test_raw_events_are_kept_only_when_asked_and_never_engagement():
    buffer = WriteBuffer()
    to_buffer(buffer, visit(), Event("share", url="https://shop.test/a"), NOW, keep_raw=True)
    to_buffer(buffer, visit(), Event("engage", engaged=3), NOW, keep_raw=True)
    to_buffer(buffer, visit(), Event("share"), NOW)
    [raw] = buffer.raw
    assert (raw["name"], raw["url"], raw["ts"], raw["site"]) == (
        "share", "https://shop.test/a", int(NOW), 1)
