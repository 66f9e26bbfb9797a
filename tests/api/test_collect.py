"""POST /api/collect: beacons from pages, signed events from servers."""

from __future__ import annotations

import json
import time

import pytest

from sitetracker.auth import signing

from ..agents import CHROME, GOOGLEBOT, IPHONE
from ..beacons import beacon, live, pageviews


def test_beacon_pageview_counts_a_live_shopper_and_a_stored_page_view(app, client, world):
    response = beacon(client, world.site_a.public_key,
                      {"n": "pageview", "u": "https://shop-a.test/shoes?utm_source=news"})
    assert response.status_code == 202
    assert response.json == {"ok": 1, "dropped": {}}
    assert response.headers["Access-Control-Allow-Origin"] == "https://shop-a.test"
    snap = live(app, world.site_a)
    assert snap["users"] == 1 and snap["pages"] == [["/shoes", 1]]
    assert snap["referrers"] == [["news", 1]]
    assert pageviews(app, world.site_a) == 1


def test_phone_user_agent_is_counted_as_mobile(app, client, world):
    beacon(client, world.site_a.public_key, {"n": "pageview", "u": "https://shop-a.test/"},
           ua=IPHONE)
    assert live(app, world.site_a)["devices"]["mobile"] == 1


def test_bot_gets_202_but_is_never_counted(app, client, world):
    response = beacon(client, world.site_a.public_key,
                      {"n": "pageview", "u": "https://shop-a.test/"}, ua=GOOGLEBOT)
    assert response.status_code == 202
    assert response.json == {"ok": 0, "dropped": {"bot": 1}}
    assert live(app, world.site_a)["users"] == 0
    assert pageviews(app, world.site_a) == 0


def test_headless_browser_is_a_bot(app, client, world):
    ua = CHROME.replace("Chrome/", "HeadlessChrome/")
    response = beacon(client, world.site_a.public_key,
                      {"n": "pageview", "u": "https://shop-a.test/"}, ua=ua)
    assert response.json["dropped"] == {"bot": 1}


@pytest.mark.parametrize("origin", ["https://evil.test", None])
def test_page_on_a_domain_not_allowed_is_refused(app, client, world, origin):
    response = beacon(client, world.site_a.public_key,
                      {"n": "pageview", "u": "https://shop-a.test/"}, origin=origin)
    assert response.status_code == 403
    assert live(app, world.site_a)["users"] == 0


def test_unknown_site_key_is_404_naming_k(client, world):
    response = beacon(client, "ffffffffffffffff", {"n": "pageview", "u": "https://shop-a.test/"})
    assert response.status_code == 404
    assert "k" in response.json["error"]["fields"]


def test_event_for_a_page_of_another_domain_is_dropped(app, client, world):
    response = beacon(client, world.site_a.public_key,
                      {"n": "pageview", "u": "https://other-store.test/"})
    assert response.json == {"ok": 0, "dropped": {"foreign_page": 1}}


def test_signed_server_side_event_needs_no_origin(app, client, world):
    site = world.site_a
    body = json.dumps({"k": site.public_key, "v": "visitor-0009", "ev": {"n": "purchase"},
                       "ua": IPHONE}).encode()
    timestamp, nonce = str(int(time.time())), "nonce-" + "0" * 20
    signature = signing.sign(site.secret, timestamp, nonce, body)
    headers = {"X-SiteTracker-Timestamp": timestamp, "X-SiteTracker-Nonce": nonce}
    response = client.post("/api/collect", data=body,
                           headers={**headers, "X-SiteTracker-Signature": signature})
    assert response.status_code == 202 and response.json["ok"] == 1
    forged = client.post("/api/collect", data=body,
                         headers={**headers, "X-SiteTracker-Signature": "sha256=" + "0" * 64})
    assert forged.status_code == 403


def test_one_sites_beacon_never_reaches_another_site(app, client, world):
    beacon(client, world.site_a.public_key, {"n": "pageview", "u": "https://shop-a.test/"})
    assert live(app, world.site_b)["users"] == 0
    response = beacon(client, world.site_b.public_key,
                      {"n": "pageview", "u": "https://shop-a.test/"})
    assert response.status_code == 403


def test_leave_beacon_ends_a_beacon_only_shopper_after_the_grace(app, client, world):
    from sitetracker.live.state import DEPARTURE_GRACE

    tracking = app.extensions["sitetracker"]
    beacon(client, world.site_a.public_key, {"n": "pageview", "u": "https://shop-a.test/"})
    beacon(client, world.site_a.public_key, {"n": "leave", "e": 2})
    now = tracking.clock.now()
    assert tracking.live.snapshot(world.site_a.id, now + DEPARTURE_GRACE + 1, "UTC")["users"] == 0
