"""The agency's pages in a real browser against a real server: the overview's totals
across sites, the site list's states, and the pipeline health page, with three
organizations and several sites (one of them someone else's).

Known events go in by beacon (``/api/collect``), as the widget sends them; the test
then waits until each site's own figures (``/api/sites/<key>/stats`` and ``/funnel``)
show them stored, and compares the overview with their sum. Set
``SITETRACKER_SCREENSHOTS=1`` to write the README's pictures to ``docs/images/``.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from sitetracker import tenancy
from sitetracker.db import connect, database
from sitetracker.models import Organization, Site

from ..agents import CHROME, GOOGLEBOT
from ..servers import Server, running_server
from . import test_board
from .harness import ROOT, LiveServer, PageLog, Storefront, WidgetProbe
from .test_board import (
    PASSWORD,
    SCREENSHOTS,
    cookie_header,
    no_errors,
    sign_in,
    wait_true,
)
from .test_tracking import DESKTOP_UA, open_shop

IMAGES = ROOT / "docs" / "images"
board_page = test_board.board_page  # the fixture: a desktop-sized page
EMAIL = "owner@agency.test"


@dataclass
class Agency:
    """A server with three organizations: the owner's two (three sites) and another's."""

    server: Server
    email: str
    sites: dict[str, Site] = field(default_factory=dict)
    orgs: dict[str, Organization] = field(default_factory=dict)

    def own(self) -> list[Site]:
        return [self.sites[name] for name in ("north", "south", "east")]


def collect(server: Server, site: Site, events: list[dict[str, Any]], *, domain: str,
            visitor: str, ua: str = CHROME, headers: dict[str, str] | None = None
            ) -> dict[str, Any]:
    """One beacon from a page of ``domain``; what the server answered."""
    body = {"k": site.public_key, "v": f"{visitor}-visitor", "s": f"{visitor}-session",
            "ret": 0, "ev": events}
    request = urllib.request.Request(
        server.url + "/api/collect", data=json.dumps(body).encode(), method="POST",
        headers={"Origin": f"https://{domain}", "User-Agent": ua,
                 "Content-Type": "text/plain", **(headers or {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        answer: dict[str, Any] = json.loads(response.read())
        return answer


def page(domain: str, path: str) -> dict[str, Any]:
    return {"n": "pageview", "u": f"https://{domain}{path}"}


def purchase(domain: str, order: str, value: float, currency: str) -> dict[str, Any]:
    return {"n": "purchase", "u": f"https://{domain}/thanks", "i": f"order-id-{order}",
            "p": {"order_id": order, "value": value, "currency": currency}}


@pytest.fixture
def agency(tmp_path: Path, database_url: str, dashboard_build: Path) -> Iterator[Agency]:
    with running_server(tmp_path, database_url, trusted_proxies="1",
                        flush_interval="0.2") as server:
        connect(database_url)
        found = Agency(server, EMAIL)
        with database.connection_context():
            for slug, name in (("one", "Agency One"), ("two", "Agency Two"),
                               ("other", "Someone Else")):
                found.orgs[slug] = tenancy.create_organization(name)
            for key, org, name in (("north", "one", "North Shoes"),
                                   ("south", "one", "South Hats"),
                                   ("east", "two", "East Bags"),
                                   ("west", "other", "West Socks")):
                found.sites[key] = tenancy.create_site(found.orgs[org], name,
                                                       [f"{key}.agency.test"], "UTC")
            tenancy.add_member(EMAIL, "owner", password=PASSWORD,
                               organization=found.orgs["one"])
            tenancy.add_member(EMAIL, "owner", organization=found.orgs["two"])
        yield found
        if not database.is_closed():
            database.close()


def shoot(instance: Any, name: str, full_page: bool = False) -> None:
    if SCREENSHOTS:
        instance.screenshot(path=str(IMAGES / name), full_page=full_page)


def send_known_load(agency: Agency) -> None:
    """Page views, a custom event and orders on every site, the other agency's too."""
    loads = {
        "north": [page("north.agency.test", "/"), page("north.agency.test", "/boots"),
                  {"n": "newsletter", "u": "https://north.agency.test/boots"},
                  purchase("north.agency.test", "n-1", 120.0, "EUR")],
        "south": [page("south.agency.test", "/"), page("south.agency.test", "/caps"),
                  page("south.agency.test", "/caps/red"),
                  purchase("south.agency.test", "s-1", 30.5, "EUR"),
                  purchase("south.agency.test", "s-2", 12.0, "USD")],
        "east": [page("east.agency.test", "/")],
        "west": [page("west.agency.test", "/"), page("west.agency.test", "/sale"),
                 purchase("west.agency.test", "w-1", 999.0, "EUR")],
    }
    for key, events in loads.items():
        for n, event in enumerate(events):  # two visitors, so sessions add up too
            collect(agency.server, agency.sites[key], [event], domain=f"{key}.agency.test",
                    visitor=f"{n % 2}-{key}")  # told apart by their first 8 characters


def own_figures(agency: Agency, site: Site, cookies: str) -> dict[str, Any]:
    """The site's own figures for today, from its own pages' API."""
    headers = {"Cookie": cookies}
    stats = agency.server.get(f"/api/sites/{site.public_key}/stats", headers=headers)
    funnel = agency.server.get(f"/api/sites/{site.public_key}/funnel?days=7", headers=headers)
    today, sales = stats["days"][-1], funnel["days"][-1]
    return {"events": today["pageviews"] + sum(today["events"].values()),
            "sessions": today["sessions"], "pageviews": today["pageviews"],
            "conversions": sales["orders"],
            "revenue": {c: line["value"] for c, line in sales["sales"].items()}}


def summed(figures: list[dict[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {"events": 0, "sessions": 0, "pageviews": 0, "conversions": 0,
                             "revenue": {}}
    for one in figures:
        for name in ("events", "sessions", "pageviews", "conversions"):
            total[name] += one[name]
        for currency, value in one["revenue"].items():
            total["revenue"][currency] = round(total["revenue"].get(currency, 0) + value, 2)
    return total


def shown_totals(instance: Any) -> dict[str, Any]:
    def value(name: str) -> int:
        text = instance.text_content(f"[data-total={name}] .overview-value") or ""
        return int(text.split("/")[0].strip())

    revenue = instance.eval_on_selector_all(
        "[data-total=revenue] [data-currency]",
        "els => els.filter(e => e.dataset.currency).map(e => [e.dataset.currency,"
        " parseFloat(e.textContent)])")
    return {"events": value("events"), "sessions": value("sessions"),
            "pageviews": value("pageviews"), "conversions": value("conversions"),
            "revenue": dict(revenue), "active_sites": value("active_sites")}


def test_the_overview_totals_are_the_sum_of_each_sites_own_figures(
        board_page: Any, page_log: PageLog, agency: Agency) -> None:
    instance = board_page
    send_known_load(agency)
    sign_in(instance, agency)
    cookies = cookie_header(instance)
    # Stored once the buffer flushed: each site's own page views say so.
    expected_views = {"north": 2, "south": 3, "east": 1}
    WidgetProbe(instance, page_log).wait_for(
        lambda: all(own_figures(agency, agency.sites[key], cookies)["pageviews"] == views
                    for key, views in expected_views.items()),
        timeout=30, what="every site's page views stored")
    own = summed([own_figures(agency, site, cookies) for site in agency.own()])
    assert own["pageviews"] == 6 and own["conversions"] == 3
    assert own["revenue"] == {"EUR": 150.5, "USD": 12.0}

    instance.goto(agency.server.url + "/overview")
    shown = shown_totals(instance)
    assert shown == {**own, "active_sites": 3}
    api = agency.server.get("/api/overview", headers={"Cookie": cookies})
    assert {k: api["totals"][k] for k in own} == own

    # Only the owner's organizations' sites, never the other agency's.
    listed = instance.eval_on_selector_all("#top-sites tbody tr",
                                           "rs => rs.map(r => r.dataset.key)")
    assert sorted(listed) == sorted(s.public_key for s in agency.own())
    assert agency.sites["west"].public_key not in instance.content()
    assert "West Socks" not in instance.content()

    # The table sorts by a column: sessions, then revenue (EUR, the leading currency).
    def order() -> list[str]:
        return instance.eval_on_selector_all("#top-sites tbody tr th a",
                                             "els => els.map(e => e.textContent)")

    assert order() == ["South Hats", "North Shoes", "East Bags"]  # by events
    instance.click("#top-sites button[data-sort=revenue]")
    assert order() == ["North Shoes", "South Hats", "East Bags"]
    instance.click("#top-sites button[data-sort=revenue]")
    assert order() == ["East Bags", "South Hats", "North Shoes"]
    instance.click("#top-sites button[data-sort=conversion_rate]")
    assert order()[-1] == "East Bags"

    # The live timeline names each site and colours events by type.
    wait_true(instance, "document.querySelectorAll('.timeline-row').length === 10")
    sites = set(instance.eval_on_selector_all(".timeline-row .timeline-site",
                                              "els => els.map(e => e.textContent)"))
    assert sites == {"North Shoes", "South Hats", "East Bags"}
    assert instance.locator(".timeline-row .stream-name.name-purchase").count() == 3
    no_errors(page_log)


def test_the_world_map_filters_the_overview_by_country(
        board_page: Any, page_log: PageLog, agency: Agency) -> None:
    instance = board_page
    send_known_load(agency)
    # Shoppers whose CDN says where they are (the server trusts one proxy).
    for n, (key, country) in enumerate((("north", "FR"), ("north", "DE"), ("east", "FR"),
                                        ("south", "DE"))):
        collect(agency.server, agency.sites[key], [page(f"{key}.agency.test", f"/p{n}")],
                domain=f"{key}.agency.test", visitor=f"geo-{n}",
                headers={"X-Country-Code": country, "X-Forwarded-For": f"203.0.113.{n}"})
    sign_in(instance, agency)
    instance.goto(agency.server.url + "/overview")
    instance.wait_for_selector("#overview-map[data-ready=true]")
    wait_true(instance, "document.querySelectorAll('.timeline-row').length === 14")
    wait_true(instance, "document.querySelectorAll('.country-list .bar').length === 2")
    shoot(instance, "agency-overview.png", full_page=True)

    # A click on France on the map: only France's events and the sites with its shoppers.
    instance.wait_for_function("() => document.querySelector('.map-chart').chart"
                               ".convertToPixel({geoIndex: 0}, [2.3, 46.6])")
    x, y = instance.evaluate("() => document.querySelector('.map-chart').chart"
                             ".convertToPixel({geoIndex: 0}, [2.3, 46.6])")
    box = instance.locator(".map-chart").bounding_box()
    instance.mouse.click(box["x"] + x, box["y"] + y)
    instance.wait_for_selector("#country-clear:not([hidden])")
    assert "France" in (instance.text_content("#country-clear") or "")
    shown = instance.eval_on_selector_all(".timeline-row:not([hidden])",
                                          "rs => rs.map(r => r.dataset.country)")
    assert shown == ["FR", "FR"]
    sites = instance.eval_on_selector_all("#top-sites tbody tr:not([hidden]) th a",
                                          "els => els.map(e => e.textContent)")
    assert sorted(sites) == ["East Bags", "North Shoes"]
    instance.click("#country-clear")
    wait_true(instance, "document.querySelectorAll('.timeline-row:not([hidden])').length === 14")
    instance.goto(agency.server.url + "/")
    assert instance.locator(".site-card[data-state=live]").count() == 3
    shoot(instance, "agency-sites.png")
    no_errors(page_log)


def test_the_health_page_counts_a_known_load_with_its_drops(
        board_page: Any, page_log: PageLog, agency: Agency) -> None:
    instance = board_page
    north = agency.sites["north"]
    good, foreign, bots = 7, 3, 2
    for n in range(good):
        collect(agency.server, north, [page("north.agency.test", f"/g{n}")],
                domain="north.agency.test", visitor=f"good-{n}")
    # A page on another domain inside an allowed beacon, and a crawler's visits.
    elsewhere = [{"n": "pageview", "u": f"https://elsewhere.test/{n}"} for n in range(foreign)]
    answer = collect(agency.server, north, elsewhere, domain="north.agency.test",
                     visitor="mixed")
    assert answer["dropped"] == {"foreign_page": foreign}
    for n in range(bots):
        collect(agency.server, north, [page("north.agency.test", "/")],
                domain="north.agency.test", visitor=f"bot-{n}", ua=GOOGLEBOT)
    sign_in(instance, agency)
    instance.goto(agency.server.url + "/health")

    def figure(name: str) -> str:
        return (instance.text_content(f"[data-figure={name}] strong") or "").strip()

    assert figure("received") == str(good + foreign + bots)
    assert figure("kept") == str(good)
    assert figure("dropped") == str(foreign + bots)
    assert instance.text_content(".health-reasons [data-dropped=foreign_page]") == str(foreign)
    assert instance.text_content(".health-reasons [data-dropped=bot]") == str(bots)
    assert instance.text_content(".health-reasons [data-dropped=throttled]") == "0"
    assert figure("database") == "ok"
    # The minutes add up to the same counts.
    received = instance.eval_on_selector_all(
        ".health-minutes [data-value=received]", "els => els.map(e => +e.textContent)")
    assert sum(received) == good + foreign + bots
    bots_per_minute = instance.eval_on_selector_all(
        ".health-minutes [data-dropped=bot]", "els => els.map(e => +e.textContent)")
    assert sum(bots_per_minute) == bots
    # One worker reports, with its request latencies.
    assert instance.locator(".health-workers tbody tr").count() == 1
    assert "ms" in (instance.text_content(".health-workers [data-value=p95]") or "")
    shoot(instance, "pipeline-health.png", full_page=True)
    no_errors(page_log)


def test_the_health_page_is_for_organization_owners_only(
        board_page: Any, page_log: PageLog, agency: Agency) -> None:
    instance = board_page
    with database.connection_context():
        tenancy.add_member("viewer@agency.test", "viewer", password=PASSWORD,
                           organization=agency.orgs["one"])
    sign_in(instance, agency, "viewer@agency.test")
    assert instance.locator("nav a", has_text="Health").count() == 0
    response = instance.goto(agency.server.url + "/health")
    assert response.status == 403


def test_a_site_goes_from_never_seen_to_live_when_a_widget_page_opens(
        board_page: Any, page_log: PageLog, live_server: LiveServer, site: Site,
        storefront: Storefront, browser: Any) -> None:
    instance = board_page
    with database.connection_context():
        org = Site.get_by_id(site.id).organization
        other = tenancy.create_site(org, "Shop B", ["shop-b.test"], "UTC")
        tenancy.add_member(EMAIL, "owner", password=PASSWORD, organization=org)
    instance.goto(live_server.url + "/login")
    instance.fill("input[name=email]", EMAIL)
    instance.fill("input[name=password]", PASSWORD)
    instance.click("button[type=submit]")
    instance.goto(live_server.url + "/")

    def state(key: str) -> str:
        return instance.get_attribute(f".site-card[data-site='{key}']", "data-state") or ""

    assert state(site.public_key) == "never"
    card = f".site-card[data-site='{site.public_key}']"
    assert instance.text_content(f"{card} .state") == "Never seen"

    shopper = open_shop(browser, storefront, DESKTOP_UA)
    # Its page view stored, then the list is asked again.
    cookies = cookie_header(instance)

    def stored() -> bool:
        _, _, body = live_server.get_with("/api/overview", {"Cookie": cookies})
        return any(s["key"] == site.public_key and s["state"] == "live" and s["events"] == 1
                   for s in json.loads(body)["sites"])

    WidgetProbe(instance, page_log).wait_for(stored, timeout=30, what="the page view stored")
    instance.reload()
    assert state(site.public_key) == "live"
    assert instance.text_content(f"{card} .state") == "Live"
    assert instance.text_content(f"{card} .site-last-page") == "/widget.html"
    assert instance.text_content(f"{card} [data-value=events]") == "1"
    assert state(other.public_key) == "never"

    # Typing in the search box keeps the matching sites; ?q= does the same server side.
    instance.fill("#site-filter", "shop b")
    assert instance.locator(".site-list > li:not([hidden])").count() == 1
    instance.goto(live_server.url + "/?q=shop-b.test")
    keys = instance.eval_on_selector_all(".site-card", "els => els.map(e => e.dataset.site)")
    assert keys == [other.public_key]
    shopper.context.close()
    no_errors(page_log)
