"""The storefront widget in a real browser: loading, the live connection, privacy,
identity, the public API, and what it sends (docs/protocol.md)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import pytest

from .harness import PageLog, Storefront, WidgetProbe, free_port

DOMAIN_REFUSED = "this page's domain is not allowed for the site"

# Records every navigator.sendBeacon call in localStorage before passing it on, so that
# a test can read, from the next page, what a page sent while it was closing.
RECORD_BEACONS = """
(() => {
  const send = navigator.sendBeacon.bind(navigator);
  navigator.sendBeacon = (url, body) => {
    const sent = JSON.parse(localStorage.getItem("test_beacons") || "[]");
    sent.push({ url: String(url), body: String(body) });
    localStorage.setItem("test_beacons", JSON.stringify(sent));
    return send(url, body);
  };
})();
"""


def connect_auth(log: PageLog) -> list[dict[str, Any]]:
    """The ``auth`` of every Socket.IO CONNECT the page sent (``40/site/<key>,{...}``)."""
    return [json.loads(f.split(",", 1)[1]) for f in log.frames_sent if f.startswith("40/site/")]


def events_named(log: PageLog, name: str) -> list[dict[str, Any]]:
    return [event for event in log.sent_events() if event["n"] == name]


# -- loading ----------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["shop-a.test", "www.shop-a.test"])
def test_widget_connects_from_an_allowed_domain_without_errors(
    host: str, page: Any, page_log: PageLog, storefront: Storefront, widget: WidgetProbe,
    live_server: Any,
) -> None:
    url = storefront.url("widget.html", host=host)
    page.goto(url)
    state = widget.wait_connected()

    assert state["on"] is True
    assert page.evaluate("document.querySelector('script[data-site]').async") is True
    assert "connect" in page.evaluate("seen.map(([name]) => name)")
    # One websocket, straight to the Socket.IO path: no long-polling requests.
    assert page_log.websockets == [
        f"ws://st.test:{live_server.port}/socket.io/?EIO=4&transport=websocket"
    ]
    assert page_log.requests_to("/socket.io/") == []
    # The page's width comes along: its screen size class (docs/protocol.md, w).
    assert connect_auth(page_log) == [
        {"v": state["visitor"], "s": state["session"], "ret": 0,
         "w": page.evaluate("innerWidth")}
    ]
    pageview = widget.wait_for(lambda: events_named(page_log, "pageview"), what="a pageview")
    assert pageview == [{"n": "pageview", "u": url, "r": ""}]
    assert page_log.errors == []
    assert page_log.network_errors == []


def test_page_loads_even_when_the_server_is_unreachable(
    page: Any, page_log: PageLog, storefront: Storefront
) -> None:
    closed = f"http://st.test:{free_port()}"
    page.goto(storefront.url("widget.html", SERVER=closed), wait_until="load", timeout=10_000)

    assert page.evaluate("window.loaded") is True
    assert page.evaluate("document.querySelector('script[data-site]').async") is True
    assert page_log.page_errors == []
    assert page_log.network_errors  # the browser's own report of the failed script


def test_widget_is_refused_on_a_domain_the_site_does_not_list(
    page: Any, page_log: PageLog, storefront: Storefront, widget: WidgetProbe
) -> None:
    page.add_init_script(RECORD_BEACONS)
    page.goto(storefront.url("widget.html", host="elsewhere.test"))
    widget.wait_for(lambda: (widget.debug() or {}).get("refused"), what="the refusal")

    state = widget.debug() or {}
    assert state["refused"] == DOMAIN_REFUSED
    assert state["connected"] is False
    assert state["on"] is False  # beacons would be refused too: nothing more is sent
    assert page_log.warnings == [f"sitetracker: {DOMAIN_REFUSED}"]
    page.goto(storefront.url("no-widget.html", host="elsewhere.test"))  # the first closes
    assert page.evaluate("localStorage.getItem('test_beacons')") is None
    assert page_log.sent_events() == []
    assert page_log.errors == []


# -- privacy ------------------------------------------------------------------------------

GLOBAL_PRIVACY_CONTROL = """
Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true });
"""
OPTED_OUT = """
try { localStorage.setItem("st_optout", "1"); } catch (e) {}
"""


@pytest.mark.parametrize(
    ("page_name", "init_script"),
    [
        ("do-not-track.html", None),
        ("widget.html", GLOBAL_PRIVACY_CONTROL),
        ("widget.html", OPTED_OUT),
        ("queued-optout.html", None),
    ],
    ids=["do-not-track", "global-privacy-control", "opted-out-before", "opted-out-in-queue"],
)
def test_widget_sends_nothing_when_the_shopper_asked_not_to_be_tracked(
    page_name: str, init_script: str | None, page: Any, page_log: PageLog,
    storefront: Storefront, widget: WidgetProbe,
) -> None:
    if init_script:
        page.add_init_script(init_script)
    page.add_init_script(RECORD_BEACONS)
    page.goto(storefront.url(page_name))
    widget.wait_loaded()
    page.evaluate("sitetracker.track('ignored_while_off')")
    page.wait_for_timeout(500)
    page.goto(storefront.url("no-widget.html"))  # the first page closes

    assert page_log.websockets == []
    assert page_log.frames_sent == []
    assert page.evaluate("localStorage.getItem('test_beacons')") is None
    assert page.evaluate("localStorage.getItem('st_vid')") is None
    assert page_log.errors == []


# -- identity ---------------------------------------------------------------------------

def test_visitor_is_kept_and_returning_after_30_minutes_without_activity(
    page: Any, page_log: PageLog, storefront: Storefront, widget: WidgetProbe
) -> None:
    page.goto(storefront.url("widget.html"))
    first = widget.wait_connected()
    assert len(first["visitor"]) >= 16 and len(first["session"]) >= 16
    assert first["returning"] == 0

    page.reload()
    second = widget.wait_connected()
    assert (second["visitor"], second["session"], second["returning"]) == (
        first["visitor"], first["session"], 0,
    )

    page.evaluate("""() => {
      const session = JSON.parse(localStorage.getItem("st_ses"));
      session.t -= 31 * 60 * 1000;
      localStorage.setItem("st_ses", JSON.stringify(session));
    }""")
    page.reload()
    third = widget.wait_connected()
    assert third["visitor"] == first["visitor"]
    assert third["session"] != first["session"]
    assert third["returning"] == 1
    assert page.evaluate("localStorage.getItem('st_vid')") == first["visitor"]
    assert connect_auth(page_log)[-1] == {"v": first["visitor"], "s": third["session"], "ret": 1,
                                          "w": page.evaluate("innerWidth")}
    assert page_log.errors == []


# -- the public API ---------------------------------------------------------------------

def test_calls_queued_before_loading_are_replayed_after_the_pageview(
    page: Any, page_log: PageLog, storefront: Storefront, widget: WidgetProbe
) -> None:
    page.goto(storefront.url("queue.html"))
    widget.wait_connected()
    events = widget.wait_for(lambda: len(page_log.sent_events()) >= 3 and page_log.sent_events(),
                             what="the queued events")

    assert [event["n"] for event in events] == ["pageview", "newsletter_signup", "coupon_applied"]
    assert events[1]["p"] == {"list": "weekly", "first": True}
    assert events[2]["p"] == {"code": "SPRING", "amount": 5}
    assert page.evaluate("typeof sitetracker.track") == "function"
    assert page.evaluate("'q' in sitetracker") is False
    assert len(page_log.warnings) == 1 and "Not A Valid Name" in page_log.warnings[0]
    assert page_log.errors == []


def test_track_sends_custom_events_and_ignores_invalid_ones_with_one_warning(
    page: Any, page_log: PageLog, storefront: Storefront, widget: WidgetProbe
) -> None:
    page.goto(storefront.url("widget.html"))
    widget.wait_connected()
    page.evaluate("""() => {
      sitetracker.track("share", { network: "mastodon" });
      sitetracker("track", "add_to_cart", { sku: "sku-1", price: 19.9, qty: 2, gift: false });
      sitetracker.track("a".repeat(40));
      for (const name of ["Share", "1share", "share-it", "a".repeat(41), "pageview", "leave",
                          "", 42, null, undefined, {}]) {
        sitetracker.track(name);
      }
      sitetracker.track("bad_props", { nested: { a: 1 } });
      sitetracker.track("bad_props", [1, 2]);
      sitetracker.track("bad_props", "not an object");
      sitetracker.track("bad_props", { long: "x".repeat(501) });
      sitetracker.track("bad_props", { ["k".repeat(41)]: 1 });
      const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => ["k" + i, i]));
      sitetracker.track("bad_props", many);
      sitetracker.track("last_one");
    }""")
    widget.wait_for(lambda: events_named(page_log, "last_one"), what="the last event")

    custom = [event for event in page_log.sent_events() if event["n"] != "pageview"]
    assert custom == [
        {"n": "share", "p": {"network": "mastodon"}},
        {"n": "add_to_cart", "p": {"sku": "sku-1", "price": 19.9, "qty": 2, "gift": False}},
        {"n": "a" * 40, "p": {}},
        {"n": "last_one", "p": {}},
    ]
    assert len(page_log.warnings) == 1
    assert page_log.errors == []


def test_garbage_handed_to_the_api_never_throws_into_the_page(
    page: Any, page_log: PageLog, storefront: Storefront, widget: WidgetProbe
) -> None:
    page.goto(storefront.url("widget.html"))
    widget.wait_connected()
    thrown = page.evaluate("""() => {
      const thrown = [];
      const calls = [[], [null], [{}], [42], ["track", {}], ["track"], ["track", "x", []],
        ["track", "ok", { get boom() { throw new Error("boom"); } }],
        ["consent", "yes"], ["consent"], ["nope"], ["toString"], ["__proto__"],
        [Symbol("x")], ["debug", 1, 2], ["optin", {}]];
      for (const args of calls) {
        try { sitetracker(...args); } catch (e) { thrown.push(String(e)); }
      }
      try { sitetracker.track({}); sitetracker.track(); sitetracker.consent(); }
      catch (e) { thrown.push(String(e)); }
      return thrown;
    }""")
    assert thrown == []

    page.evaluate("sitetracker.track('still_working')")
    widget.wait_for(lambda: events_named(page_log, "still_working"), what="the widget to go on")
    assert page_log.page_errors == []
    assert page_log.errors == []


# -- what the widget sends ---------------------------------------------------------------

def test_clicks_on_marked_elements_send_their_event_and_props(
    page: Any, page_log: PageLog, storefront: Storefront, widget: WidgetProbe
) -> None:
    page.goto(storefront.url("custom-events.html"))
    widget.wait_connected()
    page.click("#share-label")  # inside the marked button
    page.click("#plain")
    page.click("#invalid")
    widget.wait_for(lambda: events_named(page_log, "share"), what="the share event")

    assert events_named(page_log, "share") == [
        {"n": "share", "p": {"network": "mastodon", "product-id": "sku-42"}}
    ]
    page.click("#size-guide")  # a link may unload the page: this one goes by beacon
    beacon = widget.wait_for(lambda: page_log.requests_to("/api/collect"), what="a beacon")[0]
    assert [event["n"] for event in json.loads(beacon["body"])["ev"]] == ["size_guide"]
    assert [event["n"] for event in page_log.sent_events()] == ["pageview", "share"]
    assert len(page_log.warnings) == 1 and "Bad Name" in page_log.warnings[0]
    assert page_log.errors == []


def test_history_navigation_sends_a_pageview_when_the_url_changes_without_the_hash(
    page: Any, page_log: PageLog, storefront: Storefront, widget: WidgetProbe
) -> None:
    start = storefront.url("spa.html")
    origin = start.rsplit("/", 1)[0]
    page.goto(start)
    widget.wait_connected()
    page.click("#product")  # pushState to a new path
    page.click("#tab")  # pushState to the same path with a hash: not a new page
    page.click("#filter")  # replaceState with a query
    page.go_back()  # popstate
    views = widget.wait_for(
        lambda: len(events_named(page_log, "pageview")) >= 4 and events_named(page_log, "pageview"),
        what="four pageviews",
    )

    product = f"{origin}/spa.html/products/blue-shoes"
    assert [(view["u"], view["r"]) for view in views] == [
        (start, ""),
        (product, start),
        (product + "?color=blue", product),
        (product, product + "?color=blue"),
    ]
    assert page_log.errors == []


def test_leaving_sends_engaged_seconds_by_beacon_when_the_tab_is_hidden(
    page: Any, page_log: PageLog, storefront: Storefront, widget: WidgetProbe
) -> None:
    page.goto(storefront.url("widget.html"))
    widget.wait_connected()
    page.mouse.move(20, 20)
    page.wait_for_timeout(2200)  # the ticker counts whole seconds while engaged
    page.evaluate("""() => {
      Object.defineProperty(document, "hidden", { value: true, configurable: true });
      document.dispatchEvent(new Event("visibilitychange"));
    }""")
    beacon = widget.wait_for(lambda: page_log.requests_to("/api/collect"), what="the beacon")[0]

    assert beacon["method"] == "POST"
    assert beacon["headers"]["content-type"].startswith("text/plain")
    state = widget.debug() or {}
    body = json.loads(beacon["body"])
    assert body["k"] == page.evaluate("document.querySelector('script[data-site]').dataset.site")
    assert (body["v"], body["s"], body["ret"]) == (state["visitor"], state["session"], 0)
    # Every engaged second is reported once: by `engage` while visible, the rest by `leave`.
    reported = sum(event["e"] for event in events_named(page_log, "engage"))
    assert state["engaged"] >= 2
    assert body["ev"] == [{"n": "leave", "e": state["engaged"] - reported}]
    assert page_log.errors == []


def test_closing_the_page_sends_leave_by_beacon(
    page: Any, page_log: PageLog, storefront: Storefront, widget: WidgetProbe
) -> None:
    page.add_init_script(RECORD_BEACONS)
    page.goto(storefront.url("widget.html"))
    state = widget.wait_connected()
    page.goto(storefront.url("no-widget.html"))  # the first page closes

    sent = page.evaluate("JSON.parse(localStorage.getItem('test_beacons') || '[]')")
    assert {urlsplit(beacon["url"]).path for beacon in sent} == {"/api/collect"}
    bodies = [json.loads(beacon["body"]) for beacon in sent]
    for body in bodies:
        assert (body["v"], body["s"]) == (state["visitor"], state["session"])
    # The core's one beacon, and the Web Vitals measured until the page hid (vitals.js).
    core = [body for body in bodies if body["ev"][0]["n"] != "vital"]
    assert [[event["n"] for event in body["ev"]] for body in core] == [["leave"]]
    vitals = [event for body in bodies for event in body["ev"] if event["n"] == "vital"]
    assert {event["p"]["m"] for event in vitals} >= {"LCP", "CLS", "FCP", "TTFB"}
    assert all(event["u"].endswith("/widget.html") for event in vitals)
    assert page_log.errors == []
