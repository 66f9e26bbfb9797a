"""Product views, searches and Web Vitals checked at the edge: a bad property is 400
naming ``ev.<i>.p.<property>``, and a search's words are kept bounded and tidy."""

from __future__ import annotations

import pytest

from sitetracker.ingest.schemas import load_events

from ..beacons import post


@pytest.mark.parametrize(("event", "field"), [
    ({"n": "vital", "p": {"m": "FID", "v": 10}}, "ev.1.p.m"),
    ({"n": "vital", "p": {"v": 10}}, "ev.1.p.m"),
    ({"n": "vital", "p": {"m": "LCP"}}, "ev.1.p.v"),
    ({"n": "vital", "p": {"m": "LCP", "v": -1}}, "ev.1.p.v"),
    ({"n": "vital", "p": {"m": "LCP", "v": "1200"}}, "ev.1.p.v"),
    ({"n": "vital", "p": {"m": "LCP", "v": 600_001}}, "ev.1.p.v"),
    ({"n": "vital", "p": {"m": "CLS", "v": 101}}, "ev.1.p.v"),
    ({"n": "vital", "p": {"m": "LCP", "v": 1, "url": "x"}}, "ev.1.p.url"),
    ({"n": "view_item", "p": {"value": 3}}, "ev.1.p.product"),
    ({"n": "view_item", "p": {"product": "x" * 201}}, "ev.1.p.product"),
    ({"n": "view_item", "p": {"product": "Tee", "currency": "EURO"}}, "ev.1.p.currency"),
    ({"n": "view_item", "p": {"product": "Tee", "price": 3}}, "ev.1.p.price"),
    ({"n": "search", "p": {"results": 3}}, "ev.1.p.q"),
    ({"n": "search", "p": {"q": "q" * 101}}, "ev.1.p.q"),
    ({"n": "search", "p": {"q": "   "}}, "ev.1.p.q"),
    ({"n": "search", "p": {"q": "shirt", "results": -1}}, "ev.1.p.results"),
    ({"n": "search", "p": {"q": "shirt", "results": 2.5}}, "ev.1.p.results"),
    ({"n": "search", "p": {"q": "shirt\u0000"}}, "ev.1.p.q"),
    ({"n": "search", "p": {"q": "shirt\ud800"}}, "ev.1.p.q"),
])
def test_bad_properties_are_400_naming_the_property(app, client, world, event, field):
    response = post(client, world.site_a.public_key, [{"n": "pageview",
                                                       "u": "https://shop-a.test/"}, event])
    assert response.status_code == 400
    assert field in response.json["error"]["fields"], response.json


def test_good_properties_are_kept_and_a_search_is_tidied():
    [vital, cls, item, search] = load_events([
        {"n": "vital", "p": {"m": "LCP", "v": 2300}},
        {"n": "vital", "p": {"m": "CLS", "v": 0.05}},
        {"n": "view_item", "p": {"product": "Organic tee", "id": "8120", "value": 29.9,
                                 "currency": "eur"}},
        {"n": "search", "p": {"q": "  Linen   SHIRT ", "results": 0}},
    ])
    assert vital["p"] == {"m": "LCP", "v": 2300}
    assert cls["p"] == {"m": "CLS", "v": 0.05}
    assert item["p"] == {"product": "Organic tee", "id": "8120", "value": 29.9,
                         "currency": "EUR"}
    assert search["p"] == {"q": "linen shirt", "results": 0}
