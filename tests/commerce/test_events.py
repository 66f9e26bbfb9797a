"""Custom events defined in the admin: validation (selectors, patterns), the widgets'
config on connect and live on every change, counting, the stream, and rules (who may
define them through the API is tests/api/test_commerce.py's)."""

from __future__ import annotations

import pytest

from sitetracker.commerce.events import check_selector
from sitetracker.commerce.models import Alert, EventDefinition
from sitetracker.db import database
from sitetracker.patterns import path_matches

from ..shopping import Shopper, gauges, stored


@pytest.fixture
def app_clock(clock):
    return clock


def events_url(world, tail=""):
    return f"/api/sites/{world.site_a.public_key}/events{tail}"


def test_definitions_reach_widgets_on_connect(app, client, world, admin):
    for body in ({"name": "size_guide", "trigger": "click", "selector": "a.size-guide"},
                 {"name": "faq_visit", "trigger": "url", "pattern": "/pages/faq*"},
                 {"name": "newsletter", "trigger": "js"}):
        assert client.post(events_url(world), json=body, headers=admin).status_code == 201
    shopper = Shopper(app, world.site_a).open()
    [config] = shopper.received("config")
    assert config["events"] == [
        {"name": "faq_visit", "trigger": "url", "pattern": "/pages/faq*"},
        {"name": "newsletter", "trigger": "js"},
        {"name": "size_guide", "trigger": "click", "selector": "a.size-guide"},
    ]


def test_open_pages_get_the_new_definitions_at_once(app, client, world, admin):
    shopper = Shopper(app, world.site_a).open()
    other_site = Shopper(app, world.site_b, origin="https://shop-b.test").open()
    shopper.received("config")
    other_site.received("config")
    created = client.post(events_url(world), json={"name": "share", "trigger": "click",
                                                   "selector": "button[data-share]"},
                          headers=admin).json
    [config] = shopper.received("config")
    assert config["events"] == [{"name": "share", "trigger": "click",
                                 "selector": "button[data-share]"}]
    assert other_site.received("config") == []

    client.patch(events_url(world, f"/{created['id']}"), json={"trigger": "js"},
                 headers=admin)
    assert shopper.received("config")[0]["events"] == [{"name": "share", "trigger": "js"}]
    client.delete(events_url(world, f"/{created['id']}"), headers=admin)
    assert shopper.received("config")[0]["events"] == []


@pytest.mark.parametrize(("body", "field", "words"), [
    ({"name": "share", "trigger": "click", "selector": "a[href"}, "selector",
     "not a valid CSS selector"),
    ({"name": "share", "trigger": "click", "selector": ">>"}, "selector", "not a valid"),
    ({"name": "share", "trigger": "click"}, "selector", "give the CSS selector"),
    ({"name": "share", "trigger": "click", "selector": "a" * 301}, "selector", "300"),
    ({"name": "share", "trigger": "click", "selector": "p::after"}, "selector",
     "pseudo-elements"),
    ({"name": "share", "trigger": "click", "selector": "p:contains(Buy)"}, "selector",
     "not a standard"),
    ({"name": "faq", "trigger": "url", "pattern": "pages/faq"}, "pattern", "starts with /"),
    ({"name": "faq", "trigger": "url", "pattern": "/a b"}, "pattern", "no spaces"),
    ({"name": "faq", "trigger": "url"}, "pattern", "give the page path"),
    ({"name": "Share It", "trigger": "js"}, "name", "lower-case"),
    ({"name": "pay_now", "trigger": "js"}, "name", "built-in"),
    ({"name": "pageview", "trigger": "js"}, "name", "built-in"),
    ({"name": "share", "trigger": "hover"}, "trigger", "click, url or js"),
])
def test_bad_definitions_are_refused_naming_the_field(client, world, admin, body, field,
                                                      words):
    response = client.post(events_url(world), json=body, headers=admin)
    assert response.status_code == 400, response.json
    assert words in response.json["error"]["fields"][field]
    assert stored(EventDefinition) == []


def test_custom_events_are_counted_streamed_and_fire_rules(app, client, world, admin):
    client.post(events_url(world), json={"name": "size_guide", "trigger": "click",
                                         "selector": ".size-guide"}, headers=admin)
    client.post(f"/api/sites/{world.site_a.public_key}/rules",
                json={"kind": "event_count", "event": "size_guide", "threshold": 2,
                      "window": 5, "severity": "info", "name": "Unsure of size"},
                headers=admin)
    shopper = Shopper(app, world.site_a).open()
    shopper.send({"n": "size_guide"}, {"n": "size_guide"})
    tracking = app.extensions["sitetracker"]
    snapshot = tracking.snapshot(tracking.sites.by_key(world.site_a.public_key))
    assert snapshot["commerce"]["events_today"] == {"size_guide": 2}
    assert [e["n"] for e in snapshot["recent"]] == ["size_guide", "size_guide"]
    assert sum(n for _, n in snapshot["events_per_minute"]["size_guide"]) == 2
    [alert] = stored(Alert)
    assert alert.title == "Unsure of size: size_guide 2 times in 5 minutes"
    assert gauges(app, world.site_a)["alerts"]["unacknowledged"] == 1


@pytest.mark.parametrize(("selector", "ok"), [
    ("#buy", True), ("button.pay, a[href^='/cart']", True), ("form > button:nth-child(2)", True),
    ("a[href", False), ("", False), ("div::before", False),
])
def test_selectors_are_checked_by_a_css_parser(selector, ok):
    from marshmallow import ValidationError

    try:
        check_selector(selector)
        valid = True
    except ValidationError:
        valid = False
    assert valid is ok


def test_patterns_match_paths_with_stars_only():
    assert path_matches("/pages/faq*", "/pages/faq/shipping")
    assert path_matches("*/order-received/*", "/checkout/order-received/12/")
    assert not path_matches("/pages/faq", "/pages/faq/shipping")
    assert not path_matches("/a.b", "/axb")  # a dot is a dot
    assert path_matches("/[x]", "/[x]")


def test_a_definition_stored_elsewhere_reaches_widgets_within_seconds(app, world):
    with database.connection_context():
        EventDefinition.create(site=world.site_a.id, name="share", trigger="js")
    commerce = app.extensions["sitetracker.commerce"]
    commerce.definitions.ttl = 0  # another worker's change: read again
    assert Shopper(app, world.site_a).open().received("config")[0]["events"] == [
        {"name": "share", "trigger": "js"}]
