"""Sending events as a page does: HTTP beacons, and what the live state then says."""

from __future__ import annotations

import json

from sitetracker.db import database
from sitetracker.models import DailyCount

from .agents import CHROME


def beacon(client, key, events, *, origin="https://shop-a.test", ua=CHROME, visitor="visitor-0001",
           extra=None, headers=None):
    body = {"k": key, "v": visitor, "s": "session-0001", "ret": 0, "ev": events, **(extra or {})}
    all_headers = {"Origin": origin, "User-Agent": ua, "Content-Type": "text/plain",
                   **(headers or {})}
    if origin is None:
        del all_headers["Origin"]
    return client.post("/api/collect", data=json.dumps(body), headers=all_headers)


def live(app, site):
    tracking = app.extensions["sitetracker"]
    return tracking.snapshot(tracking.sites.by_key(site.public_key))


SHOPPER = {"v": "visitor-0001", "s": "session-0001", "ret": 0}


def snapshot(app, site):
    tracking = app.extensions["sitetracker"]
    return tracking.snapshot(tracking.sites.by_key(site.public_key))


def post(client, key, events):
    body = {"k": key, "v": "visitor-0001", "ev": events}
    return client.post("/api/collect", data=json.dumps(body), headers={
        "Origin": "https://shop-a.test", "User-Agent": CHROME, "Content-Type": "text/plain"})


def pageviews(app, site) -> float:
    app.extensions["sitetracker"].buffer.flush()
    with database.connection_context():
        row = DailyCount.get_or_none((DailyCount.site == site.id)
                                     & (DailyCount.metric == "pageviews"))
        return row.value if row else 0


def send(client, site, events, ua=CHROME, visitor="visitor-0001"):
    """A beacon of ``events`` from ``visitor``, which the server must take (202)."""
    body = {"k": site.public_key, "v": visitor, "s": "session-" + visitor[-4:], "ev": events}
    response = client.post("/api/collect", data=json.dumps(body),
                           headers={"Origin": "https://shop-a.test", "User-Agent": ua})
    assert response.status_code == 202, response.json
    return response
